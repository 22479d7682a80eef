"""Small helpers for the benchmark: a Streamlit server process, its memory, percentiles."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from lib.brief.chromium import CHROMIUM, CHROMIUM_ARGS, launch
from tests.browser.conftest import _free_port as free_port
from tests.browser.conftest import start_server, stop_server

# re-exported for bench/run.py: one Chromium launcher and one server starter, shared with the browser tests
__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "free_port", "launch", "start_server", "stop_server"]

ROOT = Path(__file__).resolve().parent.parent


def pct(values: list[float], q: float) -> float:
    """Percentile by linear interpolation (numpy's default), no numpy needed."""
    v = sorted(values)
    if not v:
        return float("nan")
    k = (len(v) - 1) * q / 100.0
    lo, hi = int(k), min(int(k) + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def summary_ms(seconds: list[float]) -> dict[str, float]:
    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms),
        "p50_ms": round(pct(ms, 50), 1),
        "p95_ms": round(pct(ms, 95), 1),
        "min_ms": round(min(ms), 1),
        "max_ms": round(max(ms), 1),
    }


# One server starter for tests and benchmarks: the browser tests' own.


def _children(pid: int) -> list[int]:
    kids = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid == pid:
                kids.append(int(d))
    return kids


def tree_rss_bytes(pid: int) -> int:
    """Resident memory of a process and all its descendants (from /proc, no psutil)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
                        break
        except OSError:
            continue
        todo.extend(_children(p))
    return total


class RssSampler:
    """Samples a process tree's RSS every `interval` s in a thread; keeps the peak."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self.pid, self.interval = pid, interval
        self.peak = 0
        self.samples: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        t0 = time.perf_counter()
        while not self._stop.is_set():
            rss = tree_rss_bytes(self.pid)
            self.peak = max(self.peak, rss)
            self.samples.append((time.perf_counter() - t0, rss))
            self._stop.wait(self.interval)

    def __enter__(self) -> RssSampler:
        self._t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._t.join()
