"""Data & downloads page: views (scope, export frame, file names, coverage, dictionary), figures,
strings and the page under AppTest, including the bytes its download buttons serve."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pandas as pd
import pytest

from lib import exports
from lib.core.paths import STRINGS_DIR
from lib.i18n import t
from lib.store import queries
from lib.views import data as view

YEARS = list(range(2015, 2025))


def test_parse_params() -> None:
    assert view.parse_params({}, YEARS) == (view.DataScope(), [])
    sel, notices = view.parse_params({"scope": "ALL", "goals": "all", "from": "2018", "to": "2020"}, YEARS)
    assert sel == view.DataScope("all", "all", 2018, 2020) and not notices
    sel, _ = view.parse_params({"from": "2022", "to": "2016"}, YEARS)
    assert (sel.year_from, sel.year_to) == (2016, 2022), "a reversed range is turned round"
    sel, notices = view.parse_params({"scope": "moon", "goals": "7", "from": "1990", "to": "x"}, YEARS)
    assert sel == view.DataScope() and [n.param for n in notices] == ["scope", "goals", "from", "to"]


def test_url_form_round_trip() -> None:
    assert view.DataScope().to_params(YEARS) == {"scope": None, "goals": None, "from": None, "to": None}
    sel = view.DataScope("province", "all", 2016, 2024)
    params = sel.to_params(YEARS)
    assert params == {"scope": "province", "goals": "all", "from": "2016", "to": None}
    again, notices = view.parse_params({k: v for k, v in params.items() if v}, YEARS)
    assert view.clamp_years((again.year_from, again.year_to), YEARS) == (2016, 2024) and not notices


def test_clamp_years() -> None:
    assert view.clamp_years((None, None), YEARS) == (2015, 2024)
    assert view.clamp_years((2000, 2030), YEARS) == (2015, 2024)
    assert view.clamp_years((2017, 2019), [2009, 2016, 2021]) == (2016, 2021)
    assert view.clamp_years(None, [2020]) == (2020, 2020)


def test_scope_codes_and_indicators() -> None:
    provs = pd.DataFrame({"code": ["TH-10", "TH-11", "TH-58"], "is_pilot": [True, False, True]})
    assert view.scope_codes("province", "TH-11", provs) == ["TH-11"]
    assert view.scope_codes("pilots", "TH-11", provs) == ["TH-10", "TH-58"]
    assert view.scope_codes("all", "TH-11", provs) is None
    inds = pd.DataFrame({"indicator_id": ["a", "b", "c"], "goal": [1, 1, 2]})
    assert view.scope_indicators("goal", 1, inds) == ["a", "b"]
    assert view.scope_indicators("all", 1, inds) is None


@pytest.fixture()
def obs(con) -> pd.DataFrame:
    return queries.observations(con, "public")


def test_export_frame_columns(con, obs: pd.DataFrame) -> None:
    inds, provs = queries.indicators(con), queries.provinces(con)
    en = view.export_frame(obs, inds, provs, "en")
    base = [
        "dataset",
        "dataset_kind",
        "is_demo",
        "indicator_id",
        "sdg_code",
        "indicator_name",
        "province_code",
        "province_name",
        "year",
    ]
    rest = ["disaggregation", "value", "unit", "flags", "note", "source_title", "source_url"]
    assert list(en.columns) == base + rest
    th = view.export_frame(obs, inds, provs, "th")
    assert list(th.columns) == base + ["year_be"] + rest
    assert (th["year_be"] - th["year"] == 543).all()
    assert (th["year"] == en["year"]).all(), "the year column stays C.E. in both languages"
    assert not en["is_demo"].any() and (en["dataset_kind"] == "public").all()
    assert en["value"].dtype == "float64" and en["year"].dtype == "int64"
    name58 = provs.set_index("code").loc["TH-58"]
    assert set(th.loc[th["province_code"] == "TH-58", "province_name"]) <= {name58["name_th"]}
    assert en["source_url"].str.startswith("http").all(), "public values cite their source"
    assert set(en["flags"]) <= {
        "",
        "provisional",
        "estimated",
        "proxy",
        "provisional;estimated",
        "provisional;proxy",
        "estimated;proxy",
        "provisional;estimated;proxy",
    }


def test_export_frame_demo(con) -> None:
    obs = queries.observations(con, "demo", None, ("TH-58",), 2024, 2024)
    exp = view.export_frame(obs, queries.indicators(con), queries.provinces(con), "en")
    assert len(exp) > 0 and exp["is_demo"].all() and (exp["dataset_kind"] == "demo").all()
    rows = list(csv.DictReader(io.StringIO(exports.csv_bytes(exp).decode("utf-8-sig"))))
    assert all(r["is_demo"] == "True" for r in rows)


def test_flags_and_display_table(obs: pd.DataFrame, con) -> None:
    exp = view.export_frame(obs, queries.indicators(con), queries.provinces(con), "th")
    table = view.display_table(exp, "th", demo=False)
    assert t("col_demo", "th") not in table.columns
    assert table[t("col_year", "th")].tolist() == [str(y + 543) for y in exp["year"]]
    assert view.flags_label("provisional;proxy", "en") == "provisional, proxy"
    assert view.flags_label("", "th") == ""
    demo = view.display_table(exp, "en", demo=True)
    assert demo.columns[0] == t("col_demo", "en") and demo.iloc[:, 0].all()


def test_file_stem() -> None:
    sel = view.DataScope("pilots", "goal")
    stem = view.file_stem("demo", True, sel, 3, "TH-58", (2015, 2024))
    assert stem == "sdg_demo_DEMO-not-official_goal3_pilots_2015-2024"
    assert (
        view.file_stem("public", False, view.DataScope("province", "all"), 1, "TH-58", (2024, 2024))
        == "sdg_public_all-goals_TH-58_2024"
    )
    assert "DEMO" not in view.file_stem("public", False, view.DataScope("all", "all"), 1, "TH-10", (2015, 2016))
    weird = view.file_stem("../กระทรวง x", False, sel, 1, "TH-10", (2015, 2016))
    assert "/" not in weird and " " not in weird and weird.isascii()


def test_readme_rows() -> None:
    rows = view.readme_rows(
        "ข้อมูลสาธิต",
        "demo",
        "demo",
        True,
        view.DataScope("pilots", "all"),
        "1. x",
        "y",
        (2015, 2024),
        1234,
        datetime(2025, 1, 2, 3, 4, tzinfo=UTC),
        "th",
    )
    d = dict(rows)
    assert d[t("col_dataset", "th")] == "ข้อมูลสาธิต (demo)"
    assert d[t("data_rm_demo", "th")] == t("data_rm_demo_yes", "th")
    assert d[t("data_rm_years", "th")] == "2558–2567 (ค.ศ. 2015–2024)"
    assert d[t("data_rm_rows", "th")] == "1,234"
    assert d[t("data_rm_generated", "th")].startswith("2025-01-02 03:04")
    assert d[t("data_rm_area", "th")] == t("data_scope_pilots", "th")


def test_dictionary(con) -> None:
    inds, goals = queries.indicators(con), queries.goals(con)
    th = view.dictionary(inds, goals, "th")
    assert len(th) == len(inds)
    assert set(th["direction"]) <= {t("data_dir_higher", "th"), t("data_dir_lower", "th")}
    assert th["definition"].tolist() == inds.sort_values(["goal", "indicator_id"])["definition_th"].tolist()
    data = exports.csv_bytes(th)
    assert data.startswith(exports.BOM)
    disp = view.dictionary_display(view.dictionary(inds, goals, "en"), "en")
    assert t("data_col_definition", "en") in disp.columns and len(disp) == len(inds)


def test_coverage_hand_worked() -> None:
    # queries.coverage for the scope: provinces with a value per indicator x year (absent = 0)
    counts = pd.DataFrame({"indicator_id": ["a", "a", "b"], "year": [2020, 2021, 2021], "n_provinces": [2, 1, 1]})
    inds = pd.DataFrame(
        {
            "indicator_id": ["a", "b"],
            "goal": [1, 2],
            "sdg_code": ["1.1.1", None],
            "name_en": ["Alpha", "Beta"],
            "name_th": ["อัลฟา", "เบตา"],
        }
    )
    cov = view.coverage(counts, inds, None, 2, [2020, 2021], "en")
    got = {(r.indicator_id, r.year): (r.n, r.share) for r in cov.itertuples()}
    assert got == {("a", 2020): (2, 100.0), ("a", 2021): (1, 50.0), ("b", 2020): (0, 0.0), ("b", 2021): (1, 50.0)}
    assert cov.loc[0, "label"] == "1.1.1 Alpha" and cov["n_scope"].eq(2).all()
    only_b = view.coverage(counts, inds, ["b"], 4, [2021], "en")
    assert only_b[["n", "share"]].values.tolist() == [[1, 25.0]]
    table = view.coverage_table(cov, "en", demo=True)
    assert table.columns[0] == t("col_demo", "en") and table.iloc[0, 3] == "2 / 2"

    # queries.presence for the year: indicators with a value per goal and province
    presence = pd.DataFrame({"goal": [1, 2, 2], "province_code": ["P1", "P1", "P3"], "n": [1, 1, 1]})
    provs = pd.DataFrame(
        {
            "code": ["P1", "P2", "P3"],
            "name_en": ["One", "Two", "Three"],
            "name_th": ["หนึ่ง", "สอง", "สาม"],
            "is_pilot": [True, False, False],
        }
    )
    comp = view.completeness(presence, inds, None, None, provs, "en")
    assert comp[["province_code", "n", "share"]].values.tolist() == [["P1", 2, 100.0], ["P3", 1, 50.0], ["P2", 0, 0.0]]
    assert comp.loc[0, "name"] == "One ★"
    comp_a = view.completeness(presence, inds, [1], ["P1", "P2"], provs, "th")
    assert comp_a[["province_code", "share"]].values.tolist() == [["P1", 100.0], ["P2", 0.0]]


def test_indicator_label_is_cut() -> None:
    cut = view.indicator_label("a" * 60 + "z" * 40, "1.2.1")
    assert len(cut) == view.LABEL_CHARS and "…" in cut and cut.startswith("1.2.1 a") and cut.endswith("z")
    assert view.indicator_label("Short", None) == "Short"
    import unicodedata

    for name in (
        "สัดส่วนคนจนเป้าหมายตามดัชนีความยากจนหลายมิติ (TPMAP) ต่อประชากรที่ได้รับการสำรวจ",
        "ร้อยละของครัวเรือนที่มีรายได้เฉลี่ยต่อคนต่อปีต่ำกว่าเกณฑ์ความจำเป็นพื้นฐาน (จปฐ.)",
    ):
        label = view.indicator_label(name, "1.2.2")
        after = label[label.index("…") + 1]
        assert unicodedata.category(after) != "Mn", "no orphan Thai vowel or tone mark after the cut"


def test_vintage_and_import_log(con) -> None:
    v = view.vintage_table(queries.datasets(con), "th")
    assert len(v) == len(queries.datasets(con))
    assert all(str(y).startswith("25") for y in v[t("data_col_latest", "th")]), "B.E. years in Thai"
    log = pd.DataFrame(
        {
            "import_id": [1],
            "imported_at": [pd.Timestamp("2025-03-01 10:00")],
            "file_name": ["x.csv"],
            "file_sha256": ["0"],
            "file_format": ["csv"],
            "dataset": ["ministry"],
            "rows_added": [3],
            "rows_replaced": [1],
            "rows_unchanged": [0],
            "imported_by": ["admin"],
        }
    )
    lt = view.import_log_table(log, "en")
    assert lt.iloc[0].tolist() == ["2025-03-01 10:00", "x.csv", "csv", "ministry", 3, 1, 0, "admin"]


def test_strings_file() -> None:
    with open(STRINGS_DIR / "data.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["key", "th", "en"]
    assert all(len(r) == 3 and r[0].startswith("data_") and r[1] and r[2] for r in rows[1:])


# ---------------------------------------------------------------- downloads for people


def _exp(con, lang: str, dataset: str = "public") -> pd.DataFrame:
    obs = queries.observations(con, dataset, ("gpp_growth", "waste_managed"), ("TH-50", "TH-94"), 2018, 2022)
    return view.export_frame(obs, queries.indicators(con), queries.provinces(con), lang)  # type: ignore[arg-type]


def test_people_layout_puts_the_be_year_first_and_the_analyst_columns_last(con) -> None:
    exp = _exp(con, "th")
    people = view.people_frame(exp, "th", demo=False)
    cols = list(people.columns)
    assert cols[:3] == ["ปี พ.ศ.", "จังหวัด", "ตัวชี้วัด"]
    assert people["ปี พ.ศ."].tolist() == [y + 543 for y in exp["year"]]
    technical = [c for c in cols if c.startswith("สำหรับนักวิเคราะห์: ")]
    assert technical == cols[-len(view.TECHNICAL) :], "ids, C.E. year and notes come last"
    assert "ตัวชี้วัดแทน" in set(people["หมายเหตุข้อมูล"]), "flags in words (gpp_growth is a proxy)"
    # the breakdown in words, its stored code among the analyst columns
    assert set(people[t("data_col_disagg", "th")]) == {"รวม"} and set(people[technical[-2]]) == {""}
    # as a clerk opens it: Thai headers survive the CSV (BOM) and numbers stay numbers
    text = exports.csv_bytes(people).decode("utf-8-sig")
    head = next(csv.reader(io.StringIO(text)))
    assert head[:2] == ["ปี พ.ศ.", "จังหวัด"]
    en = view.people_frame(_exp(con, "en"), "en", demo=True)
    assert list(en.columns[:3]) == [t("col_demo", "en"), "Year", "Province"] and en.iloc[:, 0].all()
    assert en["Year"].tolist() == exp["year"].tolist(), "C.E. in English"


def test_wide_layout_is_province_by_year(con) -> None:
    exp = _exp(con, "th")
    wide = view.wide_frame(exp, "th", demo=False)
    years = [str(y + 543) for y in sorted(set(exp["year"]))]
    assert [c for c in wide.columns if c.isdigit()] == years
    assert len(wide) == exp.groupby(["indicator_id", "province_code", "disaggregation"]).ngroups
    # each cell is the long table's value
    one = exp.iloc[0]
    row = wide[(wide["ตัวชี้วัด"] == one["indicator_name"]) & (wide["จังหวัด"] == one["province_name"])]
    assert row[str(int(one["year"]) + 543)].iloc[0] == pytest.approx(one["value"])
    growth = wide[wide["รหัส SDG"] == "8.1.1"]
    assert set(growth["หมายเหตุข้อมูล"]) == {"ตัวชี้วัดแทน"}, "a flag every year carries is said once"
    assert view.wide_frame(exp.iloc[0:0], "en", demo=False).empty
    demo = view.wide_frame(_exp(con, "en"), "en", demo=True)
    assert demo.columns[0] == t("col_demo", "en")
