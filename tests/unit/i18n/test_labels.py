"""lib.i18n.labels: names of statuses, trends and dataset kinds in both languages."""

from __future__ import annotations

import math

import pytest

from lib.core.vocab import DatasetKind, Status, Trend
from lib.i18n.labels import kind_label, status_label, trend_label


def test_status_label() -> None:
    assert status_label("red", "en") == "Major challenges"
    assert status_label(Status.GREEN, "th") == "บรรลุเป้าหมาย"
    assert status_label(None, "en") == "No data" and status_label(math.nan, "en") == "No data"


def test_trend_label() -> None:
    assert trend_label("↑", "en") == "↑ On track"
    assert trend_label("↑", "en", arrow=False) == "On track"
    assert trend_label(None, "en") == "• No trend data"
    assert trend_label(Trend.DECREASING, "th") == "↓ แย่ลง"


def test_kind_label() -> None:
    assert kind_label("demo", "en") == "Demo data (synthetic)"
    assert kind_label(DatasetKind.MINISTRY, "th") == "ข้อมูลของกระทรวง"
    assert kind_label("other", "en") == "other"  # an unknown kind as written
    assert kind_label(None, "en") == "None"


@pytest.mark.parametrize("lang", ["th", "en"])
def test_every_concept_has_a_distinct_name(lang: str) -> None:
    for enum, label in (
        (Status, status_label),
        (Trend, lambda v, lg: trend_label(v, lg, arrow=False)),
        (DatasetKind, kind_label),
    ):
        names = [label(v, lang) for v in enum]
        assert len(set(names)) == len(names), names
