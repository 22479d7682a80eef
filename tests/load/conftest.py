"""The load tier (marker ``load``): the app as it is deployed, ``bash scripts/serve.sh PORT``
(several Streamlit processes behind nginx), started once for the tier on a free port against
the session's database (tests/conftest.py builds it from the seed; SDG_DB points at it).

Run on its own, after the other tiers: ``python3 -m pytest -q -m load`` (scripts/test.sh). It
needs nginx (Debian package ``nginx``); without it the tier is skipped with the reason.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench import load as bench_load
from lib.core.paths import ROOT

START_TIMEOUT_S = 240.0  # cold start of 2 backends on 2 shared cores


def nginx_problem() -> str | None:
    if os.environ.get("SDG_NGINX") or shutil.which("nginx") or Path("/usr/sbin/nginx").exists():
        return None
    return "nginx is not installed (apt-get install nginx; scripts/test.sh installs it)"


@dataclass
class Served:
    base: str
    port: int
    proc: subprocess.Popen[bytes]
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


def start_serve(db: Path, log: Path, backends: int | None = None) -> Served:
    """`bash scripts/serve.sh PORT` on a free port, listening on localhost only; returns once
    /_stcore/health answers through nginx."""
    port = bench_load.free_port()
    env = dict(os.environ, SDG_DB=str(db), SDG_LISTEN="127.0.0.1", PYTHONUNBUFFERED="1")
    if backends:
        env["SDG_BACKENDS"] = str(backends)
    with open(log, "wb") as fh:  # the server keeps its own copy of the descriptor
        proc = subprocess.Popen(
            ["bash", "scripts/serve.sh", str(port)], cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{port}"
    try:
        bench_load.wait_health(base, proc, log, timeout=START_TIMEOUT_S)
    except Exception:
        stop_serve(proc)
        raise
    return Served(base, port, proc, log)


def stop_serve(proc: subprocess.Popen[bytes], timeout: float = 30.0) -> int:
    """SIGTERM to serve.sh (its pid is the supervisor's), and wait for it to exit."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
    return proc.returncode


def descendants(pid: int) -> set[int]:
    """Every process below `pid` (from /proc)."""
    from bench.helpers import _children

    out: set[int] = set()
    todo = [pid]
    while todo:
        for c in _children(todo.pop()):
            if c not in out:
                out.add(c)
                todo.append(c)
    return out


def alive(pids: set[int]) -> set[int]:
    left = set()
    for p in pids:
        try:
            with open(f"/proc/{p}/stat") as fh:
                if fh.read().rsplit(")", 1)[1].split()[0] != "Z":
                    left.add(p)
        except OSError:
            pass
    return left


def wait_gone(pids: set[int], timeout: float = 15.0) -> set[int]:
    deadline = time.monotonic() + timeout
    while (left := alive(pids)) and time.monotonic() < deadline:
        time.sleep(0.1)  # polling /proc for the processes to exit
    return left


def backend_ports(s: Served) -> list[int]:
    """The internal ports of the Streamlit processes serve.sh started (from their command lines)."""
    return bench_load.streamlit_ports(s.proc.pid)


def active_sessions(port: int) -> int:
    """A backend's own count (asked directly, not through nginx, which hides the endpoint)."""
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}/_stcore/metrics?families=active_sessions", headers={"Accept": "text/plain"}
    )
    with urllib.request.urlopen(req, timeout=30) as r:
        text = r.read().decode()
    return sum(int(float(v)) for v in re.findall(r"^active_sessions(?:\{[^}]*\})?\s+([\d.]+)", text, flags=re.M))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Minutes of load on both cores: run only when asked for (``-m load``, or this folder
    named), not inside another tier's run such as ``pytest -m "not browser"``. A skip mark, so
    the session fixture below never starts a server for a run that does not want it."""
    asked = "load" in (config.getoption("markexpr") or "") or any("tests/load" in str(a) for a in config.args)
    if asked:
        return
    here = Path(__file__).parent
    skip = pytest.mark.skip(reason="the load tier runs on its own: python3 -m pytest -q -m load")
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def served(db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The app behind nginx for the whole tier."""
    if problem := nginx_problem():
        pytest.skip(problem)
    s = start_serve(db_path, tmp_path_factory.mktemp("serve") / "serve.log")
    yield s
    stop_serve(s.proc)
    text = s.log_text()
    if "Traceback" in text:
        print(f"\n--- serve.sh log ({s.log}) has tracebacks ---\n{text[-5000:]}")
