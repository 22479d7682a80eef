"""Sparse real data shown truthfully: titles name the years they show, older values are marked,
"selected year only" keeps them out, weak goals are never achieved ones, and where there is no
index the coverage is counted instead."""

from __future__ import annotations

import pandas as pd

from lib.core.vocab import Status
from lib.views import map as map_view
from lib.views import overview
from lib.views.common import older, period, year_span
from lib.views.province import weakest_goals


def test_period_names_one_year_only_when_every_value_is_of_it() -> None:
    assert period([2024, 2024], 2024, "en") == "2024"
    assert period([2024], 2024, "th") == "ปี 2567"
    assert period([], 2024, "en") == "2024"  # nothing shown: the selected year
    assert period([2015, 2022, None], 2024, "en") == "latest values up to 2024 (data 2015–2022)"
    assert period([2011, 2011], 2024, "th") == "ค่าล่าสุดไม่เกินปี 2567 (ข้อมูลปี 2554)"
    assert year_span([None, pd.NA, 2010, 2003]) == (2003, 2010)


def test_older_marks_values_before_the_selected_year() -> None:
    years = pd.Series([2024, 2020, None, 2025], dtype="Int64")
    assert older(years, 2024).tolist() == [False, True, False, False]


def _scores() -> object:
    ind = pd.DataFrame(
        {
            "indicator_id": ["a", "a", "b"],
            "province_code": ["TH-10", "TH-58", "TH-10"],
            "goal": [1, 1, 3],
            "year": [2024, 2015, 2020],
            "value": [1.0, 2.0, 3.0],
            "score": [50.0, 40.0, 30.0],
            "status": ["red"] * 3,
            "trend": [None] * 3,
        }
    )
    goals = pd.DataFrame(
        {
            "province_code": ["TH-10", "TH-10", "TH-58"],
            "goal": [1, 3, 1],
            "score": [50.0, 30.0, None],
            "status": ["red", "red", "grey"],
            "trend": [None] * 3,
            "n_indicators": [1, 1, 1],
            "n_missing": [0, 0, 1],
        }
    )

    class S:
        indicator_level = ind
        goal_level = goals

    return S()


def test_map_selected_year_only_drops_earlier_values() -> None:
    sc = _scores()
    latest = map_view.values("indicator", sc, "a", 1, 2024)  # type: ignore[arg-type]
    exact = map_view.values("indicator", sc, "a", 1, 2024, exact=True)  # type: ignore[arg-type]
    assert sorted(latest["province_code"]) == ["TH-10", "TH-58"]
    assert exact["province_code"].tolist() == ["TH-10"]


def test_coverage_counts_what_there_is() -> None:
    sc = _scores()
    cov = overview.coverage(sc.indicator_level, sc.goal_level, ["TH-10", "TH-58", "TH-50"])  # type: ignore[attr-defined]
    assert (cov.n_goals, cov.n_indicators, cov.n_provinces, cov.span) == (2, 2, 2, (2015, 2024))


def test_weakest_goals_never_lists_an_achieved_goal() -> None:
    strip = pd.DataFrame(
        {
            "goal": [1, 2, 3, 4],
            "score": [10.0, 20.0, None, 5.0],
            "status": [Status.RED, Status.ORANGE, Status.GREY, Status.GREEN],
        }
    )
    assert weakest_goals(strip)["goal"].tolist() == [1, 2]  # goal 4 is achieved, goal 3 has no score


def test_shown_years_keeps_the_values_a_chart_rests_on() -> None:
    from lib.views.common import shown_years

    ind = _scores().indicator_level  # type: ignore[attr-defined]
    assert sorted(shown_years(ind)) == [2015, 2020, 2024]
    assert sorted(shown_years(ind, provinces=["TH-10"])) == [2020, 2024]
    assert sorted(shown_years(ind, provinces=["TH-10"], goal=1)) == [2024]
