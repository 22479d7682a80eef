"""The real files under data/raw/ load through their recipes in data/sources/ to the values
their publishers printed (spot checks from each folder's README / the collection's MANIFEST),
and every raw folder keeps its provenance and checksums."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from lib.core.paths import DATA_DIR, SOURCES_DIR
from lib.ingest import recipe
from lib.ingest.pipeline import Options, Prepared, prepare_file
from lib.store import queries

RAW = DATA_DIR / "raw"
POVERTY = RAW / "nesdc_poverty_province"
T33 = sorted(POVERTY.glob("poor_province__poor_province_2013_05_*.xls"))
EXTRACTS = [POVERTY / "poor_province__poor_province_49.xls", *sorted(POVERTY.glob("*_2013_06_03_*.xls"))]
T21 = POVERTY / "source_import__poor_province_table2.1_2543-2553.xls"


def _prepare(path: Path, name: str, db: Path) -> Prepared:
    return prepare_file(path, recipe.load(SOURCES_DIR / f"{name}.toml").options(Options(db=db)))


def _value(rows: pd.DataFrame, code: str, year: int, disagg: str = "") -> float:
    hit = rows[(rows.province_code == code) & (rows.year == year) & (rows.disaggregation == disagg)]
    assert len(hit) == 1, (code, year, disagg)
    return float(hit.value.iloc[0])


def test_table_3_3_by_sex_loads_every_year(db_path: Path) -> None:
    years = set()
    for path in T33:
        opts = recipe.load(SOURCES_DIR / "nesdc_poverty_t33_by_sex.toml").options(Options(db=db_path))
        p = prepare_file(path, replace(opts, allow_public=True))
        assert p.problems == [], p.problems
        assert set(p.rows.disaggregation) == {"sex=M", "sex=F"}
        assert p.rows.province_code.nunique() >= 74  # 76 provinces, a few cells empty in some years
        assert p.skipped["region_rows"] == 10 and p.skipped["total_rows"] == 2  # 5 regions and รวม per sex
        years |= set(p.rows.year)
        if 2011 in set(p.rows.year):  # NESDC's current series: Bangkok 2554 male 8.50, female 7.23
            assert _value(p.rows, "TH-10", 2011, "sex=M") == 8.50
            assert _value(p.rows, "TH-10", 2011, "sex=F") == 7.23
    assert years == set(range(2006, 2012))


def test_the_build_loads_table_3_3_into_public(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        "SELECT province_code, year, disaggregation, value, source_id, note FROM observation "
        "WHERE dataset = 'public' AND source_id LIKE 'src_nesdc_poverty_t33_%'"
    ).df()
    assert len(rows) == 909 + 454  # every non-empty cell by sex; a total wherever both sexes are given
    assert rows.province_code.nunique() == 76 and "TH-38" not in set(rows.province_code)
    assert set(rows.year) == set(range(2006, 2012))
    assert all(n.startswith("raw/nesdc_poverty_province/poor_province__") and ", row " in n for n in rows.note)
    total = rows[(rows.disaggregation == "") & (rows.province_code == "TH-10") & (rows.year == 2011)]
    # (poor men + poor women) / (men + women), from the thousands printed in the 2554 file, row 7 and 89
    assert float(total.value.iloc[0]) == pytest.approx((339.4 + 324.7) / (3993.1 + 4490.0) * 100, rel=1e-12)


def test_older_typed_values_are_superseded_and_kept(con: duckdb.DuckDBPyConnection) -> None:
    kept = con.execute(
        "SELECT province_code, year, value, source_id, superseded_by FROM observation_superseded ORDER BY ALL"
    ).fetchall()
    assert ("TH-58", 2010, 59.77, "nso_thailand_indicators_2012_p65", "src_nesdc_poverty_t33_total") in kept
    now = con.execute(
        "SELECT source_id FROM observation WHERE dataset = 'public' AND indicator_id = 'pov_headcount' "
        "AND province_code = 'TH-58' AND year = 2010 AND disaggregation = ''"
    ).fetchone()
    assert now == ("src_nesdc_poverty_t33_total",)


def test_extracts_load_and_keep_their_source(db_path: Path) -> None:
    for path in EXTRACTS:
        p = _prepare(path, "nesdc_poverty_extract_2549_2550", db_path)
        assert p.problems == [], p.problems
        assert len(p.rows) == 76 and set(p.rows.disaggregation) == {""}
        assert set(p.rows.source_publisher) == {"NESDC (สศช.), from NSO Socio-Economic Survey"}
        assert all(u.startswith("https://github.com/unisexx/ppt/") for u in p.rows.source_url)
    p = _prepare(EXTRACTS[0], "nesdc_poverty_extract_2549_2550", db_path)
    assert _value(p.rows, "TH-10", 2006) == 3.1  # the ratio column headed "(พันคน)" holds percentages


def test_table_2_1_old_method_goes_to_its_own_dataset(db_path: Path) -> None:
    p = _prepare(T21, "nesdc_poverty_t21_old_method", db_path)
    assert p.problems == [], p.problems
    assert p.dataset == "nesdc-poverty-old-method"
    assert sorted(set(p.rows.year)) == [2000, 2002, 2004, 2006, 2007, 2008, 2009, 2010]
    assert _value(p.rows, "TH-58", 2010) == 59.77  # Mae Hong Son 2553
    assert _value(p.rows, "TH-10", 2010) == 0.64
    assert p.skipped["note_rows"] == 3  # the source line, the note and the breadcrumb


def test_a_recipe_refuses_another_layout(db_path: Path) -> None:
    p = _prepare(T21, "nesdc_poverty_t33_by_sex", db_path)
    assert [x.code for x in p.problems] == ["recipe_mismatch"]
    assert p.rows.empty


def test_the_national_age_table_is_refused_with_the_reason(db_path: Path) -> None:
    p = prepare_file(POVERTY / "poor_age__pool_age.xls", Options(db=db_path, indicator="pov_headcount"))
    assert [x.code for x in p.problems] == ["no_province_column"]


def test_every_recipe_parses_and_names_a_source() -> None:
    found = sorted(SOURCES_DIR.glob("*.toml"))
    assert found
    for path in found:
        r = recipe.load(path)
        assert r.name == path.stem
        assert r.source is not None and r.source.url and r.description


@pytest.mark.parametrize("folder", sorted(p for p in RAW.iterdir() if p.is_dir()), ids=lambda p: p.name)
def test_raw_folders_keep_provenance_and_checksums(folder: Path) -> None:
    readme = (folder / "README.md").read_text(encoding="utf-8")
    for word in ("Publisher", "Came through", "Licence", "commit"):
        assert word in readme, word
    sums = dict(
        reversed(line.split(None, 1)) for line in (folder / "SHA256SUMS").read_text().splitlines() if line.strip()
    )
    files = {p.name for p in folder.iterdir() if p.name not in ("README.md", "SHA256SUMS")}
    assert set(sums) == files
    for name, digest in sums.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name


# ---------------------------------------------------------------- every build source, against its raw file


def _public(con: duckdb.DuckDBPyConnection, recipe_name: str) -> pd.DataFrame:
    return con.execute(
        "SELECT indicator_id, province_code, year, disaggregation, value FROM observation "
        "WHERE dataset = 'public' AND source_id = ?",
        [f"src_{recipe_name}"],
    ).df()


def _context(con: duckdb.DuckDBPyConnection, recipe_name: str) -> pd.DataFrame:
    return con.execute(
        "SELECT province_code, year, value, unit FROM context_observation WHERE source_id = ?", [f"src_{recipe_name}"]
    ).df()


def _at(rows: pd.DataFrame, code: str, year: int) -> float:
    hit = rows[(rows.province_code == code) & (rows.year == year)]
    assert len(hit) == 1, (code, year)
    return float(hit.value.iloc[0])


def test_forest_2015_every_province_with_no_forest_as_zero(con: duckdb.DuckDBPyConnection) -> None:
    rows = _public(con, "rfd_forest_2015")
    assert len(rows) == 77 and set(rows.year) == {2015} and set(rows.indicator_id) == {"forest_cover"}
    assert _at(rows, "TH-58", 2015) == 86.99  # Mae Hong Son, highest
    assert _at(rows, "TH-12", 2015) == 0.0  # Nonthaburi: "ไม่มีพื้นที่ป่าไม้"


def test_household_income_rounds_and_proxy_flag(con: duckdb.DuckDBPyConnection) -> None:
    rows = _public(con, "nso_household_income")
    assert len(rows) == 77 * 10 - 5  # Bueng Kan has no value before 2011
    assert sorted(set(rows.year)) == [2004, 2006, 2007, 2009, 2011, 2013, 2015, 2017, 2019, 2021]
    assert _at(rows, "TH-12", 2021) == 41129.42 and _at(rows, "TH-58", 2021) == 15495.95
    flags = con.execute(
        "SELECT bool_and(proxy) FROM observation WHERE source_id = 'src_nso_household_income'"
    ).fetchone()
    assert flags == (True,)


def test_physician_density_per_10000(con: duckdb.DuckDBPyConnection) -> None:
    rows = _public(con, "moph_physician_density")
    assert len(rows) == 770 and rows.province_code.nunique() == 77 and set(rows.year) == set(range(2015, 2025))
    # Bangkok 2024: 9,189 physicians / 5,455,020 people = 168.45 per 100,000 in the file
    assert _at(rows, "TH-10", 2024) == pytest.approx(168.45034482000068 / 10, rel=1e-12)


def test_waste_shares_and_per_capita(con: duckdb.DuckDBPyConnection) -> None:
    recycled, managed = _public(con, "pcd_waste_recycled"), _public(con, "pcd_waste_managed")
    assert len(recycled) == len(managed) == 77 * 13 and set(recycled.year) == set(range(2013, 2026))
    # Bangkok 2556: 1,410 of 11,335 t/day recycled (12.44 %), 9,925 disposed correctly (87.56 %)
    assert _at(recycled, "TH-10", 2013) == 12.44
    assert _at(managed, "TH-10", 2013) == pytest.approx(12.44 + 87.56)
    per_capita = _public(con, "pcd_waste_per_capita")
    assert len(per_capita) == 77 * 12  # 2025 waits for DOPA's 2025 population
    assert _at(per_capita, "TH-10", 2013) == pytest.approx(11335.0 * 1000 / 5686252, rel=1e-12)


def test_dopa_population_is_one_series_2002_2024(con: duckdb.DuckDBPyConnection) -> None:
    early, late = _context(con, "dopa_population_2002_2013"), _context(con, "dopa_population_2014_2024")
    assert set(early.year) == set(range(2002, 2014)) and set(late.year) == set(range(2014, 2025))
    assert len(early) == 77 * 12 - 8 and len(late) == 77 * 11  # Bueng Kan blank before 2012
    assert set(early.unit) == set(late.unit) == {"persons"}
    assert _at(early, "TH-10", 2013) == 5686252 and _at(late, "TH-10", 2014) == 5692284
    assert _at(late, "TH-58", 2024) == 288082


def test_every_public_value_has_a_source_url(con: duckdb.DuckDBPyConnection) -> None:
    missing = con.execute(
        "SELECT count(*) FROM observation o JOIN source s USING (source_id) "
        "WHERE o.dataset = 'public' AND (s.url IS NULL OR s.url = '')"
    ).fetchone()
    assert missing == (0,)


def test_the_build_holds_enough_real_values(con: duckdb.DuckDBPyConnection) -> None:
    n, wide = con.execute(
        "SELECT (SELECT count(*) FROM observation WHERE dataset = 'public'), "
        "(SELECT count(*) FROM (SELECT indicator_id FROM observation WHERE dataset = 'public' "
        " GROUP BY indicator_id HAVING count(DISTINCT province_code) >= 70))"
    ).fetchone()
    assert n >= 5000 and wide >= 12


def test_gpp_per_capita_over_dopa_and_the_published_figures_kept(con: duckdb.DuckDBPyConnection) -> None:
    rows = _public(con, "nesdc_gpp_per_capita_2013_2020")
    assert len(rows) == 77 * 6 - 3 and set(rows.year) == set(range(2013, 2019))  # 2019-2020: the newer vintage
    # Bangkok 2556: 3,956,052.508 million baht in the file / 5,686,252 registered people
    assert _at(rows, "TH-10", 2013) == pytest.approx(3956052.508 * 1e6 / 5686252, rel=1e-12)
    kept = con.execute(
        "SELECT province_code, year, source_id, superseded_by FROM observation_superseded "
        "WHERE indicator_id = 'gpp_per_capita' AND year < 2019 ORDER BY ALL"
    ).fetchall()
    assert kept == [
        ("TH-83", 2013, "src_nesdc_gpp_per_capita_2013_2020", "nso_syb_2016_t10_14"),
        ("TH-83", 2014, "src_nesdc_gpp_per_capita_2013_2020", "nso_syb_2016_t10_14"),
        ("TH-84", 2013, "src_nesdc_gpp_per_capita_2013_2020", "nso_syb_2016_t10_14"),
    ]


def test_serious_crime_per_100000(con: duckdb.DuckDBPyConnection) -> None:
    rows = _public(con, "rtp_serious_crime")
    assert set(rows.year) == set(range(2002, 2012)) and rows.province_code.nunique() == 77
    assert len(rows) == 77 * 10 - 8  # Bueng Kan has no DOPA population before 2012
    # Mae Hong Son 2545: 37 reported / DOPA population 2002
    pop = con.execute(
        "SELECT value FROM context_observation WHERE province_code = 'TH-58' AND year = 2002 "
        "AND measure = 'Registered population (DOPA, 31 December)'"
    ).fetchone()
    assert pop is not None
    assert _at(rows, "TH-58", 2002) == pytest.approx(37 / pop[0] * 100000, rel=1e-12)


def test_occupational_injuries_one_recipe_per_year(con: duckdb.DuckDBPyConnection) -> None:
    years = {y: _public(con, f"sso_occupational_injury_{y}") for y in range(2010, 2014)}
    assert all(len(rows) == 77 and set(rows.year) == {y} for y, rows in years.items())
    # Bangkok: 13.36 (2553), 12.51 (2554), 12.43 (2555), 10.12 (2556) per 1,000 in the files
    assert _at(years[2011], "TH-10", 2011) == pytest.approx(1251.0)
    assert _at(years[2013], "TH-10", 2013) == pytest.approx(1012.0)


def test_the_newest_gpp_vintage_replaces_the_older_and_the_report_lists_both(con: duckdb.DuckDBPyConnection) -> None:
    rows = _public(con, "nesdc_gpp_per_capita_2019_2023")
    assert len(rows) == 77 * 5 and set(rows.year) == set(range(2019, 2024))
    # KHON KAEN 2019: 213,342.181 million baht (the JSON's first row) / DOPA population 2019
    pop = con.execute(
        "SELECT value FROM context_observation WHERE province_code = 'TH-40' AND year = 2019 "
        "AND measure = 'Registered population (DOPA, 31 December)'"
    ).fetchone()
    assert pop is not None and _at(rows, "TH-40", 2019) == pytest.approx(213342.181e6 / pop[0], rel=1e-12)
    pairs = queries.consistency(con, "public")
    vintage = pairs[
        (pairs.indicator_id == "gpp_per_capita")
        & (pairs.kept_source_id == "src_nesdc_gpp_per_capita_2019_2023")
        & (pairs.other_source_id == "src_nesdc_gpp_per_capita_2013_2020")
    ]
    assert len(vintage) == 77 * 2 and set(vintage.year) == {2019, 2020}
    assert vintage.differs.any()  # NESDC revised its provincial accounts between the two releases


def test_tourism_revenue_as_a_share_of_gpp_2023(con: duckdb.DuckDBPyConnection) -> None:
    rows = _public(con, "mots_tourism_revenue_share")
    assert len(rows) == 77 and set(rows.year) == {2023}  # 2024 waits for NESDC's 2024 GPP
    gpp = con.execute(
        "SELECT value FROM context_observation WHERE province_code = 'TH-10' AND year = 2023 "
        "AND measure = 'Gross provincial product at current market prices (NESDC 2024 release)'"
    ).fetchone()
    # Bangkok 2566R: 856,304.07 million baht of visitor revenue in the MOTS workbook
    assert gpp is not None and _at(rows, "TH-10", 2023) == pytest.approx(856304.0699999998 / gpp[0] * 100, rel=1e-12)


def test_ddpm_road_deaths_2012_are_a_proxy(con: duckdb.DuckDBPyConnection) -> None:
    rows = _public(con, "ddpm_road_deaths_2012")
    assert len(rows) == 77 and set(rows.year) == {2012} and set(rows.indicator_id) == {"road_deaths"}
    pop = con.execute(
        "SELECT value FROM context_observation WHERE province_code = 'TH-62' AND year = 2012 "
        "AND measure = 'Registered population (DOPA, 31 December)'"
    ).fetchone()
    # Kamphaeng Phet: 100 deaths in the file
    assert pop is not None and _at(rows, "TH-62", 2012) == pytest.approx(100 / pop[0] * 100000, rel=1e-12)
    flags = con.execute(
        "SELECT bool_and(proxy) FROM observation WHERE source_id = 'src_ddpm_road_deaths_2012'"
    ).fetchone()
    assert flags == (True,)


def test_provincial_cpi_is_turned_and_loaded_as_the_file_writes_it(con: duckdb.DuckDBPyConnection) -> None:
    rows = _context(con, "moc_cpi_province")
    raw = pd.read_csv(RAW / "moc_cpi_province" / "pnithida_cpi_TH.csv", encoding="utf-8-sig")
    assert len(rows) == int(raw.drop(columns="ปี").notna().sum().sum()) == 1607
    assert set(rows.unit) == {"index, 2019 = 100"} and set(rows.year) == set(range(1998, 2022))
    assert _at(rows, "TH-11", 2002) == 63.9  # สมุทรปราการ, B.E. 2545
    assert _at(rows, "TH-38", 2021) == 102.1  # บึงกาฬ, B.E. 2564
    assert _at(rows, "TH-10", 2020) == 99.27  # the last column, headed กรุงเทพมหานคร
    base = rows[rows.year == 2019].set_index("province_code").value
    assert len(base) == 77 and base.drop(["TH-34", "TH-42"]).eq(100.0).all()  # as published: 100.1, 99.8
    assert (base["TH-34"], base["TH-42"]) == (100.1, 99.8)


def test_real_gpp_growth_within_one_vintage_deflated_by_cpi(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        "SELECT province_code, year, value, proxy, note FROM observation "
        "WHERE dataset = 'public' AND indicator_id = 'gpp_growth' AND source_id = 'drv_gpp_per_capita_real_growth'"
    ).df()
    assert rows.proxy.all() and set(range(2014, 2022)) <= set(rows.year) and rows.year.max() == 2021
    assert (rows[rows.year.between(2014, 2021)].groupby("year").province_code.nunique() == 77).all()
    gpc = _public(con, "nesdc_gpp_per_capita_2019_2023")
    cpi = _context(con, "moc_cpi_province")
    # Phuket 2020 from the 2024 release (both years), over its CPI: the COVID fall
    expected = 100 * ((_at(gpc, "TH-83", 2020) / _at(gpc, "TH-83", 2019)) / (_at(cpi, "TH-83", 2020) / 100.0) - 1)
    assert _at(rows, "TH-83", 2020) == pytest.approx(expected) == pytest.approx(-43.2, abs=0.1)
    note = rows[(rows.province_code == "TH-83") & (rows.year == 2019)].note.iloc[0]
    assert "src_nesdc_gpp_per_capita_2013_2020" in note, "2019 from the older vintage, which also gives 2018"


def test_nesdc_population_is_a_context_series_beside_dopa(con: duckdb.DuckDBPyConnection) -> None:
    rows = _context(con, "nesdc_population_2019_2023")
    assert len(rows) == 77 * 5 and set(rows.unit) == {"persons"}
    assert _at(rows, "TH-10", 2023) == pytest.approx(9_087_429)  # BANGKOK METROPOLIS 9,087.429 thousand
    same = con.execute("SELECT measure, same_as FROM context_same").fetchall()
    nesdc, dopa = "Population (NESDC provincial accounts, 2024 release)", "Registered population (DOPA, 31 December)"
    assert same == [(nesdc, dopa)]
