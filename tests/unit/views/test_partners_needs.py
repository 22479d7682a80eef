"""Needs against help (lib.views.partners): each province's weak goals beside the activities on
them, the province x goal gaps (a weak goal no activity naming the province works on), and the
budget rule (split equally, programme-wide apart, totals add up). Also the province profile's
"weak goals without a partner" (lib.views.province). Hand-made scores, ``hand_activities``."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lib.i18n import t
from lib.views import partners as view
from lib.views import province as province_view
from tests import frames
from tests.unit.views.test_partners import CODES, NARATHIWAT, PATTANI, SAMUT_PRAKAN, YALA, hand_activities


@pytest.fixture()
def acts() -> pd.DataFrame:
    return hand_activities()


def goal_level() -> pd.DataFrame:
    """Pattani: 1 red 20, 4 orange 35, 5 green 80, 11 yellow 60, 16 red 10.
    Yala: 1 orange 45, 4 red 25, 16 yellow 70 (no score for 5 and 11)."""
    pattani = frames.province_goal_level(
        PATTANI, {1: 20.0, 4: 35.0, 5: 80.0, 11: 60.0, 16: 10.0}, {1: "red", 4: "orange", 5: "green", 16: "red"}
    )
    yala = frames.province_goal_level(YALA, {1: 45.0, 4: 25.0, 16: 70.0}, {1: "orange", 4: "red"})
    return pd.concat([pattani, yala], ignore_index=True)


GOALS = [1, 4, 5, 11, 16]


def gaps_of(acts: pd.DataFrame) -> pd.DataFrame:
    return view.goal_gaps(
        goal_level(), acts, [PATTANI, YALA], GOALS, frames.partner_provinces(), frames.goals_frame(), "en"
    )


def test_goal_gaps_weak_goal_without_activity_stands_out(acts: pd.DataFrame) -> None:
    gaps = gaps_of(acts)
    assert len(gaps) == 2 * 5
    cell = gaps.set_index(["code", "goal"])
    assert cell.loc[(PATTANI, 1), "n"] == 1 and not cell.loc[(PATTANI, 1), "gap"], "a1 works on it"
    assert cell.loc[(PATTANI, 1), "n_programme"] == 1
    assert cell.loc[(PATTANI, 16), "gap"], "red, and no activity names Pattani for goal 16"
    assert cell.loc[(YALA, 1), "gap"] and cell.loc[(YALA, 1), "n_programme"] == 1, (
        "programme-wide work reaches Yala's goal 1 but does not fill the gap"
    )
    assert not cell.loc[(YALA, 4), "gap"] and cell.loc[(YALA, 4), "n"] == 2
    assert not cell.loc[(PATTANI, 5), "weak"], "green is never weak"
    assert cell.loc[(YALA, 5), "status"] == "grey" and not cell.loc[(YALA, 5), "weak"], "no score: not weak"
    assert cell.loc[(PATTANI, 1), "partners"] == "MOI" and cell.loc[(PATTANI, 16), "partners"] == ""
    assert gaps["gap"].sum() == 2
    assert view.gap_counts(gaps) == (2, 5, 2)
    table = view.gap_table(gaps, "en", demo=True)
    assert table.columns[0] == t("col_demo", "en"), "demo scores are marked"
    assert table[t("part_col_gap", "en")].tolist().count(t("part_yes", "en")) == 2


def test_goal_gaps_count_the_selection_only(acts: pd.DataFrame) -> None:
    """Without programme-wide activities the counts are the same (they never count as a
    province's); with a sector filter only that sector's activities fill a gap."""
    no_prog = view.filter_activities(acts, programme=False)
    gaps = gaps_of(no_prog)
    assert gaps["n_programme"].sum() == 0 and gaps["gap"].sum() == 2
    media = view.filter_activities(acts, sectors=["media"])
    gaps = gaps_of(media)
    assert set(zip(gaps.loc[gaps["gap"], "code"], gaps.loc[gaps["gap"], "goal"])) == {
        (PATTANI, 1),
        (PATTANI, 4),
        (PATTANI, 16),
        (YALA, 1),
    }, "Yala's red goal 4 has a media activity (a3)"


def test_weakest_beside(acts: pd.DataFrame) -> None:
    gaps = gaps_of(acts)
    table = view.weakest_beside(gaps, "en")
    goal = t("col_goal", "en")
    assert table[t("col_province", "en")].tolist() == ["P94 ★"] * 3 + ["P95 ★"] * 3
    assert table[goal].tolist() == ["16. Goal 16", "1. Goal 1", "4. Goal 4", "4. Goal 4", "1. Goal 1", "16. Goal 16"]
    assert table[t("part_col_local", "en")].tolist() == [0, 1, 1, 2, 0, 2]
    assert table[t("col_partner", "en")].tolist()[0] == t("part_none_short", "en")
    assert table[t("col_partner", "en")].tolist()[3] == "PSU, Radio"
    assert view.weakest_beside(gaps.iloc[0:0], "en").empty


def test_budget_split_equally_and_adds_up(acts: pd.DataFrame) -> None:
    b = view.budget_summary(acts)
    assert (b.n_with, b.n_without) == (6, 2)
    assert b.total == pytest.approx(6.0e6) and b.programme == pytest.approx(3.0e6)
    bg = view.budget_by_goal(acts, frames.goals_frame(), list(range(1, 18)), "en").set_index("goal")
    assert bg.loc[1, "local"] == pytest.approx(0.5 + 0.4), "a1 split over goals 1 and 11, a7 whole"
    assert bg.loc[4, "local"] == pytest.approx(0.3 + 0.2) and bg.loc[16, "local"] == pytest.approx(0.3)
    assert bg.loc[1, "programme"] == pytest.approx(1.5) and bg.loc[4, "programme"] == pytest.approx(1.5)
    assert bg.loc[0, "local"] == pytest.approx(0.8) and bg.loc[0, "label"] == t("part_budget_no_goal", "en")
    assert (bg["local"].sum() + bg["programme"].sum()) == pytest.approx(6.0), "the bars add up to the total"
    bp = view.budget_by_province(acts, CODES, frames.partner_provinces(), "en")
    assert bp["label"].tolist() == [
        "P94 ★",
        "P95 ★",
        "P96 ★",
        "Samut Prakan",
        t("part_budget_programme", "en"),
        t("part_budget_no_province", "en"),
    ]
    assert bp["value"].tolist() == pytest.approx([1.0, 0.6, 0.4 + 0.4, 0.4, 3.0, 0.2])
    assert bp["kind"].tolist() == ["province"] * 4 + ["programme", "none"]
    assert bp["value"].sum() == pytest.approx(6.0)
    # Pattani alone: its share only; the programme apart, never split over the pilots
    pattani = view.filter_activities(acts, provinces=[PATTANI])
    bp = view.budget_by_province(pattani, [PATTANI], frames.partner_provinces(), "en")
    assert bp["value"].tolist() == pytest.approx([1.0, 3.0])
    nothing = view.budget_summary(acts.assign(budget_thb=float("nan")))
    assert (nothing.n_with, nothing.n_without, nothing.total) == (0, 8, 0.0)


def test_province_profile_weak_goals_without_a_partner(acts: pd.DataFrame) -> None:
    strip = province_view.goal_strip(goal_level(), frames.goals_frame(), PATTANI, "en")
    gaps = province_view.weak_without_partner(strip, acts, PATTANI)
    assert gaps["goal"].tolist() == [16], "goals 1 (a1) and 4 (a2) have a partner; 16 has none"
    assert gaps["n_programme"].tolist() == [0]
    yala = province_view.weak_without_partner(
        province_view.goal_strip(goal_level(), frames.goals_frame(), YALA, "en"), acts, YALA
    )
    assert yala["goal"].tolist() == [1] and yala["n_programme"].tolist() == [1], (
        "the programme-wide p1 works on goal 1 but does not count as Yala's partner"
    )
    assert province_view.weak_gap_text(yala, "en") == f"1. Goal 1 ({t('status.orange', 'en')}, 45.0)"
    named, prog = province_view.split_scope(acts)
    assert prog["activity_id"].tolist() == ["p1"] and len(named) == 7
    assert len(province_view.partner_table(named, PATTANI, "en")) == 2, "a1 and a2 name Pattani"
    old = frames.activities_frame()  # frames without a scope column: nothing is programme-wide
    assert province_view.split_scope(old)[1].empty
    none = province_view.weak_without_partner(
        province_view.goal_strip(goal_level(), frames.goals_frame(), NARATHIWAT, "en"), acts, NARATHIWAT
    )
    assert none.empty, "no scores: no weak goal"
    assert SAMUT_PRAKAN not in set(prog["provinces"].iloc[0])


def test_province_partner_table_sorts_in_thai_order(acts: pd.DataFrame) -> None:
    """Within a sector, partners by Thai dictionary order (a leading vowel files under its
    consonant): เครือข่าย… before ตาก…, not after it as code points would put it."""
    two = acts.loc[acts["activity_id"].isin(["a1", "a6"])].copy()
    two["provinces"] = [np.array([PATTANI], dtype=object)] * 2
    two["partner_th"] = ["ตากสิน", "เครือข่าย"]
    table = province_view.partner_table(two, PATTANI, "th")
    assert table[t("col_partner", "th")].tolist() == ["เครือข่าย", "ตากสิน"]
