"""Progress to 2030 the way Asia-Pacific governments read it: ESCAP's Current Status Index and
Anticipated Progress, and the time distance, per indicator and province, against a 2030 target.

Pure functions: frames in, frames out, no database, no UI. The scalar functions state the rules;
the frame functions apply them per (indicator, province) and per (province, goal).

Method followed
===============
ESCAP (2025). "Annex 1: Technical notes - methodology to measure progress", pp. 55-59 in
*Asia and the Pacific SDG Progress Report 2025: Engaging communities to close the evidence gap*.
Bangkok: United Nations. The same notes are kept online as the ESCAP SDG Gateway's "Progress
assessment methodology" (https://data.unescap.org/resource-guides/progress-assessment-methodology;
updated 4 March 2026 at https://data.unescap.org/index.php/resources/progress-assessment-methodology),
and UNECE's technical notes cite this annex for the regional commissions' common measure
(https://w3.unece.org/sdg2026/technical-notes.html, note 21).
What those texts state and this module follows:
  * two measures: the Current Status Index answers "how much progress has been made since
    2015?", the Anticipated Progress "how likely will the targets be achieved by 2030?";
  * an indicator takes part only if a quantitative target value can be set for it and it has
    two or more data points;
  * current status: the progress made since the base year relative to the progress needed to
    reach the target by 2030, per indicator, then combined per Goal into the average progress
    made and still needed (the "snapshot": progress made, progress needed, regression);
  * anticipated progress: the value expected in 2030 from the trend of the data since 2000,
    estimated by a time-weighted linear regression that gives recent data more weight; the
    gap between that value and the target is read relative to the progress required between
    2015 and 2030, and each indicator is classed as maintain progress (on track) / accelerate
    progress / reverse the trend.
Time distance: P. Sicherl's time-distance measure, which the Philippine Statistics Authority
adopted beside the ESCAP measures (PSA Board Resolution No. 05, s. 2020; PSA special release
2022-252, https://psa.gov.ph/sdg/press-release-id/167677): years ahead of (+) or behind (-) the
straight path from the baseline to the target.
What was checked, and what could not be (December 2026): the stored copies of the texts above
(the ESCAP pages of 2025 and 4 March 2026, ESCAP's older dataviz notes
https://data.unescap.org/dataviz/methodology/technical-notes.html, UNECE's notes of 2022, 2023
and 2026) hold the passages listed, and no more: the annex's formulas, its classification
thresholds and its baseline rules (pp. 55-59) are not in them. So:
  * the trend: every one of those texts says time-weighted linear regression on the data since
    2000; none mentions a compound annual growth rate (CAGR), so no CAGR is used here;
  * the base year 2015 is the 2025 and 2026 texts' (the older dataviz notes measured "since
    2000"); the window that stands in for a missing 2015 is a dashboard rule;
  * the texts say both indices are built per sub-indicator (series, disaggregation) and "can be
    aggregated at the indicator, target or Goal level", without the weights: the goal mean
    here is over its indicators directly (one total series per indicator; dashboard rule), not
    first per SDG target;
  * where the texts are silent (a target already met at the baseline, the regression weights,
    a trend that stopped before 2015, values past a natural bound, the exact class thresholds
    beyond "meets the target" / "moves towards it" / "moves away"), the rule below says
    "dashboard rule". (The PSA asks for 3 data points for the anticipated progress; ESCAP's
    criterion of two or more is the default here.)

Rules
=====
Series
    Observation frames: indicator_id, province_code, year, value (and optionally
    disaggregation: only totals '' are used). Missing values are dropped, values sharing a
    (indicator, province, year) are averaged, years after the selected ``year`` are ignored.

Target and direction
    target T per indicator (``targets`` frame: indicator_id, target_2030, basis, source_url,
    source_title and optionally province_code; a province's own row, basis ``province`` from
    its localization plan, overrides the indicator's national or SDSN row for that province).
    Each row carries target_basis and target_source (the link, else the document's title).
    No target -> no measure (reason ``no_target``). s = +1 for higher-is-better, -1 for lower-is-better; a value
    x *meets* the target when s * (x - T) >= 0 (a relative tolerance of 1e-9 lets exact
    hand-worked edges land where the arithmetic says).

Baseline (:func:`baseline`)
    The value of the base year 2015. If the series has none, the nearest year within
    ``window`` years (default 5: 2010-2020; dashboard rule); on a tie (2014 and 2016)
    the earlier. None in the window -> no baseline.

Current Status Index per indicator (:func:`current_status`)
    Needs a baseline and a latest value of a later year (else reason ``too_few_points``).
    x0 = baseline, xt = latest value, gain = s * (xt - x0), need = s * (T - x0).
      * latest meets the target            -> csi = 1, status ACHIEVED (capped: progress
        counts up to the target, never past it);
      * need > 0                           -> csi = gain / need: 0.4 means 40 % of the way
        from the baseline to the target; negative = regression (no lower cap);
      * need <= 0 (the baseline already met the target, the latest value no longer does)
                                           -> csi = -1 (the whole margin is lost; ESCAP's ratio
        is undefined when no progress was needed; dashboard rule).
    Status: ACHIEVED (csi = 1 from meeting the target), PROGRESS (0 < csi < 1), STAGNANT
    (csi = 0, e.g. a flat series), REGRESSION (csi < 0).

Current Status Index per goal (:func:`goal_status_frame`)
    Mean of the indicator csi values of the goal for the province (indicators without a csi
    are left out, and counted). The snapshot bar: progress_made = clip(mean, 0, 1),
    progress_needed = 1 - progress_made, regression = max(-mean, 0) (drawn left of the
    baseline, in red). Also the number of indicators behind the mean and of each status, and
    the year range (earliest baseline year, latest year).

Anticipated Progress per indicator (:func:`anticipated_progress`)
    Points from ``trend_start`` (2000) to the selected year; fewer than 2 distinct years ->
    NO_DATA (reason ``too_few_points``). The series must also reach into the SDG period: no
    point in or after 2015 (``require_since``) -> NO_DATA, so a series that stopped in 2011
    is not extended to 2030 (dashboard rule; None turns it off).
    Fit v = a + b * t by weighted least squares with weight w_i = t_i - t_first + 1 (the
    first year weighs 1, each later year one more; ESCAP gives recent data more weight, the
    linear weights are the dashboard rule). With 2 points the line joins them.
    value_2030 = a + b * 2030, kept inside the indicator's plausible range when the catalogue
    gives one (a falling rate stops at its floor; dashboard rule).
    base = the baseline above; if the series has none, the fitted value in the base year.
    need = s * (T - base), expected = s * (value_2030 - base).
      * value_2030 meets the target                    -> ON_TRACK ("maintain progress");
      * need > 0 and expected >= 0 (ratio in [0, 1))   -> ACCELERATE (a flat trend, ratio 0,
        is here: it does not move away from the target, it does not move at all);
      * need > 0 and expected < 0                      -> REVERSE (the trend moves away);
      * need <= 0 (target met at the baseline, the 2030 value misses it) -> REVERSE.
    ratio = expected / need (NaN when need <= 0); gap = 1 - ratio for the indicators not on
    track: the anticipated gap relative to the progress required from 2015 to 2030.

Time distance (:func:`time_distance`)
    With need > 0: the straight path from (t0, x0) to (2030, T) reaches the latest value xt
    in year t* = t0 + (gain / need) * (2030 - t0) (gain / need uncapped); time distance =
    t* - t_latest years: positive = ahead of the path, negative = behind. Example: 10 in
    2015, target 40, 26 in 2020: t* = 2015 + (16 / 30) * 15 = 2023, so 3 years ahead.
    need <= 0 or no baseline -> none.

Targets file (:func:`read_targets`, :func:`parse_targets`)
    data/seed/indicator_target.csv: indicator_id, target_2030, basis (national | sdsn_green),
    source_title, source_publisher, source_url, note. Each row is checked; an error names the
    file, the row (line number in the file) and the column: unknown or repeated indicator,
    target not a finite number, bad basis, national target without source title or http(s)
    URL, SDSN row whose target differs from the catalogue's green threshold.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import numpy as np
import pandas as pd

from lib.core.paths import SEED_DIR

__all__ = [
    "BASE_YEAR",
    "TARGET_YEAR",
    "TREND_START",
    "BASE_WINDOW",
    "MIN_POINTS",
    "TARGETS_PATH",
    "TARGET_BASES",
    "PROVINCE_BASIS",
    "CurrentStatus",
    "Anticipated",
    "CurrentStatusResult",
    "AnticipatedResult",
    "TargetFileError",
    "PROGRESS_COLUMNS",
    "TARGET_COLUMNS",
    "baseline",
    "current_status",
    "anticipated_progress",
    "time_distance",
    "weighted_line",
    "indicator_progress",
    "goal_status_frame",
    "anticipated_counts",
    "year_range",
    "parse_targets",
    "read_targets",
]

BASE_YEAR: int = 2015
TARGET_YEAR: int = 2030
TREND_START: int = 2000  # ESCAP estimates the trend from the data since 2000
BASE_WINDOW: int = 5  # a missing 2015 is replaced by the nearest year within 2015 +- 5
MIN_POINTS: int = 2  # ESCAP: two or more data points
TARGETS_PATH: Path = SEED_DIR / "indicator_target.csv"
TARGET_BASES: tuple[str, ...] = ("national", "sdsn_green")
PROVINCE_BASIS: str = "province"  # a province's own target (its SDG localization plan)
_REL_TOL: float = 1e-9


class CurrentStatus(StrEnum):
    """Where an indicator stands since the baseline (Current Status Index)."""

    ACHIEVED = "achieved"
    PROGRESS = "progress"
    STAGNANT = "stagnant"
    REGRESSION = "regression"
    NO_DATA = "no_data"

    @property
    def key(self) -> str:
        """UI string key of the status' name."""
        return f"progress.status.{self.value}"


