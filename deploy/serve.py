"""Serve the app on one port from several Streamlit processes behind nginx.

Started by ``bash scripts/serve.sh PORT`` (that script checks nginx is installed and execs this
file, so its pid is this process). What it does, in order:

1. builds the database if it is missing (``python3 -m lib.build``), once, before any backend
   starts, so the backends do not race to build it;
2. starts SDG_BACKENDS (default: the number of cores) ``streamlit run app.py`` processes on free
   localhost ports, each in its own process group, and waits until each answers its health check;
3. renders deploy/nginx.conf.template into a temporary folder and runs nginx as a child (not a
   daemon) on PORT, on SDG_LISTEN (default every interface);
4. waits. A backend that exits is started again (at most 3 times a minute); nginx exiting, or a
   backend failing faster than that, stops everything with exit status 1.

On SIGTERM or SIGINT (and on any failure) it stops every process group it started (SIGTERM,
then SIGKILL after 10 s), removes the temporary folder and exits; nothing is left running. If
the supervisor itself is killed outright (SIGKILL), the kernel sends its children SIGTERM.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "deploy" / "nginx.conf.template"
HEALTH_TIMEOUT_S = 180.0  # a cold start on 2 busy cores imports streamlit, pandas, plotly
STOP_TIMEOUT_S = 10.0
RESTARTS_PER_MINUTE = 3


def log(msg: str) -> None:
    print(f"serve: {msg}", file=sys.stderr, flush=True)


class Stop(Exception):
    """Raised in the main thread by SIGTERM / SIGINT."""


def _on_signal(signum: int, _frame: FrameType | None) -> None:
    raise Stop(signal.Signals(signum).name)


# ----------------------------------------------------------------------------- configuration


def free_ports(n: int) -> list[int]:
    """n distinct free localhost ports (held open together while they are chosen)."""
    socks = []
    try:
        for _ in range(n):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            socks.append(s)
        return [int(s.getsockname()[1]) for s in socks]
    finally:
        for s in socks:
            s.close()


def streamlit_static() -> Path:
    """The front-end files of the installed Streamlit (found without importing it here)."""
    spec = importlib.util.find_spec("streamlit")
    if spec is None or spec.origin is None:
        raise SystemExit("serve: streamlit is not installed (pip install -r requirements.lock)")
    return Path(spec.origin).parent / "static"


def copy_static(tmp: Path) -> Path:
    """A copy of those files in the temporary folder: nginx workers run as nobody when started
    as root and cannot read a package under /root; the copy is also what the running backends
    were started with, should the package be upgraded meanwhile (26 MB, a fraction of a second)."""
    out = tmp / "static"
    shutil.copytree(streamlit_static() / "static", out)
    for p in (out, *out.rglob("*")):
        p.chmod(0o755 if p.is_dir() else 0o644)
    return out


def port_problem(host: str, port: int) -> str | None:
    """Why nginx could not listen there (checked first, so a busy port fails in a second,
    and a server already on it is never mistaken for this one)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as nginx does
        try:
            s.bind((host, port))
        except OSError as exc:
            return f"cannot listen on {host}:{port}: {exc.strerror}"
    return None


def inline_script_hashes() -> list[str]:
    """CSP hashes of the inline <script> blocks of Streamlit's index.html (one today:
    ``window.prerenderReady = false``), so the CSP needs no 'unsafe-inline' for scripts."""
    html = (streamlit_static() / "index.html").read_text(encoding="utf-8")
    bodies = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S)
    return [csp_hash(b) for b in bodies]


def csp_hash(body: str) -> str:
    """The CSP source of one inline script: its text's sha256, as browsers compute it."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"


def app_script_hashes() -> list[str]:
    """CSP hashes of the app's own inline scripts: slide mode's clicker keys, which st.html
    (unsafe_allow_javascript) inserts as an inline <script> with this text, kept in one
    constant (lib.core.present.KEYS_SCRIPT, no Streamlit imported)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from lib.core.present import KEYS_SCRIPT

    return [csp_hash(KEYS_SCRIPT)]


def content_security_policy() -> str:
    return "; ".join(
        [
            "default-src 'self'",
            # 'wasm-unsafe-eval': Streamlit's protobuf decoder compiles WebAssembly (not JS eval)
            "script-src 'self' 'wasm-unsafe-eval' " + " ".join(inline_script_hashes() + app_script_hashes()),
            "style-src 'self' 'unsafe-inline'",  # emotion's runtime styles, st.html <style>
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",  # fetches and the websocket to this origin
            "worker-src 'self' blob:",
            "media-src 'self' data: blob:",
            "frame-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def max_body() -> str:
    """nginx's body limit: Streamlit's own server.maxUploadSize (MB, as .streamlit/config.toml
    or the environment set it) plus 1 MB for the multipart envelope. Asked of Streamlit in a
    subprocess, so this supervisor does not hold Streamlit's memory for the server's lifetime."""
    ask = "from streamlit import config; print(config.get_option('server.maxUploadSize'))"
    out = subprocess.run([sys.executable, "-c", ask], cwd=ROOT, capture_output=True, text=True, check=True)
    return f"{int(out.stdout.strip().splitlines()[-1]) + 1}m"


def render(tmp: Path, listen: str, ports: list[int]) -> Path:
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in ports)
    fields = {
        "TMP": str(tmp),
        "LISTEN": listen,
        "SERVERS": servers,
        "MAX_BODY": max_body(),
        "CSP": content_security_policy(),
        "STREAMLIT_STATIC": str(copy_static(tmp)),
    }
    text = TEMPLATE.read_text(encoding="utf-8")
    for key, value in fields.items():
        text = text.replace(f"@@{key}@@", value)
    left = re.findall(r"@@\w+@@", text)
    if left:
        raise SystemExit(f"serve: {TEMPLATE} has fields nothing fills: {left}")
    out = tmp / "nginx.conf"
    out.write_text(text, encoding="utf-8")
    return out


def backend_command(port: int) -> list[str]:
    # Every option a backend behind the balancer needs, on the command line so that
    # .streamlit/config.toml stays the one file for the app's own settings.
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.address=127.0.0.1",  # only nginx reaches a backend
        f"--server.port={port}",
        "--server.headless=true",
        "--server.fileWatcherType=none",
        "--server.runOnSave=false",
        "--server.enableCORS=true",  # same origin through nginx: it forwards Host with the port
        "--server.enableXsrfProtection=true",
        "--browser.gatherUsageStats=false",
    ]


