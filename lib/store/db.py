"""Opening the database: read-only for the app, one writer at a time for build and ingest.

What the app reads (:func:`read_path`) is the current release when there is one: lib.release
keeps numbered, read-only copies of the working database in ``releases/`` beside it and names
the current one in ``releases/CURRENT``. Without that file (a fresh build) the app reads the
working database itself. :func:`connect_read_only` and :func:`signature` without a path both
resolve it, on every call, so a publish or a rollback is seen at the next query.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb

from lib.core.paths import db_path

ALIAS = "sdg"
RELEASES_DIR = "releases"  # beside the working database
CURRENT_FILE = "CURRENT"  # in RELEASES_DIR: the number of the current release, one line


def releases_dir(db: Path | None = None) -> Path:
    """Where the releases of the working database `db` are kept."""
    return Path(db or db_path()).parent / RELEASES_DIR


def release_file(db: Path | None, number: int) -> Path:
    return releases_dir(db) / f"release-{number:04d}.duckdb"


def current_release_number(db: Path | None = None) -> int | None:
    """The number in releases/CURRENT, None when there is no such file. A CURRENT that names
    no release file is an error (ValueError), never silently the working database."""
    try:
        text = (releases_dir(db) / CURRENT_FILE).read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    if not text.isdigit() or not release_file(db, int(text)).is_file():
        raise ValueError(f"{releases_dir(db) / CURRENT_FILE}: {text!r} names no release file")
    return int(text)


def read_path(db: Path | None = None) -> Path:
    """The file the dashboard reads: the current release of `db` if there is one, else `db`."""
    number = current_release_number(db)
    return Path(db or db_path()) if number is None else release_file(db, number)


def read_config() -> dict[str, str | bool | int | float | list[str]]:
    """Limits of the app's DuckDB instance. DuckDB's default is 80 % of RAM for its buffer pool,
    which on a 10 M-row file let the server grow past 2 GB; the pages' queries need far less
    (bench/README.md). Override with SDG_DUCKDB_MEMORY (e.g. "1GB") and SDG_DUCKDB_THREADS."""
    import tempfile

    return {
        "memory_limit": os.environ.get("SDG_DUCKDB_MEMORY", "512MB"),
        "threads": os.environ.get("SDG_DUCKDB_THREADS", str(min(os.cpu_count() or 2, 4))),
        "temp_directory": str(Path(tempfile.gettempdir()) / "sdg-duckdb-spill"),
    }


def connect_read_only(path: Path | None = None) -> duckdb.DuckDBPyConnection:
    """The app's connection. Read-only so a page can never change stored data.

    Not duckdb.connect(path, read_only=True): within one process DuckDB hands every such
    call the instance it already has open for that path, so after build/ingest swapped the
    file in, the app would keep reading the old one. A private in-memory instance that
    ATTACHes the file sees the file as it is now. Take cursors with `cursor()`.
    Without `path`: the file the dashboard reads (:func:`read_path`).
    """
    con = duckdb.connect(":memory:", config=read_config())
    con.execute(f"ATTACH ? AS {ALIAS} (READ_ONLY)", [str(path or read_path())])
    con.execute(f"USE {ALIAS}")
    return con


def cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A cursor (one per query/thread) that reads the attached database by default."""
    cur = con.cursor()
    cur.execute(f"USE {ALIAS}")
    return cur


def signature(path: Path | None = None) -> tuple[int, int, int]:
    """Identity of the current file (inode, mtime, size): changes when build/ingest swap it in,
    and, without `path`, when a publish or rollback changes the current release."""
    st = os.stat(path or read_path())
    return (st.st_ino, st.st_mtime_ns, st.st_size)


@contextlib.contextmanager
def writer_lock(path: Path | None = None) -> Iterator[None]:
    """Serialise writers (build, ingest) on one database file; readers are never blocked."""
    target = Path(path or db_path())
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.with_name(target.name + ".lock"), "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def atomic_replace(tmp: Path, target: Path) -> None:
    """Swap a finished file into place: readers see the old file or the new one, never a mix."""
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, target)
    dir_fd = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


@contextlib.contextmanager
def staged(target: Path, tag: str, copy_current: bool) -> Iterator[duckdb.DuckDBPyConnection]:
    """A writable temporary database beside `target` (a copy of it when `copy_current`).

    On a clean exit it is checkpointed, closed and swapped in atomically; on an error, or if
    the process is killed, `target` is untouched and the temporary file is discarded.
    Call with writer_lock held.
    """
    tmp = target.with_name(f".{target.name}.{tag}-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        if copy_current:
            shutil.copyfile(target, tmp)
        con = duckdb.connect(str(tmp))
        try:
            yield con
            con.execute("CHECKPOINT")
        finally:
            con.close()
        atomic_replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
        Path(str(tmp) + ".wal").unlink(missing_ok=True)
