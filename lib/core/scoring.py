"""SDG scoring, status colours and trends (the SDSN method).

Plain, pure functions: no Streamlit, no I/O. Scalar functions state the rules; the
DataFrame functions apply the same rules vectorised for the dashboard, and the tests
check that both agree.

Rules
=====

Indicator score (:func:`indicator_score`)
    score = clamp((x - lower_bound) / (optimum - lower_bound) * 100, 0, 100).
    For lower-is-better indicators optimum < lower_bound, so the same formula works.
    Missing value (None/NaN) -> no score. Degenerate bounds (optimum == lower_bound)
    -> no score.

Indicator status (:func:`indicator_status`)
    "meets" means >= for higher-is-better, <= for lower-is-better; "worse than" means
    < for higher-is-better, > for lower-is-better. midpoint = (green + red) / 2.
      * GREEN  if x meets the green threshold;
      * RED    if x is worse than the red threshold (x exactly at red is NOT red);
      * YELLOW if x meets the midpoint (the half nearer green; the midpoint itself is yellow);
      * ORANGE otherwise (the half nearer red, including x exactly at red);
      * GREY   if x is missing.

Goal status (:func:`goal_status`)
    Take the two worst indicator statuses with data (red > orange > yellow > green); with
    only one, it counts twice. Code green=0, yellow=1, orange=2, red=3.
    GREEN only if both are green; RED only if both are red; otherwise
    ceil(mean of the two codes) clamped to [1, 2] (yellow or orange).
    Examples: green+yellow -> ceil(0.5)=1 yellow; green+orange -> 1 yellow;
    green+red -> ceil(1.5)=2 orange; orange+red -> ceil(2.5)=3 -> clamp 2 orange.
    No indicator with data -> GREY.

Goal score (:func:`goal_score`)
    Mean of the non-missing indicator scores; none -> no score.

Index (:func:`index_score`)
    Mean of the available goal scores. No index when more than 20% of the indicators
    are missing, i.e. when 5 * missing > total (integer test, so exactly 20% still
    gets an index). No goal score at all -> no index.

Indicator trend (:func:`indicator_trend`)
    Points with base_year <= year (and, in the frame version, year <= the selected
    year). Fewer than 2 distinct years -> NO_DATA (•). start = the earliest such point,
    latest = the latest point. sign = +1 for higher-is-better, -1 for lower-is-better.
      actual   = sign * (latest - start) / (latest_year - start_year)     (positive = improving)
      If latest meets green: ON_TRACK (↑) when actual >= 0, else STAGNATING (→)
      (achieved but slipping; a value that still meets green is never "decreasing").
      Otherwise:
      required = sign * (green - start) / max(target_year - start_year, 1)
                 (pace needed from the start point to reach green by target_year;
                 if the start already met green this is <= 0 and is taken as 0;
                 if start_year >= target_year the gap is spread over 1 year)
      actual >= required        -> ON_TRACK (↑)
      actual >  0.5 * required  -> MODERATE (↗)   (more than half the pace; exactly half is stagnating)
      actual >= 0               -> STAGNATING (→)
      actual <  0               -> DECREASING (↓)
    Pace comparisons against required / 0.5 * required allow a relative rounding
    tolerance of 1e-9 so exact hand-worked edges land where the arithmetic says;
    comparisons with 0 are exact.

Goal trend (:func:`goal_trend`)
    Code ↓=0, →=1, ↗=2, ↑=3 over indicator trends with data (• ignored);
    mean >= 2.5 -> ↑, >= 1.5 -> ↗, >= 0.5 -> →, else ↓; none -> •.

Frames
    Observation frames have columns indicator_id, province_code, year, value and hold
    totals of one dataset. Rows with a missing value are dropped. If a key
    (indicator_id, province_code, year) appears more than once, its values are averaged.
    Observations of indicators not in the catalogue are ignored (no bounds to score by).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lib.core.vocab import Status, Trend

__all__ = [
    "BASE_YEAR",
    "TARGET_YEAR",
    "Status",
    "Trend",
    "Scores",
    "indicator_score",
    "indicator_status",
    "goal_status",
    "goal_score",
    "index_score",
    "indicator_trend",
    "goal_trend",
    "latest_values",
    "score_frame",
    "trend_frame",
    "goal_frame",
    "index_frame",
    "compute_all",
]

BASE_YEAR: int = 2015
TARGET_YEAR: int = 2030
_REL_TOL: float = 1e-9

KEYS: list[str] = ["indicator_id", "province_code"]


# stored colour -> order from best (green 0) to worst (red 3); grey (no data) has none
_STATUS_CODE: dict[str, int] = {s.value: s.code for s in Status if s is not Status.GREY}
_CODE_STATUS: dict[int, str] = {v: k for k, v in _STATUS_CODE.items()}
_TREND_CODE: dict[str, int] = {
    Trend.DECREASING.value: 0,
    Trend.STAGNATING.value: 1,
    Trend.MODERATE.value: 2,
    Trend.ON_TRACK.value: 3,
}


# --------------------------------------------------------------------------- scalars


def _missing(x: float | None) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or bool(pd.isna(x))


def _present(x: float | None) -> float | None:
    """``x`` as a float, None when missing (None or NaN)."""
    return None if x is None or _missing(x) else float(x)


def _sign(direction: str) -> int:
    if direction == "higher":
        return 1
    if direction == "lower":
        return -1
    raise ValueError(f"direction must be 'higher' or 'lower', not {direction!r}")


def indicator_score(value: float | None, direction: str, optimum: float, lower_bound: float) -> float | None:
    """Score 0-100: clamp((value - lower_bound) / (optimum - lower_bound) * 100, 0, 100).

    Works for both directions because a lower-is-better indicator has optimum <
    lower_bound. ``direction`` is validated only. None/NaN value, or optimum ==
    lower_bound, gives None.
    """
    _sign(direction)
    x = _present(value)
    if x is None or optimum == lower_bound:
        return None
    s = (x - lower_bound) / (optimum - lower_bound) * 100.0
    return min(max(s, 0.0), 100.0)


def indicator_status(value: float | None, direction: str, green: float, red: float) -> Status:
    """Colour of one value.

    GREEN if it meets green (>= for higher, <= for lower); RED if worse than red
    (< for higher, > for lower; exactly red is orange); else YELLOW if it meets the
    midpoint (green + red) / 2 (the midpoint itself is yellow), else ORANGE.
    None/NaN -> GREY.
    """
    sign = _sign(direction)
    x = _present(value)
    if x is None:
        return Status.GREY
    mid = (green + red) / 2.0
    if sign > 0:
        if x >= green:
            return Status.GREEN
        if x < red:
            return Status.RED
        return Status.YELLOW if x >= mid else Status.ORANGE
    if x <= green:
        return Status.GREEN
    if x > red:
        return Status.RED
    return Status.YELLOW if x <= mid else Status.ORANGE


def _goal_code(worst: int, second: int) -> int:
    """Combine the worst and second-worst codes (green=0 .. red=3)."""
    if worst == 0 and second == 0:
        return 0
    if worst == 3 and second == 3:
        return 3
    return min(max(math.ceil((worst + second) / 2), 1), 2)


def goal_status(statuses: Iterable[Status | str | None]) -> Status:
    """Goal colour from its two worst indicators with data.

    Order red > orange > yellow > green; GREY/None are ignored. One indicator with
    data counts as both. GREEN only if both green, RED only if both red, otherwise
    ceil(mean of codes green=0, yellow=1, orange=2, red=3) clamped to yellow..orange.
    No data -> GREY.
    """
    codes = sorted(
        (_STATUS_CODE[str(s)] for s in statuses if s is not None and str(s) in _STATUS_CODE),
        reverse=True,
    )
    if not codes:
        return Status.GREY
    worst = codes[0]
    second = codes[1] if len(codes) > 1 else worst
    return Status(_CODE_STATUS[_goal_code(worst, second)])


def goal_score(scores: Iterable[float | None]) -> float | None:
    """Mean of the non-missing indicator scores; None if there are none."""
    vals = [v for v in map(_present, scores) if v is not None]
    return sum(vals) / len(vals) if vals else None


def index_score(
    goal_scores: Mapping[object, float | None],
    n_indicators_total: int,
    n_indicators_missing: int,
) -> float | None:
    """Mean of the available goal scores.

    None when more than 20% of the indicators are missing (5 * missing > total;
    exactly 20% still gets an index), when total <= 0, or when no goal has a score.
    """
    if n_indicators_total <= 0 or 5 * n_indicators_missing > n_indicators_total:
        return None
    return goal_score(goal_scores.values())


def _ge(a: float, b: float) -> bool:
    """a >= b allowing a relative rounding tolerance."""
    return a >= b - _REL_TOL * max(1.0, abs(b))


def indicator_trend(
    points: Iterable[tuple[int, float | None]],
    direction: str,
    green_threshold: float,
    base_year: int = BASE_YEAR,
    target_year: int = TARGET_YEAR,
) -> Trend:
    """Trend arrow from (year, value) points; see the module docstring for the rule.

    Points before base_year and missing values are ignored; values sharing a year are
    averaged. start = earliest point, latest = latest point; actual pace (signed so
    positive = improving) is compared with the pace required to reach green by
    target_year from the start. Latest already green: ↑ if actual >= 0 else →.
    """
    sign = _sign(direction)
    by_year: dict[int, list[float]] = {}
    for year, value in points:
        x = _present(value)
        if int(year) >= base_year and x is not None:
            by_year.setdefault(int(year), []).append(x)
    if len(by_year) < 2:
        return Trend.NO_DATA
    start_year, latest_year = min(by_year), max(by_year)
    start = sum(by_year[start_year]) / len(by_year[start_year])
    latest = sum(by_year[latest_year]) / len(by_year[latest_year])
    actual = sign * (latest - start) / (latest_year - start_year)
    meets_green = latest >= green_threshold if sign > 0 else latest <= green_threshold
    if meets_green:
        return Trend.ON_TRACK if actual >= 0 else Trend.STAGNATING
    required = sign * (green_threshold - start) / max(target_year - start_year, 1)
    required = max(required, 0.0)
    if _ge(actual, required):
        return Trend.ON_TRACK
    if not _ge(0.5 * required, actual):  # strictly more than half the pace
        return Trend.MODERATE
    if actual >= 0:
        return Trend.STAGNATING
    return Trend.DECREASING


def _trend_from_mean(mean: float) -> Trend:
    if mean >= 2.5:
        return Trend.ON_TRACK
    if mean >= 1.5:
        return Trend.MODERATE
    if mean >= 0.5:
        return Trend.STAGNATING
    return Trend.DECREASING


def goal_trend(trends: Iterable[Trend | str | None]) -> Trend:
    """Average of indicator trends: ↓=0, →=1, ↗=2, ↑=3 (• ignored).

    mean >= 2.5 -> ↑, >= 1.5 -> ↗, >= 0.5 -> →, else ↓; no trend with data -> •.
    """
    codes = [_TREND_CODE[str(t)] for t in trends if t is not None and str(t) in _TREND_CODE]
    if not codes:
        return Trend.NO_DATA
    return _trend_from_mean(sum(codes) / len(codes))


# --------------------------------------------------------------------------- frames


@dataclass(frozen=True)
class _Segments:
    """Observations sorted by (indicator, province, year), cut into one segment per pair."""

    ind_codes: pd.Index  # unique indicator ids (codes index into it)
    prov_codes: pd.Index  # unique province codes
    ic: np.ndarray  # per sorted row: indicator code
    pc: np.ndarray  # per sorted row: province code
    year: np.ndarray  # per sorted row
    value: np.ndarray  # per sorted row
    first: np.ndarray  # per segment: index of its first row
    last: np.ndarray  # per segment: index of its last row (the latest year)


def _segments(obs: pd.DataFrame, year: int) -> _Segments:
    """Integer-coded, sorted view of obs with year <= ``year`` (missing values dropped,
    duplicate (indicator, province, year) averaged). Avoids hashing strings twice."""
    yr = obs["year"].to_numpy(dtype=np.int64)
    val = obs["value"].to_numpy(dtype=float)
    ic, iu = pd.factorize(obs["indicator_id"], sort=True)  # sorted: output comes out in key order
    pc, pu = pd.factorize(obs["province_code"], sort=True)
    m = (yr <= year) & ~np.isnan(val)
    if not m.all():
        yr, val, ic, pc = yr[m], val[m], ic[m], pc[m]
    key = ic.astype(np.int64) * max(len(pu), 1) + pc
    if len(key):
        y0 = int(yr.min())
        ck = key * (int(yr.max()) - y0 + 1) + (yr - y0)  # one int64 sort key: (pair, year)
        if not (ck[1:] >= ck[:-1]).all():
            order = np.argsort(ck)  # ties are same pair-year, averaged below, so order is moot
            key, yr, val, ic, pc = key[order], yr[order], val[order], ic[order], pc[order]
    same = (key[1:] == key[:-1]) & (yr[1:] == yr[:-1])
    if same.any():  # rare: several values for one key-year; average them
        grp = np.concatenate(([0], np.cumsum(~same)))
        cnt = np.bincount(grp)
        val = np.bincount(grp, weights=val) / cnt
        keep = np.concatenate(([True], ~same))
        key, yr, ic, pc = key[keep], yr[keep], ic[keep], pc[keep]
    brk = np.flatnonzero(key[1:] != key[:-1]) + 1
    first = np.concatenate(([0], brk)) if len(key) else np.zeros(0, dtype=np.int64)
    last = np.concatenate((brk - 1, [len(key) - 1])) if len(key) else np.zeros(0, dtype=np.int64)
    return _Segments(pd.Index(iu), pd.Index(pu), ic, pc, yr, val, first, last)


def _latest_from(sg: _Segments) -> pd.DataFrame:
    """The last (latest-year) row of each segment."""
    i = sg.last
    out = pd.DataFrame(
        {
            "indicator_id": sg.ind_codes.take(sg.ic[i]),
            "province_code": sg.prov_codes.take(sg.pc[i]),
            "year": sg.year[i],
            "value": sg.value[i],
        }
    )
    return out


def latest_values(obs: pd.DataFrame, year: int) -> pd.DataFrame:
    """Most recent observation with year <= ``year`` per (indicator_id, province_code).

    Input: indicator_id, province_code, year, value (totals of one dataset). Later
    years and missing values are ignored; duplicate keys are averaged.
    Returns columns indicator_id, province_code, year, value, sorted by
    indicator_id, province_code (fresh index).
    """
    return _latest_from(_segments(obs, year))  # segments come in key order


_BOUNDS = ["indicator_id", "direction", "optimum", "green_threshold", "red_threshold", "lower_bound"]


def _status_array(x: np.ndarray, higher: np.ndarray, green: np.ndarray, red: np.ndarray) -> np.ndarray:
    mid = (green + red) / 2.0
    with np.errstate(invalid="ignore"):
        meets_green = np.where(higher, x >= green, x <= green)
        worse_red = np.where(higher, x < red, x > red)
        meets_mid = np.where(higher, x >= mid, x <= mid)
    return np.select(
        [np.isnan(x), meets_green, worse_red, meets_mid],
        [Status.GREY.value, Status.GREEN.value, Status.RED.value, Status.YELLOW.value],
        default=Status.ORANGE.value,
    )


def score_frame(latest: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """Add ``score`` (float, NaN if no value) and ``status`` (colour string) to ``latest``.

    Joins the indicator catalogue on indicator_id (inner: observations of unknown
    indicators are dropped). Same rules as indicator_score / indicator_status.
    """
    bounds = indicators[_BOUNDS]
    bad = ~bounds["direction"].isin(["higher", "lower"])
    if bad.any():
        raise ValueError(f"bad direction for {list(bounds.loc[bad, 'indicator_id'])}")
    df = latest.merge(bounds, on="indicator_id", how="inner")
    x = df["value"].to_numpy(dtype=float)
    opt = df["optimum"].to_numpy(dtype=float)
    lb = df["lower_bound"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        s = (x - lb) / (opt - lb) * 100.0
    s = np.where(opt == lb, np.nan, np.clip(s, 0.0, 100.0))
    higher = (df["direction"] == "higher").to_numpy()
    status = _status_array(
        x, higher, df["green_threshold"].to_numpy(dtype=float), df["red_threshold"].to_numpy(dtype=float)
    )
    out = df.drop(columns=_BOUNDS[1:])
    out["score"] = s
    out["status"] = status
    return out


def _trend_from(
    sg: _Segments, indicators: pd.DataFrame, base_year: int, target_year: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Trend arrow per segment (• for indicators not in the catalogue).

    Returns (trend per segment, indicator code per segment, known-indicator mask).
    """
    cat = indicators.drop_duplicates("indicator_id").set_index("indicator_id").reindex(sg.ind_codes)
    first, last = sg.first, sg.last
    seg_ic = sg.ic[first]
    direction = cat["direction"].to_numpy(dtype=object)[seg_ic]
    known = pd.notna(direction)
    in_window = (sg.year >= base_year).astype(np.int64)
    csum = np.concatenate(([0], np.cumsum(in_window)))
    n = csum[last + 1] - csum[first]  # distinct years since base_year
    # windowed rows are a suffix of each segment; none (n = 0, no trend) -> any in-bounds row
    s_idx = np.minimum(np.maximum(last + 1 - n, first), last)
    sy = sg.year[s_idx].astype(float)
    ly = sg.year[last].astype(float)
    start = sg.value[s_idx]
    latest = sg.value[last]
    sign = np.where(direction == "higher", 1.0, -1.0)
    green = cat["green_threshold"].to_numpy(dtype=float)[seg_ic]
    with np.errstate(divide="ignore", invalid="ignore"):
        actual = sign * (latest - start) / (ly - sy)
        required = np.maximum(sign * (green - start) / np.maximum(target_year - sy, 1.0), 0.0)
        meets_green = np.where(sign > 0, latest >= green, latest <= green)
    half = 0.5 * required
    trend = np.select(
        [
            (n < 2) | ~known,
            meets_green & (actual >= 0),
            meets_green,
            actual >= required - _REL_TOL * np.maximum(1.0, np.abs(required)),
            actual > half + _REL_TOL * np.maximum(1.0, np.abs(half)),
            actual >= 0,
        ],
        [
            Trend.NO_DATA.value,
            Trend.ON_TRACK.value,
            Trend.STAGNATING.value,
            Trend.ON_TRACK.value,
            Trend.MODERATE.value,
            Trend.STAGNATING.value,
        ],
        default=Trend.DECREASING.value,
    )
    return trend, seg_ic, known