# ----------------------------------------------------------------------------- processes


class Supervisor:
    def __init__(self) -> None:
        self.procs: dict[str, subprocess.Popen[bytes]] = {}

    def start(self, name: str, cmd: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
        # its own process group: stopping it stops whatever it started (a brief's Chromium)
        p = subprocess.Popen(
            cmd, cwd=ROOT, env=env, start_new_session=True, stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent
        )
        self.procs[name] = p
        return p

    def stop(self) -> None:
        live = {n: p for n, p in self.procs.items() if p.poll() is None}
        for p in live.values():
            _killpg(p.pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT_S
        for name, p in live.items():
            try:
                p.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                log(f"{name} did not stop in {STOP_TIMEOUT_S:.0f} s: killing it")
                _killpg(p.pid, signal.SIGKILL)
                p.wait()
        for p in live.values():  # the group may outlive its leader (a child that kept running)
            _killpg(p.pid, signal.SIGKILL)


def _die_with_parent() -> None:
    """In the child before exec: SIGTERM it when this supervisor dies, even by SIGKILL (Linux
    prctl PR_SET_PDEATHSIG), so no backend outlives a supervisor that could not clean up."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: SIGTERM/SIGINT still stop everything


def _killpg(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def wait_healthy(url: str, proc: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + HEALTH_TIMEOUT_S
    while True:
        if proc.poll() is not None:
            raise SystemExit(f"serve: {what} exited with status {proc.returncode} while starting")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200 and r.read().strip() == b"ok":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        if time.monotonic() > deadline:
            raise SystemExit(f"serve: {what} did not answer {url} in {HEALTH_TIMEOUT_S:.0f} s")
        time.sleep(0.2)  # polling interval of the health check


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not argv[0].isdigit() or not 0 < int(argv[0]) < 65536:
        print("usage: bash scripts/serve.sh PORT", file=sys.stderr)
        return 2
    port = int(argv[0])
    n = int(os.environ.get("SDG_BACKENDS") or os.cpu_count() or 1)
    listen_host = os.environ.get("SDG_LISTEN", "")
    listen = f"{listen_host}:{port}" if listen_host else str(port)
    nginx = os.environ.get("SDG_NGINX") or shutil.which("nginx") or "/usr/sbin/nginx"
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    if problem := port_problem(listen_host or "0.0.0.0", port):
        log(problem)
        return 1

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    sup = Supervisor()
    tmp = Path(tempfile.mkdtemp(prefix="sdg-serve-"))
    tmp.chmod(0o711)  # nginx workers run as nobody when started as root: they must reach the temp paths
    try:
        from lib.core.paths import db_path

        env = dict(os.environ)
        # One secret for all backends (cookies signed by one are valid on another).
        env.setdefault("STREAMLIT_SERVER_COOKIE_SECRET", secrets.token_hex(32))
        if not db_path().exists():
            log(f"building {db_path()} (first start)")
            build = sup.start("build", [sys.executable, "-m", "lib.build"], env)
            if build.wait() != 0:
                log("the database build failed")
                return 1
        ports = free_ports(n)
        backends = {f"backend {i + 1} (:{p})": p for i, p in enumerate(ports)}
        for name, p in backends.items():
            sup.start(name, backend_command(p), env)
        for name, p in backends.items():
            wait_healthy(f"http://127.0.0.1:{p}/_stcore/health", sup.procs[name], name)
        conf = render(tmp, listen, ports)
        check = subprocess.run([nginx, "-t", "-q", "-p", str(tmp), "-c", str(conf), "-e", "stderr"], check=False)
        if check.returncode != 0:
            log(f"nginx rejected {conf}")
            return 1
        ng = sup.start("nginx", [nginx, "-p", str(tmp), "-c", str(conf), "-e", "stderr"], env)
        wait_healthy(f"http://{listen_host or '127.0.0.1'}:{port}/_stcore/health", ng, "nginx")
        log(f"serving on port {port}: {n} Streamlit process(es) behind nginx (pid {os.getpid()})")
        return supervise(sup, backends, env)
    except Stop as why:
        log(f"{why}: stopping")
        return 0
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # let the cleanup finish
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        sup.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def supervise(sup: Supervisor, backends: dict[str, int], env: dict[str, str]) -> int:
    restarts: list[float] = []
    while True:
        time.sleep(0.5)  # poll the children; signals interrupt the sleep
        if sup.procs["nginx"].poll() is not None:
            log(f"nginx exited with status {sup.procs['nginx'].returncode}: stopping")
            return 1
        for name, p in backends.items():
            proc = sup.procs[name]
            if proc.poll() is None:
                continue
            now = time.monotonic()
            restarts = [t for t in restarts if now - t < 60] + [now]
            if len(restarts) > RESTARTS_PER_MINUTE:
                log(f"{name} exited with status {proc.returncode}, too many restarts: stopping")
                return 1
            log(f"{name} exited with status {proc.returncode}: starting it again")
            _killpg(proc.pid, signal.SIGKILL)  # whatever it left in its group
            sup.start(name, backend_command(p), env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
