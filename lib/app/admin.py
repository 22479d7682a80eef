"""The admin gate: the import page is closed unless an admin password is configured
(st.secrets["admin_password"] or $SDG_ADMIN_PASSWORD)."""

from __future__ import annotations

import hashlib
import hmac
import os

import streamlit as st

from lib.app.context import Ctx

_TOKEN = "admin_ok"


def admin_password() -> str:
    try:
        secret = st.secrets.get("admin_password")
    except Exception:  # no secrets.toml at all
        secret = None
    return str(secret or os.environ.get("SDG_ADMIN_PASSWORD", ""))


def gate(ctx: Ctx) -> None:
    """Stop the page unless this session has logged in with the configured password."""
    password = admin_password()
    if not password:
        st.info(ctx.t("ingest_admin_disabled"), icon=":material/lock:")
        st.stop()
    token = hashlib.sha256(password.encode()).hexdigest()  # a changed password signs everyone out
    if st.session_state.get(_TOKEN) != token:
        with st.form("admin_login"):
            entered = st.text_input(ctx.t("ingest_admin_password"), type="password")
            if st.form_submit_button(ctx.t("ingest_admin_login")):
                if hmac.compare_digest(entered.encode(), password.encode()):
                    st.session_state[_TOKEN] = token
                    st.rerun()
                st.error(ctx.t("ingest_admin_wrong"))
        st.stop()


def clear_caches() -> None:
    """After an import: drop cached results and the connection to the replaced file."""
    st.cache_data.clear()
    st.cache_resource.clear()
