"""Start-up, once per server process, before any page code runs: the heavy imports and the
global set-up that must not happen while another session is half-way through them.

Streamlit runs each session's script in its own thread, so after a restart several sessions
import the app at once. Python's import lock makes a thread wait for a module another thread is
importing, but plotly looks numpy and pandas up in ``sys.modules`` without importing them: a
figure or template validated in one thread while another is still importing numpy fails with
"partially initialized module 'numpy' has no attribute 'ndarray'". Every page imports lib.app
first and lib.app imports this module first, so the first session to arrive runs it and every
other waits on the import lock until it has finished: numpy, pandas, pyarrow, duckdb and plotly
are complete, the plotly template is loaded and one figure has been validated, and the server
guards (lib.app.hardening) are in place, before any page code runs.
"""

from __future__ import annotations

import gc
import importlib
import sys
import threading

import duckdb  # noqa: F401 - imported here, whole, before any session uses it
import numpy  # noqa: F401
import pandas  # noqa: F401
import plotly.graph_objects as go
import plotly.io as pio

importlib.import_module("pyarrow")  # Streamlit's table format (no type information published)

_LOCK = threading.Lock()
_done = False
_modules_at_freeze = 0


def warm_up() -> None:
    """The set-up, once per process (idempotent, thread-safe)."""
    global _done
    with _LOCK:
        if _done:
            return
        # the house template (lib.charts.theme sets it the default) and the validators a figure
        # uses, loaded now rather than by the first two sessions at once
        import lib.charts.theme  # noqa: F401

        _ = pio.templates[pio.templates.default]
        go.Figure(go.Scatter(x=[0, 1], y=[0, 1]), layout={"title": {"text": ""}}).to_plotly_json()

        from lib.app import hardening

        hardening.install()
        _done = True
    freeze_heap()


def freeze_heap() -> bool:
    """Collect, then move everything alive into the collector's permanent generation, when
    modules were imported since the last freeze; whether it froze. Called at start-up and at the
    start of every page run (lib.app.frame), so it freezes a few times per process, as pages and
    their libraries are first used.

    Why: Streamlit collects every generation after each script run (``runner.postScriptGC``),
    holding the GIL while it walks the whole heap: 110-160 ms per click with numpy, pandas, plotly
    and duckdb loaded (bench/README.md), the same again for every other session waiting. A frozen
    object is still freed by reference counting; only a cycle among frozen objects is never
    collected, and what is frozen is mostly modules, which live as long as the process.
    """
    global _modules_at_freeze
    if len(sys.modules) == _modules_at_freeze:  # the common case, without the lock
        return False
    with _LOCK:
        if len(sys.modules) == _modules_at_freeze:
            return False
        gc.collect()
        gc.freeze()
        _modules_at_freeze = len(sys.modules)
        return True


warm_up()
