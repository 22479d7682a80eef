"""Closing two of Streamlit's defaults that no setting closes, on the running server:

- any client may send the "clear cache" message (the main menu's item, the `c` key, or a
  hand-made websocket message) and Streamlit clears every cache of the process, for everyone
  (each visitor's next run recomputes: a cheap way to slow all of them). Refused here; the app's
  caches are keyed by the database file, so an import needs no clear either (it still drops
  the old entries itself, lib.app.admin.clear_caches).
- any session may PUT files to /_stcore/upload_file/<session>/<file> (up to
  server.maxUploadSize each, any number), held in memory until the session ends, whether or not
  the page shows an uploader. Refused (403) here unless the session holds an admin grant
  (lib.app.admin.uploads_allowed): only the admin page uploads.

Both are installed once per process by lib.app.boot, on the first script run (before it,
nothing is cached and nobody can be signed in). Under AppTest there is no server: nothing is
installed. The patched names are Streamlit internals: tests/browser/test_server_hardening.py
fails if an upgrade moves them."""

from __future__ import annotations

import logging
import threading
from typing import Any

from streamlit.runtime import Runtime
from streamlit.runtime.app_session import AppSession

from lib.app.admin import uploads_allowed

_LOG = logging.getLogger(__name__)
_LOCK = threading.Lock()
_GUARDED = "_sdg_upload_guard"


def _refuse_clear_cache(self: AppSession) -> None:
    _LOG.warning("a client asked to clear the shared caches: refused")


def _guard_uploads(mgr: Any) -> None:
    if getattr(mgr, _GUARDED, False):
        return
    original = mgr.add_file

    def add_file(session_id: str, file: Any) -> None:
        if not uploads_allowed(session_id):
            _LOG.warning("upload refused: session %s holds no admin grant", session_id)
            from starlette.exceptions import HTTPException  # the server Streamlit runs on

            raise HTTPException(status_code=403, detail="uploads need an admin sign-in")
        original(session_id, file)

    setattr(mgr, "add_file", add_file)  # noqa: B010 - an instance attribute over the method
    setattr(mgr, _GUARDED, True)


def install() -> bool:
    """Install both guards on this process's server (idempotent); False when there is none."""
    if not Runtime.exists():
        return False
    with _LOCK:
        setattr(AppSession, "_handle_clear_cache_request", _refuse_clear_cache)  # noqa: B010
        _guard_uploads(Runtime.instance().uploaded_file_mgr)
    return True
