"""Single sign-on for the sign-in gate (lib.app.admin): Streamlit's OpenID Connect login
(``st.login``, ``st.user``, ``st.logout``), an option configured in the server's secrets.

- Configured when the secrets have an ``[auth]`` section with ``redirect_uri`` and
  ``cookie_secret``, and a provider: ``client_id``, ``client_secret`` and
  ``server_metadata_url`` in ``[auth]`` itself (the default provider) or in ``[auth.NAME]``
  sections (one button each; an optional ``label`` names it on the button). Without it nothing
  changes: no button, the password form alone (docs/SECURITY.md).
- After the provider's redirect, ``st.user`` holds the ID token's claims; the identity signs in
  the account of lib.users whose e-mail it is (lib.users.accounts.sso_login: the rules, the
  freshness of the identity, the audit). The grant is the same as a password sign-in's.
- Each issued identity is used once per session: a sign-on or a refusal is audited once, and an
  identity whose grant ended (signed out, idle, another browser) does not sign in again; a
  refused one is shown its message with a way to sign out of the provider.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import streamlit as st

from lib.app.context import Ctx
from lib.app.text import inert
from lib.users import accounts
from lib.users.accounts import Identity, Session

DEFAULT = "default"  # st.login's name for the provider configured in [auth] itself
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
SHARED_KEYS = ("redirect_uri", "cookie_secret")
_USED = "sso_used"  # session state: {Identity.key: "" (signed in) or the refusal's reason}


@dataclass(frozen=True)
class Provider:
    name: str  # the argument of st.login
    label: str  # on the button; "" for the generic name


def _mapping(value: object) -> Mapping[str, object] | None:
    return value if isinstance(value, Mapping) else None


def providers_in(auth: Mapping[str, object] | None) -> list[Provider]:
    """The providers an ``[auth]`` section configures (none without its shared keys)."""
    if auth is None or not all(auth.get(k) for k in SHARED_KEYS):
        return []
    found = []
    if all(auth.get(k) for k in PROVIDER_KEYS):
        found.append(Provider(DEFAULT, str(auth.get("label") or "")))
    for name, section in auth.items():
        sub = _mapping(section)
        if sub is not None and "_" not in name and all(sub.get(k) for k in PROVIDER_KEYS):
            found.append(Provider(name, str(sub.get("label") or "")))
    return found


def providers() -> list[Provider]:
    """The providers configured in this server's secrets; [] when there are none."""
    if not st.secrets.load_if_toml_exists():
        return []
    return providers_in(_mapping(st.secrets.get("auth")))


def identity() -> Identity | None:
    """Who the provider said signed in (``st.user``), when someone did."""
    claims = st.user.to_dict()
    if claims.get("is_logged_in") is not True:
        return None
    return Identity.from_claims(str(claims.get("provider") or DEFAULT), claims)


def _label(ctx: Ctx, provider: Provider | None) -> str:
    if provider is None or not (provider.label or provider.name != DEFAULT):
        return ctx.t("sso_default_label")
    return provider.label or provider.name


def _login_buttons(ctx: Ctx, configured: list[Provider]) -> None:
    for p in configured:
        if st.button(ctx.t("sso_button", provider=_label(ctx, p)), icon=":material/login:", key=f"sso_login_{p.name}"):
            st.login(p.name)
            st.stop()


def logout() -> None:
    """End the provider's sign-in in this browser (Streamlit's identity cookie), if there is one;
    the page then reloads (st.stop: nothing more to draw)."""
    if st.user.to_dict().get("is_logged_in") is True:
        st.logout()
        st.stop()


def sign_in(
    ctx: Ctx, con: sqlite3.Connection, *, client: str, clock: Callable[[], float], allowed: bool = True
) -> Session | None:
    """The single sign-on part of the sign-in form, above the password form: the session when
    the provider's identity signs an account in now (the caller grants it); otherwise the
    buttons, or why the identity was refused. Nothing at all when no provider is configured.
    `allowed` False (the session was just taken over by another browser): no sign-on this run."""
    configured = providers()
    if not configured:
        return None
    who = identity()
    if who is None:
        _login_buttons(ctx, configured)
        st.caption(ctx.t("sso_or_password"))
        return None
    used: dict[str, str] = st.session_state.setdefault(_USED, {})
    if who.key in used or not allowed:
        reason = used.get(who.key, accounts.SSO_STALE) or accounts.SSO_STALE
    else:
        result = accounts.sso_login(con, who, client=client, clock=clock)
        if result.ok and result.session is not None:
            used[who.key] = ""
            return result.session
        reason = result.reason
        if reason != accounts.SSO_STALE:
            used[who.key] = reason  # audited once; the message stays
    provider = next((p for p in configured if p.name == who.provider), None)
    label = _label(ctx, provider)
    if reason == accounts.SSO_STALE:
        st.caption(ctx.t("sso_stale", provider=label, email=inert(who.email)))
        _login_buttons(ctx, configured)
    else:
        acc = accounts.by_email(con, who.email) if who.email else None
        text = ctx.t(f"sso_refused_{reason}", provider=label, email=inert(who.email), name=acc.name if acc else "")
        st.error(text, icon=":material/block:")
        if st.button(ctx.t("sso_logout", provider=label), icon=":material/logout:", key="sso_logout"):
            logout()
    st.caption(ctx.t("sso_or_password"))
    return None
