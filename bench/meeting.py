"""Meeting-ready speed budgets, in Chromium: `python bench/meeting.py [--runs N] [--db PATH]`.

The budgets (issue "meeting-ready"), each measured beside a floor measured in the same run:

  link -> first chart       <= 2.5 s   (p95; fresh browser context per run; reported beside it,
                                        a returning browser: cache kept, a new tab per run)
  page -> page              <= 0.8 s   p95 (click a sidebar link -> new page's run finished, first chart drawn)
  filter change -> chart    <= 0.8 s   p95 (sidebar widget -> run finished, chart redrawn)
  language switch           <= 1.0 s   (p95; the sidebar's language control -> run finished, chart redrawn)

One `streamlit run app.py` on the bundled database (built with `python -m lib.build`, or --db),
and on the same machine at the same time the floors: bench/floor_app.py (one tiny chart; for
the first chart) and bench/floor_pages.py (two one-chart pages with a language control, page
links and a selectbox in the sidebar; for the interactions). Chromium 1366x768, every request
that is not to localhost aborted. Each measurement: one warm-up, then N runs, app and floor
interleaved run by run so that both see the same load.

All times are taken in the page (performance.now()): an init script counts finished script
runs (stApp's data-test-script-state turning notRunning), records the time of the input event
(capture-phase pointerdown) and, polled every animation frame, when the first plotly chart of
the main area has been drawn with a different figure (plotly replaces the chart div's `data` or
`layout` object on every redraw with a new figure; a new page has a new chart div) and when
the run has finished with no skeleton left. A sample = input -> the later of the two.

Writes the key "meeting" of bench/results.json (the other keys are kept) and re-renders the
Meeting section of bench/README.md. Also run by `python bench/run.py` (part "meeting"; leave it out
with --skip-meeting). Not a test: nothing fails.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import helpers as H  # noqa: E402
from lib.core.vocab import PILOT_STAR  # noqa: E402

WORK = ROOT / "bench" / "work"
RESULTS = ROOT / "bench" / "results.json"
README = ROOT / "bench" / "README.md"
VIEWPORT = {"width": 1366, "height": 768}
LOCAL = {"127.0.0.1", "localhost", "::1", "[::1]"}
TIMEOUT_MS = 120_000  # loading a page
SAMPLE_TIMEOUT_MS = 30_000  # one click's answer: a sample that takes longer is counted as failed
BUDGETS_MS = {"first_chart": 2500, "page_to_page": 800, "filter_change": 800, "language_switch": 1000}
FIRST_CHART_PATHS = {"overview": "/", "map": "/map", "province": "/province", "goal": "/goal"}
NAV_CYCLE = ("map", "province", "goal", "overview")  # page -> page: one round, back where it began
FLOOR_NAV = ("Floor B", "Floor A", "Floor B", "Floor A")
PROVINCES = ("Bangkok", "Mae Hong Son")  # the map's province filter alternates between these two

# Installed before any page script: finished script runs, the input event's time, per run the
# start and end times; polled by _POLL below.
_INIT = """
(() => {
  // the first chart of the main area with traces (a chart without any is no answer yet)
  window.__chart = () => [...document.querySelectorAll('[data-testid=stMain] .js-plotly-plot')]
      .find(g => g.data && g.data.length > 0) || null;
  const m = window.__m = {runs: 0, starts: [], ends: [], inputAt: null, armed: false};
  // from the records, not the attribute's value now: a fast run (running -> notRunning between
  // two callbacks) is still counted
  new MutationObserver((records) => {
    const now = performance.now(), rs = records.filter(r => r.type === 'attributes');
    rs.forEach((r, i) => {
      const next = i + 1 < rs.length ? rs[i + 1].oldValue : r.target.getAttribute('data-test-script-state');
      if (next === r.oldValue) return;
      if (next === 'running') m.starts.push(now);
      if (r.oldValue === 'running') { m.runs += 1; m.ends.push(now); }
    });
  }).observe(document, {subtree: true, attributes: true, attributeOldValue: true,
                        attributeFilter: ['data-test-script-state']});
  addEventListener('pointerdown', () => {
    if (m.armed && m.inputAt === null) m.inputAt = performance.now();
  }, true);
})();
"""
# Called just before the action: remember the first chart as it is, wait for the input event.
_ARM = """() => {
  const m = window.__m, gd = window.__chart();
  Object.assign(m, {armed: true, inputAt: null, runs0: m.runs, gd0: gd, data0: gd && gd.data,
                    layout0: gd && gd.layout, path0: location.pathname, chartAt: null, idleAt: null});
}"""
# Polled every animation frame after the action; true once the run has finished (no skeleton)
# and the first chart of the main area shows a new figure (`unchanged` if the run ended 3 s ago
# and the chart was never redrawn).
_POLL = """(o) => {
  const m = window.__m;
  if (m.inputAt === null) return false;
  const now = performance.now();
  const gd = window.__chart();
  let drawn = !!gd && !!gd.querySelector('.main-svg .trace');
  if (drawn && o.needMap) drawn = gd.querySelectorAll('path.choroplethlocation').length >= 77;
  const changed = !!gd && (gd !== m.gd0 || gd.data !== m.data0 || gd.layout !== m.layout0)
                  && (!o.newPath || location.pathname !== m.path0);
  if (m.chartAt === null && drawn && changed) m.chartAt = now;
  const app = document.querySelector('[data-testid="stApp"]');
  // a run seen, or (a run so short that React never wrote 'running' to the DOM) the chart changed
  const idle = (m.runs > m.runs0 || m.chartAt !== null) && !!app
      && app.getAttribute('data-test-script-state') === 'notRunning'
      && app.getAttribute('data-test-connection-state') === 'CONNECTED'
      && !document.querySelector('[data-testid="stSkeleton"]');
  if (!idle) m.idleAt = null; else if (m.idleAt === null) m.idleAt = now;
  if (m.chartAt !== null && m.idleAt !== null) return 'done';
  if (m.chartAt === null && m.idleAt !== null && now - m.idleAt > 3000) return 'unchanged';
  return false;
}"""
_READ = """() => { const m = window.__m; m.armed = false;
  const after = (xs) => xs.filter(x => x >= m.inputAt);
  return {input: m.inputAt, chart: m.chartAt, idle: m.idleAt, runs: m.runs - m.runs0,
          start: after(m.starts)[0] ?? null, end: after(m.ends)[0] ?? null,
          exceptions: [...document.querySelectorAll('[data-testid=stException]')].map(e => e.innerText.slice(0, 500))};
}"""
# What the page was doing when a sample timed out.
_STATE = """() => { const m = window.__m, app = document.querySelector('[data-testid="stApp"]');
  return JSON.stringify({runs: m.runs - m.runs0, input: m.inputAt !== null, chart: m.chartAt !== null,
    idle: m.idleAt !== null, script: app && app.getAttribute('data-test-script-state'),
    connection: app && app.getAttribute('data-test-connection-state'),
    skeletons: document.querySelectorAll('[data-testid="stSkeleton"]').length}); }"""
_IDLE = """() => { const app = document.querySelector('[data-testid="stApp"]');
  return window.__m.runs > 0 && !!app && app.getAttribute('data-test-script-state') === 'notRunning'
      && !document.querySelector('[data-testid="stSkeleton"]'); }"""
_FIRST_CHART = """(needMap) => {
  const gd = window.__chart();
  if (!gd || !gd.querySelector('.main-svg .trace')) return false;
  if (needMap && gd.querySelectorAll('path.choroplethlocation').length < 77) return false;
  return performance.now();
}"""


class SampleTimeout(Exception):
    """One click whose answer did not come within SAMPLE_TIMEOUT_MS."""


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def load_avg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def page_names() -> dict[str, str]:
    """English page names (the sidebar's link labels with ?lang=en), from the string table."""
    with open(ROOT / "lib" / "i18n" / "strings" / "common.csv", encoding="utf-8", newline="") as fh:
        return {r["key"][5:]: r["en"] for r in csv.DictReader(fh) if r["key"].startswith("page_")}


def stats(ms: list[float]) -> dict[str, Any]:
    if not ms:
        return {"n": 0}
    return {**H.summary_ms([x / 1000 for x in ms]), "samples_ms": [round(x, 1) for x in ms]}


# ------------------------------------------------------------------------- browser plumbing


class Tab:
    """One browser context and page (= one Streamlit session), network cut to localhost."""

    def __init__(self, browser: Any, base: str, path: str = "", ctx: Any = None, **goto: Any) -> None:
        """``ctx``: a new tab of this context (kept open by its owner) instead of a context of its own."""
        self.base, self.blocked, self.errors = base, [], []  # type: ignore[var-annotated]
        self.own = ctx is None
        self.ctx = browser.new_context(viewport=VIEWPORT) if ctx is None else ctx
        if self.own:
            self.ctx.set_default_timeout(TIMEOUT_MS)
            self.ctx.route("**/*", self._route)
        self.page = self.ctx.new_page()
        self.page.on("pageerror", lambda e: self.errors.append(str(e)[:300]))
        self.page.add_init_script(_INIT)
        if path:
            self.page.goto(base + path, **goto)

    def _route(self, route: Any) -> None:
        u = urlparse(route.request.url)
        if u.scheme in ("data", "blob") or (u.hostname or "") in LOCAL:
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def recover(self) -> None:
        self.page.reload()
        self.wait_idle()

    def wait_idle(self) -> None:
        self.page.wait_for_function(_IDLE, timeout=TIMEOUT_MS, polling=100)

    def measure(self, action: Any, need_map: bool = False, new_path: bool = False) -> dict[str, Any]:
        """Arm, do `action` (it must end with the click that triggers the rerun), wait for the
        run to finish and the first chart to show a new figure; the times, in ms after input."""
        self.page.evaluate(_ARM)
        action()
        try:
            h = self.page.wait_for_function(
                _POLL, arg={"needMap": need_map, "newPath": new_path}, timeout=SAMPLE_TIMEOUT_MS, polling="raf"
            )
        except PlaywrightTimeout:  # say what the page was doing, for the report
            state = self.page.evaluate(_STATE)
            raise SampleTimeout(f"no answer in {SAMPLE_TIMEOUT_MS / 1000:.0f} s at {self.page.url}: {state}") from None
        outcome = h.json_value()
        r = self.page.evaluate(_READ)
        t0 = r["input"]

        def rel(k: str) -> float | None:
            return None if r[k] is None else round(r[k] - t0, 1)

        chart, idle = rel("chart"), rel("idle")
        total = max(x for x in (chart, idle) if x is not None)
        return {
            "total_ms": total,
            "chart_ms": chart,
            "idle_ms": idle,
            "run_start_ms": rel("start"),
            "run_end_ms": rel("end"),
            "runs": r["runs"],
            "chart_unchanged": outcome == "unchanged",
            "exceptions": r["exceptions"],
        }

    def close(self) -> None:
        if self.own:
            self.ctx.close()
        else:
            self.page.close()


def sidebar_selectbox(page: Any, label: str) -> Any:
    boxes = page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]")
    return boxes.filter(has=page.locator("[data-testid=stWidgetLabel]", has_text=label)).first


