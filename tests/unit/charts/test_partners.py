"""Partners page figures (lib.charts.partners): programme-wide activities in their own striped
shade, the matrices' empty-cell marks, the gap frames, years in B.E., no demo stamp on the
activity charts (the needs grid carries it with demo scores)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from lib.charts import partners as charts
from lib.charts.theme import is_demo_figure
from lib.i18n import t
from lib.store import queries
from lib.views import partners as view
from tests import frames
from tests.unit.views.test_partners import CODES, hand_activities
from tests.unit.views.test_partners_needs import GOALS, gaps_of


@pytest.fixture()
def acts() -> pd.DataFrame:
    return hand_activities()


def _texts(fig) -> list[str]:
    return [str(x) for tr in fig.data if tr.type == "scatter" and tr.mode == "text" for x in tr.text]


def test_partner_bars_stack_programme_wide_striped(acts: pd.DataFrame) -> None:
    sp = view.sector_partner(acts, "th")
    fig = charts.partner_bars(sp, lang="th", title="title")
    solid = [tr for tr in fig.data if tr.meta and "sector" in tr.meta and not tr.meta.get("programme")]
    striped = [tr for tr in fig.data if tr.meta and tr.meta.get("programme")]
    assert [tr.meta["sector"] for tr in solid] == ["government", "academia", "media", "international"]
    assert solid[0].name == "ก (3)" and list(solid[0].x) == [3]
    assert solid[0].marker.color == view.SECTOR_COLOURS["government"]
    intl = next(tr for tr in striped if tr.meta["sector"] == "international")
    assert list(intl.x) == [1] and intl.marker.pattern.shape == "/"
    assert any(tr.meta and tr.meta.get("legend") == "programme" for tr in fig.data), "one legend entry for the shade"
    assert list(fig.layout.yaxis.categoryarray)[-1] == "มท.", "first sector on top"
    assert fig.layout.barmode == "stack"
    assert not is_demo_figure(fig, "th"), "partner activities are real: never stamped as demo"
    long = sp.assign(partner_name=["x" * 80 + "a", "x" * 80 + "b", "c", "d", "e"])
    cut = charts.partner_bars(long, lang="en", title="t")
    assert len(set(cut.layout.yaxis.categoryarray)) == 5 and all(len(c) <= 47 for c in cut.layout.yaxis.categoryarray)
    only_local = charts.partner_bars(view.sector_partner(view.local(acts), "en"), lang="en", title="t")
    assert not any(tr.meta and tr.meta.get("legend") == "programme" for tr in only_local.data)


def test_sector_matrix_marks_empty_and_programme_only_cells(acts: pd.DataFrame) -> None:
    cells = view.sector_cells(acts, CODES, frames.partner_provinces(), frames.sectors_frame(), "en")
    fig = charts.sector_matrix(cells, lang="en", title="title")
    z = np.asarray(fig.data[0].z, dtype=float)
    assert z.shape == (4, 7)
    state = dict(zip(zip(cells["row"], cells["col"]), cells["state"]))
    for (r, c), st in state.items():
        band = 0 if st == view.NONE else 1 if st == view.PROG_ONLY else 2
        assert min(int(z[r, c]), 2) == band, "three distinct colour bands: none, programme-only, named"
    texts = _texts(fig)
    assert texts.count(t("part_mark_none", "en")) == int((cells["state"] == view.NONE).sum())
    assert texts.count(t("part_mark_programme", "en")) == int((cells["state"] == view.PROG_ONLY).sum()) == 2
    assert list(fig.layout.yaxis.ticktext) == ["P94 ★", "P95 ★", "P96 ★", "Samut Prakan"]
    assert not is_demo_figure(fig, "en")


def test_share_and_year_bars(acts: pd.DataFrame) -> None:
    cells = view.sector_cells(acts, CODES, frames.partner_provinces(), frames.sectors_frame(), "en")
    share = charts.sector_share_bars(view.sector_share(cells), lang="en", title="t")
    assert list(share.data[1].text) == ["1/7", "2/7", "2/7", "3/7"]
    py = view.per_year(acts, frames.sectors_frame(), 2026, "th")
    fig = charts.year_bars(py, value="n_activities", lang="th", title="t")
    assert list(fig.layout.xaxis.categoryarray) == [str(y + 543) for y in range(2021, 2027)], "B.E. in Thai"
    striped = [tr for tr in fig.data if tr.meta and tr.meta.get("programme")]
    assert [tr.meta["sector"] for tr in striped] == ["international"]
    assert sum(int(sum(y for y in tr.y if y is not None)) for tr in fig.data if tr.y is not None) == 11
    partners = charts.year_bars(py, value="n_partners", lang="en", title="t")
    assert partners.layout.barmode == "stack"
    nw = charts.new_partner_bars(view.new_partners(acts, frames.sectors_frame(), 2026, "en"), lang="en", title="t")
    assert sorted(tr.meta["sector"] for tr in nw.data) == ["academia", "government", "international", "media"]


def test_goal_and_budget_bars(acts: pd.DataFrame) -> None:
    gc = view.goal_counts(acts, frames.goals_frame(), "en")
    bars = charts.goal_bars(gc, lang="en", title="title")
    assert list(bars.data[0].marker.color) == frames.SDG_COLOURS, "official goal colours"
    assert list(bars.data[1].x) == gc["n_programme"].tolist()
    assert list(bars.data[1].marker.line.width)[2] == 0, "no outline on an empty programme-wide bar"
    bg = view.budget_by_goal(acts, frames.goals_frame(), list(range(1, 18)), "en")
    fig = charts.budget_goal_bars(bg, lang="en", title="t")
    assert list(fig.data[0].y)[-1] == t("part_budget_no_goal", "en")
    bp = view.budget_by_province(acts, CODES, frames.partner_provinces(), "en")
    fig = charts.budget_province_bars(bp, lang="en", title="t")
    assert list(fig.data[0].marker.pattern.shape) == ["", "", "", "", "/", ""], "programme-wide striped"


def test_gap_grid_frames_weak_goals_without_activity(acts: pd.DataFrame) -> None:
    gaps = gaps_of(acts)
    fig = charts.gap_grid(gaps, goals=frames.goals_frame(), lang="en", demo=False, title="t")
    frames_drawn = [s for s in fig.layout.shapes if s.line.width == 3]
    assert len(frames_drawn) == 2, "one black frame per gap"
    spots = {(round((s.x0 + s.x1) / 2), round((s.y0 + s.y1) / 2)) for s in frames_drawn}
    assert spots == {(GOALS.index(16), 0), (GOALS.index(1), 1)}, "Pattani's goal 16, Yala's goal 1"
    texts = _texts(fig)
    assert t("part_mark_none", "en") in texts and t("part_mark_programme", "en") in texts
    assert not is_demo_figure(fig, "en")
    demo = charts.gap_grid(gaps, goals=frames.goals_frame(), lang="th", demo=True, title="t")
    assert is_demo_figure(demo, "th"), "demo scores are stamped"
    spec = json.dumps(fig.to_plotly_json()["layout"]["xaxis"]["ticktext"], ensure_ascii=False)
    assert "Goal 16" in spec


def test_figures_from_database(con) -> None:
    acts = queries.activities(con)
    goals = queries.goals(con)
    gc = view.goal_counts(acts, goals, "en")
    fig = charts.goal_bars(gc, lang="en", title="t")
    assert list(fig.data[0].marker.color) == goals["colour"].tolist(), "official goal colours"
    sp = view.sector_partner(acts, "en")
    assert int(sp["n"].sum()) == len(acts)
    assert int(sp["n_programme"].sum()) == int((acts["scope"] == "programme").sum())
    assert set(sp["sector"]) <= set(view.SECTOR_COLOURS)
