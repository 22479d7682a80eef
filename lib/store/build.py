"""Build data/sdg.duckdb from the versioned seed files: `python -m lib.build [--db PATH]`.

Steps: create the schema in a temporary file next to the target, load every seed CSV in
foreign-key order (DuckDB's declared keys and checks do the validation; when a file fails,
its rows are retried one by one to name the file, line and reason; findings get their Thai
text from the phrase table finding_th.csv), add the seeded demo dataset, carry over what
ministry imports stored in the previous database, then swap the new file in atomically. A
failed build leaves the previous database untouched. The same seed gives the same database
(no timestamps; deterministic order).
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from lib.core.paths import ROOT, SEED_DIR, db_path
from lib.core.vocab import DatasetKind
from lib.store import demo
from lib.store.db import staged, writer_lock

SCHEMA_PATH = Path(__file__).with_name("schema.sql")

# (seed file, table), parents before children.
SEED_FILES: tuple[tuple[str, str], ...] = (
    ("region.csv", "region"),
    ("province.csv", "province"),
    ("goal.csv", "goal"),
    ("indicator.csv", "indicator"),
    ("indicator_target.csv", "indicator_target"),
    ("dataset.csv", "dataset"),
    ("source.csv", "source"),
    ("observation_public.csv", "observation"),
    ("national_observation.csv", "national_observation"),
    ("context_observation.csv", "context_observation"),
    ("finding.csv", "finding"),
    ("sector.csv", "sector"),
    ("partner.csv", "partner"),
    ("partner_alias.csv", "partner_alias"),
    ("activity.csv", "activity"),
    ("activity_province.csv", "activity_province"),
    ("activity_goal.csv", "activity_goal"),
)
# finding.csv is regenerated from English sources (data/seed/make_public_seed.py), so its Thai
# text is a phrase table (en,th) joined in here: a new English text cannot slip in untranslated.
FINDING_TH = "finding_th.csv"
FINDING_TEXT = ("area_label", "topic", "statement", "note", "unit")
# Table columns the build fills itself (or leaves to their default); not in the seed file.
_REGISTRY = ("origin", "closed", "updated_at", "updated_by")  # lib.store.partners keeps these
DERIVED: dict[str, tuple[str, ...]] = {
    "finding": tuple(f"{c}_th" for c in FINDING_TEXT),
    "partner": _REGISTRY,
    "activity": _REGISTRY,
}
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
# Tables whose rows a rebuild must keep from the previous database (ministry imports).
MAX_REPORTED = 20


class BuildError(Exception):
    """A seed problem; the message names the file, line and reason."""


@dataclass(frozen=True)
class BuildResult:
    path: Path
    counts: dict[str, int]
    seconds: float
    carried_imports: int
    loaded: dict[str, int] = field(default_factory=dict)  # values added by each loader's sources


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def _count(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> int:
    row = con.execute(sql, params or []).fetchone()
    return int(row[0]) if row else 0


def _table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return [r[0] for r in rows]


def _read_seed(path: Path, columns: list[str]) -> pd.DataFrame:
    if not path.exists():
        raise BuildError(f"{_rel(path)}: file is missing")
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise BuildError(f"{_rel(path)}: not UTF-8 ({exc.reason} at byte {exc.start})") from exc
    except pd.errors.ParserError as exc:
        raise BuildError(f"{_rel(path)}: cannot be parsed as CSV: {exc}") from exc
    except pd.errors.EmptyDataError as exc:
        raise BuildError(f"{_rel(path)}: file is empty") from exc
    missing = [c for c in columns if c not in df.columns]
    extra = [c for c in df.columns if c not in columns]
    problems = []
    if missing:
        problems.append(f"missing column(s) {', '.join(missing)}")
    if extra:
        problems.append(f"unknown column(s) {', '.join(extra)}")
    if problems:
        raise BuildError(f"{_rel(path)} (line 1, header): " + "; ".join(problems))
    df = df[columns]
    # Empty cell = NULL; surrounding spaces are a typing accident, not data.
    df = df.apply(lambda s: s.str.strip()).replace("", None)
    if "disaggregation" in df.columns:  # an empty cell here means the total (''), not unknown
        df["disaggregation"] = df["disaggregation"].fillna("")
    out: pd.DataFrame = df
    return out


def _short(exc: Exception) -> str:
    msg = str(exc).strip().splitlines()[0]
    return msg.replace("Constraint Error: ", "").replace("Conversion Error: ", "")


def _load_table(con: duckdb.DuckDBPyConnection, df: pd.DataFrame, table: str, path: Path) -> None:
    cols = ", ".join(df.columns)
    con.register("seed_df", df)
    try:
        con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM seed_df")  # names from our own schema
        return
    except duckdb.Error:
        pass
    finally:
        con.unregister("seed_df")
    # Retry row by row (into a database that will be thrown away) to name every bad row.
    placeholders = ", ".join("?" for _ in df.columns)
    key = df.columns[0]
    errors: list[str] = []
    for i, row in enumerate(df.itertuples(index=False, name=None)):
        try:
            con.execute(f"INSERT INTO {table} ({cols}) VALUES ({placeholders})", list(row))
        except duckdb.Error as exc:
            errors.append(f"{_rel(path)} line {i + 2} ({key}={row[0]!s}): {_short(exc)}")
            if len(errors) >= MAX_REPORTED:
                errors.append("... (further errors not listed)")
                break
    if not errors:  # the bulk insert failed for a reason no single row shows
        errors.append(f"{_rel(path)}: rows do not load together (check duplicate keys across rows)")
    raise BuildError("\n".join(errors))


def _phrases(path: Path) -> dict[str, str]:
    """The phrase table as {English: Thai}; an empty cell or a repeated English text is an error."""
    df = _read_seed(path, ["en", "th"])
    phrases: dict[str, str] = {}
    first: dict[str, int] = {}
    errors: list[str] = []
    for line, (en, th) in enumerate(zip(df["en"], df["th"]), start=2):
        if pd.isna(en) or pd.isna(th):
            errors.append(f"{_rel(path)} line {line}: empty {'en' if pd.isna(en) else 'th'} cell")
        elif en in first:
            errors.append(f"{_rel(path)} line {line} (en={en}): repeats line {first[en]}")
        else:
            first[en], phrases[en] = line, th
    if errors:
        raise BuildError("\n".join(errors[:MAX_REPORTED]))
    return phrases


def _with_thai(df: pd.DataFrame, path: Path, phrases_path: Path) -> pd.DataFrame:
    """finding rows plus their *_th columns, looked up in the phrase table.

    A numeric statement is its own Thai. A text without a phrase stays NULL, and the build
    stops naming the phrase table and every such text, so Thai is never silently English.
    """
    phrases = _phrases(phrases_path)
    out = df.copy()
    missing: dict[str, str] = {}  # English text -> where it is first used
    for col in FINDING_TEXT:
        th: list[str | None] = []
        for line, en in enumerate(df[col], start=2):
            if pd.isna(en):
                th.append(None)
            elif col == "statement" and NUMBER.fullmatch(en):
                th.append(en)
            else:
                th.append(phrases.get(en))
                if en not in phrases:
                    missing.setdefault(en, f"{col}, {_rel(path)} line {line}")
        out[f"{col}_th"] = pd.Series(th, index=df.index, dtype=object)
    if missing:
        lines = [f"{_rel(phrases_path)}: no Thai for {len(missing)} finding text(s); add an en,th row for each:"]
        lines += [f"  {en!r} ({where})" for en, where in list(missing.items())[:MAX_REPORTED]]
        raise BuildError("\n".join(lines))
    return out


def _seed_hash(seed_dir: Path) -> str:
    h = hashlib.sha256()
    for name in [*(n for n, _ in SEED_FILES), FINDING_TH]:
        p = seed_dir / name
        h.update(name.encode())
        h.update(p.read_bytes() if p.exists() else b"")
    h.update(Path(demo.__file__).read_bytes())
    h.update(SCHEMA_PATH.read_bytes())
    return h.hexdigest()


def _add_demo(con: duckdb.DuckDBPyConnection) -> None:
    provinces = con.execute("SELECT code, region FROM province ORDER BY code").df()
    indicators = con.execute(
        "SELECT indicator_id, direction, optimum, lower_bound, plausible_min, plausible_max, decimals "
        "FROM indicator ORDER BY indicator_id"
    ).df()
    rows = demo.generate(provinces, indicators)
    con.register("demo_df", rows)
    try:
        con.execute("INSERT INTO observation SELECT * FROM demo_df")
    finally:
        con.unregister("demo_df")


_CARRY = (
    # Ministry datasets and what they reference, from the previous database ($kind: DatasetKind.MINISTRY).
    "INSERT INTO dataset SELECT * FROM old.dataset WHERE kind = $kind AND dataset NOT IN (SELECT dataset FROM dataset)",
    "INSERT INTO source SELECT * FROM old.source WHERE source_id NOT IN (SELECT source_id FROM source) "
    "AND source_id IN (SELECT source_id FROM old.observation o JOIN old.dataset d USING (dataset) "
    "WHERE d.kind = $kind UNION SELECT old_source_id FROM old.observation_history)",
    "INSERT INTO observation SELECT o.* FROM old.observation o JOIN old.dataset d USING (dataset) "
    "WHERE d.kind = $kind ORDER BY ALL",
    "INSERT INTO import_log BY NAME SELECT * FROM old.import_log ORDER BY import_id",
    "INSERT INTO observation_history SELECT * FROM old.observation_history ORDER BY ALL",
)
_CARRY_REGISTRY = (
    # The partner registry: records added by files or forms, and seed records changed since,
    # replace the seed's (lib.store.partners); with their links and the whole history.
    "CREATE TEMP TABLE kept_partner AS SELECT * FROM old.partner WHERE origin <> 'seed' OR updated_at IS NOT NULL",
    "CREATE TEMP TABLE kept_activity AS SELECT * FROM old.activity WHERE origin <> 'seed' OR updated_at IS NOT NULL",
    "DELETE FROM activity_province WHERE activity_id IN (SELECT activity_id FROM kept_activity)",
    "DELETE FROM activity_goal WHERE activity_id IN (SELECT activity_id FROM kept_activity)",
    "DELETE FROM activity WHERE activity_id IN (SELECT activity_id FROM kept_activity)",
    "UPDATE partner SET name_th = k.name_th, name_en = k.name_en, sector = k.sector, origin = k.origin, "
    "closed = k.closed, updated_at = k.updated_at, updated_by = k.updated_by FROM kept_partner k "
    "WHERE partner.partner_id = k.partner_id",
    "INSERT INTO partner SELECT * FROM kept_partner WHERE partner_id NOT IN (SELECT partner_id FROM partner)",
    "INSERT INTO activity SELECT * FROM kept_activity ORDER BY activity_id",
    "INSERT INTO activity_province SELECT * FROM old.activity_province "
    "WHERE activity_id IN (SELECT activity_id FROM kept_activity) ORDER BY ALL",
    "INSERT INTO activity_goal SELECT * FROM old.activity_goal "
    "WHERE activity_id IN (SELECT activity_id FROM kept_activity) ORDER BY ALL",
    "INSERT INTO activity_target SELECT * FROM old.activity_target "
    "WHERE activity_id IN (SELECT activity_id FROM kept_activity) ORDER BY ALL",
    "INSERT INTO registry_history SELECT * FROM old.registry_history ORDER BY change_id",
    "DROP TABLE kept_partner",
    "DROP TABLE kept_activity",
)
_CARRY_TARGETS = (
    # Provinces' own 2030 targets (lib.ingest.targets) and the rows they replaced.
    "INSERT INTO province_target BY NAME SELECT * FROM old.province_target ORDER BY ALL",
    "INSERT INTO province_target_history BY NAME SELECT * FROM old.province_target_history ORDER BY ALL",
)


def _carry_imports(con: duckdb.DuckDBPyConnection, old: Path) -> int:
    if not old.exists():
        return 0
    con.execute("ATTACH ? AS old (READ_ONLY)", [str(old)])
    try:
        has_log = _count(
            con,
            "SELECT count(*) FROM information_schema.tables WHERE table_catalog = ? AND table_name = ?",
            ["old", "import_log"],
        )
        if not has_log:
            return 0
        has_registry = _count(
            con,
            "SELECT count(*) FROM information_schema.tables WHERE table_catalog = ? AND table_name = ?",
            ["old", "registry_history"],
        )
        has_targets = _count(
            con,
            "SELECT count(*) FROM information_schema.tables WHERE table_catalog = ? AND table_name = ?",
            ["old", "province_target_history"],
        )
        carry = _CARRY + (_CARRY_REGISTRY if has_registry else ()) + (_CARRY_TARGETS if has_targets else ())
        for sql in carry:
            try:
                con.execute(sql, {"kind": str(DatasetKind.MINISTRY)} if "$kind" in sql else None)
            except duckdb.Error as exc:
                raise BuildError(
                    f"{_rel(old)}: imported data no longer fits the new seed ({_short(exc)}); "
                    "the previous database was kept"
                ) from exc
        return _count(con, "SELECT count(*) FROM import_log")
    finally:
        con.execute("DETACH old")


Loader = Callable[[duckdb.DuckDBPyConnection], Mapping[str, int]]


def build(target: Path | None = None, seed_dir: Path = SEED_DIR, loaders: Sequence[Loader] = ()) -> BuildResult:
    """Build the database at `target` (default data/sdg.duckdb). Raises BuildError on bad seed.

    `loaders` run on the open connection after the seed tables, before the demo values: each
    adds rows (lib.build passes the public sources of lib.ingest.sources) and returns counts
    to report; a loader's ValueError stops the build and leaves the old file as it was."""
    target = Path(target or db_path())
    target.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with staged(target, "tmp", copy_current=False) as con:
        con.execute(SCHEMA_PATH.read_text(encoding="utf-8"))
        for name, table in SEED_FILES:
            path = seed_dir / name
            derived = DERIVED.get(table, ())
            df = _read_seed(path, [c for c in _table_columns(con, table) if c not in derived])
            if df.empty and table not in ("national_observation", "context_observation", "finding"):
                raise BuildError(f"{_rel(path)}: has a header but no rows")
            if table == "finding":
                df = _with_thai(df, path, seed_dir / FINDING_TH)
            _load_table(con, df, table, path)
        loaded: dict[str, int] = {}
        for loader in loaders:
            try:
                loaded |= loader(con)
            except ValueError as exc:
                raise BuildError(str(exc)) from exc
        _add_demo(con)
        carried = _carry_imports(con, target)
        con.execute(
            "INSERT INTO build_info VALUES (?, ?), (?, ?)",
            ["seed_sha256", _seed_hash(seed_dir), "demo_seed", str(demo.SEED)],
        )
        counts = {
            t: _count(con, f"SELECT count(*) FROM {t}")  # table names from SEED_FILES
            for t in dict.fromkeys(t for _, t in SEED_FILES)
        }
    return BuildResult(target, counts, time.perf_counter() - started, carried, loaded)