def choose(tab: Tab, label: str, typed: str, need_map: bool = False) -> dict[str, Any]:
    """Open the sidebar selectbox `label`, type `typed`, click the first option that starts
    with it: the click is the input that is timed."""
    box = sidebar_selectbox(tab.page, label)
    box.locator("input").click()
    box.locator("input").fill(typed)
    opt = tab.page.get_by_role("option").filter(has_text=typed).first
    opt.wait_for(state="visible")
    return tab.measure(opt.click, need_map=need_map)


def selected(tab: Tab, label: str) -> str:
    return str(sidebar_selectbox(tab.page, label).locator("input").input_value())


def toggle(tab: Tab, label: str) -> dict[str, Any]:
    sw = tab.page.locator("[data-testid=stSidebar] [data-testid=stCheckbox]").filter(
        has=tab.page.get_by_role("switch", name=label, exact=True)
    )
    return tab.measure(sw.locator("label").first.click)


def language(tab: Tab, name: str) -> dict[str, Any]:
    control = tab.page.locator("[data-testid=stSidebar] [data-testid=stButtonGroup]").first
    return tab.measure(control.locator("button", has_text=name).first.click)


def nav(tab: Tab, name: str, need_map: bool = False) -> dict[str, Any]:
    link = tab.page.locator("[data-testid=stSidebar]").get_by_role("link", name=name, exact=True).first
    return tab.measure(link.click, need_map=need_map, new_path=True)


