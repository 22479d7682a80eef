"""lib.release: a viewer sees nothing new until publish; publish is all or nothing and makes an
immutable numbered release with notes from the data; rollback restores the exact previous
data; the whole cycle is in the audit log."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from lib import release
from lib.release import cli
from lib.release.publish import notes_file, publish, rollback
from lib.review import submissions as subs
from lib.store.db import CURRENT_FILE, connect_read_only, read_path, releases_dir, signature
from lib.users import accounts, audit
from lib.users.accounts import Refused
from tests.unit.review.helpers import submit

Rows = list[tuple[object, ...]]


def ministry(db: Path | None = None) -> Rows:
    con = connect_read_only(db)
    try:
        return con.execute(
            "SELECT indicator_id, province_code, year, value FROM observation WHERE dataset = 'ministry' ORDER BY ALL"
        ).fetchall()
    finally:
        con.close()


def tables(path: Path) -> dict[str, Rows]:
    """Every table's contents, sorted (to compare data, not file bytes)."""
    con = connect_read_only(path)
    try:
        names = [
            r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = 'sdg'").fetchall()
        ]
        return {n: con.execute(f'SELECT * FROM "{n}" ORDER BY ALL').fetchall() for n in sorted(names)}
    finally:
        con.close()


def approved(db: Path, store: sqlite3.Connection, who: str, file: str, capsys: pytest.CaptureFixture[str]) -> int:
    sid = submit(db, who, file, capsys)
    subs.approve(store, sid, by="rita" if who != "rita" else "boss", comment="checked")
    return sid