class Anticipated(StrEnum):
    """ESCAP's class of the anticipated 2030 value."""

    ON_TRACK = "on_track"  # maintain progress to achieve the target
    ACCELERATE = "accelerate"  # accelerate progress to achieve the target
    REVERSE = "reverse"  # reverse the trend to achieve the target
    NO_DATA = "no_data"

    @property
    def key(self) -> str:
        """UI string key of the class' name."""
        return f"progress.anticipated.{self.value}"


# --------------------------------------------------------------------------- scalars


def _sign(direction: str) -> float:
    if direction == "higher":
        return 1.0
    if direction == "lower":
        return -1.0
    raise ValueError(f"direction must be 'higher' or 'lower', not {direction!r}")


def _meets(x: float, target: float, sign: float) -> bool:
    """x meets the target (>= for higher-is-better, <= for lower), within rounding."""
    return sign * (x - target) >= -_REL_TOL * max(1.0, abs(target))


def _points(points: Iterable[tuple[int, float | None]]) -> dict[int, float]:
    """Year -> value, missing values dropped, values of one year averaged."""
    by_year: dict[int, list[float]] = {}
    for year, value in points:
        if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
            continue
        by_year.setdefault(int(year), []).append(float(value))
    return {y: sum(v) / len(v) for y, v in sorted(by_year.items())}


