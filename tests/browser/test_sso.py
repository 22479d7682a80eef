"""Single sign-on in a real browser: the served app with Streamlit's OpenID Connect login
configured in its secrets, against a local provider (oidc-provider-mock, run as its own
process on this machine), with every request outside this machine aborted.

The server reads one secrets file written here (start_server's `secrets`: ``--secrets.files``);
its database is a copy of the session's with one admin whose e-mail is the provider's subject.
Cases: the admin signs in through the provider and out again (the grant and Streamlit's
identity cookie both end); an e-mail with no account, and one the provider has not verified,
are refused with the message; each outcome is in the audit log."""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pytest

from lib.users import accounts, control
from tests.browser.conftest import _RUN_COUNTER, LOCAL_HOSTS, RUN_TIMEOUT_MS, VIEWPORT, App, start_server, stop_server
from tests.browser.conftest import _free_port as free_port

pytestmark = pytest.mark.browser

ADMIN, EMAIL = "ada", "ada@ministry.example"
STRANGER = "nobody@ministry.example"  # no account has it
UNVERIFIED = "ada-unverified"  # the provider's predefined subject whose e-mail is not verified
PASSWORD = "test-pass-ตรวจสอบ"
LABEL = "Ministry ID"  # the provider's label on the button
ZWSP = "\u200b"  # lib.app.text.inert breaks autolinks (an e-mail) with it


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a local OpenID Connect provider (any client id and secret are accepted)."""
    port = free_port()
    log = tmp_path_factory.mktemp("oidc") / "provider.log"
    claims = {"sub": UNVERIFIED, "email": "ada.unverified@ministry.example", "email_verified": False}
    cmd = [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", str(port)]
    cmd += ["--user-claims", json.dumps(claims)]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(base + "/.well-known/openid-configuration", timeout=2) as r:
                if r.status == 200:
                    break
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            raise RuntimeError(f"the OIDC provider did not start:\n{log.read_text()[-3000:]}")
        time.sleep(0.1)  # polling interval of the start-up check
    yield base
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=10)


@dataclass
class Served:
    base: str
    db: Path
    log: Path


@pytest.fixture(scope="module")
def served(db_path: Path, tmp_path_factory: pytest.TempPathFactory, provider: str) -> Iterator[Served]:
    """The app with single sign-on configured, on a database with one admin who has an e-mail."""
    where = tmp_path_factory.mktemp("sso")
    db, log, secrets_file = where / "sdg.duckdb", where / "streamlit.log", where / "secrets.toml"
    shutil.copyfile(db_path, db)
    with control.opened(db) as con:
        accounts.add(con, db, ADMIN, accounts.ADMIN, PASSWORD, by=None, email=EMAIL)
    port = free_port()
    secrets_file.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        "[auth.ministry]\n"
        f'label = "{LABEL}"\n'
        'client_id = "sdg-dashboard"\n'
        'client_secret = "test-client-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    proc, base = start_server(db, log, port=port, secrets=secrets_file)
    yield Served(base, db, log)
    stop_server(proc)
    text = log.read_text(errors="replace")
    if "Traceback" in text:
        print(f"\n--- streamlit server log ({log}) has tracebacks ---\n{text[-5000:]}")


@dataclass
class Browser:
    app: App
    provider: str
    outside: list[tuple[str, str]]  # (URL asked for, page it was asked from), aborted


@pytest.fixture()
def browser(served: Served, provider: str, chromium) -> Iterator[Browser]:
    """A fresh context on the app, every request outside this machine aborted and recorded."""
    context = chromium.new_context(viewport=VIEWPORT, locale="en-US")
    context.set_default_timeout(RUN_TIMEOUT_MS)
    page = context.new_page()
    app = App(served.base, context, page)
    outside: list[tuple[str, str]] = []

    def route(r) -> None:
        url = urlparse(r.request.url)
        if url.scheme in ("data", "blob") or (url.hostname or "") in LOCAL_HOSTS:
            r.continue_()
            return
        outside.append((r.request.url, page.url))
        r.abort()

    context.route("**/*", route)
    page.on("pageerror", lambda e: app.page_errors.append(str(e)[:500]))
    page.add_init_script(_RUN_COUNTER)
    yield Browser(app, provider, outside)
    context.close()


def text(app: App) -> str:
    return app.body_text().replace(ZWSP, "")


def audit_rows(db: Path) -> list[tuple[str, str, dict[str, object]]]:
    with control.opened(db) as con:
        rows = con.execute("SELECT action, actor, detail FROM audit ORDER BY audit_id").fetchall()
    return [(str(a), str(b), json.loads(c)) for a, b, c in rows]


def through_provider(b: Browser, subject: str) -> None:
    """On the admin page: the single sign-on button, the provider's form, back to the app."""
    b.app.open("/admin", lang="en")
    b.app.page.get_by_role("button", name=f"Sign in with {LABEL}").click()
    b.app.page.wait_for_url(re.compile(re.escape(b.provider) + r"/oauth2/authorize"))
    page = b.app.page
    if subject == UNVERIFIED:
        page.get_by_role("button", name=UNVERIFIED, exact=True).click()
    else:
        page.locator("input[name=sub]").fill(subject)
        page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(re.compile(re.escape(b.app.base) + r"/(\?.*)?$"))  # Streamlit lands on the home page
    b.app.wait_idle(0)


