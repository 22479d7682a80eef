"""Turn an uploaded file's bytes into a grid of cells, safely.

What is read (the format is taken from the content, never from the name):
- Spreadsheets: .xls (Excel 97-2003), .xlsx, .xlsm, .xlsb and .ods, all through one reader,
  python-calamine (Rust's calamine; pandas uses it as an engine too). It reads the values the
  spreadsheet application last calculated: formulas are never evaluated, macros never run.
  The default sheet is the first *visible* one. Before calamine sees a file its extent is
  checked against the row and cell caps from the cells themselves (calamine allocates the
  whole rectangle up to the farthest cell; a declared dimension is not trusted): .xlsx cell
  references, .ods repeated rows/columns that carry content, .xls cell records in the
  workbook stream (through olefile). Zip-based files are first checked for zip bombs (total
  uncompressed size, per-member compression ratio). Merged ranges are kept with the cells.
- Text (CSV, TSV, semicolon-separated): encodings tried in this order: a byte-order mark
  (UTF-8, UTF-16), strict UTF-8, strict Windows-874 (TIS-620's superset, how Thai Excel
  saves "CSV") when the non-ASCII characters it yields are Thai, and only then
  charset-normalizer's guess. The separator is whichever of comma, tab, semicolon and pipe
  splits the most lines into the same number (>1) of fields (title rows above a header do
  not fool it); ties go to comma. Parsing is Python's csv module, so quoted fields work.
- PDF and other binary files are refused with a message saying what to do.

Every cell keeps the row number the user sees: the spreadsheet row, or the CSV line.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from lib.ingest.report import Problem

Cell = str | int | float | bool | datetime | date | None
Merge = tuple[int, int, int, int]  # first row, first column, last row, last column (rows as shown, columns from 0)

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 20 * MB  # upload size
    max_rows: int = 200_000  # data rows
    max_cells: int = 5_000_000  # cells in the sheet read (declared and actual)
    max_unzipped: int = 250 * MB  # total uncompressed size of an .xlsx
    max_ratio: int = 200  # compression ratio of one .xlsx member above 1 MB


DEFAULT_LIMITS = Limits()
HEADER_ALLOWANCE = 100  # title and note rows on top of max_rows


class ReadFailure(Exception):
    """The file cannot be read at all; carries the one problem to report."""

    def __init__(self, problem: Problem):
        super().__init__(problem.code)
        self.problem = problem


@dataclass
class Table:
    """Cells of a file: rows[i] = (row number as the user sees it, cells)."""

    name: str
    kind: str  # "csv", or the spreadsheet format: xls, xlsx, xlsm, xlsb, ods
    rows: list[tuple[int, list[Cell]]]
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    # merged ranges: (first row, first column, last row, last column); rows numbered as shown, columns from 0
    merges: list[Merge] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)  # every worksheet of the file, in order


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA (as a spreadsheet labels columns)."""
    s = ""
    n = index + 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


# ---------------------------------------------------------------- entry point


def read(
    data: bytes,
    name: str,
    sheet: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    header: tuple[tuple[str, ...], ...] | None = None,
) -> Table:
    """Read a file's cells. Raises ReadFailure with a Problem. ``header``: the header rows of a
    JSON table, which has none of its own (a recipe gives them; see read_json)."""
    if len(data) > limits.max_bytes:
        raise ReadFailure(
            Problem(
                name, None, None, "too_big", {"size_mb": round(len(data) / MB, 1), "max_mb": limits.max_bytes // MB}
            )
        )
    if not data.strip():
        raise ReadFailure(Problem(name, None, None, "empty"))
    if header is not None and data.lstrip()[:1] in (b"{", b"["):
        return read_json(data, name, header, limits)
    fmt = sniff(data, name)
    if fmt in SPREADSHEETS:
        return read_sheet(data, name, fmt, sheet, limits)
    if fmt == "broken-zip":
        raise ReadFailure(Problem(name, None, None, "corrupt_xlsx", {"reason": "BadZipFile"}))
    if fmt in ("pdf", "zip"):
        raise ReadFailure(Problem(name, None, None, "not_text"))
    return read_text(data, name, limits)


# ---------------------------------------------------------------- text files

_THAI = re.compile(r"[\u0e00-\u0e7f]")


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name). Raises ValueError when no encoding fits."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:4096]:
        raise ValueError("binary")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp874")
        high = [c for c in text if ord(c) > 127]
        if high and sum(1 for c in high if _THAI.match(c)) >= 0.9 * len(high):
            return text, "cp874"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ValueError("encoding")
    return str(best), best.encoding


