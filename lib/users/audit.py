"""The audit log: who did what, when. Append-only (lib.users.control's triggers abort UPDATE
and DELETE), written in the same transaction as the action it records, so an action and its
record are stored together or not at all.

Actions (ACTIONS): logins (by password or by single sign-on), failed logins, logins refused
while throttled, single sign-ons refused, lockouts, account changes, submissions, reviews, publications and rollbacks.
"""

from __future__ import annotations

import getpass
import json
import sqlite3
from datetime import UTC, datetime

import pandas as pd

from lib.exports.files import csv_bytes

LOGIN = "login"
LOGIN_FAILED = "login_failed"
LOGIN_REFUSED = "login_refused"  # asked while a delay or lockout ran: not checked at all
LOCKOUT = "lockout"
LOGIN_SSO = "login_sso"  # signed in by single sign-on: the provider's verified e-mail is an account's
LOGIN_SSO_REFUSED = "login_sso_refused"  # an identity of the provider that maps to no enabled account
ACCOUNT_ADDED = "account_added"
ACCOUNT_DISABLED = "account_disabled"
PASSWORD_CHANGED = "password_changed"
EMAIL_CHANGED = "email_changed"
SUBMITTED = "submitted"
APPROVED = "approved"
REJECTED = "rejected"
PUBLISHED = "published"
ROLLED_BACK = "rolled_back"
ACTIONS: tuple[str, ...] = (
    LOGIN,
    LOGIN_FAILED,
    LOGIN_REFUSED,
    LOCKOUT,
    LOGIN_SSO,
    LOGIN_SSO_REFUSED,
    ACCOUNT_ADDED,
    ACCOUNT_DISABLED,
    PASSWORD_CHANGED,
    EMAIL_CHANGED,
    SUBMITTED,
    APPROVED,
    REJECTED,
    PUBLISHED,
    ROLLED_BACK,
)
COLUMNS: tuple[str, ...] = ("audit_id", "at", "actor", "action", "target", "detail", "os_user")


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (a container without one)
        return "unknown"


def record(
    con: sqlite3.Connection,
    action: str,
    *,
    actor: str | None,
    target: str | int | None = None,
    detail: dict[str, object] | None = None,
    at: str | None = None,
) -> None:
    """Append one row. Call inside the transaction of the action it records."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    con.execute(
        "INSERT INTO audit (at, actor, action, target, detail, os_user) VALUES (?, ?, ?, ?, ?, ?)",
        [
            at or now_iso(),
            actor,
            action,
            None if target is None else str(target),
            json.dumps(detail or {}, ensure_ascii=False, sort_keys=True),
            _os_user(),
        ],
    )


def frame(con: sqlite3.Connection, *, since: str | None = None, limit: int | None = None) -> pd.DataFrame:
    """The log as a frame (COLUMNS), oldest first; `since`: ISO time, `limit`: the newest n."""
    sql = "SELECT * FROM audit" + (" WHERE at >= ?" if since else "") + " ORDER BY audit_id DESC"
    params: list[object] = [since] if since else []
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    rows = [tuple(r) for r in con.execute(sql, params).fetchall()]
    df = pd.DataFrame(rows, columns=list(COLUMNS))
    return df.iloc[::-1].reset_index(drop=True)


def csv_download(con: sqlite3.Connection) -> bytes:
    """The whole log as CSV for Excel (UTF-8 with BOM, cells neutralised against formulas)."""
    return csv_bytes(frame(con))