_Points = Iterable[tuple[int, float | None]] | dict[int, float]


def _series(points: _Points) -> dict[int, float]:
    """A clean year -> value dict (a dict is taken as already clean, sorted by year)."""
    return points if isinstance(points, dict) else _points(points)


def baseline(
    points: _Points,
    *,
    base_year: int = BASE_YEAR,
    window: int = BASE_WINDOW,
) -> tuple[int, float] | None:
    """(year, value) of the baseline: the base year's value, else the nearest year within
    ``window`` years of it (the earlier on a tie); None when there is none."""
    series = _series(points)
    best: tuple[int, int] | None = None  # (distance, year): min picks nearest, then earlier
    for year in series:
        d = abs(year - base_year)
        if d <= window and (best is None or (d, year) < best):
            best = (d, year)
    return None if best is None else (best[1], series[best[1]])


@dataclass(frozen=True)
class CurrentStatusResult:
    base_year: int
    base_value: float
    latest_year: int
    latest_value: float
    csi: float  # capped at 1; -1 when a target met at the baseline is lost
    raw: float  # gain / need, uncapped (NaN when need <= 0)
    status: CurrentStatus
    time_distance: float | None


def current_status(
    points: _Points,
    target: float,
    direction: str,
    *,
    base_year: int = BASE_YEAR,
    window: int = BASE_WINDOW,
    target_year: int = TARGET_YEAR,
) -> CurrentStatusResult | None:
    """The Current Status Index of one series (module docstring, "Current Status Index per
    indicator"); None without a baseline and a later latest value."""
    sign = _sign(direction)
    series = _series(points)
    base = baseline(series, base_year=base_year, window=window)
    if base is None or not series:
        return None
    t0, x0 = base
    tl = max(series)
    if tl <= t0:
        return None
    xt = series[tl]
    gain = sign * (xt - x0)
    need = sign * (target - x0)
    raw = gain / need if need > 0 else math.nan
    if _meets(xt, target, sign):
        csi, status = 1.0, CurrentStatus.ACHIEVED
    elif need > 0:
        csi = raw
        status = CurrentStatus.PROGRESS if csi > 0 else CurrentStatus.STAGNANT if csi == 0 else CurrentStatus.REGRESSION
    else:
        csi, status = -1.0, CurrentStatus.REGRESSION
    td = time_distance(t0, x0, tl, xt, target, direction, target_year=target_year)
    return CurrentStatusResult(t0, x0, tl, xt, csi, raw, status, td)


