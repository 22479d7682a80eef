"""Reads for the progress page (pages/8_progress.py), the province profile's progress line and
the brief: the 2030 targets (lib.core.progress) and the population that describes provinces
for their peers (lib.core.peers). Values are always bound as parameters."""

from __future__ import annotations

import duckdb
import pandas as pd

from lib.core.progress import TARGET_COLUMNS

__all__ = ["POPULATION_MEASURE", "TARGET_COLUMNS", "population", "targets"]

Con = duckdb.DuckDBPyConnection

# The population series every per-capita value of the public dataset uses (a recipe's [load]
# same_as names it the one kept): DOPA's registration, every province, one value a year.
POPULATION_MEASURE = "Registered population (DOPA, 31 December)"


def targets(con: Con) -> pd.DataFrame:
    """The 2030 target of each indicator that has one (:data:`TARGET_COLUMNS`), with its basis
    (national | sdsn_green) and its source (source_url NULL for the SDSN thresholds), by
    indicator_id."""
    return con.execute(
        """SELECT indicator_id, target_2030, basis, source_title, source_publisher, source_url, note
           FROM indicator_target ORDER BY indicator_id"""
    ).df()


def population(con: Con, measure: str = POPULATION_MEASURE) -> pd.DataFrame:
    """province_code, year, value of a population context series: one row per province and
    year (values a source gives twice are averaged); the whole kingdom and undated values are
    left out."""
    return con.execute(
        """SELECT province_code, year, avg(value) AS value
           FROM context_observation
           WHERE measure = $measure AND province_code IS NOT NULL AND year IS NOT NULL
           GROUP BY province_code, year ORDER BY province_code, year""",
        {"measure": measure},
    ).df()
