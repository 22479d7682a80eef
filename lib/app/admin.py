"""The sign-in gate of the admin and review pages: accounts of lib.users (name and password,
or single sign-on through the server's OpenID Connect provider when its secrets configure one:
lib.app.sso).

- Sign-in is lib.users.accounts.login: Argon2id, the throttle (per client address and per
  account, growing delays then a lockout) with its counts in the control store, so they hold
  across server processes; every sign-in, failure, refusal and lockout is audited there.
  A refused attempt is not checked at all, and nothing sleeps.
- The right to use a page is a grant held on the server, not a flag in session state: the
  session keeps only the grant's random token, and the grant is bound to the browser that
  signed in (its XSRF cookie token and User-Agent, as the websocket handshake presented
  them). A second client that joins the session by its id (it is in upload URLs) presents
  another browser: the grant is revoked and the page closes. A grant ends when its account
  session does (accounts.session_valid: idle, maximum age, account disabled, password changed).
- Only sessions holding a grant may upload files (lib.app.hardening asks ``uploads_allowed``).
- Single sign-on maps the provider's verified e-mail to an account (lib.users.accounts.sso_login)
  and makes the same grant; signing out ends the grant and the provider's sign-in (st.logout).
- Viewers need no account: only the pages that call :func:`gate` ask.
"""

from __future__ import annotations

import binascii
import hashlib
import hmac
import logging
import math
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from lib.app import sso
from lib.app.context import Ctx
from lib.app.text import inert
from lib.core.paths import db_path
from lib.users import accounts, control
from lib.users.accounts import ADMIN, REVIEWERS, ROLES, Account, Session

XSRF_COOKIE = "_streamlit_xsrf"
REVIEW_PAGE = ("review", "pages/9_review.py", ":material/rule:")
CHANGES_PAGE = ("changes", "pages/10_changes.py", ":material/history:")

_TOKEN = "admin_grant"  # session state: the grant's token, nothing else
_LOG = logging.getLogger(__name__)

# The wall clock of sessions and of the throttle (shared by every server process through the
# control store); tests put their own in its place.
CLOCK: Callable[[], float] = time.time


@dataclass
class Grant:
    session_id: str
    binding: str  # hash of what identifies the browser that signed in
    session: Session  # the account's session (name, role, sign-in and last-use times)


# Shared by every session of this server process (never st.cache_*: a cache can be cleared).
_GRANTS: dict[str, Grant] = {}
_GRANTS_LOCK = threading.Lock()


def _digest(text: str | bytes) -> str:
    return hashlib.sha256(text.encode() if isinstance(text, str) else text).hexdigest()


def store() -> sqlite3.Connection:
    """A connection to the control store of the working database (close it after use)."""
    return control.connect(Path(db_path()))


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


def _grant(session: Session) -> None:
    token = secrets.token_urlsafe(32)
    now = CLOCK()
    with _GRANTS_LOCK:
        for key in [k for k, g in _GRANTS.items() if g.session.expired(now)]:
            del _GRANTS[key]
        _GRANTS[token] = Grant(_session_id(), binding(), session)
    st.session_state[_TOKEN] = token


def revoke(token: str | None = None) -> None:
    token = token or st.session_state.get(_TOKEN)
    st.session_state.pop(_TOKEN, None)
    if token:
        with _GRANTS_LOCK:
            _GRANTS.pop(token, None)


def _check_grant(con: sqlite3.Connection) -> Account | str:
    """The signed-in account when this session holds a valid grant for this browser (the grant
    is marked used); otherwise why not: "none", "idle" or "elsewhere"."""
    token = st.session_state.get(_TOKEN)
    if not token:
        return "none"
    now = CLOCK()
    with _GRANTS_LOCK:
        grant = _GRANTS.get(token)
    if grant is None:
        revoke(token)
        return "none"
    if not accounts.session_valid(con, grant.session, now):
        revoke(token)
        idle = now - grant.session.last_used > accounts.IDLE_SECONDS
        return "idle" if idle else "none"
    if grant.session_id != _session_id() or not hmac.compare_digest(grant.binding, binding()):
        _LOG.warning("admin session %s presented by another client: grant revoked", grant.session_id)
        revoke(token)
        return "elsewhere"
    grant.session = grant.session.touched(now)
    acc = accounts.get(con, grant.session.name)
    if acc is None:  # session_valid saw it a moment ago; removed since
        revoke(token)
        return "none"
    return acc


def uploads_allowed(session_id: str) -> bool:
    """Whether the session holds a live grant (the only sessions that may upload)."""
    now = CLOCK()
    with _GRANTS_LOCK:
        return any(g.session_id == session_id and not g.session.expired(now) for g in _GRANTS.values())


def signed_in_role() -> str | None:
    """The role of this session's grant, if it holds a live one (no checks against the store:
    for the navigation only; the pages themselves call :func:`gate`)."""
    token = st.session_state.get(_TOKEN)
    with _GRANTS_LOCK:
        grant = _GRANTS.get(token) if token else None
    if grant is None or grant.session.expired(CLOCK()) or grant.session_id != _session_id():
        return None
    return grant.session.role


