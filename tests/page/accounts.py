"""Accounts for the page tests: a cast in the control store beside a test's database (cheap
Argon2 parameters), the sessions' and throttle's clock moved by the test, and signing in
through the form as a person does."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from streamlit.testing.v1 import AppTest

from lib.app import admin
from lib.core import throttle
from lib.users import accounts, control

PASSWORD = "correct horse battery"  # every account's password
CHEAP = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)  # Argon2id, fast for tests


class Clock:
    """The wall clock of sessions and of the throttle, moved by the tests (no real waiting)."""

    def __init__(self) -> None:
        # a minute ahead: accounts the test makes afterwards have passwords set "before" sign-in
        # (accounts.session_valid ends sessions older than the password)
        self.now = time.time() + 60

    def __call__(self) -> float:
        return self.now


@pytest.fixture()
def gate_clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """No grants from other tests (they are shared by the process), cheap hashes, a clock."""
    clock = Clock()
    monkeypatch.setattr(admin, "CLOCK", clock)
    monkeypatch.setattr(admin, "_GRANTS", {})
    monkeypatch.setattr(accounts, "HASHER", CHEAP)
    return clock


def cast(db: Path) -> None:
    """boss (admin), rita (reviewer), sam (submitter for Chiang Mai, TH-50)."""
    with control.opened(db) as con:
        accounts.add(con, db, "boss", accounts.ADMIN, PASSWORD, by=None)
        accounts.add(con, db, "rita", accounts.REVIEWER, PASSWORD, by="boss")
        accounts.add(con, db, "sam", accounts.SUBMITTER, PASSWORD, by="boss", provinces=["TH-50"])


def sign_in(at: AppTest, name: str, password: str = PASSWORD) -> AppTest:
    at.text_input(key="signin_name").input(name)
    at.text_input(key="signin_password").input(password)
    next(b for b in at.button if b.label in ("Sign in", "เข้าสู่ระบบ")).click()
    return at.run()


def actions(db: Path) -> list[tuple[str, str]]:
    """(action, actor) of every audit row, oldest first."""
    with control.opened(db) as con:
        return [(str(r[0]), str(r[1])) for r in con.execute("SELECT action, actor FROM audit ORDER BY audit_id")]


def throttles(db: Path, clock: Clock) -> tuple[throttle.Throttle, throttle.Throttle, sqlite3.Connection]:
    """(per client, per account, the connection to close) on the control store of `db`."""
    con = control.connect(db)
    by_client, by_account = accounts.throttles(con, clock)
    return by_client, by_account, con


# ---------------------------------------------------------------- single sign-on

SSO_LABEL = "Ministry ID"
SSO_SECRETS = {  # what .streamlit/secrets.toml holds when single sign-on is configured
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "a-test-cookie-secret-of-some-length",
        "ministry": {
            "label": SSO_LABEL,
            "client_id": "sdg-dashboard",
            "client_secret": "test-client-secret",
            "server_metadata_url": "http://localhost:9400/.well-known/openid-configuration",
        },
    }
}


def sso_user(email: str, age: float = 5.0, **claims: object) -> dict[str, object]:
    """st.user after the provider's redirect: the ID token's claims, issued `age` s ago."""
    return {"is_logged_in": True, "provider": "ministry", "sub": "sub-" + email, "email": email,
            "iat": int(time.time() - age), **claims}  # fmt: skip


def with_sso(at: AppTest, user: dict[str, object] | None = None) -> AppTest:
    """`at` with single sign-on configured (and, given `user`, someone signed in at the provider)."""
    at.secrets = dict(SSO_SECRETS)
    if user is not None:
        at.user = user
    return at
