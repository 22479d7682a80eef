"""Data & downloads page: views (scope, export frame, file names, coverage, dictionary), figures,
strings and the page under AppTest, including the bytes its download buttons serve."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest

from lib.i18n import t
from lib.store import queries
from lib.views import coverage as coverage_view
from lib.views import data as view

PAGE = "pages/5_data.py"


def tech(col: str, lang: str) -> str:
    """The header of an analyst column at the end of a people's download."""
    return f"{t('data_col_technical', lang)}: {col}"


def _param(at, key: str) -> str | None:
    v = at.query_params.get(key)
    return v[-1] if isinstance(v, list) and v else v


@pytest.mark.parametrize("lang", ["th", "en"])
def test_page_opens_on_public_data(app, downloads, con, lang: str) -> None:
    """No dataset in the link: the real ``public`` data, no demo banner, stamp, column or file
    name; the rows (and the CSV) are the database's for the default goal and the pilots."""
    at = app(PAGE, lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    assert _param(at, "dataset") == "public"
    warnings = [w.value for w in at.warning]
    assert t("demo_banner", lang) not in warnings and t("data_demo_caption", lang) not in warnings
    line = coverage_view.line_text(queries.coverage_summary(con, "public"), "public", lang)
    assert line is not None and line in [c.value for c in at.caption]
    for c in at.get("plotly_chart"):
        assert t("demo_mark", lang) not in json.dumps(json.loads(c.proto.spec), ensure_ascii=False)
    inds, provs = queries.indicators(con), queries.provinces(con)
    goal = int(_param(at, "goal"))
    ids, pilots = list(inds.loc[inds["goal"] == goal, "indicator_id"]), list(provs.loc[provs["is_pilot"], "code"])
    n = queries.observation_count(con, "public", ids, pilots)
    assert n > 0
    table = at.dataframe[0].value
    assert t("col_demo", lang) not in table.columns and len(table) == min(n, view.PREVIEW_ROWS)
    names = [k for k in downloads if k.endswith(".csv") and k.startswith("sdg_public")]
    assert len(names) == 1 and "DEMO" not in names[0]
    rows = list(csv.DictReader(io.StringIO(downloads[names[0]]().decode("utf-8-sig"), newline="")))
    db = queries.observations(con, "public", ids, pilots)
    key = [tech("indicator_id", lang), tech("province_code", lang), tech("year", lang), t("col_value", lang)]
    got = {(r[key[0]], r[key[1]], int(r[key[2]]), float(r[key[3]])) for r in rows}
    want = set(zip(db["indicator_id"], db["province_code"], db["year"].astype(int), db["value"], strict=True))
    assert len(rows) == n and got == want
    assert t("col_demo", lang) not in rows[0] and all(r[tech("dataset_kind", lang)] == "public" for r in rows)
    first = next(iter(rows[0]))  # a clerk's file: the year first, in the language (B.E. in Thai)
    assert first == (t("data_col_year_be", lang) if lang == "th" else t("col_year", lang))
    offset = 543 if lang == "th" else 0
    assert all(int(r[first]) == int(r[tech("year", lang)]) + offset for r in rows)


@pytest.mark.parametrize("lang", ["th", "en"])
def test_page_renders(app, lang: str) -> None:
    at = app(PAGE, province="TH-58", lang=lang, dataset="demo")
    assert not at.exception
    assert t("demo_banner", lang) in [w.value for w in at.warning]
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
    assert len(at.get("plotly_chart")) == 2
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
    at = app(PAGE, province="TH-58", lang="en", dataset="demo")  # every pilot has every year
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
        PAGE,
        province="TH-58",
        goal="4",
        lang="th",
        scope="province",
        goals="all",
        dataset="demo",
        **{"from": "2018", "to": "2019"},
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
    at = app(PAGE, province="TH-58", goal="3", lang="th", dataset="demo")
    assert not at.exception
    csvs = {k: v for k, v in downloads.items() if k.endswith(".csv") and k.startswith("sdg_demo")}
    assert list(csvs) == ["sdg_demo_DEMO-not-official_goal3_pilots_2015-2024.csv"]
    made = next(iter(csvs.values()))
    assert callable(made), "the CSV is made when the button is clicked, not on every run"
    data = made()
    assert isinstance(data, bytes) and data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(rows) == len(at.dataframe[0].value)
    assert all(r[t("col_demo", "th")] == "True" and r[tech("dataset_kind", "th")] == "demo" for r in rows)
    pilots = set(queries.provinces(con).query("is_pilot")["code"])
    assert {r[tech("province_code", "th")] for r in rows} <= pilots
    assert all(int(r[t("data_col_year_be", "th")]) == int(r[tech("year", "th")]) + 543 for r in rows)
    assert "แม่ฮ่องสอน" in {r[t("col_province", "th")] for r in rows}
    float(rows[0][t("col_value", "th")])  # numbers stay numbers
    assert not any(h.isascii() and "_" in h for h in rows[0] if not h.startswith(t("data_col_technical", "th")))

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


@pytest.mark.parametrize("lang", ["th", "en"])
def test_wide_layout_is_province_by_year(app, downloads, con, lang: str) -> None:
    """The second layout, as ministry tables are: a row per indicator and province, a column
    per year (B.E. in Thai), the same values as the long file; the README names the layout."""
    at = app(PAGE, lang=lang, dataset="public", goals="all", scope="pilots")
    long_name = next(k for k in downloads if k.endswith(".csv") and k.startswith("sdg_public"))
    long_rows = list(csv.DictReader(io.StringIO(downloads[long_name]().decode("utf-8-sig"), newline="")))
    downloads.clear()
    at.button_group(key="data_layout").set_value("wide").run()
    assert not at.exception
    name = next(k for k in downloads if k.endswith("-wide.csv"))
    rows = list(csv.DictReader(io.StringIO(downloads[name]().decode("utf-8-sig"), newline="")))
    heads = list(rows[0])
    assert heads[0] == t("col_indicator", lang) and heads[2] == t("col_province", lang)
    offset = 543 if lang == "th" else 0
    years = sorted({int(r[tech("year", lang)]) for r in long_rows})
    assert [h for h in heads if h.isdigit()] == [str(y + offset) for y in years]
    one = long_rows[0]
    row = next(
        r
        for r in rows
        if r[t("col_indicator", lang)] == one[t("col_indicator", lang)]
        and r[t("col_province", lang)] == one[t("col_province", lang)]
        and r[t("data_col_disagg", lang)] == one[t("data_col_disagg", lang)]
    )
    assert float(row[str(int(one[tech("year", lang)]) + offset)]) == float(one[t("col_value", lang)])
    n_keys = {
        (r[t("col_indicator", lang)], r[t("col_province", lang)], r[t("data_col_disagg", lang)]) for r in long_rows
    }
    assert len(rows) == len(n_keys)
    wb = openpyxl.load_workbook(io.BytesIO(downloads[name.replace(".csv", ".xlsx")]()))
    readme = {row[0]: row[1] for row in wb.worksheets[0].iter_rows(values_only=True) if row[0]}
    assert readme[t("data_rm_layout", lang)] == t("data_layout_wide", lang)


def test_downloads_public_have_no_demo_mark(app, downloads) -> None:
    at = app(PAGE, lang="en", dataset="public", goals="all", scope="all")
    assert not at.exception
    names = [k for k in downloads if k.startswith("sdg_public")]
    assert names and not any("DEMO" in k for k in names)
    data = downloads[next(k for k in names if k.endswith(".csv"))]()
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows and t("col_demo", "en") not in rows[0]
    assert all(r[t("col_year", "en")] == r[tech("year", "en")] for r in rows)  # C.E. in English
    wb = openpyxl.load_workbook(io.BytesIO(downloads[next(k for k in names if k.endswith(".xlsx"))]()))
    assert wb.worksheets[0]["A1"].value != t("data_xlsx_warning", "en")


def test_large_selection_previews_and_caps_downloads(app, downloads, monkeypatch, con) -> None:
    # small limits stand in for a national-scale selection of millions of rows
    monkeypatch.setattr(view, "PREVIEW_ROWS", 50)
    monkeypatch.setattr(view, "XLSX_MAX_ROWS", 100)
    at = app(PAGE, lang="en", goals="all", scope="all", dataset="demo")
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


@pytest.mark.parametrize("lang", ["th", "en"])
def test_consistency_section(app, downloads, con, lang: str) -> None:
    """The consistency report: the public pairs that differ, largest first, with their CSV;
    the demo dataset has none and says so. The Bueng Kan note is there in both."""
    from lib.views import consistency as cons

    at = app(PAGE, lang=lang, dataset="public")
    assert not at.exception
    assert any(t("cons_header", lang) in h.value for h in at.subheader)
    captions = [c.value for c in at.caption]
    assert t("cons_caption", lang) in captions and t("cons_bueng_kan", lang) in captions
    pairs = queries.consistency(con, "public")
    s = cons.summary(pairs)
    assert s.n_pairs > 0
    counts = t("cons_counts", lang, n=s.n_pairs, differ=s.n_differ, agree=s.n_agree, tol=cons.TOL_PCT)
    assert counts in captions
    table = next(d.value for d in at.dataframe if t("cons_col_diff", lang) in d.value.columns)
    assert len(table) == s.n_differ
    assert table[t("cons_col_diff", lang)].abs().is_monotonic_decreasing
    years = set(table[t("col_year", lang)])
    assert ("2553" in years) if lang == "th" else ("2010" in years)
    assert any(b.proto.label == t("cons_dl_csv", lang) for b in at.get("download_button"))
    made = downloads[cons.file_name("public", False, lang)]
    assert callable(made), "the CSV is made when the button is clicked"
    rows = list(csv.DictReader(io.StringIO(made().decode("utf-8-sig"), newline="")))
    assert len(rows) == s.n_pairs
    assert {"nso_syb_2016_t10_14", "src_nesdc_poverty_t33_total"} <= {r[t("cons_csv_shown_id", lang)] for r in rows}

    demo = app(PAGE, lang=lang, dataset="demo")
    assert not demo.exception
    assert any(i.value == t("cons_none", lang) for i in demo.info)
    assert t("cons_bueng_kan", lang) in [c.value for c in demo.caption]
    assert not any(t("cons_col_diff", lang) in d.value.columns for d in demo.dataframe)
