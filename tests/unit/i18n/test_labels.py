"""lib.i18n.labels: names of statuses, trends, dataset kinds and disaggregations in both languages."""

from __future__ import annotations

import math

import pytest

from lib.core.vocab import DatasetKind, Status, Trend
from lib.i18n.labels import disaggregation_label, kind_label, status_label, trend_label


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


@pytest.mark.parametrize(
    ("stored", "th", "en"),
    [
        ("", "รวม", "Total"),
        (None, "รวม", "Total"),
        ("sex=F", "หญิง", "Female"),
        ("area=rural", "เขตชนบท", "Rural"),
        ("age=15-24;sex=M", "อายุ 15–24 ปี, ชาย", "Age 15–24, Male"),
        ("age=60+", "อายุ 60 ปีขึ้นไป", "Age 60+"),
        ("quintile=Q1", "กลุ่มรายได้ (ควินไทล์) ที่ 1", "Income quintile 1"),
        ("price_basis=chain_2002", "ปริมาณลูกโซ่ ปีอ้างอิง 2545", "Chain volume, reference year 2002"),
        ("price_basis=current", "ราคาประจำปี", "Current prices"),
        ("colour=blue", "colour=blue", "colour=blue"),  # outside the vocabulary: as written
    ],
)
def test_disaggregations_in_words(stored, th: str, en: str) -> None:
    """What a clerk reads in the tables and downloads instead of the stored code; B.E. years in Thai."""
    assert disaggregation_label(stored, "th") == th
    assert disaggregation_label(stored, "en") == en
