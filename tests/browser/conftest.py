"""Browser tests: the real app in a real (headless) Chromium, with the network cut.

One Streamlit server and one Chromium per session; one browser context (= one fresh
Streamlit session) per test. The server runs `streamlit run app.py` on a free localhost
port against the session's temporary database (tests/conftest.py builds it with
lib.build.build and points SDG_DB at it). Every request that is not to localhost is
aborted and recorded, so a page that needs the internet fails here.

Waiting: never fixed sleeps. Streamlit exposes its script-run state on
`[data-testid=stApp]` (`data-test-script-state`: initial -> running -> notRunning). An
init script counts the runs that finish (attribute turns to notRunning) so an action can
wait for *its* rerun, then for no `stSkeleton` and, where a chart is expected, for plotly
to have drawn its SVG.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENS = ROOT / "artifacts" / "screens"
VIEWPORT = {"width": 1600, "height": 1000}
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
THAI = re.compile(r"[\u0E00-\u0E7F]")
RUN_TIMEOUT_MS = 120_000  # generous: 2 shared cores, a cold server computes scores first

# page key -> (script, URL path). Streamlit's classic pages/ convention strips "N_" and ".py".
PAGE_SCRIPTS: dict[str, str] = {
    "overview": "app.py",
    "map": "pages/1_map.py",
    "province": "pages/2_province.py",
    "goal": "pages/3_goal.py",
    "partners": "pages/4_partners.py",
    "data": "pages/5_data.py",
    "admin": "pages/6_admin.py",
    "coverage": "pages/7_coverage.py",
    "progress": "pages/8_progress.py",
}
PAGE_PATHS: dict[str, str] = {
    "overview": "/",
    "map": "/map",
    "province": "/province",
    "goal": "/goal",
    "partners": "/partners",
    "data": "/data",
    "admin": "/admin",
    "coverage": "/coverage",
    "progress": "/progress",
}

# Console errors that are not the app's fault: (regex on "text @ url", why it is benign).
# Keep this list short and justified; anything else fails the test.
BENIGN_CONSOLE: tuple[tuple[re.Pattern[str], str], ...] = (
    # Chromium logs each request our route handler aborts as a failed load. The request
    # itself is recorded and judged by `external` (so it is not counted twice).
    (
        re.compile(r"net::ERR_FAILED @ https?://(?!127\.0\.0\.1|localhost)"),
        "echo of an external request we aborted (judged separately)",
    ),
    # On a deep link (/map, /province, ...) Streamlit's frontend first probes
    # <path>/_stcore/health and <path>/_stcore/host-config, gets 404, then uses the root:
    # streamlit/streamlit#7074 (open, P3). The app then works normally.
    (
        re.compile(r"status of 404 .* @ http://127\.0\.0\.1:\d+/[^/?]+/_stcore/(health|host-config)$"),
        "Streamlit's base-path probe on a deep link (streamlit#7074)",
    ),
)


def require_script(page: str) -> None:
    """Skip (not fail) a test whose page another developer has not written yet."""
    script = PAGE_SCRIPTS[page]
    if not (ROOT / script).exists():
        pytest.skip(f"{script} does not exist yet")


# ----------------------------------------------------------------------------- server


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(
    db: Path,
    log_path: Path,
    port: int | None = None,
    timeout: float = 90.0,
    script: str = "app.py",
    secrets: Path | None = None,
    env: dict[str, str] | None = None,
) -> tuple[subprocess.Popen[bytes], str]:
    """`streamlit run app.py` (or another ``script``) on a free port against `db`; returns
    (process, base URL) once /_stcore/health answers "ok". `secrets`: the one secrets.toml the
    server reads (``--secrets.files``, in place of .streamlit/secrets.toml); `env`: variables
    added to the server's environment."""
    port = port or _free_port()
    env = dict(os.environ, SDG_DB=str(db), PYTHONUNBUFFERED="1", **(env or {}))
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        "--server.runOnSave",
        "false",
    ]
    if secrets is not None:
        cmd += ["--secrets.files", str(secrets)]
    with open(log_path, "wb") as log:  # the server keeps its own copy of the descriptor
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{log_path.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as r:
                if r.status == 200 and r.read().strip() == b"ok":
                    return proc, base
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        if time.monotonic() > deadline:
            stop_server(proc)
            raise RuntimeError(f"streamlit did not become healthy in {timeout:.0f} s:\n{log_path.read_text()[-3000:]}")
        time.sleep(0.1)  # polling interval of the health check, not a wait for the app


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)  # its own session: the server and nothing else
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