def trend_frame(
    obs: pd.DataFrame,
    indicators: pd.DataFrame,
    year: int,
    base_year: int = BASE_YEAR,
    target_year: int = TARGET_YEAR,
) -> pd.DataFrame:
    """Trend arrow per (indicator_id, province_code), from points with base_year <= y <= year.

    One row for every pair of a catalogue indicator that has an observation with
    year <= ``year`` (pairs with fewer than 2 distinct years since base_year get •).
    Same rule as indicator_trend. Returns columns indicator_id, province_code, trend,
    sorted by indicator_id, province_code.
    """
    sg = _segments(obs, year)
    trend, seg_ic, known = _trend_from(sg, indicators, base_year, target_year)
    first = sg.first[known]
    out = pd.DataFrame(
        {
            "indicator_id": sg.ind_codes.take(seg_ic[known]),
            "province_code": sg.prov_codes.take(sg.pc[first]),
            "trend": trend[known],
        }
    )
    return out  # already in (indicator_id, province_code) order


def goal_frame(
    scored_with_trend: pd.DataFrame,
    indicators: pd.DataFrame,
    provinces: Collection[str] | None = None,
) -> pd.DataFrame:
    """Goal score, status and trend per (province_code, goal).

    ``scored_with_trend`` has indicator_id, province_code, score, status and
    optionally trend (missing -> •). Every catalogue indicator counts: a pair with no
    row (or a NaN score) is missing. Provinces: ``provinces`` if given, else those in
    ``scored_with_trend``. Returns province_code, goal, score (mean of indicator
    scores, NaN if none), status (goal_status rule), trend (goal_trend rule),
    n_indicators (catalogue indicators of the goal), n_missing.
    """
    cat = indicators[["indicator_id", "goal"]].drop_duplicates("indicator_id")
    ind_index = pd.Index(cat["indicator_id"])
    goals, g_of_ind = np.unique(cat["goal"].to_numpy(), return_inverse=True)
    if provinces is None:
        provinces = [str(p) for p in pd.unique(scored_with_trend["province_code"])]
    prov_index = pd.Index(sorted({str(p) for p in provinces}))
    n_p, n_i, n_g = len(prov_index), len(ind_index), len(goals)

    # dense province x indicator matrices, NaN = missing
    ii = ind_index.get_indexer(pd.Index(scored_with_trend["indicator_id"]))
    pp = prov_index.get_indexer(pd.Index(scored_with_trend["province_code"]))
    ok = (ii >= 0) & (pp >= 0)
    ii, pp = ii[ok], pp[ok]
    score = np.full((n_p, n_i), np.nan)
    score[pp, ii] = scored_with_trend["score"].to_numpy(dtype=float)[ok]
    have = ~np.isnan(score)
    st = np.full((n_p, n_i), np.nan)
    st[pp, ii] = scored_with_trend["status"].map(_STATUS_CODE).to_numpy(dtype=float)[ok]
    st[~have] = np.nan  # a pair without a score is missing, whatever its status says
    tr = np.full((n_p, n_i), np.nan)
    if "trend" in scored_with_trend.columns:
        tr[pp, ii] = scored_with_trend["trend"].map(_TREND_CODE).to_numpy(dtype=float)[ok]

    onehot = np.zeros((n_i, n_g))
    onehot[np.arange(n_i), g_of_ind] = 1.0
    n_ind = onehot.sum(axis=0).astype(np.int64)  # (n_g,)
    n_have = (have.astype(float) @ onehot).round().astype(np.int64)  # (n_p, n_g)
    with np.errstate(invalid="ignore", divide="ignore"):
        g_score = (np.where(have, score, 0.0) @ onehot) / n_have
        t_ok = ~np.isnan(tr)
        t_mean = (np.where(t_ok, tr, 0.0) @ onehot) / (t_ok.astype(float) @ onehot)

    # two worst statuses from per-colour counts
    counts = np.stack([(st == c).astype(float) @ onehot for c in range(4)])  # (4, n_p, n_g)
    codes = np.arange(4).reshape(4, 1, 1)
    present = counts > 0
    w1 = np.where(present, codes, -1).max(axis=0)
    n_w1 = np.take_along_axis(counts, np.maximum(w1, 0)[None], axis=0)[0]
    below = np.where(present & (codes < w1[None]), codes, -1).max(axis=0)
    w2 = np.where((n_w1 >= 2) | (below < 0), w1, below)  # single indicator counts twice
    mixed = np.clip(np.ceil((w1 + w2) / 2.0), 1, 2)
    code = np.where((w1 == 0) & (w2 == 0), 0, np.where((w1 == 3) & (w2 == 3), 3, mixed))
    status = np.select(
        [w1 < 0, code == 0, code == 1, code == 2],
        [Status.GREY.value, Status.GREEN.value, Status.YELLOW.value, Status.ORANGE.value],
        default=Status.RED.value,
    )
    trend = np.select(
        [np.isnan(t_mean), t_mean >= 2.5, t_mean >= 1.5, t_mean >= 0.5],
        [Trend.NO_DATA.value, Trend.ON_TRACK.value, Trend.MODERATE.value, Trend.STAGNATING.value],
        default=Trend.DECREASING.value,
    )
    return pd.DataFrame(
        {
            "province_code": np.repeat(prov_index.to_numpy(dtype=object), n_g),
            "goal": np.tile(goals, n_p),
            "score": g_score.ravel(),
            "status": status.ravel(),
            "trend": trend.ravel(),
            "n_indicators": np.tile(n_ind, n_p),
            "n_missing": (n_ind[None, :] - n_have).ravel(),
        }
    )