_DELIMITERS = (",", "\t", ";", "|")


def sniff_delimiter(text: str) -> str:
    """The separator that splits most of the first lines into one consistent field count."""
    sample = "\n".join(text.splitlines()[:200])
    best, best_score = ",", -1
    for d in _DELIMITERS:
        try:
            counts = [
                len(r) for r in csv.reader(io.StringIO(sample, newline=None), delimiter=d) if any(c.strip() for c in r)
            ]
        except csv.Error:
            continue
        multi = [c for c in counts if c > 1]
        if not multi:
            continue
        modal = max(set(multi), key=multi.count)
        score = multi.count(modal)
        if score > best_score:
            best, best_score = d, score
    return best


def read_text(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> Table:
    try:
        text, encoding = decode(data)
    except ValueError as exc:
        code = "not_text" if str(exc) == "binary" else "encoding"
        raise ReadFailure(Problem(name, None, None, code)) from None
    except UnicodeDecodeError as exc:
        raise ReadFailure(Problem(name, None, None, "encoding")) from exc
    delimiter = sniff_delimiter(text)
    rows: list[tuple[int, list[Cell]]] = []
    reader = csv.reader(io.StringIO(text, newline=None), delimiter=delimiter)
    line = 1
    try:
        for record in reader:
            if any(c.strip() for c in record):
                rows.append((line, list(record)))
                if len(rows) > limits.max_rows + HEADER_ALLOWANCE:
                    raise ReadFailure(Problem(name, None, None, "too_many_rows", {"max": limits.max_rows}))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise ReadFailure(Problem(name, reader.line_num, None, "csv_malformed", {"reason": str(exc)})) from exc
    if not rows:
        raise ReadFailure(Problem(name, None, None, "empty"))
    return Table(name, "csv", rows, encoding=encoding, delimiter=delimiter)


# ---------------------------------------------------------------- spreadsheets

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 .xls (and other old Office files)
ZIP = b"PK\x03\x04"
_MACRO_TYPE = b"macroEnabled"
_CELL_REF = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"')
_ODS_MIME = "application/vnd.oasis.opendocument.spreadsheet"


def sniff(data: bytes, name: str) -> str:
    """The file's format from its content: xls, xlsx, xlsm, xlsb, ods, pdf, zip, broken-zip or text.

    The name is never trusted: a .xls that is really a zip, or a .csv that is an OLE2 file,
    is read as what it is."""
    if data.startswith(OLE2):
        return "xls"
    if data.startswith(b"%PDF"):
        return "pdf"
    if not data.startswith(ZIP):
        return "text"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "mimetype" in names and zf.read("mimetype")[:100].decode("ascii", "replace").strip() == _ODS_MIME:
                return "ods"
            if "xl/workbook.bin" in names:
                return "xlsb"
            if "xl/workbook.xml" in names:
                types = zf.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
                return "xlsm" if _MACRO_TYPE in types or "xl/vbaProject.bin" in names else "xlsx"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, KeyError):
        return "broken-zip"
    return "zip"  # a zip that is no spreadsheet (a .docx, an archive)


