"""Load benchmark: simulated people on Streamlit's own browser protocol.

    python bench/load.py                      # serve.sh vs one `streamlit run`, 1 / 20 / 50 users
    python bench/load.py --target serve --users 20 --duration 90
    python bench/load.py --url http://host:8501 --pid PID   # a server already running

Each simulated person does what a browser does when a link is opened: GET the page (keeping the
cookies the server sets: the balancer's sticky cookie, Streamlit's XSRF cookie), GET
/_stcore/health and /_stcore/host-config, open the websocket /_stcore/stream, and send a
``BackMsg.rerun_script`` with the link's query string and page; later page visits send the page's
script hash (from the ``navigation`` message) as the page links do, with the message hashes the
"browser" has cached, as Streamlit's front end does. A *script run* is timed from sending the
rerun to the ``script_finished`` ForwardMsg that ends it (a FINISHED_EARLY_FOR_RERUN is not an
end). Static JavaScript is not fetched (browsers cache it; with --assets the files index.html
names are fetched once per person).

Think-time model: a person in a meeting reads what the page shows and clicks again after
2-5 s (uniform), measured from the end of the previous run. A person opens the link, visits
three pages (random page each time, never the same twice in a row) with random parameters
(province of the 77, goal 1-17, year 2015-2024, lang th/en; each value hostile with probability
0.15: markup, an out-of-range number, SQL, a path, bidi/NUL characters, 2,000 characters),
then closes the tab; after 2-5 s a new person takes the place. N places for the duration,
all opening within the first 2 s (people in a meeting opening the same link).

Errors: an exception element in the page (``Delta.new_element.exception``), a compile error,
the websocket closing, an HTTP error, a run past --timeout (120 s). Memory: resident memory of
the server's process tree (/proc, every 0.5 s): before the users, the peak, and after they
closed and --settle seconds passed (Streamlit keeps a closed session 120 s for a reconnect:
server.disconnectedSessionTTL).

Before measuring, each server process is warmed: one session opens every page once on its own
port (imports done, the default view cached), as on a server that has been up for a while
(--no-warm to measure cold processes). The floor each budget is read against is measured in
the same run: one person alone on the same server. Results go to bench/results.json (key "load") and the Load section of
bench/README.md (between its load markers).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import datetime as dt
import http.client
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import helpers as H  # noqa: E402

RESULTS = ROOT / "bench" / "results.json"
README = ROOT / "bench" / "README.md"
WORK = ROOT / "bench" / "work"

# The budgets of issue 16 (2 cores).
BUDGETS = {"p95_run_s_20": 5.0, "errors": 0}
THINK_S = (2.0, 5.0)
HOSTILE_P = 0.15
PAGES = ("", "map", "province", "goal", "partners", "data", "coverage")  # URL paths; "" = overview
YEARS = range(2015, 2025)
HOSTILE = (
    "[Login here](http://evil.example/x)",
    "![x](http://evil.example/pixel.png)",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
    "TH-99",
    "99999999999999999999",
    "-1",
    "1e400",
    "nan",
    "\u202etxt.exe",
    "a\x00b",
    "%00",
    "x" * 2000,
    "\u0e01" * 300,
)


def province_codes() -> list[str]:
    with open(ROOT / "data" / "seed" / "province.csv", encoding="utf-8") as fh:
        return [r["code"] for r in csv.DictReader(fh)]


# ----------------------------------------------------------------------------- one person


@dataclass
class Run:
    page: str
    seconds: float
    hostile: bool
    first: bool  # the session's first run (opening the link)
    t: float  # when it ended, seconds since the phase started


@dataclass
class Stats:
    runs: list[Run] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    opened: list[float] = field(default_factory=list)  # link -> first run finished (HTTP + websocket + run)
    people: int = 0


class Person:
    def __init__(self, base: str, rng: random.Random, provinces: list[str], timeout: float, assets: bool) -> None:
        u = urlparse(base)
        self.host, self.port = u.hostname or "127.0.0.1", u.port or 80
        self.base, self.rng, self.provinces, self.timeout, self.assets = base, rng, provinces, timeout, assets
        self.cookies: dict[str, str] = {}
        self.pages: dict[str, str] = {}  # url path -> page script hash
        self.cached: set[str] = set()

    def value(self, good: str) -> tuple[str, bool]:
        if self.rng.random() < HOSTILE_P:
            return self.rng.choice(HOSTILE), True
        return good, False

    def link(self) -> tuple[str, str, bool]:
        """A random page and query string; whether any value in it is hostile."""
        page = self.rng.choice(PAGES)
        params, bad = {}, False
        for key, good in (
            ("province", self.rng.choice(self.provinces)),
            ("goal", str(self.rng.randint(1, 17))),
            ("year", str(self.rng.choice(YEARS))),
            ("lang", self.rng.choice(("th", "en"))),
        ):
            params[key], hostile = self.value(good)
            bad |= hostile
        return page, urlencode(params, quote_via=quote), bad

    # -- HTTP (blocking; run in a thread) --
    def get(self, path: str) -> bytes:
        c = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
            c.request("GET", path, headers=headers)
            r = c.getresponse()
            body = r.read()
            for h in r.headers.get_all("Set-Cookie") or []:
                name, _, rest = h.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            if r.status != 200:
                raise RuntimeError(f"HTTP {r.status} for {path}")
            return body
        finally:
            c.close()

    def open_page(self, path: str) -> None:
        html = self.get(path).decode("utf-8", "replace")
        self.get("/_stcore/health")
        self.get("/_stcore/host-config")
        if self.assets:
            for src in re.findall(r'(?:src|href)="\./(static/[^"]+)"', html):
                self.get("/" + src)

    # -- the websocket --
    async def rerun(self, ws: Any, page: str, query: str, stats: Stats) -> float | None:
        """One script run: send the rerun, read ForwardMsgs until the run ends. Seconds, or
        None after an error (recorded)."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        m = BackMsg()
        m.rerun_script.query_string = query
        m.rerun_script.page_name = page
        m.rerun_script.page_script_hash = self.pages.get(page, "")
        m.rerun_script.cached_message_hashes.extend(sorted(self.cached))
        ci = m.rerun_script.context_info
        ci.timezone, ci.locale, ci.url = "Asia/Bangkok", "th-TH", f"{self.base}/{page}?{query}"
        t0 = time.perf_counter()
        await ws.send(m.SerializeToString())
        deadline = t0 + self.timeout
        error = None
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                stats.errors.append(f"timeout: no script_finished in {self.timeout:.0f} s (/{page}?{query[:80]})")
                return None
            data = await asyncio.wait_for(ws.recv(), timeout=left)
            f = ForwardMsg()
            f.ParseFromString(data)
            kind = f.WhichOneof("type")
            if f.metadata.cacheable and f.hash:
                self.cached.add(f.hash)
            if kind == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash for p in f.navigation.app_pages}
            elif kind == "delta" and f.delta.WhichOneof("type") == "new_element":
                el = f.delta.new_element
                if el.WhichOneof("type") == "exception" and error is None:
                    e = el.exception
                    error = f"exception {e.type}: {e.message[:200]} (/{page}?{query[:80]})"
            elif kind == "script_finished":
                if f.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue
                seconds = time.perf_counter() - t0
                if f.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    error = error or f"compile error (/{page})"
                if error:
                    stats.errors.append(error)
                    return None
                return seconds

    async def visit(self, stats: Stats, t_start: float, deadline: float, pages: int = 3) -> None:
        import websockets

        page, query, bad = self.link()
        t_open = time.perf_counter()
        try:
            await asyncio.to_thread(self.open_page, f"/{page}?{query}")
        except Exception as exc:
            stats.errors.append(f"http: {exc!r}"[:300])
            return
        ws_url = f"ws://{self.host}:{self.port}/_stcore/stream"
        protocols = ["streamlit"] + ([self.cookies["_streamlit_xsrf"]] if "_streamlit_xsrf" in self.cookies else [])
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            async with websockets.connect(
                ws_url,
                subprotocols=protocols,  # type: ignore[arg-type]
                additional_headers={"Cookie": cookie} if cookie else None,
                max_size=None,
                open_timeout=self.timeout,
                ping_interval=None,  # the server pings; a busy client must not drop the line itself
            ) as ws:
                for i in range(pages):
                    if i:
                        await asyncio.sleep(self.rng.uniform(*THINK_S))
                        if time.perf_counter() > deadline:
                            break
                        nxt = [p for p in PAGES if p != page]
                        page = self.rng.choice(nxt)
                        _, query, bad = self.link()
                    s = await self.rerun(ws, page, query, stats)
                    if s is None:
                        break
                    now = time.perf_counter()
                    stats.runs.append(Run(page or "overview", s, bad, i == 0, now - t_start))
                    if i == 0:
                        stats.opened.append(now - t_open)
        except (TimeoutError, websockets.ConnectionClosed, OSError) as exc:
            stats.errors.append(f"websocket: {exc!r}"[:300])


