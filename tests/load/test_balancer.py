"""``bash scripts/serve.sh PORT`` (nginx in front of one Streamlit process per core): the
headers nginx adds, the metrics endpoint closed, the upload cap, sessions kept on one backend
and spread over all of them, every page working under the CSP in Chromium, and nothing left
running after SIGTERM or SIGINT."""

from __future__ import annotations

import asyncio
import http.client
import os
import re
import secrets
import shutil
import signal
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from lib.core.paths import ROOT
from tests.load.conftest import (
    Served,
    active_sessions,
    alive,
    backend_ports,
    descendants,
    nginx_problem,
    start_serve,
    stop_serve,
    wait_gone,
)


def get(s: Served, path: str, headers: dict[str, str] | None = None) -> http.client.HTTPResponse:
    """The response (its body read into ``r.body``); the path is sent as given, not normalised."""
    c = http.client.HTTPConnection("127.0.0.1", s.port, timeout=60)
    c.request("GET", path, headers=headers or {})
    r = c.getresponse()
    r.body = r.read()  # type: ignore[attr-defined]
    c.close()
    return r


# ----------------------------------------------------------------------------- headers


def test_security_headers_on_every_response(served: Served) -> None:
    for path in ("/", "/map?province=TH-58", "/_stcore/health", "/static/js/nope.js", "/_stcore/metrics"):
        r = get(served, path)
        h = {k.lower(): v for k, v in r.getheaders()}
        assert h.get("x-frame-options") == "DENY", (path, h)
        assert h.get("x-content-type-options") == "nosniff", (path, h)
        assert h.get("referrer-policy") == "same-origin", (path, h)
        csp = h.get("content-security-policy", "")
        assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp, (path, csp)
        assert "object-src 'none'" in csp, csp
        # this origin only: no host, no scheme wildcard, no eval, inline scripts only by hash
        assert not re.search(r"https?:|\bws[s]?:|\*|(?<!wasm-)unsafe-eval", csp), csp
        script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
        assert "unsafe-inline" not in script_src, csp
        assert "server" not in h or not re.search(r"\d", h["server"]), h.get("server")  # no version


