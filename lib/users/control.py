"""The control store: accounts, login failures, the audit log, submissions and reviews, in one
SQLite file beside the working database (``<dir of the db>/control.sqlite``).

SQLite and not DuckDB: several server processes write logins and audit rows at once, and
DuckDB allows one writing process per file. WAL lets readers run beside the one writer;
``busy_timeout`` makes a writer wait its turn instead of failing. Every write goes through
:func:`transaction` (``BEGIN IMMEDIATE``: the write lock is taken at the start, so two
read-modify-write steps never interleave). The audit table is append-only: triggers abort any
UPDATE or DELETE of it.

The schema's version is SQLite's ``user_version``: a new store gets the whole schema, an older
one the steps of :data:`_MIGRATIONS` after its version (2: an optional e-mail per account, the
address single sign-on maps to), each run once, under the write lock, by whichever process
connects first.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from lib.core.paths import db_path

FILE_NAME = "control.sqlite"
BUSY_TIMEOUT_MS = 15_000  # a writer waits this long for another process's transaction
SCHEMA_VERSION = 2

_SCHEMA = """
CREATE TABLE IF NOT EXISTS account (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('submitter', 'reviewer', 'admin')),
    password_hash TEXT NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    provinces TEXT NOT NULL DEFAULT '[]',   -- JSON list of province codes (the scope)
    indicators TEXT NOT NULL DEFAULT '[]',  -- JSON list of indicator ids
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    password_changed_at TEXT NOT NULL,
    email TEXT                              -- lower case, unique; NULL for none (single sign-on)
);
CREATE UNIQUE INDEX IF NOT EXISTS account_email ON account (email);
CREATE TABLE IF NOT EXISTS login_failure (
    key TEXT PRIMARY KEY,                   -- "<policy>:<client address or account name>"
    failures INTEGER NOT NULL,
    last REAL NOT NULL                      -- seconds since the epoch
);
CREATE TABLE IF NOT EXISTS audit (
    audit_id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,                       -- UTC, ISO 8601
    actor TEXT,                             -- the account (or the name tried), NULL for none
    action TEXT NOT NULL,
    target TEXT,
    detail TEXT NOT NULL DEFAULT '{}',      -- JSON
    os_user TEXT                            -- the login name of the process (shell or server)
);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TABLE IF NOT EXISTS submission (
    submission_id INTEGER PRIMARY KEY AUTOINCREMENT,
    submitter TEXT NOT NULL REFERENCES account(name),
    kind TEXT NOT NULL CHECK (kind IN ('indicators', 'activities')),
    file_name TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    file_bytes BLOB NOT NULL,               -- the original file, as uploaded
    options TEXT NOT NULL,                  -- JSON: how it was read (lib.ingest.cli)
    dataset TEXT,
    rows BLOB NOT NULL,                     -- the prepared rows (Parquet)
    flags TEXT NOT NULL DEFAULT '[]',       -- JSON: what review needs to look at
    submitted_at TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('submitted', 'approved', 'rejected', 'published')),
    release INTEGER                         -- the release that published it
);
CREATE TABLE IF NOT EXISTS review (
    review_id INTEGER PRIMARY KEY AUTOINCREMENT,
    submission_id INTEGER NOT NULL REFERENCES submission(submission_id),
    reviewer TEXT NOT NULL REFERENCES account(name),
    decision TEXT NOT NULL CHECK (decision IN ('approved', 'rejected')),
    reason TEXT,
    reviewed_at TEXT NOT NULL
);
"""

# version -> the statements that bring a store of the version before it up to it
_MIGRATIONS: dict[int, tuple[str, ...]] = {
    2: (
        "ALTER TABLE account ADD COLUMN email TEXT",
        "CREATE UNIQUE INDEX IF NOT EXISTS account_email ON account (email)",
    ),
}


def path_for(db: Path | None = None) -> Path:
    """The control store of the working database `db` (default lib.core.paths.db_path())."""
    return Path(db or db_path()).parent / FILE_NAME


def connect(db: Path | None = None) -> sqlite3.Connection:
    """A connection to the control store of `db`, created with its tables on first use.
    Autocommit mode: writes go through :func:`transaction`."""
    target = path_for(db)
    target.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(target, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    con.row_factory = sqlite3.Row
    con.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    con.execute("PRAGMA foreign_keys = ON")
    if con.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        con.execute("PRAGMA journal_mode = WAL")
    if con.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
        with transaction(con):
            _migrate(con)
    return con


def _migrate(con: sqlite3.Connection) -> None:
    """Bring the store to SCHEMA_VERSION (inside the write transaction: the version is read
    again, another process may have done it meanwhile)."""
    version = int(con.execute("PRAGMA user_version").fetchone()[0])
    if version == 0:
        for statement in _statements(_SCHEMA):
            con.execute(statement)
    else:
        for step in range(version + 1, SCHEMA_VERSION + 1):
            for statement in _MIGRATIONS[step]:
                con.execute(statement)
    if version < SCHEMA_VERSION:
        con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _statements(script: str) -> list[str]:
    """The statements of a script (triggers hold ';' inside BEGIN ... END)."""
    out: list[str] = []
    part = ""
    for line in script.splitlines():
        part += line + "\n"
        if sqlite3.complete_statement(part):
            out.append(part.strip())
            part = ""
    return out


@contextlib.contextmanager
def transaction(con: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction, committed on a clean exit and rolled back on any error."""
    con.execute("BEGIN IMMEDIATE")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


@contextlib.contextmanager
def opened(db: Path | None = None) -> Iterator[sqlite3.Connection]:
    """connect(), closed afterwards."""
    con = connect(db)
    try:
        yield con
    finally:
        con.close()
