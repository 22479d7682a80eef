"""Consistency between sources: queries.consistency on the built database (the GPP
vintage/denominator pairs, the old-method poverty pairs, NESDC's population beside DOPA's), the
display table and the CSV."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from lib import exports
from lib.core.paths import DATA_DIR
from lib.i18n import t
from lib.store import queries
from lib.views import consistency as view

GPP, POV = "gpp_per_capita", "pov_headcount"
NSO_YEARBOOK, GPP_COMPUTED = "nso_syb_2016_t10_14", "src_nesdc_gpp_per_capita_2013_2020"
NESDC_T33, NSO_IND_2012 = "src_nesdc_poverty_t33_total", "nso_thailand_indicators_2012_p65"
DOPA_POP, NESDC_POP = "src_dopa_population_2014_2024", "src_nesdc_population_2019_2023"


@pytest.fixture()
def pairs(con) -> pd.DataFrame:
    return queries.consistency(con, "public")


def _pair(pairs: pd.DataFrame, indicator: str, code: str, year: int) -> pd.Series:
    hit = pairs.loc[(pairs["indicator_id"] == indicator) & (pairs["province_code"] == code) & (pairs["year"] == year)]
    assert len(hit) == 1, (indicator, code, year)
    return hit.iloc[0]


@pytest.mark.parametrize(("code", "year"), [("TH-83", 2013), ("TH-83", 2014), ("TH-84", 2013)])
def test_gpp_pairs_keep_the_yearbook(pairs: pd.DataFrame, code: str, year: int) -> None:
    p = _pair(pairs, GPP, code, year)
    assert p["kept_source_id"] == NSO_YEARBOOK and p["other_source_id"] == GPP_COMPUTED
    assert p["kept_url"].startswith("https://") and p["other_url"].startswith("https://")
    assert p["disaggregation"] == "" and bool(p["differs"])
    assert p["rel_diff"] == pytest.approx((p["other_value"] - p["kept_value"]) / abs(p["kept_value"]))


def test_gpp_phuket_2013_values(pairs: pd.DataFrame) -> None:
    p = _pair(pairs, GPP, "TH-83", 2013)
    assert p["kept_value"] == pytest.approx(251_144)
    assert p["other_value"] == pytest.approx(373_992, abs=1)
    assert p["rel_diff"] == pytest.approx(0.489, abs=0.001)
    assert p["kept_title"] and p["kept_publisher"] and p["other_title"] and p["other_publisher"]


def test_poverty_pairs_keep_nesdc_table_3_3(pairs: pd.DataFrame) -> None:
    p = _pair(pairs, POV, "TH-58", 2010)
    assert p["kept_source_id"] == NESDC_T33 and p["other_source_id"] == NSO_IND_2012
    assert p["kept_value"] == pytest.approx(72.28, abs=0.01) and p["other_value"] == pytest.approx(59.77)
    assert bool(p["differs"]) and p["rel_diff"] < 0
    pov = pairs.loc[pairs["indicator_id"] == POV]
    assert len(pov) > 1 and (pov["kept_source_id"] == NESDC_T33).all() and pov["differs"].all()


def test_population_pairs_nesdc_beside_dopa(pairs: pd.DataFrame) -> None:
    """NESDC's provincial-accounts population (thousand persons, 2019-2023) beside DOPA's
    registration (used): every province and year both give is a pair; values from the raw files."""
    pop = pairs.loc[pairs["indicator_id"].isna()]
    assert len(pop) == 77 * 5 and set(pop["year"]) == set(range(2019, 2024))
    assert (pop["kept_source_id"] == DOPA_POP).all() and (pop["other_source_id"] == NESDC_POP).all()
    assert set(pop["measure_en"]) == {"Population"} and set(pop["unit_en"]) == {"persons"}
    raw = json.loads((DATA_DIR / "raw/nesdc_gpp_2019_2023/nesdc_gpp_extract.json").read_text(encoding="utf-8"))
    sakhon = next(r for r in raw["rows"] if r[0] == "SAMUT SAKHON")
    p = pop.loc[(pop["province_code"] == "TH-74") & (pop["year"] == 2023)].iloc[0]
    assert p["other_value"] == pytest.approx(sakhon[10] * 1000)
    assert p["kept_value"] == 592_033  # DOPA pop_2023.xlsx, registered population at 31 December
    assert bool(p["differs"]) and p["rel_diff"] == pytest.approx(0.855, abs=0.001)  # registered vs resident
    assert pop["differs"].sum() > 300, "most provinces differ by more than 1 %"


def test_pairs_match_the_tables(con, pairs: pd.DataFrame) -> None:
    """Every superseded value of the dataset is one pair, and the kept value is what is shown."""
    n = con.execute("SELECT count(*) FROM observation_superseded WHERE dataset = 'public'").fetchone()[0]
    ind = pairs.loc[pairs["indicator_id"].notna()]
    assert len(ind) == n > 0
    shown = queries.observations(con, "public").set_index(["indicator_id", "province_code", "year", "disaggregation"])
    for r in ind.itertuples():
        row = shown.loc[(r.indicator_id, r.province_code, r.year, r.disaggregation)]
        assert row["value"] == r.kept_value and row["source_id"] == r.kept_source_id
    assert pairs["rel_diff"].abs().is_monotonic_decreasing, "largest difference first"
    assert queries.consistency(con, "demo").empty


def _frame(rel: list[float | None]) -> pd.DataFrame:
    n = len(rel)
    kept = [100.0] * n
    other = [100.0 * (1 + (r or 0)) for r in rel]
    return pd.DataFrame(
        {
            "indicator_id": [POV] * n,
            "province_code": ["TH-58"] * n,
            "year": list(range(2010, 2010 + n)),
            "disaggregation": [""] * n,
            "measure_th": [None] * n,
            "measure_en": [None] * n,
            "unit_th": [None] * n,
            "unit_en": [None] * n,
            "kept_value": kept,
            "kept_source_id": ["a"] * n,
            "kept_title": ["A"] * n,
            "kept_publisher": ["PA"] * n,
            "kept_url": ["https://a.example"] * n,
            "other_value": other,
            "other_source_id": ["b"] * n,
            "other_title": ["B"] * n,
            "other_publisher": ["PB"] * n,
            "other_url": ["https://b.example"] * n,
            "rel_diff": rel,
            "differs": [r is None or abs(r) > queries.CONSISTENCY_TOLERANCE for r in rel],
        }
    )


def test_summary_and_default_filter(con) -> None:
    inds, provs = queries.indicators(con), queries.provinces(con)
    pairs = _frame([0.005, -0.3, 0.0, 0.02])
    s = view.summary(pairs)
    assert (s.n_pairs, s.n_differ, s.n_agree) == (4, 2, 2)
    shown = view.report(pairs, inds, provs, "en")
    assert shown[t("cons_col_diff", "en")].tolist() == [-30.0, 2.0], "only differing pairs, largest first"
    every = view.report(pairs, inds, provs, "en", include_agreeing=True)
    assert len(every) == 4 and every[t("cons_col_diff", "en")].tolist() == [-30.0, 2.0, 0.5, 0.0]
    assert view.summary(pairs.iloc[:0]) == view.Summary(0, 0, 0)
    assert view.report(pairs.iloc[:0], inds, provs, "th").empty


def test_report_thai(con, pairs: pd.DataFrame) -> None:
    inds, provs = queries.indicators(con), queries.provinces(con)
    th = view.report(pairs, inds, provs, "th")
    assert len(th) == view.summary(pairs).n_differ <= len(pairs)  # pairs within 1 % are counted, not listed
    assert t("col_demo", "th") not in th.columns
    row = th.loc[(th[t("col_province", "th")] == "แม่ฮ่องสอน") & (th[t("col_year", "th")] == "2553")]
    assert len(row) == 1, "B.E. years in Thai"
    r = row.iloc[0]
    assert r[t("col_indicator", "th")] == inds.set_index("indicator_id").at[POV, "name_th"]
    assert r[t("cons_col_shown", "th")] == "72.28 ร้อยละของประชากร"
    assert r[t("cons_col_other", "th")] == "59.77 ร้อยละของประชากร"
    assert r[t("cons_col_diff", "th")] == pytest.approx(-17.3)
    phuket = th.loc[(th[t("col_province", "th")] == "ภูเก็ต") & (th[t("col_year", "th")] == "2556")].iloc[0]
    assert phuket[t("cons_col_shown", "th")] == "251,144 บาทต่อคนต่อปี"
    assert phuket[t("cons_col_other", "th")] == "373,992 บาทต่อคนต่อปี"
    assert th[t("cons_col_diff", "th")].abs().is_monotonic_decreasing
    sakhon = th.loc[(th[t("col_province", "th")] == "สมุทรสาคร") & (th[t("col_year", "th")] == "2566")].iloc[0]
    assert sakhon[t("col_indicator", "th")] == "ประชากร" and sakhon[t("cons_col_shown", "th")] == "592,033 คน"
    en = view.report(pairs, inds, provs, "en")
    assert set(en[t("col_year", "en")]) >= {"2010", "2013"} and "Phuket" in set(en[t("col_province", "en")])
    assert "Population" in set(en[t("col_indicator", "en")])


@pytest.mark.parametrize("lang", ["th", "en"])
def test_csv_round_trip(con, pairs: pd.DataFrame, lang: str) -> None:
    inds, provs = queries.indicators(con), queries.provinces(con)
    data = exports.csv_bytes(view.export_frame(pairs, inds, provs, lang))
    assert data.startswith(exports.BOM)
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)
    assert len(back) == len(pairs)
    assert (t("cons_csv_year_be", lang) in back.columns) == (lang == "th")
    key = [t("cons_csv_indicator_id", lang), t("cons_csv_province_code", lang), t("cons_csv_year_ce", lang)]
    row = back.set_index(key).loc[(GPP, "TH-83", 2013)]
    assert row[t("cons_csv_shown_id", lang)] == NSO_YEARBOOK and row[t("cons_csv_other_id", lang)] == GPP_COMPUTED
    assert row[t("cons_col_shown_link", lang)].startswith("https://")
    assert row[t("cons_col_other_link", lang)].startswith("https://")
    p = _pair(pairs, GPP, "TH-83", 2013)
    assert row[t("cons_col_other", lang)] == pytest.approx(p["other_value"], rel=1e-12), "values not rounded"
    assert row[t("cons_col_diff", lang)] == pytest.approx(100 * p["rel_diff"], rel=1e-12)
    assert str(row[t("cons_csv_differs", lang, tol=view.TOL_PCT)]) == "True"
    if lang == "th":
        assert row[t("cons_csv_year_be", lang)] == 2556 and row[t("col_province", lang)] == "ภูเก็ต"
    assert set(back[t("cons_csv_shown_id", lang)]) | set(back[t("cons_csv_other_id", lang)]) >= {
        NSO_YEARBOOK,
        GPP_COMPUTED,
        NESDC_T33,
        NSO_IND_2012,
    }


def test_file_name() -> None:
    assert view.file_name("public", False, "th") == "sdg_consistency_public_th.csv"
    assert view.file_name("demo", True, "en") == "sdg_consistency_demo_DEMO-not-official_en.csv"
    assert view.file_name("กระทรวง x", False, "en").isascii()
