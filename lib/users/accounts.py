"""Accounts and roles, passwords, sign-in and sessions (state in lib.users.control).

Roles (ROLES):
- submitter: uploads, validates and submits data within a scope (a set of provinces and/or of
  indicators; at least one of the two must be given); sees their own submissions.
- reviewer: approves or rejects submissions with a comment, never their own.
- admin: what a reviewer does, and manages accounts, publishes and rolls back.
Reviewers and admins are unscoped (a scope given to them is refused, so that no one believes
it limits them).

Passwords are stored only as Argon2id hashes (argon2-cffi's PasswordHasher, its RFC 9106
parameters); a hash made under older parameters is replaced at the next successful sign-in.
A password has at least MIN_PASSWORD characters.

Sign-in (:func:`login`) is throttled by lib.core.throttle with its counts kept in the control
store, so they hold across server processes: per client address (throttle.CLIENT) and per
account name (throttle.ACCOUNT), growing delays and then a lockout. A refused attempt is not
checked at all. An unknown or disabled name costs the same Argon2 verification as a known one
and gets the same answer. Sessions end after IDLE_SECONDS without use, MAX_AGE_SECONDS after
sign-in, and when the account is disabled or its password changed (:func:`session_valid`).

Single sign-on (:func:`sso_login`): an OpenID Connect provider's identity (:class:`Identity`,
the ID token's claims) signs in the account whose e-mail (optional, unique, lower case; set
with :func:`add` or :func:`set_email`) is the identity's, when the provider did not say the
address is unverified, the account is enabled and the identity was issued less than
SSO_FRESH_SECONDS ago (an old identity cookie does not sign anyone in again). The session is
the same as a password sign-in's; every sign-on and every refusal is audited.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from lib.core import throttle
from lib.i18n import Lang, t
from lib.store.imports import catalogue_rows
from lib.users import audit
from lib.users.control import transaction

SUBMITTER, REVIEWER, ADMIN = "submitter", "reviewer", "admin"
ROLES: tuple[str, ...] = (SUBMITTER, REVIEWER, ADMIN)
REVIEWERS: tuple[str, ...] = (REVIEWER, ADMIN)  # roles that may approve and reject
MIN_PASSWORD = 12  # characters
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,63}$")  # lower case: one spelling per person
IDLE_SECONDS = 30 * 60  # a session unused this long ends
MAX_AGE_SECONDS = 8 * 3600  # every session ends this long after sign-in
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")  # one @, a dot in the domain, no spaces
MAX_EMAIL = 254  # characters (RFC 5321's limit for a path)
SSO_FRESH_SECONDS = 5 * 60  # an identity from the provider signs in only this long after it was issued

HASHER = PasswordHasher()  # Argon2id, RFC 9106 low-memory profile (tests swap in a cheaper one)


class Refused(Exception):
    """A rule forbids the action: `key` names its message in lib/i18n/strings/accounts.csv."""

    def __init__(self, key: str, details: list[tuple[str, dict[str, object]]] | None = None, **params: object):
        super().__init__(f"{key} {params}")
        self.key = key
        self.params = params
        self.details = details or []  # (key, params) of lines that follow the message: rows named

    def lines(self, lang: Lang) -> list[str]:
        """The message and its detail lines in `lang`."""
        return [
            t(self.key, lang, **_in(self.params, lang)),
            *("  " + t(k, lang, **_in(p, lang)) for k, p in self.details),
        ]


def _in(params: dict[str, object], lang: Lang) -> dict[str, object]:
    """Parameters with any {"th": ..., "en": ...} value (text already in both languages) in `lang`."""
    return {k: v[lang] if isinstance(v, dict) and lang in v else v for k, v in params.items()}


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    provinces: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()
    disabled: bool = False
    created_at: str = ""
    password_changed_at: str = ""
    email: str = ""  # "" for none: single sign-on maps a provider's verified e-mail to the account

    @property
    def scoped(self) -> bool:
        return bool(self.provinces or self.indicators)

    def covers(self, province: str | None, indicator: str | None) -> bool:
        """Whether a row of this province and indicator is within the account's scope: inside
        every set given (an empty set does not limit)."""
        if self.role != SUBMITTER:
            return True
        if self.provinces and province not in self.provinces:
            return False
        return not (self.indicators and indicator not in self.indicators)


def _account(row: sqlite3.Row) -> Account:
    return Account(
        row["name"],
        row["role"],
        tuple(json.loads(row["provinces"])),
        tuple(json.loads(row["indicators"])),
        bool(row["disabled"]),
        row["created_at"],
        row["password_changed_at"],
        row["email"] or "",
    )


def get(con: sqlite3.Connection, name: str) -> Account | None:
    row = con.execute("SELECT * FROM account WHERE name = ?", [name]).fetchone()
    return None if row is None else _account(row)


def by_email(con: sqlite3.Connection, email: str) -> Account | None:
    """The account whose e-mail is `email` (compared in lower case), if any."""
    row = con.execute("SELECT * FROM account WHERE email = ?", [email.strip().lower()]).fetchone()
    return None if row is None else _account(row)


def accounts(con: sqlite3.Connection) -> list[Account]:
    return [_account(r) for r in con.execute("SELECT * FROM account ORDER BY name").fetchall()]


def _active_admins(con: sqlite3.Connection) -> int:
    row = con.execute("SELECT count(*) FROM account WHERE role = ? AND disabled = 0", [ADMIN]).fetchone()
    return int(row[0])


def actor(con: sqlite3.Connection, name: str | None, roles: Sequence[str]) -> Account:
    """The enabled account `name`, which must hold one of `roles`; else Refused."""
    if not name:
        raise Refused("acc_need_as", roles="|".join(roles))
    acc = get(con, name)
    if acc is None:
        raise Refused("acc_unknown", name=name)
    if acc.disabled:
        raise Refused("acc_disabled", name=name)
    if acc.role not in roles:
        raise Refused("acc_wrong_role", name=name, role=acc.role, roles="|".join(roles))
    return acc


def _precise_now() -> str:
    """UTC to the microsecond: a password change is compared with sign-in times."""
    return datetime.now(UTC).isoformat()


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise Refused("acc_password_short", n=MIN_PASSWORD)


def check_email(email: str) -> str:
    """`email` trimmed and in lower case (one spelling per person), or Refused."""
    address = email.strip().lower()
    if len(address) > MAX_EMAIL or not EMAIL_RE.match(address):
        raise Refused("acc_bad_email", email=email)
    return address


def _email_free(con: sqlite3.Connection, email: str, name: str) -> None:
    other = by_email(con, email)
    if other is not None and other.name != name:
        raise Refused("acc_email_taken", email=email, name=other.name)


def _check_scope(
    db: Path, role: str, provinces: Iterable[str], indicators: Iterable[str]
) -> tuple[list[str], list[str]]:
    provs, inds = sorted(set(provinces)), sorted(set(indicators))
    if role != SUBMITTER:
        if provs or inds:
            raise Refused("acc_scope_not_for_role", role=role)
        return [], []
    if not provs and not inds:
        raise Refused("acc_scope_needed")
    known = catalogue_rows(db)
    codes = {c for c, _, _ in known.provinces}
    ids = set(known.indicators["indicator_id"])
    if bad := [p for p in provs if p not in codes]:
        raise Refused("acc_unknown_province", codes=", ".join(bad))
    if bad := [i for i in inds if i not in ids]:
        raise Refused("acc_unknown_indicator", ids=", ".join(bad))
    return provs, inds


def add(
    con: sqlite3.Connection,
    db: Path,
    name: str,
    role: str,
    password: str,
    *,
    by: str | None,
    provinces: Iterable[str] = (),
    indicators: Iterable[str] = (),
    email: str | None = None,
) -> Account:
    """Create an account. `by` must be an admin, except for the first admin of a store that
    has none (then `by` may be None). `email`: the address single sign-on maps to it."""
    if not NAME_RE.match(name):
        raise Refused("acc_bad_name", name=name)
    if role not in ROLES:
        raise Refused("acc_bad_role", role=role, roles="|".join(ROLES))
    provs, inds = _check_scope(db, role, provinces, indicators)
    address = check_email(email) if email else None
    check_password(password)
    digest = HASHER.hash(password)
    with transaction(con):
        if by is None:
            if _active_admins(con) or con.execute("SELECT 1 FROM account LIMIT 1").fetchone():
                raise Refused("acc_need_as", roles=ADMIN)
            if role != ADMIN:
                raise Refused("acc_first_is_admin")
        else:
            actor(con, by, (ADMIN,))
        if get(con, name) is not None:
            raise Refused("acc_exists", name=name)
        if address:
            _email_free(con, address, name)
        now = _precise_now()
        con.execute(
            "INSERT INTO account (name, role, password_hash, provinces, indicators, disabled,"
            " created_at, password_changed_at, email) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)",
            [name, role, digest, json.dumps(provs), json.dumps(inds), now, now, address],
        )
        detail: dict[str, object] = {"role": role, "provinces": provs, "indicators": inds}
        if address:
            detail["email"] = address
        audit.record(con, audit.ACCOUNT_ADDED, actor=by or name, target=name, detail=detail)
    acc = get(con, name)
    assert acc is not None
    return acc


def disable(con: sqlite3.Connection, name: str, *, by: str) -> None:
    """Disable an account (kept, for the audit trail). The last enabled admin stays."""
    with transaction(con):
        actor(con, by, (ADMIN,))
        acc = get(con, name)
        if acc is None:
            raise Refused("acc_unknown", name=name)
        if acc.role == ADMIN and not acc.disabled and _active_admins(con) <= 1:
            raise Refused("acc_last_admin", name=name)
        con.execute("UPDATE account SET disabled = 1 WHERE name = ?", [name])
        audit.record(con, audit.ACCOUNT_DISABLED, actor=by, target=name)


def passwd(con: sqlite3.Connection, name: str, password: str, *, by: str) -> None:
    """Set a password: an admin for anyone, an account for itself. Ends its sessions."""
    check_password(password)
    digest = HASHER.hash(password)
    with transaction(con):
        who = actor(con, by, ROLES)
        if who.name != name and who.role != ADMIN:
            raise Refused("acc_wrong_role", name=by, role=who.role, roles=ADMIN)
        if get(con, name) is None:
            raise Refused("acc_unknown", name=name)
        now = _precise_now()
        con.execute("UPDATE account SET password_hash = ?, password_changed_at = ? WHERE name = ?", [digest, now, name])
        audit.record(con, audit.PASSWORD_CHANGED, actor=by, target=name)


def set_email(con: sqlite3.Connection, name: str, email: str | None, *, by: str) -> Account:
    """Set (or, with None or "", remove) the e-mail single sign-on maps to account `name`.
    Admins only: the address decides who may sign in as the account."""
    address = check_email(email) if email else None
    with transaction(con):
        actor(con, by, (ADMIN,))
        if get(con, name) is None:
            raise Refused("acc_unknown", name=name)
        if address:
            _email_free(con, address, name)
        con.execute("UPDATE account SET email = ? WHERE name = ?", [address, name])
        audit.record(con, audit.EMAIL_CHANGED, actor=by, target=name, detail={"email": address})
    acc = get(con, name)
    assert acc is not None
    return acc


# ---------------------------------------------------------------- sign-in


class StoreBackend:
    """lib.core.throttle counts kept in the control store's login_failure table."""

    def __init__(self, con: sqlite3.Connection, prefix: str):
        self.con = con
        self.prefix = prefix

    def update(self, key: str, change: throttle.Change) -> throttle.Entry | None:
        k = f"{self.prefix}:{key}"
        with transaction(self.con):
            row = self.con.execute("SELECT failures, last FROM login_failure WHERE key = ?", [k]).fetchone()
            new = change(None if row is None else throttle.Entry(int(row[0]), float(row[1])))
            if new is None:
                self.con.execute("DELETE FROM login_failure WHERE key = ?", [k])
            else:
                self.con.execute(
                    "INSERT INTO login_failure VALUES (?, ?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, last = excluded.last",
                    [k, new.failures, new.last],
                )
            return new


