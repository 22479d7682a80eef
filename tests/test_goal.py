"""Goal explorer: lib/views/goal.py, lib/charts/goal.py and pages/3_goal.py."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest

from lib.charts import goal as charts
from lib.charts.theme import HIGHLIGHT, STATUS_COLOURS, is_demo_figure
from lib.i18n import t
from lib.store import queries
from lib.views import goal as view

THAI = re.compile(r"[\u0E00-\u0E7F]")


@pytest.fixture()
def provinces() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": ["TH-10", "TH-50", "TH-58", "TH-20", "TH-40"],
            "name_th": ["กรุงเทพมหานคร", "เชียงใหม่", "แม่ฮ่องสอน", "ชลบุรี", "ขอนแก่น"],
            "name_en": ["Bangkok", "Chiang Mai", "Mae Hong Son", "Chon Buri", "Khon Kaen"],
            "is_pilot": [True, True, True, False, False],
        }
    )


def _goal_level() -> pd.DataFrame:
    # goal 1 scores: TH-20 90, TH-10 80, TH-50 60, TH-40 60 (tie), TH-58 30; goal 2 only TH-10
    rows = [
        ("TH-20", 1, 90.0, "green"),
        ("TH-10", 1, 80.0, "yellow"),
        ("TH-50", 1, 60.0, "orange"),
        ("TH-40", 1, 60.0, "orange"),
        ("TH-58", 1, 30.0, "red"),
        ("TH-10", 2, 50.0, "orange"),
        ("TH-58", 2, np.nan, "grey"),
    ]
    return pd.DataFrame(
        {
            "province_code": [r[0] for r in rows],
            "goal": [r[1] for r in rows],
            "score": [r[2] for r in rows],
            "status": [r[3] for r in rows],
            "trend": "→",
            "n_indicators": 2,
            "n_missing": 0,
        }
    )


# ----------------------------------------------------------------------- views


def test_ranking_best_first_with_shared_ranks_and_scope(provinces):
    r = view.ranking(_goal_level(), provinces, 1, provinces["code"], "en")
    assert r["province_code"].tolist() == ["TH-20", "TH-10", "TH-40", "TH-50", "TH-58"]
    assert r["rank"].tolist() == [1, 2, 3, 3, 5]  # 60 = 60 share rank 3
    assert r["name"].tolist()[1] == "Bangkok ★" and r["name"].tolist()[0] == "Chon Buri"
    pil = view.ranking(_goal_level(), provinces, 1, ["TH-10", "TH-50", "TH-58"], "th")
    assert pil["province_code"].tolist() == ["TH-10", "TH-50", "TH-58"] and pil["rank"].tolist() == [1, 2, 3]
    assert pil["status_label"].tolist()[2] == t("status.red", "th")


def test_ranking_leaves_out_and_names_provinces_without_a_score(provinces):
    scope = ["TH-10", "TH-50", "TH-58"]
    r = view.ranking(_goal_level(), provinces, 2, scope, "th")
    assert r["province_code"].tolist() == ["TH-10"]
    assert view.unscored(r, provinces, scope, "th") == sorted(["เชียงใหม่", "แม่ฮ่องสอน"])
    assert view.ranking(_goal_level(), provinces, 5, scope, "en").empty


def test_default_selection_is_selected_plus_best_middle_weakest():
    rank = pd.DataFrame({"province_code": [f"P{i}" for i in range(1, 16)]})  # P1 best ... P15 weakest
    # others = P1..P6, P8..P15 (14): positions 0, 13/2 = 6.5 -> 7, 13 -> P1, P9, P15
    assert view.default_selection("P7", rank, []) == ["P7", "P1", "P9", "P15"]
    # others = P2..P15 (14): positions 0, 7, 13 -> P2, P9, P15
    assert view.default_selection("P1", rank, []) == ["P1", "P2", "P9", "P15"]
    # others = P2..P6 (5): positions 0, 2, 4 -> P2, P4, P6
    assert view.default_selection("P1", rank.head(6), []) == ["P1", "P2", "P4", "P6"]
    # a short ranking is topped up from the pool, without repeats
    short = pd.DataFrame({"province_code": ["A", "B"]})
    assert view.default_selection("A", short, ["A", "B", "C", "D", "E"]) == ["A", "B", "C", "D"]
    assert view.default_selection("A", short.iloc[0:0], []) == ["A"]


def test_catalogue_table_lists_bounds_and_publisher():
    inds = pd.DataFrame(
        {
            "indicator_id": ["pov", "bmn"],
            "goal": [1, 1],
            "sdg_code": ["1.2.1", None],
            "name_th": ["ความยากจน", "จปฐ."],
            "name_en": ["Poverty", "BMN"],
            "unit": ["%", "% of households"],
            "unit_th": ["ร้อยละ", "ร้อยละของครัวเรือน"],
            "direction": ["lower", "lower"],
            "optimum": [0.0, 0.0],
            "green_threshold": [2.0, 0.5],
            "red_threshold": [10.0, 3.0],
            "lower_bound": [30.0, 8.0],
            "decimals": [1, 2],
            "publisher": ["NESDC", "CDD"],
        }
    )
    cov = pd.DataFrame({"indicator_id": ["pov", "pov"], "year": [2021, 2023], "n_provinces": [77, 70]})
    en = view.catalogue_table(inds, 1, "en", cov)
    assert en[t("goal_col_sdg_code", "en")].tolist() == ["1.2.1", "national indicator"]
    assert en[t("goal_col_direction", "en")].tolist() == ["lower", "lower"]
    assert en[t("goal_col_green", "en")].tolist() == ["2.0", "0.50"]
    assert en[t("goal_col_lower", "en")].tolist() == ["30.0", "8.00"]
    assert en[t("goal_col_publisher", "en")].tolist() == ["NESDC", "CDD"]
    assert en[t("goal_col_provinces", "en")].tolist() == ["70 (2023)", "–"]
    th = view.catalogue_table(inds, 1, "th", cov)
    assert th[t("col_unit", "th")].tolist() == ["ร้อยละ", "ร้อยละของครัวเรือน"]
    assert th[t("goal_col_provinces", "th")].tolist()[0] == "70 (2566)"


def test_trend_series_and_table_keep_the_chosen_order(provinces):
    obs = pd.DataFrame(
        {
            "province_code": ["TH-10", "TH-58", "TH-58", "TH-20"],
            "year": [2020, 2020, 2021, 2020],
            "value": [1.0, 5.0, 4.0, 2.0],
        }
    )
    s = view.trend_series(obs, ["TH-58", "TH-10"])
    assert s["province_code"].tolist() == ["TH-58", "TH-58", "TH-10"]
    names = dict(zip(provinces["code"], provinces["name_th"]))
    tab = view.trend_table(s, names, "th", True)
    assert list(tab.columns) == [t("col_demo", "th"), t("col_province", "th"), "2563", "2564"]
    assert tab[t("col_province", "th")].tolist() == ["แม่ฮ่องสอน", "กรุงเทพมหานคร"]


def test_distribution_covers_every_province_with_a_value(provinces):
    level = pd.DataFrame(
        {
            "indicator_id": ["pov"] * 4 + ["x"],
            "province_code": ["TH-10", "TH-50", "TH-20", "TH-40", "TH-58"],
            "value": [3.0, 9.0, 1.0, 6.0, 2.0],
            "year": [2023, 2022, 2023, 2023, 2023],
            "score": [90.0, 70.0, 97.0, 80.0, 93.0],
            "status": ["yellow", "orange", "green", "orange", "green"],
        }
    )
    d = view.distribution(level, provinces, "pov", "th")
    assert d["province_code"].tolist() == ["TH-20", "TH-10", "TH-40", "TH-50"]  # sorted by value
    assert d["is_pilot"].tolist() == [False, True, False, True]
    tab = view.distribution_table(d, "ร้อยละ", 1, "th", False)
    assert tab[t("col_year", "th")].tolist() == ["2566", "2566", "2566", "2565"]
    assert tab[t("col_province", "th")].tolist()[1] == "กรุงเทพมหานคร ★"


# ---------------------------------------------------------------------- charts


def _dist_frame(n_pilots: int = 15, n: int = 77) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    return pd.DataFrame(
        {
            "province_code": [f"TH-{10 + i}" for i in range(n)],
            "name": [f"จังหวัด{i}" for i in range(n)],
            "is_pilot": [i < n_pilots for i in range(n)],
            "value": rng.uniform(0, 30, n).round(1),
            "year": 2024,
            "score": 50.0,
            "status": "yellow",
            "status_label": "ยังมีความท้าทาย",
        }
    )


def test_distribution_figure_all_77_with_pilots_highlighted_and_labelled():
    d = _dist_frame()
    fig = charts.distribution(d, "ร้อยละ", 1, "th", True, "ความยากจน ปี 2567", green=2.0, red=10.0)
    by = {tr.meta["role"]: tr for tr in fig.data}
    assert len(by["box"].x) == 77
    assert len(by["other"].x) + len(by["pilot"].x) == 77 and len(by["pilot"].x) == 15
    assert by["pilot"].marker.color == HIGHLIGHT
    labels = sorted(a.text for a in fig.layout.annotations if a.name == "pilot_label")
    assert labels == sorted(d.loc[d["is_pilot"], "name"])
    assert all(THAI.search(x) for x in labels)
    assert by["pilot"].customdata[0][1] == "2567"  # hover year in B.E.
    assert is_demo_figure(fig, "th")
    assert not is_demo_figure(charts.distribution(d, "%", 1, "en", False, "x"), "en")


def test_distribution_marks_a_selected_non_pilot():
    d = _dist_frame()
    fig = charts.distribution(d, "%", 1, "en", False, "x", selected="TH-80")  # index 70: not a pilot
    sel = next(tr for tr in fig.data if tr.meta["role"] == "selected")
    assert list(sel.x) == [d.loc[70, "value"]]
    assert any(a.name == "selected_label" and "จังหวัด70" in a.text for a in fig.layout.annotations)


def test_label_slots_never_overlap_within_a_slot():
    # 15 labels 0.2 apart, each 0.7 wide: a label overlaps its 3 neighbours on each side at
    # most, so 4 slots suffice and no two labels in one slot overlap.
    xs = [0.2 * i for i in range(15)][::-1]  # order of input does not matter
    slots = charts.label_slots(xs, [0.7] * 15)
    assert max(slots) < 8
    for k in set(slots):
        spans = sorted((x - 0.35, x + 0.35) for x, s in zip(xs, slots) if s == k)
        assert all(a[1] < b[0] for a, b in zip(spans, spans[1:]))
    assert charts.label_slots([1.0, 5.0, 9.0], [1.0, 1.0, 1.0]) == [0, 0, 0]  # far apart: all nearest
    assert charts.label_slots([1.0, 1.1], [1.0, 1.0]) == [0, 1]  # close: above, below


def test_ranking_figure_colours_by_status_and_outlines_the_selected(provinces):
    r = view.ranking(_goal_level(), provinces, 1, provinces["code"], "th")
    fig = charts.ranking(r, "TH-58", "th", False, "x")
    for tr in fig.data:
        assert tr.marker.color == STATUS_COLOURS[tr.meta["status"]]
        assert tr.name == t(f"status.{tr.meta['status']}", "th")
    red = next(tr for tr in fig.data if tr.meta["status"] == "red")
    assert list(red.y) == ["แม่ฮ่องสอน ★"] and list(red.marker.line.width) == [3] and list(red.x) == [30.0]
    assert list(fig.layout.yaxis.categoryarray)[-1] == "ชลบุรี"  # best on top


def test_trends_figure_years_thresholds_and_stamp(provinces):
    s = pd.DataFrame(
        {"province_code": ["TH-58", "TH-58", "TH-10"], "year": [2023, 2024, 2024], "value": [12.0, 11.0, 3.0]}
    )
    names = dict(zip(provinces["code"], provinces["name_th"]))
    fig = charts.trends(s, names, "ร้อยละ", 1, "th", True, "x", green=2.0, red=10.0)
    assert [tr.name for tr in fig.data] == ["แม่ฮ่องสอน", "กรุงเทพมหานคร"]
    assert list(fig.data[0].x) == [2566, 2567] and fig.data[0].line.width > fig.data[1].line.width
    texts = [a.text for a in fig.layout.annotations]
    assert any(t("goal_green_line", "th") in x for x in texts) and any(t("goal_red_line", "th") in x for x in texts)
    assert is_demo_figure(fig, "th")


def test_header_uses_the_goal_colour():
    fig = charts.header(3, "#4C9F38", "th")
    assert fig.layout.shapes[0].fillcolor == "#4C9F38"
    assert t("goal_badge", "th", goal=3) in fig.layout.annotations[0].text


# ------------------------------------------------------------------ the page

PAGE = "pages/3_goal.py"


def _charts(at) -> dict[str, dict]:
    """Plotly specs by a short name derived from their content."""
    out: dict[str, dict] = {}
    for c in at.get("plotly_chart"):
        spec = json.loads(c.proto.spec)
        roles = {str((tr.get("meta") or {}).get("role") or "") for tr in spec["data"]}
        if spec["layout"].get("meta", {}).get("goal_colour"):
            out["header"] = spec
        elif "box" in roles:
            out["dist"] = spec
        elif any(tr.get("type") == "bar" for tr in spec["data"]):
            out["ranking"] = spec
        else:
            out["trends"] = spec
    return out


@pytest.mark.parametrize("lang", ["en", "th"])
def test_page_renders_demo(app, con, lang):
    at = app(PAGE, goal="1", lang=lang, province="TH-58")
    assert not at.exception
    goals = queries.goals(con).set_index("goal")
    assert at.title[0].value == t("goal_title", lang, goal=1, name=goals.loc[1, f"short_{lang}"])
    specs = _charts(at)
    assert set(specs) == {"header", "ranking", "trends", "dist"}
    assert specs["header"]["layout"]["meta"]["goal_colour"] == goals.loc[1, "colour"]
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
    before = (at.title[0].value, _charts(at)["header"]["layout"]["meta"]["goal_colour"])
    at.selectbox(key="w_goal").set_value(6).run()
    assert not at.exception
    goals = queries.goals(con).set_index("goal")
    after = (at.title[0].value, _charts(at)["header"]["layout"]["meta"]["goal_colour"])
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
        assert t("bad_param", "th", param=param, value=value) in warnings
    assert at.selectbox(key="w_goal").value == 1
