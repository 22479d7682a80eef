"""ESCAP progress rules (lib/core/progress.py) checked against hand-worked numbers.

The arithmetic is in the comments so a reader can redo it on paper. Notation: x0 baseline,
xt latest value, T target, gain = s * (xt - x0), need = s * (T - x0), s = +1 higher-is-better,
-1 lower-is-better.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from lib.core.progress import (
    PROGRESS_COLUMNS,
    Anticipated,
    CurrentStatus,
    anticipated_counts,
    anticipated_progress,
    baseline,
    current_status,
    goal_status_frame,
    indicator_progress,
    time_distance,
    weighted_line,
    year_range,
)

approx = pytest.approx

# ----------------------------------------------------------------- baseline


def test_baseline_is_2015_when_present():
    assert baseline([(2013, 1.0), (2015, 2.0), (2018, 3.0)]) == (2015, 2.0)


def test_baseline_missing_2015_takes_nearest_year():
    # 2013 is 2 years away, 2018 is 3: the nearer wins
    assert baseline([(2013, 1.0), (2018, 3.0)]) == (2013, 1.0)


def test_baseline_tie_takes_earlier_year():
    assert baseline([(2016, 5.0), (2014, 4.0)]) == (2014, 4.0)


def test_baseline_outside_window_is_none():
    # 2009 and 2021 are 6 years from 2015: outside the default window of 5
    assert baseline([(2009, 1.0), (2021, 2.0)]) is None
    # a window of 6 accepts both; on the tie the earlier
    assert baseline([(2009, 1.0), (2021, 2.0)], window=6) == (2009, 1.0)


def test_baseline_ignores_missing_values_and_averages_a_year():
    assert baseline([(2015, None), (2015, float("nan")), (2016, 40.0), (2016, 42.0)]) == (2016, 41.0)


# ----------------------------------------------------------------- current status


def test_csi_higher_is_better_progress():
    # x0 = 40 (2015), xt = 50 (2020), T = 90: gain 10, need 50 -> 0.2
    r = current_status([(2015, 40), (2020, 50)], 90, "higher")
    assert r is not None
    assert r.csi == approx(0.2) and r.status is CurrentStatus.PROGRESS
    assert (r.base_year, r.latest_year) == (2015, 2020)
    # path reaches 50 in 2015 + 0.2 * 15 = 2018: 2 years behind in 2020
    assert r.time_distance == approx(-2.0)


def test_csi_lower_is_better_progress():
    # x0 = 20, xt = 17 (2021), T = 5: gain = -(17 - 20) = 3, need = -(5 - 20) = 15 -> 0.2
    r = current_status([(2015, 20), (2021, 17)], 5, "lower")
    assert r is not None and r.csi == approx(0.2) and r.status is CurrentStatus.PROGRESS
    # t* = 2015 + 0.2 * 15 = 2018; 2018 - 2021 = -3
    assert r.time_distance == approx(-3.0)


def test_csi_regression_is_negative_and_not_capped_below():
    # x0 = 40, xt = 35, T = 90: gain -5 / need 50 = -0.1
    r = current_status([(2015, 40), (2020, 35)], 90, "higher")
    assert r is not None and r.csi == approx(-0.1) and r.status is CurrentStatus.REGRESSION
    # x0 = 40, xt = 0, T = 50: -40 / 10 = -4 (no lower cap)
    r2 = current_status([(2015, 40), (2020, 0)], 50, "higher")
    assert r2 is not None and r2.csi == approx(-4.0)


def test_csi_target_met_is_capped_at_one():
    # x0 = 40, xt = 95, T = 90: raw 55 / 50 = 1.1, capped to 1
    r = current_status([(2015, 40), (2020, 95)], 90, "higher")
    assert r is not None and r.csi == 1.0 and r.raw == approx(1.1)
    assert r.status is CurrentStatus.ACHIEVED
    # t* = 2015 + 1.1 * 15 = 2031.5: 11.5 years ahead in 2020
    assert r.time_distance == approx(11.5)


def test_csi_target_met_exactly_lower_is_better():
    r = current_status([(2015, 20), (2020, 5)], 5, "lower")
    assert r is not None and r.csi == 1.0 and r.status is CurrentStatus.ACHIEVED
    # the path reaches 5 only in 2030: 10 years ahead in 2020
    assert r.time_distance == approx(10.0)


def test_csi_flat_series_is_stagnant():
    r = current_status([(2015, 40), (2018, 40), (2020, 40)], 90, "higher")
    assert r is not None and r.csi == 0.0 and r.status is CurrentStatus.STAGNANT
    assert r.time_distance == approx(-5.0)  # still at the 2015 point of the path


def test_csi_target_met_at_baseline_and_still_met():
    # lower-is-better, x0 = 0.6 already below T = 0.8; xt = 0.7 worse but still meets -> 1
    r = current_status([(2015, 0.6), (2020, 0.7)], 0.8, "lower")
    assert r is not None and r.csi == 1.0 and r.status is CurrentStatus.ACHIEVED
    assert r.time_distance is None  # no path: need <= 0
    assert math.isnan(r.raw)


def test_csi_target_met_at_baseline_then_lost_is_minus_one():
    # x0 = 0.6 met T = 0.8; xt = 0.9 no longer meets: the whole margin is lost -> -1
    r = current_status([(2015, 0.6), (2020, 0.9)], 0.8, "lower")
    assert r is not None and r.csi == -1.0 and r.status is CurrentStatus.REGRESSION
    assert r.time_distance is None


def test_csi_missing_years_use_nearest_baseline_and_latest():
    # no 2015: 2016 (1 year away) beats 2012 (3); latest is 2019. T = 100:
    # gain 60 - 50 = 10, need 100 - 50 = 50 -> 0.2
    r = current_status([(2012, 30), (2016, 50), (2019, 60)], 100, "higher")
    assert r is not None and r.base_year == 2016 and r.latest_year == 2019
    assert r.csi == approx(0.2)
    # t* = 2016 + 0.2 * (2030 - 2016) = 2018.8; 2018.8 - 2019 = -0.2
    assert r.time_distance == approx(-0.2)


def test_csi_baseline_before_2015_with_recent_latest():
    # a survey gap: 2006-2011, then 2023. Baseline 2011 (4 years away), latest 2023
    pts = [(2006, 20.0), (2011, 12.0), (2023, 6.0)]
    r = current_status(pts, 2.0, "lower")
    # gain 12 - 6 = 6, need 12 - 2 = 10 -> 0.6
    assert r is not None and (r.base_year, r.latest_year) == (2011, 2023) and r.csi == approx(0.6)


def test_csi_too_few_points():
    assert current_status([(2015, 40)], 90, "higher") is None  # no later value
    assert current_status([(2021, 40), (2022, 41)], 90, "higher") is None  # no baseline within 2010-2020
    assert current_status([(2013, 40), (2012, 38)], 90, "higher") is None  # latest is the baseline
    assert current_status([], 90, "higher") is None


def test_csi_bad_direction():
    with pytest.raises(ValueError, match="direction"):
        current_status([(2015, 1), (2020, 2)], 3, "up")


# ----------------------------------------------------------------- time distance


def test_time_distance_hand_worked():
    # 10 in 2015, target 40 in 2030 (path +2 a year), 26 in 2020: the path reaches 26 in
    # 2015 + 16 / 2 = 2023, so 2020 is 3 years ahead
    assert time_distance(2015, 10, 2020, 26, 40, "higher") == approx(3.0)
    # 20 in 2015, target 5 (path -1 a year), 17 in 2021: path reaches 17 in 2018: 3 behind
    assert time_distance(2015, 20, 2021, 17, 5, "lower") == approx(-3.0)


def test_time_distance_without_path():
    assert time_distance(2015, 50, 2020, 60, 40, "higher") is None  # target met at baseline
    assert time_distance(2015, 40, 2020, 60, 40, "higher") is None  # baseline exactly at target
    assert time_distance(2030, 10, 2031, 12, 40, "higher") is None  # no years left to the target


# ----------------------------------------------------------------- trend line


def test_weighted_line_gives_recent_years_more_weight():
    # years 2015, 2016, 2017 weigh 1, 2, 3; values 10, 12, 17. With t' = t - 2015:
    # sum w = 6; mean t' = (0 + 2 + 6) / 6 = 4/3; mean v = (10 + 24 + 51) / 6 = 85/6
    # Sxy = 1(-4/3)(-25/6) + 2(-1/3)(-13/6) + 3(2/3)(17/6) = (50 + 13 + 51) / 9 = 38/3
    # Sxx = 1(16/9) + 2(1/9) + 3(4/9) = 30/9 = 10/3 -> slope = 3.8 (ordinary least squares: 3.5)
    a, b = weighted_line([2015, 2016, 2017], [10, 12, 17])
    assert b == approx(3.8)
    # fitted 2015 = 85/6 - 3.8 * 4/3 = 9.1
    assert a + b * 2015 == approx(9.1)


def test_weighted_line_two_points_joins_them():
    a, b = weighted_line([2015, 2020], [10, 20])
    assert b == approx(2.0) and a + b * 2015 == approx(10.0)


def test_weighted_line_needs_two_years():
    with pytest.raises(ValueError):
        weighted_line([2015, 2015], [1, 2])


# ----------------------------------------------------------------- anticipated progress


def test_anticipated_on_track_higher():
    # slope (20 - 10) / 5 = 2 -> 2030: 10 + 2 * 15 = 40 >= T = 35; ratio (40 - 10) / (35 - 10) = 1.2
    r = anticipated_progress([(2015, 10), (2020, 20)], 35, "higher")
    assert r is not None and r.klass is Anticipated.ON_TRACK
    assert r.value_2030 == approx(40.0) and r.ratio == approx(1.2) and r.gap == 0.0


def test_anticipated_accelerate_higher():
    # slope 1 -> 2030: 25; ratio (25 - 10) / 25 = 0.6; gap 0.4
    r = anticipated_progress([(2015, 10), (2020, 15)], 35, "higher")
    assert r is not None and r.klass is Anticipated.ACCELERATE
    assert r.value_2030 == approx(25.0) and r.ratio == approx(0.6) and r.gap == approx(0.4)


def test_anticipated_reverse_higher():
    # slope -0.4 -> 2030: 8 - 0.4 * 10 = 4; ratio (4 - 10) / 25 = -0.24
    r = anticipated_progress([(2015, 10), (2020, 8)], 35, "higher")
    assert r is not None and r.klass is Anticipated.REVERSE
    assert r.value_2030 == approx(4.0) and r.ratio == approx(-0.24) and r.gap == approx(1.24)


def test_anticipated_lower_is_better():
    # slope -1.2 -> 2030: 14 - 12 = 2 <= T = 5; ratio (20 - 2) / (20 - 5) = 1.2
    on = anticipated_progress([(2015, 20), (2020, 14)], 5, "lower")
    assert on is not None and on.klass is Anticipated.ON_TRACK and on.ratio == approx(1.2)
    # slope -0.4 -> 2030: 14; ratio (20 - 14) / 15 = 0.4
    acc = anticipated_progress([(2015, 20), (2020, 18)], 5, "lower")
    assert acc is not None and acc.klass is Anticipated.ACCELERATE and acc.ratio == approx(0.4)
    # rising when it should fall: reverse
    rev = anticipated_progress([(2015, 20), (2020, 22)], 5, "lower")
    assert rev is not None and rev.klass is Anticipated.REVERSE and rev.ratio < 0


def test_anticipated_flat_series():
    # no movement: 2030 = 10, ratio 0 -> accelerate (not moving away, not moving at all)
    r = anticipated_progress([(2015, 10), (2018, 10), (2020, 10)], 35, "higher")
    assert r is not None and r.klass is Anticipated.ACCELERATE
    assert r.slope == 0.0 and r.ratio == 0.0 and r.gap == 1.0
    # flat at a value that meets the target: on track
    met = anticipated_progress([(2015, 40), (2020, 40)], 35, "higher")
    assert met is not None and met.klass is Anticipated.ON_TRACK


def test_anticipated_target_met_at_baseline():
    # lower-is-better, 0.6 met T = 0.8; slope +0.02 -> 2030: 0.9 misses it -> reverse, no ratio
    r = anticipated_progress([(2015, 0.6), (2020, 0.7)], 0.8, "lower")
    assert r is not None and r.klass is Anticipated.REVERSE and math.isnan(r.ratio)
    # slope +0.004 -> 2030: 0.66 still meets -> on track
    ok = anticipated_progress([(2015, 0.6), (2020, 0.62)], 0.8, "lower")
    assert ok is not None and ok.klass is Anticipated.ON_TRACK and ok.value_2030 == approx(0.66)


def test_anticipated_weights_decide_the_class():
    # weighted slope 3.8 (see test_weighted_line...): 2030 = 9.1 + 3.8 * 15 = 66.1 >= 64
    # (unweighted OLS: 13 + 3.5 * 14 = 62 would miss it)
    r = anticipated_progress([(2015, 10), (2016, 12), (2017, 17)], 64, "higher")
    assert r is not None and r.value_2030 == approx(66.1) and r.klass is Anticipated.ON_TRACK


def test_anticipated_too_few_points():
    assert anticipated_progress([(2016, 10)], 35, "higher") is None
    # points before 2000 are not used: one point left
    assert anticipated_progress([(1998, 1), (1999, 2), (2016, 3)], 35, "higher") is None
    # missing values are not points
    assert anticipated_progress([(2016, 3), (2018, None)], 35, "higher") is None
    # min_points=3 asks for a third year
    assert anticipated_progress([(2015, 10), (2020, 20)], 35, "higher", min_points=3) is None


def test_anticipated_needs_a_point_since_2015():
    # a series that stopped in 2011 is not extended to 2030 ...
    assert anticipated_progress([(2009, 10), (2011, 12)], 35, "higher") is None
    # ... unless the condition is turned off: slope 1 -> 2030: 12 + 19 = 31; base 2011 (4 years
    # from 2015) -> ratio (31 - 12) / (35 - 12) = 19 / 23
    r = anticipated_progress([(2009, 10), (2011, 12)], 35, "higher", require_since=None)
    assert r is not None and r.value_2030 == approx(31.0) and r.ratio == approx(19 / 23)


def test_anticipated_without_observed_baseline_uses_fitted_value():
    # 2021 and 2023 are both more than 5 years from 2015: slope 2, fitted 2015 = 10 - 12 = -2
    # 2030 = 10 + 18 = 28; ratio (28 + 2) / (35 + 2) = 30 / 37
    r = anticipated_progress([(2021, 10), (2023, 14)], 35, "higher")
    assert r is not None and r.base_fitted and r.base_value == approx(-2.0)
    assert r.ratio == approx(30 / 37) and r.klass is Anticipated.ACCELERATE


def test_anticipated_value_kept_in_plausible_range():
    # slope -1.2 -> 2030: 4 - 12 = -8, kept at the floor 0 (still meets T = 2)
    r = anticipated_progress([(2015, 10), (2020, 4)], 2, "lower", bounds=(0.0, 100.0))
    assert r is not None and r.value_2030 == 0.0 and r.klass is Anticipated.ON_TRACK
    # ratio (10 - 0) / (10 - 2) = 1.25
    assert r.ratio == approx(1.25)


# ----------------------------------------------------------------- frames


def _catalogue() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator_id": ["up", "down", "nogoal", "other"],
            "goal": [1, 1, 2, 3],
            "direction": ["higher", "lower", "higher", "higher"],
            "plausible_min": [0.0, 0.0, 0.0, 0.0],
            "plausible_max": [100.0, 100.0, 100.0, 100.0],
        }
    )


def _targets() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator_id": ["up", "down", "other", "up"],
            "target_2030": [90.0, 5.0, 50.0, 60.0],
            "basis": ["national", "sdsn_green", "sdsn_green", "province"],
            "province_code": ["", "", "", "TH-20"],  # TH-20 set its own target for "up"
        }
    )


def _obs() -> pd.DataFrame:
    rows = [
        # up, TH-10: 40 -> 50, T 90 -> csi 0.2; trend slope 2 -> 2030: 70, ratio 30/50 = 0.6
        ("up", "TH-10", 2015, 40.0, ""),
        ("up", "TH-10", 2020, 50.0, ""),
        ("up", "TH-10", 2020, 99.0, "sex=female"),  # not a total: ignored
        ("up", "TH-10", 2026, 10.0, ""),  # after the selected year: ignored
        # down, TH-10: 20 -> 26 (worse), T 5 -> csi -6/15 = -0.4; 2030: 38 -> reverse
        ("down", "TH-10", 2015, 20.0, ""),
        ("down", "TH-10", 2020, 26.0, ""),
        # up, TH-20 with its own target 60: 40 -> 50 -> csi 10/20 = 0.5; 2030: 70 >= 60 on track
        ("up", "TH-20", 2015, 40.0, ""),
        ("up", "TH-20", 2020, 50.0, ""),
        # nogoal has no target
        ("nogoal", "TH-10", 2015, 1.0, ""),
        ("nogoal", "TH-10", 2020, 2.0, ""),
        # other: a single point: too few for both measures
        ("other", "TH-10", 2018, 30.0, ""),
        # not in the catalogue: ignored
        ("ghost", "TH-10", 2015, 1.0, ""),
    ]
    return pd.DataFrame(rows, columns=["indicator_id", "province_code", "year", "value", "disaggregation"])


def _row(df: pd.DataFrame, ind: str, prov: str) -> pd.Series:
    sel = df[(df["indicator_id"] == ind) & (df["province_code"] == prov)]
    assert len(sel) == 1
    return sel.iloc[0]


def test_indicator_progress_frame():
    df = indicator_progress(_obs(), _catalogue(), _targets(), year=2025)
    assert list(df.columns) == PROGRESS_COLUMNS
    assert list(zip(df["indicator_id"], df["province_code"])) == [
        ("down", "TH-10"),
        ("nogoal", "TH-10"),
        ("other", "TH-10"),
        ("up", "TH-10"),
        ("up", "TH-20"),
    ]
    up = _row(df, "up", "TH-10")
    assert up["csi"] == approx(0.2) and up["status"] == CurrentStatus.PROGRESS
    assert up["latest_year"] == 2020 and up["latest_value"] == 50.0  # 2026 and the female row ignored
    assert up["value_2030"] == approx(70.0) and up["ap_ratio"] == approx(0.6)
    assert up["anticipated"] == Anticipated.ACCELERATE and up["target_basis"] == "national"
    assert up["time_distance"] == approx(-2.0) and up["reason"] == ""
    down = _row(df, "down", "TH-10")
    assert down["csi"] == approx(-0.4) and down["status"] == CurrentStatus.REGRESSION
    assert down["value_2030"] == approx(38.0) and down["anticipated"] == Anticipated.REVERSE
    own = _row(df, "up", "TH-20")
    assert own["target"] == 60.0 and own["target_basis"] == "province"
    assert own["csi"] == approx(0.5) and own["anticipated"] == Anticipated.ON_TRACK
    no_target = _row(df, "nogoal", "TH-10")
    assert no_target["reason"] == "no_target" and math.isnan(no_target["csi"])
    assert no_target["status"] == CurrentStatus.NO_DATA and no_target["anticipated"] == Anticipated.NO_DATA
    few = _row(df, "other", "TH-10")
    assert few["reason"] == "too_few_points" and few["n_points"] == 1
    assert few["status"] == CurrentStatus.NO_DATA and few["anticipated"] == Anticipated.NO_DATA


def test_each_row_names_its_targets_kind_and_source():
    """The link wins over the title; a province's plan named by title keeps the title; a
    targets frame without source columns gives ''."""
    targets = _targets().assign(
        source_url=["https://example.go.th/plan", None, None, None],
        source_title=["National plan", "SDSN", "SDSN", "TH-20 plan (invented)"],
    )
    df = indicator_progress(_obs(), _catalogue(), targets, year=2025)
    assert _row(df, "up", "TH-10")["target_source"] == "https://example.go.th/plan"
    own = _row(df, "up", "TH-20")
    assert (own["target_basis"], own["target_source"]) == ("province", "TH-20 plan (invented)")
    assert _row(df, "down", "TH-10")["target_source"] == "SDSN"
    assert _row(indicator_progress(_obs(), _catalogue(), _targets(), year=2025), "up", "TH-10")["target_source"] == ""


def test_indicator_progress_year_cuts_the_series():
    # as of 2019 the 2020 values do not exist yet: only 2015 is left
    df = indicator_progress(_obs(), _catalogue(), _targets(), year=2019)
    up = _row(df, "up", "TH-10")
    assert up["reason"] == "too_few_points" and up["latest_year"] == 2015


def test_indicator_progress_empty():
    df = indicator_progress(_obs().iloc[0:0], _catalogue(), _targets(), year=2025)
    assert df.empty and list(df.columns) == PROGRESS_COLUMNS


def test_goal_status_frame_means_and_bars():
    df = indicator_progress(_obs(), _catalogue(), _targets(), year=2025)
    g = goal_status_frame(df)
    one = g[(g["province_code"] == "TH-10") & (g["goal"] == 1)].iloc[0]
    # goal 1 in TH-10: up 0.2 and down -0.4 -> mean -0.1: no progress bar, regression 0.1
    assert one["csi"] == approx(-0.1)
    assert one["progress_made"] == 0.0 and one["progress_needed"] == 1.0 and one["regression"] == approx(0.1)
    assert one["n_indicators"] == 2 and one["n_progress"] == 1 and one["n_regression"] == 1
    assert (one["first_year"], one["last_year"]) == (2015, 2020)
    two = g[(g["province_code"] == "TH-10") & (g["goal"] == 2)].iloc[0]
    assert math.isnan(two["csi"]) and two["n_indicators"] == 0 and two["n_no_data"] == 1
    own = g[(g["province_code"] == "TH-20") & (g["goal"] == 1)].iloc[0]
    assert own["progress_made"] == approx(0.5) and own["progress_needed"] == approx(0.5) and own["regression"] == 0.0


def test_goal_bar_capped_at_one():
    prog = pd.DataFrame(
        {
            "indicator_id": ["a", "b"],
            "province_code": ["TH-10", "TH-10"],
            "goal": [4, 4],
            "csi": [1.0, 1.0],
            "status": [CurrentStatus.ACHIEVED.value] * 2,
            "base_year": pd.array([2015, 2016], dtype="Int64"),
            "latest_year": pd.array([2020, 2022], dtype="Int64"),
        }
    )
    g = goal_status_frame(prog).iloc[0]
    assert g["progress_made"] == 1.0 and g["progress_needed"] == 0.0 and g["n_achieved"] == 2
    assert (g["first_year"], g["last_year"]) == (2015, 2022)


def test_anticipated_counts_per_province():
    df = indicator_progress(_obs(), _catalogue(), _targets(), year=2025)
    c = anticipated_counts(df).set_index("province_code")
    assert list(c.columns[:4]) == ["on_track", "accelerate", "reverse", "no_data"]
    # TH-10: up accelerate, down reverse, nogoal and other no data
    assert c.loc["TH-10", ["on_track", "accelerate", "reverse", "no_data"]].tolist() == [0, 1, 1, 2]
    assert c.loc["TH-20", ["on_track", "accelerate", "reverse", "no_data"]].tolist() == [1, 0, 0, 0]
    assert (c.loc["TH-10", "first_year"], c.loc["TH-10", "last_year"]) == (2015, 2020)


def test_year_range():
    df = indicator_progress(_obs(), _catalogue(), _targets(), year=2025)
    assert year_range(df) == (2015, 2020)
    assert year_range(df, measure="anticipated") == (2015, 2020)
    assert year_range(df.iloc[0:0]) is None
    with pytest.raises(ValueError):
        year_range(df, measure="sdsn")
