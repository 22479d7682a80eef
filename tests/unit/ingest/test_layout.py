"""lib.ingest.layout: every report-table pattern ministries send, each written as a real
spreadsheet (tests/sheets.py) and loaded through lib.ingest.pipeline.prepare_file to exact
values. All numbers are made up; B.E. years in the headers become C.E. (2549 -> 2006)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from lib.ingest.pipeline import Derive, Options, Prepared, prepare_file
from lib.ingest.provinces import clean
from tests.sheets import Cell, Sheet, write

FORMATS = (".xls", ".xlsx", ".xlsm", ".ods")


def prep(
    db: Path,
    tmp_path: Path,
    rows: list[list[Cell]],
    merges: list[tuple[int, int, int, int]] | None = None,
    suffix: str = ".xls",
    indicator: str = "pov_headcount",
    **opts: object,
) -> Prepared:
    path = write(tmp_path / f"table{suffix}", Sheet(rows, merges=merges or []))
    return prepare_file(path, Options(db=db, indicator=indicator, **opts))  # type: ignore[arg-type]


def got(p: Prepared) -> list[tuple[str, int, str, float]]:
    frame = p.rows[["province_code", "year", "disaggregation", "value"]]
    return sorted((str(a), int(b), str(c), float(d)) for a, b, c, d in frame.itertuples(index=False, name=None))


def ok(p: Prepared) -> list[tuple[str, int, str, float]]:
    assert p.problems == [], [x.render() for x in p.problems]
    return got(p)


# ---------------------------------------------------------------- 1. title lines above the header


@pytest.mark.parametrize(
    "title, blank",
    [
        ("ตารางที่ 1 สัดส่วนคนจนทดสอบ จำแนกตามจังหวัด พ.ศ. 2549 - 2550", True),
        ("ตารางที่ 1 สัดส่วนคนจนทดสอบ", False),
        ("Table 1 Made-up poverty figures", False),
        ("สัดส่วนคนจนทดสอบ จำแนกตามจังหวัด ปี พ.ศ. 2549 ถึง 2550 (ตัวเลขสมมติ)", False),
    ],
    ids=["thai-title-blank-row", "thai-title-adjacent", "english-title", "long-title"],
)
def test_title_lines_above_the_header(db: Path, tmp_path: Path, title: str, blank: bool) -> None:
    rows: list[list[Cell]] = [
        [title],
        *([[]] if blank else []),
        ["จังหวัด", 2549, 2550],
        ["เชียงใหม่", 12.5, 11.25],
        ["ลำพูน", 7.5, 6.75],
    ]
    p = prep(db, tmp_path, rows)
    assert ok(p) == [
        ("TH-50", 2006, "", 12.5),
        ("TH-50", 2007, "", 11.25),
        ("TH-51", 2006, "", 7.5),
        ("TH-51", 2007, "", 6.75),
    ]
    layout = p.parsed.layout  # type: ignore[union-attr]
    header = 3 if blank else 2
    assert (layout.header_rows, layout.first_data_row) == ([header], header + 1)
    assert layout.title == clean(title)


# ---------------------------------------------------------------- 2. a year spanning three measures

SPAN_HEADER = ["สัดส่วนคนจน(ร้อยละ)", "จำนวนคนจน(พันคน)", "เส้นความยากจน(บาท)"]
SPAN_ROWS: list[list[Cell]] = [
    ["จังหวัด", 2549, None, None, 2550, None, None],
    [None, *SPAN_HEADER, *SPAN_HEADER],
    ["เชียงใหม่", 12.5, 150.0, 1500, 11.5, 140.0, 1600],
    ["ลำพูน", 7.5, 30.0, 1400, 6.25, 25.0, 1450],
]
SPAN_WANT = [
    ("TH-50", 2006, "", 12.5),
    ("TH-50", 2007, "", 11.5),
    ("TH-51", 2006, "", 7.5),
    ("TH-51", 2007, "", 6.25),
]


@pytest.mark.parametrize("suffix", FORMATS)
def test_year_spanning_measures_merged(db: Path, tmp_path: Path, suffix: str) -> None:
    p = prep(db, tmp_path, SPAN_ROWS, merges=[(0, 1, 0, 3), (0, 4, 0, 6)], suffix=suffix, column="สัดส่วน")
    assert ok(p) == SPAN_WANT
    layout = p.parsed.layout  # type: ignore[union-attr]
    assert [(c.letter, int(c.year)) for c in layout.columns] == [  # type: ignore[arg-type]
        ("B", 2549),
        ("C", 2549),
        ("D", 2549),
        ("E", 2550),
        ("F", 2550),
        ("G", 2550),
    ]


def test_year_spanning_measures_unmerged(db: Path, tmp_path: Path) -> None:
    p = prep(db, tmp_path, SPAN_ROWS, column="สัดส่วน")
    assert ok(p) == SPAN_WANT
    p = prep(db, tmp_path, SPAN_ROWS, column="เส้นความยากจน", indicator="gpp_per_capita")
    assert ok(p) == [
        ("TH-50", 2006, "", 1500.0),
        ("TH-50", 2007, "", 1600.0),
        ("TH-51", 2006, "", 1400.0),
        ("TH-51", 2007, "", 1450.0),
    ]


# ---------------------------------------------------------------- 3. units in the header text

UNIT_ROWS: list[list[Cell]] = [
    ["จังหวัด", 2549, None],
    [None, "สัดส่วนคนจน(ร้อยละ)", "จำนวน (พันคน)"],
    ["เชียงใหม่", 12.5, 1.5],
    ["ลำพูน", 7.5, 0.25],
]


def test_units_inside_header_text(db: Path, tmp_path: Path) -> None:
    p = prep(db, tmp_path, UNIT_ROWS, merges=[(0, 1, 0, 2)], column="จำนวน", indicator="disaster_affected", scale=1000)
    assert ok(p) == [("TH-50", 2006, "", 1500.0), ("TH-51", 2006, "", 250.0)]
    layout = p.parsed.layout  # type: ignore[union-attr]
    assert [c.unit for c in layout.columns] == ["ร้อยละ", "พันคน"]
    assert [clean(m) for m in layout.measures] == [clean("สัดส่วนคนจน(ร้อยละ)"), clean("จำนวน (พันคน)")]
    p = prep(db, tmp_path, UNIT_ROWS, merges=[(0, 1, 0, 2)], column="สัดส่วนคนจน")
    assert ok(p) == [("TH-50", 2006, "", 12.5), ("TH-51", 2006, "", 7.5)]


# ---------------------------------------------------------------- 4. several measures per row

MULTI_ROWS: list[list[Cell]] = [
    ["จังหวัด", 2549, None, None],
    [None, "สัดส่วนคนจน(ร้อยละ)", "สัดส่วนคนจนมาก(ร้อยละ)", "จำนวนคนจน(พันคน)"],
    ["เชียงใหม่", 12.5, 3.25, 150.0],
    ["ลำพูน", 7.5, 1.75, 30.0],
]
MULTI_MERGES = [(0, 1, 0, 3)]


def test_several_measures_per_row(db: Path, tmp_path: Path) -> None:
    p = prep(db, tmp_path, MULTI_ROWS, MULTI_MERGES)
    assert [x.code for x in p.problems] == ["choose_column"]
    message = clean(p.problems[0].render("en"))
    for header in MULTI_ROWS[1][1:]:
        assert clean(str(header)) in message
    assert p.rows.empty

    p = prep(db, tmp_path, MULTI_ROWS, MULTI_MERGES, column="สัดส่วนคนจนมาก")
    assert ok(p) == [("TH-50", 2006, "", 3.25), ("TH-51", 2006, "", 1.75)]
    p = prep(db, tmp_path, MULTI_ROWS, MULTI_MERGES, column="สัดส่วนคนจน(ร้อยละ)")
    assert ok(p) == [("TH-50", 2006, "", 12.5), ("TH-51", 2006, "", 7.5)]

    p = prep(db, tmp_path, MULTI_ROWS, MULTI_MERGES, column="อัตราการเกิด")
    assert [x.code for x in p.problems] == ["no_such_column"]
    assert "อัตราการเกิด" in p.problems[0].message("en")
    assert p.rows.empty

    p = prep(db, tmp_path, MULTI_ROWS, MULTI_MERGES, column="สัดส่วน")
    assert [x.code for x in p.problems] == ["ambiguous_column"]
    message = clean(p.problems[0].message("en"))
    assert clean("สัดส่วนคนจน(ร้อยละ)") in message and clean("สัดส่วนคนจนมาก(ร้อยละ)") in message
    assert clean("จำนวนคนจน(พันคน)") not in message
    assert p.rows.empty


def test_several_measures_column_picks_one(db: Path, tmp_path: Path) -> None:
    rows: list[list[Cell]] = [
        ["จังหวัด", 2549, None],
        [None, "สัดส่วนคนจน(ร้อยละ)", "จำนวนคนจน(พันคน)"],
        ["เชียงใหม่", 12.5, 150.0],
        ["ลำพูน", 7.5, 30.0],
    ]
    p = prep(db, tmp_path, rows, [(0, 1, 0, 2)], column="สัดส่วน")
    assert ok(p) == [("TH-50", 2006, "", 12.5), ("TH-51", 2006, "", 7.5)]
    assert p.info["column"] == p.parsed.layout.measures[0]  # type: ignore[union-attr]


# ---------------------------------------------------------------- 5. block labels (sex named once per block)

BLOCK_ROWS: list[list[Cell]] = [
    ["เพศ", "จังหวัด", 2549, 2550],
    ["ชาย", "เชียงใหม่", 12.5, 11.5],
    [None, "ลำพูน", 7.5, 6.5],
    [None, "ขอนแก่น", 21.25, 20.75],
    ["หญิง", "เชียงใหม่", 13.5, 12.5],
    [None, "ลำพูน", 8.5, 7.25],
    [None, "ขอนแก่น", 22.5, 21.0],
]
BLOCK_WANT = [
    ("TH-40", 2006, "sex=F", 22.5),
    ("TH-40", 2006, "sex=M", 21.25),
    ("TH-40", 2007, "sex=F", 21.0),
    ("TH-40", 2007, "sex=M", 20.75),
    ("TH-50", 2006, "sex=F", 13.5),
    ("TH-50", 2006, "sex=M", 12.5),
    ("TH-50", 2007, "sex=F", 12.5),
    ("TH-50", 2007, "sex=M", 11.5),
    ("TH-51", 2006, "sex=F", 8.5),
    ("TH-51", 2006, "sex=M", 7.5),
    ("TH-51", 2007, "sex=F", 7.25),
    ("TH-51", 2007, "sex=M", 6.5),
]


@pytest.mark.parametrize("suffix", FORMATS)
def test_block_labels_merged_vertically(db: Path, tmp_path: Path, suffix: str) -> None:
    p = prep(db, tmp_path, BLOCK_ROWS, merges=[(1, 0, 3, 0), (4, 0, 6, 0)], suffix=suffix)
    assert ok(p) == BLOCK_WANT
    layout = p.parsed.layout  # type: ignore[union-attr]
    assert (layout.province_col, layout.block_cols) == (1, [0])


def test_block_labels_carried_down_unmerged(db: Path, tmp_path: Path) -> None:
    p = prep(db, tmp_path, BLOCK_ROWS)
    assert ok(p) == BLOCK_WANT


def test_block_labels_region_only_groups_rows_and_sex_totals_skip(db: Path, tmp_path: Path) -> None:
    rows: list[list[Cell]] = [
        ["ภาค", "จังหวัด", 2549],
        ["ภาคเหนือ", "เชียงใหม่", 12.5],
        [None, "ลำพูน", 7.5],
        ["ภาคตะวันออกเฉียงเหนือ", "ขอนแก่น", 13.5],
        [None, "อุดรธานี", 8.5],
    ]
    assert ok(prep(db, tmp_path, rows, merges=[(1, 0, 2, 0), (3, 0, 4, 0)])) == [
        ("TH-40", 2006, "", 13.5),
        ("TH-41", 2006, "", 8.5),
        ("TH-50", 2006, "", 12.5),
        ("TH-51", 2006, "", 7.5),
    ]
    rows = [
        ["เพศ", "จังหวัด", 2549],
        ["ชาย", "เชียงใหม่", 12.5],
        [None, "ลำพูน", 7.5],
        [None, "รวมชาย", 10.0],
        ["หญิง", "เชียงใหม่", 13.5],
        [None, "ลำพูน", 8.5],
        [None, "รวมหญิง", 11.0],
    ]
    p = prep(db, tmp_path, rows)
    assert ok(p) == [
        ("TH-50", 2006, "sex=F", 13.5),
        ("TH-50", 2006, "sex=M", 12.5),
        ("TH-51", 2006, "sex=F", 8.5),
        ("TH-51", 2006, "sex=M", 7.5),
    ]
    assert dict(p.skipped) == {"total_rows": 2}


# ---------------------------------------------------------------- 6. totals, regions and footnotes


def test_subtotals_kingdom_sex_totals_and_footnotes_are_skipped(db: Path, tmp_path: Path) -> None:
    rows: list[list[Cell]] = [
        ["จังหวัด", 2549, 2550],
        ["ทั่วประเทศ", 20.5, 19.5],
        ["ภาคเหนือ", 15.5, 14.5],
        ["เชียงใหม่", 12.5, 11.5],
        ["ลำพูน", 7.5, 6.5],
        ["รวม", 10.0, 9.0],
        ["รวมหญิง", 11.0, 10.0],
        ["ภาคตะวันออกเฉียงเหนือ", 25.0, 24.0],
        ["ขอนแก่น", 21.25, 20.75],
        ["ที่มา: สำนักงานทดสอบ (ตัวเลขสมมติ)"],
        ["หมายเหตุ ตัวเลขในตารางนี้สมมติขึ้น"],
    ]
    p = prep(db, tmp_path, rows)
    assert ok(p) == [
        ("TH-40", 2006, "", 21.25),
        ("TH-40", 2007, "", 20.75),
        ("TH-50", 2006, "", 12.5),
        ("TH-50", 2007, "", 11.5),
        ("TH-51", 2006, "", 7.5),
        ("TH-51", 2007, "", 6.5),
    ]
    assert dict(p.skipped) == {"total_rows": 3, "region_rows": 2, "note_rows": 2}


# ---------------------------------------------------------------- 7. a field dictionary beside the table


def test_field_dictionary_beside_the_table_is_ignored(db: Path, tmp_path: Path) -> None:
    rows: list[list[Cell]] = [
        ["จังหวัด", 2549, 2550],
        ["เชียงใหม่", 12.5, 11.5, None, "ชื่อฟิลด์", "ความหมาย"],
        ["ลำพูน", 7.5, 6.5, None, "จังหวัด", "ชื่อจังหวัด"],
        ["ขอนแก่น", 21.25, 20.75, None, "2549", "ค่าปี พ.ศ. 2549 (ร้อยละ)"],
        [None, None, None, None, "2550", "ค่าปี พ.ศ. 2550 (ร้อยละ)"],
    ]
    p = prep(db, tmp_path, rows)
    assert ok(p) == [
        ("TH-40", 2006, "", 21.25),
        ("TH-40", 2007, "", 20.75),
        ("TH-50", 2006, "", 12.5),
        ("TH-50", 2007, "", 11.5),
        ("TH-51", 2006, "", 7.5),
        ("TH-51", 2007, "", 6.5),
    ]
    layout = p.parsed.layout  # type: ignore[union-attr]
    assert [c.letter for c in layout.columns] == ["B", "C"]


# ---------------------------------------------------------------- 8. column groups by sex

SEX_GROUP_WANT = [
    ("TH-50", 2006, "sex=F", 13.5),
    ("TH-50", 2006, "sex=M", 12.5),
    ("TH-50", 2007, "sex=F", 12.5),
    ("TH-50", 2007, "sex=M", 11.5),
    ("TH-51", 2006, "sex=F", 8.5),
    ("TH-51", 2006, "sex=M", 7.5),
    ("TH-51", 2007, "sex=F", 7.25),
    ("TH-51", 2007, "sex=M", 6.5),
]


@pytest.mark.parametrize("merged", [True, False], ids=["merged", "unmerged"])
def test_measures_split_by_sex_column_groups(db: Path, tmp_path: Path, merged: bool) -> None:
    rows: list[list[Cell]] = [
        ["จังหวัด", "ชาย", None, "หญิง", None],
        [None, 2549, 2550, 2549, 2550],
        ["เชียงใหม่", 12.5, 11.5, 13.5, 12.5],
        ["ลำพูน", 7.5, 6.5, 8.5, 7.25],
    ]
    p = prep(db, tmp_path, rows, merges=[(0, 1, 0, 2), (0, 3, 0, 4)] if merged else None)
    assert ok(p) == SEX_GROUP_WANT
    layout = p.parsed.layout  # type: ignore[union-attr]
    assert [c.disaggregation for c in layout.columns] == ["sex=M", "sex=M", "sex=F", "sex=F"]


# ---------------------------------------------------------------- 9. a count that needs a denominator


def test_count_with_a_denominator_column(db: Path, tmp_path: Path) -> None:
    rows: list[list[Cell]] = [
        ["จังหวัด", 2549, None, 2550, None],
        [None, "จำนวนคนจน (พันคน)", "จำนวนประชากร (พันคน)", "จำนวนคนจน (พันคน)", "จำนวนประชากร (พันคน)"],
        ["เชียงใหม่", 150.0, 1200.0, 132.0, 1100.0],
        ["ลำพูน", 30.0, 400.0, 21.0, 420.0],
    ]
    derive = Derive(column="จำนวนประชากร", scale=1000, multiply=100)
    p = prep(db, tmp_path, rows, [(0, 1, 0, 2), (0, 3, 0, 4)], column="จำนวนคนจน", scale=1000, derive=derive)
    assert p.problems == [], [x.render() for x in p.problems]
    want = [
        ("TH-50", 2006, "", 150.0 / 1200.0 * 100),
        ("TH-50", 2007, "", 132.0 / 1100.0 * 100),
        ("TH-51", 2006, "", 30.0 / 400.0 * 100),
        ("TH-51", 2007, "", 21.0 / 420.0 * 100),
    ]
    have = got(p)
    assert [h[:3] for h in have] == [w[:3] for w in want]
    assert [h[3] for h in have] == pytest.approx([12.5, 12.0, 7.5, 5.0])


TEST_MEASURE = "Test population (made-up numbers)"
DEATH_ROWS: list[list[Cell]] = [
    ["จังหวัด", 2549, 2550],
    ["เชียงใหม่", 120, 96],
    ["ลำพูน", 40, 36],
]


def add_context(db: Path, rows: list[tuple[str, int, float]]) -> None:
    con = duckdb.connect(str(db))
    try:
        source_id = con.execute("SELECT min(source_id) FROM source").fetchone()[0]  # type: ignore[index]
        con.executemany(
            "INSERT INTO context_observation (province_code, area_label, measure, year, value, unit, source_id, note) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(code, code, TEST_MEASURE, year, value, "persons", source_id, "test") for code, year, value in rows],
        )
    finally:
        con.close()


def test_count_with_a_context_denominator(db: Path, tmp_path: Path) -> None:
    add_context(
        db,
        [
            ("TH-50", 2006, 1_500_000.0),
            ("TH-50", 2007, 1_600_000.0),
            ("TH-51", 2006, 400_000.0),
            ("TH-51", 2007, 450_000.0),
        ],
    )
    derive = Derive(measure=TEST_MEASURE, multiply=100_000)
    p = prep(db, tmp_path, DEATH_ROWS, indicator="road_deaths", derive=derive)
    assert p.problems == [], [x.render() for x in p.problems]
    have = got(p)
    assert [h[:3] for h in have] == [("TH-50", 2006, ""), ("TH-50", 2007, ""), ("TH-51", 2006, ""), ("TH-51", 2007, "")]
    assert [h[3] for h in have] == pytest.approx(
        [120 / 1_500_000 * 100_000, 96 / 1_600_000 * 100_000, 40 / 400_000 * 100_000, 36 / 450_000 * 100_000]
    )
    assert [h[3] for h in have] == pytest.approx([8.0, 6.0, 10.0, 8.0])


def test_missing_context_denominator_names_the_row(db: Path, tmp_path: Path) -> None:
    add_context(db, [("TH-50", 2006, 1_500_000.0), ("TH-50", 2007, 1_600_000.0), ("TH-51", 2006, 400_000.0)])
    derive = Derive(measure=TEST_MEASURE, multiply=100_000)
    p = prep(db, tmp_path, DEATH_ROWS, indicator="road_deaths", derive=derive)
    assert [(x.code, x.row) for x in p.problems] == [("no_denominator", 3)]
    assert p.problems[0].detail == {"measure": TEST_MEASURE, "province": "TH-51", "year": 2007}
    message = p.problems[0].message("en")
    assert TEST_MEASURE in message and "TH-51" in message and "2007" in message


# ---------------------------------------------------------------- 10. province names as really written


@pytest.mark.parametrize("prefix", ["", "จังหวัด"], ids=["bare", "with-changwat"])
def test_province_names_in_real_spellings(db: Path, tmp_path: Path, prefix: str) -> None:
    rows: list[list[Cell]] = [
        ["Province", 2549],
        ["PHRA NAKHON SRI AYUTHAYA", 1.5],
        ["AMNAT CHAREON", 2.5],
        ["BANGKOK METROPOLIS", 3.5],
        [prefix + "ประจวบศิรีขันธ์", 4.5],
        [prefix + "ศรีษะเกษ", 5.5],
        [prefix + "กาฬสินธ์", 6.5],
        [prefix + "สุราษฎ์ธานี", 7.5],
    ]
    p = prep(db, tmp_path, rows)
    assert ok(p) == [
        ("TH-10", 2006, "", 3.5),
        ("TH-14", 2006, "", 1.5),
        ("TH-33", 2006, "", 5.5),
        ("TH-37", 2006, "", 2.5),
        ("TH-46", 2006, "", 6.5),
        ("TH-77", 2006, "", 4.5),
        ("TH-84", 2006, "", 7.5),
    ]


def test_year_marks_revised_and_preliminary(tmp_path, db) -> None:
    # MOTS writes "2567R" (revised) and "2568p" (preliminary); a header merged over two rows
    # leaves its lower row empty, and a short title merged across the table is still a title
    rows: list[list[Cell]] = [
        ["รายงาน ปี 2568p", None, None, None],
        ["จังหวัด", "รายได้ (ล้านบาท)", None, None],
        [None, None, None, None],
        [None, "2568p", "2567R", "%"],
        ["ตาก", 10.0, 8.0, 25.0],
        ["ยะลา", 4.0, 5.0, -20.0],
    ]
    sheet = Sheet(rows, merges=[(0, 0, 0, 3), (1, 1, 2, 3), (1, 0, 3, 0)])
    path = write(tmp_path / "m.xls", sheet)
    p = prepare_file(path, Options(db=db, indicator="pov_headcount", column="รายได้ (ล้านบาท)", year_format="be"))
    assert p.problems == [], p.problems
    got = sorted(zip(p.rows.province_code, p.rows.year, p.rows.value, p.rows.provisional, strict=True))
    assert got == [
        ("TH-63", 2024, 8.0, False),
        ("TH-63", 2025, 10.0, True),
        ("TH-95", 2024, 5.0, False),
        ("TH-95", 2025, 4.0, True),
    ]
