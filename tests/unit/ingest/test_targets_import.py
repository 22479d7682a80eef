"""The province-targets import (lib.ingest.targets, lib.store.progress): the invented test file
loads; each bad case is named by file, row and column and leaves the database as it was; a
province's own target changes the measures computed for it (hand-worked); replaced targets are
kept in the history; a rebuild keeps them."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from lib.build import build
from lib.core.paths import ROOT
from lib.core.progress import PROVINCE_BASIS, indicator_progress
from lib.ingest import targets as tg
from lib.ingest.report import render
from lib.store import catalogue
from lib.store import progress as store

FIXTURE = ROOT / "tests" / "fixtures" / "targets" / "province_targets.csv"
HEAD = ",".join(tg.HEADERS)
GOOD = "TH-50,waste_managed,85,Invented plan (test),invented"
TABLES = ("province_target", "province_target_history", "import_log")


@pytest.fixture()
def db(db_path: Path, tmp_path: Path) -> Path:
    target = tmp_path / "sdg.duckdb"
    shutil.copyfile(db_path, target)
    return target


def _rows(db: Path, sql: str, params: list[object] | None = None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def _contents(db: Path) -> dict[str, list[tuple]]:
    return {t: _rows(db, f"SELECT * FROM {t} ORDER BY ALL") for t in TABLES}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _check(body: str, db: Path, name: str = "targets.csv") -> tg.Checked:
    return tg.check(body.encode("utf-8"), name, tg.load_lookup(db))


def test_the_invented_file_loads_all_12(db: Path) -> None:
    checked = tg.check(FIXTURE.read_bytes(), FIXTURE.name, tg.load_lookup(db))
    assert not checked.problems, render(checked.problems[:5])
    got = {(r.province_code, r.indicator_id): r.target_2030 for r in checked.rows}
    assert len(got) == 12
    # names in Thai and English, codes; indicator ids and SDG codes; 30,000 and 8%
    assert got[("TH-57", "forest_cover")] == 45.0
    assert got[("TH-95", "waste_managed")] == 75.0
    assert got[("TH-83", "road_deaths")] == 10.5
    assert got[("TH-90", "hh_income")] == 30_000.0
    assert got[("TH-41", "stunting_u5")] == 8.0
    w = tg.apply(checked, db, user="tester")
    assert (w.added, w.replaced, w.unchanged) == (12, 0, 0)
    log = _rows(db, "SELECT kind, dataset, rows_added, imported_by, file_name FROM import_log ORDER BY import_id DESC")
    assert log[0] == ("targets", None, 12, "tester", FIXTURE.name)
    again = tg.apply(tg.check(FIXTURE.read_bytes(), FIXTURE.name, tg.load_lookup(db)), db, user="tester")
    assert (again.added, again.replaced, again.unchanged) == (0, 0, 12), "nothing twice"


def test_thai_headers_are_accepted_and_the_templates_examples_are_refused(db: Path) -> None:
    for data, name in (
        (tg.template_csv_bytes("th"), "template.csv"),
        (tg.template_csv_bytes("en"), "template.csv"),
        (tg.template_xlsx_bytes("th"), "template.xlsx"),
    ):
        checked = tg.check(data, name, tg.load_lookup(db))
        assert [(p.row, p.code) for p in checked.problems] == [(2, "tgt_example_row"), (3, "tgt_example_row")], name
        assert not checked.rows
    thai = ",".join(tg.template_rows("th")[0])
    checked = _check(f"{thai}\n{GOOD}\n", db)
    assert checked.ok, render(checked.problems)


BAD = [
    ("province", "Atlantis", "province", 'Unknown province "Atlantis"'),
    ("indicator", "happiness", "indicator", 'Unknown indicator "happiness"'),
    ("indicator", "8.1.1", "indicator", '"8.1.1" matches several indicators (gpp_growth, gpp_per_capita)'),
    ("target", "lots", "target_2030", 'The target must be a number: "lots"'),
    ("target", "120", "target_2030", "Target 120 is outside the possible range of waste_managed (0 to 100)"),
    ("target", "-5", "target_2030", "Target -5 is outside the possible range"),
    ("source", "", "source", "This cell is required"),
    ("source", "ftp://example.org/plan", "source", "A link must start with http://"),
    ("note", "EXAMPLE - delete this row", "note", "This is an example row of the template"),
]


@pytest.mark.parametrize(("field", "value", "column", "message"), BAD, ids=[f"{b[0]}={b[1]}" for b in BAD])
def test_each_bad_cell_is_named_and_nothing_is_stored(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], field: str, value: str, column: str, message: str
) -> None:
    tg.apply(_check(f"{HEAD}\nTH-10,pov_headcount,1,Plan,\n", db), db, user="first")  # something to keep
    cells = dict(zip(("province", "indicator", "target", "source", "note"), GOOD.split(","), strict=True))
    cells[field] = value
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{HEAD}\n{GOOD.replace('TH-50', 'TH-57')}\n" + ",".join(cells.values()) + "\n", encoding="utf-8")
    before, digest = _contents(db), _digest(db)
    assert tg.run_cli(bad, db, user="cli", lang="en", dry_run=False) == 1
    err = capsys.readouterr().err
    assert f"bad.csv, row 3, column {column}: {message}" in err, err
    assert _contents(db) == before and _digest(db) == digest


def test_the_same_province_and_indicator_twice_is_named(db: Path) -> None:
    checked = _check(f"{HEAD}\n{GOOD}\n" + GOOD.replace("TH-50", "เชียงใหม่") + "\n", db)
    assert not checked.rows
    [p] = checked.problems
    assert p.render("en") == (
        "targets.csv, row 3, column indicator: The same province TH-50 and indicator waste_managed as row 2"
    )
    assert "แถว 3" in p.render("th")


def test_headers_are_checked_first(db: Path) -> None:
    checked = _check("province,indicator,target,source\nTH-50,waste_managed,85,x\n", db)
    assert {p.code for p in checked.problems} == {"tgt_unknown_column", "tgt_missing_columns"}
    assert "target_2030" in next(p for p in checked.problems if p.code == "tgt_missing_columns").render("en")


def test_the_command_line_usage_and_dry_run(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert tg.run_cli(tmp_path / "missing.csv", db, user=None, lang="en", dry_run=False) == 2
    assert tg.run_cli(FIXTURE, tmp_path / "no.duckdb", user=None, lang="en", dry_run=False) == 2
    digest = _digest(db)
    assert tg.run_cli(FIXTURE, db, user=None, lang="th", dry_run=True) == 0
    assert _digest(db) == digest
    assert tg.run_cli(FIXTURE, db, user="clerk", lang="en", dry_run=False) == 0
    assert "targets added 12" in capsys.readouterr().out


def _progress(db: Path, indicator: str, code: str) -> pd.Series:
    con = duckdb.connect(str(db), read_only=True)
    try:
        obs = con.execute(
            "SELECT indicator_id, province_code, year, value FROM observation "
            "WHERE dataset = 'public' AND indicator_id = ? AND province_code = ? AND disaggregation = ''",
            [indicator, code],
        ).df()
        prog = indicator_progress(obs, catalogue.load(con).indicators, store.targets(con), year=2024)
    finally:
        con.close()
    assert len(prog) == 1
    return prog.iloc[0]


def test_a_province_target_changes_its_measures(db: Path) -> None:
    """Chiang Mai's waste properly managed (public data): 72.64 % in 2015, 80.24 % in 2024.
    Against the national 80 % it is achieved (csi 1). Against its own 85 %:
    csi = (80.24 - 72.64) / (85 - 72.64) = 7.60 / 12.36 = 0.61489;
    time distance = 2015 + 0.61489 * 15 - 2024 = +0.2233 years (ahead of the path)."""
    national = _progress(db, "waste_managed", "TH-50")
    assert (national["base_value"], national["latest_value"]) == pytest.approx((72.64, 80.24))
    assert (national["target"], national["target_basis"], national["csi"]) == (80.0, "national", 1.0)
    tg.apply(_check(f"{HEAD}\nTH-50,waste_managed,85,https://example.org/invented-plan,\n", db), db, user="t")
    own = _progress(db, "waste_managed", "TH-50")
    assert (own["target"], own["target_basis"]) == (85.0, PROVINCE_BASIS)
    assert own["target_source"] == "https://example.org/invented-plan"
    assert own["csi"] == pytest.approx(7.60 / 12.36) == pytest.approx(0.61489, abs=1e-5)
    assert own["status"] == "progress"
    assert own["time_distance"] == pytest.approx(0.2233, abs=1e-4)
    other = _progress(db, "waste_managed", "TH-57")  # another province keeps the national target
    assert (other["target"], other["target_basis"]) == (80.0, "national")


def test_store_targets_name_the_kind_and_source(db: Path) -> None:
    tg.apply(tg.check(FIXTURE.read_bytes(), FIXTURE.name, tg.load_lookup(db)), db, user="t")
    con = duckdb.connect(str(db), read_only=True)
    try:
        t = store.targets(con)
    finally:
        con.close()
    assert list(t.columns) == store.TARGET_COLUMNS
    own = t[t["province_code"].notna()].set_index(["province_code", "indicator_id"])
    assert len(own) == 12 and (own["basis"] == PROVINCE_BASIS).all()
    assert own.loc[("TH-50", "waste_managed"), "source_url"] == "https://example.org/invented/chiang-mai-plan"
    assert own.loc[("TH-50", "pov_headcount"), "source_title"].startswith("Invented Chiang Mai")
    assert pd.isna(own.loc[("TH-50", "pov_headcount"), "source_url"])
    assert t["province_code"].isna().sum() == len(t) - 12, "every indicator's own target is still there"


@pytest.mark.slow
def test_a_replaced_target_is_kept_in_history_and_a_rebuild_keeps_them(db: Path) -> None:
    tg.apply(tg.check(FIXTURE.read_bytes(), FIXTURE.name, tg.load_lookup(db)), db, user="first")
    w = tg.apply(_check(f"{HEAD}\nTH-50,pov_headcount,2.5,Revised plan,\n", db), db, user="second")
    assert (w.added, w.replaced, w.unchanged) == (0, 1, 0)
    hist = _rows(db, "SELECT province_code, indicator_id, target_2030, new_target_2030, updated_by "
                     "FROM province_target_history")  # fmt: skip
    assert hist == [("TH-50", "pov_headcount", 3.0, 2.5, "first")]
    con = duckdb.connect(str(db), read_only=True)
    try:
        shown = store.province_target_history(con)
        stored = store.province_targets(con)
    finally:
        con.close()
    assert shown[["province_code", "target_2030", "new_target_2030"]].values.tolist() == [["TH-50", 3.0, 2.5]]
    assert list(stored.columns) == store.PROVINCE_TARGET_COLUMNS and len(stored) == 12
    before = _contents(db)
    build(db)  # a rebuild from the seed keeps what files loaded
    assert _contents(db) == before
    assert _rows(
        db,
        "SELECT target_2030, source, updated_by FROM province_target "
        "WHERE province_code = 'TH-50' AND indicator_id = 'pov_headcount'",
    ) == [  # fmt: skip
        (2.5, "Revised plan", "second")
    ]


def test_python_m_lib_ingest_kind_targets(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`python -m lib.ingest FILE --kind targets` goes to the province-target import."""
    from lib.ingest.cli import main

    assert main([str(FIXTURE), "--kind", "targets", "--db", str(db), "--user", "planner"]) == 0
    assert "12" in capsys.readouterr().out
    assert _rows(db, "SELECT kind, imported_by FROM import_log") == [("targets", "planner")]
    assert main([str(FIXTURE), "--kind", "targets", "--db", str(db), "--indicator", "gpp_growth"]) == 2
    assert "--indicator" in capsys.readouterr().err
