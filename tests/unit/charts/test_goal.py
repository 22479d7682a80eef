"""Goal explorer: lib/views/goal.py, lib/charts/goal.py and pages/3_goal.py."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from lib.charts import goal as charts
from lib.charts.text import label_slots
from lib.charts.theme import HIGHLIGHT, is_demo_figure
from lib.core.vocab import STATUS_COLOURS
from lib.i18n import t
from lib.views import goal as view
from tests import frames

THAI = re.compile(r"[\u0E00-\u0E7F]")


@pytest.fixture()
def provinces() -> pd.DataFrame:
    return frames.goal_provinces()


_goal_level = frames.goal_goal_level


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
    fig = charts.distribution(
        d, unit="ร้อยละ", decimals=1, lang="th", demo=True, title="ความยากจน ปี 2567", green=2.0, red=10.0
    )
    by = {tr.meta["role"]: tr for tr in fig.data}
    assert len(by["box"].x) == 77
    assert len(by["other"].x) + len(by["pilot"].x) == 77 and len(by["pilot"].x) == 15
    assert by["pilot"].marker.color == HIGHLIGHT
    labels = sorted(a.text for a in fig.layout.annotations if a.name == "pilot_label")
    assert labels == sorted(d.loc[d["is_pilot"], "name"])
    assert all(THAI.search(x) for x in labels)
    assert by["pilot"].customdata[0][1] == "2567"  # hover year in B.E.
    assert is_demo_figure(fig, "th")
    assert not is_demo_figure(charts.distribution(d, unit="%", decimals=1, lang="en", demo=False, title="x"), "en")


def test_distribution_marks_a_selected_non_pilot():
    d = _dist_frame()
    fig = charts.distribution(
        d, unit="%", decimals=1, lang="en", demo=False, title="x", selected="TH-80"
    )  # index 70: not a pilot
    sel = next(tr for tr in fig.data if tr.meta["role"] == "selected")
    assert list(sel.x) == [d.loc[70, "value"]]
    assert any(a.name == "selected_label" and "จังหวัด70" in a.text for a in fig.layout.annotations)


def test_label_slots_never_overlap_within_a_slot():
    # 15 labels 0.2 apart, each 0.7 wide: a label overlaps its 3 neighbours on each side at
    # most, so 4 slots suffice and no two labels in one slot overlap.
    xs = [0.2 * i for i in range(15)][::-1]  # order of input does not matter
    slots = label_slots(xs, [0.7] * 15, n_slots=2 * len(charts.LABEL_OFFSETS_PX))
    assert max(slots) < 8
    for k in set(slots):
        spans = sorted((x - 0.35, x + 0.35) for x, s in zip(xs, slots) if s == k)
        assert all(a[1] < b[0] for a, b in zip(spans, spans[1:]))
    assert label_slots([1.0, 5.0, 9.0], [1.0, 1.0, 1.0], n_slots=8) == [0, 0, 0]  # far apart: all nearest
    assert label_slots([1.0, 1.1], [1.0, 1.0], n_slots=8) == [0, 1]  # close: above, below


def test_ranking_figure_colours_by_status_and_outlines_the_selected(provinces):
    r = view.ranking(_goal_level(), provinces, 1, provinces["code"], "th")
    fig = charts.ranking(r, selected="TH-58", lang="th", demo=False, title="x")
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
    fig = charts.trends(s, names=names, unit="ร้อยละ", decimals=1, lang="th", demo=True, title="x", green=2.0, red=10.0)
    assert [tr.name for tr in fig.data] == ["แม่ฮ่องสอน", "กรุงเทพมหานคร"]
    assert list(fig.data[0].x) == [2566, 2567] and fig.data[0].line.width > fig.data[1].line.width
    texts = [a.text for a in fig.layout.annotations]
    assert any(t("goal_green_line", "th") in x for x in texts) and any(t("goal_red_line", "th") in x for x in texts)
    assert is_demo_figure(fig, "th")
