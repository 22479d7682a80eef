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

import importlib
import threading

import duckdb  # noqa: F401 - imported here, whole, before any session uses it
import numpy  # noqa: F401
import pandas  # noqa: F401
import plotly.graph_objects as go
import plotly.io as pio

importlib.import_module("pyarrow")  # Streamlit's table format (no type information published)

_LOCK = threading.Lock()
_done = False


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


warm_up()
