"""Hostile files against lib.ingest (issue 16, findings 1, 3, 6 and 9): each test makes the file
the attack run used (tests/unit/ingest/hostile.py), in memory, and checks it is refused with a
problem naming the file, row and column — or read correctly — quickly and in bounded memory."""

from __future__ import annotations

import codecs
import time
import tracemalloc
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from lib import ingest
from lib.ingest import read as read_module
from lib.ingest.cells import parse_number, parse_year
from lib.ingest.read import Limits, ReadFailure, read
from lib.ingest.report import Problem, ProblemList, problems_frame, render
from tests.unit.ingest import hostile as h


def prepare(db: Path, data: bytes, name: str, **opts: object) -> ingest.Prepared:
    return ingest.prepare(data, name, ingest.Options(db=db, **opts))  # type: ignore[arg-type]


def where(p: ingest.Prepared) -> list[tuple[str, int | None, str | None]]:
    return [(x.code, x.row, x.column) for x in p.problems]


def refused(data: bytes, name: str, limits: Limits = read_module.DEFAULT_LIMITS) -> Problem:
    with pytest.raises(ReadFailure) as e:
        read(data, name, limits=limits)
    return e.value.problem


def ministry_rows(db: Path) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT * FROM observation WHERE dataset = 'ministry'").fetchall()
    finally:
        con.close()