def index_frame(
    goal_frame: pd.DataFrame,
    n_indicators_total: int | None = None,
    pilots: Collection[str] = (),
) -> pd.DataFrame:
    """Index and ranks per province.

    index = mean of the province's available goal scores; NaN when
    5 * n_missing > n_indicators_total (more than 20% missing) or no goal score.
    n_missing = sum of the goal rows' n_missing. n_indicators_total defaults to the
    province's sum of n_indicators. rank_all: 1 = highest index among provinces with
    an index; rank_pilot: the same among ``pilots`` only; ties share the min rank;
    no index (or not a pilot) -> <NA>. Ranks are nullable Int64.
    """
    gkeys = "province_code"
    res = (
        goal_frame.groupby(gkeys, sort=True)
        .agg(index=("score", "mean"), n_missing=("n_missing", "sum"), n_ind=("n_indicators", "sum"))
        .reset_index()
    )
    total = res["n_ind"] if n_indicators_total is None else pd.Series(n_indicators_total, index=res.index)
    too_many = (5 * res["n_missing"] > total) | (total <= 0)
    res.loc[too_many, "index"] = np.nan
    res["n_missing"] = res["n_missing"].astype(int)
    res["rank_all"] = res["index"].rank(method="min", ascending=False).astype("Int64")
    is_pilot = res[gkeys].isin(set(pilots))
    res["rank_pilot"] = res["index"].where(is_pilot).rank(method="min", ascending=False).astype("Int64")
    return res[["province_code", "index", "n_missing", "rank_pilot", "rank_all"]]