def first_chart(browser: Any, url: str, need_map: bool, ctx: Any = None) -> dict[str, Any]:
    """Navigation start -> first chart drawn, in a new session: in a fresh context (empty
    cache), or with ``ctx`` a new tab of that context (a returning browser: Streamlit's hashed
    bundles cached, "immutable, max-age" one year, and compiled)."""
    tab = Tab(browser, url, ctx=ctx)
    try:
        tab.page.goto(url, wait_until="commit")
        h = tab.page.wait_for_function(_FIRST_CHART, arg=need_map, timeout=TIMEOUT_MS, polling="raf")
        ms = round(float(h.json_value()), 1)
        tab.wait_idle()  # leave nothing running into the next sample
        exc = tab.page.locator("[data-testid=stException]").all_inner_texts()
        return {"total_ms": ms, "exceptions": [e[:500] for e in exc]}
    finally:
        tab.close()


# ------------------------------------------------------------------------- the measurements


class Recorder:
    def __init__(self) -> None:
        self.samples: dict[str, list[dict[str, Any]]] = {}
        self.warmup: dict[str, list[float]] = {}
        self.errors: list[str] = []
        self.failed: dict[str, int] = {}

    def take(self, keys: tuple[str, ...], tab: Tab, fn: Any, *args: Any, warm: bool = False, **kw: Any) -> None:
        """One sample under each of `keys`; a click with no answer in time is counted as failed
        under each and the tab reloaded, so that the rest is still measured."""
        try:
            s = fn(*args, **kw)
        except SampleTimeout as exc:
            for k in keys:
                self.failed[k] = self.failed.get(k, 0) + 1
            self.errors.append(f"{keys[0]}: {exc}"[:800])
            log(f"    {keys[0]}: {exc}"[:400])
            tab.recover()
            return
        for k in keys:
            self.add(k, s, warm)

    def add(self, key: str, s: dict[str, Any], warm: bool = False) -> None:
        if s.get("exceptions"):
            self.errors.append(f"{key}: " + " | ".join(s["exceptions"])[:800])
        if warm:
            self.warmup.setdefault(key, []).append(s["total_ms"])
        else:
            self.samples.setdefault(key, []).append(s)

    def summary(self, key: str) -> dict[str, Any]:
        ss = self.samples.get(key, [])
        out = stats([s["total_ms"] for s in ss])
        if ss and "run_end_ms" in ss[0]:
            ends = [s["run_end_ms"] for s in ss if s["run_end_ms"] is not None]
            charts = [s["chart_ms"] for s in ss if s["chart_ms"] is not None]
            out["run_finished_p50_ms"] = round(H.pct(ends, 50), 1) if ends else None
            out["chart_redrawn_p50_ms"] = round(H.pct(charts, 50), 1) if charts else None
            out["runs_per_action"] = sorted({s["runs"] for s in ss})
            out["chart_unchanged"] = sum(bool(s["chart_unchanged"]) for s in ss)
        out["warmup_ms"] = self.warmup.get(key, [])
        out["failed"] = self.failed.get(key, 0)
        return out