STAFF_PAGES = ("admin",)  # listed only for a signed-in session (others find "staff sign-in")


def nav_pages(pages: Sequence[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """The navigation: `pages` (the staff pages only for a signed-in session), then "what
    changed" (public), and the review page for a signed-in reviewer or admin."""
    role = signed_in_role()
    shown = [p for p in pages if role is not None or p[0] not in STAFF_PAGES]
    return [*shown, CHANGES_PAGE, *([REVIEW_PAGE] if role in REVIEWERS else [])]


# ---------------------------------------------------------------- the gate


def _wait_text(ctx: Ctx, seconds: float, locked: bool) -> str:
    if locked or seconds >= 120:
        return ctx.t("admin_locked", minutes=math.ceil(seconds / 60))
    return ctx.t("admin_wait", seconds=math.ceil(seconds))


def _scope_text(ctx: Ctx, acc: Account) -> str:
    if not acc.scoped:
        return ctx.t("acc_scope_all")
    names = ctx.cat.province_names(ctx.lang)
    inds = dict(zip(ctx.indicators["indicator_id"], ctx.indicators[ctx.name], strict=True))
    return ", ".join([*(names.get(p, p) for p in acc.provinces), *(inds.get(i, i) for i in acc.indicators)])


def _sign_in(ctx: Ctx, con: sqlite3.Connection, sso_allowed: bool = True) -> None:
    """The sign-in form (single sign-on first, when configured); on success a grant and a rerun."""
    client = client_key()
    if (session := sso.sign_in(ctx, con, client=client, clock=CLOCK, allowed=sso_allowed)) is not None:
        _grant(session)
        st.rerun()
    with st.form("admin_login"):
        name = st.text_input(ctx.t("signin_name"), max_chars=64, key="signin_name")
        password = st.text_input(ctx.t("signin_password"), type="password", key="signin_password")
        submitted = st.form_submit_button(ctx.t("signin_button"))
    if not submitted:
        by_client = accounts.throttles(con, CLOCK)[0]
        if (wait := by_client.wait(client)) > 0:
            st.caption(_wait_text(ctx, wait, by_client.locked(client)))
        return
    result = accounts.login(con, name.strip().lower(), password, client=client, clock=CLOCK)
    if result.ok and result.session is not None:
        _grant(result.session)
        st.rerun()
    if not result.failures:  # refused unchecked: guessing faster gains nothing
        st.error(_wait_text(ctx, result.wait, result.locked), icon=":material/timer:")
        return
    _LOG.warning("failed sign-in from %r", client)  # %r: a forged header stays one line
    st.error(ctx.t("signin_wrong"))
    if result.wait > 0:
        st.caption(_wait_text(ctx, result.wait, result.locked))


def gate(ctx: Ctx, roles: Sequence[str] = ROLES) -> Account:
    """The signed-in account of this session, if it holds a grant for this browser and its
    role is one of `roles`; otherwise the page stops after the sign-in form (or a notice)."""
    con = store()
    try:
        if not accounts.accounts(con):
            st.info(ctx.t("signin_no_accounts"), icon=":material/lock:")
            st.stop()
        found = _check_grant(con)
        if isinstance(found, Account):
            c1, c2 = st.columns([4, 1], vertical_alignment="center")
            role = ctx.t(f"signin_role_{found.role}")
            c1.caption(ctx.t("signin_as", name=inert(found.name), role=role, scope=inert(_scope_text(ctx, found))))
            if c2.button(ctx.t("admin_sign_out"), icon=":material/logout:", key="sign_out"):
                revoke()
                sso.logout()  # the provider's sign-in too, when there is one (the page reloads)
                st.rerun()
            if found.role not in roles:
                st.info(ctx.t("signin_wrong_role", role=role), icon=":material/block:")
                st.stop()
            return found
        if found in ("idle", "elsewhere"):
            st.warning(ctx.t(f"admin_ended_{found}", minutes=accounts.IDLE_SECONDS // 60), icon=":material/lock_clock:")
        _sign_in(ctx, con, sso_allowed=found != "elsewhere")
    finally:
        con.close()
    st.stop()


def is_admin(acc: Account) -> bool:
    return acc.role == ADMIN


_DONE = "admin_done"  # session state: a success message shown once, after the rerun that follows a write


def done(text: str) -> None:
    """After a write on a staff page: drop the caches and rerun, showing ``text`` once (show_done)."""
    st.session_state[_DONE] = text
    clear_caches()
    st.rerun()


def show_done() -> None:
    if text := st.session_state.pop(_DONE, None):
        st.success(text, icon=":material/check_circle:")


def clear_caches() -> None:
    """After a write: drop cached results and the connection to the replaced file."""
    st.cache_data.clear()
    st.cache_resource.clear()
