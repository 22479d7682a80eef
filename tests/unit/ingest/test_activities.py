"""The 3W partner-activity import (lib.ingest.activities, lib.store.partners): the invented test
file loads; each bad case is named by row and column and leaves the database unchanged;
partner variants match; replaced records are kept in the history; a rebuild keeps them."""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
from pathlib import Path

import duckdb
import pytest

from lib.build import build
from lib.core.paths import ROOT
from lib.ingest import activities as act
from lib.ingest.report import render
from lib.store import partners as store

FIXTURE = ROOT / "tests" / "fixtures" / "activities" / "activities_3w.csv"
HEAD = ",".join(act.HEADERS)
GOOD = "UNDP,,Test activity,กิจกรรมทดสอบ,Pattani;ยะลา,3.2;5,2024-01,2024-12-31,ongoing,1000000,Fund,120,Office,https://example.org/a"


@pytest.fixture()
def db(db_path: Path, tmp_path: Path) -> Path:
    target = tmp_path / "sdg.duckdb"
    shutil.copyfile(db_path, target)
    return target


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _check(text: str, db: Path, name: str = "3w.csv") -> act.Checked:
    return act.check(text.encode("utf-8"), name, act.load_registry(db))


def _one(db: Path, sql: str, params: list[object] | None = None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def test_the_invented_file_loads_all_60(db: Path) -> None:
    checked = act.check(FIXTURE.read_bytes(), FIXTURE.name, act.load_registry(db))
    assert not checked.problems, render(checked.problems[:5])
    assert len(checked.activities) == 60
    new = {p.name_en: p.sector for p in checked.new_partners}
    assert new == {
        "Example Rajabhat University (invented)": "academia",
        "Example Community Radio (invented)": "media",
        "Example Farmers Network (invented)": "people",
        "Example Foods Co. (invented)": "private",
        "Example Youth Council (invented)": "civil_society",
    }
    partners = {a.partner_id for a in checked.activities}
    assert {"undp", "unicef", "tdri", "moi"} <= partners, "UNDP, ยูนิเซฟ, TDRI, Ministry of Interior (MOI) matched"
    written = act.apply(checked, db, user="tester")
    assert (written.added, written.replaced, written.unchanged, written.new_partners) == (60, 0, 0, 5)
    log = _one(db, "SELECT kind, dataset, rows_added, imported_by, file_name FROM import_log ORDER BY import_id DESC")
    assert log[0] == ("activities", None, 60, "tester", FIXTURE.name)
    assert _one(db, "SELECT count(*) FROM registry_history WHERE action = 'added'") == [(65,)]
    again = act.apply(act.check(FIXTURE.read_bytes(), FIXTURE.name, act.load_registry(db)), db, user="tester")
    assert (again.added, again.replaced, again.unchanged, again.new_partners) == (0, 0, 60, 0), "nothing twice"


def test_rows_are_turned_into_records(db: Path) -> None:
    checked = _check(f"{HEAD}\n{GOOD}\n", db)
    assert checked.ok, render(checked.problems)
    a = checked.activities[0]
    assert (a.partner_id, a.scope, a.provinces, a.goals, a.targets) == (
        "undp",
        "provinces",
        ("TH-94", "TH-95"),
        (3, 5),
        ("3.2",),
    )
    assert (a.start_date, a.end_date, a.status, a.budget_thb, a.people_reached) == (
        "2024-01",
        "2024-12-31",
        "ongoing",
        1e6,
        120,
    )
    pilots = _check(f"{HEAD}\n" + GOOD.replace("Pattani;ยะลา", "pilots"), db).activities[0]
    assert pilots.scope == "programme" and len(pilots.provinces) == 15


def test_thai_headers_and_words_are_accepted(db: Path) -> None:
    from lib.i18n import t

    thai_head = ",".join(t(f"act_col_{h}", "th") for h in act.HEADERS)
    row = GOOD.replace("ongoing", t("act_status_ongoing", "th")).replace("Pattani;ยะลา", t("act_pilots_word", "th"))
    checked = _check(f"{thai_head}\n{row}\n", db)
    assert checked.ok, render(checked.problems)
    assert checked.activities[0].status == "ongoing" and checked.activities[0].scope == "programme"


@pytest.mark.parametrize(
    ("column", "value", "code"),
    [
        ("sector", "Aliens", "act_unknown_sector"),
        ("provinces", "Pattani;Atlantis", "act_unknown_province"),
        ("goals", "18", "act_bad_goal"),
        ("goals", "3.x2", "act_bad_goal"),
        ("start_date", "2024-13", "act_bad_date"),
        ("start_date", "01/02/2024", "act_bad_date"),
        ("end_date", "2023-06", "act_end_before_start"),
        ("status", "dreaming", "act_bad_status"),
        ("budget_thb", "-5", "act_bad_amount"),
        ("people_reached", "12.5", "act_bad_count"),
        ("source_url", "javascript:alert(1)", "act_bad_url"),
        ("partner", "", "act_required"),
        ("sector", "government", "act_sector_differs"),
    ],
)
def test_each_bad_cell_is_named_and_nothing_is_stored(db: Path, column: str, value: str, code: str) -> None:
    cells = dict(zip(act.HEADERS, next(csv.reader(io.StringIO(GOOD))), strict=True))
    cells[column] = value
    line = io.StringIO()
    csv.writer(line).writerow([cells[h] for h in act.HEADERS])
    before = _digest(db)
    checked = _check(f"{HEAD}\n{GOOD}\n{line.getvalue()}", db)
    assert not checked.ok and not checked.activities, "all or nothing"
    got = [(p.row, p.column, p.code) for p in checked.problems]
    assert (3, column, code) in got, got
    with pytest.raises(ValueError, match="never applied"):
        act.apply(checked, db, user="tester")
    assert _digest(db) == before


def test_a_new_partner_needs_a_sector_and_a_duplicate_row_is_named(db: Path) -> None:
    new = GOOD.replace("UNDP,,", "Unheard-of Foundation,,")
    checked = _check(f"{HEAD}\n{new}\n{GOOD}\n{GOOD}\n", db)
    got = {(p.row, p.column, p.code) for p in checked.problems}
    assert (2, "sector", "act_new_partner_needs_sector") in got
    assert (4, "title_en", "act_duplicate") in got
    dup = next(p for p in checked.problems if p.code == "act_duplicate")
    assert "row 3" in dup.render("en")


def test_headers_are_checked_first(db: Path) -> None:
    checked = _check("partner,sector,colour\nUNDP,,red\n", db)
    codes = {p.code for p in checked.problems}
    assert codes == {"act_unknown_column", "act_missing_columns"}
    assert "title_en" in next(p for p in checked.problems if p.code == "act_missing_columns").render("en")


def test_a_replaced_activity_is_kept_in_history_and_a_rebuild_keeps_the_registry(db: Path) -> None:
    act.apply(_check(f"{HEAD}\n{GOOD}\n", db), db, user="first")
    changed = GOOD.replace("ongoing", "completed").replace("1000000", "1500000")
    w = act.apply(_check(f"{HEAD}\n{changed}\n", db), db, user="second")
    assert (w.added, w.replaced) == (0, 1)
    hist = store.history(duckdb.connect(str(db), read_only=True))
    last = hist[0]
    assert last["action"] == "replaced" and last["changed_by"] == "second"
    assert '"status": "ongoing"' in last["before"] and '"status": "completed"' in last["after"]
    build(db)  # a rebuild from the seed keeps what files and forms added
    rows = _one(
        db,
        "SELECT status, budget_thb, origin, updated_by FROM activity "
        "WHERE partner_id = 'undp' AND title = 'Test activity'",
    )
    assert rows == [("completed", 1_500_000.0, "import", "second")]
    assert _one(db, "SELECT count(*) FROM registry_history") == [(2,)]
    kinds = _one(db, "SELECT kind FROM import_log ORDER BY import_id")
    assert [k for (k,) in kinds][-2:] == ["activities", "activities"]


def test_close_keeps_the_activity_and_records_who(db: Path) -> None:
    checked = _check(f"{HEAD}\n{GOOD}\n", db)
    act.apply(checked, db, user="first")
    aid = checked.activities[0].activity_id
    store.apply_staged(db, store.close_activity, aid, "admin", "2025-01-31")
    assert _one(db, "SELECT closed::TEXT, updated_by FROM activity WHERE activity_id = ?", [aid]) == [
        ("2025-01-31", "admin")
    ]
    with pytest.raises(ValueError, match="no activity"):
        store.apply_staged(db, store.close_activity, "act_nope", "admin", "2025-01-31")


def test_the_command_line_loads_or_rejects(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert act.run_cli(FIXTURE, db, user="cli", lang="en", dry_run=True) == 0
    assert "would be loaded" in capsys.readouterr().out
    assert _one(db, "SELECT count(*) FROM import_log WHERE kind = 'activities'") == [(0,)]
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{HEAD}\n" + GOOD.replace("2024-12-31", "2023-12-31") + "\n", encoding="utf-8")
    before = _digest(db)
    assert act.run_cli(bad, db, user="cli", lang="en", dry_run=False) == 1
    err = capsys.readouterr().err
    assert "bad.csv, row 2, column end_date: End date 2023-12-31 is before the start date 2024-01" in err
    assert _digest(db) == before
    assert act.run_cli(FIXTURE, db, user="cli", lang="th", dry_run=False) == 0
    assert _one(db, "SELECT rows_added, imported_by FROM import_log WHERE kind = 'activities'") == [(60, "cli")]


def test_python_m_lib_ingest_kind_activities(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The issue's contract, `python -m lib.ingest FILE --kind activities`, goes to the 3W import."""
    from lib.ingest.cli import main

    assert main([str(FIXTURE), "--kind", "activities", "--db", str(db), "--user", "clerk"]) == 0
    assert "60" in capsys.readouterr().out
    assert _one(db, "SELECT rows_added, imported_by FROM import_log WHERE kind = 'activities'") == [(60, "clerk")]
    before = _digest(db)
    # options of indicator values are refused for activities, by name, before anything is read
    assert main([str(FIXTURE), "--kind", "activities", "--db", str(db), "--scale", "1000"]) == 2
    assert "--scale" in capsys.readouterr().err
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{HEAD}\n" + GOOD.replace("ongoing", "maybe") + "\n", encoding="utf-8")
    assert main([str(bad), "--kind", "activities", "--db", str(db)]) == 1
    assert "bad.csv, row 2, column status" in capsys.readouterr().err
    assert _digest(db) == before


# ---------------------------------------------------------------- the admin forms

FORM_ROW = {
    "partner": "undp",
    "title_en": "Flood shelters",
    "provinces": "TH-94",
    "goals": "11;11.5",
    "start_date": "2025-06",
    "status": "ongoing",
    "source_url": "https://example.org/flood",
}


def test_a_form_is_checked_as_a_one_row_file(db: Path) -> None:
    reg = act.load_registry(db)
    ok = act.check_form(FORM_ROW, reg)
    assert ok.ok and ok.activities[0].targets == ("11.5",) and ok.activities[0].row == 2
    bad = act.check_form({**FORM_ROW, "end_date": "2025-01", "status": "soon"}, reg)
    assert [(p.column, p.code) for p in bad.problems] == [
        ("end_date", "act_end_before_start"),
        ("status", "act_bad_status"),
    ]


def test_editing_keeps_the_activity_id_and_its_partner(db: Path) -> None:
    reg = act.load_registry(db)
    edited = act.check_form({**FORM_ROW, "title_en": "Flood shelters, phase 2"}, reg, editing=("act_keep", "undp"))
    assert edited.ok and edited.activities[0].activity_id == "act_keep"  # a new title replaces, not adds
    moved = act.check_form({**FORM_ROW, "partner": "unicef"}, reg, editing=("act_keep", "undp"))
    assert [p.code for p in moved.problems] == ["act_partner_fixed"] and not moved.activities


def test_a_partner_form_needs_both_names_a_sector_and_no_clash(db: Path) -> None:
    reg = act.load_registry(db)
    p, problems = act.check_partner(reg, "", "Test Foundation", [], sector=None)
    assert p is None and [(x.column, x.code) for x in problems] == [
        ("name_th", "act_required"),
        ("sector", "act_new_partner_needs_sector"),
    ]
    p, problems = act.check_partner(reg, "มูลนิธิทดสอบ", "Test Foundation", ["ยูเอ็นดีพี"], sector="civil_society")
    assert p is None and [(x.column, x.code, x.detail["partners"]) for x in problems] == [
        ("aliases", "act_partner_exists", ["undp"])
    ]
    p, problems = act.check_partner(reg, "มูลนิธิทดสอบ", "Test Foundation", ["TF"], sector="civil_society")
    assert not problems and p is not None and (p.partner_id, p.sector) == ("test_foundation", "civil_society")
    # editing UNDP itself may keep its own names
    p, problems = act.check_partner(reg, "ยูเอ็นดีพี", "UNDP", [], editing="undp")
    assert not problems and p is not None and p.sector == "international"


def test_closing_a_partner_closes_its_open_activities_in_the_history(db: Path) -> None:
    n_open = _one(db, "SELECT count(*) FROM activity WHERE partner_id = 'undp' AND closed IS NULL")[0][0]
    assert n_open > 0
    assert store.apply_staged(db, store.close_partner, "undp", "admin", "2026-01-31") == n_open
    assert _one(db, "SELECT count(*) FROM activity WHERE partner_id = 'undp' AND closed IS NULL") == [(0,)]
    actions = _one(db, "SELECT record_kind, action, count(*) FROM registry_history GROUP BY ALL ORDER BY ALL")
    assert actions == [("activity", "closed", n_open), ("partner", "closed", 1)]
    assert not [p for p in act.load_registry(db).partners if p.partner_id == "undp"]  # no longer matched