def part(name: str, fn: Any, rec: Recorder) -> None:
    t0, la = time.perf_counter(), load_avg()
    try:
        fn()
    except Exception as exc:  # a page mid-edit, a timeout: note it, measure the rest
        rec.errors.append(f"{name}: {exc!r}"[:1500])
        log(f"  {name} FAILED: {exc!r}"[:600])
    log(f"  {name}: {time.perf_counter() - t0:.0f} s, load average {la} -> {load_avg()}")


def measure_first_chart(browser: Any, app: str, floor: str, runs: int, rec: Recorder) -> None:
    targets = [("(floor)", floor, False)] + [(k, app + p, k == "map") for k, p in FIRST_CHART_PATHS.items()]
    for i in range(runs + 1):
        for key, url, need_map in targets:
            try:
                rec.add(f"first_chart/{key}", first_chart(browser, url, need_map), warm=i == 0)
            except PlaywrightTimeout as exc:  # counted as failed; the rest is still measured
                rec.failed[f"first_chart/{key}"] = rec.failed.get(f"first_chart/{key}", 0) + 1
                rec.errors.append(f"first_chart/{key}: {exc}"[:800])
    for key, *_ in targets:
        s = rec.summary(f"first_chart/{key}")
        log(f"    first chart {key}: p50 {s.get('p50_ms')} p95 {s.get('p95_ms')} ms")


