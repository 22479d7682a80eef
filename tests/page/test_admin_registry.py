"""pages/6_admin.py, the partner registry under AppTest: the 3W file (template download,
checked upload, problems by row and column, preview, submitted for review), and the forms that
add, edit and close one activity or partner (admins only), each recorded in the history with
who (the signed-in account)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from lib.build import build
from lib.core.paths import ROOT
from lib.review import submissions
from lib.users import control
from tests.page.accounts import Clock, cast, gate_clock, sign_in

PAGE = str(ROOT / "pages" / "6_admin.py")
FIXTURE = ROOT / "tests" / "fixtures" / "activities" / "activities_3w.csv"
__all__ = ["gate_clock"]  # the fixture, used by name


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("admin3w") / "t.duckdb"
    build(path)
    return path


@pytest.fixture()
def db(pristine: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gate_clock: Clock) -> Path:
    path = tmp_path / "t.duckdb"
    shutil.copyfile(pristine, path)
    monkeypatch.setenv("SDG_DB", str(path))
    cast(path)
    return path


def rows(db: Path, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def opened(what: str, lang: str = "en", user: str = "boss") -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=90)
    at.query_params["lang"] = lang
    at = sign_in(at.run(), user)
    at.segmented_control(key="admin_what").set_value(what)
    return at.run()


def texts(at: AppTest) -> str:
    return " | ".join([e.value for e in at.text] + [e.value for e in at.success] + [e.value for e in at.error])


def test_the_3w_file_is_submitted_through_the_page(db: Path) -> None:
    at = opened("activities")
    assert not at.exception
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["3W template (CSV)", "3W template (Excel)"]
    at.get("file_uploader")[0].set_value(("activities_3w.csv", FIXTURE.read_bytes(), "text/csv"))
    at.run()
    assert not at.exception
    assert "activities to add 60" in at.success[0].value and "new partners 5" in at.success[0].value
    [submit] = [b for b in at.button if b.label == "Submit for review"]
    submit.click()
    at.run()
    assert "Stored as submission 1 (60 rows)" in " ".join(s.value for s in at.success)
    with control.opened(db) as store:
        [sub] = submissions.visible(store, "boss")
    assert (sub.kind, sub.file_name, sub.status) == ("activities", "activities_3w.csv", "submitted")
    assert rows(db, "SELECT count(*) FROM import_log") == [(0,)]  # nothing loaded before review
    assert rows(db, "SELECT count(*) FROM activity WHERE origin = 'import'") == [(0,)]


def test_a_bad_3w_file_is_named_by_row_and_column_in_thai_and_nothing_loads(db: Path) -> None:
    at = opened("activities", "th")
    head, first = FIXTURE.read_text(encoding="utf-8-sig").splitlines()[:2]
    bad = f"{head}\n{first.replace(',Pattani,', ',Patani,')}\n".encode()
    at.get("file_uploader")[0].set_value(("bad.csv", bad, "text/csv"))
    at.run()
    assert not at.exception
    table = at.dataframe[0].value
    assert table.iloc[0].tolist()[:2] == [2, "provinces"]
    assert "Patani" in table.iloc[0].tolist()[2]
    assert not [b for b in at.button if b.label == "ส่งให้ตรวจทาน"]
    assert rows(db, "SELECT count(*) FROM import_log") == [(0,)]


def _activity_form(at: AppTest) -> AppTest:
    at.radio[0].set_value("activity")
    return at.run()


def test_the_activity_form_checks_adds_edits_and_closes(db: Path) -> None:
    at = _activity_form(opened("forms"))
    assert not at.exception
    assert at.selectbox(key="act_form_pick").value == "__new__"  # "+ Add a new activity" first
    boxes = {s.label: s for s in at.selectbox}
    boxes["Partner"].set_value("undp")
    inputs = {t.label: t for t in at.text_input}
    inputs["Title in English"].input("Flood shelters")
    inputs["Start date"].input("2025-06")
    inputs["End date"].input("2025-01")  # before the start: the file's rule
    inputs["Source (link or document)"].input("https://example.org/flood")
    {m.label: m for m in at.multiselect}["Provinces"].set_value(["TH-94"])
    {m.label: m for m in at.multiselect}["SDG goals"].set_value([11])
    {s.label: s for s in at.selectbox}["Status"].set_value("ongoing")
    at.get("form_submit_button")[0].click()
    at.run()
    assert not at.exception
    assert "Not saved: 1 problem(s)" in at.error[0].value
    assert "End date: End date 2025-01 is before the start date 2025-06" in texts(at)
    assert rows(db, "SELECT count(*) FROM activity WHERE origin = 'form'") == [(0,)]

    {t.label: t for t in at.text_input}["End date"].input("2025-12")
    at.get("form_submit_button")[0].click()
    at.run()
    assert "Activity added" in at.success[0].value
    [(aid, who, scope)] = rows(db, "SELECT activity_id, updated_by, scope FROM activity WHERE origin = 'form'")
    assert who == "boss" and scope == "provinces"
    assert rows(db, "SELECT province_code FROM activity_province WHERE activity_id = ?", [aid]) == [("TH-94",)]

    # edit: pick it, change the status; the same activity is replaced and the old one kept
    at.selectbox(key="act_form_pick").set_value(aid)
    at.run()
    {s.label: s for s in at.selectbox}["Status"].set_value("completed")
    at.get("form_submit_button")[0].click()
    at.run()
    assert "Changes saved" in at.success[0].value
    assert rows(db, "SELECT status FROM activity WHERE activity_id = ?", [aid]) == [("completed",)]
    assert rows(
        db, "SELECT action, changed_by FROM registry_history WHERE record_id = ? ORDER BY change_id", [aid]
    ) == [
        ("added", "boss"),
        ("replaced", "boss"),
    ]

    # close it: kept, no longer counted
    at.selectbox(key="act_form_pick").set_value(aid)
    at.run()
    at.checkbox(key=f"close_sure_{aid}").check()
    at.run()
    at.button(key=f"close_{aid}").click()
    at.run()
    assert "Activity closed" in at.success[0].value
    assert rows(db, "SELECT closed IS NOT NULL FROM activity WHERE activity_id = ?", [aid]) == [(True,)]
    history = at.dataframe[0].value
    assert history.iloc[0].tolist()[1:5] == ["boss", "closed", "activity", aid]


def test_the_partner_form_refuses_a_second_undp_and_adds_edits_closes(db: Path) -> None:
    at = opened("forms")
    at.radio[0].set_value("partner")
    at.run()
    inputs = {t.label: t for t in at.text_input}
    inputs["Name in Thai"].input("ยูเอ็นดีพี")
    inputs["Name in English"].input("UNDP Thailand")
    {s.label: s for s in at.selectbox}["Sector"].set_value("international")
    at.get("form_submit_button")[0].click()
    at.run()
    assert "already matches a registered partner (undp)" in texts(at)
    before = rows(db, "SELECT count(*) FROM partner")

    inputs = {t.label: t for t in at.text_input}
    inputs["Name in Thai"].input("มูลนิธิทดสอบ")
    inputs["Name in English"].input("Test Foundation")
    at.text_area[0].input("TF\nมทส")
    at.get("form_submit_button")[0].click()
    at.run()
    assert "Partner Test Foundation added" in at.success[0].value
    assert rows(db, "SELECT count(*) FROM partner") == [(before[0][0] + 1,)]
    [(pid, sector, who)] = rows(
        db, "SELECT partner_id, sector, updated_by FROM partner WHERE name_en = 'Test Foundation'"
    )
    assert (sector, who) == ("international", "boss")
    assert rows(db, "SELECT alias FROM partner_alias WHERE partner_id = ? ORDER BY 1", [pid]) == [("TF",), ("มทส",)]

    at.selectbox(key="partner_form_pick").set_value(pid)
    at.run()
    {t.label: t for t in at.text_input}["Name in English"].input("Test Foundation Thailand")
    at.get("form_submit_button")[0].click()
    at.run()
    assert "Partner saved" in at.success[0].value
    assert rows(db, "SELECT name_en FROM partner WHERE partner_id = ?", [pid]) == [("Test Foundation Thailand",)]

    at.selectbox(key="partner_form_pick").set_value(pid)
    at.run()
    at.checkbox(key=f"close_sure_{pid}").check()
    at.run()
    at.button(key=f"close_{pid}").click()
    at.run()
    assert "Partner closed with 0 activities" in at.success[0].value
    assert rows(db, "SELECT closed IS NOT NULL FROM partner WHERE partner_id = ?", [pid]) == [(True,)]


@pytest.mark.parametrize("what", ["forms", "targets"])
def test_forms_and_targets_are_for_admins(db: Path, what: str) -> None:
    """Review covers files, not the forms or province targets: those stay direct, admins only."""
    at = opened(what, user="sam")
    assert not at.exception
    assert "for admins only" in at.info[0].value
    assert not at.get("form_submit_button") and not at.get("file_uploader")
    at = opened(what, "th", user="boss")
    assert "ผู้ดูแลระบบ" in at.info[0].value


def test_province_targets_load_through_the_page(db: Path) -> None:
    at = opened("targets", "th")
    assert not at.exception
    fixture = ROOT / "tests" / "fixtures" / "targets" / "province_targets.csv"
    at.get("file_uploader")[0].set_value(("province_targets.csv", fixture.read_bytes(), "text/csv"))
    at.run()
    assert not at.exception
    assert "เพิ่ม 12 เป้าหมาย" in at.success[0].value
    [load] = [b for b in at.button if b.label == "นำเข้าเป้าหมาย"]
    load.click()
    at.run()
    assert "นำเข้าแล้ว (ครั้งที่ 1)" in at.success[0].value
    assert rows(db, "SELECT kind, rows_added, imported_by FROM import_log") == [("targets", 12, "boss")]
    assert rows(db, "SELECT count(*) FROM province_target") == [(12,)]