def warm(base: str, timeout: float = 180.0) -> Stats:
    """One session that opens every page once (imports done, caches of the default view filled),
    so a budget is not read on a process's very first runs. Against a backend's own port it
    warms that backend."""
    stats = Stats()
    person = Person(base, random.Random(0), province_codes(), timeout, assets=False)

    async def go() -> None:
        import websockets

        u = urlparse(base)
        async with websockets.connect(f"ws://{u.netloc}/_stcore/stream", max_size=None, open_timeout=timeout) as ws:
            for page in PAGES:
                if (s := await person.rerun(ws, page, "lang=th", stats)) is not None:
                    stats.runs.append(Run(page or "overview", s, False, False, 0.0))

    asyncio.run(go())
    return stats


async def _place(base: str, seed: int, provinces: list[str], stats: Stats, t0: float, end: float, **kw: Any) -> None:
    rng = random.Random(seed)
    await asyncio.sleep(rng.uniform(0, 2))
    n = 0
    while time.perf_counter() < end:
        stats.people += 1
        await Person(base, random.Random(seed * 1000 + n), provinces, **kw).visit(stats, t0, end)
        n += 1
        await asyncio.sleep(rng.uniform(*THINK_S))


def probe(base: str, timeout: float = 120.0, assets: bool = False) -> Stats:
    """A few one-page visits, each with its own sticky cookie so that every backend likely gets
    one: Streamlit drops expired closed sessions lazily (its TTLCache expires on a write), so
    memory is read after this."""
    stats = Stats()
    for i in range(6):
        asyncio.run(Person(base, random.Random(-1 - i), province_codes(), timeout, assets).visit(stats, 0, 0, pages=1))
    return stats


def loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def run_users(
    base: str, users: int, duration: float, seed: int = 1, timeout: float = 120.0, assets: bool = False
) -> Stats:
    """`users` places of simulated people for `duration` seconds against `base`."""
    stats = Stats()
    provinces = province_codes()

    async def main() -> None:
        t0 = time.perf_counter()
        end = t0 + duration
        await asyncio.gather(
            *(
                _place(base, seed * 100 + i, provinces, stats, t0, end, timeout=timeout, assets=assets)
                for i in range(users)
            )
        )

    asyncio.run(main())
    return stats


# ----------------------------------------------------------------------------- servers and memory


def server_rss(pid: int) -> dict[str, float]:
    """MB resident: the whole process tree, and the Streamlit processes in it."""
    total = streamlit = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as fh:
                rss = next((int(x.split()[1]) * 1024 for x in fh if x.startswith("VmRSS:")), 0)
            with open(f"/proc/{p}/cmdline", "rb") as fh:
                cmd = fh.read()
        except OSError:
            continue
        total += rss
        if b"streamlit" in cmd:
            streamlit += rss
        todo.extend(H._children(p))
    return {"tree_mb": round(total / 2**20, 1), "streamlit_mb": round(streamlit / 2**20, 1)}


def streamlit_ports(pid: int) -> list[int]:
    """The ports of the Streamlit processes in `pid`'s tree (from their --server.port=)."""
    ports, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            cmd = Path(f"/proc/{p}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if any(b"streamlit" in a for a in cmd):
            ports += [int(a.split(b"=", 1)[1]) for a in cmd if a.startswith(b"--server.port=")]
        todo.extend(H._children(p))
    return sorted(ports)


class Sampler:
    def __init__(self, pid: int, interval: float = 0.5) -> None:
        self.pid, self.interval = pid, interval
        self.peak: dict[str, float] = {"tree_mb": 0.0, "streamlit_mb": 0.0}
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for k, v in server_rss(self.pid).items():
                self.peak[k] = max(self.peak[k], v)
            self._stop.wait(self.interval)

    def __enter__(self) -> Sampler:
        self._t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._t.join()


def start(
    target: str, port: int, db: Path | None, log_path: Path, backends: int | None = None
) -> subprocess.Popen[bytes]:
    """`serve` (bash scripts/serve.sh PORT) or `single` (one `streamlit run app.py`, as the
    browser tests start it); returns once the health check answers through it."""
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    if db:
        env["SDG_DB"] = str(db)
    if target == "serve":
        env.setdefault("SDG_LISTEN", "127.0.0.1")
        if backends:
            env["SDG_BACKENDS"] = str(backends)
        cmd = ["bash", "scripts/serve.sh", str(port)]
    else:
        cmd = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            f"--server.port={port}",
            "--server.address=127.0.0.1",
            "--server.headless=true",
            "--server.fileWatcherType=none",
            "--server.runOnSave=false",
            "--browser.gatherUsageStats=false",
        ]
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    wait_health(f"http://127.0.0.1:{port}", proc, log_path)
    return proc


