"""Peer provinces (lib/core/peers.py) on small hand-made frames."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from lib.core.peers import PEER_COLUMNS, peers, profiles

E = math.e


def _profile(rows: list[tuple[str, str, float, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["province_code", "region", "population", "gpp_per_capita"])


def test_distance_is_in_standard_deviations():
    # log population 0, 1, 2, 3 (mean 1.5, sd sqrt(1.25)); GPP equal everywhere (no spread: z 0)
    p = _profile([("P0", "r", 1.0, 100.0), ("P1", "r", E, 100.0), ("P2", "r", E**2, 100.0), ("P3", "r", E**3, 100.0)])
    out = peers(p, "P0", k=3)
    assert list(out.columns) == PEER_COLUMNS
    assert out["province_code"].tolist() == ["P1", "P2", "P3"]
    sd = math.sqrt(1.25)
    assert out["distance"].tolist() == pytest.approx([1 / sd, 2 / sd, 3 / sd])
    assert out["rank"].tolist() == [1, 2, 3] and out["same_region"].all()


def test_both_features_count():
    # P is at (log pop 1, log gpp 1); A differs only in population, B in GPP by 2, C by (1, 1)
    p = _profile(
        [
            ("P", "r", E, E),
            ("A", "r", E**2, E),  # one step in population
            ("B", "r", E, E**3),  # two steps in GPP
            ("C", "r", E**2, E**2),  # one step in each
        ]
    )
    out = peers(p, "P", k=3)
    # log pop 1, 2, 1, 2 and log GPP 1, 1, 3, 2: standardise each, then Euclidean distance
    lp = np.log([E, E**2, E, E**2])
    lg = np.log([E, E, E**3, E**2])
    zp, zg = (lp - lp.mean()) / lp.std(), (lg - lg.mean()) / lg.std()
    d = {c: math.hypot(zp[i] - zp[0], zg[i] - zg[0]) for i, c in enumerate(["P", "A", "B", "C"])}
    assert out["province_code"].tolist() == sorted(["A", "B", "C"], key=lambda c: d[c])
    assert out.set_index("province_code")["distance"].to_dict() == pytest.approx({c: d[c] for c in "ABC"})


def test_same_region_first_then_fall_back_across_regions():
    # region "w" has P and 2 others; k = 4 needs 2 more from other regions, the nearest ones
    p = _profile(
        [
            ("P", "w", 100.0, 100.0),
            ("W1", "w", 1000.0, 100.0),  # far, but same region
            ("W2", "w", 10000.0, 100.0),
            ("X1", "x", 110.0, 100.0),  # very near, other region
            ("X2", "x", 120.0, 100.0),
            ("X3", "x", 5000.0, 100.0),
        ]
    )
    out = peers(p, "P", k=4)
    assert out["province_code"].tolist() == ["W1", "W2", "X1", "X2"]
    assert out["same_region"].tolist() == [True, True, False, False]


def test_region_with_enough_provinces_stays_in_region():
    p = _profile([("P", "w", 100.0, 100.0), ("W1", "w", 1e6, 100.0), ("X1", "x", 101.0, 100.0)])
    assert peers(p, "P", k=1)["province_code"].tolist() == ["W1"]


def test_ties_go_to_lower_code():
    p = _profile([("P", "r", 100.0, 100.0), ("B", "r", 200.0, 100.0), ("A", "r", 200.0, 100.0), ("C", "r", 50.0, 1.0)])
    assert peers(p, "P", k=2)["province_code"].tolist() == ["A", "B"]


def test_provinces_without_data_are_never_peers():
    p = _profile(
        [
            ("P", "r", 100.0, 100.0),
            ("N", "r", float("nan"), 100.0),
            ("Z", "r", 0.0, 100.0),  # no logarithm of 0
            ("A", "r", 200.0, 100.0),
        ]
    )
    assert peers(p, "P", k=5)["province_code"].tolist() == ["A"]
    assert peers(p, "N").empty and list(peers(p, "N").columns) == PEER_COLUMNS
    assert peers(p, "nowhere").empty


def test_k_must_be_positive():
    with pytest.raises(ValueError):
        peers(_profile([("P", "r", 1.0, 1.0)]), "P", k=0)


def test_profiles_take_latest_value_up_to_year():
    provinces = pd.DataFrame({"code": ["TH-10", "TH-50"], "region": ["central", "north"], "name_en": ["B", "C"]})
    pop = pd.DataFrame(
        {"province_code": ["TH-10", "TH-10", "TH-50"], "year": [2020, 2024, 2020], "value": [5.0, 6.0, 1.0]}
    )
    gpp = pd.DataFrame({"province_code": ["TH-10", "TH-10"], "year": [2021, 2022], "value": [100.0, float("nan")]})
    out = profiles(provinces, pop, gpp, year=2023).set_index("province_code")
    assert out.loc["TH-10", "population"] == 5.0  # 2024 is after the year
    assert out.loc["TH-10", "gpp_per_capita"] == 100.0  # 2022 is missing: 2021 is the latest
    assert out.loc["TH-50", "population"] == 1.0 and math.isnan(out.loc["TH-50", "gpp_per_capita"])
    assert out.loc["TH-50", "region"] == "north"
    assert profiles(provinces, pop, gpp).set_index("province_code").loc["TH-10", "population"] == 6.0
