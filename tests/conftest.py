"""Shared fixtures. Every test uses its own database built from the seed, never data/sdg.duckdb."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_TMP = Path(tempfile.mkdtemp(prefix="sdg-tests-"))
# Set before any lib/streamlit import reads it: pages under AppTest open this file.
os.environ["SDG_DB"] = str(_TMP / "sdg.duckdb")


@pytest.fixture(scope="session")
def db_path() -> Path:
    """The session's database, built once from data/seed/."""
    from lib.store.build import build

    path = Path(os.environ["SDG_DB"])
    if not path.exists():
        build(path)
    return path


@pytest.fixture()
def con(db_path: Path):
    from lib.store.db import connect_read_only

    c = connect_read_only(db_path)
    yield c
    c.close()


def page_path(name: str) -> str:
    """Path of a page script for AppTest (AppTest resolves paths against the test file)."""
    return str(ROOT / name)


@pytest.fixture()
def app(db_path: Path):
    """Factory: app("pages/1_map.py", province="TH-58", lang="en") -> a run AppTest."""
    from streamlit.testing.v1 import AppTest

    def _make(script: str, **params: str):
        at = AppTest.from_file(page_path(script), default_timeout=90)
        for k, v in params.items():
            at.query_params[k] = v
        return at.run()

    return _make


def pytest_collection_modifyitems(config, items):
    """Run browser tests last: their session-wide Playwright keeps an asyncio loop running in
    this thread, and Playwright's sync API (used by lib.brief) refuses to start inside one."""
    items.sort(key=lambda item: "tests/browser/" in item.nodeid.replace("\\", "/"))