def throttles(
    con: sqlite3.Connection, clock: Callable[[], float] = time.time
) -> tuple[throttle.Throttle, throttle.Throttle]:
    """(per client address, per account name), both kept in the control store."""
    return (
        throttle.Throttle(throttle.CLIENT, clock, backend=StoreBackend(con, "client")),
        throttle.Throttle(throttle.ACCOUNT, clock, backend=StoreBackend(con, "account")),
    )


@dataclass(frozen=True)
class Session:
    name: str
    role: str
    signed_in: float  # clock seconds
    last_used: float

    def expired(self, now: float) -> bool:
        return now - self.last_used > IDLE_SECONDS or now - self.signed_in > MAX_AGE_SECONDS

    def touched(self, now: float) -> Session:
        return Session(self.name, self.role, self.signed_in, now)


@dataclass(frozen=True)
class LoginResult:
    """ok: signed in (session set). Otherwise wait > 0: refused unchecked for that many seconds;
    wait == 0: wrong name or password (the same answer for both)."""

    ok: bool
    session: Session | None = None
    wait: float = 0.0
    locked: bool = False
    failures: dict[str, int] = field(default_factory=dict)


_DUMMY: dict[str, str] = {}


def _dummy_hash() -> str:
    """A hash under the current parameters, verified for unknown names (same cost)."""
    params = repr(HASHER)
    if params not in _DUMMY:
        _DUMMY[params] = HASHER.hash("no such account: this is never a password")
    return _DUMMY[params]


