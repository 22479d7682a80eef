"""The served app against the attack run's findings, over Streamlit's own protocol (no
Chromium): uploads capped and only for a signed-in admin, a session id worth nothing to a
second client, no cache any visitor can clear, no error details for visitors.

Each test plays a client with tests/browser/stclient.py; the server is started here on a copy
of the test database holding one admin account (tests/browser/conftest.py's start_server)."""

from __future__ import annotations

import os
import re
import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from lib.ingest import DEFAULT_LIMITS
from lib.users import accounts, control
from tests.browser.conftest import start_server, stop_server
from tests.browser.stclient import Session, sign_in, upload, xsrf_cookie

ADMIN = "ada"
PASSWORD = "test-pass-ตรวจสอบ"
MB = 1024 * 1024


@pytest.fixture(scope="module")
def served(db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int, Path]]:
    """(base URL, server pid, log) of a server whose database has one admin account."""
    where = tmp_path_factory.mktemp("hardening")
    db, log = where / "sdg.duckdb", where / "streamlit.log"
    shutil.copyfile(db_path, db)
    with control.opened(db) as con:
        accounts.add(con, db, ADMIN, "admin", PASSWORD, by=None)
    proc, base = start_server(db, log)
    yield base, proc.pid, log
    stop_server(proc)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def visitor(base: str) -> tuple[Session, str]:
    """A browser that opened the home page: its session and its XSRF cookie."""
    cookie = xsrf_cookie(base)
    s = Session(base, cookie=cookie).open()
    assert s.run(params={"lang": "en"}).status == "FINISHED_SUCCESSFULLY"
    return s, cookie


def test_an_upload_over_the_cap_is_refused(served: tuple[str, int, Path]) -> None:
    """The finding: any session could PUT Streamlit's default 200 MB per file. The server's cap
    is now the importer's 20 MB, refused before the body is read."""
    base, _, _ = served
    s, cookie = visitor(base)
    try:
        status = upload(base, str(s.session_id), cookie, b"x" * (DEFAULT_LIMITS.max_bytes + MB))
        assert status in (0, 413), status  # 413, or the connection closed on the oversized body
    finally:
        s.close()


def test_uploads_need_an_admin_sign_in(served: tuple[str, int, Path]) -> None:
    """The finding: uploads filled server memory without logging in (3 x 150 MB accepted, held
    a minute later). A session without an admin grant gets 403 and nothing is kept; a
    signed-in admin's session may upload."""
    base, pid, _ = served
    s, cookie = visitor(base)
    try:
        before = rss_mb(pid)
        statuses = [upload(base, str(s.session_id), cookie, os.urandom(19 * MB)) for _ in range(5)]
        after = rss_mb(pid)
        print(f"\nserver RSS {before:.0f} MB -> {after:.0f} MB after 5 x 19 MB uploads refused")
        assert statuses == [403] * 5
        assert after - before < 60, "refused uploads must not stay in memory"
    finally:
        s.close()
    admin = Session(base, cookie=xsrf_cookie(base)).open()
    try:
        run = sign_in(admin, ADMIN, PASSWORD)
        assert run.of("file_uploader"), run.texts()
        assert upload(base, str(admin.session_id), str(admin.cookie), b"province,value\n") == 204
    finally:
        admin.close()


def test_a_second_client_with_the_session_id_gets_no_admin_page(served: tuple[str, int, Path]) -> None:
    """The finding: a client presenting a signed-in session's id (it is in upload URLs) got the
    unlocked page. Another browser joining that session finds the sign-in form, and the grant
    is revoked for the session."""
    base, _, log = served
    owner = Session(base, cookie=xsrf_cookie(base)).open()
    run = sign_in(owner, ADMIN, PASSWORD)
    assert run.of("file_uploader")
    session_id = str(owner.session_id)
    attacker = Session(base, cookie=xsrf_cookie(base), session_id=session_id).open()
    try:
        run = attacker.run("admin", {"lang": "en"})
        assert attacker.session_id in (None, session_id)  # it did join the session
        assert not run.of("file_uploader") and run.of("text_input"), run.texts()
        assert any("opened from another browser" in t for t in run.texts())
    finally:
        attacker.close()
    owner.close()
    back = Session(base, cookie=owner.cookie, session_id=session_id).open()  # the owner reconnects
    try:
        run = back.run("admin", {"lang": "en"})
        assert not run.of("file_uploader")  # signed out: the grant went with the attempt
    finally:
        back.close()
    assert "presented by another client: grant revoked" in log.read_text()


def _misses(base: str) -> int:
    text = urllib.request.urlopen(base + "/_stcore/metrics", timeout=30).read().decode()
    return sum(
        int(float(m.group(1)))
        for m in re.finditer(r'^cache_lookups_total\{[^}]*result="miss"[^}]*\} (\S+)$', text, re.M)
    )


def test_no_visitor_can_clear_the_shared_caches(served: tuple[str, int, Path]) -> None:
    """The finding: any visitor could clear every cache (menu item, `c` key, or one websocket
    message), so everyone's next run recomputed. The message is refused: after it, a page run
    finds everything cached (no new cache miss)."""
    base, _, log = served
    s, _ = visitor(base)
    try:
        s.run(params={"lang": "en"})  # warm
        misses = _misses(base)
        s.clear_cache()
        run = s.run(params={"lang": "en"})
        assert run.status == "FINISHED_SUCCESSFULLY"
        assert _misses(base) == misses
    finally:
        s.close()
    assert "asked to clear the shared caches: refused" in log.read_text()


FAILING_PAGE = """
import streamlit as st
st.write("hello")
raise RuntimeError("cannot open /srv/sdg/secret/config.toml")
"""


def test_visitors_see_no_error_details(db_path: Path, tmp_path: Path) -> None:
    """The finding: tracebacks with server paths were shown to users. An exception before the
    app's own handler (lib.app.errors) is shown by Streamlit without type, message or trace."""
    script = tmp_path / "failing.py"
    script.write_text(FAILING_PAGE)
    proc, base = start_server(db_path, tmp_path / "log.txt", script=str(script))
    try:
        with Session(base) as s:
            run = s.run()
        shown = [(e.exception.type, e.exception.message, list(e.exception.stack_trace)) for e in run.of("exception")]
        assert len(shown) == 1
        kind, message, trace = shown[0]
        assert not trace and "/srv" not in message and "RuntimeError" not in kind + message
    finally:
        stop_server(proc)
    assert "cannot open /srv/sdg/secret/config.toml" in (tmp_path / "log.txt").read_text()  # kept in the log
