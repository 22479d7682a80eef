"""lib.review.flags with hand-worked numbers: change share, robust outlier, missing province."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from lib.review import flags

COLS = ["dataset", "indicator_id", "province_code", "year", "disaggregation", "value"]


def frame(values: dict[str, float], year: int = 2022, row0: int = 2) -> pd.DataFrame:
    df = pd.DataFrame([("ministry", "ind", code, year, "", v) for code, v in values.items()], columns=COLS)
    df["row"] = range(row0, row0 + len(df))
    return df


def test_change_share_above_half_of_the_published_value() -> None:
    diffed = frame({"A": 16.0, "B": 15.0, "C": 1.0, "D": 3.0, "E": 9.0})
    diffed["old_value"] = [10.0, 10.0, 0.0, None, 10.0]
    diffed["status"] = ["replaced", "replaced", "replaced", "added", "unchanged"]
    found = {f.province_code: f for f in flags.changes(diffed)}
    assert set(found) == {"A", "C"}  # 15 vs 10 is exactly 50 %: not more than the share
    assert found["A"].share == pytest.approx(0.6) and found["A"].old_value == 10.0
    assert math.isinf(found["C"].share or 0)  # a published 0 replaced


def test_robust_outlier_against_the_other_provinces() -> None:
    # peers 10 11 12 13 14 12: median 12, |deviations| 2 1 0 1 2 0 -> MAD 1
    z, med = flags.robust_z(18.0, [10, 11, 12, 13, 14, 12]) or (0, 0)
    assert med == 12 and z == pytest.approx(6 / 1.4826)  # 4.05 > 3.5
    z17, _ = flags.robust_z(17.0, [10, 11, 12, 13, 14, 12]) or (0, 0)
    assert z17 == pytest.approx(5 / 1.4826) and z17 < flags.OUTLIER_Z  # 3.37
    assert flags.robust_z(99.0, [10, 11, 12, 13]) is None  # fewer than MIN_PEERS
    assert flags.robust_z(99.0, [5, 5, 5, 5, 5]) is None  # no spread


def test_outliers_use_published_values_with_the_submission_in_their_place() -> None:
    published = frame({"A": 10, "B": 11, "C": 12, "D": 13, "E": 14, "F": 12, "G": 100})
    rows = frame({"G": 40.0}, row0=7)  # the submission replaces G's published 100
    (f,) = flags.outliers(rows, published)
    assert (f.kind, f.province_code, f.row) == (flags.OUTLIER, "G", 7)
    assert f.z == pytest.approx(28 / 1.4826) and f.median == 12
    assert flags.outliers(frame({"G": 17.0}), published) == []


def test_missing_province_against_last_year_within_the_scope() -> None:
    published = pd.concat([frame({"A": 1, "B": 2, "C": 3}, 2021), frame({"B": 2.5}, 2022)])
    rows = frame({"A": 1.5}, 2022)
    found = flags.missing(rows, published, lambda province, indicator: True)
    assert [(f.province_code, f.year, f.row) for f in found] == [("C", 2022, None)]  # B is published
    assert flags.missing(rows, published, lambda province, indicator: province == "A") == []
