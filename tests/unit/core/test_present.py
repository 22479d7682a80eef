"""lib.core.present: the presentation-mode rules (URL flag, view order, stepping)."""

from __future__ import annotations

import pytest

from lib.core import present
from lib.core.filters import Notice

# ----------------------------------------------------------------------------- URL parameter


@pytest.mark.parametrize(
    ("params", "on", "notices"),
    [
        ({}, False, []),
        ({"present": "1"}, True, []),
        ({"present": "0"}, False, []),
        ({"present": " 1 "}, True, []),
        ({"present": ["0", "1"]}, True, []),  # the last value wins, as for the filters
        ({"present": "yes"}, False, [Notice("present", "yes")]),
        ({"present": ""}, False, [Notice("present", "")]),
        ({"present": "x" * 100}, False, [Notice("present", "x" * 40)]),
    ],
)
def test_parse(params: dict, on: bool, notices: list) -> None:
    assert present.parse(params) == (on, notices)


def test_with_param_adds_and_removes() -> None:
    base = {"province": "TH-58", "lang": "th"}
    assert present.with_param(base, True) == {"province": "TH-58", "lang": "th", "present": "1"}
    assert present.with_param({**base, "present": "1"}, False) == base
    assert present.with_param({**base, "present": "junk"}, True)["present"] == "1"
    assert "present" not in base  # the input is not changed


# ----------------------------------------------------------------------------- stepping


def test_views_order() -> None:
    assert present.VIEWS == ("overview", "map", "province", "goal", "partners")


@pytest.mark.parametrize(
    ("page", "delta", "expected"),
    [
        ("overview", 1, "map"),
        ("map", 1, "province"),
        ("province", 1, "goal"),
        ("goal", 1, "partners"),
        ("partners", 1, "overview"),  # wraps after the last
        ("overview", -1, "partners"),  # wraps before the first
        ("goal", -1, "province"),
        ("map", 2, "goal"),
        ("map", -6, "overview"),
        ("data", 1, "overview"),
        ("admin", -1, "partners"),  # pages outside the tour
    ],
)
def test_step(page: str, delta: int, expected: str) -> None:
    assert present.step(page, delta) == expected


def test_position() -> None:
    assert present.position("overview") == 0 and present.position("partners") == 4
    assert present.position("data") is None
    with pytest.raises(ValueError):
        present.step("overview", 1, ())
