"""Synthetic demonstration values: every province x indicator x year, seeded and repeatable.

These numbers are NOT official. They exist so every view can be exercised; the build stores
them in the `demo` dataset (kind 'demo') and every chart, table and download marks them.

Model (per indicator i and province p), in "position" space where 0 = lower bound and
1 = optimum of the indicator's SDSN bounds:
    position(p, i, year) = base(p) * w(i) + (1 - w(i)) * 0.5 + e(p, i)
                           + slope(p, i) * (year - first_year) + noise
base(p) is a development level from the province's region (Bangkok, Phuket and the east
higher; the northeast and north lower; the deep south lowest), w(i) how strongly the
indicator follows it. Positions are mapped back to values, kept inside the indicator's
plausible range and rounded to its display decimals. Gaps: some whole series are missing,
some single years, and survey-type indicators (every third indicator) only every 3 years.
Vectorised with NumPy so the benchmark can make 10 million rows.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from lib.core.vocab import DatasetKind

SEED = 2030
YEARS = tuple(range(2015, 2025))
SOURCE_ID = "demo_generator"

_REGION_LEVEL = {
    "central": 0.58,
    "east": 0.60,
    "south": 0.52,
    "west": 0.46,
    "north": 0.44,
    "northeast": 0.40,
}
# Province-specific shifts that make the picture look like Thailand's known gradients. Data of
# this generator (keyed by ISO code, as the seed's province.csv), not a catalogue rule.
_PROVINCE_SHIFT = {
    "TH-10": 0.18,
    "TH-83": 0.14,
    "TH-20": 0.10,
    "TH-21": 0.08,
    "TH-11": 0.10,
    "TH-12": 0.08,
    "TH-13": 0.06,
    "TH-50": 0.04,
    "TH-40": 0.04,
    "TH-90": 0.03,
    "TH-94": -0.20,
    "TH-95": -0.16,
    "TH-96": -0.22,
    "TH-58": -0.20,
    "TH-63": -0.10,
}


def generate(
    provinces: pd.DataFrame,
    indicators: pd.DataFrame,
    years: Sequence[int] = YEARS,
    seed: int = SEED,
    disaggregations: Sequence[str] = ("",),
    dataset: str = str(DatasetKind.DEMO),
) -> pd.DataFrame:
    """Return observation rows (schema of table `observation`) for the demo dataset.

    provinces: columns code, region. indicators: indicator_id, direction, optimum,
    lower_bound, plausible_min, plausible_max, decimals. Same inputs and seed give the
    same rows, in the same order.
    """
    rng = np.random.default_rng(seed)
    codes = provinces["code"].to_numpy()
    n_p, n_i, n_y, n_d = len(codes), len(indicators), len(years), len(disaggregations)

    base = np.array([_REGION_LEVEL.get(r, 0.5) for r in provinces["region"]], dtype=float)
    base += np.array([_PROVINCE_SHIFT.get(c, 0.0) for c in codes])
    base += rng.normal(0.0, 0.06, n_p)

    weight = rng.uniform(0.35, 1.0, n_i)
    offset = rng.normal(0.0, 0.10, (n_p, n_i))
    # Most series improve slowly; some stall or worsen, so every trend arrow occurs.
    slope = rng.normal(0.010, 0.014, (n_p, n_i))
    level = base[:, None] * weight[None, :] + (1 - weight[None, :]) * 0.5 + offset

    t = np.asarray(years, dtype=float) - float(years[0])
    pos = level[:, :, None, None] + slope[:, :, None, None] * t[None, None, :, None]
    pos = pos + rng.normal(0.0, 0.018, (n_p, n_i, n_y, n_d))
    if n_d > 1:  # disaggregated values differ a little from each other
        pos = pos + rng.normal(0.0, 0.04, (1, n_i, 1, n_d))
    pos = np.clip(pos, -0.15, 1.08)

    opt = indicators["optimum"].to_numpy(dtype=float)
    low = indicators["lower_bound"].to_numpy(dtype=float)
    value = low[None, :, None, None] + pos * (opt - low)[None, :, None, None]
    pmin = indicators["plausible_min"].to_numpy(dtype=float)[None, :, None, None]
    pmax = indicators["plausible_max"].to_numpy(dtype=float)[None, :, None, None]
    value = np.clip(value, pmin, pmax)

    keep = rng.random((n_p, n_i, n_y, n_d)) > 0.05  # single missing years
    keep &= (rng.random((n_p, n_i)) > 0.03)[:, :, None, None]  # whole series missing
    survey = (np.arange(n_i) % 3 == 2)[None, :, None, None]
    on_survey_year = ((np.asarray(years) - years[0]) % 3 == 0)[None, None, :, None]
    keep &= ~survey | on_survey_year

    p_idx, i_idx, y_idx, d_idx = np.nonzero(keep)
    decimals = indicators["decimals"].to_numpy(dtype=int)
    vals = value[p_idx, i_idx, y_idx, d_idx]
    # Round per indicator to its display precision (vectorised via scale factors).
    scale = 10.0 ** decimals[i_idx]
    vals = np.round(vals * scale) / scale
    year_arr = np.asarray(years, dtype=np.int32)[y_idx]
    last_year = max(years)

    return pd.DataFrame(
        {
            "dataset": dataset,
            "indicator_id": indicators["indicator_id"].to_numpy()[i_idx],
            "province_code": codes[p_idx],
            "year": year_arr,
            "disaggregation": np.asarray(disaggregations, dtype=object)[d_idx],
            "value": vals,
            "source_id": SOURCE_ID,
            "provisional": year_arr == last_year,
            "estimated": False,
            "proxy": False,
            "note": None,
        }
    )
