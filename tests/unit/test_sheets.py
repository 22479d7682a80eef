"""tests/sheets.py writes real files: read each format back with python-calamine, the reader the importer uses.

What calamine 0.9.1 reports, learned here:
- ``to_python()`` starts at ``sheet.start``, the first non-empty row and column: an empty first row and an
  empty column A are dropped, so the grid below comes back from B2; cells inside the range are "".
- numbers come back as numbers: int for whole numbers in .xls (xlwt stores them as RK integers), float in
  .xlsx/.xlsm/.ods (both formats keep only doubles); text made of digits stays text.
- ``merged_cell_ranges`` lists ((first_row, first_col), (last_row, last_col)), 0-based, for .xls/.xlsx/.xlsm
  (order differs by format); for .ods it is None although the file holds real spans.
- ``sheets_metadata[i].visible`` is Hidden for a hidden sheet in all four formats.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook, SheetVisibleEnum

from tests.sheets import Cell, Sheet, to_bytes, write

SUFFIXES = [".xls", ".xlsx", ".xlsm", ".ods"]

DATA = Sheet(
    name="ข้อมูล",
    rows=[
        [],  # an empty first row: calamine's start skips it
        [None, "ตัวชี้วัด", None, None, "หน่วย"],  # B2:D2 merged across
        [None, "กรุงเทพมหานคร", 10, 2.5, "ร้อยละ"],  # E3:E4 merged down
        [None, "เชียงใหม่", -3, None, None],  # D4 empty, E4 under the merge
        [None, "10", 0.125, "", 7],  # "10" is text, "" an empty cell
    ],
    merges=[(1, 1, 1, 3), (2, 4, 3, 4)],
)
HIDDEN = Sheet(name="ซ่อน", rows=[["หมายเหตุ", 1]], hidden=True)


def _expected(sheet: Sheet, start: tuple[int, int]) -> list[list[Cell]]:
    """The grid as calamine shows it: from start, padded to the widest row, empty and covered cells ""."""
    width = max(len(row) for row in sheet.rows)
    covered = sheet.covered()
    grid = [
        ["" if (r, c) in covered or sheet.value(r, c) is None else sheet.value(r, c) for c in range(width)]
        for r in range(len(sheet.rows))
    ]
    return [row[start[1] :] for row in grid[start[0] :]]


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_round_trip(tmp_path: Path, suffix: str) -> None:
    path = write(tmp_path / f"ministry{suffix}", [DATA, HIDDEN])
    book = CalamineWorkbook.from_path(str(path))

    assert [(m.name, m.visible) for m in book.sheets_metadata] == [
        ("ข้อมูล", SheetVisibleEnum.Visible),
        ("ซ่อน", SheetVisibleEnum.Hidden),
    ]

    sheet = book.get_sheet_by_index(0)
    assert sheet.start == (1, 1)  # the empty row 1 and column A are not in to_python()
    got, want = sheet.to_python(), _expected(DATA, sheet.start)
    assert got == want
    # == alone lets 10 == 10.0 pass, so also check that text stayed text and numbers numbers
    assert [[isinstance(v, str) for v in row] for row in got] == [[isinstance(v, str) for v in row] for row in want]

    merges = [((1, 1), (1, 3)), ((2, 4), (3, 4))]
    if suffix == ".ods":
        # calamine reports no merges for .ods; the file holds them as ODF spans with covered cells
        assert sheet.merged_cell_ranges is None
        content = zipfile.ZipFile(path).read("content.xml").decode()
        spans = re.findall(r'table:number-rows-spanned="(\d+)" table:number-columns-spanned="(\d+)"', content)
        assert spans == [("1", "3"), ("2", "1")]
        assert content.count("<table:covered-table-cell/>") == 3
    else:
        assert sorted(sheet.merged_cell_ranges or []) == merges

    assert book.get_sheet_by_index(1).to_python() == [["หมายเหตุ", 1]]


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_bytes_are_deterministic(suffix: str) -> None:
    assert to_bytes(suffix, [DATA, HIDDEN]) == to_bytes(suffix, [DATA, HIDDEN])


def test_xlsm_is_macro_enabled() -> None:
    types = zipfile.ZipFile(io.BytesIO(to_bytes(".xlsm", DATA))).read("[Content_Types].xml")
    assert b"application/vnd.ms-excel.sheet.macroEnabled.main+xml" in types


def test_unknown_suffix() -> None:
    with pytest.raises(ValueError, match=".csv"):
        to_bytes(".csv", DATA)
