"""Fixtures of the importer's tests: a writable copy of the session's database per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture()
def db(db_path: Path, tmp_path: Path) -> Path:
    """A copy of the bundled database (tests/conftest.py builds it once) the test may write to."""
    path = tmp_path / "t.duckdb"
    shutil.copyfile(db_path, path)
    return path
