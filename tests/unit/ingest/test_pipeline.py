"""lib.ingest.pipeline (with lib.store.imports) against a real database: every format loads
exact values, every bad file is refused with its own message and leaves the database
byte-for-byte unchanged, re-imports, replacements with history, carry-over by lib.store.build,
atomicity, the CLI."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from lib import ingest
from lib.build import build
from lib.core.paths import ROOT
from lib.i18n import strings
from lib.ingest.read import Limits
from lib.ingest.report import CODES, Problem, problems_frame
from lib.ingest.template import template_csv_bytes
from lib.store import imports

FIX = ROOT / "tests" / "fixtures" / "ingest"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def obs(db: Path, dataset: str = "ministry") -> dict[tuple, float]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "SELECT indicator_id, province_code, year, disaggregation, value FROM observation "
            "WHERE dataset = ? ORDER BY ALL",
            [dataset],
        ).fetchall()
    finally:
        con.close()
    return {r[:4]: r[4] for r in rows}


def q(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def run(db: Path, name: str, **opts: object) -> ingest.LoadResult:
    p = ingest.prepare_file(FIX / name, ingest.Options(db=db, **opts))  # type: ignore[arg-type]
    assert p.problems == [], ingest.render(p.problems)
    return ingest.load(p)


# ---------------------------------------------------------------- every format, exact values

GOOD = {
    "long_utf8.csv": (
        {},
        {
            ("pov_headcount", "TH-50", 2022, ""): 8.25,
            ("pov_headcount", "TH-10", 2022, ""): 1.1,
            ("unemployment", "TH-82", 2023, "sex=F"): 1.05,
            ("gpp_per_capita", "TH-10", 2022, ""): 612345.0,
        },
    ),
    "long_bom_semicolon_be.csv": (
        {},
        {
            ("tap_water", "TH-63", 2023, ""): 87.5,
            ("tap_water", "TH-95", 2023, ""): 91.0,
            ("tap_water", "TH-96", 2022, ""): 88.25,
            ("tap_water", "TH-16", 2023, ""): 95.0,
            ("tap_water", "TH-16", 2022, ""): 94.5,
        },
    ),
    "long_tis620_tab.txt": (
        {},
        {
            ("internet_use", "TH-10", 2023, ""): 95.1,
            ("internet_use", "TH-34", 2023, ""): 80.4,
            ("internet_use", "TH-38", 2023, ""): 77.0,
        },
    ),
    "long_utf16_tab.txt": (
        {},
        {
            ("road_deaths", "TH-90", 2023, ""): 25.3,
            ("road_deaths", "TH-38", 2023, ""): 30.1,
        },
    ),
    "wide_tis620.csv": (
        {"indicator": "pov_headcount"},
        {
            ("pov_headcount", "TH-10", 2021, ""): 1.09,
            ("pov_headcount", "TH-10", 2022, ""): 0.71,
            ("pov_headcount", "TH-10", 2023, ""): 0.46,
            ("pov_headcount", "TH-50", 2021, ""): 8.21,
            ("pov_headcount", "TH-50", 2022, ""): 7.01,
            ("pov_headcount", "TH-50", 2023, ""): 6.3,
            ("pov_headcount", "TH-57", 2021, ""): 12.5,
            ("pov_headcount", "TH-57", 2022, ""): 11.75,
            ("pov_headcount", "TH-58", 2021, ""): 36.4,
            ("pov_headcount", "TH-58", 2022, ""): 33.65,
            ("pov_headcount", "TH-58", 2023, ""): 30.1,
            ("pov_headcount", "TH-30", 2021, ""): 5.5,
            ("pov_headcount", "TH-30", 2022, ""): 4.8,
            ("pov_headcount", "TH-34", 2021, ""): 10.25,
            ("pov_headcount", "TH-34", 2022, ""): 9.5,
            ("pov_headcount", "TH-34", 2023, ""): 8.75,
            ("pov_headcount", "TH-94", 2021, ""): 27.2,
            ("pov_headcount", "TH-94", 2022, ""): 29.11,
            ("pov_headcount", "TH-94", 2023, ""): 25.0,
        },
    ),
    "wide_english_utf8.csv": (
        {"indicator": "unemployment"},
        {
            ("unemployment", "TH-10", 2021, ""): 2.5,
            ("unemployment", "TH-10", 2022, ""): 1.9,
            ("unemployment", "TH-16", 2021, ""): 1.0,
            ("unemployment", "TH-16", 2022, ""): 0.8,
            ("unemployment", "TH-82", 2021, ""): 1.4,
            ("unemployment", "TH-82", 2022, ""): 0.9,
            ("unemployment", "TH-38", 2021, ""): 0.7,
            ("unemployment", "TH-38", 2022, ""): 0.5,
            ("unemployment", "TH-50", 2021, ""): 1.2,
            ("unemployment", "TH-50", 2022, ""): 0.95,
        },
    ),
    "wide.xlsx": (
        {"indicator": "tap_water"},
        {
            ("tap_water", "TH-83", 2022, ""): 98.5,
            ("tap_water", "TH-83", 2023, ""): 99.1,
            ("tap_water", "TH-84", 2022, ""): 90.25,
            ("tap_water", "TH-84", 2023, ""): 91.0,
            ("tap_water", "TH-90", 2022, ""): 85.5,
        },
    ),
    "opensdg_indicator_1-2-1.csv": (
        {},
        {
            ("pov_headcount", "TH-50", 2021, ""): 8.21,
            ("pov_headcount", "TH-50", 2021, "sex=F"): 8.5,  # Open SDG's "Female", in the vocabulary
            ("pov_headcount", "TH-50", 2022, ""): 7.01,
            ("pov_headcount", "TH-96", 2021, ""): 30.5,
        },
    ),
    "sdmx_un.csv": (
        {},
        {
            ("pov_headcount", "TH-10", 2021, ""): 1.09,
            ("pov_headcount", "TH-10", 2021, "sex=F"): 1.2,
            ("pov_headcount", "TH-50", 2022, ""): 7.01,
        },
    ),
    "sdmx_labels.csv": ({}, {("pov_headcount", "TH-83", 2020, ""): 0.55}),
}


@pytest.mark.parametrize("name", sorted(GOOD))
def test_format_loads_exact_values(db: Path, name: str) -> None:
    opts, expected = GOOD[name]
    result = run(db, name, **opts)
    assert (result.added, result.replaced, result.unchanged) == (len(expected), 0, 0)
    assert obs(db) == pytest.approx(expected)
    assert q(db, "SELECT kind FROM dataset WHERE dataset = 'ministry'") == [("ministry",)]
    assert q(db, "SELECT name_th, name_en FROM dataset WHERE dataset = 'ministry'") == [ingest.MINISTRY_NAMES]


def test_xlsx_second_sheet(db: Path) -> None:
    run(db, "wide.xlsx", sheet="long")
    assert obs(db) == {
        ("birth_registration", "TH-95", 2023, ""): 99.5,
        ("birth_registration", "TH-96", 2023, ""): 98.75,
    }


def test_skipped_rows_are_reported(db: Path) -> None:
    p = ingest.prepare_file(FIX / "wide_tis620.csv", ingest.Options(db=db, indicator="pov_headcount"))
    assert p.skipped == {"total_rows": 1, "region_rows": 4, "note_rows": 2, "empty": 2}
    assert p.info == {"encoding": "cp874", "delimiter": ","}
    p = ingest.prepare_file(FIX / "sdmx_un.csv", ingest.Options(db=db))
    assert p.skipped == {"national_rows": 1, "empty": 1}


@pytest.mark.slow
def test_tis620_wide_table_from_the_command_line(db: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "lib.ingest",
            str(FIX / "wide_tis620.csv"),
            "--indicator",
            "pov_headcount",
            "--db",
            str(db),
            "--user",
            "test clerk",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert proc.returncode == 0, proc.stderr
    assert "rows added 19, replaced 0, unchanged 0" in proc.stdout
    assert obs(db) == pytest.approx(GOOD["wide_tis620.csv"][1])
    log = q(
        db,
        "SELECT file_name, file_sha256, file_format, dataset, rows_added, rows_replaced, rows_unchanged, "
        "imported_by FROM import_log",
    )
    assert log == [("wide_tis620.csv", sha(FIX / "wide_tis620.csv"), "wide-csv", "ministry", 19, 0, 0, "test clerk")]
    assert q(db, "SELECT source_id, title, publisher, url FROM source WHERE source_id LIKE 'import-%'") == [
        ("import-1", "Uploaded file wide_tis620.csv", "test clerk", None)
    ]


def test_sources_per_row_url(db: Path) -> None:
    run(db, "long_utf8.csv", user="somchai")
    src = q(
        db,
        "SELECT o.province_code, o.indicator_id, s.source_id, s.title, s.publisher, s.url FROM observation o "
        "JOIN source s USING (source_id) WHERE o.dataset = 'ministry' ORDER BY ALL",
    )
    assert (
        "TH-50",
        "pov_headcount",
        "import-1-1",
        "รายงานความยากจน 2565",
        "somchai",
        "https://www.nesdc.go.th/poverty-2565",
    ) in src
    assert ("TH-10", "pov_headcount", "import-1", "Uploaded file long_utf8.csv", "somchai", None) in src
    assert q(db, "SELECT note FROM observation WHERE dataset = 'ministry' AND indicator_id = 'unemployment'") == [
        ("ข้อมูลไตรมาส 4",)
    ]


# ---------------------------------------------------------------- bad files

BAD = [
    # (file, options, code, row, column, words of the English message)
    ("bad_unknown_province.csv", {}, "unknown_province", 3, "B (province)", "Unknown province “Chaing Mai”"),
    ("bad_unknown_indicator.csv", {}, "unknown_indicator", 2, "A (indicator_id)", "Unknown indicator “poverty_rate_x”"),
    ("bad_not_number.csv", {}, "not_number", 3, "D (value)", "“12,5” is not a number"),
    ("bad_duplicate.csv", {}, "duplicate", 4, "D (value)", "as row 2"),
    ("bad_year_range.csv", {}, "year_range", 2, "C (year)", "outside the accepted range 1990"),
    ("bad_year_mixed.csv", {}, "year_mixed_ce", 5, "C (year)", "Year 2023 is C.E. while other rows use B.E."),
    ("bad_year_ambiguous.csv", {}, "year_ambiguous", 2, "C (year)", "Year 2300 is neither B.E."),
    ("bad_implausible.csv", {}, "implausible", 2, "D (value)", "Value 150 is outside the plausible range"),
    ("bad_empty.csv", {}, "empty", None, None, "The file is empty"),
    ("bad_header_only.csv", {}, "no_values", None, None, "No values to load"),
    ("bad_missing_columns.csv", {}, "missing_columns", 1, None, "Missing column(s): value"),
    ("bad_corrupt.xlsx", {}, "corrupt_xlsx", None, None, "damaged"),
    ("bad_zip_bomb.xlsx", {}, "zip_bomb", None, None, "expands abnormally"),
    ("bad_legacy.xls", {}, "corrupt_xlsx", None, None, "damaged"),
    ("wide_tis620.csv", {}, "need_indicator", 4, None, "No indicator"),
    ("wide.xlsx", {"indicator": "8.1.1"}, "ambiguous_indicator", None, "--indicator", "matches several indicators"),
    ("wide.xlsx", {"indicator": "tap_water", "year_format": "ce"}, "year_range", 4, "B (2565)", "Year 2565"),
    ("wide.xlsx", {"indicator": "tap_water", "sheet": "nope"}, "unknown_sheet", None, None, "No sheet named “nope”"),
    ("long_utf8.csv", {"dataset": "demo"}, "dataset_not_ministry", None, "dataset", "imports go to ministry"),
    ("long_utf8.csv", {"dataset": "public"}, "dataset_not_ministry", None, "dataset", "imports go to ministry"),
]


@pytest.mark.parametrize("name, opts, code, row, column, words", BAD, ids=[f"{b[0]}-{b[2]}" for b in BAD])
def test_bad_file_is_refused_and_database_unchanged(
    db: Path,
    capsys: pytest.CaptureFixture,
    name: str,
    opts: dict,
    code: str,
    row: int | None,
    column: str | None,
    words: str,
) -> None:
    before = sha(db)
    p = ingest.prepare_file(FIX / name, ingest.Options(db=db, **opts))
    match = [x for x in p.problems if x.code == code]
    assert match, ingest.render(p.problems)
    assert (match[0].row, match[0].column) == (row, column)
    assert words in match[0].message("en")
    assert match[0].message("th") != match[0].message("en")
    with pytest.raises(ValueError):
        ingest.load(p)
    # and from the command line: exit 1, every problem printed, nothing written
    argv = [str(FIX / name), "--db", str(db)]
    for k, v in opts.items():
        argv += [f"--{k.replace('_', '-')}", str(v)]
    assert ingest.main(argv) == 1
    err = capsys.readouterr().err
    assert "File rejected" in err and words in err
    if row is not None:
        assert f"row {row}" in err
    assert sha(db) == before
    assert sorted(os.listdir(db.parent)) == ["t.duckdb"]


def test_wide_table_problems_name_the_cell(db: Path) -> None:
    data = (FIX / "wide_tis620.csv").read_bytes().replace(b"36.4", b"136.4").replace("๔.๘".encode("cp874"), b"4..8")
    p = ingest.prepare(data, "wide.csv", ingest.Options(db=db, indicator="pov_headcount"))
    assert [(x.row, x.column, x.code) for x in p.problems] == [
        (11, "B (พ.ศ. 2564)", "implausible"),
        (13, "C (ปี 2565)", "not_number"),
    ]
    assert p.problems[0].render("th") == (
        "wide.csv, แถว 11, คอลัมน์ B (พ.ศ. 2564): ค่า 136.4 อยู่นอกช่วงที่เป็นไปได้ของตัวชี้วัด pov_headcount (0 ถึง 100)"
    )


@pytest.mark.slow
def test_too_big_file(db: Path, tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    with open(big, "wb") as fh:
        fh.write(b"indicator_id,province,year,value\n")
        fh.write(b"pov_headcount,Tak,2022,10.5\n" * 800_000)  # ~22 MB
    before = sha(db)
    assert ingest.main([str(big), "--db", str(db)]) == 1
    p = ingest.prepare_file(big, ingest.Options(db=db))
    assert [x.code for x in p.problems] == ["too_big"]
    assert "the limit is 20 MB" in p.problems[0].message("en")
    assert sha(db) == before


def test_too_many_rows(db: Path) -> None:
    data = b"indicator_id,province,year,value\n" + b"pov_headcount,Tak,2022,10.5\n" * 300
    p = ingest.prepare(data, "rows.csv", ingest.Options(db=db, limits=Limits(max_rows=100)))
    assert [x.code for x in p.problems] == ["too_many_rows"]


def test_every_problem_is_reported_not_just_the_first(db: Path) -> None:
    data = (
        b"indicator_id,province,year,value\n"
        b"pov_headcount,Chaing Mai,2022,8\n"
        b"pov_headcount,Tak,2022,abc\n"
        b"nope,Tak,2022,1\n"
        b"pov_headcount,Yala,1980,3\n"
    )
    p = ingest.prepare(data, "many.csv", ingest.Options(db=db))
    assert [(x.row, x.code) for x in p.problems] == [
        (2, "unknown_province"),
        (3, "not_number"),
        (4, "unknown_indicator"),
        (5, "year_range"),
    ]
    frame = problems_frame(p.problems, "th")
    assert list(frame.columns) == ["แถว", "คอลัมน์", "ปัญหา"]
    assert frame.iloc[0, 2] == "ไม่รู้จักจังหวัด “Chaing Mai”"


def test_template_example_row_is_refused_then_loads(db: Path) -> None:
    data = template_csv_bytes("pov_headcount")
    p = ingest.prepare(data, "template.csv", ingest.Options(db=db))
    assert [x.code for x in p.problems] == ["example_row"]
    filled = data.decode("utf-8-sig").replace("EXAMPLE - delete this row / ตัวอย่าง ลบแถวนี้ก่อนนำเข้า", "")
    p = ingest.prepare(filled.encode("utf-8-sig"), "template.csv", ingest.Options(db=db))
    assert p.problems == []
    ingest.load(p)
    assert obs(db) == {("pov_headcount", "TH-50", 2024, ""): 12.5}


# ---------------------------------------------------------------- re-import, replace, history


def test_reimport_is_unchanged(db: Path) -> None:
    first = run(db, "wide_tis620.csv", indicator="pov_headcount")
    second = run(db, "wide_tis620.csv", indicator="pov_headcount")
    assert (first.added, first.replaced, first.unchanged) == (19, 0, 0)
    assert (second.added, second.replaced, second.unchanged) == (0, 0, 19)
    assert second.import_id == first.import_id + 1
    assert q(db, "SELECT count(*) FROM observation_history") == [(0,)]
    # an unchanged re-import keeps the rows' original source and adds no source
    assert q(db, "SELECT DISTINCT source_id FROM observation WHERE dataset = 'ministry'") == [("import-1",)]
    assert q(db, "SELECT count(*) FROM source WHERE source_id LIKE 'import-%'") == [(1,)]


def test_changed_value_is_replaced_and_history_kept(db: Path) -> None:
    run(db, "wide_tis620.csv", indicator="pov_headcount")
    data = (FIX / "wide_tis620.csv").read_bytes().replace(b"8.21", b"8.30")
    p = ingest.prepare(data, "wide_v2.csv", ingest.Options(db=db, indicator="pov_headcount", user="clerk"))
    r = ingest.load(p)
    assert (r.added, r.replaced, r.unchanged) == (0, 1, 18)
    assert obs(db)[("pov_headcount", "TH-50", 2021, "")] == 8.30
    assert q(db, "SELECT * FROM observation_history") == [
        (2, "ministry", "pov_headcount", "TH-50", 2021, "", 8.21, "import-1", 8.30)
    ]
    assert q(
        db, "SELECT source_id FROM observation WHERE dataset = 'ministry' AND province_code = 'TH-50' AND year = 2021"
    ) == [("import-2",)]
    assert q(
        db, "SELECT rows_added, rows_replaced, rows_unchanged, imported_by FROM import_log WHERE import_id = 2"
    ) == [(0, 1, 18, "clerk")]


def test_reads_see_the_new_file_while_an_old_connection_is_open(db: Path) -> None:
    """The app keeps a read-only connection; DuckDB would hand its stale instance to a new
    duckdb.connect() of the same path after an import swapped the file. ingest must not."""
    app_con = duckdb.connect(str(db), read_only=True)
    try:
        run(db, "wide_tis620.csv", indicator="pov_headcount")
        p = ingest.prepare_file(FIX / "wide_tis620.csv", ingest.Options(db=db, indicator="pov_headcount"))
        assert ingest.preview_diff(p)["status"].eq("unchanged").all()
        r = ingest.load(p)
        assert (r.added, r.unchanged, r.import_id) == (0, 19, 2)
        con = ingest.read_only(db)
        assert len(ingest.import_log(con)) == 2
        con.close()
    finally:
        app_con.close()


def test_dry_run_writes_nothing(db: Path, capsys: pytest.CaptureFixture) -> None:
    before = sha(db)
    assert (
        ingest.main([str(FIX / "wide_tis620.csv"), "--indicator", "pov_headcount", "--db", str(db), "--dry-run"]) == 0
    )
    assert "would be added 19, replaced 0, unchanged 0" in capsys.readouterr().out
    assert sha(db) == before


@pytest.mark.slow
def test_build_keeps_imported_rows(db: Path) -> None:
    run(db, "wide_tis620.csv", indicator="pov_headcount")
    data = (FIX / "wide_tis620.csv").read_bytes().replace(b"8.21", b"8.30")
    ingest.load(ingest.prepare(data, "wide_v2.csv", ingest.Options(db=db, indicator="pov_headcount")))
    before = obs(db)
    build(db)
    assert obs(db) == before
    assert q(db, "SELECT count(*) FROM import_log") == [(2,)]
    assert q(db, "SELECT old_value, old_source_id FROM observation_history") == [(8.21, "import-1")]
    assert q(db, "SELECT kind FROM dataset WHERE dataset = 'ministry'") == [("ministry",)]
    # and imports continue after the rebuild
    r = run(db, "long_utf16_tab.txt")
    assert r.import_id == 3 and r.added == 2


def test_new_dataset_is_of_kind_ministry(db: Path) -> None:
    run(db, "long_utf16_tab.txt", dataset="moph_2567")
    assert q(db, "SELECT kind, name_en FROM dataset WHERE dataset = 'moph_2567'") == [
        ("ministry", "Imported: moph_2567")
    ]
    assert obs(db, "moph_2567") == {("road_deaths", "TH-90", 2023, ""): 25.3, ("road_deaths", "TH-38", 2023, ""): 30.1}
    p = ingest.prepare_file(FIX / "long_utf16_tab.txt", ingest.Options(db=db, dataset="Bad Name!"))
    assert [x.code for x in p.problems] == ["bad_dataset_name"]


def test_failed_load_leaves_database_as_it_was(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = sha(db)
    p = ingest.prepare_file(FIX / "wide_tis620.csv", ingest.Options(db=db, indicator="pov_headcount"))

    def boom(*a: object, **k: object) -> None:
        raise RuntimeError("killed half-way")

    monkeypatch.setattr(imports, "_make_sources", boom)
    with pytest.raises(RuntimeError):
        ingest.load(p)
    assert sha(db) == before
    assert sorted(os.listdir(db.parent)) == ["t.duckdb", "t.duckdb.lock"]


@pytest.mark.slow
def test_killed_import_process_leaves_database_as_it_was(db: Path, tmp_path: Path) -> None:
    """SIGKILL while the import works on its copy: the database file is untouched."""
    script = tmp_path / "slow.py"
    script.write_text(
        "import sys, time\n"
        "from lib.ingest import cli\n"
        "from lib.store import imports\n"
        "def slow(*a, **k):\n"
        "    print('applying', flush=True); time.sleep(60)\n"
        "imports._make_sources = slow\n"
        "sys.exit(cli.main(sys.argv[1:]))\n"
    )
    before = sha(db)
    seen = False
    # The with block closes the pipe and reaps the process whatever happens inside it.
    with subprocess.Popen(
        [sys.executable, str(script), str(FIX / "wide_tis620.csv"), "--indicator", "pov_headcount", "--db", str(db)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    ) as proc:
        assert proc.stdout is not None
        try:
            for line in proc.stdout:
                if "applying" in line:
                    seen = True
                    break
        finally:
            proc.kill()
            proc.wait(timeout=30)
    assert seen
    assert sha(db) == before
    assert [p.name for p in db.parent.glob(".t.duckdb.ingest-*")]  # the killed import's copy is left...
    run(db, "long_utf16_tab.txt")
    assert not list(db.parent.glob(".t.duckdb.ingest-*"))  # ...and the next import clears it


def test_every_problem_code_has_both_languages() -> None:
    table = strings()
    for code in CODES:
        assert f"ingest_p_{code}" in table, code
    detail = {
        k: "x"
        for k in (
            "value",
            "columns",
            "row",
            "size_mb",
            "max_mb",
            "ratio",
            "max_ratio",
            "max",
            "rows",
            "reason",
            "sheet",
            "sheets",
            "candidates",
            "example_row",
            "year",
            "min",
            "first_row",
            "first_value",
            "indicator",
            "province",
            "datasets",
            "dataset",
            "kind",
            "more",
            "measure",
            "recipe",
            "difference",
            "lines",
            "chars",
            "count",
            "char",
            "accepted",
        )
    }
    for code in CODES:
        p = Problem("f.csv", 3, "B (province)", code, detail)
        for lang in ("th", "en"):
            assert p.render(lang).startswith("f.csv, ")
    assert (
        Problem("f.csv", 3, "B", "unknown_province", {"value": "X"}).render("th")
        == "f.csv, แถว 3, คอลัมน์ B: ไม่รู้จักจังหวัด “X”"
    )


def test_sdg_codes() -> None:
    assert ingest.sdg_code("C010201") == "1.2.1"
    assert ingest.sdg_code("1.2.1") == "1.2.1"
    assert ingest.sdg_code("01.02.01") == "1.2.1"
    assert ingest.sdg_code("C030c01") == "3.c.1"
    assert ingest.sdg_code("pov_headcount") is None


@pytest.mark.parametrize(
    "text, code, row, column",
    [
        ("REF_AREA,TIME_PERIOD,OBS_VALUE,UNIT_MULT\nTH-10,2021,5,3\n", "unit_mult", 2, "D (UNIT_MULT)"),
        (
            "indicator_id,province,year,value,source_url\npov_headcount,Tak,2022,5,javascript:alert(1)\n",
            "bad_url",
            2,
            "source_url",
        ),
        ("indicator_id,province,year,value,proxy\npov_headcount,Tak,2022,5,maybe\n", "bad_flag", 2, "proxy"),
        (
            "dataset,indicator_id,province,year,value\na,pov_headcount,Tak,2022,5\nb,pov_headcount,Yala,2022,5\n",
            "dataset_mixed",
            None,
            "dataset",
        ),
        ("indicator_id,province,year,value\npov_headcount,,2022,5\n", "missing_province", 2, "B (province)"),
        ("indicator_id,province,year,value\npov_headcount,Tak,2022/23,5\n", "bad_year", 2, "C (year)"),
        ("indicator_id,province,year,value\n8.1.1,Tak,2022,5\n", "ambiguous_indicator", 2, "A (indicator_id)"),
    ],
)
def test_other_problems(db: Path, text: str, code: str, row: int | None, column: str) -> None:
    p = ingest.prepare(
        text.encode(), "f.csv", ingest.Options(db=db, indicator="pov_headcount" if "REF_AREA" in text else None)
    )
    assert [(x.code, x.row, x.column) for x in p.problems] == [(code, row, column)]


def test_sdg_code_in_template_resolves(db: Path) -> None:
    p = ingest.prepare(
        b"indicator_id,province,year,value\n1.2.1,Tak,2022,5\nC060101,Tak,2022,80\n", "f.csv", ingest.Options(db=db)
    )
    assert p.problems == []
    assert p.rows["indicator_id"].tolist() == ["pov_headcount", "tap_water"]


def test_a_declared_dimension_is_not_trusted(db: Path) -> None:
    # bad_huge_dimension.xlsx declares A1:Z1048576 around one real row: the row loads
    p = ingest.prepare_file(FIX / "bad_huge_dimension.xlsx", ingest.Options(db=db))
    assert p.problems == []
    assert p.rows[["indicator_id", "province_code", "year", "value"]].values.tolist() == [
        ["tap_water", "TH-63", 2023, 80.0]
    ]
