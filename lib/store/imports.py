"""The importer's SQL (lib.ingest holds none): what it reads of the catalogue, the comparison of
incoming rows with the stored values, one import applied in a staged copy of the database
(rows added, values replaced with the old value kept in observation_history, its sources, one
import_log row), and the import log. Values are always bound as parameters.

All-or-nothing: :func:`apply_staged` works under lib.store.db.writer_lock on a copy of the
file (lib.store.db.staged), in one transaction, and swaps the copy in only when everything
succeeded. A killed import leaves the database as it was; its copy is removed by the next one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from lib.core.vocab import DatasetKind
from lib.store.db import connect_read_only, staged, writer_lock

Con = duckdb.DuckDBPyConnection

# Columns of an incoming row that become an observation (the rest say where the row came from).
OBSERVATION_COLUMNS: tuple[str, ...] = (
    "dataset",
    "indicator_id",
    "province_code",
    "year",
    "disaggregation",
    "value",
    "source_id",
    "provisional",
    "estimated",
    "proxy",
    "note",
)
STAGE_TAG = "ingest"  # the staged copy is ".<db name>.ingest-<pid>"


@dataclass(frozen=True)
class CatalogueRows:
    """What the importer needs of the catalogue."""

    indicators: pd.DataFrame  # indicator_id, sdg_code, plausible_min, plausible_max
    datasets: dict[str, str]  # dataset -> kind
    provinces: list[tuple[str, str, str]]  # code, name_th, name_en


@dataclass(frozen=True)
class NewDataset:
    """Names of a ministry dataset the import creates when it does not exist yet."""

    name_th: str
    name_en: str
    description: str


@dataclass(frozen=True)
class Batch:
    """One checked file, ready to apply. ``rows``: dataset, indicator_id, province_code, year,
    disaggregation, value, provisional, estimated, proxy, note, source_title, source_url,
    source_publisher, row."""

    rows: pd.DataFrame
    dataset: str
    new_dataset: NewDataset
    file_name: str
    file_sha256: str
    file_format: str
    imported_by: str
    default_source_title: str  # for rows without source columns
    default_publisher: str  # for sources that name no publisher


@dataclass(frozen=True)
class Counts:
    added: int
    replaced: int
    unchanged: int


@dataclass(frozen=True)
class Applied:
    counts: Counts
    import_id: int


# ---------------------------------------------------------------- reads


def catalogue_rows(path: Path) -> CatalogueRows:
    """The catalogue as the importer checks against it, read from the file as it is now."""
    con = connect_read_only(path)
    try:
        return catalogue_rows_of(con)
    finally:
        con.close()


def catalogue_rows_of(con: Con) -> CatalogueRows:
    """catalogue_rows() on an open connection (the build, while it writes the file)."""
    inds = con.execute(
        "SELECT indicator_id, sdg_code, plausible_min, plausible_max FROM indicator ORDER BY indicator_id"
    ).df()
    datasets = {str(d): str(k) for d, k in con.execute("SELECT dataset, kind FROM dataset").fetchall()}
    provs = [
        (str(c), str(th), str(en))
        for c, th, en in con.execute("SELECT code, name_th, name_en FROM province ORDER BY code").fetchall()
    ]
    return CatalogueRows(inds, datasets, provs)


_DIFF_SQL = """
SELECT r.*, o.value AS old_value, o.source_id AS old_source_id,
       CASE WHEN o.value IS NULL THEN 'added'
            WHEN abs(o.value - r.value) <= 1e-9 * greatest(1.0, abs(r.value)) THEN 'unchanged'
            ELSE 'replaced' END AS status
FROM incoming r LEFT JOIN observation o
  ON o.dataset = r.dataset AND o.indicator_id = r.indicator_id AND o.province_code = r.province_code
 AND o.year = r.year AND o.disaggregation = r.disaggregation