def measure_first_chart_warm(browser: Any, app: str, floor: str, runs: int, rec: Recorder) -> None:
    """The same, for a returning browser: one context per server, kept, each sample a new tab
    (a new session); the warm-up visit fills the cache."""
    owners = {base: Tab(browser, base) for base in (floor, app)}  # their contexts, network cut as above
    targets = [("(floor)", floor, False)] + [(k, app + p, k == "map") for k, p in FIRST_CHART_PATHS.items()]
    try:
        for i in range(runs + 1):
            for key, url, need_map in targets:
                base = floor if key == "(floor)" else app
                name = f"first_chart_warm/{key}"
                try:
                    rec.add(name, first_chart(browser, url, need_map, ctx=owners[base].ctx), warm=i == 0)
                except PlaywrightTimeout as exc:
                    rec.failed[name] = rec.failed.get(name, 0) + 1
                    rec.errors.append(f"{name}: {exc}"[:800])
    finally:
        for t in owners.values():
            t.close()
    for key, *_ in targets:
        s = rec.summary(f"first_chart_warm/{key}")
        log(f"    first chart, returning browser, {key}: p50 {s.get('p50_ms')} p95 {s.get('p95_ms')} ms")


def measure_page_to_page(browser: Any, app: str, floor: str, runs: int, rec: Recorder) -> None:
    names = page_names()
    a = Tab(browser, app, "/?lang=en")
    f = Tab(browser, floor, "/")
    try:
        a.wait_idle()
        f.wait_idle()
        for i in range(runs + 1):
            for target in NAV_CYCLE:
                keys = ("page_to_page/app", f"page_to_page/app/{target}")
                rec.take(keys, a, nav, a, names[target], need_map=target == "map", warm=i == 0)
            for target in FLOOR_NAV:
                rec.take(("page_to_page/floor",), f, nav, f, target, warm=i == 0)
        for key in ("app", "floor"):
            s = rec.summary(f"page_to_page/{key}")
            log(f"    page -> page {key}: p50 {s.get('p50_ms')} p95 {s.get('p95_ms')} ms")
    finally:
        rec.errors += [f"page_to_page: page error {e}" for e in a.errors + f.errors]
        a.close()
        f.close()


