"""Build the `public` dataset's seed files from the shared compilation of public figures.

Usage (from the repository root)::

    python data/seed/make_public_seed.py [path/to/public_figures.csv] [--out data/seed]

The input defaults to ``../shared/data/public_figures.csv`` relative to the repository root.
Every input row ends up in exactly one output file:

- ``observation_public.csv``   numeric province values for a catalogue indicator, with a year
- ``national_observation.csv`` numeric whole-kingdom ("Thailand") values for a catalogue indicator
- ``context_observation.csv``  numeric values that are not catalogue indicators (population,
                               GPP totals, forest area, HAI values, external SDG Index scores...)
- ``finding.csv``              ranks, list positions, text statements, values the source did not
                               print ("-"), indicator values without a year, and area-level rows
- ``source.csv``               one row per distinct source URL, plus the demo generator

Mapping is explicit: an unknown indicator label, area name or source URL stops the script, so a
new row in the input forces a reviewed decision here rather than a silent guess.
"""

from __future__ import annotations

import argparse
import csv
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_INPUT = REPO_ROOT.parent / "shared" / "data" / "public_figures.csv"
DEFAULT_OUT = Path(__file__).resolve().parent
DATASET = "public"

# English province names used in the input -> ISO 3166-2 code.
PROVINCES: dict[str, str] = {
    "Bangkok": "TH-10",
    "Chiang Mai": "TH-50",
    "Chiang Rai": "TH-57",
    "Khon Kaen": "TH-40",  # benchmark, not a pilot
    "Mae Hong Son": "TH-58",
    "Nakhon Ratchasima": "TH-30",
    "Narathiwat": "TH-96",
    "Nong Bua Lam Phu": "TH-39",  # benchmark, not a pilot
    "Pattani": "TH-94",
    "Phetchaburi": "TH-76",
    "Phuket": "TH-83",
    "Songkhla": "TH-90",
    "Surat Thani": "TH-84",
    "Tak": "TH-63",
    "Ubon Ratchathani": "TH-34",
    "Udon Thani": "TH-41",
    "Yala": "TH-95",
}
NATIONAL = "Thailand"
# Areas that are neither a province nor the kingdom: their rows can only be findings.
AREAS = {"ALL (15 pilot provinces)", "Northeast region"}

# Input indicator label -> (indicator_id, disaggregation). Other price bases than current
# market prices get their own disaggregation so they are never scored against current prices.
INDICATORS: dict[str, tuple[str, str]] = {
    "Poverty headcount ratio": ("pov_headcount", ""),
    "Poverty headcount ratio (expenditure-based)": ("pov_headcount", ""),
    "TPMAP targeted poor (MPI) - share of provincial (surveyed) population": ("pov_mpi_share", ""),
    "Stunting, children under 5 (MICS5 provincial)": ("stunting_u5", ""),
    "Stunting, children under 5 (MICS6 17-province report)": ("stunting_u5", ""),
    "Adolescent birth rate (MICS5 provincial)": ("adolescent_birth", ""),
    "GPP per capita (current market prices)": ("gpp_per_capita", ""),
    "GPP per capita (chain volume, ref. year 2002)": ("gpp_per_capita", "price_basis=chain_2002"),
    "GPP per capita (1988 prices)": ("gpp_per_capita", "price_basis=1988"),
    "GDP per capita (chain volume, ref. year 2002)": ("gpp_per_capita", "price_basis=chain_2002"),
    "Forest cover share of province area": ("forest_cover", ""),
    "Forest cover share of land area": ("forest_cover", ""),
}
# Indicators whose published figure only stands in for the global SDG indicator
# (8.1.1 is the growth rate of real GDP per capita, not its level).
PROXY_INDICATORS = {"gpp_per_capita"}

# Numeric labels that are not catalogue indicators -> context_observation.
CONTEXT_MEASURES = {
    "Population (registration record)",
    "Gross provincial product (current market prices)",
    "Gross provincial product (chain volume, ref. year 2002)",
    "Gross provincial product (1988 prices)",
    "GDP (chain volume, ref. year 2002)",
    "Forest area",
    "Human Achievement Index (NESDC)",
    "TPMAP targeted poor (MPI) - number of people",
    "Provincial SDG Index (SDG Move/Area Need 3) - overall score",
    "Provincial SDG Index (SDG Move/Area Need 3) - average of provinces",
    "Provincial SDG Index (preliminary) - overall score",
}

