"""The admin gate: the import page is closed unless an admin password is configured
(st.secrets["admin_password"] or $SDG_ADMIN_PASSWORD).

- Guessing is throttled (lib.core.throttle): per client address and for the account, growing
  delays then a lockout; a refused attempt is not checked at all, and nothing sleeps.
- The right to use the page is a grant held on the server, not a flag in session state: the
  session keeps only the grant's random token, and the grant is bound to the browser that
  signed in (its XSRF cookie token and User-Agent, as the websocket handshake presented
  them). A second client that joins the session by its id (it is in upload URLs) presents
  another browser: the grant is revoked and the page closes. Grants expire after IDLE_SECONDS
  without use and MAX_AGE_SECONDS in all; a changed password ends them.
- Only sessions holding a grant may upload files (lib.app.hardening asks ``uploads_allowed``).
"""

from __future__ import annotations

import binascii
import hashlib
import hmac
import logging
import math
import os
import secrets
import threading
import time
from dataclasses import dataclass

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from lib.app.context import Ctx
from lib.core import throttle

IDLE_SECONDS = 30 * 60  # a grant unused this long ends (sign in again)
MAX_AGE_SECONDS = 8 * 3600  # and every grant ends this long after sign-in
ACCOUNT = "admin"  # the one shared password is one account (the central database adds real ones)
XSRF_COOKIE = "_streamlit_xsrf"

_TOKEN = "admin_grant"  # session state: the grant's token, nothing else
_LOG = logging.getLogger(__name__)

# Shared by every session of this server process (never st.cache_*: a cache can be cleared).
CLIENTS = throttle.Throttle(throttle.CLIENT)
ACCOUNTS = throttle.Throttle(throttle.ACCOUNT)


@dataclass
class Grant:
    session_id: str
    binding: str  # hash of what identifies the browser that signed in
    password_tag: str  # hash of the password it was granted under
    created: float
    last_used: float

    def expired(self, now: float) -> bool:
        return now - self.last_used > IDLE_SECONDS or now - self.created > MAX_AGE_SECONDS


_GRANTS: dict[str, Grant] = {}
_GRANTS_LOCK = threading.Lock()


def admin_password() -> str:
    try:
        secret = st.secrets.get("admin_password")
    except Exception:  # no secrets.toml at all
        secret = None
    return str(secret or os.environ.get("SDG_ADMIN_PASSWORD", ""))


def _digest(text: str | bytes) -> str:
    return hashlib.sha256(text.encode() if isinstance(text, str) else text).hexdigest()


# ---------------------------------------------------------------- who is asking


def _text(value: object) -> str:
    """A header or cookie value; "" for anything else (AppTest has no connection: mocks)."""
    return value if isinstance(value, str) else ""


def xsrf_token(cookie: str | None) -> bytes:
    """The token inside Streamlit's XSRF cookie ("2|mask|masked token|time", the mask changes
    each time the cookie is set; the token stays the browser's). b"" when absent or unreadable."""
    if not cookie:
        return b""
    parts = cookie.strip("\"'").split("|")
    try:
        if len(parts) == 4 and parts[0] == "2":
            mask, masked = binascii.a2b_hex(parts[1]), binascii.a2b_hex(parts[2])
            return bytes(b ^ mask[i % len(mask)] for i, b in enumerate(masked))
        return binascii.a2b_hex(cookie)
    except (binascii.Error, ValueError, ZeroDivisionError):
        return b""


def binding() -> str:
    """What the browser of this connection presents that a client holding only the session id
    does not: its XSRF cookie token (with the User-Agent)."""
    token = xsrf_token(_text(st.context.cookies.get(XSRF_COOKIE)))
    agent = _text(st.context.headers.get("User-Agent"))
    return _digest(token + b"\0" + agent.encode())


def client_key() -> str:
    """The address sign-in attempts are counted under: the connection's peer, or, when the
    peer is this machine (the balancer), the address the balancer appended to X-Forwarded-For."""
    ip = st.context.ip_address
    if isinstance(ip, str) and ip:
        return ip
    forwarded = _text(st.context.headers.get("X-Forwarded-For"))
    last = forwarded.split(",")[-1].strip()
    return last or "local"