def _refuse_cells(name: str, rows: int, columns: int, limits: Limits) -> None:
    if rows > limits.max_rows + HEADER_ALLOWANCE:
        raise ReadFailure(Problem(name, None, None, "too_many_rows", {"max": limits.max_rows}))
    if rows * columns > limits.max_cells:
        raise ReadFailure(
            Problem(name, None, None, "too_many_cells", {"rows": rows, "columns": columns, "max": limits.max_cells})
        )


def _check_zip(data: bytes, name: str, limits: Limits) -> zipfile.ZipFile:
    """The open archive once its sizes are safe (zip bombs refused before anything inflates)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ReadFailure(Problem(name, None, None, "corrupt_xlsx", {"reason": type(exc).__name__})) from None
    total = sum(i.file_size for i in infos)
    worst = max(infos, key=lambda i: i.file_size / max(i.compress_size, 1), default=None)
    if total > limits.max_unzipped or (
        worst is not None and worst.file_size > MB and worst.file_size / max(worst.compress_size, 1) > limits.max_ratio
    ):
        ratio = round(worst.file_size / max(worst.compress_size, 1)) if worst else 0
        zf.close()
        raise ReadFailure(
            Problem(
                name,
                None,
                None,
                "zip_bomb",
                {
                    "size_mb": round(total / MB),
                    "max_mb": limits.max_unzipped // MB,
                    "ratio": ratio,
                    "max_ratio": limits.max_ratio,
                },
            )
        )
    return zf


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _xlsx_extent(zf: zipfile.ZipFile, name: str, limits: Limits) -> None:
    """Refuse a sheet whose cells reach too far, from the cell references themselves.

    The reader allocates the whole rectangle up to the farthest cell, so one cell at ZZ100000
    would cost gigabytes. The declared <dimension> is not used at all: it lies both ways (a
    sheet declaring A1:D3 may hold 10 rows, and all 10 are read; Excel declares A1:K1048576
    for a sheet whose columns were formatted whole, as RFD's forest table does)."""
    for info in zf.infolist():
        if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
            continue
        max_row = max_col = 0
        tail = b""
        with zf.open(info) as fh:
            while chunk := fh.read(1 << 20):
                buf = tail + chunk
                for m in _CELL_REF.finditer(buf):
                    max_col = max(max_col, _col_number(m.group(1)))
                    max_row = max(max_row, int(m.group(2)))
                tail = buf[-32:]
        _refuse_cells(name, max_row, max_col, limits)


def _ods_scan(zf: zipfile.ZipFile, name: str, limits: Limits) -> dict[str, list[Merge]]:
    """Refuse an .ods whose repeated rows/columns of content expand past the caps; return each
    sheet's merged ranges (calamine does not report them for .ods).

    ODS compresses "the same cell 16,384 times" into one attribute; only repeats that carry
    content count (trailing empty repeats are how every ODS file ends)."""
    from xml.etree.ElementTree import iterparse

    tns = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
    vtype = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}value-type"
    merges: dict[str, list[Merge]] = {}
    sheet: list[Merge] = []
    row = rows = width = 0
    try:
        with zf.open("content.xml") as fh:
            for event, el in iterparse(fh, events=("start", "end")):
                if event == "start":
                    if el.tag == f"{tns}table":
                        sheet, row, rows = [], 0, 0
                        merges[el.get(f"{tns}name", "")] = sheet
                    continue
                if el.tag == f"{tns}table-row":
                    col = used = 0
                    for cell in el:
                        rep = int(cell.get(f"{tns}number-columns-repeated", "1"))
                        across = int(cell.get(f"{tns}number-columns-spanned", "1"))
                        down = int(cell.get(f"{tns}number-rows-spanned", "1"))
                        if across > 1 or down > 1:
                            sheet.append((row + 1, col, row + down, col + across - 1))
                        col += rep
                        if cell.get(vtype) is not None or len(cell):
                            used = col
                    rep_rows = int(el.get(f"{tns}number-rows-repeated", "1"))
                    row += rep_rows
                    if used:
                        rows = row
                        width = max(width, used)
                        _refuse_cells(name, rows, width, limits)
                    el.clear()
    except ReadFailure:
        raise
    except Exception as exc:  # a broken or hostile XML file must not crash the caller
        raise ReadFailure(Problem(name, None, None, "corrupt_xlsx", {"reason": type(exc).__name__})) from None
    return merges