def time_distance(
    base_year: int,
    base_value: float,
    latest_year: int,
    latest_value: float,
    target: float,
    direction: str,
    *,
    target_year: int = TARGET_YEAR,
) -> float | None:
    """Years ahead (+) or behind (-) the straight path from the baseline to the target.

    t* = t0 + (gain / need) * (target_year - t0) is the year the path reaches the latest
    value; the distance is t* - latest_year. None when need <= 0 (no path to follow) or the
    target year is not after the baseline.
    """
    sign = _sign(direction)
    need = sign * (target - base_value)
    if need <= 0 or target_year <= base_year:
        return None
    gain = sign * (latest_value - base_value)
    t_star = base_year + gain / need * (target_year - base_year)
    return t_star - latest_year


def weighted_line(years: Sequence[int], values: Sequence[float]) -> tuple[float, float]:
    """(intercept, slope) of the least-squares line with weights w_i = t_i - t_first + 1.

    Needs 2 or more distinct years (ValueError otherwise).
    """
    t = [float(y) for y in years]
    v = [float(x) for x in values]
    if len(t) != len(v):
        raise ValueError("years and values differ in length")
    if len(set(t)) < 2:
        raise ValueError("a trend needs two or more distinct years")
    t_first = min(t)
    w = [ti - t_first + 1.0 for ti in t]  # plain floats: series are short, numpy calls cost more
    sw = sum(w)
    tm = sum(wi * ti for wi, ti in zip(w, t, strict=True)) / sw
    vm = sum(wi * vi for wi, vi in zip(w, v, strict=True)) / sw
    sxy = sum(wi * (ti - tm) * (vi - vm) for wi, ti, vi in zip(w, t, v, strict=True))
    sxx = sum(wi * (ti - tm) ** 2 for wi, ti in zip(w, t, strict=True))
    slope = sxy / sxx
    return vm - slope * tm, slope


@dataclass(frozen=True)
class AnticipatedResult:
    value_2030: float
    base_year: int  # the baseline's year (the base year itself when the fitted value is used)
    base_value: float
    base_fitted: bool  # the series had no baseline: the fitted value in the base year is used
    ratio: float  # expected / needed progress; NaN when the target was met at the baseline
    gap: float  # 1 - ratio when not on track, else 0 (NaN with the ratio)
    slope: float  # per year, in the indicator's unit
    n_points: int
    first_year: int
    latest_year: int
    klass: Anticipated