def _session_id() -> str:
    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else ""


# ---------------------------------------------------------------- grants


def _grant(password: str) -> None:
    token = secrets.token_urlsafe(32)
    now = time.monotonic()
    with _GRANTS_LOCK:
        for key in [k for k, g in _GRANTS.items() if g.expired(now)]:
            del _GRANTS[key]
        _GRANTS[token] = Grant(_session_id(), binding(), _digest(password), now, now)
    st.session_state[_TOKEN] = token


def revoke(token: str | None = None) -> None:
    token = token or st.session_state.get(_TOKEN)
    st.session_state.pop(_TOKEN, None)
    if token:
        with _GRANTS_LOCK:
            _GRANTS.pop(token, None)


def _check_grant(password: str) -> str | None:
    """None when this session holds a valid grant for this browser (and marks it used);
    otherwise why not: "none", "idle" or "elsewhere"."""
    token = st.session_state.get(_TOKEN)
    if not token:
        return "none"
    now = time.monotonic()
    with _GRANTS_LOCK:
        grant = _GRANTS.get(token)
    if grant is None or grant.password_tag != _digest(password) or now - grant.created > MAX_AGE_SECONDS:
        revoke(token)
        return "none"
    if now - grant.last_used > IDLE_SECONDS:
        revoke(token)
        return "idle"
    if grant.session_id != _session_id() or not hmac.compare_digest(grant.binding, binding()):
        _LOG.warning("admin session %s presented by another client: grant revoked", grant.session_id)
        revoke(token)
        return "elsewhere"
    grant.last_used = now
    return None


def uploads_allowed(session_id: str) -> bool:
    """Whether the session holds a live admin grant (the only sessions that may upload)."""
    now = time.monotonic()
    with _GRANTS_LOCK:
        return any(g.session_id == session_id and not g.expired(now) for g in _GRANTS.values())


# ---------------------------------------------------------------- the gate


def _wait_text(ctx: Ctx, seconds: float) -> str:
    if seconds >= 120:
        return ctx.t("admin_locked", minutes=math.ceil(seconds / 60))
    return ctx.t("admin_wait", seconds=math.ceil(seconds))


def gate(ctx: Ctx) -> None:
    """Stop the page unless this session holds a grant for this browser; else offer sign-in."""
    password = admin_password()
    if not password:
        st.info(ctx.t("ingest_admin_disabled"), icon=":material/lock:")
        st.stop()
    why = _check_grant(password)
    if why is None:
        if st.button(ctx.t("admin_sign_out"), icon=":material/logout:"):
            revoke()
            st.rerun()
        return
    if why in ("idle", "elsewhere"):
        st.warning(ctx.t(f"admin_ended_{why}", minutes=IDLE_SECONDS // 60), icon=":material/lock_clock:")
    client = client_key()
    keys = ((CLIENTS, client), (ACCOUNTS, ACCOUNT))
    with st.form("admin_login"):
        entered = st.text_input(ctx.t("ingest_admin_password"), type="password")
        submitted = st.form_submit_button(ctx.t("ingest_admin_login"))
    wait = throttle.wait(keys)
    if submitted and wait > 0:  # refused unchecked: guessing faster gains nothing
        st.error(_wait_text(ctx, wait), icon=":material/timer:")
    elif submitted:
        if hmac.compare_digest(_digest(entered), _digest(password)):
            for t, key in keys:
                t.succeeded(key)
            _grant(password)
            st.rerun()
        for t, key in keys:
            t.failed(key)
        _LOG.warning("wrong admin password from %r", client)  # %r: a forged header stays one line
        st.error(ctx.t("ingest_admin_wrong"))
        if (wait := throttle.wait(keys)) > 0:
            st.caption(_wait_text(ctx, wait))
    elif wait > 0:
        st.caption(_wait_text(ctx, wait))
    st.stop()


def clear_caches() -> None:
    """After an import: drop cached results and the connection to the replaced file."""
    st.cache_data.clear()
    st.cache_resource.clear()