# BIFF8 cell records: (record type, offset of the last column in the record, or None for one cell)
_BIFF_CELLS = {0x0203: None, 0x027E: None, 0x00FD: None, 0x0204: None, 0x0201: None, 0x0205: None, 0x0006: None}
_BIFF_MULTI = {0x00BD, 0x00BE}  # MULRK, MULBLANK: the last column sits in the record's final 2 bytes


def _xls_extent(data: bytes, name: str, limits: Limits) -> None:
    """Refuse an .xls whose cells reach past the caps, from the workbook stream's cell records
    (the reader allocates up to the farthest cell, as for .xlsx)."""
    import struct

    import olefile

    try:
        with olefile.OleFileIO(data) as ole:
            stream = next((s for s in ("Workbook", "Book") if ole.exists(s)), None)
            if stream is None:
                raise ReadFailure(Problem(name, None, None, "corrupt_xlsx", {"reason": "no Workbook stream"}))
            book = ole.openstream(stream).read()
    except ReadFailure:
        raise
    except Exception as exc:
        raise ReadFailure(Problem(name, None, None, "corrupt_xlsx", {"reason": type(exc).__name__})) from None
    pos, end = 0, len(book)
    max_row = max_col = 0
    while pos + 4 <= end:
        kind, size = struct.unpack_from("<HH", book, pos)
        body = pos + 4
        if kind == 0x0809:  # BOF: a new sheet begins
            _refuse_cells(name, max_row, max_col, limits)
            max_row = max_col = 0
        elif (kind in _BIFF_CELLS or kind in _BIFF_MULTI) and size >= 4 and body + size <= end:
            row, col = struct.unpack_from("<HH", book, body)
            if kind in _BIFF_MULTI and size >= 6:
                col = struct.unpack_from("<H", book, body + size - 2)[0]
            max_row, max_col = max(max_row, row + 1), max(max_col, col + 1)
        pos = body + size
    _refuse_cells(name, max_row, max_col, limits)


def _open_book(data: bytes, name: str, fmt: str, limits: Limits) -> tuple[Any, dict[str, list[Merge]]]:
    """Check the file's limits for its format, then open it with calamine (nothing is executed:
    calamine reads cached cell values; macros and formulas are never run). Returns the
    workbook and, for .ods, the merged ranges per sheet."""
    ods_merges: dict[str, list[Merge]] = {}
    if fmt == "xls":
        _xls_extent(data, name, limits)
    else:
        with _check_zip(data, name, limits) as zf:
            if fmt == "ods":
                ods_merges = _ods_scan(zf, name, limits)
            elif fmt != "xlsb":
                _xlsx_extent(zf, name, limits)
    import python_calamine

    try:
        return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)), ods_merges
    except Exception as exc:  # calamine raises several types for broken files; none may crash the caller
        raise ReadFailure(Problem(name, None, None, "corrupt_xlsx", {"reason": type(exc).__name__})) from None


def _sheet_list(book: Any) -> list[tuple[str, bool]]:
    """(name, visible) of each worksheet (chart sheets left out)."""
    import python_calamine

    out = []
    for meta in book.sheets_metadata:
        if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
            continue
        out.append((meta.name, meta.visible == python_calamine.SheetVisibleEnum.Visible))
    return out