def ensure_built(path: Path | None = None, loaders: Sequence[Loader] = ()) -> Path:
    """Build the database from the seed files if it does not exist yet (first start)."""
    target = Path(path or db_path())
    if not target.exists():
        with writer_lock(target):
            if not target.exists():
                build(target, loaders=loaders)
    return target


def main(argv: list[str] | None = None, loaders: Sequence[Loader] = ()) -> int:
    parser = argparse.ArgumentParser(prog="python -m lib.build", description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None, help="output file (default data/sdg.duckdb or $SDG_DB)")
    parser.add_argument("--seed-dir", type=Path, default=SEED_DIR, help="folder of seed CSV files")
    args = parser.parse_args(argv)
    target = Path(args.db or db_path())
    try:
        with writer_lock(target):
            result = build(target, args.seed_dir, loaders)
    except BuildError as exc:
        print(f"Build failed; {_rel(target)} was left as it was.\n{exc}", file=sys.stderr)
        return 1
    print(f"Built {_rel(result.path)} in {result.seconds:.2f} s")
    for table, n in result.counts.items():
        print(f"  {table:<22} {n:>8,}")
    for name, n in result.loaded.items():
        print(f"  public source {name:<30} {n:>8,} values")
    if result.carried_imports:
        print(f"  kept {result.carried_imports} ministry import(s) from the previous database")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
