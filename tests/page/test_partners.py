"""Partners page: views (filters, URL form, breakdowns), figures, strings and the page (AppTest)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from lib.i18n import t
from lib.store import queries
from lib.views import coverage as coverage_view
from lib.views import partners as view
from lib.views.common import list_of
from tests import frames

PAGE = "pages/4_partners.py"


@pytest.fixture()
def acts() -> pd.DataFrame:
    return frames.activities_frame()


def _param(at, key: str) -> str | None:
    """A query parameter of the finished run (AppTest keeps a str or a list of str)."""
    v = at.query_params.get(key)
    return v[-1] if isinstance(v, list) and v else v


def _activity_list(at) -> pd.DataFrame:
    return at.dataframe[-1].value


@pytest.mark.parametrize("lang", ["th", "en"])
def test_page_opens_on_public_data(app, con, lang: str) -> None:
    """No dataset in the link: the real ``public`` data in the sidebar, so no demo banner and no
    'not demo' note; the headline numbers count the database's activities and partners."""
    at = app(PAGE, lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    assert _param(at, "dataset") == "public"
    assert t("demo_banner", lang) not in [w.value for w in at.warning]
    assert t("part_not_demo", lang) not in [i.value for i in at.info]
    line = coverage_view.line_text(queries.coverage_summary(con, "public"), "public", lang)
    assert line is not None and line in [c.value for c in at.caption]
    acts = queries.activities(con)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[t("part_m_activities", lang)] == str(acts["activity_id"].nunique())
    assert metrics[t("part_m_partners", lang)] == str(acts["partner_id"].nunique())
    assert len(_activity_list(at)) == acts["activity_id"].nunique()


@pytest.mark.parametrize("lang", ["th", "en"])
def test_page_renders(app, lang: str) -> None:
    at = app(PAGE, lang=lang)
    assert not at.exception
    assert at.title[0].value == t("part_title", lang)
    assert len(at.get("plotly_chart")) == 3
    figs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    mark = t("demo_mark", lang)
    assert all(mark not in json.dumps(f.get("layout", {}).get("annotations", []), ensure_ascii=False) for f in figs)
    assert any(t("part_source_note", lang) == c.value for c in at.caption)
    lst = _activity_list(at)
    assert t("col_link", lang) in lst.columns and len(lst) > 0
    assert all(str(u).startswith("http") for u in lst[t("col_link", lang)])


def test_page_public_dataset_has_no_demo_notice(app) -> None:
    at = app(PAGE, lang="en", dataset="public")
    assert not at.exception
    assert not at.info, "the 'not demo' note is only needed when the sidebar shows demo data"
    at_demo = app(PAGE, lang="en", dataset="demo")
    assert t("demo_banner", "en") in [w.value for w in at_demo.warning]
    assert any(i.value == t("part_not_demo", "en") for i in at_demo.info)


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
    row = acts.iloc[0]
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
    at.toggle(key="part_follow").set_value(False).run()
    assert len(_activity_list(at)) == len(acts)
    assert "follow" not in at.query_params


def test_bad_params_warn_and_fall_back(app) -> None:
    at = app(PAGE, lang="en", sector="nonsense", sdg="99", follow="maybe")
    assert not at.exception
    warned = " ".join(w.value for w in at.warning)
    for p in ("sector=nonsense", "sdg=99", "follow=maybe"):
        assert p in warned
    assert at.multiselect(key="part_sector").value == []
    assert at.toggle(key="part_follow").value is False
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