# Labels that are ranks, list positions or statements -> finding, numeric or not.
FINDING_TOPICS = {
    "Provincial SDG Index (SDG Move/Area Need 3) - national rank",
    "Provincial SDG Index (preliminary) - Northeast regional position",
    "Provincial SDG Index (preliminary) - Deep South regional position",
    "Provincial SDG Index (preliminary) - goals flagged high-risk for the region",
    "Poverty headcount ratio - national rank (highest = 1)",
    "Poverty headcount ratio - position in NESDC top-10 highest list",
    "Poverty headcount ratio - in NESDC top-10 highest list",
    "Years ranked in top-5 poorest provinces (consecutive)",
    "Human Achievement Index (NESDC) - national position",
}
FINDING_PREFIXES = ("SDG Profile monitoring finding - ", "SDG Profiles common theme - ")

NSO = "National Statistical Office (NSO)"
NESDC = "Office of the National Economic and Social Development Council (NESDC)"
# Source URL -> (source_id, title, publisher); titles follow the page or the row notes.
SOURCES: dict[str, tuple[str, str, str]] = {
    "http://chm-thai.onep.go.th/chm/ForestBio/Complexes-forest-area-provin.html": (
        "onep_chm_forest_2009",
        "ONEP Clearing-House Mechanism: forest area by province, 2009 (citing Royal Forest Department)",
        "Office of Natural Resources and Environmental Policy and Planning (ONEP)",
    ),
    "http://mics.unicef.org/news_entries/96/INEQUITY-IS-AT-THE-HEART-OF-A-SERIES-OF-THAILAND-MICS-REPORTS": (
        "unicef_mics5_thailand",
        "Inequity is at the heart of a series of Thailand MICS reports (MICS5 2015-2016)",
        "UNICEF (MICS programme)",
    ),
    "https://dumps.wikimedia.org/other/static_html_dumps/November_2006/th/wikipedia-th-html.7z": (
        "wikipedia_th_dump_2006",
        "Thai Wikipedia static HTML dump, November 2006: province articles' population tables (citing DOPA)",
        "Wikimedia Foundation (secondary)",
    ),
    "https://editors.spacebar.th/social/sustainability-thailand-provincial-sdgs-index": (
        "spacebar_provincial_sdg_index_2025",
        "Thailand Provincial SDG Index 2025 (SDG Move / Area Need 3) - news report",
        "Spacebar",
    ),
    "https://eeas.eu.com/delegations/thailand/15-sdg-provincial-profiles-launched-promote-local-actions-sdgs_en?page_lang=en": (
        "eeas_sdg_profiles_launch_2024",
        "15 SDG provincial profiles launched to promote local actions on SDGs",
        "EU Delegation to Thailand (EEAS)",
    ),
    "https://exclusive.postjung.com/1664337": (
        "postjung_pattani_poverty_2023",
        "Pattani has the highest poverty headcount ratio in 2023 (citing NSO SES processed by NESDC)",
        "Postjung (secondary)",
    ),
    "https://isranews.org/content-page/item/61094-pregress.html": (
        "isranews_hai_2017",
        "Human Achievement Index 2017: provincial placings - news report",
        "Isra News Agency",
    ),
    "https://kindconnext.com/?p=9106": (
        "kindconnext_forest_cover_2019",
        "Provinces with the highest forest cover, 2018-2019 (citing the forest land management office)",
        "KindConnext (secondary)",
    ),
    "https://komchadluek.net/news/economic/590115": (
        "komchadluek_nesdc_poverty_2023",
        "NESDC poverty and inequality report 2023 (published 25 Oct 2024) - news report",
        "Komchadluek",
    ),
    "https://moe360.blog/2023/01/25/thai-population-2565/": (
        "moe360_dopa_population_2022",
        "Registered population at 31 Dec 2022 (DOPA announcement, Royal Gazette 23 Jan 2023)",
        "moe360.blog (secondary, citing DOPA)",
    ),
    "https://nationthailand.com/in-focus/40012451": (
        "nation_tpmap_poor",
        "TPMAP targeted poor by province - news report",
        "Nation Thailand",
    ),
    "https://nationthailand.com/thailand/40033884": (
        "nation_bridging_the_gap_2023",
        "NESDC/World Bank 'Bridging the Gap' summit on provincial poverty - news report",
        "Nation Thailand",
    ),
    "https://nso.go.th/public/e-book/Bulletin-of-Statistics/bulletin-1-63/files/assets/basic-html/page32.html": (
        "nso_bulletin_2020q1_t1_1",
        "NSO Quarterly Bulletin of Statistics Q1/2020, Table 1.1",
        NSO,
    ),
    "https://nso.go.th/public/e-book/Bulletin-of-Statistics/bulletin-4-65/32": (
        "nso_bulletin_2022q4_t1_1",
        "NSO Quarterly Bulletin of Statistics Q4/2022, Table 1.1",
        NSO,
    ),
    "https://nso.go.th/public/e-book/Indicators-Social/Social%20Indicators-2556/files/assets/basic-html/page101.html": (
        "nso_social_indicators_2013_t1_2_3",
        "NSO Social Indicators 2013, Table 1.2.3",
        NSO,
    ),
    "https://nso.go.th/public/e-book/Indicators-Social/Social%20Indicators-2564/114": (
        "nso_social_indicators_2021_t1_2_3",
        "NSO Social Indicators 2021, Table 1.2.3",
        NSO,
    ),
    "https://nso.go.th/public/e-book/Indicators-Thailand/Thailand-Indicators-2555/files/assets/basic-html/page65.html": (
        "nso_thailand_indicators_2012_p65",
        "NSO Thailand Indicators 2012, p.65: poorest provinces 2010 (SES, processed by NESDC)",
        NSO,
    ),
    "https://nso.go.th/public/e-book/Other-Publications/Province-Explorer-2556/files/assets/basic-html/page7.html": (
        "nso_province_explorer_2013_p7",
        "NSO Province Explorer 2013, p.7: registered population (source DOPA)",
        NSO,
    ),
    "https://nso.go.th/public/e-book/Other-Publications/provExplo55/files/assets/basic-html/page62.html": (
        "nso_province_explorer_2012_p62",
        "NSO Province Explorer 2012, p.62: poverty headcount ratio (source NESDC)",
        NSO,
    ),
    "https://nso.go.th/public/e-book/Statistical-Yearbook/SYB-2016/356": (
        "nso_syb_2016_t10_14",
        "NSO Statistical Yearbook 2016, Table 10.14",
        NSO,
    ),
    "https://nso.go.th/public/e-book/Statistical-Yearbook/SYB-2023/347": (
        "nso_syb_2023_t10_15",
        "NSO Statistical Yearbook 2023, Table 10.15",
        NSO,
    ),
    "https://nso.go.th/public/e-book/Statistical-Yearbook/SYB-2547/files/assets/basic-html/page220.html": (
        "nso_syb_2004_t9_11",
        "NSO Statistical Yearbook 2004, Table 9.11",
        NSO,
    ),
    "https://sdgs.snru.ac.th/sustainable-development-movement-in-the-northeast-a-case-study-of-area-need-3": (
        "snru_area_need3_northeast_2025",
        "Sustainable development movement in the Northeast: a case study of Area Need 3 (workshop 26 Feb 2025)",
        "Sakon Nakhon Rajabhat University",
    ),
    "https://undp.org/thailand/press-releases/robust-progress-towards-sdg-localization-tak": (
        "undp_tak_monitoring_2024",
        "Robust progress towards SDG localization in Tak (monitoring visit 24 May 2024)",
        "UNDP Thailand",
    ),
    "https://www.faqthai.org/2022/06/highest-forrest-area.html": (
        "faqthai_forest_area_2022",
        "20 provinces with the largest forest area (page dated June 2022)",
        "FAQThai (secondary)",
    ),
    "https://www.naewna.com/local/868439": (
        "naewna_deep_south_sdg_index_2025",
        "SDG Move / PSU Deep South Provincial SDG Index workshop (12 Mar 2025) - news report",
        "Naewna",
    ),
    "https://www.nationthailand.com/news/general/40055678": (
        "nation_nesdc_poverty_2024",
        "NESDC poverty figures 2024 - news report",
        "Nation Thailand",
    ),
    "https://www.nesdc.go.th/ebook/NESDCReport66/files/basic-html/page127.html": (
        "nesdc_report_2023_p127",
        "NESDC report 2023 (NESDCReport66), p.127: Human Achievement Index 2022",
        NESDC,
    ),
    "https://www.nso.go.th/public/e-book/Indicators-Social/Social-Indicators-2025/133": (
        "nso_social_indicators_2025_t1_2_3",
        "NSO Social Indicators 2025, Table 1.2.3",
        NSO,
    ),
    "https://www.nso.go.th/public/e-book/Statistical-Yearbook/SYB-2012/418-419": (
        "nso_syb_2012_t9_13",
        "NSO Statistical Yearbook 2012, Table 9.13",
        NSO,
    ),
    "https://www.oananews.org/node/594426": (
        "oananews_mics6_far_south_2021",
        "NSO/UNICEF MICS6 17-province report: children in the far south lag behind (31 Mar 2021) - news report",
        "OANA News",
    ),
}
DEMO_SOURCE = (
    "demo_generator",
    "Synthetic demonstration values (lib/store/demo.py, seed 2030)",
    "SDG dashboard project",
    None,
)