@dataclass(frozen=True)
class Scores:
    """All scoring levels for one dataset and year."""

    indicator_level: pd.DataFrame  # indicator_id, province_code, goal, year, value, score, status, trend
    goal_level: pd.DataFrame  # province_code, goal, score, status, trend, n_indicators, n_missing
    index_level: pd.DataFrame  # province_code, index, n_missing, rank_pilot, rank_all


def compute_all(
    obs: pd.DataFrame,
    indicators: pd.DataFrame,
    year: int,
    pilots: Collection[str] = (),
    provinces: Collection[str] | None = None,
    base_year: int = BASE_YEAR,
    target_year: int = TARGET_YEAR,
) -> Scores:
    """Score one dataset's totals as of ``year``.

    If ``obs`` has a disaggregation column, only totals ('') are used.
    indicator_level has one row per (indicator, province) with a value in a year <=
    ``year`` (the year column is the year of that latest value); goal and index levels
    count missing indicators against the full catalogue, for ``provinces`` (default:
    provinces present in obs).
    """
    if "disaggregation" in obs.columns:
        obs = obs[obs["disaggregation"] == ""]
    if provinces is None:
        provinces = [str(p) for p in pd.unique(obs["province_code"])]
    sg = _segments(obs, year)
    latest = _latest_from(sg)
    trend, _, _ = _trend_from(sg, indicators, base_year, target_year)
    latest["trend"] = trend  # both are in segment order
    scored = score_frame(latest, indicators)
    scored = scored.merge(indicators[["indicator_id", "goal"]], on="indicator_id", how="left")
    ind = scored[["indicator_id", "province_code", "goal", "year", "value", "score", "status", "trend"]]
    gf = goal_frame(ind, indicators, provinces)
    idx = index_frame(gf, len(indicators), pilots)
    return Scores(indicator_level=ind, goal_level=gf, index_level=idx)