def test_csp_hashes_match_the_inline_scripts_served(served: Served) -> None:
    """The page Streamlit serves has inline <script>s; each one's hash is in the CSP."""
    import base64
    import hashlib

    with urllib.request.urlopen(served.base + "/") as r:
        html = r.read().decode()
        csp = r.headers["Content-Security-Policy"]
    bodies = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S)
    assert bodies, "index.html has no inline script any more: the CSP's hashes can go"
    for b in bodies:
        digest = base64.b64encode(hashlib.sha256(b.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    # the app's own inline script: slide mode's clicker keys, which st.html inserts as an
    # inline <script> with exactly this text (test_pages_render_under_the_csp runs it)
    from lib.core.present import KEYS_SCRIPT

    digest = base64.b64encode(hashlib.sha256(KEYS_SCRIPT.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in csp


@pytest.mark.parametrize(
    "path",
    [
        "/_stcore/metrics",
        "/_stcore/metrics/",
        "/_stcore/metrics?families=active_sessions",
        "//_stcore/metrics",
        "/_stcore//metrics",
        "/_stcore/%6detrics",
        "/_stcore/./metrics",
        "/map/../_stcore/metrics",
        "/_STCORE/METRICS",
    ],
)
def test_metrics_endpoint_is_not_public(served: Served, path: str) -> None:
    r = get(served, path, {"Accept": "text/plain"})
    assert r.status == 404, (path, r.status)


def test_health_check_passes_through(served: Served) -> None:
    with urllib.request.urlopen(served.base + "/_stcore/health") as r:
        assert r.status == 200 and r.read().strip() == b"ok"


def test_sticky_cookie_set_once(served: Served) -> None:
    first = get(served, "/")
    cookie = first.getheader("Set-Cookie") or ""
    m = re.fullmatch(r"sdg_node=([0-9a-f]{32}); Path=/; HttpOnly; SameSite=Lax", cookie)
    assert m, cookie
    again = get(served, "/map", {"Cookie": f"sdg_node={m.group(1)}"})
    assert not any(v.startswith("sdg_node=") for k, v in again.getheaders() if k.lower() == "set-cookie")


def test_front_end_files_served_compressed(served: Served) -> None:
    with urllib.request.urlopen(served.base + "/") as r:
        src = re.search(r'src="\./(static/js/[^"]+\.js)"', r.read().decode()).group(1)  # type: ignore[union-attr]
    r = get(served, "/" + src, {"Accept-Encoding": "gzip"})
    assert r.status == 200
    assert r.getheader("Content-Type") == "application/javascript"
    assert r.getheader("Content-Encoding") == "gzip"
    assert "max-age=31536000" in (r.getheader("Cache-Control") or "")
    for path in ("/static/../app.py", "/static/..%2fapp.py", "/static/js/../../app.py", "/static/%2e%2e/app.py"):
        assert b"from lib.app import" not in get(served, path).body, path  # type: ignore[attr-defined]


def test_upload_limit_at_the_balancer(served: Served) -> None:
    """A body over Streamlit's upload limit is refused by nginx (413) before any backend reads it."""
    from streamlit import config

    limit_mb = int(config.get_option("server.maxUploadSize"))
    c = http.client.HTTPConnection("127.0.0.1", served.port, timeout=60)
    # announce the size only: nginx answers on the header, the body is never sent
    c.putrequest("PUT", "/_stcore/upload_file/x/y")
    c.putheader("Content-Length", str((limit_mb + 2) * 2**20))
    c.endheaders()
    assert c.getresponse().status == 413
    c.close()


# ----------------------------------------------------------------------------- sessions


async def _session_id(base: str, cookie: str, resume: str | None = None) -> str:
    """Open the websocket with this sticky cookie (resuming a session id if given), run the
    overview once, and return the session id the server answers with."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    u = urlparse(base)
    protocols = ["streamlit", "x", resume] if resume else ["streamlit"]  # 2nd: the XSRF token slot
    async with websockets.connect(
        f"ws://{u.netloc}/_stcore/stream",
        subprotocols=protocols,  # type: ignore[arg-type]
        additional_headers={"Cookie": f"sdg_node={cookie}"},
        max_size=None,
        open_timeout=60,
    ) as ws:
        m = BackMsg()
        m.rerun_script.query_string = "lang=en"
        await ws.send(m.SerializeToString())
        sid = ""
        async with asyncio.timeout(120):
            while True:
                f = ForwardMsg()
                f.ParseFromString(await ws.recv())
                if f.WhichOneof("type") == "new_session":
                    sid = f.new_session.initialize.session_id
                if f.WhichOneof("type") == "script_finished" and f.script_finished != f.FINISHED_EARLY_FOR_RERUN:
                    return sid


def test_sessions_stay_on_one_backend_and_spread_over_all(served: Served) -> None:
    """Sixteen browsers (sixteen sticky cookies) open sessions at once: every backend gets
    some; and eight of them, reconnecting with their session id, find their session again (a
    session on the other backend would get a new id: without stickiness about half would)."""
    import websockets

    ports = backend_ports(served)
    assert len(ports) >= 2, f"expected a backend per core, found ports {ports}\n{served.log_text()[-2000:]}"
    cookies = [secrets.token_hex(16) for _ in range(16)]  # all on one of 2 backends by chance: 2**-15

    async def hold_open() -> list[int]:
        u = urlparse(served.base)
        conns = [
            await websockets.connect(
                f"ws://{u.netloc}/_stcore/stream",
                subprotocols=["streamlit"],  # type: ignore[list-item]
                additional_headers={"Cookie": f"sdg_node={c}"},
                open_timeout=60,
            )
            for c in cookies
        ]
        try:
            return [await asyncio.to_thread(active_sessions, p) for p in ports]
        finally:
            for ws in conns:
                await ws.close()

    counts = asyncio.run(hold_open())
    assert sum(counts) >= len(cookies) and all(n > 0 for n in counts), (ports, counts)

    async def resume_all() -> list[tuple[str, str]]:
        first = await asyncio.gather(*(_session_id(served.base, c) for c in cookies[:8]))
        again = await asyncio.gather(*(_session_id(served.base, c, resume=s) for c, s in zip(cookies, first)))
        return list(zip(first, again))

    pairs = asyncio.run(resume_all())
    assert all(a and a == b for a, b in pairs), pairs


# ----------------------------------------------------------------------------- the browser


_CSP_WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`));
"""
_DONE = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && app.getAttribute('data-test-script-state') === 'notRunning'
      && app.getAttribute('data-test-connection-state') === 'CONNECTED'
      && !!document.querySelector('[data-testid=stMain] h1')
      && !document.querySelector('[data-testid="stSkeleton"]');
}"""
PAGES = ("/", "/map", "/province?province=TH-58", "/goal?goal=3", "/partners", "/data", "/coverage", "/admin")
SLIDES = ("/?present=1&step=2", "/map?present=1&step=4&dataset=demo")  # the clicker keys' inline script runs


def test_pages_render_under_the_csp(served: Served) -> None:
    """Every page through nginx in Chromium: drawn (title, charts' SVG), no exception box, no
    CSP violation, no console error, nothing fetched from another host."""
    from lib.brief.chromium import chromium_problem, launch

    if problem := chromium_problem():
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    with sync_playwright() as p:  # closed before the test ends: no event loop left for other tests
        browser = launch(p)
        ctx = browser.new_context(viewport={"width": 1600, "height": 1000})
        outside: list[str] = []

        def route(r) -> None:  # type: ignore[no-untyped-def]
            if (urlparse(r.request.url).hostname or "") in ("127.0.0.1", "localhost"):
                r.continue_()
            else:
                outside.append(r.request.url)
                r.abort()

        ctx.route("**/*", route)
        ctx.add_init_script(_CSP_WATCH)
        for path in PAGES + SLIDES:
            page = ctx.new_page()
            console: list[str] = []
            page.on("console", lambda m, c=console: c.append(m.text) if m.type == "error" else None)
            page.goto(served.base + path, wait_until="domcontentloaded")
            page.wait_for_function(_DONE, timeout=120_000, polling=200)
            page.wait_for_function(
                "() => [...document.querySelectorAll('[data-testid=stPlotlyChart]')]"
                ".every(e => e.querySelector('.main-svg'))",
                timeout=60_000,
            )
            if path in SLIDES:  # the keys' script ran: the CSP let it (its hash), nothing blocked it
                try:
                    page.wait_for_function("() => window.__sdgSlideKeys === true", timeout=30_000)
                except Exception:
                    problems.append(f"{path}: the slide keys' script did not run")
            csp = page.evaluate("window.__csp")
            exc = page.locator("[data-testid=stException]").all_inner_texts()
            # Streamlit's base-path probe on a deep link (streamlit#7074) logs a 404: not ours
            console = [c for c in console if "404" not in c]
            if csp or exc or console:
                problems.append(f"{path}: csp={csp} exceptions={[e[:300] for e in exc]} console={console}")
            page.close()
        ctx.close()
        browser.close()
    assert not outside, outside
    assert not problems, "\n".join(problems)


# ----------------------------------------------------------------------------- stopping


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_stops_everything_it_started(db_path: Path, tmp_path: Path, sig: signal.Signals) -> None:
    """serve.sh, its backends, nginx's master and worker: all gone after the signal, the port
    closed, the temporary folder removed."""
    if problem := nginx_problem():
        pytest.skip(problem)
    s = start_serve(db_path, tmp_path / "serve.log", backends=2)
    try:
        tree = descendants(s.proc.pid)
        cmds = [Path(f"/proc/{p}/cmdline").read_bytes().replace(b"\0", b" ").decode() for p in alive(tree)]
        assert sum("streamlit run" in c for c in cmds) == 2 and sum("nginx" in c for c in cmds) >= 2, cmds
        tmp_dirs = set(re.findall(r" -p (/\S*sdg-serve-[^/\s]+)", " ".join(cmds)))
        s.proc.send_signal(sig)
        s.proc.wait(timeout=30)
        left = wait_gone(tree)
        assert not left, f"still running after {sig.name}: {sorted(left)}"
        with pytest.raises(OSError):
            urllib.request.urlopen(s.base + "/_stcore/health", timeout=2)
        assert tmp_dirs and not any(Path(d).exists() for d in tmp_dirs), tmp_dirs
        assert s.proc.returncode == 0, s.log_text()[-2000:]
    finally:
        stop_serve(s.proc)


def test_children_stop_when_the_supervisor_is_killed(db_path: Path, tmp_path: Path) -> None:
    """SIGKILL leaves the supervisor no chance to clean up: the kernel stops its children."""
    if problem := nginx_problem():
        pytest.skip(problem)
    s = start_serve(db_path, tmp_path / "serve.log", backends=1)
    dirs: set[str] = set()
    try:
        tree = descendants(s.proc.pid)
        assert len(alive(tree)) >= 3, tree  # a backend, nginx's master and worker
        cmds = " ".join(Path(f"/proc/{p}/cmdline").read_bytes().replace(b"\0", b" ").decode() for p in alive(tree))
        dirs = set(re.findall(r" -p (/\S*sdg-serve-[^/\s]+)", cmds))
        s.proc.kill()
        s.proc.wait(timeout=10)
        assert not wait_gone(tree, timeout=30), f"left running after SIGKILL: {sorted(alive(tree))}"
    finally:
        stop_serve(s.proc)
        for d in dirs:  # a killed supervisor cannot remove its temporary folder: the test does
            shutil.rmtree(d, ignore_errors=True)


def test_refuses_a_bad_port(served: Served) -> None:
    import subprocess

    r = subprocess.run(["bash", "scripts/serve.sh"], cwd=ROOT, capture_output=True, text=True, timeout=30)
    assert r.returncode == 2 and "usage" in r.stderr
    r = subprocess.run(["bash", "scripts/serve.sh", "http"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "usage" in r.stderr
    # a port something already listens on: refused at once, the other server left alone
    r = subprocess.run(
        ["bash", "scripts/serve.sh", str(served.port)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "SDG_LISTEN": "127.0.0.1"},
    )
    assert r.returncode == 1 and "cannot listen" in r.stderr, r.stderr
    assert urllib.request.urlopen(served.base + "/_stcore/health", timeout=10).status == 200
