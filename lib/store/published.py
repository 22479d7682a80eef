"""What review compares a submission with: the published values (the file the dashboard
reads, lib.store.db.read_path) of the datasets, indicators and years a submission touches."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from lib.store.db import connect_read_only

COLUMNS: tuple[str, ...] = ("dataset", "indicator_id", "province_code", "year", "disaggregation", "value")


def values(path: Path, dataset: str, indicators: Iterable[str], years: Iterable[int]) -> pd.DataFrame:
    """Observations of `dataset` for these indicators and years (COLUMNS)."""
    inds, yrs = sorted(set(indicators)), sorted({int(y) for y in years})
    con = connect_read_only(path)
    try:
        return con.execute(
            "SELECT dataset, indicator_id, province_code, year, disaggregation, value FROM observation "
            "WHERE dataset = ? AND list_contains(?, indicator_id) AND list_contains(?, year) "
            "ORDER BY indicator_id, year, province_code, disaggregation",
            [dataset, inds, yrs],
        ).df()
    finally:
        con.close()
