"""Benchmark: `python bench/run.py [--quick] [--only bundled,national,stress] [--skip-browser] [--skip-meeting]`.

Databases (under bench/work/, git-ignored):
  bundled   the seed build (`lib.build.build`), what ships;
  national  all 77 provinces x >= 250 indicators x 20 years x ('', sex=F, sex=M), ~1.2 M obs;
  stress    the same at >= 10 M observations.
The scaled ones use the project's own generator (lib/store/demo.py) over a synthetic catalogue
(seed indicators cloned with suffixed ids, same bounds, spread over the 17 goals): see
bench/dbgen.py.

Measures, per database: build time; latency of every lib.store.queries call the pages make
(p50/p95) and scoring.compute_all; each page's script run time under AppTest (cold in a
fresh process, cold after clearing caches, warm), one process per page (bench/pagetime.py);
the map figure's JSON size; the server's peak RSS with 10 concurrent browser sessions; time
from navigation to the first drawn chart in Chromium on a warm server; and the meeting budgets
(bench/meeting.py: link -> first chart, page -> page, filter change, language switch, each
beside a floor page measured in the same run).
Writes bench/results.json and the results section of bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import inspect
import json
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import helpers as H  # noqa: E402
from bench.dbgen import indicators_for, make_scaled_db  # noqa: E402

WORK = ROOT / "bench" / "work"
RESULTS = ROOT / "bench" / "results.json"
README = ROOT / "bench" / "README.md"
PAGES = {
    "overview": ("app.py", "/"),
    "map": ("pages/1_map.py", "/map"),
    "province": ("pages/2_province.py", "/province"),
    "goal": ("pages/3_goal.py", "/goal"),
    "partners": ("pages/4_partners.py", "/partners"),
    "data": ("pages/5_data.py", "/data"),
    "admin": ("pages/6_admin.py", "/admin"),
}
CHART_PAGES = ("overview", "map", "province", "goal", "partners")
BUDGETS = {
    "warm_p95_bundled_ms": 250,
    "warm_p95_national_ms": 500,
    "cold_national_ms": 1500,
    "map_figure_kb": 200,
    "first_chart_ms": 3000,
    "sessions10_mb": 1500,
}
PILOTS = ["TH-10", "TH-50", "TH-57", "TH-58", "TH-30", "TH-96", "TH-94", "TH-76", "TH-83", "TH-90"]


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


# ------------------------------------------------------------------------- databases


def make_dbs(quick: bool, only: set[str]) -> dict[str, dict]:
    from lib.store.build import build

    WORK.mkdir(parents=True, exist_ok=True)
    dbs: dict[str, dict] = {}
    if "bundled" in only:
        path = WORK / "bundled.duckdb"
        path.unlink(missing_ok=True)
        t = []
        for _ in range(1 if quick else 3):
            r = build(path)
            t.append(r.seconds)
        dbs["bundled"] = {
            "path": str(path),
            "observations": r.counts["observation"],
            "indicators": r.counts["indicator"],
            "build_s": round(min(t), 2),
            "build_runs_s": [round(x, 2) for x in t],
            "size_mb": round(path.stat().st_size / 1e6, 1),
        }
        log(f"bundled: {dbs['bundled']}")
    years = list(range(2005, 2025)) if not quick else list(range(2015, 2025))
    if "national" in only:
        target = 1_200_000 if not quick else 60_000
        n = max(indicators_for(target, 77, years, 3), 250 if not quick else 100)
        log(f"national: {n} indicators x {len(years)} years x 3 disaggregations ...")
        dbs["national"] = make_scaled_db(WORK / "national.duckdb", n, years, log=log)
        log(f"national: {dbs['national']}")
    if "stress" in only:
        target = 10_000_000 if not quick else 300_000
        n = indicators_for(target * 1.01, 77, years, 3)
        log(f"stress: {n} indicators x {len(years)} years x 3 disaggregations ...")
        dbs["stress"] = make_scaled_db(WORK / "stress.duckdb", n, years, log=log)
        log(f"stress: {dbs['stress']}")
    return dbs


# ------------------------------------------------------------------------- queries


def query_cases(con) -> list[tuple[str, str, tuple]]:
    """(label, function name, args) with the arguments the pages pass."""
    ds = "demo"
    year = con.execute("SELECT max(year) FROM observation WHERE dataset = ?", [ds]).fetchone()[0]
    ind = con.execute("SELECT indicator_id FROM indicator ORDER BY goal, indicator_id LIMIT 1").fetchone()[0]
    code = "TH-58"
    goal_ids = tuple(
        r[0] for r in con.execute("SELECT indicator_id FROM indicator WHERE goal = 3 ORDER BY 1").fetchall()
    )
    pilots = tuple(r[0] for r in con.execute("SELECT code FROM province WHERE is_pilot ORDER BY 1").fetchall())
    return [
        ("provinces", "provinces", ()),
        ("goals", "goals", ()),
        ("indicators", "indicators", ()),
        ("datasets", "datasets", ()),
        ("years", "years", (ds,)),
        ("totals (brief; was the scoring input)", "totals", (ds,)),
        ("scoring_input (latest + start per pair)", "scoring_input", (ds, year, 2015)),
        ("presence (per goal x province, 1 year)", "presence", (ds, year)),
        ("observations: 1 province, totals <= year", "observations", (ds, None, (code,), None, year, True)),
        ("observations: 1 indicator, totals <= year", "observations", (ds, (ind,), None, None, year, True)),
        ("observations: 1 province, all", "observations", (ds, None, (code,))),
        ("observations: 1 indicator x 1 province", "observations", (ds, (ind,), (code,))),
        ("observations: everything", "observations", (ds,)),
        ("national_observations", "national_observations", (ds, ind)),
        ("coverage: all", "coverage", (ds,)),
        ("coverage: 1 goal x 15 pilots x years", "coverage", (ds, goal_ids, pilots, year - 9, year)),
        ("activities", "activities", ()),
        ("activity_links", "activity_links", ()),
        ("sectors", "sectors", ()),
        ("partners", "partners", ()),
        ("findings", "findings", (code,)),
        ("import_log", "import_log", ()),
    ]


def used_by_pages() -> dict[str, list[str]]:
    """Which lib.store.queries functions each page calls (static scan of the page files)."""
    out: dict[str, list[str]] = {}
    for key, (script, _) in PAGES.items():
        p = ROOT / script
        if p.exists():
            out[key] = sorted(set(re.findall(r"queries\.(\w+)", p.read_text(encoding="utf-8"))))
    return out


def bench_queries(db: Path, reps: int, score_reps: int) -> dict:
    from lib.core import scoring
    from lib.store import db as libdb
    from lib.store import queries

    main = libdb.connect_read_only(db)
    new_cursor = getattr(libdb, "cursor", lambda c: c.cursor())  # a cursor that USEs the attached file
    res: dict[str, dict] = {}
    try:
        con = new_cursor(main)
        cases = query_cases(con)
        covered = {fn for _, fn, _ in cases}
        for label, fn, args in cases:
            f = getattr(queries, fn, None)
            if f is None:
                continue
            n = reps if label != "observations: everything" else max(3, reps // 5)
            times, rows = [], 0
            for _ in range(n):
                cur = new_cursor(main)
                t0 = time.perf_counter()
                out = f(cur, *args)
                times.append(time.perf_counter() - t0)
                rows = len(out) if hasattr(out, "__len__") else 0
            res[label] = {**H.summary_ms(times), "rows": rows, "function": fn}
        missing = sorted(
            name
            for name, obj in inspect.getmembers(queries, inspect.isfunction)
            if obj.__module__ == queries.__name__ and name not in covered
        )
        # scoring a dataset's year, as lib.app.data does it (cached per dataset and year)
        year = int(con.execute("SELECT max(year) FROM observation WHERE dataset = 'demo'").fetchone()[0])
        obs = queries.scoring_input(con, "demo", year, scoring.BASE_YEAR)
        inds = queries.indicators(con)
        provs = queries.provinces(con)
        pilots = provs.loc[provs["is_pilot"], "code"].tolist()
        times = []
        for _ in range(score_reps):
            t0 = time.perf_counter()
            scoring.compute_all(obs, inds, year, pilots, provinces=provs["code"].tolist())
            times.append(time.perf_counter() - t0)
        res["scoring.compute_all"] = {**H.summary_ms(times), "rows": len(obs), "function": "compute_all"}
    finally:
        main.close()
    return {"queries": res, "not_benchmarked": missing}


# ------------------------------------------------------------------------- pages (AppTest)


def bench_pages(db: Path, warm: int, cold: int) -> dict:
    out: dict[str, dict] = {}
    # AppTest's own cost per run (a script that only writes one line), to read the others against
    pages = {**PAGES, "(AppTest baseline)": ("bench/baseline_page.py", "")}
    for key, (script, _) in pages.items():
        if not (ROOT / script).exists():
            out[key] = {"skipped": f"{script} missing"}
            continue
        cmd = [
            sys.executable,
            "-m",
            "bench.pagetime",
            "--db",
            str(db),
            "--page",
            script,
            "--warm",
            str(warm),
            "--cold",
            str(cold),
        ] + (["--standalone"] if script.startswith("bench/") else [])
        t0 = time.perf_counter()
        p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=3600)
        line = (p.stdout.strip().splitlines() or [""])[-1]
        try:
            r = json.loads(line)
        except json.JSONDecodeError:
            out[key] = {"error": (p.stderr or p.stdout)[-1500:]}
            log(f"  page {key}: worker failed")
            continue
        out[key] = {
            "errors": r["errors"],
            "cold_process_ms": round(r["cold_process_s"] * 1000, 1),
            "cold_cache": H.summary_ms(r["cold_cache_s"]) if r["cold_cache_s"] else None,
            "warm": H.summary_ms(r["warm_s"]) if r["warm_s"] else None,
            "chart_spec_bytes": r["chart_spec_bytes"],
            # CPU seconds of the worker process per run: what the run costs without waiting for
            # a core (the wall times above include waiting when the machine is busy)
            "cpu_cold_process_ms": round(r.get("cpu_cold_process_s", float("nan")) * 1000, 1),
            "cpu_cold_cache": H.summary_ms(r["cpu_cold_cache_s"]) if r.get("cpu_cold_cache_s") else None,
            "cpu_warm": H.summary_ms(r["cpu_warm_s"]) if r.get("cpu_warm_s") else None,
            # time inside the page script (what the server pays per run; AppTest's own per-run
            # cost is excluded): the measure the budgets are checked against
            "script_cold_process_ms": round(r["script_cold_process_s"] * 1000, 1),
            "script_cold_cache": H.summary_ms(r["script_cold_cache_s"]) if r.get("script_cold_cache_s") else None,
            "script_warm": H.summary_ms(r["script_warm_s"]) if r.get("script_warm_s") else None,
        }
        o = out[key]
        log(
            f"  page {key}: script cold {o['script_cold_process_ms']:.0f} ms (process), "
            f"{o['script_cold_cache'] and o['script_cold_cache']['max_ms']} ms (caches cleared), "
            f"warm p95 {o['script_warm'] and o['script_warm']['p95_ms']} ms; AppTest wall warm p95 "
            f"{o['warm'] and o['warm']['p95_ms']} ms "
            f"[{time.perf_counter() - t0:.0f} s]{' ERRORS ' + str(r['errors'])[:300] if r['errors'] else ''}"
        )
    return out


# ------------------------------------------------------------------------- browser

_IDLE = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && app.getAttribute('data-test-script-state') === 'notRunning'
      && !document.querySelector('[data-testid="stSkeleton"]');
}"""
_FIRST_CHART = """(needMap) => {
  const svg = document.querySelector('.js-plotly-plot .main-svg');
  if (!svg) return false;
  if (needMap && document.querySelectorAll('.js-plotly-plot path.choroplethlocation').length < 77) return false;
  return performance.now();
}"""
# Timeline marks (ms since navigation start) for the breakdown of the first-chart time.
_TIMELINE = """
window.__t = {};
const mark = (k) => { if (!(k in window.__t)) window.__t[k] = Math.round(performance.now()); };
new MutationObserver(() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (app) {
    const s = app.getAttribute('data-test-script-state');
    if (s === 'running') mark('script_started');
    if (s === 'notRunning' && window.__t.script_started) mark('script_finished');
  }
  if (document.querySelector('[data-testid=stPlotlyChart]')) mark('chart_element');
}).observe(document, {subtree: true, childList: true, attributes: true});
"""
_NAV = """() => { const n = performance.getEntriesByType('navigation')[0];
  return {dom_content_loaded: Math.round(n.domContentLoadedEventEnd), ...window.__t}; }"""


