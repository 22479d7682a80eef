"""Hostile files for the importer's tests, made on the fly (nothing big is committed): each
reproduces one way an attack run broke lib.ingest (issue 16, findings 1, 3, 6 and 9)."""

from __future__ import annotations

import io
import struct
import zipfile

from tests.sheets import Cell, Sheet, to_bytes

HEADER = "indicator_id,province,year,value,disaggregation,note"
PROVINCES = ("เชียงใหม่", "ลำพูน", "ลำปาง", "พะเยา", "น่าน", "แพร่", "ตาก", "สุโขทัย", "พิษณุโลก", "เลย")


def long_csv(rows: list[str], header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode(encoding)


def good_rows(n: int = 10, note: str = "") -> list[str]:
    return [f"pov_headcount,{PROVINCES[i % 10]},{2560 + i // 10},{1 + i / 4},,{note}" for i in range(n)]


def unclosed_quote_csv() -> bytes:
    """Ten rows; the note of the third opens a quote that never closes."""
    rows = good_rows(10)
    rows[2] = rows[2] + '"ข้อมูลเบื้องต้น ยังไม่ยืนยัน'
    return long_csv(rows)


def bad_rows_csv(n: int = 200_000) -> bytes:
    """About 12 MB: every row wrong in four ways (indicator, province, year, value)."""
    row = "no_such_indicator,Atlantis,twenty,lots,,a note padding the row"
    return long_csv([row] * n)


def wide_csv(columns: int = 1_000_000, rows: int = 3) -> bytes:
    """A report table a million columns wide: the header repeats a year, each province row a value."""
    head = "จังหวัด," + ",".join(["2566"] * columns)
    body = [f"{PROVINCES[i]}," + ",".join(["1"] * columns) for i in range(rows)]
    return ("\n".join([head, *body]) + "\n").encode()


def xlsx(rows: list[list[Cell]]) -> bytes:
    return to_bytes(".xlsx", Sheet(rows))


def long_sheet(note: str = "", n: int = 3) -> list[list[Cell]]:
    head: list[Cell] = ["indicator_id", "province", "year", "value", "note"]
    return [head] + [["pov_headcount", PROVINCES[i], 2566, 1.5 + i, note] for i in range(n)]


def rewrite(data: bytes, member: str, change) -> bytes:  # type: ignore[no-untyped-def]
    """A copy of a zip file with one member's bytes changed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            dst.writestr(info, change(body) if info.filename == member else body)
    return out.getvalue()


def shared_strings_bomb(string_chars: int = 900_000, cells: int = 3_600) -> bytes:
    """A few KB of .xlsx: one shared string just under 1 MB (so no zip-bomb ratio applies to it),
    referenced by thousands of cells (the reader would copy it into every one: gigabytes)."""
    base = xlsx([["note"], ["x"]])
    refs = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{c}{r}" t="s"><v>1</v></c>' for c in "ABCDEFGHIJ") + "</row>"
        for r in range(2, cells // 10 + 2)
    )

    def sheet(xml: bytes) -> bytes:
        start, end = xml.index(b"<sheetData>"), xml.index(b"</sheetData>")
        return xml[:start] + b'<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>' + refs.encode() + xml[end:]

    def strings(xml: bytes) -> bytes:
        return (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="2">'
            b"<si><t>note</t></si><si><t>" + b"ab" * (string_chars // 2) + b"</t></si></sst>"
        )

    return rewrite(rewrite(base, "xl/worksheets/sheet1.xml", sheet), "xl/sharedStrings.xml", strings)


def inline_string_xlsx(chars: int) -> bytes:
    """An .xlsx whose note at E2 is an inline string (no shared strings table) of `chars` characters."""
    base = xlsx(long_sheet())

    def sheet(xml: bytes) -> bytes:
        cell = f'<c r="E2" t="inlineStr"><is><t>{"ก" * chars}</t></is></c>'.encode()
        return xml.replace(b"</row>", cell + b"</row>", 1)

    return rewrite(base, "xl/worksheets/sheet1.xml", sheet)


# ---------------------------------------------------------------- .xls (BIFF8) and .xlsb records


def xls_with_string(chars: int, copies: int) -> bytes:
    """An .xls whose shared string table holds one string of `chars` characters, placed in `copies` cells."""
    rows: list[list[Cell]] = [["note"]] + [["x" * chars] for _ in range(copies)]
    return to_bytes(".xls", Sheet(rows))


def _rec(kind: int, body: bytes) -> bytes:
    def varint(n: int, most: int) -> bytes:
        out = b""
        for _ in range(most):
            b, n = n & 0x7F, n >> 7
            out += bytes([b | (0x80 if n else 0)])
            if not n:
                break
        return out

    return varint(kind, 2) + varint(len(body), 4) + body


def _wide(s: str) -> bytes:
    return struct.pack("<I", len(s)) + s.encode("utf-16-le")


def xlsb(strings: list[str], cells: list[tuple[int, int, int]], inline: tuple[int, int, str] | None = None) -> bytes:
    """A minimal .xlsb: the shared strings and the cells (row, column, string index) of sheet 1,
    as the binary records say them (enough for the reader's checks, which run before calamine)."""
    sst = _rec(159, struct.pack("<II", len(strings), len(strings)))
    sst += b"".join(_rec(19, b"\x00" + _wide(s)) for s in strings) + _rec(160, b"")
    body = _rec(129, b"") + _rec(145, b"")  # begin sheet, begin sheet data
    row = -1
    for r, c, i in sorted(cells):
        if r != row:
            body += _rec(0, struct.pack("<I", r) + b"\x00" * 8)
            row = r
        body += _rec(7, struct.pack("<II", c, 0) + struct.pack("<I", i))
    if inline is not None:
        r, c, text = inline
        body += _rec(0, struct.pack("<I", r) + b"\x00" * 8) + _rec(6, struct.pack("<II", c, 0) + _wide(text))
    body += _rec(146, b"") + _rec(130, b"")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.bin", _rec(131, b"") + _rec(132, b""))
        z.writestr("xl/sharedStrings.bin", sst)
        z.writestr("xl/worksheets/sheet1.bin", body)
    return out.getvalue()


# ---------------------------------------------------------------- .ods


def ods_repeated_text(chars: int, columns: int, rows: int) -> bytes:
    """An .ods whose one text cell is repeated `columns` times across and `rows` times down."""
    base = to_bytes(".ods", Sheet([["note"], ["x"]]))

    def content(xml: bytes) -> bytes:
        cell = (
            f'<table:table-row table:number-rows-repeated="{rows}">'
            f'<table:table-cell table:number-columns-repeated="{columns}" office:value-type="string">'
            f"<text:p>{'x' * chars}</text:p></table:table-cell></table:table-row>"
        ).encode()
        return xml.replace(b"</table:table>", cell + b"</table:table>", 1)

    return rewrite(base, "content.xml", content)