@pytest.fixture(scope="session")
def server(db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of the app, served from the session's temporary database."""
    if not (ROOT / "app.py").exists():
        pytest.skip("app.py does not exist yet")
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    proc, base = start_server(db_path, log)
    yield base
    stop_server(proc)
    # Surface server-side tracebacks (they also show as stException in the page).
    text = log.read_text(errors="replace")
    if "Traceback" in text:
        print(f"\n--- streamlit server log ({log}) has tracebacks ---\n{text[-5000:]}")


# ----------------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    from lib.brief.chromium import chromium_problem, launch

    problem = chromium_problem()
    if problem:
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch(p)
        yield browser
        browser.close()


# Counts finished script runs: every time stApp's data-test-script-state becomes
# notRunning after having been something else. Installed before any page script runs.
_RUN_COUNTER = """
(() => {
  window.__sdgRuns = 0;
  let last = null;
  const check = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    const s = app ? app.getAttribute('data-test-script-state') : null;
    if (s !== last) {
      if (s === 'notRunning' && last !== null) window.__sdgRuns += 1;
      last = s;
    }
  };
  new MutationObserver(check).observe(document, {subtree: true, childList: true, attributes: true,
                                                 attributeFilter: ['data-test-script-state']});
})();
"""

_IDLE = """(n) => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && window.__sdgRuns > n
      && app.getAttribute('data-test-script-state') === 'notRunning'
      && app.getAttribute('data-test-connection-state') === 'CONNECTED'
      && !document.querySelector('[data-testid="stSkeleton"]');
}"""


@dataclass
class App:
    """One browser context + page on the app, with what it logged and what it tried to fetch."""

    base: str
    context: object
    page: object
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    # -- navigation and waiting --
    def url(self, path: str, **params: str) -> str:
        return self.base + path + (("?" + urlencode(params)) if params else "")

    def runs(self) -> int:
        return int(self.page.evaluate("window.__sdgRuns || 0"))

    def state(self) -> dict:
        """What the page shows right now (for failure messages)."""
        return self.page.evaluate("""() => {
          const app = document.querySelector('[data-testid="stApp"]');
          return {url: location.href, runs: window.__sdgRuns,
                  script: app && app.getAttribute('data-test-script-state'),
                  connection: app && app.getAttribute('data-test-connection-state'),
                  skeletons: document.querySelectorAll('[data-testid="stSkeleton"]').length,
                  charts: document.querySelectorAll('.js-plotly-plot').length,
                  drawn: document.querySelectorAll('.js-plotly-plot .main-svg').length,
                  exceptions: [...document.querySelectorAll('[data-testid="stException"]')]
                                .map(e => e.innerText.slice(0, 800))};
        }""")

    def _wait(self, fn: str, arg: object, timeout: int, what: str) -> None:
        from playwright.sync_api import TimeoutError as PwTimeout

        try:
            self.page.wait_for_function(fn, arg=arg, timeout=timeout, polling="raf")
        except PwTimeout:
            raise AssertionError(
                f"timed out after {timeout / 1000:.0f} s waiting for {what}; page state: {self.state()}"
            ) from None

    def wait_idle(self, after: int, timeout: int = RUN_TIMEOUT_MS) -> None:
        """Wait until a script run later than run number `after` has finished."""
        self._wait(_IDLE, after, timeout, f"a script run after run #{after} to finish")

    def open(self, path: str, **params: str) -> None:
        self.page.goto(self.url(path, **params), wait_until="domcontentloaded")
        self.wait_idle(0)

    def act(self, action) -> None:
        """Do something that reruns the script, and wait for that rerun to finish."""
        n = self.runs()
        action()
        self.wait_idle(n)

    def wait_charts(self, n: int = 1, timeout: int = 60_000) -> None:
        """Wait until at least `n` plotly charts, and every plotly chart element on the page,
        have drawn their SVG (no chart left blank)."""
        self._wait(
            """(n) => {
            const drawn = document.querySelectorAll('.js-plotly-plot .main-svg').length;
            const elements = document.querySelectorAll('[data-testid=stPlotlyChart]');
            const blank = [...elements].filter(e => !e.querySelector('.main-svg')).length;
            return drawn >= n && blank === 0;
        }""",
            n,
            timeout,
            f"{n} drawn plotly chart(s) and no blank one",
        )

    # -- reading --
    def body_text(self) -> str:
        return self.page.locator("[data-testid=stMain]").inner_text()

    def sidebar_text(self) -> str:
        return self.page.locator("[data-testid=stSidebar]").inner_text()

    def title(self) -> str:
        h1 = self.page.locator("[data-testid=stMain] h1")
        return h1.first.inner_text() if h1.count() else ""

    def params(self) -> dict[str, str]:
        q = parse_qs(urlparse(self.page.url).query)
        return {k: v[-1] for k, v in q.items()}

    def path(self) -> str:
        return urlparse(self.page.url).path

    def exceptions(self) -> list[str]:
        return self.page.locator("[data-testid=stException]").all_inner_texts()

    def assert_clean(self) -> None:
        """No exception box, no console error, no page error, nothing fetched from outside."""
        problems = []
        if exc := self.exceptions():
            problems.append("exception box(es):\n" + "\n---\n".join(e[:1500] for e in exc))
        if self.page_errors:
            problems.append("page errors: " + "; ".join(self.page_errors))
        if self.console_errors:
            problems.append("console errors: " + "; ".join(self.console_errors))
        if self.external:
            problems.append("requests outside localhost (blocked): " + ", ".join(sorted(set(self.external))))
        assert not problems, "\n".join(problems)

    def screenshot(self, name: str) -> Path:
        """Full-page PNG under artifacts/screens/. Streamlit scrolls inside stMain, not the
        document, so the viewport is grown to the content's height for the shot."""
        SCREENS.mkdir(parents=True, exist_ok=True)
        out = SCREENS / f"page-{name}.png"
        pg = self.page
        h = pg.evaluate("""() => {
            const m = document.querySelector('[data-testid=stMain]');
            const s = document.querySelector('[data-testid=stSidebarContent]');
            return Math.max(m ? m.scrollHeight : 0, s ? s.scrollHeight : 0, window.innerHeight);
        }""")
        h = int(min(max(h, VIEWPORT["height"]), 12_000))
        if h > VIEWPORT["height"]:
            pg.set_viewport_size({"width": VIEWPORT["width"], "height": h})
            # let layout settle: two animation frames after the resize
            pg.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        pg.screenshot(path=str(out), full_page=True)
        if h > VIEWPORT["height"]:
            pg.set_viewport_size(VIEWPORT)
        return out


def _is_benign(text: str) -> str | None:
    for pattern, why in BENIGN_CONSOLE:
        if pattern.search(text):
            return why
    return None


def new_app(chromium, base: str) -> App:
    """A fresh context (fresh Streamlit session) and page on the app at `base`, network limited
    to localhost, its console and page errors recorded (close ``app.context`` after use)."""
    context = chromium.new_context(viewport=VIEWPORT, accept_downloads=True, locale="th-TH")
    context.set_default_timeout(RUN_TIMEOUT_MS)
    page = context.new_page()
    a = App(base, context, page)

    def route(r) -> None:
        host = urlparse(r.request.url).hostname or ""
        scheme = urlparse(r.request.url).scheme
        if scheme in ("data", "blob") or host in LOCAL_HOSTS:
            r.continue_()
            return
        a.external.append(r.request.url)
        r.abort()

    context.route("**/*", route)

    def on_console(msg) -> None:
        if msg.type != "error":
            return
        text = f"{msg.text} @ {msg.location.get('url', '')}"
        if why := _is_benign(text):
            a.ignored.append(f"{text} ({why})")
        else:
            a.console_errors.append(text[:500])

    page.on("console", on_console)
    page.on("pageerror", lambda e: a.page_errors.append(str(e)[:500]))
    page.add_init_script(_RUN_COUNTER)
    return a


@pytest.fixture()
def web(server: str, chromium) -> Iterator[App]:
    """A fresh context (fresh Streamlit session) and page, network limited to localhost."""
    a = new_app(chromium, server)
    yield a
    a.context.close()
