"""lib.core.filters: query parameters -> Filters (parse) and the widget rules (apply_change),
on a small hand-made catalogue so every expected value can be read off the fixture."""

from __future__ import annotations

import pytest

from lib.core.filters import Choices, Filters, Notice, apply_change, defaults, first_indicator, parse

# goal 1: a1 (no data in "ds"), a2, a3; goal 3: c1, c2 (no data in "ds"); goal 5: e1 (no data anywhere)
GOAL_OF = {"a1": 1, "a2": 1, "a3": 1, "c1": 3, "c2": 3, "e1": 5}
WITH_DATA = frozenset({"a2", "a3", "c1"})
CHOICES = Choices(
    provinces=("TH-10", "TH-50", "TH-58"),
    default_province="TH-10",
    indicators=GOAL_OF,
    years=(2018, 2019, 2021),
    datasets=("ds", "other"),
    default_dataset="ds",
    with_data=WITH_DATA,
)


def test_defaults() -> None:
    # goal 1's first indicator with data is a2 (a1 has none); the latest year is 2021
    assert defaults(CHOICES) == Filters("TH-10", 1, "a2", 2021, "ds", "th", True)


def test_first_indicator() -> None:
    assert first_indicator(GOAL_OF, 1, WITH_DATA) == "a2"
    assert first_indicator(GOAL_OF, 3, WITH_DATA) == "c1"
    assert first_indicator(GOAL_OF, 5, WITH_DATA) == "e1"  # none has data: the goal's first one
    assert first_indicator(GOAL_OF, 1) == "a1"


def test_parse_valid_values() -> None:
    f, notices = parse(
        {"province": "th-58", "goal": "3", "year": "2019", "lang": "EN", "pilot": "0", "dataset": "other"}, CHOICES
    )
    assert notices == []
    assert f == Filters("TH-58", 3, "c1", 2019, "other", "en", False)


def test_parse_takes_the_last_of_repeated_values() -> None:
    f, _ = parse({"year": ["2018", "2019"]}, CHOICES)
    assert f.year == 2019


def test_parse_indicator_brings_its_goal_and_overrules_the_goal() -> None:
    f, notices = parse({"goal": "1", "indicator": "c2"}, CHOICES)
    assert (f.goal, f.indicator, notices) == (3, "c2", [])


@pytest.mark.parametrize(
    "name, value",
    [
        ("province", "TH-99"),
        ("goal", "18"),
        ("goal", "2"),  # a goal without indicators in the catalogue
        ("goal", "x"),
        ("indicator", "nope"),
        ("year", "2020"),  # no data that year
        ("year", "2019.5"),
        ("lang", "fr"),
        ("pilot", "yes"),
        ("dataset", "missing"),
    ],
)
def test_parse_bad_value_falls_back_with_a_notice(name: str, value: str) -> None:
    f, notices = parse({name: value}, CHOICES)
    assert f == defaults(CHOICES)
    assert notices == [Notice(name, value)]


def test_parse_notice_value_is_cut_to_40_characters() -> None:
    _, notices = parse({"province": "x" * 100}, CHOICES)
    assert notices == [Notice("province", "x" * 40)]


def test_to_params_round_trips() -> None:
    f = Filters("TH-50", 3, "c1", 2018, "other", "en", False)
    assert f.to_params() == {
        "province": "TH-50",
        "goal": "3",
        "indicator": "c1",
        "year": "2018",
        "lang": "en",
        "pilot": "0",
        "dataset": "other",
    }
    assert parse(f.to_params(), CHOICES) == (f, [])


# ---------------------------------------------------------------- apply_change

START = Filters("TH-10", 1, "a3", 2019, "ds")


def test_new_goal_brings_its_first_indicator_with_data() -> None:
    # goal 3: c1 has data -> c1
    assert apply_change(START, "goal", 3, GOAL_OF, WITH_DATA, [2018, 2019]) == Filters("TH-10", 3, "c1", 2019, "ds")
    # back to goal 1: a1 has no data, a2 is the first that has -> a2 (not the previous a3)
    f = apply_change(START, "goal", 1, GOAL_OF, WITH_DATA, [2018, 2019])
    assert f.indicator == "a2"


def test_new_indicator_brings_its_goal() -> None:
    f = apply_change(START, "indicator", "c2", GOAL_OF, WITH_DATA, [2018, 2019])
    assert (f.goal, f.indicator) == (3, "c2")  # an indicator without data may still be chosen


def test_other_fields_change_alone() -> None:
    assert apply_change(START, "province", "TH-58", GOAL_OF, WITH_DATA, [2019]) == Filters("TH-58", 1, "a3", 2019, "ds")
    assert apply_change(START, "year", 2018, GOAL_OF, WITH_DATA, [2019]).year == 2018


@pytest.mark.parametrize(
    "years, want",
    [
        ([2015, 2019, 2023], 2019),  # the year is there: kept
        ([2015, 2017, 2023], 2017),  # not there: the latest earlier one
        ([2021, 2022], 2022),  # the dataset starts later: its latest year
        ([], 2019),  # a dataset without years leaves the year alone
    ],
)
def test_dataset_change_year(years: list[int], want: int) -> None:
    assert apply_change(START, "dataset", "other", GOAL_OF, WITH_DATA, years).year == want


def test_dataset_change_keeps_an_indicator_with_data() -> None:
    f = apply_change(START, "dataset", "other", GOAL_OF, frozenset({"a3", "a1"}), [2019])
    assert (f.dataset, f.goal, f.indicator) == ("other", 1, "a3")


def test_dataset_change_repicks_an_indicator_without_data() -> None:
    # a3 has no data in the new dataset; goal 1's first indicator there is a1
    f = apply_change(START, "dataset", "other", GOAL_OF, frozenset({"a1", "c1"}), [2019])
    assert (f.dataset, f.goal, f.indicator) == ("other", 1, "a1")
