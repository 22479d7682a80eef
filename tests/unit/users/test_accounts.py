"""lib.users.accounts: roles and scopes, Argon2id hashes only, sign-in throttled in the control
store (delays growing, then a lockout, across processes), sessions that end."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from lib.core import throttle
from lib.users import accounts, audit, cli, control
from lib.users.accounts import Refused
from tests.unit.users.fixtures import PASSWORD


class Clock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def actions(con: sqlite3.Connection) -> list[str]:
    return list(audit.frame(con)["action"])


def test_the_first_admin_needs_no_as_then_every_change_needs_an_admin(store: sqlite3.Connection, db: Path) -> None:
    with pytest.raises(Refused) as first:
        accounts.add(store, db, "rita", accounts.REVIEWER, PASSWORD, by=None)
    assert first.value.key == "acc_first_is_admin"
    accounts.add(store, db, "boss", accounts.ADMIN, PASSWORD, by=None)
    with pytest.raises(Refused) as again:
        accounts.add(store, db, "eve", accounts.ADMIN, PASSWORD, by=None)
    assert again.value.key == "acc_need_as"
    accounts.add(store, db, "rita", accounts.REVIEWER, PASSWORD, by="boss")
    with pytest.raises(Refused) as by_reviewer:
        accounts.add(store, db, "eve", accounts.ADMIN, PASSWORD, by="rita")
    assert by_reviewer.value.key == "acc_wrong_role"
    assert [a.name for a in accounts.accounts(store)] == ["boss", "rita"]


def test_scopes(store: sqlite3.Connection, db: Path, people: dict[str, accounts.Account]) -> None:
    sam, ivy = people["sam"], people["ivy"]
    assert sam.covers("TH-50", "pov_headcount") and not sam.covers("TH-10", "pov_headcount")
    assert ivy.covers("TH-10", "unemployment") and not ivy.covers("TH-10", "pov_headcount")
    assert people["rita"].covers("TH-10", "anything")
    cases = {
        "acc_scope_needed": dict(role=accounts.SUBMITTER),
        "acc_scope_not_for_role": dict(role=accounts.REVIEWER, provinces=["TH-50"]),
        "acc_unknown_province": dict(role=accounts.SUBMITTER, provinces=["TH-99"]),
        "acc_unknown_indicator": dict(role=accounts.SUBMITTER, indicators=["nope"]),
    }
    for key, kw in cases.items():
        with pytest.raises(Refused) as exc:
            accounts.add(store, db, "new", password=PASSWORD, by="boss", **kw)  # type: ignore[arg-type]
        assert exc.value.key == key
    with pytest.raises(Refused, match="acc_password_short"):
        accounts.add(store, db, "new", accounts.ADMIN, "short", by="boss")


def test_only_argon2id_hashes_are_stored(
    store: sqlite3.Connection, db: Path, people: dict[str, accounts.Account]
) -> None:
    accounts.passwd(store, "sam", "another long password", by="boss")
    accounts.login(store, "sam", "a wrong password guess")
    hashes = accounts.hashes(store)
    assert len(hashes) == 4 and all(h.startswith("$argon2id$") for h in hashes)
    dump = "\n".join(store.iterdump())
    store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = b"".join(p.read_bytes() for p in db.parent.glob("control.sqlite*"))
    for secret in (PASSWORD, "another long password", "a wrong password guess"):
        assert secret not in dump and secret.encode() not in raw
    with pytest.raises(sqlite3.IntegrityError):  # the schema refuses anything else
        store.execute("UPDATE account SET password_hash = ? WHERE name = 'sam'", [PASSWORD])


def test_a_hash_under_old_parameters_is_replaced_at_sign_in(
    store: sqlite3.Connection, people: dict[str, accounts.Account], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = accounts.hashes(store)
    stronger = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1)
    monkeypatch.setattr(accounts, "HASHER", stronger)
    assert accounts.login(store, "sam", PASSWORD).ok
    row = store.execute("SELECT password_hash FROM account WHERE name = 'sam'").fetchone()[0]
    assert row not in before and not stronger.check_needs_rehash(row) and stronger.verify(row, PASSWORD)


def test_sign_in_and_the_same_answer_for_unknown_names(
    store: sqlite3.Connection, people: dict[str, accounts.Account], monkeypatch: pytest.MonkeyPatch
) -> None:
    ok = accounts.login(store, "rita", PASSWORD, client="10.0.0.1")
    assert ok.ok and ok.session is not None and ok.session.role == accounts.REVIEWER
    verified: list[str] = []
    real = accounts._verify
    monkeypatch.setattr(accounts, "_verify", lambda h, p: verified.append(h) or real(h, p))
    wrong = accounts.login(store, "rita", "not the password", client="10.0.0.2")
    unknown = accounts.login(store, "nobody", "not the password", client="10.0.0.3")
    assert (wrong.ok, wrong.wait, unknown.ok, unknown.wait) == (False, 0.0, False, 0.0)
    assert len(verified) == 2  # an unknown name costs one Argon2 verification too
    accounts.disable(store, "rita", by="boss")
    assert not accounts.login(store, "rita", PASSWORD, client="10.0.0.4").ok
    assert actions(store)[-4:] == [audit.LOGIN_FAILED, audit.LOGIN_FAILED, audit.ACCOUNT_DISABLED, audit.LOGIN_FAILED]


def test_delays_grow_then_lockout_and_a_refused_attempt_is_not_checked(
    store: sqlite3.Connection, people: dict[str, accounts.Account]
) -> None:
    """throttle.CLIENT: 3 failures free, then 2, 4, 8, 16, 32, 60 s, locked 15 min at the 10th."""
    clock = Clock()
    waits = [0.0]
    for _ in range(throttle.CLIENT.lockout_after):
        clock.now += waits[-1]  # the caller waited as told
        result = accounts.login(store, "sam", "guess number n", client="203.0.113.9", clock=clock)
        assert not result.ok
        waits.append(result.wait)
    waits = waits[1:]
    assert waits == [0, 0, 0, 2, 4, 8, 16, 32, 60, 900]
    assert result.locked
    refused = accounts.login(store, "sam", PASSWORD, client="203.0.113.9", clock=clock)
    assert not refused.ok and refused.locked and refused.wait == 900  # the right password, unchecked
    log = actions(store)
    assert log.count(audit.LOGIN_FAILED) == 10 and log.count(audit.LOCKOUT) == 1
    assert log[-1] == audit.LOGIN_REFUSED
    clock.now += 900
    assert accounts.login(store, "sam", PASSWORD, client="203.0.113.9", clock=clock).ok


def test_the_counts_hold_across_server_processes(db: Path, people: dict[str, accounts.Account]) -> None:
    """Two connections stand for two servers: failures counted by one delay the other."""
    clock = Clock()
    one, two = control.connect(db), control.connect(db)
    try:
        for _ in range(throttle.CLIENT.free + 1):
            accounts.login(one, "sam", "guess", client="198.51.100.7", clock=clock)
        later = accounts.login(two, "sam", PASSWORD, client="198.51.100.7", clock=clock)
        assert not later.ok and later.wait == throttle.CLIENT.delay
    finally:
        one.close()
        two.close()


def test_sessions_end_when_idle_old_disabled_or_the_password_changed(
    store: sqlite3.Connection, people: dict[str, accounts.Account]
) -> None:
    import time

    now = time.time()
    s = accounts.Session("sam", accounts.SUBMITTER, now, now)
    assert accounts.session_valid(store, s, now + 1)
    assert not accounts.session_valid(store, s, now + 1 + accounts.IDLE_SECONDS)  # idle
    busy = s.touched(now + accounts.MAX_AGE_SECONDS - 1)
    assert not busy.expired(now + accounts.MAX_AGE_SECONDS - 1)
    assert busy.expired(now + accounts.MAX_AGE_SECONDS + 1)  # used all along, but too old
    accounts.passwd(store, "sam", "a brand new password", by="sam")  # one's own password
    assert not accounts.session_valid(store, s, now + 1)
    with pytest.raises(Refused, match="acc_wrong_role"):
        accounts.passwd(store, "rita", "a brand new password", by="sam")


def test_the_last_admin_stays_and_disabled_accounts_cannot_act(
    store: sqlite3.Connection, people: dict[str, accounts.Account]
) -> None:
    with pytest.raises(Refused, match="acc_last_admin"):
        accounts.disable(store, "boss", by="boss")
    accounts.disable(store, "rita", by="boss")
    with pytest.raises(Refused, match="acc_disabled"):
        accounts.actor(store, "rita", accounts.REVIEWERS)


def test_the_audit_log_is_append_only(store: sqlite3.Connection, people: dict[str, accounts.Account]) -> None:
    n = len(audit.frame(store))
    for sql in ("UPDATE audit SET actor = 'x'", "DELETE FROM audit"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            store.execute(sql)
    assert len(audit.frame(store)) == n == 4
    data = audit.csv_download(store)
    assert data.startswith(b"\xef\xbb\xbfaudit_id,at,actor,action,target,detail,os_user\r\n")


def _run(argv: list[str], monkeypatch: pytest.MonkeyPatch, stdin: str = "") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return cli.main(argv)


def test_cli_exit_codes_and_messages(
    db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    d = ["--db", str(db)]
    pw = PASSWORD + "\n"
    assert _run(["add", "boss", "--role", "admin", "--password-stdin", *d], monkeypatch, pw) == 0
    assert "Added the account boss, role admin" in capsys.readouterr().out
    assert _run(["add", "eve", "--role", "admin", "--password-stdin", *d], monkeypatch, pw) == 1
    assert "--as" in capsys.readouterr().err
    argv = ["add", "sam", "--role", "submitter", "--province", "TH-50", "TH-57", "--password-stdin", "--as", "boss"]
    assert _run([*argv, *d], monkeypatch, pw) == 0
    assert "TH-50, TH-57" in capsys.readouterr().out
    assert _run(["add", "x", "--role", "admin", *d], monkeypatch, pw) == 2  # --password-stdin is required
    assert _run(["add", "x", "--role", "king", "--password-stdin", *d], monkeypatch, pw) == 2
    assert _run(["list", "--db", str(db.parent / "none.duckdb")], monkeypatch) == 2
    capsys.readouterr()
    assert _run(["disable", "boss", "--as", "sam", "--lang", "th", *d], monkeypatch) == 1
    assert "บัญชี sam มีบทบาท submitter" in capsys.readouterr().err
    assert _run(["passwd", "sam", "--password-stdin", "--as", "boss", *d], monkeypatch, "short\n") == 1
    assert _run(["list", *d], monkeypatch) == 0
    assert capsys.readouterr().out.splitlines() == [
        "boss\tadmin\tenabled\tall",
        "sam\tsubmitter\tenabled\tTH-50, TH-57",
    ]
    out = db.parent / "audit.csv"
    assert _run(["audit", "--as", "boss", "--csv", str(out), *d], monkeypatch) == 0
    assert out.read_bytes().count(b"account_added") == 2
