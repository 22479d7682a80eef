"""lib.ingest.formats: cells (numbers, missing markers, years) and layouts (no database)."""

from __future__ import annotations

import pytest

from lib.core.paths import ROOT
from lib.ingest.cells import is_missing, parse_number, parse_year
from lib.ingest.formats import parse
from lib.ingest.provinces import from_seed
from lib.ingest.read import read

FIX = ROOT / "tests" / "fixtures" / "ingest"


@pytest.mark.parametrize(
    "cell, value",
    [
        ("12.5", 12.5),
        ("1,234.5", 1234.5),
        ("612,345", 612345.0),
        ("๑๒.๕", 12.5),
        ("๘๗.๕", 87.5),
        (" 7 ", 7.0),
        ("1 234", 1234.0),
        ("85%", 85.0),
        ("-5", -5.0),
        ("\u22125", -5.0),
        (3, 3.0),
        (2.5, 2.5),
        ("12,5", None),
        ("1,23", None),
        ("abc", None),
        ("(12)", None),
        ("#DIV/0!", None),
        (True, None),
    ],
)
def test_parse_number(cell: object, value: float | None) -> None:
    assert parse_number(cell) == value


@pytest.mark.parametrize("cell", ["", " ", "-", "–", "—", "n.a.", "N/A", "..", "...", "(-)", None, float("nan"), "NaN"])
def test_missing_markers(cell: object) -> None:
    assert is_missing(cell)


@pytest.mark.parametrize("cell", ["0", 0, "12", "x1"])
def test_not_missing(cell: object) -> None:
    assert not is_missing(cell)


@pytest.mark.parametrize(
    "cell, year",
    [
        ("2566", 2566),
        ("พ.ศ. 2566", 2566),
        ("พ.ศ.2566", 2566),
        ("ปี 2566", 2566),
        ("ปี ๒๕๖๖", 2566),
        ("ปีงบประมาณ 2566", 2566),
        ("2023", 2023),
        ("FY2023", 2023),
        ("ค.ศ. 2023", 2023),
        (2566, 2566),
        (2566.0, 2566),
        ("2566 1/", 2566),
        ("2566-67", None),
        ("abc", None),
        ("25", None),
        (2566.5, None),
    ],
)
def test_parse_year(cell: object, year: int | None) -> None:
    assert parse_year(cell) == year


@pytest.mark.parametrize(
    "name, fmt",
    [
        ("long_utf8.csv", "long-csv"),
        ("long_bom_semicolon_be.csv", "long-csv"),
        ("long_tis620_tab.txt", "long-csv"),
        ("long_utf16_tab.txt", "long-csv"),
        ("wide_tis620.csv", "wide-csv"),
        ("wide_english_utf8.csv", "wide-csv"),
        ("wide.xlsx", "wide-xlsx"),
        ("opensdg_indicator_1-2-1.csv", "opensdg-csv"),
        ("sdmx_un.csv", "sdmx-csv"),
        ("sdmx_labels.csv", "sdmx-csv"),
    ],
)
def test_layout_is_recognised_from_content(name: str, fmt: str) -> None:
    data = (FIX / name).read_bytes()
    # a misleading file name must not matter
    parsed = parse(read(data, "upload.xlsx" if fmt.endswith("xlsx") else "upload.dat"), from_seed(), "x")
    assert parsed.format == fmt


def test_wide_header_below_title_rows() -> None:
    parsed = parse(read((FIX / "wide_tis620.csv").read_bytes(), "w.csv"), from_seed(), "pov_headcount")
    assert {r.year_row for r in parsed.records} == {4}
    assert {r.year_col for r in parsed.records} == {"B (พ.ศ. 2564)", "C (ปี 2565)", "D (2566)"}
    assert parsed.skipped == {"total_rows": 1, "region_rows": 4, "note_rows": 2, "empty": 2}


def test_wide_table_with_two_header_rows() -> None:
    data = "จังหวัด,ปี,\n,2565,2566\nตาก,1,2\nยะลา,3,-\n".encode()
    parsed = parse(read(data, "w.csv"), from_seed(), "pov_headcount")
    assert parsed.format == "wide-csv"
    assert [(r.row, r.province, r.year, r.value, r.value_col) for r in parsed.records] == [
        (3, "ตาก", "2565", "1", "B (2565)"),
        (3, "ตาก", "2566", "2", "C (2566)"),
        (4, "ยะลา", "2565", "3", "B (2565)"),
    ]


@pytest.mark.parametrize("data", [b"just some text\nwith lines\n", b"a,b,c\n1,2,3\n", b"Year\n2566\n"])
def test_unrecognised_layout(data: bytes) -> None:
    parsed = parse(read(data, "x.csv"), from_seed(), "pov_headcount")
    assert [p.code for p in parsed.problems] == ["unknown_format"]


def test_wide_subtotal_labelled_in_another_column() -> None:
    data = "ภาค,จังหวัด,2566\nภาคเหนือ,,5\n,เชียงใหม่,4\n,ตาก,6\nทั่วราชอาณาจักร,,3\n".encode()
    parsed = parse(read(data, "w.csv"), from_seed(), "pov_headcount")
    assert parsed.problems == []
    assert [(r.row, r.province) for r in parsed.records] == [(3, "เชียงใหม่"), (4, "ตาก")]
    assert parsed.skipped == {"region_rows": 1, "total_rows": 1}
