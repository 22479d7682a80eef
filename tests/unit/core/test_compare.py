"""Two indicators against each other (lib/core/compare.py): pairs and correlations."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from lib.core.compare import correlation, scatter_pairs


def _obs(rows: list[tuple[str, str, int, float, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["indicator_id", "province_code", "year", "value", "disaggregation"])


OBS = _obs(
    [
        ("x", "TH-10", 2020, 1.0, ""),
        ("y", "TH-10", 2020, 2.0, ""),
        ("x", "TH-20", 2020, 2.0, ""),
        ("y", "TH-20", 2020, 4.0, ""),
        ("y", "TH-20", 2020, 6.0, ""),  # a second value of the same key: averaged with 4 -> 5
        ("x", "TH-30", 2020, 3.0, ""),
        ("y", "TH-30", 2020, 7.0, ""),
        ("y", "TH-30", 2020, 99.0, "sex=male"),  # not a total: ignored
        ("x", "TH-40", 2020, 4.0, ""),  # no y: left out
        ("x", "TH-50", 2019, 5.0, ""),  # x a year early
        ("y", "TH-50", 2020, 9.0, ""),
        ("y", "TH-60", 2020, float("nan"), ""),
        ("x", "TH-60", 2020, 1.0, ""),
    ]
)


def test_pairs_of_the_exact_year():
    p = scatter_pairs(OBS, "x", "y", year=2020)
    assert p["province_code"].tolist() == ["TH-10", "TH-20", "TH-30"]
    assert p["x"].tolist() == [1.0, 2.0, 3.0] and p["y"].tolist() == [2.0, 5.0, 7.0]
    assert (p["x_year"] == 2020).all() and (p["y_year"] == 2020).all()


def test_pairs_with_a_window_take_latest_value():
    p = scatter_pairs(OBS, "x", "y", year=2020, window=1)
    row = p.set_index("province_code").loc["TH-50"]
    assert (row["x"], row["x_year"], row["y"], row["y_year"]) == (5.0, 2019, 9.0, 2020)
    with pytest.raises(ValueError):
        scatter_pairs(OBS, "x", "y", year=2020, window=-1)


def test_correlation_hand_worked():
    # x 1, 2, 3 and y 2, 5, 7: dx -1, 0, 1; mean y 14/3, dy -8/3, 1/3, 7/3
    # sum dx dy = 8/3 + 7/3 = 5; sum dx^2 = 2; sum dy^2 = (64 + 1 + 49) / 9 = 114/9
    # r = 5 / sqrt(2 * 114 / 9) = 0.99340...; ranks agree -> Spearman 1
    c = correlation(scatter_pairs(OBS, "x", "y", year=2020))
    assert c.n == 3
    assert c.pearson == pytest.approx(5 / math.sqrt(2 * 114 / 9))
    assert c.spearman == pytest.approx(1.0)


def test_spearman_with_ties():
    # x ranks 1, 2.5, 2.5, 4; y ranks 1, 3, 2, 4; around the mean 2.5:
    # sum = 2.25 + 0 + 0 + 2.25 = 4.5; sum dx^2 = 4.5; sum dy^2 = 5 -> 4.5 / sqrt(22.5)
    pairs = pd.DataFrame({"x": [1.0, 2.0, 2.0, 3.0], "y": [10.0, 30.0, 20.0, 40.0]})
    assert correlation(pairs).spearman == pytest.approx(4.5 / math.sqrt(22.5))


def test_fewer_than_three_pairs_no_correlation():
    two = scatter_pairs(OBS[OBS["province_code"].isin(["TH-10", "TH-20"])], "x", "y", year=2020)
    c = correlation(two)
    assert c.n == 2 and c.pearson is None and c.spearman is None
    none = correlation(scatter_pairs(OBS, "x", "y", year=2010))
    assert none.n == 0 and none.pearson is None


def test_no_spread_no_correlation():
    c = correlation(pd.DataFrame({"x": [1.0, 1.0, 1.0], "y": [1.0, 2.0, 3.0]}))
    assert c.n == 3 and c.pearson is None and c.spearman is None


def test_negative_correlation():
    c = correlation(pd.DataFrame({"x": [1.0, 2.0, 3.0, 4.0], "y": [8.0, 6.0, 4.0, 2.0]}))
    assert c.pearson == pytest.approx(-1.0) and c.spearman == pytest.approx(-1.0)