def sheet_names(data: bytes, name: str = "upload.xlsx", limits: Limits = DEFAULT_LIMITS) -> list[str]:
    """Visible worksheet names of a spreadsheet (for a picker). Raises ReadFailure."""
    fmt = sniff(data, name)
    if fmt not in SPREADSHEETS:
        return []
    book, _ = _open_book(data, name, fmt, limits)
    try:
        return [n for n, visible in _sheet_list(book) if visible]
    finally:
        book.close()


SPREADSHEETS = ("xls", "xlsx", "xlsm", "xlsb", "ods")


def _cell_value(v: object) -> Cell:
    if v == "" or v is None:
        return None
    if isinstance(v, (str, int, float, bool, datetime, date)):
        return v
    return str(v)  # time and duration cells: kept as text, never a number


def read_sheet(data: bytes, name: str, fmt: str, sheet: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Table:
    """Cells of one worksheet (default: the first visible one), with merged ranges.

    Rows are numbered and columns placed as the spreadsheet shows them (calamine trims
    leading empty rows and columns; they are put back so "row 7, column D" is right)."""
    book, ods_merges = _open_book(data, name, fmt, limits)
    try:
        sheets = _sheet_list(book)
        visible = [n for n, v in sheets if v]
        if not visible:
            raise ReadFailure(Problem(name, None, None, "empty"))
        if sheet is None:
            chosen = visible[0]
        elif sheet in {n for n, _ in sheets}:
            chosen = sheet
        else:
            raise ReadFailure(Problem(name, None, None, "unknown_sheet", {"sheet": sheet, "sheets": visible}))
        try:
            ws = book.get_sheet_by_name(chosen)
            _refuse_cells(name, ws.height, ws.width, limits)
            start = ws.start or (0, 0)
            grid = ws.to_python(skip_empty_area=True)
            merged = ws.merged_cell_ranges or []
        except ReadFailure:
            raise
        except Exception as exc:
            raise ReadFailure(Problem(name, None, None, "corrupt_xlsx", {"reason": type(exc).__name__})) from None
        pad: list[Cell] = [None] * start[1]
        rows: list[tuple[int, list[Cell]]] = []
        for i, values in enumerate(grid):
            vals = [_cell_value(v) for v in values]
            while vals and (vals[-1] is None or (isinstance(vals[-1], str) and not vals[-1].strip())):
                vals.pop()
            if vals:
                rows.append((start[0] + i + 1, pad + vals))
        if not rows:
            raise ReadFailure(Problem(name, None, None, "empty"))
        merges = [(r0 + 1, c0, r1 + 1, c1) for (r0, c0), (r1, c1) in merged] or ods_merges.get(chosen, [])
        return Table(name, fmt, rows, sheet=chosen, merges=merges, sheets=[n for n, _ in sheets])
    finally:
        book.close()


# ---------------------------------------------------------------- JSON extracts


def read_json(data: bytes, name: str, header: tuple[tuple[str, ...], ...], limits: Limits = DEFAULT_LIMITS) -> Table:
    """A JSON table: a list of rows (lists of numbers and texts), or an object holding one such
    list under "rows" (the others, e.g. checksums, are ignored). It has no header: ``header``
    (from a recipe) becomes rows 1..k, and the JSON's rows follow as rows k+1, k+2, ..."""
    import json

    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ReadFailure(Problem(name, None, None, "csv_malformed", {"reason": f"JSON: {exc}"})) from None
    body = doc.get("rows") if isinstance(doc, dict) else doc
    if not isinstance(body, list) or not all(isinstance(r, list) for r in body):
        raise ReadFailure(Problem(name, None, None, "unknown_format"))
    _refuse_cells(name, len(body), max((len(r) for r in body), default=0), limits)
    rows: list[tuple[int, list[Cell]]] = [(i, list(h)) for i, h in enumerate(header, start=1)]
    for i, r in enumerate(body, start=len(header) + 1):
        rows.append((i, [c if isinstance(c, (str, int, float)) and not isinstance(c, bool) else None for c in r]))
    return Table(name, "json", rows)
