"""lib.core.vocab: the project's words and their rules."""

from __future__ import annotations

import math

import pytest

from lib.core.vocab import (
    BE_OFFSET,
    GOALS,
    N_GOALS,
    STATUS_COLOURS,
    STATUS_ORDER,
    DatasetKind,
    Status,
    Trend,
    pilot_mark,
)


def test_goals_and_era() -> None:
    assert GOALS == tuple(range(1, 18)) and N_GOALS == 17
    assert 2024 + BE_OFFSET == 2567


def test_pilot_mark() -> None:
    assert pilot_mark("Tak", True) == "Tak ★"
    assert pilot_mark("Tak", False) == "Tak"


def test_status_order_codes_and_keys() -> None:
    assert STATUS_ORDER == (Status.GREEN, Status.YELLOW, Status.ORANGE, Status.RED, Status.GREY)
    assert [s.code for s in STATUS_ORDER] == [0, 1, 2, 3, 4]
    assert Status.RED.key == "status.red"
    assert set(STATUS_COLOURS) == set(Status)
    assert all(s.colour.startswith("#") and s.text_colour.startswith("#") for s in Status)
    assert Status.GREEN.colour != Status.RED.colour


@pytest.mark.parametrize("value", [None, math.nan, "", "blue", 3])
def test_status_of_anything_else_is_grey(value: object) -> None:
    assert Status.of(value) is Status.GREY


def test_status_of_a_stored_value() -> None:
    assert Status.of("orange") is Status.ORANGE
    assert Status.of(Status.YELLOW) is Status.YELLOW


def test_trend_keys_angles_and_of() -> None:
    assert [t.key for t in Trend] == [
        "trend.on_track",
        "trend.moderate",
        "trend.stagnating",
        "trend.decreasing",
        "trend.no_data",
    ]
    assert [t.angle for t in Trend] == [0, 45, 90, 180, None]
    assert Trend.of("↗") is Trend.MODERATE
    assert Trend.of(None) is Trend.NO_DATA and Trend.of(math.nan) is Trend.NO_DATA and Trend.of("x") is Trend.NO_DATA


def test_dataset_kinds() -> None:
    assert [str(k) for k in DatasetKind] == ["ministry", "public", "demo"]
    assert [k.sort for k in DatasetKind] == [0, 1, 2]
    assert DatasetKind.DEMO.key == "kind.demo"
    assert DatasetKind("public") is DatasetKind.PUBLIC
