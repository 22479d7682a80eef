"""Data & downloads page: views (scope, export frame, file names, coverage, dictionary), figures,
strings and the page under AppTest, including the bytes its download buttons serve."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import openpyxl
import pandas as pd
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from lib import exports
from lib.charts import data as charts
from lib.charts.theme import is_demo_figure
from lib.core.paths import STRINGS_DIR
from lib.i18n import t
from lib.store import queries
from lib.views import data as view

PAGE = "pages/5_data.py"
YEARS = list(range(2015, 2025))


# ---------------------------------------------------------------- scope and URL form


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


# ---------------------------------------------------------------- export frame and files


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


# ---------------------------------------------------------------- dictionary, coverage, vintage


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


def test_figures(con) -> None:
    totals, inds, provs = queries.totals(con, "demo"), queries.indicators(con), queries.provinces(con)
    pilots = provs.loc[provs["is_pilot"], "code"].tolist()
    cov = view.coverage(queries.coverage(con, "demo", None, pilots), inds, None, len(pilots), range(2015, 2025), "th")
    fig = charts.coverage_heatmap(cov, "th", True, "title")
    assert is_demo_figure(fig, "th")
    z = fig.data[0].z
    assert len(z) == len(inds) and len(z[0]) == 10
    assert len(set(fig.data[0].y)) == len(inds), "one row per indicator (labels unique)"
    assert list(fig.data[0].x)[0] == "2558", "B.E. years on the axis in Thai"
    comp = view.completeness(queries.presence(con, "demo", 2024), inds, None, pilots, provs, "en")
    bars = charts.completeness_bars(comp, "en", False, "t")
    assert not is_demo_figure(bars, "en") and len(bars.data[0].y) == 15


def test_strings_file() -> None:
    with open(STRINGS_DIR / "data.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["key", "th", "en"]
    assert all(len(r) == 3 and r[0].startswith("data_") and r[1] and r[2] for r in rows[1:])


# ---------------------------------------------------------------- the page


@pytest.fixture()
def downloads(monkeypatch):
    """What the page hands to its download buttons: file name -> bytes (or the deferred callable)."""
    got: dict[str, object] = {}
    add, add_deferred = MediaFileManager.add, MediaFileManager.add_deferred

    def fake_add(self, path_or_data, mimetype, coordinates, file_name=None, is_for_static_download=False):
        if is_for_static_download:
            got[file_name] = path_or_data
        return add(self, path_or_data, mimetype, coordinates, file_name, is_for_static_download)

    def fake_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kw):
        got[file_name] = data_callable
        return add_deferred(self, data_callable, mimetype, coordinates, file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add", fake_add)
    monkeypatch.setattr(MediaFileManager, "add_deferred", fake_deferred)
    return got


def _param(at, key: str) -> str | None:
    v = at.query_params.get(key)
    return v[-1] if isinstance(v, list) and v else v


@pytest.mark.parametrize("lang", ["th", "en"])
def test_page_renders(app, lang: str) -> None:
    at = app(PAGE, province="TH-58", lang=lang)
    assert not at.exception
    assert at.title[0].value == t("data_title", lang)
    assert len(at.get("plotly_chart")) == 2
    for c in at.get("plotly_chart"):
        spec = json.loads(c.proto.spec)
        assert t("demo_mark", lang) in json.dumps(spec["layout"].get("annotations", []), ensure_ascii=False)
    table = at.dataframe[0].value
    assert len(table) > 0 and table.iloc[:, 0].all(), "demo rows are flagged on screen"
    assert any(w.value == t("data_demo_caption", lang) for w in at.warning)


def test_page_public_dataset(app) -> None:
    at = app(PAGE, lang="en", dataset="public", goals="all", scope="all")
    assert not at.exception
    table = at.dataframe[0].value
    assert t("col_demo", "en") not in table.columns and len(table) > 0
    assert table[t("col_link", "en")].str.startswith("http").all()
    for c in at.get("plotly_chart"):
        assert "DEMO" not in json.dumps(json.loads(c.proto.spec)["layout"].get("annotations", []))


def test_goal_change_changes_rows(app) -> None:
    at = app(PAGE, province="TH-58", lang="en")
    before = at.dataframe[0].value
    at.selectbox(key="w_goal").set_value(3).run()
    assert not at.exception
    after = at.dataframe[0].value
    assert not before.equals(after)
    assert set(after[t("col_indicator", "en")]) != set(before[t("col_indicator", "en")])


def test_scope_widgets_change_rows_and_url(app) -> None:
    at = app(PAGE, province="TH-58", lang="en")
    n_pilots = len(at.dataframe[0].value)
    at.radio(key="data_scope").set_value("province").run()
    n_one = len(at.dataframe[0].value)
    assert 0 < n_one < n_pilots
    assert set(at.dataframe[0].value[t("col_province", "en")]) == {"Mae Hong Son"}
    assert _param(at, "scope") == "province"
    at.radio(key="data_goals").set_value("all").run()
    assert len(at.dataframe[0].value) > n_one and _param(at, "goals") == "all"
    at.select_slider(key="data_years_demo").set_value((2020, 2021)).run()
    years = set(at.dataframe[0].value[t("col_year", "en")])
    assert years == {"2020", "2021"} and _param(at, "from") == "2020" and _param(at, "to") == "2021"


def test_query_params_restore_state(app) -> None:
    at = app(
        PAGE, province="TH-58", goal="4", lang="th", scope="province", goals="all", **{"from": "2018", "to": "2019"}
    )
    assert not at.exception and not [w for w in at.warning if "ลิงก์" in w.value]
    assert at.radio(key="data_scope").value == "province"
    assert at.radio(key="data_goals").value == "all"
    assert tuple(at.select_slider(key="data_years_demo").value) == (2018, 2019)
    assert at.selectbox(key="w_goal").value == 4
    table = at.dataframe[0].value
    assert set(table[t("col_year", "th")]) == {"2561", "2562"}
    assert set(table[t("col_province", "th")]) == {"แม่ฮ่องสอน"}


def test_bad_params_warn_and_fall_back(app) -> None:
    at = app(PAGE, lang="en", scope="everywhere", goals="some", **{"from": "1800"})
    assert not at.exception
    warned = " ".join(w.value for w in at.warning)
    for p in ("scope=everywhere", "goals=some", "from=1800"):
        assert p in warned
    assert at.radio(key="data_scope").value == "pilots"
    assert at.radio(key="data_goals").value == "goal"
    assert "scope" not in at.query_params


def test_downloads(app, downloads, con) -> None:
    at = app(PAGE, province="TH-58", goal="3", lang="th")
    assert not at.exception
    csvs = {k: v for k, v in downloads.items() if k.endswith(".csv") and k.startswith("sdg_demo")}
    assert list(csvs) == ["sdg_demo_DEMO-not-official_goal3_pilots_2015-2024.csv"]
    made = next(iter(csvs.values()))
    assert callable(made), "the CSV is made when the button is clicked, not on every run"
    data = made()
    assert isinstance(data, bytes) and data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(rows) == len(at.dataframe[0].value)
    assert all(r["is_demo"] == "True" and r["dataset_kind"] == "demo" for r in rows)
    assert {r["province_code"] for r in rows} <= set(queries.provinces(con).query("is_pilot")["code"])
    assert all(int(r["year_be"]) == int(r["year"]) + 543 for r in rows)
    assert "แม่ฮ่องสอน" in {r["province_name"] for r in rows}
    float(rows[0]["value"])  # numbers stay numbers

    xlsx = downloads["sdg_demo_DEMO-not-official_goal3_pilots_2015-2024.xlsx"]
    assert callable(xlsx), "the workbook is made when the button is clicked"
    wb = openpyxl.load_workbook(io.BytesIO(xlsx()))
    assert wb.sheetnames == [t("data_sheet_readme", "th"), t("data_sheet_data", "th")]
    readme = [v for row in wb.worksheets[0].iter_rows(values_only=True) for v in row if v]
    assert readme[0] == t("data_xlsx_warning", "th")
    assert wb.worksheets[1].max_row == len(rows) + 1

    dic = downloads["sdg_indicator_dictionary_th.csv"]()
    assert dic.startswith(b"\xef\xbb\xbf") and len(dic.decode("utf-8-sig").splitlines()) == 1 + len(
        queries.indicators(con)
    )


def test_downloads_public_have_no_demo_mark(app, downloads) -> None:
    at = app(PAGE, lang="en", dataset="public", goals="all", scope="all")
    assert not at.exception
    names = [k for k in downloads if k.startswith("sdg_public")]
    assert names and not any("DEMO" in k for k in names)
    data = downloads[next(k for k in names if k.endswith(".csv"))]()
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows and all(r["is_demo"] == "False" for r in rows) and "year_be" not in rows[0]
    wb = openpyxl.load_workbook(io.BytesIO(downloads[next(k for k in names if k.endswith(".xlsx"))]()))
    assert wb.worksheets[0]["A1"].value != t("data_xlsx_warning", "en")


def test_large_selection_previews_and_caps_downloads(app, downloads, monkeypatch, con) -> None:
    # small limits stand in for a national-scale selection of millions of rows
    monkeypatch.setattr(view, "PREVIEW_ROWS", 50)
    monkeypatch.setattr(view, "XLSX_MAX_ROWS", 100)
    at = app(PAGE, lang="en", goals="all", scope="all")
    assert not at.exception
    n = queries.observation_count(con, "demo")
    assert len(at.dataframe[0].value) == 50, "the screen shows a preview"
    assert any(t("data_preview", "en", n="50", total=f"{n:,}") == c.value for c in at.caption)
    csv_name = next(k for k in downloads if k.endswith(".csv") and k.startswith("sdg_demo"))
    rows = list(csv.DictReader(io.StringIO(downloads[csv_name]().decode("utf-8-sig"), newline="")))
    assert len(rows) == n, "the CSV carries the whole selection, not the preview"
    buttons = {b.proto.label: b.proto for b in at.get("download_button")}
    assert buttons[t("data_dl_xlsx", "en")].disabled and not buttons[t("data_dl_csv", "en")].disabled
    assert any(t("data_too_many_xlsx", "en", n=f"{n:,}", max="100") == i.value for i in at.info)
