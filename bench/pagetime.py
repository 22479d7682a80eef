"""Worker: time one page's script runs under AppTest, in a fresh process. Prints one JSON line.

    python -m bench.pagetime --db bench/work/national.duckdb --page pages/1_map.py \
        --warm 10 --cold 3 [--param province=TH-58] [--profile out.txt]

cold_process: the first run in this fresh process (includes importing lib/, plotly, etc.
                and opening the database: what the first visitor after a server start pays);
cold_cache:   runs after st.cache_data/st.cache_resource were cleared, imports done
                (what a visitor pays after a data rebuild, or for a filter combination
                nobody asked for yet);
warm:         new sessions (fresh AppTest) with the caches filled (everyday use).
Every run is a new AppTest, i.e. a new session: session state never carries over.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--page", required=True)
    ap.add_argument("--warm", type=int, default=10)
    ap.add_argument("--cold", type=int, default=3)
    ap.add_argument("--param", action="append", default=[])
    ap.add_argument("--profile", default=None, help="write a cProfile of one run here")
    ap.add_argument("--profile-mode", choices=("cold", "warm"), default="cold")
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--standalone", action="store_true", help="run the script itself as the entry point")
    a = ap.parse_args()
    os.environ["SDG_DB"] = str(Path(a.db).resolve())
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))

    import streamlit as st
    from streamlit.runtime.scriptrunner import script_runner as _sr
    from streamlit.testing.v1 import AppTest

    # Time the script body itself, as the server runs it (exec of the page, widgets, element
    # messages), without AppTest's own per-run cost (~110 ms here: it re-reads package
    # metadata and parses the element tree, which a server does not do).
    script_times: list[float] = []
    _orig_exec = _sr.exec_func_with_error_handling

    def _timed_exec(func, ctx):
        t0 = time.perf_counter()
        try:
            return _orig_exec(func, ctx)
        finally:
            script_times.append(time.perf_counter() - t0)

    _sr.exec_func_with_error_handling = _timed_exec

    params = dict(p.split("=", 1) for p in a.param)
    script = str(ROOT / a.page)

    main_script = ROOT / "app.py"
    cpu: list[float] = []  # CPU seconds of this process (all threads) per run, same order
    in_script: list[float] = []  # seconds inside the page script per run, same order

    def run_once():
        # Run pages the way the server does: app.py is the entry point, the page is switched
        # to (so st.page_link/st.switch_page resolve against app.py).
        if a.page != "app.py" and main_script.exists() and not a.standalone:
            at = AppTest.from_file(str(main_script), default_timeout=a.timeout)
            at.switch_page(a.page)
        else:
            at = AppTest.from_file(script, default_timeout=a.timeout)
        for k, v in params.items():
            at.query_params[k] = v
        t0, c0 = time.perf_counter(), time.process_time()
        n0 = len(script_times)
        at.run()
        cpu.append(time.process_time() - c0)
        in_script.append(sum(script_times[n0:]))  # all script executions of this run (reruns included)
        return time.perf_counter() - t0, at

    cold_process, at = run_once()
    errors = [str(e.value)[:500] for e in at.exception]
    chart_bytes = [len(c.proto.spec.encode()) for c in at.get("plotly_chart")]

    warm = [run_once()[0] for _ in range(a.warm)]
    cold = []
    for _ in range(a.cold):
        st.cache_data.clear()
        st.cache_resource.clear()
        cold.append(run_once()[0])

    if a.profile:
        import cProfile
        import pstats
        import threading

        # AppTest runs the script in its own thread: profile every thread started meanwhile.
        profs: list[cProfile.Profile] = []
        orig = threading.Thread.run

        def profiled(self: threading.Thread) -> None:
            p = cProfile.Profile()
            profs.append(p)
            p.enable()
            try:
                orig(self)
            finally:
                p.disable()

        if a.profile_mode == "cold":
            st.cache_data.clear()
            st.cache_resource.clear()
        threading.Thread.run = profiled  # type: ignore[method-assign]
        try:
            run_once()
        finally:
            threading.Thread.run = orig  # type: ignore[method-assign]
        with open(a.profile, "w") as fh:
            stats = pstats.Stats(*profs, stream=fh) if profs else None
            if stats:
                stats.sort_stats("cumulative").print_stats(60)

    print(
        json.dumps(
            {
                "page": a.page,
                "params": params,
                "errors": errors,
                "cold_process_s": cold_process,
                "cold_cache_s": cold,
                "warm_s": warm,
                "chart_spec_bytes": chart_bytes,
                "cpu_cold_process_s": cpu[0],
                "cpu_warm_s": cpu[1 : 1 + a.warm],
                "cpu_cold_cache_s": cpu[1 + a.warm : 1 + a.warm + a.cold],
                "script_cold_process_s": in_script[0],
                "script_warm_s": in_script[1 : 1 + a.warm],
                "script_cold_cache_s": in_script[1 + a.warm : 1 + a.warm + a.cold],
            }
        )
    )


if __name__ == "__main__":
    main()
