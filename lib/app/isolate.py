"""Expensive work outside the serving process: a function run in a child Python process with a
wall-clock time limit and a memory limit, so a hostile or huge file can neither hold the
server's interpreter (every session shares it) nor fill its memory.

The child is lib/app/child.py, started by path so that it imports only what the function needs
(lib.ingest, not Streamlit). Arguments go to it and the result comes back pickled over pipes
(the child is this program's own code). At most MAX_RUNNING children run at once per server
process; a caller waits for a slot. Plain Python: the page shows the progress through
``on_tick``.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lib.core.paths import ROOT

CHILD = ROOT / "lib" / "app" / "child.py"
SECONDS = 120.0  # wall-clock limit of one run (the admin page says so when it stops a check)
MEMORY_MB = 1536  # address space the function may add to the child's own (its imports)
MAX_RUNNING = 1  # children at once per server process: one core stays free for the pages
TICK = 0.5  # how often on_tick is called while waiting

_SLOTS = threading.BoundedSemaphore(MAX_RUNNING)


@dataclass
class Outcome:
    """How a run ended: ``problem`` None (``value`` is the result), "timeout", "memory",
    "error" (the function raised: ``detail`` has its traceback) or "crash" (the child died)."""

    value: Any = None
    problem: str | None = None
    detail: str = ""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.problem is None


def run(
    target: str,
    *args: Any,
    seconds: float | None = None,
    memory_mb: int | None = None,
    on_tick: Callable[[float, bool], None] | None = None,
) -> Outcome:
    """``module:function`` (``__main__:name`` for lib/app/child.py's own) called with `args` in
    a child process. ``on_tick(elapsed, waiting)`` is called every TICK seconds, first while
    waiting for a slot (waiting=True), then while the child works; an exception it raises (a
    Streamlit rerun) stops the child and propagates."""
    limit = SECONDS if seconds is None else seconds
    memory = MEMORY_MB if memory_mb is None else memory_mb
    start = time.monotonic()
    while not _SLOTS.acquire(timeout=TICK):
        if on_tick is not None:
            on_tick(time.monotonic() - start, True)
    try:
        return _run(target, args, limit, memory, on_tick)
    finally:
        _SLOTS.release()


def _run(
    target: str, args: tuple[Any, ...], limit: float, memory_mb: int, on_tick: Callable[[float, bool], None] | None
) -> Outcome:
    request = pickle.dumps(
        {"target": target, "args": args, "memory_mb": memory_mb, "cpu_seconds": int(limit) + 5},
        protocol=pickle.HIGHEST_PROTOCOL,
    )
    start = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, str(CHILD)], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    pending: bytes | None = request
    try:
        while True:
            elapsed = time.monotonic() - start
            if elapsed >= limit:
                _stop(proc)
                return Outcome(problem="timeout", seconds=elapsed)
            try:
                out, err = proc.communicate(pending, timeout=min(TICK, max(limit - elapsed, 0.01)))
                break
            except subprocess.TimeoutExpired:
                pending = None  # communicate() keeps sending what it started to
                if on_tick is not None:
                    on_tick(time.monotonic() - start, False)
    finally:
        if proc.poll() is None:  # left by an exception (a rerun): the work is abandoned
            _stop(proc)
    return _outcome(out, err, proc.returncode, time.monotonic() - start)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.kill()
    try:
        proc.communicate(timeout=10)
    except (subprocess.TimeoutExpired, ValueError, OSError):
        pass


def _outcome(out: bytes, err: bytes, returncode: int, seconds: float) -> Outcome:
    try:
        answer = pickle.loads(out) if out else None
    except Exception:
        answer = None
    if not isinstance(answer, dict) or "status" not in answer:
        tail = err.decode("utf-8", "replace")[-4000:]
        return Outcome(problem="crash", detail=f"exit code {returncode}\n{tail}", seconds=seconds)
    if answer["status"] == "ok":
        return Outcome(value=answer["value"], seconds=seconds)
    return Outcome(problem=str(answer["status"]), detail=str(answer.get("detail", "")), seconds=seconds)
