"""Two indicators against each other: the provinces that have both in a year, and the
correlation between them.

Rules
=====
Pairs (:func:`scatter_pairs`)
    Totals only (disaggregation ''), missing values dropped, a (indicator, province, year)
    given more than once is averaged. For indicator X and Y and a ``year``: a province takes
    part when it has a value of both; by default both values must be of ``year`` itself. With
    ``window`` = w > 0 the latest value of each indicator in [year - w, year] is taken (the
    years used are kept in x_year and y_year).
Correlation (:func:`correlation`)
    n = the number of pairs. Pearson's r of the values and Spearman's rho (Pearson's r of the
    ranks, ties given their average rank). With fewer than 3 pairs, or when either side has
    no spread (all values equal), there is no correlation (None): two points always lie on a
    line, so r = +-1 would say nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["MIN_PAIRS", "Correlation", "scatter_pairs", "correlation"]

MIN_PAIRS: int = 3


def _latest_in(obs: pd.DataFrame, indicator: str, year: int, window: int) -> pd.DataFrame:
    f = obs[(obs["indicator_id"] == indicator) & obs["value"].notna()]
    if "disaggregation" in f.columns:
        f = f[f["disaggregation"] == ""]
    f = f[(f["year"] <= year) & (f["year"] >= year - window)]
    f = f.groupby(["province_code", "year"], as_index=False)[["value"]].mean()
    latest: pd.DataFrame = f.sort_values(["province_code", "year"]).groupby("province_code").tail(1)
    return latest


def scatter_pairs(obs: pd.DataFrame, x: str, y: str, *, year: int, window: int = 0) -> pd.DataFrame:
    """Provinces with a value of both ``x`` and ``y``: province_code, x, y, x_year, y_year,
    sorted by province_code. ``obs``: indicator_id, province_code, year, value."""
    if window < 0:
        raise ValueError("window must be 0 or more")
    xs = _latest_in(obs, x, year, window).rename(columns={"value": "x", "year": "x_year"})
    ys = _latest_in(obs, y, year, window).rename(columns={"value": "y", "year": "y_year"})
    out = xs.merge(ys, on="province_code", how="inner")
    return out[["province_code", "x", "y", "x_year", "y_year"]].sort_values("province_code").reset_index(drop=True)


@dataclass(frozen=True)
class Correlation:
    n: int
    pearson: float | None
    spearman: float | None


def _pearson(a: np.ndarray, b: np.ndarray) -> float | None:
    da, db = a - a.mean(), b - b.mean()
    denom = float(np.sqrt((da**2).sum() * (db**2).sum()))
    if denom == 0:
        return None
    return float(np.clip((da * db).sum() / denom, -1.0, 1.0))


def correlation(pairs: pd.DataFrame) -> Correlation:
    """Count and correlations of a :func:`scatter_pairs` frame (module docstring)."""
    a = pairs["x"].to_numpy(dtype=float)
    b = pairs["y"].to_numpy(dtype=float)
    keep = np.isfinite(a) & np.isfinite(b)
    a, b = a[keep], b[keep]
    n = len(a)
    if n < MIN_PAIRS:
        return Correlation(n, None, None)
    ra = pd.Series(a).rank(method="average").to_numpy(dtype=float)
    rb = pd.Series(b).rank(method="average").to_numpy(dtype=float)
    return Correlation(n, _pearson(a, b), _pearson(ra, rb))
