"""Unexpected errors: the visitor sees a short message with an error id to quote, never the
traceback (it names server paths and code); the traceback is logged on the server with the same
id. ``install(lang)`` (called by frame() on every run) makes this the handler of the session's
uncaught exceptions, in the page and in widget callbacks. Before frame() runs (an import
failing), Streamlit's own generic message shows: client.showErrorDetails = "none"."""

from __future__ import annotations

import logging
import secrets
from functools import partial

import streamlit as st
from streamlit import config
from streamlit.runtime.scriptrunner import get_script_run_ctx

from lib.core.vocab import Lang
from lib.i18n import t

_LOG = logging.getLogger("lib.app.errors")


def new_id() -> str:
    """A short id the visitor can read out: 8 hex digits."""
    return secrets.token_hex(4)


def report(ex: BaseException) -> str:
    """Log `ex` with its traceback under a new id; returns the id."""
    error_id = new_id()
    _LOG.error("error %s: %s", error_id, type(ex).__name__, exc_info=(type(ex), ex, ex.__traceback__))
    return error_id


def show(ex: BaseException, lang: Lang) -> str:
    """Report `ex` and tell the visitor (in their language) that something failed, with the id."""
    error_id = report(ex)
    st.error(t("error_unexpected", lang, id=error_id), icon=":material/error:")
    return error_id


def hide_streamlit_box() -> bool:
    """Whether Streamlit's own exception box is left out: always for visitors; under AppTest it
    is kept, so that a test still sees a failing page as ``at.exception``."""
    return not config.get_option("global.appTest")


def _handler(lang: Lang, ex: Exception) -> bool:
    show(ex, lang)
    return hide_streamlit_box()


def install(lang: Lang) -> None:
    """Handle this session's uncaught exceptions from now on (this run and the next ones)."""
    ctx = get_script_run_ctx()
    if ctx is not None:
        ctx.on_script_error = partial(_handler, lang)
