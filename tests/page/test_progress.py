"""The progress page (pages/8_progress.py) under AppTest on the public and demo data, its link
parameters and its click through to the profile; the progress line of the province profile."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from lib.app.text import inert
from lib.core import compare
from lib.core.progress import Anticipated
from lib.i18n import t, year_label
from lib.store import catalogue, queries
from lib.store import progress as store
from lib.views import progress as view
from tests.conftest import page_path
from tests.page.markdown import active

PAGE = "pages/8_progress.py"
CODE = "TH-58"  # a pilot with real series (Mae Hong Son)


def _specs(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def _qp(at, key: str) -> str | None:
    v = at.query_params.get(key)
    return v[-1] if isinstance(v, list) else v


@pytest.fixture(scope="module")
def public(db_path):
    from lib.store.db import connect_read_only

    con = connect_read_only(db_path)
    cat = catalogue.load(con)
    yield con, cat, store.targets(con)
    con.close()


@pytest.mark.parametrize("lang", ["th", "en"])
def test_page_on_public_data(app, public, lang: str) -> None:
    con, cat, targets = public
    at = app(PAGE, lang=lang, dataset="public", province=CODE, goal="3")
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == t("prog_title", lang)
    year = int(_qp(at, "year"))
    obs = queries.observations(con, "public", None, (CODE,), None, year, True)
    c = view.province_counts(obs, cat.indicators, targets, year=year)
    assert c.n_assessed > 0
    # the four counts, the line and the years each measure is computed on
    metrics = {m.label: m.value for m in at.metric}
    for klass, n in zip(
        (*view.CLASSES, Anticipated.NO_DATA), (c.on_track, c.accelerate, c.reverse, c.no_data), strict=True
    ):
        assert metrics[t(klass.key, lang)] == str(n)
    assert f"**{view.counts_line(c, lang)}**" in [m.value for m in at.markdown]
    pv = view.province_view(obs, cat.indicators, targets, cat.goals, year=year, lang=lang, demo=False)
    assert t("prog_years_caption", lang, csi=pv.csi_years, ap=pv.ap_years) in [x.value for x in at.caption]
    assert (pv.csi_years[:2] == "25") == (lang == "th")  # B.E. in Thai
    # the method next to it, in the page's language
    assert t("prog_method_md", lang) in [m.value for m in at.markdown]
    # snapshot, ranking and scatter; real data: no demo stamp
    specs = _specs(at)
    assert len(specs) == 3
    assert all(t("demo_mark", lang) not in json.dumps(s, ensure_ascii=False) for s in specs)
    snapshot = specs[0]
    assert t("prog_snapshot_title", lang, province=cat.province_name(CODE, lang), years=pv.csi_years) in json.dumps(
        snapshot["layout"]["title"], ensure_ascii=False
    )
    # the indicator table: one row per indicator with data, targets with their basis
    table = at.dataframe[0].value
    assert len(table) == len(pv.progress) and t("col_demo", lang) not in table.columns
    assert set(table[t("prog_col_target_basis", lang)]) <= {
        t("prog_basis_national", lang),
        t("prog_basis_sdsn_green", lang),
    }
    national = table[table[t("prog_col_target_basis", lang)] == t("prog_basis_national", lang)]
    assert national[t("prog_col_source", lang)].str.startswith("https://").all()
    # peers: the rule stated, five peers, the comparison table
    assert t("prog_peers_rule", lang, k=5, year=year_label(year, lang)) in [x.value for x in at.caption]
    assert len(at.dataframe[1].value) == 5
    assert t("prog_col_all_avg", lang) in at.dataframe[2].value.columns


def test_demo_dataset_is_marked(app) -> None:
    at = app(PAGE, lang="en", dataset="demo", province=CODE)
    assert not at.exception, [e.value for e in at.exception]
    assert t("demo_banner", "en") in [w.value for w in at.warning]
    specs = _specs(at)
    annotations = [json.dumps(s["layout"].get("annotations", []), ensure_ascii=False) for s in specs]
    assert len(specs) == 3 and all(t("demo_mark", "en") in a for a in annotations)
    for df in (at.dataframe[0].value, at.dataframe[2].value):
        assert df.columns[0] == t("col_demo", "en") and df.iloc[:, 0].all()


def test_pilots_only_toggle_limits_the_ranking(app, public) -> None:
    _, cat, _ = public
    ranked = {}
    for pilot in ("1", "0"):
        at = app(PAGE, lang="en", dataset="public", province=CODE, goal="8", pilot=pilot)
        assert not at.exception
        ranking = _specs(at)[1]
        ranked[pilot] = list(ranking["data"][0]["y"])
    assert 0 < len(ranked["1"]) <= cat.n_pilots
    assert all(n.endswith("★") for n in ranked["1"])
    assert len(ranked["0"]) > len(ranked["1"]) and any(not n.endswith("★") for n in ranked["0"])


def test_scatter_from_the_link(app, public) -> None:
    con, cat, _ = public
    at = app(PAGE, lang="th", dataset="public", province=CODE, x="gpp_per_capita", y="doctors_per_pop", sy="2022")
    assert not at.exception
    assert (_qp(at, "x"), _qp(at, "y"), _qp(at, "sy")) == ("gpp_per_capita", "doctors_per_pop", "2022")
    scatter = _specs(at)[2]
    pilots = next(tr for tr in scatter["data"] if tr["meta"]["pilot"])
    others = next(tr for tr in scatter["data"] if not tr["meta"]["pilot"])
    assert len(pilots["x"]) == cat.n_pilots and len(pilots["x"]) + len(others["x"]) == cat.n_provinces
    obs = queries.observations(con, "public", ("gpp_per_capita", "doctors_per_pop"), None, 2022, 2022, True)
    corr = compare.correlation(compare.scatter_pairs(obs, "gpp_per_capita", "doctors_per_pop", year=2022))
    assert f"**{view.correlation_text(corr, 'th')}**" in [m.value for m in at.markdown]
    assert t("prog_xy_caption", "th", n=cat.n_provinces, total=cat.n_provinces) in [c.value for c in at.caption]
    assert at.selectbox(key="w_prog_sy").value == 2022


def test_bad_scatter_parameters_fall_back_with_a_notice(app) -> None:
    evil = "[x](http://evil.example)"
    at = app(PAGE, lang="en", dataset="public", province=CODE, x=evil, sy="20x2")
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert t("bad_param", "en", param=inert("x", 40), value=inert(evil)) in warnings
    assert t("bad_param", "en", param=inert("sy", 40), value=inert("20x2")) in warnings
    assert not any(active(w) for w in warnings)  # the link's text is shown, never made a link
    assert (
        _qp(at, "x") != evil
        and _qp(
            at,
            "sy",
        )
        is not None
    )


def test_a_pair_without_a_common_year_says_so(app) -> None:
    # road deaths are of 2012 only, tourism revenue of 2023 only: no year has both
    at = app(PAGE, lang="en", dataset="public", province=CODE, x="road_deaths", y="tourism_gpp_share")
    assert not at.exception
    assert any(i.value.startswith(t("prog_xy_no_year", "en", x="@", y="@", k=3).split("@")[0]) for i in at.info)
    assert len(_specs(at)) == 2 and _qp(at, "sy") is None


def test_click_on_a_scatter_point_opens_the_profile(db_path) -> None:
    """The page runs inside the app (app.py as entry), so st.switch_page finds the profile."""
    at = AppTest.from_file(page_path("app.py"), default_timeout=90)
    at.query_params["lang"] = "en"
    at.query_params["dataset"] = "public"
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception and at.title[0].value == t("prog_title", "en")
    at.session_state["click_goto"] = ("TH-50", None)  # what the chart's on_select callback stores
    at.run()
    assert not at.exception
    assert at.session_state["filters"].province == "TH-50"
    assert at.title[0].value.startswith("Chiang Mai")


@pytest.mark.parametrize("lang", ["th", "en"])
def test_province_profile_has_the_progress_line(app, public, lang: str) -> None:
    con, cat, targets = public
    at = app("pages/2_province.py", lang=lang, dataset="public", province=CODE)
    assert not at.exception, [e.value for e in at.exception]
    year = int(_qp(at, "year"))
    c = view.province_counts(
        queries.observations(con, "public", None, (CODE,), None, year, True), cat.indicators, targets, year=year
    )
    line = f"**{t('prog_profile_header', lang)}:** {view.counts_line(c, lang)}"
    assert line in [m.value for m in at.markdown]


def test_choosing_indicators_and_log_scale_updates_the_scatter(app) -> None:
    at = app(PAGE, lang="en", dataset="public", province=CODE, x="gpp_per_capita", y="doctors_per_pop", sy="2022")
    at.selectbox(key="w_prog_y").select("waste_per_capita").run()
    assert not at.exception
    assert (_qp(at, "x"), _qp(at, "y")) == ("gpp_per_capita", "waste_per_capita")
    assert at.session_state["prog_xy"][:2] == ("gpp_per_capita", "waste_per_capita")
    assert at.selectbox(key="w_prog_sy").value == 2022  # still a year with both
    at.toggle(key="prog_log_x").set_value(True).run()
    scatter = _specs(at)[2]
    assert scatter["layout"]["xaxis"]["type"] == "log" and scatter["layout"]["yaxis"]["type"] == "linear"


@pytest.mark.parametrize("lang", ["th", "en"])
def test_a_province_plan_target_is_shown_with_its_kind(db_path, tmp_path, monkeypatch, lang: str) -> None:
    """A province's own target (loaded by lib.ingest.targets, invented here) is used and named:
    'Province plan' with its document in the table, and the line counts it."""
    import shutil

    from lib.ingest import targets as tg

    db = tmp_path / "own.duckdb"
    shutil.copyfile(db_path, db)
    body = "province,indicator,target_2030,source,note\nTH-58,waste_recycled,50,Invented Mae Hong Son plan,\n"
    checked = tg.check(body.encode(), "own.csv", tg.load_lookup(db))
    tg.apply(checked, db, user="test")
    monkeypatch.setenv("SDG_DB", str(db))
    at = AppTest.from_file(page_path(PAGE), default_timeout=90)
    for k, v in {"lang": lang, "dataset": "public", "province": CODE, "goal": "12"}.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    table = at.dataframe[0].value
    row = table[table[t("prog_col_target_basis", lang)].str.startswith(t("prog_basis_province", lang))]
    assert len(row) == 1, table[t("prog_col_target_basis", lang)].tolist()
    assert row.iloc[0][t("prog_col_target_basis", lang)] == t(
        "prog_basis_province_doc", lang, source="Invented Mae Hong Son plan"
    )
    assert any(m.value.endswith(t("prog_line_own", lang, n=1) + "**") for m in at.markdown)
    assert t("prog_goal_own", lang, n=1) in [c.value for c in at.caption]