def assert_only_the_provider_went_outside(b: Browser) -> None:
    """The app's pages fetched nothing outside; the mock provider's own pages load a stylesheet
    from a CDN (aborted, it is not the app's)."""
    from_app = [(url, at) for url, at in b.outside if not at.startswith(b.provider)]
    assert not from_app, from_app
    assert not b.app.page_errors, b.app.page_errors


def test_sign_in_through_the_provider_and_out(browser: Browser, served: Served) -> None:
    b = browser
    b.app.open("/admin", lang="en")
    assert f"Sign in with {LABEL}" in text(b.app)
    assert b.app.page.get_by_label("Account name").count() == 1  # the password form stays
    through_provider(b, EMAIL)
    assert any(c["name"].startswith("_streamlit_user") for c in b.app.context.cookies())
    b.app.open("/admin", lang="en")
    body = text(b.app)
    assert "Signed in as ada · role admin" in body, body[:2000]
    assert not b.app.exceptions()
    action, actor, detail = audit_rows(served.db)[-1]
    assert (action, actor) == ("login_sso", ADMIN)
    assert detail["email"] == EMAIL and detail["provider"] == "ministry"

    b.app.page.get_by_role("button", name="Sign out").click()  # the grant, then the provider's sign-in
    b.app.page.wait_for_url(re.compile(re.escape(b.provider) + r"/oauth2/end_session"))
    b.app.page.get_by_role("button", name="End session").click()
    b.app.page.wait_for_url(re.compile(re.escape(b.app.base) + r"/(\?.*)?$"))
    assert not any(c["name"].startswith("_streamlit_user") for c in b.app.context.cookies())
    b.app.open("/admin", lang="en")
    body = text(b.app)
    assert "Signed in as" not in body and f"Sign in with {LABEL}" in body
    assert [a for a, _, _ in audit_rows(served.db)].count("login_sso") == 1  # not signed in again
    assert_only_the_provider_went_outside(b)


def test_an_email_without_an_account_is_refused(browser: Browser, served: Served) -> None:
    b = browser
    through_provider(b, STRANGER)
    b.app.open("/admin", lang="en")
    body = text(b.app)
    assert f"No account of this dashboard has the e-mail {STRANGER}" in body, body[:2000]
    assert "Signed in as" not in body
    assert b.app.page.get_by_role("button", name=f"Sign out of {LABEL}").count() == 1
    assert b.app.page.get_by_label("Account name").count() == 1
    action, actor, detail = audit_rows(served.db)[-1]
    assert (action, actor, detail["reason"], detail["email"]) == ("login_sso_refused", STRANGER, "unknown", STRANGER)
    assert_only_the_provider_went_outside(b)


def test_an_unverified_email_is_refused(browser: Browser, served: Served) -> None:
    b = browser
    through_provider(b, UNVERIFIED)
    b.app.open("/admin", lang="en")
    body = text(b.app)
    assert f"{LABEL} has not verified the e-mail ada.unverified@ministry.example" in body, body[:2000]
    action, _, detail = audit_rows(served.db)[-1]
    assert (action, detail["reason"]) == ("login_sso_refused", "unverified")
    assert_only_the_provider_went_outside(b)
