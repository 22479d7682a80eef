"""lib.ingest.read on real spreadsheets of every format (tests/sheets.py): the same grid reads
the same in .xls, .xlsx, .xlsm and .ods; the format comes from the content; hidden sheets;
row and cell caps, lying dimensions, far cells, broken files (no database)."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from lib.ingest.read import Cell, Limits, ReadFailure, Table, read, sheet_names, sniff
from tests.sheets import Sheet, to_bytes

FORMATS = (".xls", ".xlsx", ".xlsm", ".ods")

GRID: list[list[Cell]] = [
    ["ตารางที่ 9 ตัวเลขทดสอบ"],
    [],
    [None, "จังหวัด", 2549, None, "หมายเหตุ"],
    [None, None, "สัดส่วน(ร้อยละ)", "จำนวน(คน)"],
    [None, "เชียงใหม่", 12.5, 3, "ก"],
    [None, "ลำพูน", -7.25, 0, None],
    [],
    [None, None, None, None, None, "ที่มา: ทดสอบ"],
]
# 0-based inclusive (sheets.py): the year over C:D, "จังหวัด" down rows 3-4 of column B
MERGES = [(2, 2, 2, 3), (2, 1, 3, 1)]
WANT_ROWS: list[tuple[int, list[Cell]]] = [
    (1, ["ตารางที่ 9 ตัวเลขทดสอบ"]),
    (3, [None, "จังหวัด", 2549.0, None, "หมายเหตุ"]),
    (4, [None, None, "สัดส่วน(ร้อยละ)", "จำนวน(คน)"]),
    (5, [None, "เชียงใหม่", 12.5, 3.0, "ก"]),
    (6, [None, "ลำพูน", -7.25, 0.0]),
    (8, [None, None, None, None, None, "ที่มา: ทดสอบ"]),
]
# rows as shown (1-based), columns 0-based
WANT_MERGES = {(3, 2, 3, 3), (3, 1, 4, 1)}


def book(suffix: str) -> bytes:
    return to_bytes(
        suffix,
        [
            Sheet([["ลับ", 99]], name="Hidden", hidden=True),
            Sheet(GRID, name="Data", merges=MERGES),
            Sheet([["อื่น", 1]], name="Other"),
        ],
    )


def as_floats(t: Table) -> list[tuple[int, list[Cell]]]:
    def f(c: Cell) -> Cell:
        return float(c) if isinstance(c, (int, float)) and not isinstance(c, bool) else c

    return [(n, [f(c) for c in cells]) for n, cells in t.rows]


@pytest.mark.parametrize("suffix", FORMATS)
def test_same_grid_reads_the_same_in_every_format(suffix: str) -> None:
    t = read(book(suffix), "f" + suffix)
    assert t.kind == suffix[1:]
    assert t.sheet == "Data"
    assert t.sheets == ["Hidden", "Data", "Other"]
    assert as_floats(t) == WANT_ROWS
    assert set(t.merges) == WANT_MERGES and len(t.merges) == 2


@pytest.mark.parametrize(
    "suffix, name, kind",
    [(".xls", "x.xlsx", "xls"), (".ods", "x.csv", "ods"), (".xlsx", "x.xls", "xlsx"), (".xlsm", "x.ods", "xlsm")],
)
def test_format_is_taken_from_the_content(suffix: str, name: str, kind: str) -> None:
    data = book(suffix)
    assert sniff(data, name) == kind
    t = read(data, name)
    assert t.kind == kind
    assert as_floats(t) == WANT_ROWS


@pytest.mark.parametrize("suffix", FORMATS)
def test_hidden_first_sheet_is_not_the_default(suffix: str) -> None:
    data = book(suffix)
    assert sheet_names(data, "f" + suffix) == ["Data", "Other"]
    assert read(data, "f" + suffix).sheet == "Data"
    hidden = read(data, "f" + suffix, sheet="Hidden")
    assert (hidden.sheet, as_floats(hidden)) == ("Hidden", [(1, ["ลับ", 99.0])])
    other = read(data, "f" + suffix, sheet="Other")
    assert as_floats(other) == [(1, ["อื่น", 1.0])]
    with pytest.raises(ReadFailure) as e:
        read(data, "f" + suffix, sheet="ไม่มี")
    assert e.value.problem.code == "unknown_sheet"
    assert e.value.problem.detail["sheets"] == ["Data", "Other"]


@pytest.mark.parametrize("suffix", FORMATS)
def test_cell_cap_refuses_every_format(suffix: str) -> None:
    data = book(suffix)
    with pytest.raises(ReadFailure) as e:
        read(data, "f" + suffix, limits=Limits(max_cells=10))
    assert e.value.problem.code in ("too_many_cells", "too_many_rows")
    read(data, "f" + suffix, limits=Limits(max_cells=48))  # 8 rows × 6 columns fit exactly


@pytest.mark.parametrize("suffix", FORMATS)
def test_row_cap_refuses_every_format(suffix: str) -> None:
    rows: list[list[Cell]] = [["จังหวัด", 2549]] + [[f"แถว {i}", float(i)] for i in range(130)]
    data = to_bytes(suffix, Sheet(rows))
    with pytest.raises(ReadFailure) as e:
        read(data, "f" + suffix, limits=Limits(max_rows=10))  # 10 + 100 header allowance < 131
    assert e.value.problem.code == "too_many_rows"
    assert len(read(data, "f" + suffix, limits=Limits(max_rows=31)).rows) == 131


# ---------------------------------------------------------------- .xlsx sheet XML rewritten


def rewrite_sheet(data: bytes, change) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = change(body)
            dst.writestr(info, body)
    return out.getvalue()


def test_xlsx_lying_dimension_reads_every_row() -> None:
    rows: list[list[Cell]] = [[f"แถว {i}", float(i)] for i in range(1, 11)]
    data = to_bytes(".xlsx", Sheet(rows))

    def lie(xml: bytes) -> bytes:
        assert b'<dimension ref="A1:B10"/>' in xml
        return xml.replace(b'<dimension ref="A1:B10"/>', b'<dimension ref="A1:B2"/>')

    t = read(rewrite_sheet(data, lie), "lie.xlsx")
    assert as_floats(t) == [(i, [f"แถว {i}", float(i)]) for i in range(1, 11)]


def test_xlsx_far_cell_is_refused_without_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    data = to_bytes(".xlsx", Sheet([["จังหวัด", 2549], ["เชียงใหม่", 1.5]]))

    def far(xml: bytes) -> bytes:
        return xml.replace(b"</sheetData>", b'<row r="100000"><c r="ZZ100000"><v>1</v></c></row></sheetData>')

    hostile = rewrite_sheet(data, far)
    import python_calamine

    opened: list[object] = []

    def never(*a: object, **_k: object) -> None:
        opened.append(a)
        raise RuntimeError("calamine must not open a file past the caps")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", never)
    with pytest.raises(ReadFailure) as e:
        read(hostile, "far.xlsx")
    assert opened == []
    assert e.value.problem.code == "too_many_cells"
    assert (e.value.problem.detail["rows"], e.value.problem.detail["columns"]) == (100000, 702)
    with pytest.raises(ReadFailure):  # the patch is in effect: the small file does reach calamine
        read(data, "small.xlsx")
    assert len(opened) == 1


def test_xlsx_with_a_huge_declared_dimension_reads_its_real_cells() -> None:
    # Excel declares A1:K1048576 when whole columns were formatted (RFD's forest table does):
    # only the cells that exist count, so such a file loads
    data = to_bytes(".xlsx", Sheet([["จังหวัด", 2549], ["เชียงใหม่", 1.5]]))
    lying = rewrite_sheet(
        data, lambda xml: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:ZZ1048576"/>', xml)
    )
    assert [cells for _, cells in read(lying, "big.xlsx").rows] == [["จังหวัด", 2549.0], ["เชียงใหม่", 1.5]]


# ---------------------------------------------------------------- broken and foreign files


def test_broken_zip_is_corrupt() -> None:
    with pytest.raises(ReadFailure) as e:
        read(b"PK\x03\x04" + b"\x00broken zip" * 50, "x.xlsx")
    assert e.value.problem.code == "corrupt_xlsx"
    truncated = book(".xlsx")[:300]
    with pytest.raises(ReadFailure) as e:
        read(truncated, "x.xlsx")
    assert e.value.problem.code == "corrupt_xlsx"


def test_pdf_is_not_text() -> None:
    with pytest.raises(ReadFailure) as e:
        read(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "report.xlsx")
    assert e.value.problem.code == "not_text"
