"""lib.app.isolate: work in a child process, stopped at its time and memory limits, its errors
reported, and none of its CPU time spent in the calling (serving) process."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from lib.app import isolate

pytestmark = pytest.mark.slow  # each case starts a Python process

T = "tests.unit.app.isolate_targets"


def test_result_comes_back_from_another_process() -> None:
    out = isolate.run(f"{T}:echo", {"a": [1, 2]})
    assert out.ok and out.value[0] == {"a": [1, 2]} and out.value[1] != os.getpid()


def test_stopped_at_the_time_limit() -> None:
    ticks: list[float] = []
    start = time.monotonic()
    out = isolate.run(f"{T}:spin", 60, seconds=1.5, on_tick=lambda s, waiting: ticks.append(s))
    took = time.monotonic() - start
    assert out.problem == "timeout" and not out.ok
    assert 1.5 <= took < 6, took  # stopped, not run to its end
    assert ticks and ticks == sorted(ticks)  # the page could count the seconds


def test_stopped_at_the_memory_limit() -> None:
    out = isolate.run(f"{T}:hog", 4000, memory_mb=300)
    assert out.problem == "memory", out.detail
    assert isolate.run(f"{T}:hog", 100, memory_mb=300).value == 100  # within it: fine


def test_an_error_is_reported_with_its_traceback() -> None:
    out = isolate.run(f"{T}:boom", "/srv/secret/file.csv")
    assert out.problem == "error" and "ValueError: cannot read /srv/secret/file.csv" in out.detail


def test_the_work_costs_the_caller_no_cpu() -> None:
    """The finding: a check run in the server process takes its interpreter from every session.
    Here the caller spends next to nothing of the child's 3 s of CPU."""
    cpu = time.process_time()
    out = isolate.run(f"{T}:spin", 3.0)
    used = time.process_time() - cpu
    assert out.ok and out.seconds >= 3.0
    assert used < 0.5, f"the caller used {used:.2f} s of CPU for a 3 s check"


def test_a_rerun_stops_the_child(tmp_path: Path) -> None:
    """A Streamlit rerun raises inside on_tick: the child must not run on."""
    pid_file = tmp_path / "pid"

    def tick(elapsed: float, waiting: bool) -> None:
        if pid_file.exists() and pid_file.read_text():
            raise KeyboardInterrupt  # stands for Streamlit's RerunException (a BaseException too)

    with pytest.raises(KeyboardInterrupt):
        isolate.run(f"{T}:sleep_pid", 60, str(pid_file), on_tick=tick)
    pid = int(pid_file.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # gone (killed and reaped)