def anticipated_progress(
    points: _Points,
    target: float,
    direction: str,
    *,
    base_year: int = BASE_YEAR,
    window: int = BASE_WINDOW,
    target_year: int = TARGET_YEAR,
    trend_start: int = TREND_START,
    min_points: int = MIN_POINTS,
    require_since: int | None = BASE_YEAR,
    bounds: tuple[float | None, float | None] = (None, None),
) -> AnticipatedResult | None:
    """The Anticipated Progress of one series (module docstring, "Anticipated Progress per
    indicator"); None with fewer than ``min_points`` distinct years since ``trend_start``, or
    with no point in or after ``require_since`` (None: no such condition)."""
    sign = _sign(direction)
    series = {y: v for y, v in _series(points).items() if y >= trend_start}
    if len(series) < max(min_points, 2):
        return None
    if require_since is not None and max(series) < require_since:
        return None
    years = list(series)
    a, b = weighted_line(years, list(series.values()))
    v2030 = a + b * target_year
    lo, hi = bounds
    if lo is not None and not math.isnan(lo):
        v2030 = max(v2030, lo)
    if hi is not None and not math.isnan(hi):
        v2030 = min(v2030, hi)
    base = baseline(series, base_year=base_year, window=window)
    fitted = base is None
    by, bv = (base_year, a + b * base_year) if base is None else base
    need = sign * (target - bv)
    expected = sign * (v2030 - bv)
    ratio = expected / need if need > 0 else math.nan
    if _meets(v2030, target, sign):
        klass = Anticipated.ON_TRACK
    elif need > 0 and expected >= 0:
        klass = Anticipated.ACCELERATE
    else:
        klass = Anticipated.REVERSE
    gap = 0.0 if klass is Anticipated.ON_TRACK else 1.0 - ratio
    return AnticipatedResult(v2030, by, bv, fitted, ratio, gap, b, len(years), years[0], years[-1], klass)


# --------------------------------------------------------------------------- frames

_KEYS = ["indicator_id", "province_code"]
PROGRESS_COLUMNS: list[str] = [
    "indicator_id",
    "province_code",
    "goal",
    "direction",
    "target",
    "target_basis",
    "target_source",
    "base_year",
    "base_value",
    "latest_year",
    "latest_value",
    "csi",
    "csi_raw",
    "status",
    "time_distance",
    "n_points",
    "trend_first_year",
    "trend_slope",
    "value_2030",
    "ap_ratio",
    "ap_gap",
    "anticipated",
    "reason",
]


def _totals(obs: pd.DataFrame, year: int) -> pd.DataFrame:
    if "disaggregation" in obs.columns:
        obs = obs[obs["disaggregation"] == ""]
    obs = obs[(obs["year"] <= year) & obs["value"].notna()]
    out: pd.DataFrame = obs.groupby([*_KEYS, "year"], as_index=False, sort=True)[["value"]].mean()
    return out


_Target = tuple[float, str, str]  # (target value, basis, source: its http(s) address, else its title)


def _text_col(targets: pd.DataFrame, name: str) -> list[str]:
    if name not in targets.columns:
        return [""] * len(targets)
    return [x if isinstance(x, str) else "" for x in targets[name]]


def _resolve_targets(targets: pd.DataFrame) -> tuple[dict[str, _Target], dict[tuple[str, str], _Target]]:
    """(indicator -> target, (indicator, province) -> the province's own target)."""
    national: dict[str, _Target] = {}
    own: dict[tuple[str, str], _Target] = {}
    inds = [str(x) for x in targets["indicator_id"]]
    values = pd.to_numeric(targets["target_2030"], errors="coerce").to_numpy(dtype=float)
    bases = _text_col(targets, "basis")
    urls, titles = _text_col(targets, "source_url"), _text_col(targets, "source_title")
    codes = _text_col(targets, "province_code")
    for ind, t, b, url, title, code in zip(inds, values, bases, urls, titles, codes, strict=True):
        if math.isnan(t):
            continue
        if code:
            own[(ind, code)] = (float(t), b, url or title)
        else:
            national[ind] = (float(t), b, url or title)
    return national, own