def _verify(digest: str, password: str) -> bool:
    try:
        return HASHER.verify(digest, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def login(
    con: sqlite3.Connection,
    name: str,
    password: str,
    *,
    client: str = "local",
    clock: Callable[[], float] = time.time,
) -> LoginResult:
    """Check a sign-in (see the module docstring); every outcome is audited."""
    by_client, by_account = throttles(con, clock)
    keys = ((by_client, client), (by_account, name))
    wait = throttle.wait(keys)
    if wait > 0:
        with transaction(con):
            audit.record(con, audit.LOGIN_REFUSED, actor=name, detail={"client": client, "wait_s": round(wait)})
        return LoginResult(False, wait=wait, locked=any(t.locked(k) for t, k in keys))
    row = con.execute("SELECT * FROM account WHERE name = ?", [name]).fetchone()
    acc = None if row is None else _account(row)
    digest = row["password_hash"] if row is not None else _dummy_hash()
    good = _verify(digest, password) and acc is not None and not acc.disabled
    if good and acc is not None:
        for t, k in keys:
            t.succeeded(k)
        now = clock()
        with transaction(con):
            if HASHER.check_needs_rehash(digest):
                con.execute("UPDATE account SET password_hash = ? WHERE name = ?", [HASHER.hash(password), name])
            audit.record(con, audit.LOGIN, actor=name, detail={"client": client})
        return LoginResult(True, Session(acc.name, acc.role, now, now))
    counts = {"client": by_client.failed(client), "account": by_account.failed(name)}
    locked = [p for p, (t, _k) in zip(counts, keys, strict=True) if counts[p] == t.policy.lockout_after]
    with transaction(con):
        audit.record(con, audit.LOGIN_FAILED, actor=name, detail={"client": client, **counts})
        for what in locked:
            audit.record(con, audit.LOCKOUT, actor=name, detail={"client": client, "by": what})
        horizon = clock() - max(throttle.CLIENT.window, throttle.CLIENT.lockout, throttle.ACCOUNT.window)
        con.execute("DELETE FROM login_failure WHERE last < ?", [horizon])  # forgotten anyway
    return LoginResult(False, wait=throttle.wait(keys), locked=bool(locked), failures=counts)


def session_valid(con: sqlite3.Connection, session: Session, now: float) -> bool:
    """Whether a session may go on: not expired, its account enabled and its password not
    changed since sign-in (`now` and session times on the wall clock)."""
    if session.expired(now):
        return False
    acc = get(con, session.name)
    if acc is None or acc.disabled:
        return False
    changed = datetime.fromisoformat(acc.password_changed_at).replace(tzinfo=UTC).timestamp()
    return changed <= session.signed_in


def hashes(con: sqlite3.Connection) -> list[str]:
    """Every stored password hash (tests: Argon2id only)."""
    return [str(r[0]) for r in con.execute("SELECT password_hash FROM account").fetchall()]


# ---------------------------------------------------------------- single sign-on

SSO_NO_EMAIL, SSO_UNVERIFIED, SSO_UNKNOWN, SSO_DISABLED, SSO_STALE = (
    "no_email",
    "unverified",
    "unknown",
    "disabled",
    "stale",
)
SSO_REASONS: tuple[str, ...] = (SSO_NO_EMAIL, SSO_UNVERIFIED, SSO_UNKNOWN, SSO_DISABLED, SSO_STALE)


def _verified(value: object) -> bool | None:
    """The email_verified claim: None when absent; some providers send "true"/"false"."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return value is True


def _seconds(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


@dataclass(frozen=True)
class Identity:
    """Who an OpenID Connect provider says signed in: the claims of its ID token that count."""

    provider: str  # the provider's name in the server's configuration
    subject: str  # the provider's id of the person ("sub")
    email: str  # lower case, "" when the provider sent none
    email_verified: bool | None  # None: the provider sent no such claim
    issued_at: float | None  # the ID token's "iat", seconds since the epoch

    @classmethod
    def from_claims(cls, provider: str, claims: Mapping[str, object]) -> Identity:
        email = claims.get("email")
        return cls(
            provider,
            str(claims.get("sub") or ""),
            email.strip().lower() if isinstance(email, str) else "",
            _verified(claims.get("email_verified")),
            _seconds(claims.get("iat")),
        )

    @property
    def key(self) -> str:
        """One issued identity (provider, subject and time): what a session may use once."""
        return json.dumps([self.provider, self.subject, self.email, self.issued_at])


@dataclass(frozen=True)
class SsoResult:
    """ok: signed in (session set). Otherwise `reason` (one of SSO_REASONS) says why not and
    `account` names the account the e-mail belongs to, if any."""

    ok: bool
    session: Session | None = None
    reason: str = ""
    account: str | None = None


def sso_account(con: sqlite3.Connection, identity: Identity, now: float) -> tuple[Account | None, str]:
    """The mapping rule: (the account, "") when `identity` may sign in now; else (the account
    of its e-mail or None, the reason it may not). No writes."""
    if not identity.email or not EMAIL_RE.match(identity.email):
        return None, SSO_NO_EMAIL
    acc = by_email(con, identity.email)
    if identity.issued_at is None or not (-60 <= now - identity.issued_at <= SSO_FRESH_SECONDS):
        return acc, SSO_STALE  # -60: the provider's clock may run a little ahead
    if identity.email_verified is False:
        return acc, SSO_UNVERIFIED
    if acc is None:
        return None, SSO_UNKNOWN
    if acc.disabled:
        return acc, SSO_DISABLED
    return acc, ""


def sso_login(
    con: sqlite3.Connection,
    identity: Identity,
    *,
    client: str = "local",
    clock: Callable[[], float] = time.time,
) -> SsoResult:
    """Sign in by single sign-on (see the module docstring). A sign-on and every refusal but
    SSO_STALE (an old identity: nothing was attempted) are audited."""
    now = clock()
    acc, reason = sso_account(con, identity, now)
    detail: dict[str, object] = {
        "client": client,
        "provider": identity.provider,
        "email": identity.email,
        "subject": identity.subject,
    }
    if reason == SSO_STALE:
        return SsoResult(False, reason=reason, account=acc.name if acc else None)
    if reason or acc is None:
        with transaction(con):
            who = acc.name if acc else identity.email or None
            audit.record(con, audit.LOGIN_SSO_REFUSED, actor=who, detail={**detail, "reason": reason})
        return SsoResult(False, reason=reason, account=acc.name if acc else None)
    with transaction(con):
        audit.record(con, audit.LOGIN_SSO, actor=acc.name, detail=detail)
    return SsoResult(True, Session(acc.name, acc.role, now, now), account=acc.name)
