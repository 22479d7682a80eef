"""Fixtures of the brief tests: the demo dataset's shared batch data, and one Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from lib.brief.chromium import chromium_problem
from lib.brief.data import Shared, load_shared
from lib.brief.render import Renderer


@pytest.fixture(scope="module")
def shared(db_path: Path) -> Iterator[tuple[duckdb.DuckDBPyConnection, Shared]]:
    from lib.store.db import connect_read_only

    con = connect_read_only(db_path)
    yield con, load_shared(con, "demo")
    con.close()


@pytest.fixture(scope="module")
def renderer() -> Iterator[Renderer]:
    problem = chromium_problem()
    if problem:
        pytest.skip(problem)
    with Renderer() as r:
        yield r
    assert not r.blocked, f"the brief tried to fetch: {r.blocked}"
