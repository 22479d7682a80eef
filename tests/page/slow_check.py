"""A file check that first keeps a CPU busy for SPIN seconds, standing in for a hostile file
(lib.app.checks.TARGET is pointed here by the admin page tests; it runs in the child process)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

SPIN = float(os.environ.get("SDG_TEST_SPIN", "4"))
MARK = os.environ.get("SDG_TEST_SPIN_MARK")  # a file: "started", then "done"


def check(data: bytes, name: str, options: Any, preview_rows: int) -> dict[str, Any]:
    from lib.app.child import check as real  # heavy: imported in the child only

    if MARK:
        Path(MARK).write_text("started")
    n, end = 0, time.monotonic() + SPIN
    while time.monotonic() < end:
        n += 1
    out = real(data, name, options, preview_rows)
    if MARK:
        Path(MARK).write_text("done")
    return out
