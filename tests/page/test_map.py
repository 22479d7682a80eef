"""Map page (pages/1_map.py): geometry, shaping, the choropleth builder, and the page under AppTest."""

from __future__ import annotations

import json
from typing import Any

import pytest

from lib.core.catalogue import DEFAULT_PROVINCE
from lib.i18n import fmt_value, t
from lib.store import catalogue, queries
from lib.views import coverage as coverage_view


@pytest.fixture(scope="module")
def data(demo_data: dict[str, Any]) -> dict[str, Any]:
    return demo_data


def _qp(at, key: str) -> str | None:
    """A query parameter's value after a run (AppTest may hold a str or a list)."""
    v = at.query_params.get(key)
    return v[-1] if isinstance(v, list) else v


def _map_spec(at) -> dict:
    charts_ = at.get("plotly_chart")
    assert len(charts_) == 1
    return json.loads(charts_[0].proto.spec)


@pytest.mark.parametrize("lang", ["th", "en"])
def test_page_renders(app, lang: str) -> None:
    at = app("pages/1_map.py", province="TH-58", lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    spec = _map_spec(at)
    assert len(spec["data"][0]["locations"]) == 77
    assert at.title[0].value == t("map_title", lang)
    assert at.segmented_control(key="w_map_measure").value == "indicator"
    assert _qp(at, "measure") == "indicator"
    assert any(("แม่ฮ่องสอน" if lang == "th" else "Mae Hong Son") in md.value for md in at.markdown)


@pytest.mark.parametrize("lang", ["th", "en"])
def test_page_opens_on_public_data(app, con, lang: str) -> None:
    """No dataset in the link: the real ``public`` data, no demo banner or stamp, and the
    default province's value is the one the store scores as of the year in view."""
    at = app("pages/1_map.py", lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    assert _qp(at, "dataset") == "public"
    assert t("demo_banner", lang) not in [w.value for w in at.warning]
    line = coverage_view.line_text(queries.coverage_summary(con, "public"), "public", lang)
    assert line is not None and line in [c.value for c in at.caption]
    spec = _map_spec(at)
    assert len(spec["data"][0]["locations"]) == 77
    assert t("demo_mark", lang) not in json.dumps(spec, ensure_ascii=False)
    indicator, year = _qp(at, "indicator"), int(_qp(at, "year"))
    assert indicator in queries.indicators_with_data(con, "public")
    cat = catalogue.load(con)
    lvl = catalogue.scores(con, "public", year, cat).indicator_level
    row = lvl[(lvl["indicator_id"] == indicator) & (lvl["province_code"] == DEFAULT_PROVINCE)]
    assert len(row) == 1
    decimals = int(cat.indicator(indicator)["decimals"])
    assert at.metric[0].value == fmt_value(float(row["value"].iloc[0]), decimals)
    assert at.metric[0].label == cat.unit(indicator, lang)


@pytest.mark.parametrize("lang", ["th", "en"])
def test_demo_link_shows_the_demo_banner(app, lang: str) -> None:
    at = app("pages/1_map.py", lang=lang, dataset="demo")
    assert not at.exception
    assert t("demo_banner", lang) in [w.value for w in at.warning]
    assert t("demo_mark", lang) in json.dumps(_map_spec(at), ensure_ascii=False)


def test_indicator_change_changes_the_map(app, data) -> None:
    at = app("pages/1_map.py", lang="en")
    before = _map_spec(at)
    other = data["inds"].loc[data["inds"]["goal"] == 1, "indicator_id"].iloc[1]
    at.selectbox(key="w_indicator").set_value(other).run()
    assert not at.exception
    after = _map_spec(at)
    assert after["data"][0]["z"] != before["data"][0]["z"]
    assert _qp(at, "indicator") == other


def test_measure_control_and_param(app) -> None:
    at = app("pages/1_map.py", lang="en", measure="goal")
    assert not at.exception
    assert at.segmented_control(key="w_map_measure").value == "goal"
    assert _map_spec(at)["data"][0]["meta"]["measure"] == "goal"
    at.segmented_control(key="w_map_measure").set_value("index").run()
    assert _map_spec(at)["data"][0]["meta"]["measure"] == "index"
    assert _qp(at, "measure") == "index"


@pytest.mark.parametrize(
    "params, check",
    [
        ({"year": "2020", "lang": "th"}, lambda s: "2563" in s["layout"]["title"]["text"]),
        ({"year": "2020", "lang": "en"}, lambda s: "2020" in s["layout"]["title"]["text"]),
        (
            {"pilot": "0", "lang": "en"},
            lambda s: (
                len(s["data"]) >= 1 and all(d.get("name") != t("map_legend_out_of_view", "en") for d in s["data"])
            ),
        ),
        (
            {"pilot": "1", "lang": "en"},
            lambda s: any(d.get("name") == t("map_legend_out_of_view", "en") for d in s["data"]),
        ),
        ({"measure": "index", "lang": "en"}, lambda s: s["data"][0]["meta"]["measure"] == "index"),
    ],
)
def test_query_params_restore_state(app, params, check) -> None:
    at = app("pages/1_map.py", **params)
    assert not at.exception
    assert check(_map_spec(at))
    for k, v in params.items():
        assert _qp(at, k) == v


@pytest.mark.parametrize("param, value", [("measure", "bogus"), ("year", "1800"), ("indicator", "nope")])
def test_bad_params_fall_back_with_warning(app, param: str, value: str) -> None:
    at = app("pages/1_map.py", lang="en", **{param: value})
    assert not at.exception
    assert any(f"{param}={value}" in w.value for w in at.warning)
    assert _qp(at, param) != value
    assert len(_map_spec(at)["data"][0]["locations"]) == 77
