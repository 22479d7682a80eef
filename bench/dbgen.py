"""Scaled databases for the benchmark, made with the project's own build and demo generator.

`make_scaled_db(path, n_indicators, years, disaggregations)`:
1. `lib.build.build(path)`: the bundled database from data/seed/ (same schema, same seed
   tables, public dataset untouched);
2. a synthetic indicator catalogue of `n_indicators`: the seed indicators plus clones with
   suffixed ids (`<id>__b<k>`) spread round-robin over the 17 goals, each clone keeping
   the bounds, direction, units and decimals of a seed indicator of its goal;
3. the `demo` dataset's observations replaced by `lib.store.demo.generate(...)` over all 77
   provinces x the catalogue x `years` x `disaggregations`, generated in blocks of
   indicators (seed + block number) and appended block by block, so 10 million rows fit
   in memory on a small machine.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from lib.store import demo
from lib.store.build import build

INDICATOR_COLS_FOR_DEMO = [
    "indicator_id",
    "direction",
    "optimum",
    "lower_bound",
    "plausible_min",
    "plausible_max",
    "decimals",
]


def catalogue(seed_inds: pd.DataFrame, n_indicators: int) -> pd.DataFrame:
    """Seed indicators + clones up to n_indicators, clones spread evenly over the 17 goals."""
    if n_indicators <= len(seed_inds):
        return seed_inds.iloc[:0]  # nothing to add
    by_goal = {g: df.reset_index(drop=True) for g, df in seed_inds.groupby("goal")}
    goals = sorted(by_goal)
    rows = []
    for k in range(n_indicators - len(seed_inds)):
        g = goals[k % len(goals)]
        templates = by_goal[g]
        tpl = templates.iloc[(k // len(goals)) % len(templates)].copy()
        block = k // len(goals)
        tpl["indicator_id"] = f"{tpl['indicator_id']}__b{block}"
        tpl["name_en"] = f"{tpl['name_en']} (bench copy {block})"
        tpl["name_th"] = f"{tpl['name_th']} (สำเนาทดสอบ {block})"
        rows.append(tpl)
    return pd.DataFrame(rows)


def make_scaled_db(
    path: Path,
    n_indicators: int,
    years: Sequence[int],
    disaggregations: Sequence[str] = ("", "sex=F", "sex=M"),
    block_cells: int = 1_500_000,
    log=print,
) -> dict:
    """Build a scaled database at `path` (replaced if it exists). Returns timings and counts."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    for p in (path, Path(str(path) + ".wal")):
        p.unlink(missing_ok=True)
    t0 = time.perf_counter()
    build(path)
    t_seed = time.perf_counter() - t0

    con = duckdb.connect(str(path))
    con.execute("SET enable_progress_bar = false")
    try:
        seed_inds = con.execute("SELECT * FROM indicator ORDER BY goal, indicator_id").df()
        clones = catalogue(seed_inds, n_indicators)
        if len(clones):
            con.register("clones_df", clones[seed_inds.columns.tolist()])
            con.execute("INSERT INTO indicator SELECT * FROM clones_df")
            con.unregister("clones_df")
        inds = con.execute(f"SELECT {', '.join(INDICATOR_COLS_FOR_DEMO)} FROM indicator ORDER BY indicator_id").df()
        provinces = con.execute("SELECT code, region FROM province ORDER BY code").df()
        con.execute("DELETE FROM observation WHERE dataset = 'demo'")
        con.execute("CHECKPOINT")

        cells_per_ind = len(provinces) * len(years) * len(disaggregations)
        per_block = max(1, block_cells // cells_per_ind)
        n_rows = 0
        t1 = time.perf_counter()
        for b, start in enumerate(range(0, len(inds), per_block)):
            block = inds.iloc[start : start + per_block].reset_index(drop=True)
            rows = demo.generate(provinces, block, years=years, seed=demo.SEED + b, disaggregations=disaggregations)
            con.register("obs_df", rows)
            con.execute("INSERT INTO observation SELECT * FROM obs_df")
            con.unregister("obs_df")
            n_rows += len(rows)
            if b % 5 == 0:
                log(f"    block {b}: {n_rows:,} demo rows, {time.perf_counter() - t1:.0f} s")
        con.execute("CHECKPOINT")
        n_obs = con.execute("SELECT count(*) FROM observation").fetchone()[0]
        n_ind = con.execute("SELECT count(*) FROM indicator").fetchone()[0]
    finally:
        con.close()
    total = time.perf_counter() - t0
    return {
        "path": str(path),
        "indicators": int(n_ind),
        "years": [int(min(years)), int(max(years))],
        "disaggregations": list(disaggregations),
        "observations": int(n_obs),
        "demo_observations": int(n_rows),
        "seed_build_s": round(t_seed, 2),
        "build_s": round(total, 2),
        "size_mb": round(path.stat().st_size / 1e6, 1),
    }


def indicators_for(target_obs: int, n_provinces: int, years: Sequence[int], n_disagg: int) -> int:
    """How many indicators give about `target_obs` demo observations after the generator's
    gaps (5% single years, 3% whole series, every third indicator only every third year)."""
    y = np.asarray(years) - years[0]
    survey_share = float(np.mean(y % 3 == 0))
    keep = 0.95 * 0.97 * (2 / 3 + survey_share / 3)
    return int(np.ceil(target_obs / (n_provinces * len(years) * n_disagg * keep)))