def wait_health(base: str, proc: subprocess.Popen[bytes] | None, log_path: Path | None, timeout: float = 300) -> None:
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout
    while True:
        if proc is not None and proc.poll() is not None:
            tail = log_path.read_text(errors="replace")[-3000:] if log_path else ""
            raise RuntimeError(f"server exited with {proc.returncode}:\n{tail}")
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{base} not healthy in {timeout:.0f} s")
        time.sleep(0.2)  # polling interval of the health check


def stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the server (serve.sh stops its own children; a single streamlit has none)."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# ----------------------------------------------------------------------------- a phase


def phase(base: str, pid: int | None, users: int, duration: float, settle: float, seed: int, **kw: Any) -> dict:
    """`users` people for `duration` s, then `settle` s idle; times, errors, memory."""
    load0 = [round(x, 2) for x in os.getloadavg()]
    before = server_rss(pid) if pid else {}
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    if pid:
        with Sampler(pid) as sampler:
            stats = run_users(base, users, duration, seed=seed, **kw)
        peak = sampler.peak
    else:
        stats, peak = run_users(base, users, duration, seed=seed, **kw), {}
    wall = time.perf_counter() - t0
    load1 = [round(x, 2) for x in os.getloadavg()]
    client_cpu = time.process_time() - cpu0
    after_closed = server_rss(pid) if pid else {}
    if pid and settle > 0:
        time.sleep(settle)  # idle on purpose: what the server gives back once the sessions are gone
        probe(base, **kw)
    after = server_rss(pid) if pid else {}
    secs = [r.seconds for r in stats.runs]
    out: dict[str, Any] = {
        "users": users,
        "duration_s": duration,
        "wall_s": round(wall, 1),
        "people": stats.people,
        "runs": len(secs),
        **{f"run_{k}": v for k, v in (H.summary_ms(secs).items() if secs else {})},
        "first_run": H.summary_ms([r.seconds for r in stats.runs if r.first]) if stats.runs else None,
        "later_runs": H.summary_ms([r.seconds for r in stats.runs if not r.first])
        if any(not r.first for r in stats.runs)
        else None,
        "hostile_runs": sum(r.hostile for r in stats.runs),
        "opened": H.summary_ms(stats.opened) if stats.opened else None,
        "by_page_p95_ms": {
            p: round(H.pct([r.seconds * 1000 for r in stats.runs if r.page == p], 95), 1)
            for p in sorted({r.page for r in stats.runs})
        },
        "errors": len(stats.errors),
        "error_samples": sorted(set(stats.errors))[:10],
        "rss_before_mb": before,
        "rss_peak_mb": peak,
        "rss_closed_mb": after_closed,
        "rss_after_mb": after,
        "settle_s": settle,
        "client_cpu_s": round(client_cpu, 1),
        "load_average_start": load0,
        "load_average_end": load1,
    }
    log(
        f"  {users} users x {duration:.0f} s: {out['runs']} runs, p50 {out.get('run_p50_ms')} / p95 "
        f"{out.get('run_p95_ms')} / max {out.get('run_max_ms')} ms, errors {out['errors']}, RSS "
        f"{before.get('tree_mb')} -> peak {peak.get('tree_mb')} -> {after.get('tree_mb')} MB; load {load0} -> {load1}"
    )
    for e in out["error_samples"][:3]:
        log(f"    error: {e}")
    return out


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


