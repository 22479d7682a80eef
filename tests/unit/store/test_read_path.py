"""lib.store.db.read_path: the dashboard reads the current release when releases/CURRENT names
one, else the working database (a fresh build)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lib.store.db import CURRENT_FILE, connect_read_only, read_path, release_file, releases_dir, signature


def test_without_releases_the_working_database(tmp_path: Path, db_path: Path) -> None:
    db = tmp_path / "sdg.duckdb"
    shutil.copyfile(db_path, db)
    assert read_path(db) == db


def test_the_current_release(tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "sdg.duckdb"
    shutil.copyfile(db_path, db)
    releases_dir(db).mkdir()
    shutil.copyfile(db_path, release_file(db, 3))
    (releases_dir(db) / CURRENT_FILE).write_text("3\n")
    assert read_path(db) == releases_dir(db) / "release-0003.duckdb"
    monkeypatch.setenv("SDG_DB", str(db))
    assert signature() == signature(release_file(db, 3))
    con = connect_read_only()
    try:
        assert con.execute("SELECT path FROM duckdb_databases() WHERE database_name = 'sdg'").fetchone() == (
            str(release_file(db, 3)),
        )
    finally:
        con.close()
    (releases_dir(db) / CURRENT_FILE).write_text("4\n")  # names no file: an error, not the working db
    with pytest.raises(ValueError, match="names no release file"):
        read_path(db)