NO_VALUE = "-"
APPROX = re.compile(r"about (\d+(?:\.\d+)?)")
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")

COLUMNS = {
    "source": ["source_id", "title", "publisher", "url"],
    "observation": [
        "dataset",
        "indicator_id",
        "province_code",
        "year",
        "disaggregation",
        "value",
        "source_id",
        "provisional",
        "estimated",
        "proxy",
        "note",
    ],
    "national_observation": ["dataset", "indicator_id", "year", "disaggregation", "value", "source_id", "note"],
    "context_observation": ["province_code", "area_label", "measure", "year", "value", "unit", "source_id", "note"],
    "finding": [
        "finding_id",
        "province_code",
        "area_label",
        "goals",
        "year",
        "topic",
        "statement",
        "unit",
        "source_id",
        "note",
    ],
}


@dataclass(frozen=True)
class Row:
    """One input row, with its area resolved."""

    area: str
    indicator: str
    goals: str
    year: int | None
    value: str
    unit: str
    url: str
    note: str

    @property
    def province_code(self) -> str | None:
        return PROVINCES.get(self.area)

    @property
    def source_id(self) -> str:
        return SOURCES[self.url][0]


def read_rows(path: Path) -> list[Row]:
    """Read the input and check every area, URL and label is one this script knows."""
    with path.open(encoding="utf-8", newline="") as f:
        raw = list(csv.DictReader(f))
    rows = []
    for r in raw:
        area = r["province_en"].strip()
        if area not in PROVINCES and area != NATIONAL and area not in AREAS:
            raise ValueError(f"unknown area {area!r}: add it to PROVINCES or AREAS")
        if r["source_url"] not in SOURCES:
            raise ValueError(f"unknown source URL {r['source_url']!r}: add it to SOURCES")
        label = r["indicator"].strip()
        known = (
            label in INDICATORS
            or label in CONTEXT_MEASURES
            or label in FINDING_TOPICS
            or label.startswith(FINDING_PREFIXES)
        )
        if not known:
            raise ValueError(f"unknown indicator label {label!r}: map it in this script")
        year = int(r["year"]) if r["year"].strip() else None
        rows.append(
            Row(
                area,
                label,
                r["sdg_goal"].strip(),
                year,
                r["value"].strip(),
                r["unit"].strip(),
                r["source_url"],
                r["note"].strip(),
            )
        )
    return rows


