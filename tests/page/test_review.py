"""The central database in the browser, under AppTest: a submitter's upload becomes a
submission (nothing published changes), a row outside the scope is refused and named, a
reviewer approves on pages/9_review.py, no one approves their own submission, a rejection
needs a reason, an admin publishes (the app then reads release N) and rolls back, and
pages/10_changes.py shows each release's notes with B.E. years in Thai."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from lib import release
from lib.build import build
from lib.core.paths import ROOT
from lib.core.vocab import BE_OFFSET
from lib.ingest import cli as ingest_cli
from lib.review import submissions as subs
from lib.store.db import connect_read_only, read_path, release_file
from lib.users import control
from tests.page.accounts import Clock, actions, cast, gate_clock, sign_in

__all__ = ["gate_clock"]  # the fixture, used by name

ADMIN_PAGE = str(ROOT / "pages" / "6_admin.py")
REVIEW_PAGE = str(ROOT / "pages" / "9_review.py")
CHANGES_PAGE = str(ROOT / "pages" / "10_changes.py")
FIX = ROOT / "tests" / "fixtures" / "review"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("review") / "t.duckdb"
    build(path)
    return path


@pytest.fixture()
def db(pristine: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gate_clock: Clock) -> Path:
    path = tmp_path / "t.duckdb"
    shutil.copyfile(pristine, path)
    monkeypatch.setenv("SDG_DB", str(path))
    cast(path)
    return path


def shown(db: Path) -> list[tuple[object, ...]]:
    """The ministry values the app reads (its read path: the current release, else the working db)."""
    con = connect_read_only(read_path(db))
    try:
        sql = "SELECT indicator_id, province_code, year, value FROM observation WHERE dataset = 'ministry' ORDER BY ALL"
        return con.execute(sql).fetchall()
    finally:
        con.close()


def submitted(db: Path, name: str, file: str) -> int:
    """A submission made from the command line (`python -m lib.ingest FILE --submit --as NAME`)."""
    assert ingest_cli.main([str(FIX / file), "--submit", "--as", name, "--db", str(db)]) == 0
    with control.opened(db) as con:
        return max(s.submission_id for s in subs.visible(con, "boss"))


def status(db: Path, sid: int) -> str:
    with control.opened(db) as con:
        return subs.get(con, sid).status


def approve(db: Path, sid: int) -> None:
    with control.opened(db) as con:
        subs.approve(con, sid, by="rita")


def publish(db: Path, sid: int) -> None:
    """Approved by rita and published by boss, from the functions the command line calls."""
    approve(db, sid)
    with control.opened(db) as con:
        release.publish.publish(con, db, by="boss")


def opened(script: str, name: str, lang: str = "en") -> AppTest:
    at = AppTest.from_file(script, default_timeout=90)
    at.query_params["lang"] = lang
    return sign_in(at.run(), name)


def button(at: AppTest, label: str) -> Any:  # an AppTest widget
    return next(b for b in at.button if b.label == label)


def everything(at: AppTest) -> str:
    parts = [*at.text, *at.success, *at.error, *at.caption, *at.info, *at.warning, *at.subheader]
    return " | ".join(str(e.value) for e in parts)


# ---------------------------------------------------------------- submitting


def test_a_submitters_upload_becomes_a_submission_and_nothing_published_changes(db: Path) -> None:
    before = shown(db)
    at = opened(ADMIN_PAGE, "sam")
    data = (FIX / "chiang_mai_2022_revised.csv").read_bytes()
    at.get("file_uploader")[0].set_value(("chiang_mai_2022_revised.csv", data, "text/csv"))
    at.run()
    assert not at.exception
    button(at, "Submit for review").click()
    at.run()
    assert "Stored as submission 1 (1 rows), waiting for review" in everything(at)
    assert shown(db) == before  # the app reads what it read before
    assert status(db, 1) == "submitted" and ("submitted", "sam") in actions(db)
    mine = next(d.value for d in at.dataframe if "submission" in d.value.columns)
    assert mine[["submission", "by", "file", "state"]].values.tolist() == [
        [1, "sam", "chiang_mai_2022_revised.csv", "waiting for review"]
    ]


def test_rows_outside_the_scope_are_refused_and_named(db: Path) -> None:
    at = opened(ADMIN_PAGE, "sam", "th")
    data = (FIX / "mixed_scope.csv").read_bytes()
    at.get("file_uploader")[0].set_value(("mixed_scope.csv", data, "text/csv"))
    at.run()
    button(at, "ส่งให้ตรวจทาน").click()
    at.run()
    assert not at.exception
    assert "ไม่ได้ดำเนินการ" in at.error[0].value
    lines = [t.value.strip() for t in at.text]
    assert any("2 แถวอยู่นอกขอบเขตของ sam" in x for x in lines)
    assert "แถว 3: จังหวัด TH-10 ตัวชี้วัด pov_headcount" in lines
    assert "แถว 5: จังหวัด TH-57 ตัวชี้วัด pov_headcount" in lines
    with control.opened(db) as con:
        assert subs.visible(con, "sam") == []


# ---------------------------------------------------------------- reviewing


def test_a_submitter_cannot_open_the_review_page(db: Path) -> None:
    at = opened(REVIEW_PAGE, "sam")
    assert not at.exception
    assert "cannot use this page" in at.info[0].value and not at.get("text_area")


def test_the_reviewer_sees_the_flags_and_approves(db: Path) -> None:
    publish(db, submitted(db, "boss", "seven_provinces_2022.csv"))  # Chiang Mai 2022 published: 40
    sid = submitted(db, "sam", "chiang_mai_2022_revised.csv")  # revised to 19
    other = submitted(db, "boss", "six_provinces_2023.csv")
    at = opened(REVIEW_PAGE, "rita")
    assert not at.exception
    assert "Waiting for review: 2" in everything(at)
    at.selectbox(key="review_pick").set_value(sid)
    at.run()
    table = next(d.value for d in at.dataframe if "row" in d.value.columns)
    assert table[["row", "province", "year", "published", "submitted", "change", "flags"]].values.tolist() == [
        [2, "TH-50", "2022", "40", "19", "replaced",
         "changed by 52 % of the published value; far from the other provinces (z = 4.7, median 12)"]
    ]  # fmt: skip
    assert any("more than 50 %" in c.value for c in at.caption)  # the rules, as the command prints them
    button(at, "Approve").click()
    at.run()
    assert f"Submission {sid} is approved." in everything(at)
    assert status(db, sid) == "approved" and status(db, other) == "submitted"
    assert ("approved", "rita") in actions(db)
    at.selectbox(key="review_pick").set_value(other)  # the missing province, named
    at.run()
    assert "TH-50 · pov_headcount · -: a value for 2022, none for 2023" in everything(at)


def test_own_submissions_cannot_be_approved_and_a_rejection_needs_a_reason(db: Path) -> None:
    sid = submitted(db, "boss", "seven_provinces_2022.csv")
    at = opened(REVIEW_PAGE, "boss")
    assert button(at, "Approve").disabled and button(at, "Reject").disabled
    assert "You submitted this yourself" in everything(at)
    assert status(db, sid) == "submitted"
    at = opened(REVIEW_PAGE, "rita", "th")
    button(at, "ไม่อนุมัติ").click()
    at.run()
    assert "การไม่อนุมัติต้องมีเหตุผล" in at.error[0].value and status(db, sid) == "submitted"
    at.text_area(key=f"review_comment_{sid}").input("ค่าเชียงใหม่สูงผิดปกติ")
    button(at, "ไม่อนุมัติ").click()
    at.run()
    assert status(db, sid) == "rejected"


# ---------------------------------------------------------------- publishing and rollback


def test_an_admin_publishes_and_the_app_reads_release_n_then_rolls_back(db: Path) -> None:
    at = opened(REVIEW_PAGE, "rita")
    assert "Approved, waiting" not in everything(at)  # publishing is for admins
    first = submitted(db, "boss", "seven_provinces_2022.csv")
    approve(db, first)
    built = shown(db)
    at = opened(REVIEW_PAGE, "boss")
    assert "Approved, waiting to be published: 1" in everything(at)
    button(at, "Publish as release 1").click()
    at.run()
    assert not at.exception
    assert "Release 1 is published" in everything(at)
    assert read_path(db) == release_file(db, 1)
    one = shown(db)
    assert one != built and ("pov_headcount", "TH-50", 2022, 40.0) in one
    assert status(db, first) == "published"

    second = submitted(db, "sam", "chiang_mai_2022_revised.csv")
    approve(db, second)
    at.run()
    button(at, "Publish as release 2").click()
    at.run()
    assert read_path(db) == release_file(db, 2)
    assert ("pov_headcount", "TH-50", 2022, 19.0) in shown(db)
    releases = next(d.value for d in at.dataframe if "release" in d.value.columns)
    assert releases["release"].tolist() == [2, 1] and releases["current"].tolist() == ["(current)", ""]

    at.selectbox(key="rollback_pick").set_value(1)
    at.run()
    assert button(at, "Roll back to release 1").disabled  # until confirmed
    at.checkbox(key="rollback_sure_1").check()
    at.run()
    button(at, "Roll back to release 1").click()
    at.run()
    assert "Rolled back: the dashboard reads release 1." in everything(at)
    assert read_path(db) == release_file(db, 1) and shown(db) == one
    assert [a for a, _ in actions(db) if a in ("published", "rolled_back")] == ["published", "published", "rolled_back"]
    log = next(d.value for d in at.dataframe if "action" in d.value.columns)
    assert log["action"].iloc[0] == "rolled_back"  # newest first
    csv = next(b for b in at.get("download_button") if "audit log" in b.label)
    assert csv is not None


def test_what_changed_lists_each_release_in_thai(db: Path) -> None:
    at = AppTest.from_file(CHANGES_PAGE, default_timeout=90)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception and "No release yet" in at.info[0].value
    publish(db, submitted(db, "boss", "seven_provinces_2022.csv"))
    at = AppTest.from_file(CHANGES_PAGE, default_timeout=90)  # public: no sign-in
    at.query_params["lang"] = "th"
    at.run()
    assert not at.exception
    be = datetime.now(UTC).year + BE_OFFSET
    head = at.subheader[0].value
    assert head.startswith("ชุดเผยแพร่ที่ 1 · ") and f"/{be} " in head and "(ชุดปัจจุบัน)" in head
    assert "เผยแพร่โดย boss · เพิ่ม 7 ค่า" in " ".join(c.value for c in at.caption)
    subs_table, changes = (d.value for d in at.dataframe)
    assert subs_table["ส่งโดย"].iloc[0].startswith("boss · ")
    assert subs_table["อนุมัติโดย"].iloc[0].startswith("rita · ")
    assert changes["เพิ่ม"].sum() == 7 and "เชียงใหม่" in changes["จังหวัด"].tolist()