def indicator_progress(
    obs: pd.DataFrame,
    indicators: pd.DataFrame,
    targets: pd.DataFrame,
    *,
    year: int,
    base_year: int = BASE_YEAR,
    window: int = BASE_WINDOW,
    target_year: int = TARGET_YEAR,
    trend_start: int = TREND_START,
    min_points: int = MIN_POINTS,
    require_since: int | None = BASE_YEAR,
) -> pd.DataFrame:
    """Current status, time distance and anticipated progress per (indicator, province).

    ``obs``: indicator_id, province_code, year, value (one dataset; totals are used).
    ``indicators``: the catalogue (indicator_id, goal, direction; plausible_min/plausible_max
    used when present). ``targets``: indicator_id, target_2030, basis [, province_code].
    One row for every (catalogue indicator, province) with an observation up to ``year``;
    columns :data:`PROGRESS_COLUMNS`, sorted by indicator_id, province_code. ``reason`` is ''
    when both measures exist, else ``no_target`` or ``too_few_points`` (a measure that cannot
    be computed stays NaN, its status / class NO_DATA).
    """
    cat = indicators.drop_duplicates("indicator_id")
    ids = [str(i) for i in cat["indicator_id"]]
    direction_of = dict(zip(ids, (str(d) for d in cat["direction"]), strict=True))
    goal_of = dict(zip(ids, (int(g) for g in cat["goal"]), strict=True))

    def _col(name: str) -> dict[str, float | None]:
        if name not in cat.columns:
            return {}
        vals = pd.to_numeric(cat[name], errors="coerce").to_numpy(dtype=float)
        return {i: (None if math.isnan(v) else float(v)) for i, v in zip(ids, vals, strict=True)}

    pmin, pmax = _col("plausible_min"), _col("plausible_max")
    national, own = _resolve_targets(targets)
    tot = _totals(obs, year)
    tot = tot[tot["indicator_id"].isin(set(ids))]
    ind_a = tot["indicator_id"].astype(str).to_numpy()
    prov_a = tot["province_code"].astype(str).to_numpy()
    year_a = tot["year"].to_numpy(dtype=np.int64)
    val_a = tot["value"].to_numpy(dtype=float)
    # rows are sorted by (indicator, province, year): cut them into one segment per pair
    brk = np.flatnonzero((ind_a[1:] != ind_a[:-1]) | (prov_a[1:] != prov_a[:-1])) + 1
    starts = np.concatenate(([0], brk)) if len(ind_a) else np.zeros(0, dtype=np.int64)
    ends = np.concatenate((brk, [len(ind_a)])) if len(ind_a) else np.zeros(0, dtype=np.int64)
    rows: list[dict[str, object]] = []
    for lo, hi in zip(starts.tolist(), ends.tolist(), strict=True):
        ind, prov = str(ind_a[lo]), str(prov_a[lo])
        direction = direction_of[ind]
        series = dict(zip(year_a[lo:hi].tolist(), val_a[lo:hi].tolist(), strict=True))
        row: dict[str, object] = dict.fromkeys(PROGRESS_COLUMNS, math.nan)
        row.update(
            indicator_id=ind,
            province_code=prov,
            goal=goal_of[ind],
            direction=direction,
            target_basis="",
            target_source="",
            status=CurrentStatus.NO_DATA.value,
            anticipated=Anticipated.NO_DATA.value,
            latest_year=int(year_a[hi - 1]),
            latest_value=float(val_a[hi - 1]),
            n_points=hi - lo,
            reason="",
        )
        tgt = own.get((ind, prov)) or national.get(ind)
        if tgt is None:
            row["reason"] = "no_target"
            rows.append(row)
            continue
        target, basis, source = tgt
        row["target"], row["target_basis"], row["target_source"] = target, basis, source
        cs = current_status(series, target, direction, base_year=base_year, window=window, target_year=target_year)
        if cs is not None:
            row.update(
                base_year=cs.base_year,
                base_value=cs.base_value,
                csi=cs.csi,
                csi_raw=cs.raw,
                status=cs.status.value,
                time_distance=math.nan if cs.time_distance is None else cs.time_distance,
            )
        ap = anticipated_progress(
            series,
            target,
            direction,
            base_year=base_year,
            window=window,
            target_year=target_year,
            trend_start=trend_start,
            min_points=min_points,
            require_since=require_since,
            bounds=(pmin.get(ind), pmax.get(ind)),
        )
        if ap is not None:
            row.update(
                trend_first_year=ap.first_year,
                trend_slope=ap.slope,
                value_2030=ap.value_2030,
                ap_ratio=ap.ratio,
                ap_gap=ap.gap,
                anticipated=ap.klass.value,
                n_points=ap.n_points,
            )
            if cs is None:
                row["base_year"], row["base_value"] = ap.base_year, ap.base_value
        if cs is None or ap is None:
            row["reason"] = "too_few_points"
        rows.append(row)
    out = pd.DataFrame(rows, columns=PROGRESS_COLUMNS)
    for col in ("base_year", "trend_first_year", "latest_year", "n_points", "goal"):
        out[col] = out[col].astype("Int64")
    return out