def number(text: str) -> float | None:
    """The value as a number, or None if the cell is not a plain number."""
    return float(text) if NUMBER.fullmatch(text) else None


def provisional(row: Row, rows: list[Row]) -> bool:
    """True when the source marks this row's year as preliminary.

    The yearbooks flag preliminary years on the GPP total rows ("2021 preliminary",
    "p = preliminary" on that year's row); the per-capita row of the same table, area and
    year inherits the flag.
    """
    same_table = [r for r in rows if r.url == row.url and r.area == row.area]
    if any(f"{row.year} preliminary" in r.note for r in same_table):
        return True
    return any("p = preliminary" in r.note for r in same_table if r.year == row.year)


def finding(row: Row, statement: str, note: str | None = None) -> dict:
    return {
        "province_code": row.province_code,
        "area_label": row.area,
        "goals": row.goals,
        "year": row.year,
        "topic": row.indicator,
        "statement": statement,
        "unit": row.unit,
        "source_id": row.source_id,
        "note": note if note is not None else row.note,
    }


def classify(rows: list[Row]) -> dict[str, list[dict]]:
    """Route every input row to exactly one output table."""
    out: dict[str, list[dict]] = {k: [] for k in COLUMNS if k != "source"}
    for row in rows:
        value = number(row.value)
        approx = APPROX.fullmatch(row.value)
        if row.indicator in INDICATORS:
            indicator_id, disaggregation = INDICATORS[row.indicator]
            if row.value == NO_VALUE:
                out["finding"].append(finding(row, "no value printed in source"))
                continue
            estimated = approx is not None
            if estimated:
                value = float(approx.group(1))
            if value is None:
                raise ValueError(f"unparseable value {row.value!r} for {row.indicator!r}")
            if row.year is None or row.area in AREAS:
                out["finding"].append(
                    finding(
                        row,
                        row.value,
                        f"{row.note}; maps to indicator {indicator_id} but "
                        + ("the source states no year" if row.year is None else "is not about one province"),
                    )
                )
                continue
            note = row.note
            if estimated:
                note += f"; value printed as '{row.value}', recorded as {approx.group(1)} (estimated)"
            if row.area == NATIONAL:
                out["national_observation"].append(
                    {
                        "dataset": DATASET,
                        "indicator_id": indicator_id,
                        "year": row.year,
                        "disaggregation": disaggregation,
                        "value": value,
                        "source_id": row.source_id,
                        "note": note,
                    }
                )
                continue
            is_provisional = provisional(row, rows)
            if is_provisional and "preliminary" not in row.note:
                note += "; provisional: the source marks this year as preliminary"
            out["observation"].append(
                {
                    "dataset": DATASET,
                    "indicator_id": indicator_id,
                    "province_code": row.province_code,
                    "year": row.year,
                    "disaggregation": disaggregation,
                    "value": value,
                    "source_id": row.source_id,
                    "provisional": is_provisional,
                    "estimated": estimated,
                    "proxy": indicator_id in PROXY_INDICATORS,
                    "note": note,
                }
            )
        elif row.indicator in CONTEXT_MEASURES and value is not None:
            if row.area in AREAS:
                raise ValueError(f"context value for a non-province area: {row}")
            out["context_observation"].append(
                {
                    "province_code": row.province_code,
                    "area_label": row.area,
                    "measure": row.indicator,
                    "year": row.year,
                    "value": value,
                    "unit": row.unit,
                    "source_id": row.source_id,
                    "note": row.note,
                }
            )
        else:
            out["finding"].append(finding(row, row.value))
    return out


