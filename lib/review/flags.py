"""What a reviewer is shown to look at: three checks of a submission's rows against the
published values (pure functions: frames in, flags out).

- change: a value that replaces a published one and differs from it by more than
  CHANGE_SHARE (50 %) of the published value: |new - old| / |old| > 0.5. A published 0
  replaced by anything else is flagged too (the share is infinite).
- outlier: a value far from the other provinces' values of the same dataset, indicator, year
  and disaggregation (published values, with this submission's in their place): with m the
  median of those values and MAD their median absolute deviation from m, flagged when
  |x - m| / (1.4826 * MAD) > 3.5 (Iglewicz and Hoaglin's robust z). Not tested with fewer
  than MIN_PEERS other provinces, nor when MAD is 0 (no spread to compare with).
- missing: a province (within the submitter's scope) that has a value for the year before
  the submission's latest year of that indicator and disaggregation, and none for that
  year, neither published nor submitted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd

CHANGE_SHARE = 0.5
OUTLIER_Z = 3.5
MAD_SCALE = 1.4826  # makes the MAD estimate the standard deviation of normal data
MIN_PEERS = 5
CHANGE, OUTLIER, MISSING = "change", "outlier", "missing"
KINDS: tuple[str, ...] = (CHANGE, OUTLIER, MISSING)
KEY = ["dataset", "indicator_id", "province_code", "year", "disaggregation"]


@dataclass(frozen=True)
class Flag:
    kind: str
    row: int | None  # the file's row (None for a missing province: it has no row)
    dataset: str
    indicator_id: str
    province_code: str
    year: int
    disaggregation: str
    value: float | None = None
    old_value: float | None = None  # change: the published value
    share: float | None = None  # change: |new - old| / |old|
    median: float | None = None  # outlier: of the other provinces
    z: float | None = None  # outlier: the robust z

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def changes(diffed: pd.DataFrame) -> list[Flag]:
    """Flags for replaced values (diffed: the rows with old_value and status, lib.store.imports.diff)."""
    out = []
    for r in diffed[diffed["status"] == "replaced"].itertuples(index=False):
        old, new = float(str(r.old_value)), float(str(r.value))
        share = abs(new - old) / abs(old) if old != 0 else float("inf")
        if share > CHANGE_SHARE:
            out.append(_flag(CHANGE, r, value=new, old_value=old, share=share))
    return out


def robust_z(x: float, peers: list[float]) -> tuple[float, float] | None:
    """(z, median) of x against peers, or None when there are too few or no spread."""
    if len(peers) < MIN_PEERS:
        return None
    s = pd.Series(peers, dtype="float64")
    med = float(s.median())
    mad = float((s - med).abs().median())
    if mad == 0:
        return None
    return abs(x - med) / (MAD_SCALE * mad), med


def outliers(rows: pd.DataFrame, published: pd.DataFrame) -> list[Flag]:
    """Flags for submitted values far from the other provinces' (see the module docstring)."""
    merged = _merged(rows, published)
    groups = {k: g for k, g in merged.groupby(["dataset", "indicator_id", "year", "disaggregation"], sort=False)}
    out = []
    for r in rows.itertuples(index=False):
        x = float(str(r.value))
        g = groups[(r.dataset, r.indicator_id, r.year, r.disaggregation)]
        peers = g.loc[g["province_code"] != r.province_code, "value"].astype(float).tolist()
        found = robust_z(x, peers)
        if found is not None and found[0] > OUTLIER_Z:
            out.append(_flag(OUTLIER, r, value=x, median=found[1], z=found[0]))
    return out


def missing(rows: pd.DataFrame, published: pd.DataFrame, covers: Callable[[str, str], bool]) -> list[Flag]:
    """Provinces with last year's value and none this year (`covers(province, indicator)`:
    within the submitter's scope)."""
    merged = _merged(rows, published)
    out = []
    for (ds, ind, dis), g in rows.groupby(["dataset", "indicator_id", "disaggregation"], sort=True):
        year = int(str(g["year"].max()))
        m = merged[(merged["dataset"] == ds) & (merged["indicator_id"] == ind) & (merged["disaggregation"] == dis)]
        before = set(m.loc[m["year"] == year - 1, "province_code"])
        now = set(m.loc[m["year"] == year, "province_code"])
        for code in sorted(before - now):
            if covers(code, str(ind)):
                out.append(Flag(MISSING, None, str(ds), str(ind), code, year, str(dis)))
    return out


def _merged(rows: pd.DataFrame, published: pd.DataFrame) -> pd.DataFrame:
    """Published values with the submission's in their place (KEY + value)."""
    cols = [*KEY, "value"]
    both = pd.concat([rows[cols], published[cols]], ignore_index=True)
    both["year"] = both["year"].astype("int64")
    return both.drop_duplicates(KEY, keep="first")


def _flag(kind: str, r: Any, **numbers: float) -> Flag:
    """A flag for one row of a frame (an itertuples row)."""
    return Flag(
        kind,
        int(r.row),
        str(r.dataset),
        str(r.indicator_id),
        str(r.province_code),
        int(r.year),
        str(r.disaggregation),
        **numbers,
    )
