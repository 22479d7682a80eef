"""The catalogue and the scores, read the one way the app and the brief both use."""

from __future__ import annotations

import duckdb

from lib.core import scoring
from lib.core.catalogue import Catalogue
from lib.store import queries


def load(con: duckdb.DuckDBPyConnection) -> Catalogue:
    """Provinces, goals, indicators and datasets as stored."""
    return Catalogue(queries.provinces(con), queries.goals(con), queries.indicators(con), queries.datasets(con))


def scores(con: duckdb.DuckDBPyConnection, dataset: str, year: int, cat: Catalogue | None = None) -> scoring.Scores:
    """SDSN scores of ``dataset`` as of ``year`` for every province (one with no data shows
    grey instead of vanishing). The input is reduced in DuckDB (queries.scoring_input): the
    same result as scoring every total."""
    cat = cat or load(con)
    obs = queries.scoring_input(con, dataset, year, scoring.BASE_YEAR)
    return scoring.compute_all(obs, cat.indicators, year, cat.pilot_codes, provinces=cat.province_codes)