ORDER BY r.row, r.indicator_id, r.year
"""


def diff(con: Con, rows: pd.DataFrame) -> pd.DataFrame:
    """The rows with the stored value (old_value, old_source_id) and status added / replaced /
    unchanged (equal within 1e-9 relative)."""
    con.register("incoming", rows)
    try:
        return con.execute(_DIFF_SQL).df()
    finally:
        con.unregister("incoming")


def preview(path: Path, rows: pd.DataFrame) -> pd.DataFrame:
    """:func:`diff` against the file as it is now on disk (read-only)."""
    con = connect_read_only(path)
    try:
        return diff(con, rows)
    finally:
        con.close()


def counts(diffed: pd.DataFrame) -> Counts:
    c = diffed["status"].value_counts()
    return Counts(int(c.get("added", 0)), int(c.get("replaced", 0)), int(c.get("unchanged", 0)))


def import_log(con: Con, limit: int = 100) -> pd.DataFrame:
    """The latest imports, newest first."""
    return con.execute("SELECT * FROM import_log ORDER BY import_id DESC LIMIT ?", [limit]).df()


# ---------------------------------------------------------------- write


def apply_staged(target: Path, batch: Batch) -> Applied:
    """Apply ``batch`` to the database at ``target``: under the writer lock, in a staged copy,
    swapped in atomically when the transaction committed (see the module docstring)."""
    with writer_lock(target):
        # Holding the lock, no other import works on this database: copies left by a killed one go.
        for stale in target.parent.glob(f".{target.name}.{STAGE_TAG}-*"):
            stale.unlink(missing_ok=True)
        with staged(target, STAGE_TAG, copy_current=True) as con:
            return apply(con, batch)


def _one(con: Con, sql: str, params: list[Any] | None = None) -> tuple[Any, ...] | None:
    """First row, reading the whole result (DuckDB refuses new work while a result is open)."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0] if rows else None


def apply(con: Con, b: Batch) -> Applied:
    """Apply ``batch`` on ``con`` in one transaction (rolled back on any error)."""
    ministry = str(DatasetKind.MINISTRY)
    con.execute("BEGIN TRANSACTION")
    try:
        kind = _one(con, "SELECT kind FROM dataset WHERE dataset = ?", [b.dataset])
        if kind is None:
            d = b.new_dataset
            con.execute(
                "INSERT INTO dataset VALUES (?, ?, ?, ?, ?)", [b.dataset, ministry, d.name_th, d.name_en, d.description]
            )
        elif kind[0] != ministry:
            raise ValueError(f"dataset {b.dataset!r} is of kind {kind[0]!r}, not {ministry!r}")
        row = _one(con, "SELECT coalesce(max(import_id), 0) + 1 FROM import_log")
        assert row is not None
        import_id = int(row[0])
        diffed = diff(con, b.rows)
        n = counts(diffed)
        changed = diffed[diffed["status"] != "unchanged"].copy()
        con.execute(
            "INSERT INTO import_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, DEFAULT)",
            [
                import_id,
                datetime.now(UTC).replace(tzinfo=None),
                b.file_name,
                b.file_sha256,
                b.file_format,
                b.dataset,
                n.added,
                n.replaced,
                n.unchanged,
                b.imported_by,
            ],
        )
        changed["source_id"] = _make_sources(con, changed, import_id, b.default_source_title, b.default_publisher)
        cols = list(OBSERVATION_COLUMNS)
        rep = changed[changed["status"] == "replaced"]
        if len(rep):
            con.register("rep", rep)
            con.execute(
                "INSERT INTO observation_history SELECT ?, dataset, indicator_id, province_code, year, "
                "disaggregation, old_value, old_source_id, value FROM rep",
                [import_id],
            )
            con.execute(
                "UPDATE observation o SET value = r.value, source_id = r.source_id, provisional = r.provisional, "
                "estimated = r.estimated, proxy = r.proxy, note = r.note FROM rep r "
                "WHERE o.dataset = r.dataset AND o.indicator_id = r.indicator_id AND o.province_code = r.province_code "
                "AND o.year = r.year AND o.disaggregation = r.disaggregation"
            )
            con.unregister("rep")
        add = changed.loc[changed["status"] == "added", cols]
        if len(add):
            con.register("add_rows", add)
            # column names from OBSERVATION_COLUMNS, not from input
            con.execute(f"INSERT INTO observation ({', '.join(cols)}) SELECT {', '.join(cols)} FROM add_rows")
            con.unregister("add_rows")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return Applied(n, import_id)


def _make_sources(
    con: Con, changed: pd.DataFrame, import_id: int, default_title: str, default_publisher: str
) -> list[str]:
    """Create the import's source rows; return the source_id of each changed row.

    Rows without source columns share "import-<n>"; each distinct (url, title, publisher)
    named in the file gets "import-<n>-<k>"."""
    taken = {r[0] for r in con.execute("SELECT source_id FROM source WHERE source_id LIKE ?", ["import-%"]).fetchall()}
    base = f"import-{import_id}"
    while base in taken:
        base += "x"
    ids: list[str] = []
    made: dict[tuple[Any, ...], str] = {}
    for url, title, pub in zip(changed["source_url"], changed["source_title"], changed["source_publisher"]):
        url, title, pub = (None if v is None or v != v else v for v in (url, title, pub))
        k = (url, title, pub)
        if k not in made:
            sid = base if not any(k) else f"{base}-{sum(1 for x in made if any(x)) + 1}"
            con.execute(
                "INSERT INTO source VALUES (?, ?, ?, ?)", [sid, title or default_title, pub or default_publisher, url]
            )
            made[k] = sid
        ids.append(made[k])
    return ids


