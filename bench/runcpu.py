"""CPU of one script run per page: what each visitor's run costs the server's cores.

    python bench/runcpu.py                       # 20 runs per page, the load's pages
    python bench/runcpu.py --runs 40 --pages overview,map,province
    python bench/runcpu.py --profile bench/work/prof   # + a cProfile per page (thread CPU timer)

The database is built from the seed first (bench/work/runcpu.duckdb, ~10 s; --db FILE to read
another).

Every run is a new AppTest session with app.py as the entry point (as the server runs pages),
in this one process, so the caches fill as on a server that has been up for a while. Measured:
the CPU time of the script thread while it executes the page (``time.thread_time`` around
Streamlit's exec of the script: no wait for a core, no other thread's work, AppTest's own
per-run parsing outside it), in ms.

* *random*: links drawn as bench/load.py draws them (province of the 77, goal, year, language;
  each value hostile with probability 0.15), seeded, so two runs of this script ask the same;
* *cached*: one link again and again (every cache hit), what a run costs at best;
* *floor*: bench/floor_app.py (one tiny chart and nothing else) in the same process and run.

Beside it, *gc*: the CPU of the full (generation 2) garbage collections during the run, which
Streamlit forces after every run (``runner.postScriptGC``), outside the exec above and in the
same thread: what it costs depends on how much of the heap lib.app.boot.freeze_heap froze
(``--no-freeze``: none, as before it existed).

Before the runs each page is opened once with no parameters (the load's warm-up). Prints one
table; with --json FILE writes the numbers there too. Not a test: nothing fails.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.helpers import pct  # noqa: E402
from bench.load import HOSTILE, HOSTILE_P, YEARS, province_codes  # noqa: E402

PAGES = {
    "overview": "app.py",
    "map": "pages/1_map.py",
    "province": "pages/2_province.py",
    "goal": "pages/3_goal.py",
    "partners": "pages/4_partners.py",
    "data": "pages/5_data.py",
    "coverage": "pages/7_coverage.py",
}
FLOOR = "bench/floor_app.py"


def link(rng: random.Random, provinces: list[str]) -> str:
    """A query string as bench/load.py's people send (same values, same hostile share)."""
    params = {}
    for key, good in (
        ("province", rng.choice(provinces)),
        ("goal", str(rng.randint(1, 17))),
        ("year", str(rng.choice(YEARS))),
        ("lang", rng.choice(("th", "en"))),
    ):
        params[key] = rng.choice(HOSTILE) if rng.random() < HOSTILE_P else good
    return urlencode(params)


