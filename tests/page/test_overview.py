"""Overview (app.py): view shaping, figure builders, and the page under AppTest."""

from __future__ import annotations

import json

import pytest

from lib.core.vocab import PILOT_STAR
from lib.i18n import t
from lib.store import queries
from lib.views import coverage as coverage_view


def _qp(at, key: str) -> str | None:
    """A query parameter's value after a run (AppTest may hold a str or a list)."""
    v = at.query_params.get(key)
    return v[-1] if isinstance(v, list) else v


def _spec(at, i: int = 0) -> dict:
    return json.loads(at.get("plotly_chart")[i].proto.spec)


def _grid(at):
    """The status table's data: one row per province, one column per goal ("1" .. "17")."""
    grids = [d.value for d in at.dataframe if list(d.value.columns) == [str(g) for g in range(1, 18)]]
    assert len(grids) == 1, [list(d.value.columns) for d in at.dataframe]
    return grids[0]


def _opens_on_public(at, con, lang: str) -> None:
    """No dataset in the link: the real ``public`` data, with the coverage line and no demo
    banner or stamp."""
    assert not at.exception, [e.value for e in at.exception]
    assert _qp(at, "dataset") == "public"
    assert t("demo_banner", lang) not in [w.value for w in at.warning]
    line = coverage_view.line_text(queries.coverage_summary(con, "public"), "public", lang)
    assert line is not None and line in [c.value for c in at.caption]
    mark = t("demo_mark", lang)
    for chart in at.get("plotly_chart"):
        assert mark not in json.dumps(json.loads(chart.proto.spec), ensure_ascii=False)


@pytest.mark.parametrize("lang", ["th", "en"])
def test_page_opens_on_public_data(app, con, lang: str) -> None:
    at = app("app.py", lang=lang)
    _opens_on_public(at, con, lang)
    assert at.title[0].value == t("ov_title", lang)
    # the goal comparison at least, and the status table with a row per pilot
    assert len(at.get("plotly_chart")) >= 1 and len(_grid(at)) == 15
    # the headline numbers are what the real data cover for the pilots (too thin for an index)
    cat = queries.provinces(con)
    pilots = list(cat.loc[cat["is_pilot"], "code"])
    cov = queries.coverage_summary(con, "public", pilots)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[t("ov_cov_indicators", lang)] == f"{cov['n_indicators']} / {len(queries.indicators(con))}"
    assert metrics[t("ov_cov_provinces_pilots", lang)] == f"{cov['n_provinces']} / {len(pilots)}"
    assert t("ov_cov_no_index", lang, n=len(pilots)) in [i.value for i in at.info]
    # the vintage table marks the public dataset and counts its values
    ds = queries.datasets(con).set_index("dataset")
    vintage = next(d.value for d in at.dataframe if d.value.shape[1] != len(_grid(at).columns))
    shown = vintage.loc[vintage.iloc[:, 0].str.endswith("◀")]
    assert len(shown) == 1 and shown.iloc[0, 0].startswith(ds.loc["public", f"name_{lang}"])
    assert f"{int(ds.loc['public', 'n_obs']):,}" in shown.astype(str).iloc[0].tolist()


@pytest.mark.parametrize("lang", ["th", "en"])
def test_page_renders(app, lang: str) -> None:
    """Demo data (an explicit choice): every province has an index, so all three figures and
    the status table, marked as demo."""
    at = app("app.py", lang=lang, dataset="demo")
    assert not at.exception, [e.value for e in at.exception]
    assert t("demo_banner", lang) in [w.value for w in at.warning]
    assert len(at.get("plotly_chart")) == 3 and len(_grid(at)) == 15
    assert any(t("demo_mark", lang) in c.value for c in at.caption)
    assert at.title[0].value == t("ov_title", lang)
    assert len(at.metric) >= 4
    ranking = _spec(at, 0)
    assert len(ranking["data"][0]["y"]) == 15


def test_pilot_toggle_shows_all_77(app) -> None:
    at = app("app.py", lang="en", dataset="demo")  # the ranking needs an index: demo data have one
    assert len(_grid(at)) == 15
    at.toggle(key="w_pilot").set_value(False).run()
    assert not at.exception
    assert len(_spec(at, 0)["data"][0]["y"]) == 77 and len(_grid(at)) == 77
    assert sum(PILOT_STAR in str(n) for n in _grid(at).index) == 15  # the pilots marked among all 77
    assert _qp(at, "pilot") == "0"


def test_year_param_restores_state(app) -> None:
    at = app("app.py", lang="th", year="2020")
    assert not at.exception
    assert "2563" in _spec(at, 0)["layout"]["title"]["text"]  # B.E.
    assert any("2563" in m.value for m in at.markdown)  # the status table's title
    at_en = app("app.py", lang="en", year="2020", pilot="0")
    assert "2020" in _spec(at_en, 0)["layout"]["title"]["text"]
    assert len(_grid(at_en)) == 77


def test_bad_param_falls_back_with_warning(app) -> None:
    at = app("app.py", lang="en", year="1800")
    assert not at.exception
    assert any("year=1800" in w.value for w in at.warning)
    assert _qp(at, "year") != "1800"


def test_public_dataset_has_no_demo_stamp(app) -> None:
    at = app("app.py", lang="en", dataset="public")
    assert not at.exception
    mark = t("demo_mark", "en")
    assert len(at.get("plotly_chart")) >= 1  # the goal comparison at least
    assert not any(t("demo_mark", "en") in c.value for c in at.caption)
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        assert all(a.get("text") != mark for a in spec["layout"].get("annotations", []))
    demo = app("app.py", lang="en", dataset="demo")
    assert any(a.get("text") == mark for a in _spec(demo, 1)["layout"]["annotations"])


def test_a_click_on_a_grid_cell_opens_the_province_at_its_goal(db_path) -> None:
    """What the status grid's on_select callback keeps (lib.app.clicks): the next run opens the
    province profile with the goal of the cell; a click on the goal strip opens the goal page."""
    from streamlit.testing.v1 import AppTest

    from tests.conftest import page_path

    at = AppTest.from_file(page_path("app.py"), default_timeout=90)
    at.query_params.update({"lang": "en", "dataset": "demo"})
    at.run()
    assert not at.exception
    at.session_state["click_goto"] = ("TH-50", 4)
    at.run()
    assert not at.exception
    f = at.session_state["filters"]
    assert (f.province, f.goal) == ("TH-50", 4) and at.title[0].value.startswith("Chiang Mai")
    at.session_state["click_goto"] = (None, 6)  # the strip of the province page
    at.run()
    assert not at.exception
    f = at.session_state["filters"]
    assert (f.province, f.goal) == ("TH-50", 6)
    assert t("goal_ranking_header", "en") in [s.value for s in at.subheader]