# ----------------------------------------------------------------------------- report


def _s(ms: object) -> str:
    return "–" if ms is None else f"{float(ms) / 1000:,.2f}"  # type: ignore[arg-type]


def render(res: dict) -> str:
    L = [
        f"Measured {res['date']} on {res['cpu_count']} cores; load average (1/5/15 min) at start "
        f"{res['load_average_at_start']}, at end {res['load_average_at_end']} (others share the machine). "
        f"Think time {THINK_S[0]:g}-{THINK_S[1]:g} s; {HOSTILE_P:.0%} hostile values; runs timed "
        "request -> script_finished, in seconds.\n",
        "| Server | Users | Runs | p50 | p95 | max | first run p95 | Errors | RSS before / peak / after (MB) "
        "| Load avg |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for target, phases in res["targets"].items():
        for p in phases:
            rss = " / ".join(
                str(p[k].get("tree_mb", "–")) if p[k] else "–" for k in ("rss_before_mb", "rss_peak_mb", "rss_after_mb")
            )
            L.append(
                f"| {target} | {p['users']} | {p['runs']} | {_s(p.get('run_p50_ms'))} | {_s(p.get('run_p95_ms'))} | "
                f"{_s(p.get('run_max_ms'))} | {_s((p.get('first_run') or {}).get('p95_ms'))} | {p['errors']} | {rss} | "
                f"{p['load_average_start']} -> {p['load_average_end']} |"
            )
    L.append("\n| Budget | Limit | Measured | Holds? | Floor (1 user, same server) |\n|---|---:|---:|:--:|---:|")
    for b in res.get("budgets", []):
        L.append(
            f"| {b['budget']} | {b['limit']} | {b['measured']} | {'yes' if b['ok'] else '**NO**'} | {b['floor']} |"
        )
    return "\n".join(L) + "\n"


def budgets(phases: list[dict], target: str) -> list[dict]:
    by = {p["users"]: p for p in phases}
    floor = by.get(1, {})
    rows = []
    fl = f"p95 {_s(floor.get('run_p95_ms'))} s" if floor else "–"
    if 20 in by:
        m = by[20].get("run_p95_ms")
        rows.append(
            {
                "budget": f"20 users, p95 script run ({target})",
                "limit": f"{BUDGETS['p95_run_s_20']:g} s",
                "measured": f"{_s(m)} s",
                "ok": m is not None and m / 1000 <= BUDGETS["p95_run_s_20"],
                "floor": fl,
            }
        )
    for n in (20, 50):
        if n in by:
            rows.append(
                {
                    "budget": f"{n} users, errors ({target})",
                    "limit": "0",
                    "measured": str(by[n]["errors"]),
                    "ok": by[n]["errors"] == 0,
                    "floor": str(floor.get("errors", "–")),
                }
            )
    return rows


def save(res: dict) -> None:
    data = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    data["load"] = res
    RESULTS.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
    start, end = "<!-- load:start -->", "<!-- load:end -->"
    text = README.read_text(encoding="utf-8")
    if start in text and end in text:
        head, rest = text.split(start, 1)
        README.write_text(head + start + "\n" + render(res) + end + rest.split(end, 1)[1], encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--target", default="single,serve", help="single (one streamlit run), serve (serve.sh), or both")
    ap.add_argument("--url", help="a server already running (then --pid for its memory)")
    ap.add_argument("--pid", type=int, help="pid of that server (its process tree is measured)")
    ap.add_argument("--users", default="1,20,50")
    ap.add_argument("--duration", type=float, default=90)
    ap.add_argument("--settle", type=float, default=150, help="idle seconds before the 'after' memory")
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--backends", type=int, help="SDG_BACKENDS for serve.sh")
    ap.add_argument("--db", type=Path, help="database (default: SDG_DB or data/sdg.duckdb, built if missing)")
    ap.add_argument("--assets", action="store_true", help="also fetch the JavaScript index.html names")
    ap.add_argument("--no-save", action="store_true")
    ap.add_argument("--no-warm", action="store_true", help="start measuring on cold server processes")
    a = ap.parse_args()
    # SIGTERM unwinds like Ctrl-C, so the server this started is stopped (finally below)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    users = [int(x) for x in a.users.split(",")]
    WORK.mkdir(parents=True, exist_ok=True)
    res: dict[str, Any] = {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "cpu_count": os.cpu_count(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "think_s": THINK_S,
        "hostile_p": HOSTILE_P,
        "budgets_spec": BUDGETS,
        "targets": {},
        "budgets": [],
    }
    if not a.url:
        a.db = a.db or WORK / "load.duckdb"  # its own: others may rebuild data/sdg.duckdb meanwhile
        if not a.db.exists():
            from lib.build import build

            log(f"building {a.db}")
            build(a.db)
        res["db"] = str(a.db.relative_to(ROOT) if a.db.is_relative_to(ROOT) else a.db)
    kw = {"timeout": a.timeout, "assets": a.assets}
    targets = [a.url] if a.url else a.target.split(",")
    for target in targets:
        proc = None
        if a.url:
            base, pid = a.url.rstrip("/"), a.pid
        else:
            port = free_port()
            log(f"{target}: starting on port {port}")
            proc = start(target, port, a.db, WORK / f"load-{target}.log", a.backends)
            base, pid = f"http://127.0.0.1:{port}", proc.pid
        try:
            if pid and not a.no_warm:  # each process once on every page: the floor is not a cold start
                for p in streamlit_ports(pid):
                    w = warm(f"http://127.0.0.1:{p}")
                    log(f"  warmed :{p} ({len(w.runs)} pages, {sum(r.seconds for r in w.runs):.1f} s)")
            phases = [phase(base, pid, n, a.duration, a.settle, seed=n, **kw) for n in users]
        finally:
            if proc:
                stop(proc)
        name = "url" if a.url else target
        res["targets"][name] = phases
        res["budgets"] += budgets(phases, name)
    res["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    print(render(res))
    if not a.no_save:
        save(res)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