def measure_filters(browser: Any, app: str, floor: str, runs: int, rec: Recorder) -> None:
    ov = Tab(browser, app, "/?lang=en")
    mp = Tab(browser, app, "/map?lang=en")
    f = Tab(browser, floor, "/")
    try:
        for t in (ov, mp, f):
            t.wait_idle()
        y0 = selected(ov, "Year")
        years = [y0, str(int(y0) - 1)]
        p0 = selected(mp, "Province")
        provs = [p0.replace(PILOT_STAR, "").strip()] + [p for p in PROVINCES if p not in p0][:1]
        for i in range(runs + 2):  # the first two: warm-up (there and back: both values seen once)
            w = i < 2
            rec.take(("filter/overview year",), ov, choose, ov, "Year", years[(i + 1) % 2], warm=w)
            rec.take(("filter/overview pilot toggle",), ov, toggle, ov, "15 pilot provinces only", warm=w)
            rec.take(("filter/map province",), mp, choose, mp, "Province", provs[(i + 1) % 2], need_map=True, warm=w)
            rec.take(("filter/floor",), f, choose, f, "Series", str((i + 1) % 3 + 1), warm=w)
        for key in ("overview year", "overview pilot toggle", "map province", "floor"):
            s = rec.summary(f"filter/{key}")
            log(f"    filter {key}: p50 {s.get('p50_ms')} p95 {s.get('p95_ms')} ms")
    finally:
        rec.errors += [f"filter: page error {e}" for e in ov.errors + mp.errors + f.errors]
        for t in (ov, mp, f):
            t.close()


def measure_language(browser: Any, app: str, floor: str, runs: int, rec: Recorder) -> None:
    a = Tab(browser, app, "/?lang=th")
    f = Tab(browser, floor, "/")
    try:
        a.wait_idle()
        f.wait_idle()
        for i in range(runs + 2):  # Thai -> English -> Thai ...; the first two: warm-up
            name = "English" if i % 2 == 0 else "ไทย"
            rec.take(("language/app",), a, language, a, name, warm=i < 2)
            rec.take(("language/floor",), f, language, f, name, warm=i < 2)
        for key in ("app", "floor"):
            s = rec.summary(f"language/{key}")
            log(f"    language {key}: p50 {s.get('p50_ms')} p95 {s.get('p95_ms')} ms")
    finally:
        rec.errors += [f"language: page error {e}" for e in a.errors + f.errors]
        a.close()
        f.close()


