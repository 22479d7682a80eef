"""Turn an uploaded file's bytes into a grid of cells, safely.

What is read:
- Excel .xlsx: openpyxl in read-only, data-only mode (the value Excel last calculated is read;
  formulas are never evaluated; a formula cell without a stored value reads as empty). Before
  openpyxl sees the file, the zip directory is checked: total uncompressed size and the
  per-member compression ratio (zip bombs), and the sheet's declared dimension (row and
  cell caps); while reading, rows and cells are counted again in case the dimension lies.
- Text (CSV, TSV, semicolon-separated): encodings tried in this order: a byte-order mark
  (UTF-8, UTF-16), strict UTF-8, strict Windows-874 (TIS-620's superset, how Thai Excel
  saves "CSV") when the non-ASCII characters it yields are Thai, and only then
  charset-normalizer's guess. The separator is whichever of comma, tab, semicolon and pipe
  splits the most lines into the same number (>1) of fields (title rows above a header do
  not fool it); ties go to comma. Parsing is Python's csv module, so quoted fields work.
- Old .xls, PDF and other binary files are refused with a message saying what to do.

Every cell keeps the row number the user sees: the spreadsheet row, or the CSV line.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from lib.ingest.report import Problem

Cell = str | int | float | bool | datetime | date | None

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
    kind: str  # "csv" or "xlsx"
    rows: list[tuple[int, list[Cell]]]
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA (as a spreadsheet labels columns)."""
    s = ""
    n = index + 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


# ---------------------------------------------------------------- entry point


def read(data: bytes, name: str, sheet: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Table:
    """Read a CSV/TSV or .xlsx file's cells. Raises ReadFailure with a Problem."""
    if len(data) > limits.max_bytes:
        raise ReadFailure(
            Problem(
                name, None, None, "too_big", {"size_mb": round(len(data) / MB, 1), "max_mb": limits.max_bytes // MB}
            )
        )
    if not data.strip():
        raise ReadFailure(Problem(name, None, None, "empty"))
    if data[:4] == b"PK\x03\x04" or name.lower().endswith((".xlsx", ".xlsm")):
        return read_xlsx(data, name, sheet, limits)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" or name.lower().endswith(".xls"):
        raise ReadFailure(Problem(name, None, None, "legacy_xls"))
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


# ---------------------------------------------------------------- Excel


def _check_zip(data: bytes, name: str, limits: Limits) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ReadFailure(Problem(name, None, None, "corrupt_xlsx", {"reason": type(exc).__name__})) from None
    total = sum(i.file_size for i in infos)
    worst = max(infos, key=lambda i: i.file_size / max(i.compress_size, 1), default=None)
    if total > limits.max_unzipped or (
        worst is not None and worst.file_size > MB and worst.file_size / max(worst.compress_size, 1) > limits.max_ratio
    ):
        ratio = round(worst.file_size / max(worst.compress_size, 1)) if worst else 0
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
    if "xl/workbook.xml" not in names:
        raise ReadFailure(Problem(name, None, None, "corrupt_xlsx", {"reason": "no xl/workbook.xml"}))


def _open_workbook(data: bytes, name: str, limits: Limits) -> Any:  # an openpyxl Workbook (untyped)
    _check_zip(data, name, limits)
    import warnings

    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many types for broken files; none may crash the caller
        raise ReadFailure(Problem(name, None, None, "corrupt_xlsx", {"reason": type(exc).__name__})) from None


def sheet_names(data: bytes, name: str = "upload.xlsx", limits: Limits = DEFAULT_LIMITS) -> list[str]:
    """Worksheet names of an .xlsx (for a picker). Raises ReadFailure."""
    wb = _open_workbook(data, name, limits)
    try:
        return [ws.title for ws in wb.worksheets]
    finally:
        wb.close()


def read_xlsx(data: bytes, name: str, sheet: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Table:
    wb = _open_workbook(data, name, limits)
    try:
        sheets = wb.worksheets
        if not sheets:
            raise ReadFailure(Problem(name, None, None, "empty"))
        if sheet is None:
            ws = sheets[0]
        else:
            found = [s for s in sheets if s.title == sheet]
            if not found:
                raise ReadFailure(
                    Problem(name, None, None, "unknown_sheet", {"sheet": sheet, "sheets": [s.title for s in sheets]})
                )
            ws = found[0]
        try:
            max_row, max_col = ws.max_row, ws.max_column  # the declared dimension, before reading
        except Exception:
            max_row = max_col = None
        if max_row and max_row > limits.max_rows + HEADER_ALLOWANCE:
            raise ReadFailure(Problem(name, None, None, "too_many_rows", {"max": limits.max_rows}))
        if max_row and max_col and max_row * max_col > limits.max_cells:
            raise ReadFailure(
                Problem(
                    name, None, None, "too_many_cells", {"rows": max_row, "columns": max_col, "max": limits.max_cells}
                )
            )
        rows: list[tuple[int, list[Cell]]] = []
        cells = 0
        try:
            for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
                cells += len(values)
                if cells > limits.max_cells:
                    raise ReadFailure(
                        Problem(
                            name,
                            None,
                            None,
                            "too_many_cells",
                            {"rows": number, "columns": len(values), "max": limits.max_cells},
                        )
                    )
                if number > limits.max_rows + HEADER_ALLOWANCE:
                    raise ReadFailure(Problem(name, None, None, "too_many_rows", {"max": limits.max_rows}))
                vals = list(values)
                while vals and (vals[-1] is None or (isinstance(vals[-1], str) and not vals[-1].strip())):
                    vals.pop()
                if vals:
                    rows.append((number, vals))
        except ReadFailure:
            raise
        except Exception as exc:
            raise ReadFailure(Problem(name, None, None, "corrupt_xlsx", {"reason": type(exc).__name__})) from None
        if not rows:
            raise ReadFailure(Problem(name, None, None, "empty"))
        return Table(name, "xlsx", rows, sheet=ws.title)
    finally:
        wb.close()