def test_a_viewer_sees_nothing_new_until_publish(
    db: Path,
    store: sqlite3.Connection,
    people: dict[str, accounts.Account],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SDG_DB", str(db))  # the app's read path: connect_read_only() without a path
    before, sig = ministry(), signature()
    assert read_path() == db and release.current() is None
    approved(db, store, "sam", "chiang_mai_unemployment.csv", capsys)
    assert ministry() == before and signature() == sig
    made = publish(store, db, by="boss")
    assert read_path() == made.path and signature() != sig
    assert ministry() == [*before, ("unemployment", "TH-50", 2023, 1.4)]
    now = release.current()
    assert now is not None and (now.number, now.path, now.published_at) == (1, made.path, made.published_at)


def test_publish_makes_an_immutable_release_with_notes(
    db: Path, store: sqlite3.Connection, people: dict[str, accounts.Account], capsys: pytest.CaptureFixture[str]
) -> None:
    first = approved(db, store, "boss", "seven_provinces_2022.csv", capsys)
    r1 = publish(store, db, by="boss")
    revised = approved(db, store, "sam", "chiang_mai_2022_revised.csv", capsys)
    r2 = publish(store, db, by="boss")
    assert [r.number for r in release.releases(db)] == [1, 2]
    assert r2.path.name == "release-0002.duckdb" and not stat.S_IMODE(os.stat(r2.path).st_mode) & 0o222
    assert not stat.S_IMODE(os.stat(r1.path).st_mode) & 0o222  # mode 0444 (root may still write: a guard, not a lock)
    assert (releases_dir(db) / CURRENT_FILE).read_text() == "2\n"
    n1, n2 = r1.notes, r2.notes
    assert (n1["added"], n1["replaced"], n1["based_on"], n1["published_by"]) == (7, 0, None, "boss")
    assert (n2["added"], n2["replaced"], n2["based_on"]) == (0, 1, 1)
    (entry,) = n2["submissions"]  # type: ignore[misc]
    assert entry["submission"] == revised and entry["submitted_by"] == "sam"
    assert entry["approved_by"] == "rita" and entry["comment"] == "checked" and entry["approved_at"]
    assert n2["changes"] == [{"indicator_id": "pov_headcount", "province_code": "TH-50", "added": 0, "replaced": 1}]
    assert notes_file(db, 1).is_file()
    assert {s.submission_id: (s.status, s.release) for s in subs.visible(store, "boss")} == {
        first: (subs.PUBLISHED, 1),
        revised: (subs.PUBLISHED, 2),
    }
    with pytest.raises(Refused, match="rel_nothing_approved"):
        publish(store, db, by="boss")
    with pytest.raises(Refused, match="acc_wrong_role"):
        publish(store, db, by="rita")


def test_all_or_nothing_when_a_submission_no_longer_checks(
    db: Path, store: sqlite3.Connection, people: dict[str, accounts.Account], capsys: pytest.CaptureFixture[str]
) -> None:
    approved(db, store, "sam", "chiang_mai_unemployment.csv", capsys)
    bad = approved(db, store, "boss", "seven_provinces_2022.csv", capsys)
    con = duckdb.connect(str(db))  # the catalogue changed since: 40 is no longer plausible
    con.execute("UPDATE indicator SET plausible_max = 30 WHERE indicator_id = 'pov_headcount'")
    con.close()
    before = tables(db)
    assert cli.main(["publish", "--as", "boss", "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert f"Nothing was published: submission {bad} (seven_provinces_2022.csv) no longer checks (1 problems)." in err
    assert "row 8" in err  # the problem itself, named by row
    assert tables(db) == before and release.releases(db) == [] and release.current(db) is None
    assert len(subs.approved(store)) == 2


def test_rows_changed_since_approval_are_not_published(
    db: Path, store: sqlite3.Connection, people: dict[str, accounts.Account], capsys: pytest.CaptureFixture[str]
) -> None:
    sid = approved(db, store, "sam", "chiang_mai_unemployment.csv", capsys)
    rows = subs.rows_of(store, sid)
    rows.loc[0, "value"] = 9.9  # what was approved is no longer what the file gives
    store.execute("UPDATE submission SET rows = ? WHERE submission_id = ?", [subs.to_parquet(rows), sid])
    with pytest.raises(Refused, match="rel_rows_differ"):
        publish(store, db, by="boss")
    assert release.current(db) is None


def test_rollback_restores_the_exact_previous_data(
    db: Path, store: sqlite3.Connection, people: dict[str, accounts.Account], capsys: pytest.CaptureFixture[str]
) -> None:
    approved(db, store, "boss", "seven_provinces_2022.csv", capsys)
    r1 = publish(store, db, by="boss")
    at_1 = tables(db)
    approved(db, store, "sam", "chiang_mai_2022_revised.csv", capsys)
    publish(store, db, by="boss")
    assert tables(db) != at_1
    assert cli.main(["rollback", "1", "--as", "boss", "--db", str(db)]) == 0
    assert tables(db) == at_1 and tables(read_path(db)) == at_1 and read_path(db) == r1.path
    backups = list(db.parent.glob("sdg.duckdb.before-rollback-0001-*"))
    assert len(backups) == 1 and ("pov_headcount", "TH-50", 2022, 19.0) in ministry(backups[0])
    approved(db, store, "sam", "chiang_mai_unemployment.csv", capsys)
    r3 = publish(store, db, by="boss")  # builds on 1: the revision rolled back stays out
    assert (r3.number, r3.notes["based_on"]) == (3, 1)
    assert ("pov_headcount", "TH-50", 2022, 40.0) in ministry(r3.path)
    assert cli.main(["rollback", "9", "--as", "boss", "--db", str(db)]) == 1
    assert cli.main(["rollback", "1", "--as", "rita", "--db", str(db)]) == 1


def test_the_audit_trail_of_a_whole_cycle(
    db: Path, store: sqlite3.Connection, people: dict[str, accounts.Account], capsys: pytest.CaptureFixture[str]
) -> None:
    assert accounts.login(store, "sam", "not my password").ok is False
    assert accounts.login(store, "sam", "correct horse battery").ok
    sid = submit(db, "sam", "chiang_mai_unemployment.csv", capsys)
    subs.approve(store, sid, by="rita", comment="fine")
    publish(store, db, by="boss")
    other = submit(db, "sam", "chiang_mai_unemployment.csv", capsys)
    subs.reject(store, other, by="rita", reason="a duplicate of submission 1")
    rollback(store, db, 1, by="boss")
    log = audit.frame(store)
    trail = [
        (a, x, None if pd.isna(t) else t) for a, x, t in log[["action", "actor", "target"]].itertuples(index=False)
    ][4:]
    assert trail == [
        (audit.LOGIN_FAILED, "sam", None),
        (audit.LOGIN, "sam", None),
        (audit.SUBMITTED, "sam", str(sid)),
        (audit.APPROVED, "rita", str(sid)),
        (audit.PUBLISHED, "boss", "1"),
        (audit.SUBMITTED, "sam", str(other)),
        (audit.REJECTED, "rita", str(other)),
        (audit.ROLLED_BACK, "boss", "1"),
    ]
    assert list(log["action"][:4]) == [audit.ACCOUNT_ADDED] * 4
    assert '"reason": "a duplicate of submission 1"' in log["detail"].iloc[-2]


def test_cli(
    db: Path, store: sqlite3.Connection, people: dict[str, accounts.Account], capsys: pytest.CaptureFixture[str]
) -> None:
    d = ["--db", str(db)]
    assert cli.main(["current", *d]) == 1
    assert "No release has been published yet" in capsys.readouterr().err
    assert cli.main(["publish", "--as", "boss", *d]) == 1
    assert "Nothing is approved" in capsys.readouterr().err
    assert cli.main(["publish", *d]) == 2
    approved(db, store, "sam", "chiang_mai_unemployment.csv", capsys)
    assert cli.main(["publish", "--as", "boss", "--lang", "th", *d]) == 0
    assert capsys.readouterr().out.startswith("เผยแพร่ชุดที่ 1 แล้ว (เพิ่ม 1 ค่า แทนค่าเดิม 0 ค่า)")
    assert cli.main(["current", *d]) == 0
    assert capsys.readouterr().out.strip() == str(releases_dir(db) / "release-0001.duckdb")
    assert cli.main(["list", *d]) == 0
    assert " · by boss · 1 added, 0 replaced · submissions 1 (current)" in capsys.readouterr().out
