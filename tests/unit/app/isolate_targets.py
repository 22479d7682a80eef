"""Functions lib.app.isolate runs in a child process in the tests (importable there by name)."""

from __future__ import annotations

import os
import time


def echo(value: object) -> tuple[object, int]:
    return value, os.getpid()


def spin(seconds: float) -> int:
    """Busy for `seconds` of CPU (like a check parsing a huge file)."""
    n, end = 0, time.monotonic() + seconds
    while time.monotonic() < end:
        n += 1
    return n


def hog(mb: int) -> int:
    """Allocate `mb` MB (like a shared-strings bomb)."""
    blocks = [bytearray(1024 * 1024) for _ in range(mb)]
    return len(blocks)


def boom(path: str) -> None:
    raise ValueError(f"cannot read {path}")


def sleep_pid(seconds: float, pid_file: str) -> None:
    with open(pid_file, "w") as fh:
        fh.write(str(os.getpid()))
    time.sleep(seconds)