def _context(browser):
    ctx = browser.new_context(viewport={"width": 1600, "height": 1000})
    blocked: list[str] = []

    def route(r) -> None:
        from urllib.parse import urlparse

        if (urlparse(r.request.url).hostname or "") in ("127.0.0.1", "localhost"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    ctx.route("**/*", route)
    return ctx, blocked


def first_chart(browser, url: str, need_map: bool, reps: int) -> dict:
    """Navigation start -> first drawn plotly chart, ``reps`` times in a fresh browser context
    and in one reused context, with the page's timeline marks (fresh runs)."""
    runs: dict[str, list[float]] = {"fresh": [], "cached": []}
    marks: list[dict] = []
    cached_ctx, _ = _context(browser)
    fill = cached_ctx.new_page()
    fill.goto(url)  # fill this context's cache
    fill.wait_for_function(_FIRST_CHART, arg=need_map, timeout=300_000, polling="raf")
    fill.wait_for_function(_IDLE, timeout=300_000, polling=100)
    fill.close()
    for _ in range(reps):
        for mode in ("fresh", "cached"):
            ctx = _context(browser)[0] if mode == "fresh" else cached_ctx
            page = ctx.new_page()
            page.add_init_script(_TIMELINE)
            page.goto(url, wait_until="commit")
            h = page.wait_for_function(_FIRST_CHART, arg=need_map, timeout=120_000, polling="raf")
            runs[mode].append(float(h.json_value()) / 1000)
            page.wait_for_function(_IDLE, timeout=300_000, polling=100)  # nothing left running
            if mode == "fresh":
                marks.append({**page.evaluate(_NAV), "chart_drawn": round(float(h.json_value()))})
            page.close()
            if mode == "fresh":
                ctx.close()
    cached_ctx.close()
    return {
        **H.summary_ms(runs["fresh"]),
        "cached_browser": H.summary_ms(runs["cached"]),
        "timeline_ms": {
            k: H.pct([m[k] for m in marks if k in m], 50)
            for k in ("dom_content_loaded", "script_started", "script_finished", "chart_element", "chart_drawn")
        },
    }


def bench_floor(reps: int) -> dict:
    """The same first-chart measurement on bench/floor_app.py, a page with one tiny chart and
    nothing else: what Streamlit + plotly.js cost on this machine before the app does anything."""
    from playwright.sync_api import sync_playwright

    proc, base = H.start_server(ROOT / "data" / "sdg.duckdb", WORK / "server-floor.log", script="bench/floor_app.py")
    try:
        with sync_playwright() as p:
            browser = H.launch(p)
            ctx, _ = _context(browser)
            warm = ctx.new_page()
            warm.goto(base)
            warm.wait_for_function(_FIRST_CHART, arg=False, timeout=300_000, polling="raf")
            ctx.close()
            out = first_chart(browser, base, False, reps)
            browser.close()
    finally:
        H.stop_server(proc)
    log(f"floor (one tiny chart): p50 {out['p50_ms']} ms, max {out['max_ms']} ms; timeline {out['timeline_ms']}")
    return out


def bench_browser(db: Path, sessions: int, first_reps: int) -> dict:
    from playwright.sync_api import sync_playwright

    logf = WORK / f"server-{db.stem}.log"
    proc, base = H.start_server(db, logf)
    res: dict = {}
    try:
        baseline = H.tree_rss_bytes(proc.pid)
        with sync_playwright() as p:
            browser = H.launch(p)
            # 10 concurrent sessions, different pages and provinces (a meeting room's worth)
            keys = [k for k in PAGES if (ROOT / PAGES[k][0]).exists()]
            urls = [
                f"{base}{PAGES[keys[i % len(keys)]][1]}?province={PILOTS[i % len(PILOTS)]}" for i in range(sessions)
            ]
            ctxs = []
            t0 = time.perf_counter()
            with H.RssSampler(proc.pid) as sampler:
                for u in urls:
                    ctx, _ = _context(browser)
                    page = ctx.new_page()
                    page.goto(u, wait_until="commit")
                    ctxs.append((ctx, page))
                for _, page in ctxs:
                    page.wait_for_function(_IDLE, timeout=600_000, polling=100)
                all_done = time.perf_counter() - t0
            after = H.tree_rss_bytes(proc.pid)
            for ctx, _ in ctxs:
                ctx.close()
            res["sessions"] = {
                "n": sessions,
                "baseline_mb": round(baseline / 2**20, 1),
                "peak_mb": round(sampler.peak / 2**20, 1),
                "after_mb": round(after / 2**20, 1),
                "all_loaded_s": round(all_done, 2),
                "urls": [u.replace(base, "") for u in urls],
            }
            log(f"  {sessions} sessions: peak {res['sessions']['peak_mb']} MB, all loaded in {all_done:.1f} s")

            # first drawn chart on a warm server (every page was visited above): in a fresh browser
            # context (empty browser cache: a first visit) and in one reused context (cached JS)
            first: dict[str, dict] = {}
            for key in CHART_PAGES:
                if not (ROOT / PAGES[key][0]).exists():
                    continue
                url = f"{base}{PAGES[key][1]}"
                ctx, _ = _context(browser)
                warm = ctx.new_page()
                warm.goto(url)  # warm this exact view once, and let it finish before measuring
                warm.wait_for_function(_FIRST_CHART, arg=key == "map", timeout=300_000, polling="raf")
                warm.wait_for_function(_IDLE, timeout=300_000, polling=100)
                ctx.close()
                first[key] = first_chart(browser, url, key == "map", first_reps)
                log(
                    f"  first chart {key}: p50 {first[key]['p50_ms']} ms, max {first[key]['max_ms']} ms; "
                    f"cached browser p50 {first[key]['cached_browser']['p50_ms']} ms; "
                    f"timeline {first[key]['timeline_ms']}"
                )
            res["first_chart"] = first
            browser.close()
    finally:
        H.stop_server(proc)
    return res


# ------------------------------------------------------------------------- report


def budgets(r: dict) -> list[dict]:
    rows = []

    def add(name: str, limit: float, measured: float | None, unit: str, note: str = "") -> None:
        rows.append(
            {
                "budget": name,
                "limit": limit,
                "measured": measured,
                "unit": unit,
                "ok": (measured is not None and measured <= limit),
                "note": note,
            }
        )

    def worst(db: str, field: str, stat: str) -> tuple[float | None, str]:
        pages = r.get("pages", {}).get(db, {})
        vals = [(v[field][stat], k) for k, v in pages.items() if isinstance(v.get(field), dict) and k in PAGES]
        return max(vals) if vals else (None, "")

    def wall_note(db: str, field: str, stat: str) -> str:
        c, k = worst(db, field, stat)
        return f"; AppTest wall time incl. its ~110 ms per-run overhead: {c:,.0f} ms ({k})" if c is not None else ""

    m, k = worst("bundled", "script_warm", "p95_ms")
    add(
        "warm page run p95, bundled data",
        BUDGETS["warm_p95_bundled_ms"],
        m,
        "ms",
        f"slowest page: {k}" + wall_note("bundled", "warm", "p95_ms"),
    )
    m, k = worst("national", "script_warm", "p95_ms")
    add(
        "warm page run p95, national scale",
        BUDGETS["warm_p95_national_ms"],
        m,
        "ms",
        f"slowest page: {k}" + wall_note("national", "warm", "p95_ms"),
    )
    m, k = worst("national", "script_cold_cache", "max_ms")
    add(
        "cold page run (caches cleared), national scale",
        BUDGETS["cold_national_ms"],
        m,
        "ms",
        f"slowest page: {k}" + wall_note("national", "cold_cache", "max_ms"),
    )
    pages = r.get("pages", {}).get("national", {})
    cp = [(v["script_cold_process_ms"], k) for k, v in pages.items() if "script_cold_process_ms" in v and k in PAGES]
    if cp:
        m, k = max(cp)
        add(
            "cold page run (fresh process: first run after a server start), national scale",
            BUDGETS["cold_national_ms"],
            m,
            "ms",
            f"slowest page: {k}; includes importing lib/ and plotly modules on first use",
        )
    for db in ("bundled", "national"):
        mp = r.get("pages", {}).get(db, {}).get("map", {})
        if mp.get("chart_spec_bytes"):
            add(f"map figure JSON, {db}", BUDGETS["map_figure_kb"], round(max(mp["chart_spec_bytes"]) / 1024, 1), "KB")
    for db in ("bundled", "national"):
        fc = r.get("browser", {}).get(db, {}).get("first_chart", {})
        if fc:
            k = max(fc, key=lambda x: fc[x]["max_ms"])
            kc = max(fc, key=lambda x: fc[x].get("cached_browser", {}).get("max_ms", 0))
            cached = fc[kc].get("cached_browser", {}).get("max_ms")
            floor = r.get("floor", {})
            add(
                f"first chart after navigation (warm server), {db}",
                BUDGETS["first_chart_ms"],
                fc[k]["max_ms"],
                "ms",
                f"slowest page: {k} (max of runs, fresh browser); with the browser's "
                f"cache warm: {_fmt(cached)} ms ({kc})"
                + (
                    f"; floor (a page with one tiny chart): p50 "
                    f"{_fmt(floor.get('p50_ms'))}, max {_fmt(floor.get('max_ms'))} ms"
                    if floor
                    else ""
                ),
            )
    for db in ("bundled", "national", "stress"):
        s = r.get("browser", {}).get(db, {}).get("sessions")
        if s:
            add(f"server peak RSS, 10 sessions, {db}", BUDGETS["sessions10_mb"], s["peak_mb"], "MB")
    return rows


def _fmt(v: object) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:,.1f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def render(r: dict) -> str:
    L: list[str] = []
    m = r["machine"]
    L.append(
        f"Measured {m['date']} on {m['cpu_count']} cores ({m['platform']}), Python {m['python']}, "
        f"{'QUICK mode (small scale, not comparable to budgets)' if r['quick'] else 'full run'}; "
        f"{r['elapsed_s']:.0f} s in all. Load average (1/5/15 min) at start "
        f"{m.get('load_average_at_start')}, at end {m.get('load_average_at_end')}: other work on the "
        f"machine inflates wall times, not CPU times.\n"
    )
    if r.get("measured_at"):
        L.append("Parts measured at: " + ", ".join(f"{k} {v}" for k, v in sorted(r["measured_at"].items())) + "\n")
    L.append("### Budgets\n")
    L.append("| Budget | Limit | Measured | Holds? | Note |\n|---|---:|---:|:--:|---|")
    for b in r["budgets"]:
        L.append(
            f"| {b['budget']} | {_fmt(b['limit'])} {b['unit']} | {_fmt(b['measured'])} {b['unit']} | "
            f"{'yes' if b['ok'] else '**NO**'} | {b['note']} |"
        )
    L.append("\n### Databases\n")
    L.append("| Database | Observations | Indicators | Build (s) | Size (MB) |\n|---|---:|---:|---:|---:|")
    for db, d in r["databases"].items():
        L.append(
            f"| {db} | {_fmt(d['observations'])} | {_fmt(d['indicators'])} | {_fmt(d['build_s'])} | "
            f"{_fmt(d['size_mb'])} |"
        )
    dbs = list(r["databases"])
    L.append("\n### Page script runs (ms)\n")
    L.append(
        "Time inside the page script, as the server pays it (AppTest's own per-run cost excluded; "
        "the AppTest wall time, which includes it, in brackets). cold/process = the first run in a fresh "
        "process (imports, database open, queries, scoring); cold/cache = after "
        "`st.cache_data.clear()` + `st.cache_resource.clear()`; warm = new sessions, caches filled.\n"
    )
    L.append(
        "| Page | "
        + " | ".join(f"{db} cold/process | {db} cold/cache max | {db} warm p50 | {db} warm p95" for db in dbs)
        + " |"
    )
    L.append("|---|" + "---:|" * (4 * len(dbs)))
    for key in (*PAGES, "(AppTest baseline)"):
        cells = []
        for db in dbs:
            v = r.get("pages", {}).get(db, {}).get(key, {})
            if "cold_process_ms" not in v:
                cells += ["–"] * 4
                continue

            def both(inner: object, wall: object) -> str:
                return f"{_fmt(inner)} ({_fmt(wall)})"

            sc, sw = v.get("script_cold_cache") or {}, v.get("script_warm") or {}
            wc, ww = v.get("cold_cache") or {}, v.get("warm") or {}
            cells += [
                both(v.get("script_cold_process_ms"), v["cold_process_ms"]),
                both(sc.get("max_ms"), wc.get("max_ms")),
                both(sw.get("p50_ms"), ww.get("p50_ms")),
                both(sw.get("p95_ms"), ww.get("p95_ms")),
            ]
        L.append(f"| {key} | " + " | ".join(cells) + " |")
    L.append("\n### Queries (ms; p50 / p95)\n")
    L.append("| Query | " + " | ".join(f"{db}" for db in dbs) + " |")
    L.append("|---|" + "---:|" * len(dbs))
    labels = list(next(iter(r["queries"].values()))["queries"]) if r.get("queries") else []
    for lab in labels:
        cells = []
        for db in dbs:
            q = r["queries"].get(db, {}).get("queries", {}).get(lab)
            cells.append(f"{_fmt(q['p50_ms'])} / {_fmt(q['p95_ms'])} ({_fmt(q['rows'])} rows)" if q else "–")
        L.append(f"| {lab} | " + " | ".join(cells) + " |")
    if r.get("browser"):
        L.append("\n### Browser (Chromium, warm server)\n")
        L.append(
            "10 sessions: 10 browser pages opened at once on different pages and provinces; "
            "the server's RSS (process tree) sampled every 50 ms. Chromium runs on the same 2 cores.\n"
        )
        L.append("| Database | baseline MB | peak MB | after MB | all 10 loaded (s) |")
        L.append("|---|---:|---:|---:|---:|")
        for db, b in r["browser"].items():
            s = b.get("sessions", {})
            L.append(
                f"| {db} | {_fmt(s.get('baseline_mb'))} | {_fmt(s.get('peak_mb'))} | {_fmt(s.get('after_mb'))} | "
                f"{_fmt(s.get('all_loaded_s'))} |"
            )
        L.append(
            "\nFirst drawn chart after navigation (ms; warm server). fresh = new browser context "
            "(empty cache, a first visit); cached = same context again (JS bundles cached). Timeline = "
            "median ms after navigation start in the fresh runs: DOM ready / script run started / "
            "finished / chart element mounted (plotly.js chunk loaded) / chart drawn.\n"
        )
        L.append("| Database | Page | fresh p50 | fresh max | cached p50 | cached max | timeline |")
        L.append("|---|---|---:|---:|---:|---:|---|")
        rows = [(db, k, v) for db, b in r["browser"].items() for k, v in b.get("first_chart", {}).items()]
        if r.get("floor"):
            rows.insert(0, ("(floor)", "one tiny chart", r["floor"]))
        for db, k, v in rows:
            if True:
                c = v.get("cached_browser", {})
                tl = " / ".join(_fmt(x) for x in v.get("timeline_ms", {}).values())
                L.append(
                    f"| {db} | {k} | {_fmt(v['p50_ms'])} | {_fmt(v['max_ms'])} | {_fmt(c.get('p50_ms'))} | "
                    f"{_fmt(c.get('max_ms'))} | {tl} |"
                )
    return "\n".join(L) + "\n"


def write_readme(r: dict) -> None:
    start, end = "<!-- results:start -->", "<!-- results:end -->"
    text = (
        README.read_text(encoding="utf-8")
        if README.exists()
        else ("# Benchmark\n\n`python bench/run.py [--quick]`\n\n## Results\n\n" + start + "\n" + end + "\n")
    )
    if start not in text:
        text += f"\n## Results\n\n{start}\n{end}\n"
    head, rest = text.split(start, 1)
    tail = rest.split(end, 1)[1] if end in rest else "\n"
    README.write_text(head + start + "\n" + render(r) + end + tail, encoding="utf-8")


# ------------------------------------------------------------------------- main


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small scale smoke run")
    ap.add_argument("--only", default="bundled,national,stress")
    ap.add_argument("--skip-browser", action="store_true", help="no Chromium: neither browser, floor nor meeting")
    ap.add_argument("--skip-meeting", action="store_true", help="leave out the meeting budgets (bench/meeting.py)")
    ap.add_argument("--reuse-dbs", action="store_true", help="keep existing bench/work/*.duckdb")
    ap.add_argument(
        "--parts",
        default="queries,pages,browser,floor,meeting",
        help="what to measure; with --reuse-dbs the other parts are kept from results.json",
    )
    a = ap.parse_args()
    only = set(a.only.split(","))
    started = time.perf_counter()
    os.chdir(ROOT)
    import duckdb
    import plotly
    import streamlit

    r: dict = {
        "machine": {
            "cpu_count": os.cpu_count(),
            "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "streamlit": streamlit.__version__,
            "duckdb": duckdb.__version__,
            "plotly": plotly.__version__,
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        },
        "quick": a.quick,
        "budgets_spec": BUDGETS,
        "queries_used_by_pages": used_by_pages(),
    }
    previous: dict = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}  # other scripts' parts too
    prev: dict = previous if a.reuse_dbs else {}
    if prev:
        r["databases"] = {k: v for k, v in prev.get("databases", {}).items() if k in only and Path(v["path"]).exists()}
    else:
        log("building databases")
        r["databases"] = make_dbs(a.quick, only)
    reps = {"bundled": 30, "national": 20, "stress": 5}
    score_reps = {"bundled": 20, "national": 10, "stress": 3}
    warm = 3 if a.quick else 10
    cold = 1 if a.quick else 3
    parts = set(a.parts.split(","))
    r["queries"], r["pages"], r["browser"] = (
        {k: v for k, v in prev.get(part, {}).items() if k in r["databases"]} for part in ("queries", "pages", "browser")
    )
    if prev:
        r["measured_at"] = {**prev.get("measured_at", {}), **{p: r["machine"]["date"] for p in parts}}
    else:
        r["measured_at"] = {p: r["machine"]["date"] for p in parts}
    for db, d in r["databases"].items():
        path = Path(d["path"])
        if "queries" in parts:
            log(f"{db}: queries")
            r["queries"][db] = bench_queries(path, 3 if a.quick else reps[db], 2 if a.quick else score_reps[db])
        if "pages" in parts:
            log(f"{db}: pages")
            r["pages"][db] = bench_pages(path, warm, cold if db != "stress" else 1)
        if "browser" in parts and not a.skip_browser and (ROOT / "app.py").exists():
            log(f"{db}: browser")
            try:
                r["browser"][db] = bench_browser(path, 10, 3 if a.quick else 5)
            except Exception as exc:
                r["browser"][db] = {"error": repr(exc)[:1000]}
                log(f"  browser failed: {exc!r}"[:500])
    r["floor"] = prev.get("floor", {})
    if "floor" in parts and not a.skip_browser:
        log("floor: one tiny chart")
        r["floor"] = bench_floor(3 if a.quick else 5)
    meeting = previous.get("meeting")
    if "meeting" in parts and not (a.skip_browser or a.skip_meeting):
        from bench import meeting as meeting_bench

        log("meeting budgets (bench/meeting.py)")
        bundled = r["databases"].get("bundled", {}).get("path")
        meeting = meeting_bench.bench(Path(bundled) if bundled else None, runs=3 if a.quick else 10)
        meeting_bench.write_section(meeting)
    if meeting:
        r["meeting"] = meeting
    if previous.get("load"):  # bench/load.py's own part, kept
        r["load"] = previous["load"]
    r["budgets"] = budgets(r)
    r["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    r["elapsed_s"] = round(time.perf_counter() - started, 1)
    RESULTS.write_text(json.dumps(r, indent=1, ensure_ascii=False), encoding="utf-8")
    write_readme(r)
    log(f"wrote {RESULTS.relative_to(ROOT)} and {README.relative_to(ROOT)}")
    for b in r["budgets"]:
        log(f"  {'ok ' if b['ok'] else 'MISS'} {b['budget']}: {_fmt(b['measured'])} {b['unit']} (limit {b['limit']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
