"""lib.store.imports: the importer's SQL on its own (lib.ingest.pipeline tests it end to end)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from lib.store import imports


def _rows(values: list[tuple[str, str, int, float]], dataset: str = "demo") -> pd.DataFrame:
    return pd.DataFrame(
        [
            (dataset, ind, prov, year, "", value, False, False, False, None, None, None, None, n + 2)
            for n, (ind, prov, year, value) in enumerate(values)
        ],
        columns=[
            "dataset", "indicator_id", "province_code", "year", "disaggregation", "value", "provisional",
            "estimated", "proxy", "note", "source_title", "source_url", "source_publisher", "row",
        ],
    )  # fmt: skip


def _stored(con: duckdb.DuckDBPyConnection) -> tuple[str, str, int, float]:
    (row,) = con.execute(  # fetchall: a result left open would block the next statement
        "SELECT indicator_id, province_code, year, value FROM observation WHERE dataset = 'demo' "
        "AND disaggregation = '' ORDER BY ALL LIMIT 1"
    ).fetchall()
    return row[0], row[1], int(row[2]), float(row[3])


def test_catalogue_rows(db_path: Path) -> None:
    rows = imports.catalogue_rows(db_path)
    assert len(rows.provinces) == 77 and rows.provinces[0][0] == "TH-10"
    assert rows.datasets == {"demo": "demo", "public": "public"}
    assert list(rows.indicators.columns) == ["indicator_id", "sdg_code", "plausible_min", "plausible_max"]


def test_diff_statuses(con: duckdb.DuckDBPyConnection) -> None:
    ind, prov, year, value = _stored(con)
    rows = _rows([(ind, prov, year, value * (1 + 1e-12)), (ind, prov, year - 30, 1.0)])
    rows.loc[len(rows)] = [*rows.iloc[0, :5], value + 1.0, *rows.iloc[0, 6:13], 9]
    d = imports.diff(con, rows)
    assert d["status"].tolist() == ["unchanged", "added", "replaced"]  # in file row order
    assert d["old_value"].iloc[2] == value and pd.isna(d["old_value"].iloc[1])
    assert imports.counts(d) == imports.Counts(added=1, replaced=1, unchanged=1)


def test_apply_to_a_dataset_of_another_kind_rolls_back(db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "t.duckdb"
    shutil.copyfile(db_path, path)
    batch = imports.Batch(
        rows=_rows([("pov_headcount", "TH-10", 2022, 1.0)]),
        dataset="demo",
        new_dataset=imports.NewDataset("x", "x", "x"),
        file_name="f.csv",
        file_sha256="0" * 64,
        file_format="long-csv",
        imported_by="me",
        default_source_title="Uploaded file f.csv",
        default_publisher="me",
    )
    before = path.read_bytes()
    with pytest.raises(ValueError, match="not 'ministry'"):
        imports.apply_staged(path, batch)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.duckdb", "t.duckdb.lock"]
