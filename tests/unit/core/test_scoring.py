"""Scoring rules (lib/core/scoring.py) checked against hand-worked numbers.

Arithmetic is written in the comments so a reader can redo it on paper.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from lib.core.scoring import (
    Scores,
    Status,
    Trend,
    compute_all,
    goal_frame,
    goal_score,
    goal_status,
    goal_trend,
    index_frame,
    index_score,
    indicator_score,
    indicator_status,
    indicator_trend,
    latest_values,
    score_frame,
    trend_frame,
)

G, Y, O, R, N = Status.GREEN, Status.YELLOW, Status.ORANGE, Status.RED, Status.GREY  # noqa: E741
UP, MOD, FLAT, DOWN, NONE = Trend.ON_TRACK, Trend.MODERATE, Trend.STAGNATING, Trend.DECREASING, Trend.NO_DATA


# ----------------------------------------------------------------- indicator score


def test_score_higher_is_better():
    # literacy %, optimum 100, lower bound 50: (80 - 50) / (100 - 50) * 100 = 30/50*100 = 60
    assert indicator_score(80, "higher", 100, 50) == pytest.approx(60.0)


def test_score_lower_is_better_bounds_swap():
    # poverty %, optimum 0, lower bound 30: (6 - 30) / (0 - 30) * 100 = -24/-30*100 = 80
    assert indicator_score(6, "lower", 0, 30) == pytest.approx(80.0)
    # at the bounds: x = 30 -> 0, x = 0 -> 100
    assert indicator_score(30, "lower", 0, 30) == 0.0
    assert indicator_score(0, "lower", 0, 30) == 100.0


def test_score_clamps_beyond_bounds():
    # (120 - 50)/50*100 = 140 -> 100 ; (40 - 50)/50*100 = -20 -> 0
    assert indicator_score(120, "higher", 100, 50) == 100.0
    assert indicator_score(40, "higher", 100, 50) == 0.0
    # poverty 35: (35 - 30)/(-30)*100 = -16.7 -> 0 ; poverty -1: (-31)/(-30)*100 = 103.3 -> 100
    assert indicator_score(35, "lower", 0, 30) == 0.0
    assert indicator_score(-1, "lower", 0, 30) == 100.0


def test_score_missing_and_bad_input():
    assert indicator_score(None, "higher", 100, 50) is None
    assert indicator_score(float("nan"), "lower", 0, 30) is None
    assert indicator_score(5, "higher", 50, 50) is None  # degenerate bounds
    with pytest.raises(ValueError):
        indicator_score(5, "up", 100, 0)


# ----------------------------------------------------------------- indicator status


@pytest.mark.parametrize(
    "x, expected",
    [
        # higher-is-better, green 80, red 50, midpoint (80 + 50)/2 = 65
        (100, G),
        (80, G),  # exactly green -> green
        (79.9, Y),
        (65, Y),  # midpoint belongs to yellow
        (64.9, O),
        (50, O),  # exactly red is not "worse than red" -> orange
        (49.9, R),
        (0, R),
        (None, N),
        (float("nan"), N),
    ],
)
def test_status_higher(x, expected):
    assert indicator_status(x, "higher", 80, 50) == expected


@pytest.mark.parametrize(
    "x, expected",
    [
        # lower-is-better poverty %, green 5, red 15, midpoint (5 + 15)/2 = 10
        (0, G),
        (5, G),
        (5.1, Y),
        (10, Y),
        (10.1, O),
        (15, O),
        (15.1, R),
        (40, R),
        (None, N),
    ],
)
def test_status_lower(x, expected):
    assert indicator_status(x, "lower", 5, 15) == expected


def test_status_is_str_enum():
    assert Status.GREEN == "green" and str(Status.ORANGE) == "orange"
    assert Trend.ON_TRACK == "↑" and str(Trend.NO_DATA) == "•"


# ----------------------------------------------------------------- goal status


@pytest.mark.parametrize(
    "statuses, expected",
    [
        ([G, G], G),  # both green
        ([G, Y], Y),  # (0 + 1)/2 = 0.5 -> ceil 1 -> yellow
        ([G, O], Y),  # (0 + 2)/2 = 1 -> yellow
        ([G, R], O),  # (0 + 3)/2 = 1.5 -> ceil 2 -> orange
        ([Y, Y], Y),  # 1
        ([Y, R], O),  # (1 + 3)/2 = 2 -> orange
        ([O, R], O),  # (2 + 3)/2 = 2.5 -> ceil 3 -> clamp 2 -> orange (red needs both red)
        ([R, R], R),  # both red
        ([G, G, G, R, R], R),  # two worst are red, red
        ([Y, G, G, G], Y),  # two worst: yellow, green -> 0.5 -> yellow
        ([G, R, N, None], O),  # grey / None ignored -> green + red -> orange
        ([R], R),
        ([G], G),
        ([O], O),  # one indicator counts as both
        ([N, None], N),
        ([], N),  # no data -> grey
        (["green", "yellow"], Y),  # plain strings accepted
    ],
)
def test_goal_status(statuses, expected):
    assert goal_status(statuses) == expected


# ----------------------------------------------------------------- goal score and index


def test_goal_score():
    # (80 + 60)/2 = 70; None and NaN ignored
    assert goal_score([80, None, 60, float("nan")]) == pytest.approx(70.0)
    assert goal_score([]) is None
    assert goal_score([None]) is None


def test_index_exactly_20_percent_missing_gets_index():
    # 2 of 10 missing = 20% -> not "more than 20%"; index = (50 + 70 + 90)/3 = 70
    assert index_score({1: 50.0, 2: 70.0, 3: 90.0, 4: None}, 10, 2) == pytest.approx(70.0)
    # 20 of 100 = 20% -> index
    assert index_score({1: 40.0}, 100, 20) == pytest.approx(40.0)


def test_index_21_percent_missing_gets_none():
    # 21 of 100 = 21% > 20% -> no index
    assert index_score({1: 50.0, 2: 70.0}, 100, 21) is None
    # 3 of 10 = 30%
    assert index_score({1: 50.0}, 10, 3) is None


def test_index_edge_inputs():
    assert index_score({}, 10, 0) is None
    assert index_score({1: 50.0}, 0, 0) is None


# ----------------------------------------------------------------- indicator trend
# higher-is-better, green threshold 80, base 2015, target 2030 unless stated.
# required pace from a 2015 start of 50 = (80 - 50)/(2030 - 2015) = 30/15 = 2.0 per year.


def test_trend_on_track_exact_edge():
    # actual = (60 - 50)/(2020 - 2015) = 2.0 >= required 2.0 -> on track
    assert indicator_trend([(2015, 50), (2020, 60)], "higher", 80) == UP


def test_trend_moderate():
    # actual = (55 - 50)/5 = 1.0 = exactly 0.5 * 2.0 -> not *more* than half: stagnating (edge)
    assert indicator_trend([(2015, 50), (2020, 55)], "higher", 80) == FLAT
    # actual = (55.5 - 50)/5 = 1.1 > 1.0 -> moderate
    assert indicator_trend([(2015, 50), (2020, 55.5)], "higher", 80) == MOD
    # actual = (59 - 50)/5 = 1.8 (between 1.0 and 2.0) -> moderate
    assert indicator_trend([(2015, 50), (2017, 52), (2020, 59)], "higher", 80) == MOD


def test_trend_stagnating():
    # actual = (54.9 - 50)/5 = 0.98 < 1.0 -> stagnating
    assert indicator_trend([(2015, 50), (2020, 54.9)], "higher", 80) == FLAT
    # actual = 0 -> stagnating (not decreasing)
    assert indicator_trend([(2015, 50), (2020, 50)], "higher", 80) == FLAT


def test_trend_decreasing():
    # actual = (49 - 50)/5 = -0.2 < 0 -> decreasing
    assert indicator_trend([(2015, 50), (2020, 49)], "higher", 80) == DOWN


def test_trend_no_data():
    assert indicator_trend([(2020, 50)], "higher", 80) == NONE  # single point
    assert indicator_trend([], "higher", 80) == NONE
    assert indicator_trend([(2010, 40), (2014, 45)], "higher", 80) == NONE  # all before 2015
    assert indicator_trend([(2014, 40), (2016, 50)], "higher", 80) == NONE  # one point since 2015
    assert indicator_trend([(2016, 40), (2016, 50)], "higher", 80) == NONE  # one distinct year
    assert indicator_trend([(2016, 40), (2020, None)], "higher", 80) == NONE  # missing value ignored


def test_trend_uses_earliest_point_since_base_year():
    # 2010 is ignored; start = 2015 (50): actual (60-50)/5 = 2.0 = required -> on track
    assert indicator_trend([(2020, 60), (2010, 0), (2015, 50)], "higher", 80) == UP
    # start in 2018 at 50: required = (80-50)/(2030-2018) = 30/12 = 2.5; actual = (58-50)/4 = 2.0
    # 2.0 >= 0.5*2.5 = 1.25 and < 2.5 -> moderate
    assert indicator_trend([(2018, 50), (2022, 58)], "higher", 80) == MOD


def test_trend_already_green():
    # latest 85 meets green 80, actual 0 -> maintaining -> on track
    assert indicator_trend([(2015, 85), (2020, 85)], "higher", 80) == UP
    # reached green: 70 -> 90, actual +4 -> on track
    assert indicator_trend([(2015, 70), (2020, 90)], "higher", 80) == UP
    # still green but slipping 95 -> 85 (actual -2): stagnating, by decision
    assert indicator_trend([(2015, 95), (2020, 85)], "higher", 80) == FLAT
    # was green, now below: required = (80-85)/15 < 0 -> taken as 0; actual (75-85)/5 = -2 -> decreasing
    assert indicator_trend([(2015, 85), (2020, 75)], "higher", 80) == DOWN


def test_trend_lower_is_better():
    # poverty %, green 5, start 2015 at 20: required = -(5 - 20)/15 = 1.0 point a year down
    pts = lambda latest: [(2015, 20), (2021, latest)]  # noqa: E731
    # 20 -> 14: actual = -(14 - 20)/6 = 1.0 >= 1.0 -> on track
    assert indicator_trend(pts(14), "lower", 5) == UP
    # 20 -> 17: actual = 3/6 = 0.5 = exactly 0.5*1.0 -> stagnating (needs more than half)
    assert indicator_trend(pts(17), "lower", 5) == FLAT
    # 20 -> 16.7: actual = 3.3/6 = 0.55 > 0.5 -> moderate
    assert indicator_trend(pts(16.7), "lower", 5) == MOD
    # 20 -> 19: actual = 1/6 = 0.17 -> stagnating
    assert indicator_trend(pts(19), "lower", 5) == FLAT
    # 20 -> 22: actual = -2/6 < 0 -> decreasing
    assert indicator_trend(pts(22), "lower", 5) == DOWN
    # 20 -> 4: meets green (4 <= 5) and improving -> on track
    assert indicator_trend(pts(4), "lower", 5) == UP


def test_trend_duplicate_year_is_averaged():
    # 2020 values 58 and 62 average to 60: actual (60 - 50)/5 = 2.0 -> on track
    assert indicator_trend([(2015, 50), (2020, 58), (2020, 62)], "higher", 80) == UP


def test_trend_custom_years():
    # base 2010, target 2020: start 2010 at 50, required (80-50)/10 = 3.0; actual (65-50)/5 = 3.0 -> on track
    assert indicator_trend([(2010, 50), (2015, 65)], "higher", 80, base_year=2010, target_year=2020) == UP


# ----------------------------------------------------------------- goal trend


@pytest.mark.parametrize(
    "trends, expected",
    [
        ([UP, UP], UP),  # 3
        ([UP, MOD], UP),  # (3 + 2)/2 = 2.5 -> on track
        ([MOD, FLAT], MOD),  # (2 + 1)/2 = 1.5 -> moderate
        ([UP, DOWN], MOD),  # (3 + 0)/2 = 1.5 -> moderate
        ([FLAT, DOWN], FLAT),  # (1 + 0)/2 = 0.5 -> stagnating
        ([DOWN, DOWN, FLAT], DOWN),  # 1/3 = 0.33 -> decreasing
        ([MOD, MOD, FLAT], MOD),  # 5/3 = 1.67 -> moderate
        ([NONE, UP], UP),  # no-data ignored
        ([NONE], NONE),
        ([], NONE),
        (["↑", "↓"], MOD),  # plain strings accepted
    ],
)
def test_goal_trend(trends, expected):
    assert goal_trend(trends) == expected


# ----------------------------------------------------------------- latest values


def _obs(rows):
    return pd.DataFrame(rows, columns=["indicator_id", "province_code", "year", "value"])


def test_latest_values_picks_latest_year_not_after_y():
    obs = _obs(
        [
            ("i1", "TH-10", 2023, 30.0),
            ("i1", "TH-10", 2018, 10.0),
            ("i1", "TH-10", 2020, 20.0),
            ("i1", "TH-50", 2017, 5.0),
            ("i2", "TH-10", 2022, 7.0),  # only after 2021 -> absent for Y = 2021
            ("i2", "TH-50", 2019, np.nan),  # missing value ignored
            ("i2", "TH-50", 2016, 3.0),
        ]
    )
    got = latest_values(obs, 2021)
    assert list(got.columns) == ["indicator_id", "province_code", "year", "value"]
    assert got.values.tolist() == [
        ["i1", "TH-10", 2020, 20.0],
        ["i1", "TH-50", 2017, 5.0],
        ["i2", "TH-50", 2016, 3.0],
    ]
    got = latest_values(obs, 2023)
    assert got.loc[(got.indicator_id == "i1") & (got.province_code == "TH-10"), "value"].item() == 30.0
    assert len(got) == 4
    assert latest_values(obs, 2015).empty


def test_latest_values_averages_duplicates():
    obs = _obs([("i1", "TH-10", 2020, 10.0), ("i1", "TH-10", 2020, 20.0), ("i1", "TH-10", 2019, 99.0)])
    assert latest_values(obs, 2020).values.tolist() == [["i1", "TH-10", 2020, 15.0]]


# ----------------------------------------------------------------- index ranks


def test_index_frame_ranks_with_ties_and_pilots():
    # one goal each, nothing missing: index = the goal score
    gf = pd.DataFrame(
        {
            "province_code": ["A", "B", "C", "D", "E"],
            "goal": 1,
            "score": [70.0, 80.0, 80.0, 60.0, np.nan],
            "status": "yellow",
            "trend": "•",
            "n_indicators": 1,
            "n_missing": [0, 0, 0, 0, 1],
        }
    )
    got = index_frame(gf, 1, pilots={"A", "D", "E"}).set_index("province_code")
    # rank_all: B = C = 1 (tie, min rank), A = 3, D = 4, E no index
    assert got["rank_all"].tolist()[:4] == [3, 1, 1, 4]
    assert got.loc["E", "rank_all"] is pd.NA
    # rank_pilot among A (70), D (60): A = 1, D = 2; E has no index; B, C not pilots
    assert got.loc["A", "rank_pilot"] == 1 and got.loc["D", "rank_pilot"] == 2
    assert got.loc[["B", "C", "E"], "rank_pilot"].isna().all()
    assert str(got["rank_all"].dtype) == "Int64" and str(got["rank_pilot"].dtype) == "Int64"
    assert math.isnan(got.loc["E", "index"])


# ----------------------------------------------------------------- frame level, by hand

CATALOGUE = pd.DataFrame(
    [
        # id   goal direction optimum green red lower_bound
        ("i1", 1, "higher", 100.0, 80.0, 50.0, 0.0),
        ("i2", 1, "lower", 0.0, 5.0, 15.0, 30.0),
        ("i3", 2, "higher", 100.0, 90.0, 60.0, 20.0),
        ("i4", 2, "lower", 0.0, 10.0, 40.0, 80.0),
        ("i5", 2, "higher", 50.0, 40.0, 20.0, 0.0),
    ],
    columns=["indicator_id", "goal", "direction", "optimum", "green_threshold", "red_threshold", "lower_bound"],
)

OBS = _obs(
    [
        # TH-10 (pilot)
        ("i1", "TH-10", 2015, 50.0),
        ("i1", "TH-10", 2020, 60.0),
        ("i1", "TH-10", 2022, 99.0),  # after the selected year 2020 -> ignored
        ("i2", "TH-10", 2015, 20.0),
        ("i2", "TH-10", 2019, 16.0),
        ("i3", "TH-10", 2020, 75.0),
        ("i4", "TH-10", 2016, 30.0),
        ("i4", "TH-10", 2020, 34.0),
        # i5 missing for TH-10
        # TH-50 (pilot): i4, i5 missing
        ("i1", "TH-50", 2020, 90.0),
        ("i2", "TH-50", 2018, 4.0),
        ("i3", "TH-50", 2020, 95.0),
        # TH-57 (not a pilot): complete
        ("i1", "TH-57", 2020, 80.0),
        ("i2", "TH-57", 2020, 10.0),
        ("i3", "TH-57", 2020, 60.0),
        ("i4", "TH-57", 2020, 0.0),
        ("i5", "TH-57", 2020, 50.0),
        # an indicator outside the catalogue is ignored
        ("zz", "TH-57", 2020, 1.0),
    ]
)


def test_frame_pipeline_by_hand():
    s = compute_all(OBS, CATALOGUE, 2020, pilots={"TH-10", "TH-50"}, provinces=["TH-10", "TH-50", "TH-57", "TH-90"])
    assert isinstance(s, Scores)
    ind = s.indicator_level.set_index(["province_code", "indicator_id"])
    assert "zz" not in set(s.indicator_level.indicator_id)
    # TH-10
    # i1: latest 2020 = 60: (60-0)/(100-0)*100 = 60; 50 <= 60 < 65 (mid) -> orange;
    #     trend: actual (60-50)/5 = 2.0, required (80-50)/15 = 2.0 -> ↑
    # i2: latest 2019 = 16: (16-30)/(0-30)*100 = 46.667; 16 > 15 -> red;
    #     trend: actual -(16-20)/4 = 1.0, required -(5-20)/15 = 1.0 -> ↑
    # i3: 75: (75-20)/(100-20)*100 = 68.75; mid (90+60)/2 = 75 -> yellow; one point -> •
    # i4: 34: (34-80)/(0-80)*100 = 57.5; 25 < 34 <= 40 -> orange; actual -(34-30)/4 = -1 -> ↓
    exp = {
        "i1": (2020, 60.0, "orange", "↑"),
        "i2": (2019, 46.666666666666664, "red", "↑"),
        "i3": (2020, 68.75, "yellow", "•"),
        "i4": (2020, 57.5, "orange", "↓"),
    }
    for i, (yr, score, status, trend) in exp.items():
        row = ind.loc[("TH-10", i)]
        assert (row.year, row.status, row.trend) == (yr, status, trend), i
        assert row.score == pytest.approx(score), i
    assert ("TH-10", "i5") not in ind.index

    gl = s.goal_level.set_index(["province_code", "goal"])
    assert list(s.goal_level.columns) == [
        "province_code",
        "goal",
        "score",
        "status",
        "trend",
        "n_indicators",
        "n_missing",
    ]
    # TH-10 goal 1: (60 + 46.667)/2 = 53.333; orange + red -> (2+3)/2 = 2.5 -> 3 -> clamp 2 -> orange;
    #   trends ↑ ↑ -> 3 -> ↑
    g = gl.loc[("TH-10", 1)]
    assert g.score == pytest.approx(160 / 3)
    assert (g.status, g.trend, g.n_indicators, g.n_missing) == ("orange", "↑", 2, 0)
    # TH-10 goal 2: (68.75 + 57.5)/2 = 63.125; yellow + orange -> (1+2)/2 = 1.5 -> 2 -> orange;
    #   trends •, ↓ -> 0 -> ↓; 3 indicators, i5 missing
    g = gl.loc[("TH-10", 2)]
    assert g.score == pytest.approx(63.125)
    assert (g.status, g.trend, g.n_indicators, g.n_missing) == ("orange", "↓", 3, 1)
    # TH-50 goal 1: i1 90 -> 90 green; i2 4 -> (4-30)/(-30)*100 = 86.667 green; (90 + 86.667)/2 = 88.333
    g = gl.loc[("TH-50", 1)]
    assert g.score == pytest.approx(265 / 3)
    assert (g.status, g.trend, g.n_missing) == ("green", "•", 0)
    # TH-50 goal 2: only i3 95 -> (95-20)/80*100 = 93.75, one green counts twice -> green
    g = gl.loc[("TH-50", 2)]
    assert g.score == pytest.approx(93.75)
    assert (g.status, g.n_missing) == ("green", 2)
    # TH-57 goal 1: i1 80 -> 80 green (exactly green); i2 10 -> 66.667 yellow (midpoint);
    #   (80 + 66.667)/2 = 73.333; green + yellow -> yellow
    g = gl.loc[("TH-57", 1)]
    assert g.score == pytest.approx(220 / 3)
    assert g.status == "yellow"
    # TH-57 goal 2: i3 60 -> (60-20)/80*100 = 50 orange (exactly red); i4 0 -> 100 green;
    #   i5 50 -> 100 green; (50 + 100 + 100)/3 = 83.333; worst two orange, green -> 1 -> yellow
    g = gl.loc[("TH-57", 2)]
    assert g.score == pytest.approx(250 / 3)
    assert g.status == "yellow"
    # TH-90 has no data at all: grey, no score, everything missing
    for goal, n in [(1, 2), (2, 3)]:
        g = gl.loc[("TH-90", goal)]
        assert math.isnan(g.score) and (g.status, g.trend, g.n_missing) == ("grey", "•", n)

    ix = s.index_level.set_index("province_code")
    assert list(s.index_level.columns) == ["province_code", "index", "n_missing", "rank_pilot", "rank_all"]
    # TH-10: 1 of 5 missing = 20% -> index (160/3 + 63.125)/2 = 2795/48 = 58.229
    assert ix.loc["TH-10", "index"] == pytest.approx(2795 / 48)
    assert ix.loc["TH-10", "n_missing"] == 1
    # TH-50: 2 of 5 missing = 40% -> no index, no rank
    assert math.isnan(ix.loc["TH-50", "index"]) and ix.loc["TH-50", "n_missing"] == 2
    # TH-57: (220/3 + 250/3)/2 = 470/6 = 78.333
    assert ix.loc["TH-57", "index"] == pytest.approx(470 / 6)
    assert math.isnan(ix.loc["TH-90", "index"])
    # rank_all: TH-57 (78.3) 1, TH-10 (58.2) 2; rank_pilot: TH-10 1 (TH-50 has no index)
    assert ix.loc["TH-57", "rank_all"] == 1 and ix.loc["TH-10", "rank_all"] == 2
    assert ix.loc["TH-10", "rank_pilot"] == 1
    assert ix.loc[["TH-50", "TH-57", "TH-90"], "rank_pilot"].isna().all()
    assert ix.loc[["TH-50", "TH-90"], "rank_all"].isna().all()


def test_compute_all_keeps_only_totals():
    obs = OBS.assign(disaggregation="")
    extra = _obs([("i1", "TH-57", 2020, 0.0)]).assign(disaggregation="sex=F")
    s = compute_all(pd.concat([obs, extra]), CATALOGUE, 2020)
    row = s.indicator_level.query("province_code == 'TH-57' and indicator_id == 'i1'")
    assert row.value.item() == 80.0


def test_trend_frame_rows_and_window():
    got = trend_frame(OBS, CATALOGUE, 2020).set_index(["indicator_id", "province_code"])["trend"]
    # every catalogue pair with an observation <= 2020 has a row; zz is not in the catalogue
    assert len(got) == 12
    assert got[("i1", "TH-10")] == "↑" and got[("i4", "TH-10")] == "↓" and got[("i3", "TH-57")] == "•"
    # with year 2022 the i1 TH-10 point 99 counts: actual (99-50)/7 = 7 -> ↑ (and green)
    assert (
        trend_frame(OBS, CATALOGUE, 2022).set_index(["indicator_id", "province_code"]).loc[("i1", "TH-10"), "trend"]
        == "↑"
    )


def test_score_frame_columns():
    latest = latest_values(OBS, 2020)
    got = score_frame(latest, CATALOGUE)
    assert list(got.columns) == ["indicator_id", "province_code", "year", "value", "score", "status"]
    assert len(got) == 12  # zz dropped


# ----------------------------------------------------------------- frames agree with the scalar rules


def _random_case(seed: int, n_ind: int = 12, n_prov: int = 9):
    rng = np.random.default_rng(seed)
    rows = []
    for k in range(n_ind):
        if k % 2:
            lb, red, green, opt = 0.0, 40.0, 70.0, 100.0
            d = "higher"
        else:
            opt, green, red, lb = 0.0, 10.0, 30.0, 60.0
            d = "lower"
        rows.append((f"i{k:02d}", k % 4 + 1, d, opt, green, red, lb))
    cat = pd.DataFrame(rows, columns=CATALOGUE.columns)
    idx = pd.MultiIndex.from_product(
        [cat.indicator_id, [f"TH-{p + 10}" for p in range(n_prov)], range(2010, 2025)],
        names=["indicator_id", "province_code", "year"],
    )
    obs = idx.to_frame(index=False)
    # include exact threshold values to exercise the edges
    obs["value"] = rng.choice(np.r_[rng.uniform(-5, 105, 50), [10, 20, 30, 40, 55, 70, 0, 60, 100]], len(obs))
    obs = obs.sample(frac=0.35, random_state=seed).reset_index(drop=True)
    return obs, cat


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_frames_match_scalar_rules(seed):
    obs, cat = _random_case(seed)
    year = 2021
    s = compute_all(obs, cat, year, pilots={"TH-10", "TH-11", "TH-12"})
    c = cat.set_index("indicator_id")
    pts = obs[obs.year <= year].groupby(["indicator_id", "province_code"])

    for r in s.indicator_level.itertuples():
        b = c.loc[r.indicator_id]
        assert r.score == pytest.approx(indicator_score(r.value, b.direction, b.optimum, b.lower_bound))
        assert r.status == indicator_status(r.value, b.direction, b.green_threshold, b.red_threshold)
        g = pts.get_group((r.indicator_id, r.province_code))
        assert r.trend == indicator_trend(list(zip(g.year, g.value)), b.direction, b.green_threshold)
        assert r.year == g.year.max()

    for r in s.goal_level.itertuples():
        rows = s.indicator_level[
            (s.indicator_level.province_code == r.province_code) & (s.indicator_level.goal == r.goal)
        ]
        expected = goal_score(rows.score)
        assert (math.isnan(r.score) and expected is None) or r.score == pytest.approx(expected)
        assert r.status == goal_status(rows.status)
        assert r.trend == goal_trend(rows.trend)
        assert r.n_indicators == (cat.goal == r.goal).sum()
        assert r.n_missing == r.n_indicators - len(rows)

    for r in s.index_level.itertuples():
        gl = s.goal_level[s.goal_level.province_code == r.province_code]
        expected = index_score(dict(zip(gl.goal, gl.score)), len(cat), int(gl.n_missing.sum()))
        assert (math.isnan(r.index) and expected is None) or r.index == pytest.approx(expected)


def test_goal_frame_without_trend_column():
    latest = latest_values(OBS, 2020)
    gf = goal_frame(score_frame(latest, CATALOGUE), CATALOGUE)
    assert set(gf.trend) == {"•"}
    assert set(gf.province_code) == {"TH-10", "TH-50", "TH-57"}


def test_speed_at_benchmark_scale():
    # 77 provinces x 250 indicators x 20 years = 385,000 rows; generous bound to catch per-row Python loops
    rng = np.random.default_rng(0)
    provs = [f"TH-{i:02d}" for i in range(10, 87)]
    rows = [
        (
            f"x{k:03d}",
            k % 17 + 1,
            "higher" if k % 2 else "lower",
            *((100.0, 80.0, 50.0, 0.0) if k % 2 else (0.0, 20.0, 50.0, 100.0)),
        )
        for k in range(250)
    ]
    cat = pd.DataFrame(rows, columns=CATALOGUE.columns)
    idx = pd.MultiIndex.from_product(
        [cat.indicator_id, provs, range(2005, 2025)], names=["indicator_id", "province_code", "year"]
    )
    obs = idx.to_frame(index=False)
    obs["value"] = rng.uniform(0, 100, len(obs))
    s = compute_all(obs, cat, 2022, pilots=provs[:15])  # speed is measured in bench/, not here
    assert len(s.indicator_level) == 250 * 77 and len(s.goal_level) == 17 * 77


def test_trend_when_the_last_pair_has_no_point_since_base_year():
    # the last (indicator, province) in sort order has only points before base_year: no trend,
    # and no out-of-bounds read (found scoring a year before the base year)
    obs = _obs(
        [
            ("i1", "TH-10", 2015, 50.0),
            ("i1", "TH-10", 2018, 60.0),
            ("i4", "TH-90", 2012, 30.0),
            ("i4", "TH-90", 2013, 25.0),
        ]
    )
    got = trend_frame(obs, CATALOGUE, 2020).set_index(["indicator_id", "province_code"])["trend"]
    assert got[("i4", "TH-90")] == "•" and got[("i1", "TH-10")] != "•"
    s = compute_all(obs, CATALOGUE, 2014)
    assert (s.indicator_level["trend"] == "•").all()
