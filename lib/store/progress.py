"""Reads for the progress page (pages/8_progress.py), the province profile's progress line and
the brief: the 2030 targets (lib.core.progress) and the population that describes provinces
for their peers (lib.core.peers); and the write of a province-targets file (lib.ingest.targets),
in one transaction, logged in import_log, the rows it replaces kept in province_target_history.
Values are always bound as parameters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb
import pandas as pd

from lib.core import progress as core

__all__ = [
    "POPULATION_MEASURE",
    "PROVINCE_TARGET_COLUMNS",
    "TARGET_COLUMNS",
    "ProvinceTarget",
    "TargetsFile",
    "TargetsWritten",
    "population",
    "province_target_history",
    "province_targets",
    "targets",
    "write_province_targets",
]

Con = duckdb.DuckDBPyConnection
# The targets frame: the seed file's columns, and province_code (NULL for the indicator's target).
TARGET_COLUMNS: list[str] = [*core.TARGET_COLUMNS, "province_code"]
PROVINCE_TARGET_COLUMNS: list[str] = [
    "province_code",
    "indicator_id",
    "target_2030",
    "source",
    "note",
    "import_id",
    "updated_by",
    "updated_at",
]

# The population series every per-capita value of the public dataset uses (a recipe's [load]
# same_as names it the one kept): DOPA's registration, every province, one value a year.
POPULATION_MEASURE = "Registered population (DOPA, 31 December)"


def targets(con: Con) -> pd.DataFrame:
    """Every 2030 target (:data:`TARGET_COLUMNS`): the indicator's own (province_code NULL; basis
    national | sdsn_green, source_url NULL for the SDSN thresholds), then the provinces' own
    (basis ``province``; their source is a link in source_url or a document's title in
    source_title), by indicator_id and province. lib.core.progress lets a province's row win."""
    return con.execute(
        """SELECT indicator_id, target_2030, basis, source_title, source_publisher, source_url, note,
                  NULL::TEXT AS province_code
           FROM indicator_target
           UNION ALL
           SELECT t.indicator_id, t.target_2030, $basis,
                  CASE WHEN regexp_full_match(t.source, 'https?://[^[:space:]]+') THEN '' ELSE t.source END,
                  p.name_en,
                  CASE WHEN regexp_full_match(t.source, 'https?://[^[:space:]]+') THEN t.source END,
                  t.note, t.province_code
           FROM province_target t JOIN province p ON p.code = t.province_code
           ORDER BY indicator_id, province_code NULLS FIRST""",
        {"basis": core.PROVINCE_BASIS},
    ).df()


def province_targets(con: Con) -> pd.DataFrame:
    """The provinces' own targets as stored (:data:`PROVINCE_TARGET_COLUMNS`), by province and
    indicator."""
    cols = ", ".join(PROVINCE_TARGET_COLUMNS)
    return con.execute(f"SELECT {cols} FROM province_target ORDER BY province_code, indicator_id").df()


def province_target_history(con: Con) -> pd.DataFrame:
    """Province target rows an import replaced, newest first, with the value that replaced them."""
    return con.execute(
        """SELECT replaced_by_import, province_code, indicator_id, target_2030, new_target_2030, source, note,
                  import_id, updated_by, updated_at
           FROM province_target_history ORDER BY replaced_by_import DESC, province_code, indicator_id"""
    ).df()


@dataclass(frozen=True)
class ProvinceTarget:
    """One checked row of a province-targets file (``row``: its row number in the file)."""

    province_code: str
    indicator_id: str
    target_2030: float
    source: str
    note: str | None
    row: int = 0


@dataclass(frozen=True)
class TargetsFile:
    file_name: str
    file_sha256: str
    file_format: str
    imported_by: str


@dataclass(frozen=True)
class TargetsWritten:
    added: int
    replaced: int
    unchanged: int
    import_id: int


_CLASSIFY = """
CREATE TEMP TABLE incoming_target AS
SELECT i.*, CASE WHEN p.province_code IS NULL THEN 'added'
                 WHEN p.target_2030 = i.target_2030 AND p.source = i.source
                      AND p.note IS NOT DISTINCT FROM i.note THEN 'unchanged'
                 ELSE 'replaced' END AS status
FROM incoming_df i LEFT JOIN province_target p USING (province_code, indicator_id)
"""


def write_province_targets(con: Con, rows: Sequence[ProvinceTarget], info: TargetsFile) -> TargetsWritten:
    """Add or replace the rows' targets in one transaction, logged in import_log (kind
    ``targets``); a replaced row goes to province_target_history first. A row equal to the
    stored one (value, source and note) is unchanged; targets the file does not name stay.
    Set-wise (a file of every province x indicator, ~5,000 rows, takes well under a second)."""
    when = datetime.now(UTC).replace(tzinfo=None)
    incoming = pd.DataFrame(
        {
            "province_code": pd.Series([r.province_code for r in rows], dtype=object),
            "indicator_id": pd.Series([r.indicator_id for r in rows], dtype=object),
            "target_2030": pd.Series([r.target_2030 for r in rows], dtype=float),
            "source": pd.Series([r.source for r in rows], dtype=object),
            "note": pd.Series([r.note for r in rows], dtype=object),
        }
    )
    con.register("incoming_df", incoming)
    con.execute("BEGIN TRANSACTION")
    try:
        got = con.execute("SELECT coalesce(max(import_id), 0) + 1 FROM import_log").fetchone()
        assert got is not None
        import_id = int(got[0])
        con.execute(_CLASSIFY)
        counts = dict(con.execute("SELECT status, count(*) FROM incoming_target GROUP BY status").fetchall())
        added, replaced, unchanged = (int(counts.get(k, 0)) for k in ("added", "replaced", "unchanged"))
        con.execute(
            """INSERT INTO province_target_history
               SELECT ?, p.province_code, p.indicator_id, p.target_2030, p.source, p.note, p.import_id,
                      p.updated_by, p.updated_at, i.target_2030
               FROM province_target p JOIN incoming_target i USING (province_code, indicator_id)
               WHERE i.status = 'replaced' ORDER BY p.province_code, p.indicator_id""",
            [import_id],
        )
        # UPDATE of the value columns only: the key columns are indexed (foreign keys)
        con.execute(
            """UPDATE province_target SET target_2030 = i.target_2030, source = i.source, note = i.note,
                      import_id = ?, updated_by = ?, updated_at = ?
               FROM incoming_target i
               WHERE i.status = 'replaced' AND province_target.province_code = i.province_code
                 AND province_target.indicator_id = i.indicator_id""",
            [import_id, info.imported_by, when],
        )
        con.execute(
            """INSERT INTO province_target
               SELECT province_code, indicator_id, target_2030, source, note, ?, ?, ?
               FROM incoming_target WHERE status = 'added' ORDER BY province_code, indicator_id""",
            [import_id, info.imported_by, when],
        )
        con.execute(
            "INSERT INTO import_log VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, 'targets')",
            [import_id, when, info.file_name, info.file_sha256, info.file_format, added, replaced, unchanged,
             info.imported_by],
        )  # fmt: skip
        con.execute("DROP TABLE incoming_target")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.unregister("incoming_df")
    return TargetsWritten(added, replaced, unchanged, import_id)


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
