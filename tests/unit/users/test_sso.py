"""lib.users: the optional e-mail of an account (unique, lower case, set by admins, migrated into
an existing control store) and single sign-on's mapping rules (accounts.sso_account,
sso_login): a fresh identity whose e-mail the provider did not call unverified signs in the
enabled account that has it; everything else is refused and audited."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest

from lib.users import accounts, audit, cli, control
from lib.users.accounts import SSO_FRESH_SECONDS, Identity, Refused
from tests.unit.users.fixtures import PASSWORD

NOW = 1_900_000_000.0


def ident(
    email: str = "Sam@Ministry.example", verified: object = None, age: float = 10.0, **claims: object
) -> Identity:
    base: dict[str, object] = {"sub": "s-1", "email": email, "iat": int(NOW - age)}
    if verified is not None:
        base["email_verified"] = verified
    return Identity.from_claims("ministry", {**base, **claims})


def last(con: sqlite3.Connection) -> tuple[str, str, dict[str, object]]:
    row = audit.frame(con).iloc[-1]
    return str(row["action"]), str(row["actor"]), json.loads(row["detail"])


def test_an_account_has_an_optional_unique_email(
    store: sqlite3.Connection, db: Path, people: dict[str, accounts.Account]
) -> None:
    assert people["sam"].email == ""
    acc = accounts.add(store, db, "eve", accounts.REVIEWER, PASSWORD, by="boss", email="  Eve@Ministry.Example ")
    assert acc.email == "eve@ministry.example"  # one spelling per person
    assert accounts.by_email(store, "EVE@ministry.example") == acc
    assert last(store)[2]["email"] == "eve@ministry.example"
    with pytest.raises(Refused, match="acc_email_taken"):
        accounts.add(store, db, "eve2", accounts.REVIEWER, PASSWORD, by="boss", email="eve@ministry.example")
    for bad in ("eve", "eve@", "a b@c.d", "x@y", "@y.z", "x" * 250 + "@y.zz"):
        with pytest.raises(Refused, match="acc_bad_email"):
            accounts.set_email(store, "sam", bad, by="boss")
    assert accounts.set_email(store, "sam", "sam@ministry.example", by="boss").email == "sam@ministry.example"
    assert last(store)[:2] == (audit.EMAIL_CHANGED, "boss")
    with pytest.raises(Refused, match="acc_email_taken"):
        accounts.set_email(store, "rita", "SAM@ministry.example", by="boss")
    with pytest.raises(Refused, match="acc_wrong_role"):  # the address decides who signs in: admins only
        accounts.set_email(store, "sam", "other@ministry.example", by="sam")
    with pytest.raises(Refused, match="acc_unknown"):
        accounts.set_email(store, "nobody", "n@ministry.example", by="boss")
    assert accounts.set_email(store, "sam", None, by="boss").email == ""
    assert accounts.by_email(store, "sam@ministry.example") is None


def test_an_existing_store_is_migrated(tmp_path: Path) -> None:
    """A control store of schema version 1 (no e-mail column) keeps its accounts and gains it."""
    db = tmp_path / "sdg.duckdb"
    con = control.connect(db)
    con.execute("DROP INDEX account_email")
    con.execute("ALTER TABLE account DROP COLUMN email")
    con.execute(
        "INSERT INTO account VALUES ('old', 'admin', '$argon2id$v=19$m=1024,t=1,p=1$x$y', '[]', '[]', 0, 't', 't')"
    )
    con.execute("PRAGMA user_version = 1")
    con.close()
    with control.opened(db) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == control.SCHEMA_VERSION == 2
        acc = accounts.get(con, "old")
        assert acc is not None and acc.email == "" and acc.role == "admin"
        accounts.set_email(con, "old", "old@ministry.example", by="old")
        with pytest.raises(sqlite3.IntegrityError):  # the index came along
            con.execute("INSERT INTO account (name, role, password_hash, created_at, password_changed_at, email)"
                        " VALUES ('dup', 'admin', '$argon2id$x', 't', 't', 'old@ministry.example')")  # fmt: skip
    with control.opened(db) as con:  # connecting again changes nothing
        assert accounts.get(con, "old") == accounts.by_email(con, "old@ministry.example")


def test_identity_claims() -> None:
    who = ident(verified="false", extra="ignored")
    assert (who.provider, who.subject, who.email, who.email_verified) == (
        "ministry",
        "s-1",
        "sam@ministry.example",
        False,
    )
    assert who.issued_at == int(NOW - 10)
    assert ident(verified=True).email_verified is True and ident(verified="TRUE").email_verified is True
    assert ident().email_verified is None  # no claim: the provider does not say
    assert ident(verified=1).email_verified is False  # anything but true is not verified
    odd = Identity.from_claims("p", {"email": 5, "iat": "soon"})
    assert (odd.email, odd.issued_at, odd.subject) == ("", None, "")
    assert ident().key != ident(age=20).key  # another issued identity


def test_the_mapping_rules(store: sqlite3.Connection, db: Path, people: dict[str, accounts.Account]) -> None:
    accounts.set_email(store, "sam", "sam@ministry.example", by="boss")
    accounts.set_email(store, "rita", "rita@ministry.example", by="boss")
    accounts.disable(store, "rita", by="boss")
    rule = accounts.sso_account
    assert rule(store, ident(), NOW) == (accounts.get(store, "sam"), "")
    assert rule(store, ident(verified=True), NOW)[1] == ""
    assert rule(store, ident(verified=False), NOW)[1] == accounts.SSO_UNVERIFIED
    assert rule(store, ident("stranger@ministry.example"), NOW) == (None, accounts.SSO_UNKNOWN)
    assert rule(store, ident("rita@ministry.example"), NOW)[1] == accounts.SSO_DISABLED
    assert rule(store, ident(""), NOW) == (None, accounts.SSO_NO_EMAIL)
    assert rule(store, ident("not an address"), NOW) == (None, accounts.SSO_NO_EMAIL)
    assert rule(store, ident(age=SSO_FRESH_SECONDS - 1), NOW)[1] == ""
    assert rule(store, ident(age=SSO_FRESH_SECONDS + 1), NOW)[1] == accounts.SSO_STALE  # an old cookie
    assert rule(store, ident(age=-3600), NOW)[1] == accounts.SSO_STALE  # issued in the future
    assert rule(store, Identity("ministry", "s", "sam@ministry.example", None, None), NOW)[1] == accounts.SSO_STALE


def test_sso_login_signs_in_and_audits_every_refusal(
    store: sqlite3.Connection, db: Path, people: dict[str, accounts.Account]
) -> None:
    accounts.set_email(store, "sam", "sam@ministry.example", by="boss")
    result = accounts.sso_login(store, ident(), client="10.0.0.7", clock=lambda: NOW)
    assert result.ok and result.session == accounts.Session("sam", accounts.SUBMITTER, NOW, NOW)
    action, actor, detail = last(store)
    assert (action, actor) == (audit.LOGIN_SSO, "sam")
    assert detail == {"client": "10.0.0.7", "provider": "ministry", "email": "sam@ministry.example", "subject": "s-1"}
    n = len(audit.frame(store))
    refused = accounts.sso_login(store, ident("stranger@ministry.example"), clock=lambda: NOW)
    assert (refused.ok, refused.reason, refused.account) == (False, accounts.SSO_UNKNOWN, None)
    assert last(store)[:2] == (audit.LOGIN_SSO_REFUSED, "stranger@ministry.example")
    assert last(store)[2]["reason"] == "unknown"
    refused = accounts.sso_login(store, ident(verified=False), clock=lambda: NOW)
    assert (refused.reason, refused.account) == (accounts.SSO_UNVERIFIED, "sam")
    assert last(store)[:2] == (audit.LOGIN_SSO_REFUSED, "sam")
    stale = accounts.sso_login(store, ident(age=SSO_FRESH_SECONDS * 2), clock=lambda: NOW)
    assert stale.reason == accounts.SSO_STALE and len(audit.frame(store)) == n + 2  # nothing attempted
    accounts.disable(store, "sam", by="boss")  # the session ends as a password sign-in's does
    assert result.session is not None and not accounts.session_valid(store, result.session, NOW + 1)
    assert accounts.sso_login(store, ident(), clock=lambda: NOW).reason == accounts.SSO_DISABLED


def _run(argv: list[str], monkeypatch: pytest.MonkeyPatch, stdin: str = "") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return cli.main(argv)


def test_cli_email(db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    d = ["--db", str(db)]
    pw = PASSWORD + "\n"
    assert (
        _run(
            ["add", "boss", "--role", "admin", "--email", "Boss@Ministry.example", "--password-stdin", *d],
            monkeypatch,
            pw,
        )
        == 0
    )
    assert "Added the account boss" in capsys.readouterr().out
    assert (
        _run(
            ["add", "sam", "--role", "submitter", "--province", "TH-50", "--password-stdin", "--as", "boss", *d],
            monkeypatch,
            pw,
        )
        == 0
    )
    assert (
        _run(
            ["add", "xy", "--role", "reviewer", "--email", "nope", "--password-stdin", "--as", "boss", *d],
            monkeypatch,
            pw,
        )
        == 1
    )
    assert "nope is not an e-mail address" in capsys.readouterr().err
    assert _run(["email", "sam", "sam@ministry.example", "--as", "boss", *d], monkeypatch) == 0
    assert "The account sam now has the e-mail sam@ministry.example" in capsys.readouterr().out
    assert _run(["email", "sam", "boss@ministry.example", "--as", "boss", "--lang", "th", *d], monkeypatch) == 1
    assert "เป็นของบัญชี boss อยู่แล้ว" in capsys.readouterr().err
    assert _run(["email", "sam", "s@ministry.example", *d], monkeypatch) == 2  # --as is required
    assert _run(["email", "sam", "s@ministry.example", "--clear", "--as", "boss", *d], monkeypatch) == 2
    assert _run(["email", "sam", "--as", "boss", *d], monkeypatch) == 2  # an address or --clear
    capsys.readouterr()
    assert _run(["list", *d], monkeypatch) == 0
    assert capsys.readouterr().out.splitlines() == [
        "boss\tadmin\tenabled\tall\tboss@ministry.example",
        "sam\tsubmitter\tenabled\tTH-50\tsam@ministry.example",
    ]
    assert _run(["email", "sam", "--clear", "--as", "boss", *d], monkeypatch) == 0
    assert "has no e-mail any more" in capsys.readouterr().out
    assert _run(["list", *d], monkeypatch) == 0
    assert capsys.readouterr().out.splitlines()[1] == "sam\tsubmitter\tenabled\tTH-50"  # as before e-mails
