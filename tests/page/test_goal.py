"""Goal explorer: lib/views/goal.py, lib/charts/goal.py and pages/3_goal.py."""

from __future__ import annotations

import json
import re

import pytest

from lib.app import inert
from lib.app.widgets import GOAL_BAND_KEY
from lib.core.vocab import BE_OFFSET
from lib.i18n import t
from lib.store import queries
from lib.views import coverage as coverage_view

PAGE = "pages/3_goal.py"


def _band(at) -> str:
    """The goal band's colour (its CSS rule, lib.app.widgets.goal_band)."""
    rules = [h.proto.body for h in at.get("html") if f".st-key-{GOAL_BAND_KEY}" in h.proto.body]
    assert len(rules) == 1, rules
    colour = re.search(r"background: (#[0-9A-Fa-f]{6})", rules[0])
    assert colour, rules[0]
    return colour.group(1)


def _charts(at) -> dict[str, dict]:
    """Plotly specs by a short name derived from their content."""
    out: dict[str, dict] = {}
    for c in at.get("plotly_chart"):
        spec = json.loads(c.proto.spec)
        roles = {str((tr.get("meta") or {}).get("role") or "") for tr in spec["data"]}
        if "box" in roles:
            out["dist"] = spec
        elif any(tr.get("type") == "bar" for tr in spec["data"]):
            out["ranking"] = spec
        else:
            out["trends"] = spec
    return out


def _qp(at, key: str) -> str | None:
    v = at.query_params.get(key)
    return v[-1] if isinstance(v, list) else v


@pytest.mark.parametrize("lang", ["en", "th"])
def test_page_opens_on_public_data(app, con, lang):
    """No dataset in the link: the real ``public`` data, no demo banner or stamp, the default
    province's real series in the trend chart."""
    at = app(PAGE, lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    assert _qp(at, "dataset") == "public"
    assert t("demo_banner", lang) not in [w.value for w in at.warning]
    line = coverage_view.line_text(queries.coverage_summary(con, "public"), "public", lang)
    assert line is not None and line in [c.value for c in at.caption]
    goals = queries.goals(con).set_index("goal")
    assert at.title[0].value == t("goal_title", lang, goal=1, name=goals.loc[1, f"short_{lang}"])
    specs = _charts(at)
    assert set(specs) == {"ranking", "trends", "dist"} and _band(at) == goals.loc[1, "colour"]
    assert all(t("demo_mark", lang) not in json.dumps(s, ensure_ascii=False) for s in specs.values())
    assert len(specs["ranking"]["layout"]["yaxis"]["categoryarray"]) == 15  # pilots only (default)
    # the trend chart draws the default province's real values of the indicator in the URL
    indicator, province = _qp(at, "indicator"), _qp(at, "province")
    assert indicator in queries.indicators_with_data(con, "public")
    totals = queries.totals(con, "public")
    mine = totals[(totals["indicator_id"] == indicator) & (totals["province_code"] == province)]
    assert len(mine) > 0
    trace = next(tr for tr in specs["trends"]["data"] if (tr.get("meta") or {}).get("province") == province)
    offset = BE_OFFSET if lang == "th" else 0  # the Thai axis counts years B.E.
    assert [int(x) for x in trace["x"]] == sorted(int(y) + offset for y in mine["year"])


@pytest.mark.parametrize("lang", ["en", "th"])
def test_page_renders_demo(app, con, lang):
    at = app(PAGE, goal="1", lang=lang, province="TH-58", dataset="demo")
    assert not at.exception
    assert t("demo_banner", lang) in [w.value for w in at.warning]
    goals = queries.goals(con).set_index("goal")
    assert at.title[0].value == t("goal_title", lang, goal=1, name=goals.loc[1, f"short_{lang}"])
    specs = _charts(at)
    assert set(specs) == {"ranking", "trends", "dist"}
    assert _band(at) == goals.loc[1, "colour"]
    assert len(specs["ranking"]["layout"]["yaxis"]["categoryarray"]) == 15  # pilots only (default)
    assert len(at.multiselect[0].value) == 4 and at.multiselect[0].value[0] == "TH-58"
    for name in ("ranking", "trends", "dist"):
        assert t("demo_mark", lang) in json.dumps(specs[name], ensure_ascii=False)
    if lang == "th":
        assert "2567" in specs["ranking"]["layout"]["title"]["text"]


@pytest.mark.parametrize("lang", ["en", "th"])
def test_page_renders_public_every_goal(app, lang):
    for goal in (1, 13):
        at = app(PAGE, goal=str(goal), lang=lang, dataset="public")
        assert not at.exception
        assert all(t("demo_mark", lang) not in json.dumps(s, ensure_ascii=False) for s in _charts(at).values())


def test_pilot_toggle_switches_between_15_and_all(app):
    at = app(PAGE, goal="1", lang="en", pilot="0")
    assert not at.exception
    n_all = len(_charts(at)["ranking"]["layout"]["yaxis"]["categoryarray"])
    assert n_all > 15
    at.toggle(key="w_pilot").set_value(True).run()
    assert len(_charts(at)["ranking"]["layout"]["yaxis"]["categoryarray"]) == 15


def test_goal_change_changes_the_content(app, con):
    at = app(PAGE, goal="1", lang="en")
    before = (at.title[0].value, _band(at))
    at.selectbox(key="w_goal").set_value(6).run()
    assert not at.exception
    goals = queries.goals(con).set_index("goal")
    after = (at.title[0].value, _band(at))
    assert t("goal_badge", "en", goal=6) in [m.value for m in at.markdown]
    assert after == (t("goal_title", "en", goal=6, name=goals.loc[6, "short_en"]), goals.loc[6, "colour"])
    assert before != after


def test_choosing_provinces_changes_the_trend_chart(app):
    at = app(PAGE, goal="1", lang="en", province="TH-58")
    names_before = [tr["name"] for tr in _charts(at)["trends"]["data"]]
    at.multiselect[0].set_value(["TH-58", "TH-10"]).run()
    assert not at.exception
    assert [tr["name"] for tr in _charts(at)["trends"]["data"]] == ["Mae Hong Son", "Bangkok"] != names_before
    at.multiselect[0].set_value([]).run()
    assert t("goal_pick_none", "en") in [i.value for i in at.info]


def test_query_parameters_restore_state(app, con):
    inds = queries.indicators(con)
    row = inds.loc[inds["goal"] == 11].iloc[-1]
    years = queries.years(con, "demo")
    at = app(PAGE, indicator=str(row["indicator_id"]), lang="th", province="TH-83", year=str(years[-2]))
    assert not at.exception
    specs = _charts(at)
    assert at.selectbox(key="w_goal").value == 11  # the indicator decides the goal
    assert str(row["name_th"])[:15] in specs["dist"]["layout"]["title"]["text"].replace("<br>", " ")
    assert str(years[-2] + 543) in specs["dist"]["layout"]["title"]["text"]
    assert at.multiselect[0].value[0] == "TH-83"


def test_bad_parameters_fall_back_with_a_warning(app):
    at = app(PAGE, goal="42", lang="xx", dataset="secret", pilot="maybe")
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    for param, value in (("goal", "42"), ("lang", "xx"), ("dataset", "secret"), ("pilot", "maybe")):
        assert t("bad_param", "th", param=inert(param, 40), value=inert(value)) in warnings
    assert at.selectbox(key="w_goal").value == 1
