"""Shared fixtures and the test tiers. Every test uses its own database built from the seed,
never data/sdg.duckdb.

Tiers follow the folders (markers are set here, so a test file cannot sit in the wrong tier):
tests/unit/<package>/ -> ``unit`` (the fast tier leaves out those marked ``slow``),
tests/page/ -> ``page`` (AppTest), tests/browser/ -> ``browser`` (Chromium), tests/load/ ->
``load`` (serve.sh under simulated sessions; run on its own, see tests/load/conftest.py)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pytest

from lib.core.paths import ROOT

_TMP = Path(tempfile.mkdtemp(prefix="sdg-tests-"))
# Set before any lib/streamlit import reads it: pages under AppTest open this file.
os.environ["SDG_DB"] = str(_TMP / "sdg.duckdb")


@pytest.fixture(scope="session")
def db_path() -> Path:
    """The session's database, built once from data/seed/."""
    from lib.build import build

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
    """Factory: app("pages/1_map.py", province="TH-58", lang="en") -> a run AppTest.
    Shared cached frames are checked for in-place changes (lib.app.data.CHECK_SHARED)."""
    from streamlit.testing.v1 import AppTest

    from lib.app import data

    data.CHECK_SHARED = True

    def _make(script: str, **params: str):
        at = AppTest.from_file(page_path(script), default_timeout=90)
        for k, v in params.items():
            at.query_params[k] = v
        return at.run()

    return _make


TIERS = {"unit": "unit", "page": "page", "browser": "browser", "load": "load"}


def _tier(item: pytest.Item) -> str | None:
    parts = Path(str(item.path)).relative_to(ROOT / "tests").parts
    return TIERS.get(parts[0]) if len(parts) > 1 else None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark each test with its folder's tier, and run browser tests last: their session-wide
    Playwright keeps an asyncio loop running in this thread, and Playwright's sync API (used by
    lib.brief) refuses to start inside one."""
    outside = sorted({str(item.path) for item in items if _tier(item) is None})
    if outside:  # a test must sit in a tier folder, so each tier runs what it should
        raise pytest.UsageError(f"tests outside tests/unit, tests/page, tests/browser, tests/load: {outside}")
    for item in items:
        item.add_marker(getattr(pytest.mark, str(_tier(item))))
    items.sort(key=lambda item: _tier(item) == "browser")


@pytest.fixture(scope="session")
def demo_data(db_path: Path) -> dict[str, Any]:
    """The session database's catalogue, the demo dataset's totals and its scores as of its
    latest year, scored the way the app scores (lib.store.catalogue)."""
    from lib.store import catalogue, queries
    from lib.store.db import connect_read_only

    con = connect_read_only(db_path)
    try:
        cat = catalogue.load(con)
        totals = queries.totals(con, "demo")
        year = int(totals["year"].max())
        return {
            "provs": cat.provinces,
            "goals": cat.goals,
            "inds": cat.indicators,
            "datasets": cat.datasets,
            "totals": totals,
            "year": year,
            "pilots": cat.pilot_codes,
            "sc": catalogue.scores(con, "demo", year, cat),
            "presence": queries.presence(con, "demo", year),
        }
    finally:
        con.close()
