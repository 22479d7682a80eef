"""Peer provinces: for a province, the provinces most like it, as a comparison group beside
the pilot and national averages.

Rule (:func:`peers`)
====================
Each province is described by two numbers: log(population) and log(GPP per capita), the
latest values up to the chosen year (:func:`profiles`). Each is standardised over the
provinces that have both (z = (x - mean) / standard deviation, population standard deviation;
a feature with no spread gets z = 0 everywhere). Distance = Euclidean distance between
(z_population, z_gpp).
Peers of P: the ``k`` (default 5) provinces of P's region nearest to P; if the region has
fewer than ``k`` other provinces with data, the rest are the nearest provinces of the other
regions. Ties on distance go to the lower province code. Provinces without both values (or
with a value <= 0, which has no logarithm) are never peers; a province without them has no
peers (empty result).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["K_PEERS", "PEER_COLUMNS", "profiles", "peers"]

K_PEERS: int = 5
PEER_COLUMNS: list[str] = ["province_code", "region", "distance", "same_region", "rank"]


def _latest(frame: pd.DataFrame, year: int | None, name: str) -> pd.Series:
    """Latest value up to ``year`` per province_code from (province_code, year, value)."""
    f = frame[frame["value"].notna()]
    if year is not None:
        f = f[f["year"] <= year]
    f = f.sort_values(["province_code", "year"])
    return f.groupby("province_code")["value"].last().rename(name)


def profiles(
    provinces: pd.DataFrame,
    population: pd.DataFrame,
    gpp_per_capita: pd.DataFrame,
    *,
    year: int | None = None,
) -> pd.DataFrame:
    """One row per province: province_code, region, population, gpp_per_capita.

    ``provinces``: code, region (the catalogue). ``population`` and ``gpp_per_capita``:
    province_code, year, value (e.g. DOPA's registered population and the gpp_per_capita
    indicator's totals); the latest value up to ``year`` is kept, NaN when there is none.
    """
    out = provinces[["code", "region"]].rename(columns={"code": "province_code"}).set_index("province_code")
    out = out.join(_latest(population, year, "population")).join(_latest(gpp_per_capita, year, "gpp_per_capita"))
    return out.reset_index()


def peers(profile: pd.DataFrame, province: str, *, k: int = K_PEERS) -> pd.DataFrame:
    """The ``k`` peers of ``province`` by the module's rule.

    ``profile``: province_code, region, population, gpp_per_capita (:func:`profiles`).
    Returns :data:`PEER_COLUMNS`, nearest first (same region first): distance in standard
    deviations, same_region (bool), rank 1..k.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    p = profile.drop_duplicates("province_code").copy()
    pop = pd.to_numeric(p["population"], errors="coerce").to_numpy(dtype=float)
    gpp = pd.to_numeric(p["gpp_per_capita"], errors="coerce").to_numpy(dtype=float)
    ok = np.isfinite(pop) & np.isfinite(gpp) & (pop > 0) & (gpp > 0)
    p = p[ok].copy()
    empty = pd.DataFrame(columns=PEER_COLUMNS)
    if province not in set(p["province_code"]):
        return empty
    z = np.column_stack([_z(np.log(pop[ok])), _z(np.log(gpp[ok]))])
    codes = p["province_code"].astype(str).to_numpy()
    me = int(np.flatnonzero(codes == province)[0])
    p["distance"] = np.sqrt(((z - z[me]) ** 2).sum(axis=1))
    p["same_region"] = p["region"].to_numpy() == p["region"].to_numpy()[me]
    others = p[p["province_code"] != province]
    # same region first, then nearest, then lower code: the first k are the peers
    ranked = others.sort_values(["same_region", "distance", "province_code"], ascending=[False, True, True])
    ranked = ranked.head(k).copy()
    ranked["rank"] = np.arange(1, len(ranked) + 1)
    result: pd.DataFrame = ranked[PEER_COLUMNS].reset_index(drop=True)
    return result


def _z(x: np.ndarray) -> np.ndarray:
    sd = float(x.std())
    return np.zeros_like(x) if sd == 0 else (x - x.mean()) / sd