def context_series(path: Path, measure: str) -> dict[tuple[str, int], float]:
    """A published context series (e.g. registered population) by (province, year): the
    denominator of a derived measure. Read from the file as it is now."""
    con = connect_read_only(path)
    try:
        return context_series_of(con, measure)
    finally:
        con.close()


def context_series_of(con: Con, measure: str) -> dict[tuple[str, int], float]:
    """context_series() on an open connection."""
    rows = con.execute(
        "SELECT province_code, year, value FROM context_observation "
        "WHERE measure = ? AND province_code IS NOT NULL AND year IS NOT NULL",
        [measure],
    ).fetchall()
    return {(str(p), int(y)): float(v) for p, y, v in rows}


def insert_public(
    con: Con, rows: pd.DataFrame, source: tuple[str, str, str, str | None], on_conflict: str = "error"
) -> tuple[int, int]:
    """Add a public source's checked rows (lib.ingest.sources) to the database being built;
    returns (values added, values set aside).

    `source` is (source_id, title, publisher, url). A key already present (a seed value or
    another source) is decided by `on_conflict`: "error" raises ValueError naming it;
    "replace" moves the present value to observation_superseded (this source is the official
    revision); "keep" keeps the present value and puts this source's in observation_superseded.
    Either way both values stay retrievable. Returns (values added, values set aside)."""
    con.execute("INSERT INTO source VALUES (?, ?, ?, ?)", list(source))
    frame = rows.assign(source_id=source[0])[list(OBSERVATION_COLUMNS)]
    con.register("public_frame", frame)
    con.execute("CREATE OR REPLACE TEMP TABLE public_rows AS SELECT * FROM public_frame")
    try:
        clash = con.execute(
            "SELECT r.indicator_id, r.province_code, r.year, r.disaggregation, o.source_id FROM public_rows r "
            "JOIN observation o USING (dataset, indicator_id, province_code, year, disaggregation) "
            "ORDER BY ALL LIMIT 5"
        ).fetchall()
        set_aside = 0
        key = "(dataset, indicator_id, province_code, year, disaggregation)"
        if clash and on_conflict not in ("replace", "keep"):
            shown = "; ".join(f"{i} {p} {y} {d or 'total'} (already from {s})" for i, p, y, d, s in clash)
            raise ValueError(f"values already given by another source: {shown}")
        if clash and on_conflict == "replace":
            clashing = f"{key} IN (SELECT {key} FROM public_rows)"
            set_aside = _one_int(con, f"SELECT count(*) FROM observation WHERE {clashing}")
            con.execute(
                f"INSERT INTO observation_superseded SELECT o.*, ? FROM observation o WHERE {key} IN "
                f"(SELECT {key} FROM public_rows) ORDER BY ALL",
                [source[0]],
            )
            con.execute(f"DELETE FROM observation WHERE {key} IN (SELECT {key} FROM public_rows)")
        if clash and on_conflict == "keep":
            present = f"{key} IN (SELECT {key} FROM observation)"
            set_aside = _one_int(con, f"SELECT count(*) FROM public_rows WHERE {present}")
            con.execute(
                "INSERT INTO observation_superseded SELECT r.*, o.source_id FROM public_rows r JOIN observation o "
                "USING (dataset, indicator_id, province_code, year, disaggregation) ORDER BY ALL"
            )
            con.execute(f"DELETE FROM public_rows WHERE {key} IN (SELECT {key} FROM observation)")
        con.execute("INSERT INTO observation SELECT * FROM public_rows")
    finally:
        con.execute("DROP TABLE public_rows")
        con.unregister("public_frame")
    return len(frame) - (set_aside if on_conflict == "keep" else 0), set_aside


