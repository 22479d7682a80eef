"""Fixtures shared by the tests of lib.users, lib.review and lib.release (their conftest.py
files import them): a writable copy of the database per test (its control store and releases
beside it, in the test's own folder), cheap Argon2 parameters, and a cast of accounts."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from lib.users import accounts, control

PASSWORD = "correct horse battery"  # every test account's password (long enough)
CHEAP = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)  # Argon2id, fast for tests


@pytest.fixture()
def db(db_path: Path, tmp_path: Path) -> Path:
    path = tmp_path / "work" / "sdg.duckdb"
    path.parent.mkdir()
    shutil.copyfile(db_path, path)
    return path


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accounts, "HASHER", CHEAP)


@pytest.fixture()
def store(db: Path) -> Iterator[sqlite3.Connection]:
    con = control.connect(db)
    yield con
    con.close()


@pytest.fixture()
def people(store: sqlite3.Connection, db: Path) -> dict[str, accounts.Account]:
    """boss (admin), rita (reviewer), sam (submitter for TH-50), ivy (submitter for one indicator)."""
    made = {"boss": accounts.add(store, db, "boss", accounts.ADMIN, PASSWORD, by=None)}
    made["rita"] = accounts.add(store, db, "rita", accounts.REVIEWER, PASSWORD, by="boss")
    made["sam"] = accounts.add(store, db, "sam", accounts.SUBMITTER, PASSWORD, by="boss", provinces=["TH-50"])
    made["ivy"] = accounts.add(store, db, "ivy", accounts.SUBMITTER, PASSWORD, by="boss", indicators=["unemployment"])
    return made