@pytest.fixture()
def no_calamine(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if a file reaches calamine: the checks must refuse it before."""
    import python_calamine

    def never(*_a: object, **_k: object) -> None:
        raise AssertionError("calamine must not open a file past the caps")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", never)


# ---------------------------------------------------------------- 1. an unclosed quote


def test_unclosed_quote_is_refused_not_loaded_short(db: Path) -> None:
    # before: "rows added 3" of 10, reported clean
    p = prepare(db, h.unclosed_quote_csv(), "q.csv")
    assert where(p) == [("csv_quote", 4, "F")]  # the third data row (line 4), the note column
    assert "quote mark" in p.problems[0].message("en")
    assert p.rows.empty
    with pytest.raises(ValueError):
        ingest.load(p)
    assert ministry_rows(db) == []


def test_quoted_field_over_lines_is_refused_where_it_opened() -> None:
    rows = h.good_rows(6)
    rows[1] += '"starts here'
    rows[4] = 'ends here",' + rows[4]  # the quote closes three lines below
    problem = refused(h.long_csv(rows), "q.csv")
    assert (problem.code, problem.row, problem.column, problem.detail) == ("csv_line_break", 3, "F", {"lines": 4})


@pytest.mark.parametrize(
    "last, column",
    [('pov_headcount,ตาก,2566,1,,"no end', "F"), ('pov_headcount,"ตาก"x,2566,1,,', "B")],
    ids=["never-closed-at-the-end", "text-after-the-closing-quote"],
)
def test_stray_quote_is_named(last: str, column: str) -> None:
    data = ("\n".join([h.HEADER, *h.good_rows(3), last])).encode()  # no final line break
    problem = refused(data, "q.csv")
    assert (problem.code, problem.row, problem.column) == ("csv_quote", 5, column)


def test_proper_quotes_still_read() -> None:
    data = h.long_csv(['pov_headcount,เชียงใหม่,2566,"1,234",,"a note, with ""quotes"""'])
    table = read(data, "ok.csv")
    assert table.rows[1] == (2, ["pov_headcount", "เชียงใหม่", "2566", "1,234", "", 'a note, with "quotes"'])


# ---------------------------------------------------------------- 3. text cells


def test_csv_note_over_the_cap_is_named(db: Path) -> None:
    limit = read_module.DEFAULT_LIMITS.max_cell_chars
    ok = prepare(db, h.long_csv(h.good_rows(2, note="ก" * limit)), "ok.csv")
    assert ok.problems == []
    p = prepare(db, h.long_csv(h.good_rows(2, note="ก" * (limit + 1))), "long.csv")
    assert where(p) == [("text_too_long", 2, "F"), ("text_too_long", 3, "F")]
    assert p.problems[0].detail == {"chars": limit + 1, "max": limit}


@pytest.mark.parametrize("suffix", [".xlsx", ".xlsm", ".xls", ".ods"])
def test_sheet_note_over_the_cap_is_refused_before_calamine(suffix: str, no_calamine: None) -> None:
    from tests.sheets import Sheet, to_bytes

    data = to_bytes(suffix, Sheet(h.long_sheet("น" * 2001)))
    problem = refused(data, "note" + suffix)
    assert (problem.code, problem.row, problem.column) == ("text_too_long", 2, "E")


def test_long_inline_string_is_refused_unread(no_calamine: None) -> None:
    problem = refused(h.inline_string_xlsx(2001), "inline.xlsx")
    assert (problem.code, problem.row, problem.column) == ("text_too_long", 2, "E")
    # a note of megabytes (random, so no zip-bomb ratio stops it): refused from its XML size alone
    import random

    rnd = random.Random(16)
    note = "".join(chr(rnd.randint(0x0E01, 0x0E2E)) for _ in range(3_000_000))

    def put(xml: bytes) -> bytes:
        return xml.replace(b"</row>", f'<c r="E2" t="inlineStr"><is><t>{note}</t></is></c></row>'.encode(), 1)

    data = h.rewrite(h.xlsx(h.long_sheet()), "xl/worksheets/sheet1.xml", put)
    tracemalloc.start()
    try:
        problem = refused(data, "big.xlsx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (problem.code, problem.row, problem.column) == ("text_too_long", 2, "E")
    assert peak < 20 * 2**20  # the 9 MB of XML is streamed, never held
    # the same note cut into short rich-text runs: the cell's XML is bounded too
    runs = "".join(f"<r><t>{note[i : i + 1000]}</t></r>" for i in range(0, len(note), 1000))
    data = h.rewrite(
        h.xlsx(h.long_sheet()),
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b"</row>", f'<c r="E3" t="inlineStr"><is>{runs}</is></c></row>'.encode(), 1),
    )
    problem = refused(data, "runs.xlsx")
    assert (problem.code, problem.row, problem.column) == ("text_too_long", 3, "E")


def test_shared_strings_bomb_is_refused_fast_in_bounded_memory(no_calamine: None) -> None:
    # before: a 14 KB file took 30 s and 6.3 GB (a 900 KB string copied into 3,600 cells)
    data = h.shared_strings_bomb()
    assert len(data) < 20_000
    tracemalloc.start()
    start = time.perf_counter()
    try:
        problem = refused(data, "bomb.xlsx")
        seconds, peak = time.perf_counter() - start, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (problem.code, problem.row, problem.column) == ("text_too_long", 2, "A")
    assert seconds < 5 and peak < 20 * 2**20


def test_many_uses_of_a_shared_string_count_against_the_text_budget(no_calamine: None) -> None:
    small = Limits(max_text_chars=100_000)
    problem = refused(h.shared_strings_bomb(string_chars=1_000, cells=200), "bomb.xlsx", small)
    assert problem.code == "text_too_much"
    problem = refused(h.xls_with_string(1_500, 80), "bomb.xls", small)
    assert problem.code == "text_too_much"


def test_ods_repeated_text_counts_every_cell_it_fills(no_calamine: None) -> None:
    # one 100-character cell repeated 1,000 × 1,000 times: 100 M characters from a few KB
    problem = refused(h.ods_repeated_text(100, 1_000, 1_000), "rep.ods")
    assert problem.code == "text_too_much"
    problem = refused(h.ods_repeated_text(2_001, 1, 1), "long.ods")
    assert (problem.code, problem.row, problem.column) == ("text_too_long", 3, "A")


def test_xlsb_is_checked_like_xlsx(no_calamine: None) -> None:
    problem = refused(h.xlsb(["a", "b" * 3_000], [(0, 0, 0), (1, 3, 1)]), "long.xlsb")
    assert (problem.code, problem.row, problem.column) == ("text_too_long", 2, "D")
    problem = refused(h.xlsb(["a"], [(0, 0, 0)], inline=(4, 2, "c" * 2_500)), "inline.xlsb")
    assert (problem.code, problem.row, problem.column) == ("text_too_long", 5, "C")
    many = h.xlsb(["a", "b" * 1_000], [(r, 0, 1) for r in range(200)])
    assert refused(many, "much.xlsb", Limits(max_text_chars=100_000)).code == "text_too_much"
    far = refused(h.xlsb(["a"], [(0, 0, 0), (100_000, 700, 0)]), "far.xlsb")
    assert (far.code, far.detail["rows"], far.detail["columns"]) == ("too_many_cells", 100_001, 701)


def test_label_over_the_label_cap_is_named(db: Path) -> None:
    cap = read_module.DEFAULT_LIMITS.max_label_chars
    data = h.long_csv(["pov_headcount,เชียงใหม่,2566,1.5,,", f"pov_headcount,{'ก' * (cap + 1)},2566,1.5,,"])
    p = prepare(db, data, "label.csv")
    assert where(p) == [("text_too_long", 3, "B (province)")]
    assert p.problems[0].detail == {"chars": cap + 1, "max": cap}


# ---------------------------------------------------------------- 6. caps on cells, values and problems


def test_million_column_csv_is_refused_fast(db: Path) -> None:
    # before: 184 s and 2.1 GB, and 3 rows loaded
    data = h.wide_csv()
    start = time.perf_counter()
    p = prepare(db, data, "wide.csv", indicator="pov_headcount")
    assert time.perf_counter() - start < 10
    assert where(p) == [("too_many_columns", 1, None)]
    assert p.problems[0].detail == {"columns": 1_000_001, "max": read_module.DEFAULT_LIMITS.max_columns}


def test_csv_cell_cap(db: Path) -> None:
    problem = refused(h.long_csv(h.good_rows(30)), "c.csv", Limits(max_cells=100))
    assert (problem.code, problem.detail["max"]) == ("too_many_cells", 100)


def test_value_cap_stops_building_records(db: Path) -> None:
    p = prepare(db, h.long_csv(h.good_rows(11)), "v.csv", limits=Limits(max_values=10))
    assert where(p) == [("too_many_values", None, None)]
    assert prepare(db, h.long_csv(h.good_rows(10)), "v.csv", limits=Limits(max_values=10)).problems == []


def test_problem_list_keeps_the_first_and_counts_the_rest(db: Path, capsys: pytest.CaptureFixture) -> None:
    # before: 200,000 bad rows gave 800,000 problems (732 MB); now the first N and a count
    p = prepare(db, h.bad_rows_csv(5_000), "bad.csv", limits=Limits(max_problems=100))
    assert len(p.problems) == 100 and p.more_problems == 19_900 and p.problem_count == 20_000
    assert p.problems == sorted(p.problems, key=lambda x: (x.row or 0, x.column or "", x.code))
    assert {x.row for x in p.problems} == set(range(2, 27))  # every problem of the first 25 rows
    lines = render(p.problems, "en", more=p.more_problems)
    assert lines[-1] == "… and 19,900 more problems (only the first are listed)"
    frame = problems_frame(p.problems, "th", more=p.more_problems)
    assert len(frame) == 101 and "19,900" in frame.iloc[-1, 2]
    # the command line says the total and the count
    path = db.parent / "bad.csv"
    path.write_bytes(h.bad_rows_csv(3_000))
    assert ingest.main([str(path), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "File rejected: 12,000 problem(s)" in err
    assert err.count("\n  ") == 1_001 and "… and 11,000 more problems" in err


def test_problem_list_order_matches_a_full_sort() -> None:
    import random

    rnd = random.Random(6)
    made = [Problem("f", rnd.choice([None, *range(1, 300)]), rnd.choice("ABC"), rnd.choice("xyz")) for _ in range(5000)]
    kept = ProblemList(37, made)
    want = sorted(made, key=lambda p: (p.row is not None, p.row or 0, p.column or "", p.code))
    assert kept.kept() == want[:37] and kept.more == 5000 - 37 and kept.total == 5000


@pytest.mark.slow
def test_twelve_megabyte_bad_csv_is_checked_in_bounded_memory(db: Path) -> None:
    # before: 18.5 s and 701 MB peak (800,000 problems kept); now 1,000 kept and a count
    data = h.bad_rows_csv()
    assert len(data) > 12 * 2**20
    tracemalloc.start()
    try:
        p = prepare(db, data, "bad.csv")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (len(p.problems), p.problem_count) == (1_000, 800_000)
    assert peak < 300 * 2**20


# ---------------------------------------------------------------- 9. encodings


def test_cp1252_is_refused_not_stored_as_mojibake(db: Path) -> None:
    # before: "crème" stored as "crčme"
    data = "\n".join([h.HEADER, "pov_headcount,Tak,2566,1,,x", "pov_headcount,Tak,2567,1,,crème"]).encode("cp1252")
    p = prepare(db, data, "latin.csv")
    assert where(p) == [("encoding", 3, None)]
    assert ministry_rows(db) == []


def test_legacy_thai_cp874_still_reads(db: Path) -> None:
    data = h.long_csv(h.good_rows(3, note="ข้อมูลเบื้องต้น น้ำท่วม"), encoding="cp874")
    p = prepare(db, data, "thai.csv")
    assert p.problems == [] and p.info["encoding"] == "cp874"
    assert set(p.rows["note"]) == {"ข้อมูลเบื้องต้น น้ำท่วม"}


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_reads(db: Path, codec: str) -> None:
    # before: "not a CSV"
    data = h.long_csv(h.good_rows(3), encoding=codec)
    assert not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    p = prepare(db, data, "u16.csv")
    assert p.problems == [] and len(p.rows) == 3 and p.info["encoding"] == codec


def test_utf8_and_utf16_with_bom_still_read(db: Path) -> None:
    for data in (codecs.BOM_UTF8 + h.long_csv(h.good_rows(2)), h.long_csv(h.good_rows(2), encoding="utf-16")):
        assert len(prepare(db, data, "bom.csv").rows) == 2


# ---------------------------------------------------------------- 9. characters, numbers, years


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\u202e", "\u202a", "\u2066", "\u2069"])
def test_control_and_bidi_characters_are_refused(db: Path, char: str) -> None:
    # before: stored in the note
    rows = h.good_rows(3)
    rows[1] = rows[1] + f"ปกติ{char}ข้อความ"
    p = prepare(db, h.long_csv(rows), "chars.csv")
    assert where(p) == [("bad_character", 3, "F")]
    assert f"U+{ord(char):04X}" in p.problems[0].message("en")


def test_control_characters_in_a_sheet_are_refused() -> None:
    from tests.sheets import Sheet, to_bytes

    data = to_bytes(".xlsx", Sheet(h.long_sheet("ok\u202egnp.exe")))
    problem = refused(data, "bidi.xlsx")
    assert (problem.code, problem.row, problem.column) == ("bad_character", 2, "E")


def test_zero_width_space_in_thai_is_fine(db: Path) -> None:
    p = prepare(db, h.long_csv(h.good_rows(2, note="ข้อมูล\u200bเบื้องต้น")), "zw.csv")
    assert p.problems == []


@pytest.mark.parametrize("written", ["١٢٫٥", "١٢", "۱۲", "१२", "1e-400", "-1e-400", "1e-310", "1e400", "nan", "inf"])
def test_not_numbers(written: str) -> None:
    assert parse_number(written) is None


@pytest.mark.parametrize("written, value", [("๑๒.๕", 12.5), ("0e-400", 0.0), ("1e-300", 1e-300), ("1,234.5", 1234.5)])
def test_still_numbers(written: str, value: float) -> None:
    assert parse_number(written) == value


def test_arabic_indic_digits_and_underflow_are_refused_by_row(db: Path) -> None:
    rows = ["pov_headcount,เชียงใหม่,2566,١٢", "pov_headcount,ลำพูน,2566,1e-400", "pov_headcount,ตาก,٢٥٦٦,1"]
    p = prepare(db, h.long_csv(rows, header="indicator_id,province,year,value"), "digits.csv")
    assert where(p) == [("not_number", 2, "D (value)"), ("not_number", 3, "D (value)"), ("bad_year", 4, "C (year)")]
    thai = prepare(
        db, h.long_csv(["pov_headcount,เชียงใหม่,๒๕๖๖,๑๒.๕"], header="indicator_id,province,year,value"), "t.csv"
    )
    assert thai.problems == [] and thai.rows["value"].tolist() == [12.5] and thai.rows["year"].tolist() == [2023]


def test_date_in_a_year_cell_is_refused(db: Path) -> None:
    # before: 1907-01-04 (2566 typed into a date column) was taken as the year 1907... or 2566's date's year
    assert parse_year(datetime(2023, 5, 1)) is None
    from tests.sheets import Sheet, to_bytes

    rows = h.long_sheet()
    data = to_bytes(".xlsx", Sheet(rows))

    def as_date(xml: bytes) -> bytes:  # C2 holds 2566 with a date style: calamine reads a datetime
        return xml.replace(b'<c r="C2"><v>2566</v>', b'<c r="C2" s="1"><v>45047</v>', 1)

    def date_style(xml: bytes) -> bytes:
        return xml.replace(b'<cellXfs count="1">', b'<cellXfs count="2">', 1).replace(
            b"</cellXfs>", b'<xf numFmtId="14" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/></cellXfs>', 1
        )

    data = h.rewrite(h.rewrite(data, "xl/worksheets/sheet1.xml", as_date), "xl/styles.xml", date_style)
    assert isinstance(read(data, "d.xlsx").rows[1][1][2], date)
    p = prepare(db, data, "d.xlsx")
    assert where(p) == [("bad_year", 2, "C (year)")]


@pytest.mark.parametrize("written", [b"NaN", b"INF", b"-INF"])
def test_nan_and_infinite_cells_are_named(db: Path, written: bytes) -> None:
    # before (openpyxl): "damaged (ValueError)" with no row; calamine: NaN silently taken as empty
    data = h.rewrite(
        h.xlsx(h.long_sheet()),
        "xl/worksheets/sheet1.xml",
        lambda x: x.replace(b"<v>2.5</v>", b"<v>" + written + b"</v>"),
    )
    p = prepare(db, data, "nan.xlsx")
    assert where(p) == [("bad_number", 3, "D")]


# ---------------------------------------------------------------- 9. disaggregations


def test_disaggregation_variants_are_one_and_free_text_is_refused(db: Path) -> None:
    # before: "SEX=F", "sex = F" and "=1+1" stored as three different disaggregations
    head = "indicator_id,province,year,value,disaggregation"
    rows = ["pov_headcount,เชียงใหม่,2566,1,SEX=F", "pov_headcount,ลำพูน,2566,2,sex = F", "pov_headcount,ตาก,2566,3,หญิง"]
    p = prepare(db, h.long_csv(rows, header=head), "d.csv")
    assert p.problems == [] and set(p.rows["disaggregation"]) == {"sex=F"}
    rows = [
        "pov_headcount,เชียงใหม่,2566,1,=1+1",
        "pov_headcount,ลำพูน,2566,2,sex=X",
        "pov_headcount,ตาก,2566,3,age=15-24",
    ]
    p = prepare(db, h.long_csv(rows, header=head), "d.csv")
    assert where(p) == [
        ("bad_disaggregation", 2, "E (disaggregation)"),
        ("bad_disaggregation", 3, "E (disaggregation)"),
    ]
    assert "sex=M|F" in p.problems[0].message("en") and "“=1+1”" in p.problems[0].message("en")


def test_sdmx_and_open_sdg_breakdowns_go_through_the_vocabulary(db: Path) -> None:
    sdmx = (
        b"SERIES,REF_AREA,SEX,AGE,URBANISATION,TIME_PERIOD,OBS_VALUE\n"
        b"pov_headcount,TH-50,F,Y15T24,U,2021,1.5\n"
        b"pov_headcount,TH-50,_T,Y_GE65,_T,2021,2.5\n"
        b"pov_headcount,TH-50,X,_T,_T,2022,2.5\n"
    )
    p = prepare(db, sdmx, "sdmx.csv")
    assert where(p) == [("bad_disaggregation", 4, "C (SEX)")]
    p = prepare(db, sdmx.rsplit(b"\n", 2)[0] + b"\n", "sdmx.csv")
    assert sorted(p.rows["disaggregation"]) == ["age=15-24;area=urban;sex=F", "age=65+"]
    opensdg = b"Year,Sex,Location,GeoCode,Value\n2021,Female,Urban,TH-50,1.5\n2021,,,TH-50,2\n2021,Other,,TH-50,3\n"
    p = prepare(db, opensdg, "indicator_1-2-1.csv")
    assert where(p) == [("bad_disaggregation", 4, "B (Sex)")]


def test_wide_table_block_and_header_sex_must_agree(db: Path) -> None:
    # before: loaded as "sex=F;sex=M"
    data = ",จังหวัด,2566\nเพศ,,หญิง\nชาย,เชียงใหม่,4\n,ลำพูน,5\n".encode()
    p = prepare(db, data, "w.csv", indicator="pov_headcount")
    assert where(p) == [("bad_disaggregation", 3, "C (2566 / หญิง)"), ("bad_disaggregation", 4, "C (2566 / หญิง)")]
    agree = prepare(db, data.replace("ชาย,".encode(), "หญิง,".encode()), "w.csv", indicator="pov_headcount")
    assert agree.problems == [] and set(agree.rows["disaggregation"]) == {"sex=F"}