def budget_rows(m: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []

    def add(budget: str, limit_key: str, got: dict[str, Any], floor: dict[str, Any], note: str = "") -> None:
        p95 = got.get("p95_ms")
        rows.append(
            {
                "budget": budget,
                "limit_ms": BUDGETS_MS[limit_key],
                "p50_ms": got.get("p50_ms"),
                "p95_ms": p95,
                "n": got.get("n", 0),
                "floor_p50_ms": floor.get("p50_ms"),
                "floor_p95_ms": floor.get("p95_ms"),
                "failed": got.get("failed", 0),
                "holds": p95 is not None and p95 <= BUDGETS_MS[limit_key] and not got.get("failed"),
                "note": note,
            }
        )

    fc = m.get("first_chart", {})
    for key, path in FIRST_CHART_PATHS.items():
        if key in fc:
            add(f"link -> first chart, {path}", "first_chart", fc[key], fc.get("(floor)", {}))
    fw = m.get("first_chart_warm", {})
    for key, path in FIRST_CHART_PATHS.items():
        if key in fw:
            add(f"link -> first chart, {path}, returning browser", "first_chart", fw[key], fw.get("(floor)", {}))
    p2p = m.get("page_to_page", {})
    if "app" in p2p:
        worst = max(NAV_CYCLE, key=lambda k: p2p.get(k, {}).get("p95_ms") or 0)
        add(
            "page -> page (sidebar link)",
            "page_to_page",
            p2p["app"],
            p2p.get("floor", {}),
            f"slowest target: {worst} (p95 {p2p.get(worst, {}).get('p95_ms')} ms)",
        )
    fl = m.get("filter_change", {})
    for key in ("overview year", "overview pilot toggle", "map province"):
        if key in fl:
            add(f"filter change -> chart, {key}", "filter_change", fl[key], fl.get("floor", {}))
    lg = m.get("language_switch", {})
    if "app" in lg:
        add("language switch (overview)", "language_switch", lg["app"], lg.get("floor", {}))
    return rows


def bench(db: Path | None = None, runs: int = 10) -> dict[str, Any]:
    """Run every meeting measurement; returns what goes under results.json's "meeting"."""
    from playwright.sync_api import sync_playwright

    from lib.brief.chromium import chromium_problem

    if problem := chromium_problem():
        return {"skipped": problem}
    started, la0 = time.perf_counter(), load_avg()
    date = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    WORK.mkdir(parents=True, exist_ok=True)
    db = db or bundled_db()
    rec = Recorder()
    servers = []
    try:
        app_proc, app = H.start_server(db, WORK / "meeting-app.log")
        servers.append(app_proc)
        fc_proc, floor_chart = H.start_server(db, WORK / "meeting-floor.log", script="bench/floor_app.py")
        servers.append(fc_proc)
        fp_proc, floor_pages = H.start_server(db, WORK / "meeting-floor-pages.log", script="bench/floor_pages.py")
        servers.append(fp_proc)
        log(f"meeting: app {app}, floors {floor_chart} {floor_pages}; {runs} runs each; load average {la0}")
        with sync_playwright() as pw:
            browser = H.launch(pw)
            try:
                part("link -> first chart", lambda: measure_first_chart(browser, app, floor_chart, runs, rec), rec)
                part(
                    "link -> first chart, returning browser",
                    lambda: measure_first_chart_warm(browser, app, floor_chart, runs, rec),
                    rec,
                )
                part("page -> page", lambda: measure_page_to_page(browser, app, floor_pages, runs, rec), rec)
                part("filter change", lambda: measure_filters(browser, app, floor_pages, runs, rec), rec)
                part("language switch", lambda: measure_language(browser, app, floor_pages, runs, rec), rec)
            finally:
                browser.close()
    finally:
        for p in servers:
            H.stop_server(p)
    tracebacks = 0
    for name in ("meeting-app.log", "meeting-floor.log", "meeting-floor-pages.log"):
        f = WORK / name
        if f.exists() and (n := f.read_text(errors="replace").count("Traceback")):
            tracebacks += n
            rec.errors.append(f"{name}: {n} traceback(s) in the server log")

    def group(prefix: str) -> dict[str, Any]:
        keys = sorted({k.split("/", 1)[1] for k in rec.samples if k.startswith(prefix + "/")})
        return {k: rec.summary(f"{prefix}/{k}") for k in keys}

    p2p = group("page_to_page")
    m: dict[str, Any] = {
        "date": date,
        "cpu_count": os.cpu_count(),
        "load_average_at_start": la0,
        "load_average_at_end": load_avg(),
        "runs": runs,
        "database": str(db.relative_to(ROOT) if db.is_relative_to(ROOT) else db),
        "viewport": VIEWPORT,
        "budgets_ms": BUDGETS_MS,
        "first_chart": group("first_chart"),
        "first_chart_warm": group("first_chart_warm"),
        "page_to_page": {
            "app": p2p.pop("app", {"n": 0}),
            "floor": p2p.pop("floor", {"n": 0}),
            **{k.split("/", 1)[1]: v for k, v in p2p.items() if "/" in k},
        },
        "filter_change": group("filter"),
        "language_switch": group("language"),
        "errors": rec.errors,
        "server_tracebacks": tracebacks,
        "elapsed_s": round(time.perf_counter() - started, 1),
    }
    m["budgets"] = budget_rows(m)
    return m


def bundled_db() -> Path:
    """A fresh build of the bundled database (what ships), or a copy of data/sdg.duckdb if the
    build fails (lib/ mid-edit)."""
    path = WORK / "meeting.duckdb"
    path.unlink(missing_ok=True)
    p = subprocess.run([sys.executable, "-m", "lib.build", "--db", str(path)], cwd=ROOT, capture_output=True, text=True)
    if p.returncode != 0 or not path.exists():
        log(f"build failed ({p.stderr[-300:]!r}); copying data/sdg.duckdb")
        shutil.copyfile(ROOT / "data" / "sdg.duckdb", path)
    return path


# ------------------------------------------------------------------------- report


def _f(v: Any) -> str:
    return "–" if v is None else f"{v:,.0f}" if isinstance(v, int | float) else str(v)


def render(m: dict[str, Any]) -> str:
    """The meeting table (markdown), for the terminal and bench/README.md."""
    if m.get("skipped"):
        return f"Meeting budgets not measured: {m['skipped']}\n"
    L = [
        f"Measured {m['date']} on {m['cpu_count']} cores, Chromium {m['viewport']['width']}x"
        f"{m['viewport']['height']}, {m['runs']} runs each after a warm-up, app and floor interleaved; "
        f"load average (1/5/15 min) at start {m['load_average_at_start']}, at end "
        f"{m['load_average_at_end']} (the machine was shared: wall times include waiting for a core).\n",
        "| Budget | Limit | p50 | p95 | Floor p50 | Floor p95 | No answer in 30 s | Holds (p95)? |",
        "|---|---:|---:|---:|---:|---:|---:|:--:|",
    ]
    for b in m["budgets"]:
        L.append(
            f"| {b['budget']} | {_f(b['limit_ms'])} ms | {_f(b['p50_ms'])} | {_f(b['p95_ms'])} | "
            f"{_f(b['floor_p50_ms'])} | {_f(b['floor_p95_ms'])} | {b.get('failed', 0)} | "
            f"{'yes' if b['holds'] else '**NO**'} |"
        )
    notes = [f"{b['budget']}: {b['note']}" for b in m["budgets"] if b.get("note")]
    if notes:
        L.append("\n" + "; ".join(notes) + ".")
    fl = m.get("filter_change", {})
    parts = []
    for key, v in (
        *(("page -> page " + k, m["page_to_page"].get(k, {})) for k in NAV_CYCLE),
        *((f"filter {k}", v) for k, v in fl.items() if k != "floor"),
        ("language switch", m.get("language_switch", {}).get("app", {})),
    ):
        if v.get("run_finished_p50_ms") is not None:
            parts.append(f"{key} {_f(v['run_finished_p50_ms'])} / {_f(v.get('chart_redrawn_p50_ms'))}")
    if parts:
        L.append(
            "\nWhere the time goes (p50 ms after the click: script run finished / chart redrawn): "
            + "; ".join(parts)
            + "."
        )
    if m.get("errors"):
        L.append("\nErrors seen while measuring: " + "; ".join(e[:200] for e in m["errors"][:5]))
    return "\n".join(L) + "\n"


def save(m: dict[str, Any]) -> None:
    """Merge into bench/results.json (other keys kept) and re-render the Meeting section of
    bench/README.md (between its markers)."""
    r = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    r["meeting"] = m
    RESULTS.write_text(json.dumps(r, indent=1, ensure_ascii=False), encoding="utf-8")
    write_section(m)


def write_section(m: dict[str, Any]) -> None:
    start, end = "<!-- meeting:start -->", "<!-- meeting:end -->"
    text = README.read_text(encoding="utf-8")
    if start in text and end in text:
        head, rest = text.split(start, 1)
        README.write_text(head + start + "\n" + render(m) + end + rest.split(end, 1)[1], encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10, help="measured runs per budget, after one warm-up")
    ap.add_argument("--db", type=Path, default=None, help="database to serve (default: a fresh bundled build)")
    ap.add_argument("--no-write", action="store_true", help="print only; leave results.json and README alone")
    a = ap.parse_args()
    os.chdir(ROOT)
    m = bench(a.db.resolve() if a.db else None, a.runs)
    print(render(m))
    if not a.no_write:
        save(m)
        log(f"wrote the 'meeting' key of {RESULTS.relative_to(ROOT)} and bench/README.md's Meeting section")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
