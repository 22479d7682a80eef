"""Issue 14's two-server test: ``bash scripts/serve.sh PORT`` (two Streamlit processes behind
nginx) reading one working database; sessions on both backends; a submission is approved and
published as release 1 through the command lines; within seconds both backends serve it ("Data
as of release 1" on the page), and no session sees an error."""

from __future__ import annotations

import asyncio
import secrets
import shutil
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from lib.core.paths import ROOT
from lib.i18n import t
from lib.ingest import cli as ingest_cli
from lib.release import cli as release_cli
from lib.review import cli as review_cli
from lib.users import accounts, control
from tests.load.conftest import Served, active_sessions, backend_ports, nginx_problem, start_serve, stop_serve

FIXTURE = ROOT / "tests" / "fixtures" / "review" / "chiang_mai_unemployment.csv"
WITHIN_S = 10.0  # both backends serve a new release this soon after it is published


async def _run(base: str, cookie: str) -> tuple[bytes, int]:
    """One run of the overview over Streamlit's websocket with this sticky cookie: every
    message's bytes, and how many exception elements it carried."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    u = urlparse(base)
    seen, errors = b"", 0
    async with websockets.connect(
        f"ws://{u.netloc}/_stcore/stream",
        subprotocols=["streamlit"],  # type: ignore[list-item]
        additional_headers={"Cookie": f"sdg_node={cookie}"},
        max_size=None,
        open_timeout=60,
    ) as ws:
        m = BackMsg()
        m.rerun_script.query_string = "lang=en"
        await ws.send(m.SerializeToString())
        async with asyncio.timeout(120):
            while True:
                raw = await ws.recv()
                f = ForwardMsg()
                f.ParseFromString(raw)
                seen += raw if isinstance(raw, bytes) else raw.encode()
                if f.WhichOneof("type") == "delta" and f.delta.new_element.WhichOneof("type") == "exception":
                    errors += 1
                if f.WhichOneof("type") == "script_finished" and f.script_finished != f.FINISHED_EARLY_FOR_RERUN:
                    return seen, errors


def _backend_of(s: Served, cookie: str, ports: list[int]) -> int:
    """The backend port a cookie's sessions land on (its session shows in that backend's count)."""
    import websockets

    async def probe() -> int:
        before = [active_sessions(p) for p in ports]
        u = urlparse(s.base)
        async with websockets.connect(
            f"ws://{u.netloc}/_stcore/stream",
            subprotocols=["streamlit"],  # type: ignore[list-item]
            additional_headers={"Cookie": f"sdg_node={cookie}"},
            open_timeout=60,
        ):
            after = [await asyncio.to_thread(active_sessions, p) for p in ports]
        grown = [p for p, a, b in zip(ports, after, before, strict=True) if a > b]
        assert len(grown) == 1, (before, after)
        return grown[0]

    return asyncio.run(probe())


@pytest.fixture()
def working(db_path: Path, tmp_path: Path) -> Path:
    db = tmp_path / "work" / "sdg.duckdb"
    db.parent.mkdir()
    shutil.copyfile(db_path, db)
    with control.opened(db) as con:
        accounts.add(con, db, "boss", "admin", "boss-password-123", by=None)
        accounts.add(con, db, "sam", "submitter", "sam-password-1234", by="boss", provinces=["TH-50"])
        accounts.add(con, db, "rita", "reviewer", "rita-password-123", by="boss")
    return db


def test_both_servers_serve_a_new_release_within_seconds(working: Path, tmp_path: Path) -> None:
    if problem := nginx_problem():
        pytest.skip(problem)
    served = start_serve(working, tmp_path / "serve.log", backends=2)
    try:
        ports = backend_ports(served)
        assert len(ports) == 2, ports
        cookies: dict[int, str] = {}
        while len(cookies) < 2:  # one browser on each backend
            c = secrets.token_hex(16)
            cookies.setdefault(_backend_of(served, c, ports), c)
        label = t("release_label_nodate", "en", n=1).encode()
        for cookie in cookies.values():
            seen, errors = asyncio.run(_run(served.base, cookie))
            assert errors == 0 and label not in seen

        db = ["--db", str(working)]
        assert ingest_cli.main([str(FIXTURE), "--submit", "--as", "sam", *db]) == 0
        assert review_cli.main(["approve", "1", "--as", "rita", "--reason", "checked", *db]) == 0
        assert release_cli.main(["publish", "--as", "boss", *db]) == 0
        published = time.monotonic()

        for port, cookie in cookies.items():
            while True:
                seen, errors = asyncio.run(_run(served.base, cookie))
                assert errors == 0, f"backend {port}: an exception element after the publish"
                if label in seen:
                    break
                assert time.monotonic() - published < WITHIN_S, f"backend {port} still serves the old data"
                time.sleep(0.5)
        assert "Traceback" not in served.log_text()
    finally:
        stop_serve(served.proc)