_STATUS_COUNTS = {
    "n_achieved": CurrentStatus.ACHIEVED,
    "n_progress": CurrentStatus.PROGRESS,
    "n_stagnant": CurrentStatus.STAGNANT,
    "n_regression": CurrentStatus.REGRESSION,
}


def goal_status_frame(progress: pd.DataFrame) -> pd.DataFrame:
    """Current Status Index per (province_code, goal) from :func:`indicator_progress`.

    Columns: province_code, goal, csi (mean of the indicator csi values, NaN if none),
    progress_made, progress_needed, regression (the snapshot bar), n_indicators (indicators
    behind the mean), n_no_data (rows without a csi), n_achieved, n_progress, n_stagnant,
    n_regression, first_year (earliest baseline year), last_year (latest year used).
    """
    cols = [
        "province_code",
        "goal",
        "csi",
        "progress_made",
        "progress_needed",
        "regression",
        "n_indicators",
        "n_no_data",
        *_STATUS_COUNTS,
        "first_year",
        "last_year",
    ]
    if progress.empty:
        return pd.DataFrame(columns=cols)
    df = progress.copy()
    have = df["csi"].notna()
    df["_latest_used"] = df["latest_year"].where(have)
    df["_base_used"] = df["base_year"].where(have)
    for name, st in _STATUS_COUNTS.items():
        df[name] = (df["status"] == st.value).astype(int)
    g = df.groupby(["province_code", "goal"], sort=True)
    out = g.agg(
        csi=("csi", "mean"),
        n_indicators=("csi", "count"),
        n_rows=("indicator_id", "size"),
        first_year=("_base_used", "min"),
        last_year=("_latest_used", "max"),
        **{name: (name, "sum") for name in _STATUS_COUNTS},
    ).reset_index()
    out["n_no_data"] = out["n_rows"] - out["n_indicators"]
    mean = out["csi"].astype(float)
    out["progress_made"] = mean.clip(lower=0.0, upper=1.0)
    out["progress_needed"] = 1.0 - out["progress_made"]
    out["regression"] = (-mean).clip(lower=0.0)
    out["first_year"] = out["first_year"].where(out["n_indicators"] > 0).astype("Int64")
    out["last_year"] = out["last_year"].astype("Int64")
    return out[cols]


def anticipated_counts(progress: pd.DataFrame, *, by: Sequence[str] = ("province_code",)) -> pd.DataFrame:
    """Indicators on track / to accelerate / to reverse / without data, per group ``by``
    (default per province: the "on track: 4 · accelerate: 6 · reverse: 2" line), with the
    year range of the trends (first_year, last_year)."""
    keys = list(by)
    classes = [a.value for a in Anticipated]
    if progress.empty:
        return pd.DataFrame(columns=[*keys, *classes, "first_year", "last_year"])
    counts = pd.crosstab([progress[k] for k in keys], progress["anticipated"])
    counts = counts.reindex(columns=classes, fill_value=0)
    counts.columns.name = None
    has = progress["anticipated"] != Anticipated.NO_DATA.value
    span = (
        progress[has]
        .groupby(keys)
        .agg(first_year=("trend_first_year", "min"), last_year=("latest_year", "max"))
        .reindex(counts.index)
    )
    out = pd.concat([counts, span], axis=1).reset_index()
    out["first_year"] = out["first_year"].astype("Int64")
    out["last_year"] = out["last_year"].astype("Int64")
    return out


