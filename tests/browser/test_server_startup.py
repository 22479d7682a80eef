"""Start-up under concurrency: a freshly started server with several sessions arriving at once,
on different pages, again and again. The attack run saw "partially initialized module 'numpy'
has no attribute 'ndarray'" shown to a user on 6 of 6 restarts with 6 users arriving; the
start-up (lib.app.boot) now finishes before any page code runs.

SDG_TEST_SLOW_IMPORTS=1 also slows numpy, pandas, pyarrow and duckdb's imports in the server
(a sitecustomize in a temporary folder), which widens the window for the race a hundredfold."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from tests.browser.conftest import start_server, stop_server
from tests.browser.stclient import Run, Session

RESTARTS = 5
# six users, as in the attack run, arriving on different pages (home twice)
PAGES = ["", "map", "province", "data", "coverage", ""]

SLOW_IMPORTS = """
import importlib.abc, sys, time
SLOW = {"numpy._core.multiarray", "pandas.core.frame", "pyarrow.lib", "duckdb"}
class _Slow(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name not in SLOW:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                run = spec.loader.exec_module
                def slowly(module, run=run):
                    time.sleep(0.4)
                    run(module)
                spec.loader.exec_module = slowly
                return spec
        return None
sys.meta_path.insert(0, _Slow())
"""


def _arrive(base: str, pages: list[str]) -> dict[int, Run | str]:
    """Every session connects first, then all ask for their page at the same moment."""
    results: dict[int, Run | str] = {}
    ready = threading.Barrier(len(pages))

    def one(i: int, page: str) -> None:
        try:
            with Session(base) as s:
                ready.wait(timeout=60)
                results[i] = s.run(page, {"lang": "en"}, timeout=180)
        except Exception as ex:  # reported as a failure below
            results[i] = repr(ex)

    threads = [threading.Thread(target=one, args=(i, p)) for i, p in enumerate(pages)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    return results


@pytest.mark.parametrize("restart", range(RESTARTS))
def test_sessions_arriving_at_once_after_a_restart(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, restart: int
) -> None:
    if os.environ.get("SDG_TEST_SLOW_IMPORTS"):
        site = tmp_path / "site"
        site.mkdir()
        (site / "sitecustomize.py").write_text(SLOW_IMPORTS)
        monkeypatch.setenv("PYTHONPATH", str(site))
    log = tmp_path / "streamlit.log"
    proc, base = start_server(db_path, log, timeout=180)
    try:
        results = _arrive(base, PAGES)
    finally:
        stop_server(proc)
    problems = []
    for i, page in enumerate(PAGES):
        r = results.get(i)
        if not isinstance(r, Run):
            problems.append(f"/{page}: {r}")
        elif r.status != "FINISHED_SUCCESSFULLY" or r.exceptions or any("went wrong" in e for e in r.texts()):
            problems.append(f"/{page}: {r.status} {r.exceptions} {[e for e in r.texts() if 'went wrong' in e]}")
    text = log.read_text(errors="replace")
    assert not problems, problems
    assert "Traceback" not in text and "partially initialized" not in text, text[-3000:]