def sort_and_number(tables: dict[str, list[dict]]) -> None:
    """Sort each table by its key (findings get ids in that order) and check keys are unique."""
    tables["observation"].sort(
        key=lambda r: (r["dataset"], r["indicator_id"], r["province_code"], r["year"], r["disaggregation"])
    )
    tables["national_observation"].sort(key=lambda r: (r["dataset"], r["indicator_id"], r["year"], r["disaggregation"]))

    def area_key(r: dict) -> tuple:
        """Provinces by code first, then the kingdom and other areas by label."""
        return (r["province_code"] is None, r["province_code"] or "", r["area_label"])

    tables["context_observation"].sort(
        key=lambda r: (*area_key(r), r["measure"], r["year"] or 0, r["unit"], r["source_id"])
    )
    tables["finding"].sort(key=lambda r: (*area_key(r), r["topic"], r["year"] or 0, r["source_id"]))
    for i, r in enumerate(tables["finding"], start=1):
        r["finding_id"] = i
    for name, key in (
        ("observation", COLUMNS["observation"][:5]),
        ("national_observation", COLUMNS["national_observation"][:4]),
    ):
        dup = [k for k, n in Counter(tuple(r[c] for c in key) for r in tables[name]).items() if n > 1]
        if dup:
            raise ValueError(f"duplicate {name} keys: {dup}")


def cell(value: object) -> str:
    """CSV cell: empty for NULL, true/false for booleans, integers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(columns)
        w.writerows([cell(r[c]) for c in columns] for r in rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "input",
        nargs="?",
        type=Path,
        default=DEFAULT_INPUT,
        help="public_figures.csv (default: ../shared/data/ from the repo root)",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="seed directory")
    args = parser.parse_args(argv)

    rows = read_rows(args.input)
    tables = classify(rows)
    sort_and_number(tables)
    assert sum(len(t) for t in tables.values()) == len(rows), "every input row goes to one table"

    used = {r.url for r in rows}
    sources = [dict(zip(COLUMNS["source"], (*SOURCES[url], url))) for url in sorted(used)]
    sources.append(dict(zip(COLUMNS["source"], DEMO_SOURCE)))
    sources.sort(key=lambda r: r["source_id"])

    files = {
        "source.csv": ("source", sources),
        "observation_public.csv": ("observation", tables["observation"]),
        "national_observation.csv": ("national_observation", tables["national_observation"]),
        "context_observation.csv": ("context_observation", tables["context_observation"]),
        "finding.csv": ("finding", tables["finding"]),
    }
    for filename, (table, data) in files.items():
        write_csv(args.out / filename, COLUMNS[table], data)
        print(f"{filename}: {len(data)} rows")


if __name__ == "__main__":
    main()
