"""Partners page under AppTest, in Thai and English: the counting rules on screen (programme-wide
activities apart, every card counting only the selection, the Pattani case), the switch, the
"no academic/media partner" lists, the needs view, the filters and their link, the downloads.
The invented 60-activity 3W file (tests/fixtures/activities) is loaded into a copy of the
session database for the tests that need many activities."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from lib.core.paths import ROOT
from lib.i18n import t
from lib.ingest import activities as act
from lib.store import catalogue, queries
from lib.store.db import connect_read_only
from lib.views import coverage as coverage_view
from lib.views import partners as view
from lib.views.common import list_of

PAGE = "pages/4_partners.py"
FIXTURE = ROOT / "tests" / "fixtures" / "activities" / "activities_3w.csv"
PATTANI = "TH-94"


@pytest.fixture(scope="module")
def db60(db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the session database with the invented 60-activity file loaded."""
    path = tmp_path_factory.mktemp("partners") / "sdg60.duckdb"
    shutil.copyfile(db_path, path)
    checked = act.check(FIXTURE.read_bytes(), FIXTURE.name, act.load_registry(path))
    assert checked.ok
    act.apply(checked, path, user="tests")
    return path


@pytest.fixture()
def use60(db60: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SDG_DB", str(db60))
    return db60


def _acts(path: Path) -> pd.DataFrame:
    con = connect_read_only(path)
    try:
        return queries.activities(con)
    finally:
        con.close()


def _param(at, key: str) -> str | None:
    """A query parameter of the finished run (AppTest keeps a str or a list of str)."""
    v = at.query_params.get(key)
    return v[-1] if isinstance(v, list) and v else v


def _activity_list(at) -> pd.DataFrame:
    return at.dataframe[-1].value


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _markdown(at) -> str:
    """The page's Markdown as read: escapes and bold marks removed."""
    return "\n".join(m.value for m in at.markdown).replace("\\", "").replace("**", "")


def _programme(acts: pd.DataFrame) -> pd.Series:
    return acts["scope"] == "programme"


@pytest.mark.parametrize("lang", ["th", "en"])
def test_page_opens_on_public_data(app, con, lang: str) -> None:
    """No dataset in the link: the real ``public`` data in the sidebar, so no demo banner and no
    'not demo' note; the cards count the activities that name provinces, the programme-wide
    ones apart; the list holds them all."""
    at = app(PAGE, lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    assert _param(at, "dataset") == "public"
    assert t("demo_banner", lang) not in [w.value for w in at.warning]
    assert t("part_not_demo", lang) not in [i.value for i in at.info]
    line = coverage_view.line_text(queries.coverage_summary(con, "public"), "public", lang)
    assert line is not None and line in [c.value for c in at.caption]
    acts = queries.activities(con)
    local = acts.loc[~_programme(acts)]
    metrics = _metrics(at)
    assert metrics[t("part_m_activities", lang)] == str(len(local))
    assert metrics[t("part_m_partners", lang)] == str(local["partner_id"].nunique())
    assert metrics[t("part_m_programme", lang)] == str(int(_programme(acts).sum()))
    named = {c for v in local["provinces"] for c in list_of(v)}
    assert metrics[t("part_m_provinces", lang)] == str(len(named))
    assert len(_activity_list(at)) == acts["activity_id"].nunique()


@pytest.mark.parametrize("lang", ["th", "en"])
def test_page_renders(app, lang: str) -> None:
    at = app(PAGE, lang=lang)
    assert not at.exception
    assert at.title[0].value == t("part_title", lang)
    figs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    # partners, sector share, matrix, 2 x per year, new partners, goals, needs grid (no budgets in the seed)
    assert len(figs) == 8
    mark = t("demo_mark", lang)
    assert all(mark not in json.dumps(f.get("layout", {}).get("annotations", []), ensure_ascii=False) for f in figs)
    assert any(t("part_source_note", lang) == c.value for c in at.caption)
    lst = _activity_list(at)
    assert t("col_link", lang) in lst.columns and len(lst) > 0
    assert all(str(u).startswith("http") for u in lst[t("col_link", lang)])
    assert t("part_budget_line", lang).split("**")[0] in _markdown(at), "says how many activities state no budget"


def test_page_public_dataset_has_no_demo_notice(app) -> None:
    at = app(PAGE, lang="en", dataset="public")
    assert not at.exception
    assert not at.info, "the 'not demo' note is only needed when the sidebar shows demo data"
    at_demo = app(PAGE, lang="en", dataset="demo")
    assert t("demo_banner", "en") in [w.value for w in at_demo.warning]
    assert any(i.value == t("part_not_demo", "en") for i in at_demo.info)
    figs = [json.loads(c.proto.spec) for c in at_demo.get("plotly_chart")]
    stamped = [
        f for f in figs if t("demo_mark", "en") in json.dumps(f["layout"].get("annotations", []), ensure_ascii=False)
    ]
    assert len(stamped) == 1, "only the needs grid shows the (demo) scores"


@pytest.mark.parametrize("lang", ["th", "en"])
def test_pattani_counts_pattani_only(app, use60, lang: str) -> None:
    """The issue's case, with the 60 invented activities loaded: with Pattani selected every card
    counts Pattani only (provinces = 1, not 15), programme-wide work on its own card."""
    at = app(PAGE, lang=lang, area=PATTANI)
    assert not at.exception, [e.value for e in at.exception]
    acts = _acts(use60)
    local = acts.loc[~_programme(acts) & acts["provinces"].map(lambda v: PATTANI in list_of(v))]
    where = "ปัตตานี" if lang == "th" else "Pattani"
    metrics = _metrics(at)
    assert metrics[t("part_m_activities_in", lang, where=where)] == str(len(local)) == "10"
    assert metrics[t("part_m_partners_in", lang, where=where)] == str(local["partner_id"].nunique())
    assert metrics[t("part_m_sectors", lang)] == str(local["sector"].nunique())
    assert metrics[t("part_m_provinces_of", lang, n=1)] == "1"
    assert metrics[t("part_m_programme", lang)] == str(int(_programme(acts).sum())) == "20"
    text = _markdown(at)
    # the gap list answers "which sectors are missing in Pattani"
    assert t("part_gap_civil_society", lang) in text and t("part_gap_academia", lang) not in text
    assert t("part_needs_summary", lang, n=1, weak=7, provinces=1, total=1).split("**")[1] in text
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    matrix, grid = [s for s in specs if s["data"][0].get("type") == "heatmap"]
    assert matrix["layout"]["yaxis"]["ticktext"] == [f"{where} ★"], "one row: Pattani"
    assert grid["layout"]["yaxis"]["ticktext"] == [f"{where} ★"]
    assert len(_activity_list(at)) == len(local) + 20


@pytest.mark.parametrize("lang", ["th", "en"])
def test_no_academic_or_media_partner_list(app, use60, lang: str) -> None:
    """At a glance: which pilot provinces have no academic, media or private-sector partner."""
    at = app(PAGE, lang=lang)
    assert not at.exception
    con = connect_read_only(use60)
    try:
        cat = catalogue.load(con)
        sectors = queries.sectors(con)
    finally:
        con.close()
    acts = view.filter_activities(_acts(use60))
    cells = view.sector_cells(acts, cat.pilot_codes, cat.provinces, sectors, lang)
    gaps = {g.sector: g for g in view.sector_gaps(cells, lang)}
    text = _markdown(at)
    for sector in ("academia", "media", "private"):
        line = f"{view.gap_line(gaps[sector], lang)} {', '.join(gaps[sector].missing)}"
        assert line in text, line
    assert len(gaps["media"].missing) == 10 and len(gaps["academia"].missing) == 2


def test_programme_switch(app, use60) -> None:
    at = app(PAGE, lang="en")
    acts = _acts(use60)
    assert len(_activity_list(at)) == len(acts)
    at.toggle(key="part_programme").set_value(False).run()
    assert not at.exception
    assert len(_activity_list(at)) == int((~_programme(acts)).sum()), "programme-wide activities left out"
    assert _param(at, "programme") == "0"
    assert _metrics(at)[t("part_m_programme_off", "en")] == "20", "still counted on their card"
    again = app(PAGE, lang="th", programme="0")
    assert again.toggle(key="part_programme").value is False
    assert len(_activity_list(again)) == int((~_programme(acts)).sum())


def test_filter_changes_content_and_url(app, con) -> None:
    at = app(PAGE, lang="en")
    n_all = len(_activity_list(at))
    acts = queries.activities(con)
    sector = acts["sector"].value_counts().index[-1]  # the sector with fewest activities
    at.multiselect(key="part_sector").set_value([sector]).run()
    assert not at.exception
    lst = _activity_list(at)
    assert 0 < len(lst) < n_all
    assert len(lst) == int((acts["sector"] == sector).sum())
    assert _param(at, "sector") == sector


def test_query_params_restore_state(app, con) -> None:
    acts = queries.activities(con)
    row = acts.loc[~_programme(acts)].iloc[0]
    prov = str(list_of(row["provinces"])[0])
    goal = int(list_of(row["goals"])[0])
    at = app(PAGE, lang="en", sector=row["sector"], partner=row["partner_id"], area=prov, sdg=str(goal))
    assert not at.exception and not [w for w in at.warning if "link parameter" in w.value]
    assert at.multiselect(key="part_sector").value == [row["sector"]]
    assert at.multiselect(key="part_partner").value == [row["partner_id"]]
    assert at.multiselect(key="part_area").value == [prov]
    assert at.multiselect(key="part_sdg").value == [goal]
    expected = view.filter_activities(acts, [row["sector"]], [row["partner_id"]], [prov], [goal])
    assert len(_activity_list(at)) == len(expected) > 0


def test_follow_sidebar(app, con) -> None:
    at = app(PAGE, lang="en", province="TH-63", goal="11", follow="1")
    assert not at.exception
    assert at.toggle(key="part_follow").value is True
    acts = queries.activities(con)
    expected = view.filter_activities(acts, provinces=["TH-63"], goals=[11])
    assert len(_activity_list(at)) == len(expected)
    assert _metrics(at)[t("part_m_activities_in", "en", where="Tak")] == str(int((~expected["programme"]).sum()))
    at.toggle(key="part_follow").set_value(False).run()
    assert len(_activity_list(at)) == len(acts)
    assert "follow" not in at.query_params


def test_bad_params_warn_and_fall_back(app) -> None:
    at = app(PAGE, lang="en", sector="nonsense", sdg="99", follow="maybe", programme="x")
    assert not at.exception
    warned = " ".join(w.value for w in at.warning)
    for p in ("sector=nonsense", "sdg=99", "follow=maybe", "programme=x"):
        assert p in warned
    assert at.multiselect(key="part_sector").value == []
    assert at.toggle(key="part_follow").value is False
    assert at.toggle(key="part_programme").value is True
    assert "sector" not in at.query_params


def test_empty_selection_shows_notice(app, con) -> None:
    acts = queries.activities(con)
    # a province without any activity (a non-pilot, when all activities are in pilots)
    with_acts = {str(c) for v in acts["provinces"] for c in list_of(v)}
    provs = queries.provinces(con)
    empty = next(c for c in provs["code"] if c not in with_acts)
    at = app(PAGE, lang="th", area=empty)
    assert not at.exception
    assert any(i.value == t("part_none", "th") for i in at.info)
    assert not at.get("plotly_chart")


@pytest.mark.parametrize("lang", ["th", "en"])
def test_downloads_follow_the_filters(app, use60, downloads, lang: str) -> None:
    """CSV (byte-order mark, formula-safe) and .xlsx of the filtered list, headers in the language,
    in the columns of the 3W template."""
    at = app(PAGE, lang=lang, area=PATTANI, programme="0")
    assert not at.exception
    name = f"partner_activities_filtered_{PATTANI}"
    made = downloads[f"{name}.csv"]
    assert callable(made), "made when the button is clicked"
    data = made()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(rows) == len(_activity_list(at)) == 10, "the filters applied: Pattani, no programme-wide"
    heads = list(rows[0])
    assert heads[0] == t("act_col_partner", lang) and heads[-1] == t("act_col_source_url", lang)
    province = "ปัตตานี" if lang == "th" else "Pattani"
    assert all(province in r[t("act_col_provinces", lang)].split(";") for r in rows)
    wb = openpyxl.load_workbook(io.BytesIO(downloads[f"{name}.xlsx"]()))
    assert wb.sheetnames == [t("data_sheet_readme", lang), t("part_sheet_data", lang)]
    assert wb.worksheets[1].max_row == 11
    assert [c.value for c in wb.worksheets[1][1]] == heads
    readme = {r[0]: r[1] for r in wb.worksheets[0].iter_rows(values_only=True) if r[0]}
    assert readme[t("part_f_province", lang)] == province
    assert readme[t("part_f_programme", lang)] == t("part_no", lang)


def test_download_is_formula_safe_and_loads_back(db60: Path, tmp_path: Path) -> None:
    """A hostile title is written as text, and the file is the 3W template: the importer reads
    the activities it names back as unchanged."""
    from lib import exports

    acts = _acts(db60)
    con = connect_read_only(db60)
    try:
        provinces = queries.provinces(con)
    finally:
        con.close()
    imported = acts.loc[acts["origin"] == "import"]
    frame = view.export_frame(imported, provinces, "th")
    data = exports.csv_bytes(frame)
    back = act.check(data, "back.csv", act.load_registry(db60))
    assert back.ok, back.problems[:3]
    assert len(back.activities) == 60
    hostile = imported.assign(title=['=HYPERLINK("http://evil")'] + imported["title"].tolist()[1:])
    text = exports.csv_bytes(view.export_frame(hostile, provinces, "en")).decode("utf-8-sig")
    assert "'=HYPERLINK" in text