def year_range(progress: pd.DataFrame, *, measure: str = "csi") -> tuple[int, int] | None:
    """The years a measure is computed on, to show beside it: (earliest baseline, latest year)
    for ``csi``, (earliest trend year, latest year) for ``anticipated``; None without data."""
    if measure == "csi":
        have = progress["csi"].notna()
        first = progress.loc[have, "base_year"]
    elif measure == "anticipated":
        have = progress["anticipated"] != Anticipated.NO_DATA.value
        first = progress.loc[have, "trend_first_year"]
    else:
        raise ValueError(f"measure must be 'csi' or 'anticipated', not {measure!r}")
    if not have.any():
        return None
    return int(first.min()), int(progress.loc[have, "latest_year"].max())


# --------------------------------------------------------------------------- targets file

TARGET_COLUMNS: list[str] = [
    "indicator_id",
    "target_2030",
    "basis",
    "source_title",
    "source_publisher",
    "source_url",
    "note",
]


class TargetFileError(ValueError):
    """A row of the targets file is wrong; the message names file, row and column."""


def parse_targets(raw: pd.DataFrame, *, indicators: pd.DataFrame, source: str = TARGETS_PATH.name) -> pd.DataFrame:
    """Check the targets file's rows (text cells, as read) and return them typed.

    ``indicators``: the catalogue (indicator_id, green_threshold). Row numbers in errors are
    file line numbers (the header is line 1). Returns :data:`TARGET_COLUMNS` with
    target_2030 as float, one row per indicator.
    """
    missing = [c for c in TARGET_COLUMNS if c not in raw.columns]
    if missing:
        raise TargetFileError(f"{source}: missing column(s) {', '.join(missing)}")
    green = dict(zip(indicators["indicator_id"].astype(str), indicators["green_threshold"].astype(float)))
    seen: dict[str, int] = {}
    out = raw[TARGET_COLUMNS].astype(str).apply(lambda s: s.str.strip())
    values: list[float] = []
    for i, row in enumerate(out.itertuples(index=False), start=2):

        def fail(column: str, why: str, line: int = i) -> TargetFileError:
            return TargetFileError(f"{source}: row {line}, column {column}: {why}")

        ind = row.indicator_id
        if ind not in green:
            raise fail("indicator_id", f"unknown indicator {ind!r} (not in the indicator catalogue)")
        if ind in seen:
            raise fail("indicator_id", f"{ind!r} is already given on row {seen[ind]}")
        seen[ind] = i
        try:
            t = float(row.target_2030)
        except ValueError:
            raise fail("target_2030", f"{row.target_2030!r} is not a number") from None
        if not math.isfinite(t):
            raise fail("target_2030", f"{row.target_2030!r} is not a finite number")
        if row.basis not in TARGET_BASES:
            raise fail("basis", f"{row.basis!r} is not one of {', '.join(TARGET_BASES)}")
        if row.basis == "national":
            if not row.source_title:
                raise fail("source_title", "a national target needs the title of the document that sets it")
            if not row.source_url.startswith(("http://", "https://")):
                raise fail("source_url", "a national target needs the http(s) address of its source")
        elif not math.isclose(t, green[ind], rel_tol=1e-9, abs_tol=1e-12):
            raise fail("target_2030", f"an sdsn_green target must equal the catalogue's green threshold {green[ind]:g}")
        values.append(t)
    typed: pd.DataFrame = out.reset_index(drop=True)
    typed["target_2030"] = values
    return typed


def read_targets(path: Path = TARGETS_PATH, *, indicators: pd.DataFrame) -> pd.DataFrame:
    """Read and check the targets CSV (UTF-8, every cell as text, empty cells stay '')."""
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    return parse_targets(raw, indicators=indicators, source=str(path))