def _one_int(con: Con, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row else 0


def insert_context(
    con: Con, rows: pd.DataFrame, source: tuple[str, str, str, str | None], measure: str, unit: str
) -> int:
    """Add a context series (lib.ingest.sources; e.g. the population denominators) to the
    database being built. A (province, measure, year) already present raises ValueError."""
    con.execute("INSERT INTO source VALUES (?, ?, ?, ?)", list(source))
    frame = pd.DataFrame(
        {
            "province_code": rows["province_code"],
            "area_label": rows["province_code"],
            "measure": measure,
            "year": rows["year"],
            "value": rows["value"],
            "unit": unit,
            "source_id": source[0],
            "note": rows["note"],
        }
    )
    con.register("context_rows", frame)
    try:
        clash = con.execute(
            "SELECT c.province_code, c.year FROM context_rows r JOIN context_observation c "
            "USING (province_code, measure, year) ORDER BY ALL LIMIT 5"
        ).fetchall()
        if clash or frame.duplicated(["province_code", "year"]).any():
            raise ValueError(f"context {measure!r} given twice for {clash or 'a province and year of this source'}")
        con.execute("INSERT INTO context_observation SELECT * FROM context_rows")
    finally:
        con.unregister("context_rows")
    return len(frame)


def insert_context_same(con: Con, measure: str, same_as: str, *names: str) -> None:
    """Record that context series ``measure`` measures what ``same_as`` does (which the app uses),
    for the consistency report; ``names``: name_th, name_en, unit_th, unit_en of the quantity.
    Both series must be in the database in one unit; ValueError otherwise."""
    units = dict(
        con.execute(
            "SELECT measure, list_sort(list(DISTINCT unit)) FROM context_observation "
            "WHERE measure IN (?, ?) GROUP BY measure",
            [measure, same_as],
        ).fetchall()
    )
    for m in (measure, same_as):
        if m not in units:
            raise ValueError(f"same_as: no context series {m!r} in the database")
    if units[measure] != units[same_as] or len(units[measure]) != 1:
        raise ValueError(f"same_as: {measure!r} is in {units[measure]}, {same_as!r} in {units[same_as]}")
    con.execute("INSERT INTO context_same VALUES (?, ?, ?, ?, ?, ?)", [measure, same_as, *names])


def growth_rows(con: Con, dataset: str, of: str, deflator: str | None = None) -> pd.DataFrame:
    """Annual growth in % of indicator ``of`` (totals) per province, for the database being built
    (lib.ingest.derived): 100 × (x_t / x_{t-1} − 1), or, with a ``deflator`` context series
    (a price index by province), 100 × ((x_t / x_{t-1}) / (d_t / d_{t-1}) − 1).

    Rules: x_t and x_{t-1} come from ONE source (a growth across two vintages would be a
    revision, not growth): the source of the value shown for year t when it also gives t−1,
    else another source (the superseded vintage) giving both, first by source_id. A year with
    no earlier value from the same source, a zero or negative base, or no deflator for both
    years has no growth. Flags: either input's provisional / estimated / proxy. ``note`` names
    the inputs and their sources."""
    return con.execute(
        """WITH v AS (
               SELECT province_code, year, value, source_id, provisional, estimated, proxy
               FROM observation WHERE dataset = $ds AND indicator_id = $of AND disaggregation = ''
               UNION ALL
               SELECT province_code, year, value, source_id, provisional, estimated, proxy
               FROM observation_superseded WHERE dataset = $ds AND indicator_id = $of AND disaggregation = ''),
           shown AS (
               SELECT province_code, year, source_id FROM observation
               WHERE dataset = $ds AND indicator_id = $of AND disaggregation = ''),
           pairs AS (
               SELECT c.province_code, c.year, c.value AS cur, p.value AS prev, c.source_id,
                      c.provisional OR p.provisional AS provisional, c.estimated OR p.estimated AS estimated,
                      c.proxy OR p.proxy AS proxy
               FROM v c
               JOIN v p ON p.province_code = c.province_code AND p.source_id = c.source_id AND p.year = c.year - 1
               LEFT JOIN shown s ON s.province_code = c.province_code AND s.year = c.year
               WHERE p.value > 0
               QUALIFY row_number() OVER (PARTITION BY c.province_code, c.year
                                          ORDER BY coalesce(c.source_id = s.source_id, FALSE) DESC, c.source_id) = 1),
           d AS (
               SELECT province_code, year, value, source_id FROM context_observation
               WHERE measure = $deflator AND value > 0)
           SELECT p.province_code, p.year,
                  CASE WHEN $deflator IS NULL THEN 100 * (p.cur / p.prev - 1)
                       ELSE 100 * ((p.cur / p.prev) / (dc.value / dp.value) - 1) END AS value,
                  p.provisional, p.estimated, p.proxy,
                  printf('%s %d / %d (%s: %g / %g)', $of, p.year, p.year - 1, p.source_id, p.cur, p.prev)
                  || CASE WHEN $deflator IS NULL THEN ''
                          ELSE printf('; deflated by %s %d / %d (%s: %g / %g)', $deflator, p.year, p.year - 1,
                                      dc.source_id, dc.value, dp.value) END AS note
           FROM pairs p
           LEFT JOIN d dc ON dc.province_code = p.province_code AND dc.year = p.year
           LEFT JOIN d dp ON dp.province_code = p.province_code AND dp.year = p.year - 1
           WHERE $deflator IS NULL OR (dc.value IS NOT NULL AND dp.value IS NOT NULL)
           ORDER BY p.province_code, p.year""",
        {"ds": dataset, "of": of, "deflator": deflator},
    ).df()
