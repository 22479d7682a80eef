"""Figures of the progress page (lib/charts/progress.py) on frames shaped by lib.views.progress."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from lib.charts import progress as charts
from lib.charts.theme import PILOT_OUTLINE, STAMP_NAME, is_demo_figure
from lib.core import progress
from lib.i18n import t
from lib.views import progress as view
from tests.frames import SDG_COLOURS, goals_frame
from tests.unit.views.test_progress import TH10, _goal1_progress, _indicators, _obs, _provinces, _targets


def _snap(lang: str = "en") -> pd.DataFrame:
    prog = progress.indicator_progress(_obs(TH10), _indicators(), _targets(), year=2024)
    return view.goal_snapshot(prog, goals_frame(), lang)


def _part(fig, name: str):
    return next(tr for tr in fig.data if tr.meta and tr.meta.get("part") == name)


def test_pale() -> None:
    assert charts.pale("#E5243B") == "rgba(229,36,59,0.22)"
    assert charts.pale("#000000", 0.5) == "rgba(0,0,0,0.5)"


def test_snapshot_draws_made_needed_and_regression_the_escap_way() -> None:
    snap = _snap()
    fig = charts.snapshot(snap, lang="en", demo=False, title="Snapshot")
    assert fig.layout.barmode == "relative"
    made, needed, reg = _part(fig, "made"), _part(fig, "needed"), _part(fig, "regression")
    by_goal = dict(zip(made.y, range(len(made.y)), strict=True))
    g1, g6 = by_goal["1. Goal 1"], by_goal["6. Goal 6"]
    assert made.x[g1] == pytest.approx(0.5) and needed.x[g1] == pytest.approx(0.5) and reg.x[g1] == 0
    assert made.x[g6] == 0 and needed.x[g6] == 1 and reg.x[g6] == pytest.approx(-1 / 3)  # left of the baseline
    assert list(made.marker.color) == SDG_COLOURS  # progress made in the goal's own colour
    assert needed.marker.color[g1] == charts.pale(SDG_COLOURS[0])  # the rest of the way, pale
    assert reg.marker.color == charts.REGRESSION_COLOUR
    # every goal is labelled at its bar's end with the indicators behind it
    notes = {a.y: a.text for a in fig.layout.annotations}
    assert notes["1. Goal 1"] == "1 indicator" and notes["2. Goal 2"] == "no data" and len(notes) == len(snap)
    assert all(a.x == 1.0 for a in fig.layout.annotations if a.text != "no data")
    # the key: neutral colours (the bars have each goal's), in the language
    keys = [tr.name for tr in fig.data if tr.meta.get("part") == "key"]
    assert keys == [t("prog_legend_made", "en"), t("prog_legend_needed", "en"), t("prog_legend_regression", "en")]
    assert all(not tr.showlegend for tr in (made, needed, reg))
    assert list(fig.layout.yaxis.categoryarray)[-1] == "1. Goal 1"  # goal 1 on top
    assert max(fig.layout.xaxis.tickvals) == 1.0 and fig.layout.xaxis.range[0] < -1 / 3
    assert not is_demo_figure(fig, "en")


def test_snapshot_in_thai_with_the_demo_stamp() -> None:
    fig = charts.snapshot(_snap("th"), lang="th", demo=True, title="ภาพรวม")
    assert is_demo_figure(fig, "th")
    assert t("prog_bar_none", "th") in {a.text for a in fig.layout.annotations}
    assert fig.layout.xaxis.title.text == t("prog_axis_csi", "th")


def test_ranking_colours_regression_red_and_outlines_the_selected() -> None:
    obs = _obs([*TH10, ("water", "TH-11", 2015, 80.0), ("water", "TH-11", 2020, 85.0)])
    rank, _ = view.ranking(
        progress.indicator_progress(obs, _indicators(), _targets(), year=2024), _provinces(), 6, "en"
    )
    fig = charts.ranking(rank, colour="#26BDE2", selected="TH-10", lang="en", demo=False, title="Goal 6")
    bar = fig.data[0]
    assert list(bar.y) == ["Samut Prakan", "Bangkok ★"]  # 5/15 then -5/15
    assert list(bar.marker.color) == ["#26BDE2", charts.REGRESSION_COLOUR]
    assert list(bar.marker.line.color) == ["rgba(0,0,0,0)", PILOT_OUTLINE]
    assert list(bar.text) == ["33%", "-33%"]
    assert list(fig.layout.yaxis.categoryarray) == ["Bangkok ★", "Samut Prakan"]  # best on top


def test_ranking_of_many_provinces_grows_and_is_stamped() -> None:
    rank, _ = view.ranking(_goal1_progress(), _provinces(), 1, "th")
    many = pd.concat([rank] * 10, ignore_index=True).assign(name=[f"P{i}" for i in range(30)])
    small = charts.ranking(rank, colour="#E5243B", selected="TH-99", lang="th", demo=True, title="x")
    big = charts.ranking(many, colour="#E5243B", selected="TH-99", lang="th", demo=True, title="x")
    assert big.layout.height > small.layout.height and is_demo_figure(big, "th")


def _scatter_frame() -> pd.DataFrame:
    pairs = pd.DataFrame(
        {
            "province_code": ["TH-10", "TH-11", "TH-12", "TH-13"],
            "x": [1.0, 2.0, 3.0, 4.0],
            "y": [2.0, 4.0, 7.0, 1.0],
            "x_year": 2020,
            "y_year": 2021,
        }
    )
    return view.scatter_frame(pairs, _provinces(), "th", x_decimals=1, y_decimals=1)


def test_scatter_marks_pilots_and_carries_the_code_for_the_click() -> None:
    fig = charts.scatter(
        _scatter_frame(), x_title="X", y_title="Y", lang="th", demo=False, title="XY", selected="TH-12"
    )
    others, pilots = fig.data
    assert others.meta == {"pilot": False} and pilots.meta == {"pilot": True}
    assert pilots.marker.symbol == "diamond" and others.marker.symbol == "circle"
    assert [c[0] for c in pilots.customdata] == ["TH-10", "TH-12"]
    assert [c[0] for c in others.customdata] == ["TH-11", "TH-13"]
    assert list(pilots.customdata[1][1:]) == ["นนทบุรี ★", "3.0", "7.0", "2563", "2564"]
    named = [a for a in fig.layout.annotations if (a.name or "").startswith("selected")]
    assert [a.text for a in named] == ["<b>นนทบุรี ★</b>"] and (named[0].x, named[0].y) == (3.0, 7.0)
    assert list(pilots.marker.line.color) == ["#FFFFFF", PILOT_OUTLINE]
    assert "%{customdata[4]}" in pilots.hovertemplate and "X" in pilots.hovertemplate
    assert fig.layout.xaxis.type == "linear" and fig.layout.xaxis.title.text == "X"
    assert not is_demo_figure(fig, "th")


def test_scatter_log_axes_and_demo_stamp() -> None:
    fig = charts.scatter(
        _scatter_frame(), x_title="X", y_title="Y", lang="en", demo=True, title="XY", log_x=True, log_y=True
    )
    assert fig.layout.xaxis.type == "log" and fig.layout.yaxis.type == "log"
    assert not [a for a in fig.layout.annotations if a.name and a.name != STAMP_NAME]  # nothing selected
    named = charts.scatter(
        _scatter_frame(), x_title="X", y_title="Y", lang="en", demo=False, title="XY", selected="TH-13", log_x=True
    ).layout.annotations[0]
    assert named.x == pytest.approx(math.log10(4.0)) and named.y == 1.0  # a log axis places it by the logarithm
    assert is_demo_figure(fig, "en")


def test_scatter_without_pilots_has_one_trace() -> None:
    sc = _scatter_frame()
    fig = charts.scatter(sc[~sc["is_pilot"]], x_title="X", y_title="Y", lang="en", demo=False, title="XY")
    assert len(fig.data) == 1 and fig.data[0].meta == {"pilot": False}