class Meter:
    """Thread CPU of each script execution (the patched exec runs in the script thread)."""

    def __init__(self) -> None:
        from streamlit.runtime.scriptrunner import script_runner as sr

        self.times: list[float] = []
        self.gc_s = 0.0
        self._gc0 = 0.0
        gc.callbacks.append(self._on_gc)
        orig = sr.exec_func_with_error_handling

        def timed(func: Any, ctx: Any) -> Any:
            c0 = time.thread_time()
            try:
                return orig(func, ctx)
            finally:
                self.times.append(time.thread_time() - c0)

        sr.exec_func_with_error_handling = timed

    def _on_gc(self, phase: str, info: dict[str, Any]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self._gc0 = time.thread_time()
        else:
            self.gc_s += time.thread_time() - self._gc0

    def run(self, script: str, query: str, timeout: float) -> tuple[float, float, list[str]]:
        """One run in a new session: (ms of script CPU, ms of full collections, exception texts)."""
        from streamlit.testing.v1 import AppTest

        if script == FLOOR:
            at = AppTest.from_file(str(ROOT / script), default_timeout=timeout)
        else:
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
            if script != "app.py":
                at.switch_page(script)
        for k, v in parse_qsl(query, keep_blank_values=True):
            at.query_params[k] = v
        n0, gc0 = len(self.times), self.gc_s
        at.run()
        return sum(self.times[n0:]) * 1000, (self.gc_s - gc0) * 1000, [str(e.value)[:200] for e in at.exception]


def stats(ms: list[float]) -> dict[str, float]:
    return {"n": len(ms), "p50": round(pct(ms, 50), 1), "p95": round(pct(ms, 95), 1), "max": round(max(ms), 1)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=20, help="random runs and cached runs per page")
    ap.add_argument("--pages", default=",".join(PAGES), help=f"of {','.join(PAGES)}")
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument(
        "--db", default=None, help="a database to read (default: one built from the seed now, bench/work/runcpu.duckdb)"
    )
    ap.add_argument("--profile", default=None, help="directory: a cProfile of the random runs per page")
    ap.add_argument("--json", default=None)
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--no-freeze", action="store_true", help="no lib.app.boot.freeze_heap (the cost before it)")
    a = ap.parse_args()
    os.chdir(ROOT)
    if a.db:
        os.environ["SDG_DB"] = str(Path(a.db).resolve())
    else:  # the code's own schema and seed, whatever state data/sdg.duckdb is in
        from lib.build import build

        db = ROOT / "bench" / "work" / "runcpu.duckdb"
        db.parent.mkdir(parents=True, exist_ok=True)
        db.unlink(missing_ok=True)
        build(db)
        os.environ["SDG_DB"] = str(db)
    if a.no_freeze:
        from lib.app import boot

        boot.freeze_heap = lambda: False  # type: ignore[assignment]
        gc.unfreeze()
    pages = [p.strip() for p in a.pages.split(",") if p.strip()]
    meter, provinces = Meter(), province_codes()
    load0 = os.getloadavg()
    errors: list[str] = []

    for p in pages:  # the warm-up: each page once, no parameters
        errors += meter.run(PAGES[p], "", a.timeout)[2]
    meter.run(FLOOR, "", a.timeout)

    out: dict[str, Any] = {}
    for p in ["floor", *pages]:
        script = FLOOR if p == "floor" else PAGES[p]
        rng = random.Random(f"{a.seed}-{p}")
        links = [link(rng, provinces) for _ in range(a.runs)]
        prof = None
        if a.profile and p != "floor":
            import cProfile

            prof = cProfile.Profile(time.thread_time)
            _profile_script_thread(prof)
        rand, gcs = [], []
        for q in links:
            ms, gc_ms, errs = meter.run(script, q, a.timeout)
            rand.append(ms)
            gcs.append(gc_ms)
            errors += [f"{p}?{q[:80]}: {e}" for e in errs]
        if prof is not None:
            _profile_script_thread(None)
            Path(a.profile).mkdir(parents=True, exist_ok=True)
            _write_profile(prof, Path(a.profile) / f"{p}.txt", a.runs)
        same = links[0]
        cached = [meter.run(script, same, a.timeout)[0] for _ in range(a.runs)]
        out[p] = {"random": stats(rand), "cached": stats(cached), "gc": stats(gcs)}

    load1 = os.getloadavg()
    print(f"Script-thread CPU per run (ms), {a.runs} runs each; load average {load0[0]:.2f} -> {load1[0]:.2f}")
    print(
        f"{'page':<10} {'random p50':>10} {'p95':>7} {'max':>7}   {'cached p50':>10} {'p95':>7}"
        f"   {'gc p50':>7} {'p95':>7}"
    )
    for p, s in out.items():
        r, c, g = s["random"], s["cached"], s["gc"]
        print(
            f"{p:<10} {r['p50']:>10.1f} {r['p95']:>7.1f} {r['max']:>7.1f}   {c['p50']:>10.1f} {c['p95']:>7.1f}"
            f"   {g['p50']:>7.1f} {g['p95']:>7.1f}"
        )
    if errors:
        print(f"{len(errors)} runs showed an exception:")
        for e in sorted(set(errors))[:10]:
            print("  " + e)
    if a.json:
        Path(a.json).write_text(
            json.dumps({"loadavg": [load0, load1], "runs": a.runs, "freeze": not a.no_freeze, "pages": out}, indent=1)
        )
    return 0


_ORIG_RUN: Any = None


def _profile_script_thread(prof: Any) -> None:
    """Profile (or stop profiling) every script thread started from now on."""
    import threading

    global _ORIG_RUN
    if _ORIG_RUN is None:
        _ORIG_RUN = threading.Thread.run
    if prof is None:
        threading.Thread.run = _ORIG_RUN  # type: ignore[method-assign]
        return
    orig = _ORIG_RUN

    def profiled(self: threading.Thread) -> None:
        prof.enable()
        try:
            orig(self)
        finally:
            prof.disable()

    threading.Thread.run = profiled  # type: ignore[method-assign]


def _write_profile(prof: Any, path: Path, runs: int) -> None:
    import io
    import pstats

    buf = io.StringIO()
    st = pstats.Stats(prof, stream=buf)
    buf.write(f"{runs} runs; thread CPU timer; divide by {runs} for ms per run\n")
    st.sort_stats("cumulative").print_stats(80)
    st.sort_stats("tottime").print_stats(40)
    st.sort_stats("cumulative").print_stats(str(ROOT), 80)  # the project's own functions
    path.write_text(buf.getvalue())


if __name__ == "__main__":
    sys.exit(main())
