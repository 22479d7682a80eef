"""lib.review: submissions are staged apart from published data; scope refusals name the rows;
no one reviews their own; a rejection needs a reason; the flags a reviewer is shown."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from lib.ingest import cli as ingest_cli
from lib.review import cli, flags
from lib.review import submissions as subs
from lib.store.db import connect_read_only, signature
from lib.users import accounts, audit
from lib.users.accounts import Refused
from tests.unit.review.helpers import FIXTURES, submit


def _ministry_values(db: Path | None = None) -> list[tuple[str, str, int, float]]:
    con = connect_read_only(db)
    try:
        return con.execute(
            "SELECT indicator_id, province_code, year, value FROM observation WHERE dataset = 'ministry' ORDER BY ALL"
        ).fetchall()
    finally:
        con.close()


def test_rows_outside_the_scope_are_refused_and_named(
    db: Path, store: sqlite3.Connection, people: dict[str, accounts.Account], capsys: pytest.CaptureFixture[str]
) -> None:
    file = str(FIXTURES / "mixed_scope.csv")
    assert ingest_cli.main([file, "--submit", "--as", "sam", "--db", str(db)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[-3:] == [
        "Refused: 2 rows are outside the scope of sam (TH-50); nothing was submitted.",
        "  row 3: province TH-10, indicator pov_headcount",
        "  row 5: province TH-57, indicator pov_headcount",
    ]
    assert ingest_cli.main([file, "--submit", "--as", "ivy", "--db", str(db), "--lang", "th"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[-4:] == [
        "ไม่รับไฟล์นี้: มี 3 แถวอยู่นอกขอบเขตของ ivy (unemployment) จึงไม่ได้บันทึกสิ่งใด",
        "  แถว 2: จังหวัด TH-50 ตัวชี้วัด pov_headcount",
        "  แถว 3: จังหวัด TH-10 ตัวชี้วัด pov_headcount",
        "  แถว 5: จังหวัด TH-57 ตัวชี้วัด pov_headcount",
    ]
    assert store.execute("SELECT count(*) FROM submission").fetchone()[0] == 0
    assert audit.SUBMITTED not in set(audit.frame(store)["action"])
    for who in ("sam", "ivy"):  # inside both scopes
        submit(db, who, "chiang_mai_unemployment.csv", capsys)


def test_a_submission_is_stored_whole_and_changes_nothing_published(
    db: Path, store: sqlite3.Connection, people: dict[str, accounts.Account], capsys: pytest.CaptureFixture[str]
) -> None:
    before, sig = _ministry_values(db), signature(db)
    sid = submit(db, "sam", "chiang_mai_unemployment.csv", capsys)
    s = subs.get(store, sid)
    assert (s.submitter, s.kind, s.status, s.dataset, s.release) == (
        "sam",
        "indicators",
        subs.SUBMITTED,
        "ministry",
        None,
    )
    assert subs.file_of(store, sid) == (FIXTURES / "chiang_mai_unemployment.csv").read_bytes()
    rows = subs.rows_of(store, sid)
    assert rows[["province_code", "indicator_id", "year", "value", "row"]].values.tolist() == [
        ["TH-50", "unemployment", 2023, 1.4, 2]
    ]
    assert _ministry_values(db) == before and signature(db) == sig


def test_review_rules(
    db: Path, store: sqlite3.Connection, people: dict[str, accounts.Account], capsys: pytest.CaptureFixture[str]
) -> None:
    own = submit(db, "rita", "chiang_mai_unemployment.csv", capsys)
    with pytest.raises(Refused, match="rev_own"):
        subs.approve(store, own, by="rita")
    sid = submit(db, "sam", "chiang_mai_unemployment.csv", capsys)
    with pytest.raises(Refused, match="acc_wrong_role"):
        subs.approve(store, sid, by="ivy")  # a submitter reviews nothing
    for reason in (None, "", "   "):
        with pytest.raises(Refused, match="rev_reason_needed"):
            subs.reject(store, sid, by="rita", reason=reason)
    subs.reject(store, sid, by="rita", reason="the 2023 figure is provisional")
    with pytest.raises(Refused, match="rev_not_waiting"):
        subs.approve(store, sid, by="boss")
    with pytest.raises(Refused, match="rev_unknown"):
        subs.approve(store, 999, by="boss")
    assert [s.submission_id for s in subs.visible(store, "sam")] == [sid]  # their own only
    assert [s.submission_id for s in subs.visible(store, "rita")] == [own, sid]
    with pytest.raises(Refused, match="rev_unknown"):  # another's: as if it did not exist
        subs.seen_by(store, own, "sam")
    subs.approve(store, own, by="boss", comment="")
    assert [(s.submission_id, s.status) for s in subs.approved(store)] == [(own, subs.APPROVED)]
    assert subs.get(store, sid).status == subs.REJECTED


def test_flags_worked_by_hand(
    db: Path, store: sqlite3.Connection, people: dict[str, accounts.Account], capsys: pytest.CaptureFixture[str]
) -> None:
    from lib.release.publish import publish

    first = submit(db, "boss", "seven_provinces_2022.csv", capsys)
    (outlier,) = subs.get(store, first).flags
    assert (outlier["kind"], outlier["province_code"]) == (flags.OUTLIER, "TH-50")
    assert outlier["z"] == pytest.approx(28 / 1.4826)
    subs.approve(store, first, by="rita")
    publish(store, db, by="boss")
    revised = submit(db, "sam", "chiang_mai_2022_revised.csv", capsys)
    got = {f["kind"]: f for f in subs.get(store, revised).flags}
    assert set(got) == {flags.CHANGE, flags.OUTLIER}
    assert got[flags.CHANGE]["share"] == pytest.approx(21 / 40) and got[flags.CHANGE]["old_value"] == 40
    assert got[flags.OUTLIER]["z"] == pytest.approx(7 / 1.4826)
    later = submit(db, "boss", "six_provinces_2023.csv", capsys)
    (gone,) = subs.get(store, later).flags
    assert (gone["kind"], gone["province_code"], gone["year"], gone["row"]) == (flags.MISSING, "TH-50", 2023, None)

    assert cli.main(["show", str(revised), "--as", "rita", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "more than 50 %" in out and "3.5" in out  # the rules are stated
    assert "changed by 52 % of the published value; far from the other provinces (z = 4.7, median 12)" in out
    assert cli.main(["show", str(later), "--as", "boss", "--db", str(db), "--lang", "th"]) == 0
    assert "TH-50 · pov_headcount · -: มีค่าปี 2565 แต่ไม่มีปี 2566" in capsys.readouterr().out


def test_cli_exit_codes(
    db: Path, store: sqlite3.Connection, people: dict[str, accounts.Account], capsys: pytest.CaptureFixture[str]
) -> None:
    sid = str(submit(db, "sam", "chiang_mai_unemployment.csv", capsys))
    d = ["--db", str(db)]
    assert cli.main(["approve", sid, "--as", "sam", *d]) == 1
    assert "needs reviewer|admin" in capsys.readouterr().err
    assert cli.main(["reject", sid, "--as", "rita", *d]) == 1
    assert capsys.readouterr().err.strip() == "A rejection needs a reason (--reason)."
    assert cli.main(["approve", sid, *d]) == 2  # --as is required
    assert cli.main(["approve", "x", "--as", "rita", *d]) == 2
    assert cli.main(["show", "42", "--as", "rita", *d]) == 1
    assert cli.main(["approve", sid, "--as", "rita", "--reason", "checked against the report", *d]) == 0
    assert capsys.readouterr().out.strip() == f"Submission {sid} is approved."
    assert cli.main(["list", "--as", "sam", *d]) == 0
    assert "\tsam\tchiang_mai_unemployment.csv\tapproved\t" in capsys.readouterr().out
    file = str(FIXTURES / "chiang_mai_unemployment.csv")
    assert ingest_cli.main([file, "--submit", *d]) == 2  # --submit needs --as
    assert ingest_cli.main([file, "--as", "sam", *d]) == 2
    assert ingest_cli.main([file, "--submit", "--as", "sam", "--dry-run", *d]) == 2
    assert ingest_cli.main([file, "--submit", "--as", "nobody", *d]) == 1
    assert ingest_cli.main([file, "--kind", "activities", "--submit", "--as", "sam", *d]) == 1
