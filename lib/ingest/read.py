"""Turn an uploaded file's bytes into a grid of cells, safely.

What is read (the format is taken from the content, never from the name):
- Spreadsheets: .xls (Excel 97-2003), .xlsx, .xlsm, .xlsb and .ods, all through one reader,
  python-calamine (Rust's calamine; pandas uses it as an engine too). It reads the values the
  spreadsheet application last calculated: formulas are never evaluated, macros never run.
  The default sheet is the first *visible* one. Before calamine sees a file, what it would
  build is measured from the file's own records, in bounded memory, and refused past the
  caps (calamine allocates the whole rectangle up to the farthest cell and copies a shared
  string into every cell that uses it; a declared dimension is not trusted):
  - extent (rows × columns up to the farthest cell): .xlsx cell references, .xlsb row and
    cell records, .ods repeated rows/columns that carry content, .xls cell records in the
    workbook stream (through olefile);
  - text: every string's length (.xlsx/.xlsb shared strings, .xls SST, .ods cells, inline
    strings) against the cell cap, and the text all cells would hold, each use of a shared
    or repeated string counted, against the sheet's text cap;
  - zip-based files are first checked for zip bombs (total uncompressed size, per-member
    compression ratio). Merged ranges are kept with the cells.
- Text (CSV, TSV, semicolon-separated): the encoding is decided, never guessed: a
  byte-order mark (UTF-8, UTF-16), UTF-16 without one (told by its zero bytes), strict
  UTF-8, then strict Windows-874 (TIS-620's superset, how Thai Excel saves "CSV") only when
  the text it gives reads as Thai (tone marks and vowels on consonants, no Thai letter glued
  to a Latin one: cp1252's "crème" would read "cr่me"). Anything else is refused, naming the
  first line that is not UTF-8, instead of storing mojibake. The separator is whichever of
  comma, tab, semicolon and pipe splits the most of the first lines (64 KB) into the same
  number (>1) of fields (title rows above a header do not fool it); ties go to comma.
  Parsing is Python's csv module in strict mode, with one rule of this importer: **a cell
  may not hold a line break**. Ministry files have none in practice, and a stray quote mark
  (a note starting with ") makes the csv module read every following line into that one
  cell, so the file would load short without a word. A quoted field that spans lines, or a
  quote never closed, is refused naming the row and column where the quote opened
  (csv_line_break / csv_quote). Each record is thus one line, and its row is its line number.
- PDF and other binary files are refused with a message saying what to do.

Every cell, in every format, is checked as read: text at most Limits.max_cell_chars
characters, with no control characters (NUL and the other C0/C1 controls but tab and line
ends) and no bidirectional embedding, override or isolate marks (U+202A-U+202E,
U+2066-U+2069, which make a note display other than it reads); numbers finite (a NaN or
INF cell is named, not taken as empty). These problems name the row and column; up to
Limits.max_problems are reported together (ReadFailure.problems).

Every cell keeps the row number the user sees: the spreadsheet row, or the CSV line.
"""

from __future__ import annotations

import codecs
import csv
import functools
import html
import io
import itertools
import math
import re
import struct
import unicodedata
import zipfile
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

from lib.ingest.report import Problem, ProblemList

Cell = str | int | float | bool | datetime | date | None
Merge = tuple[int, int, int, int]  # first row, first column, last row, last column (rows as shown, columns from 0)

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Every cap the importer applies to a file, in one place (docs/SECURITY.md quotes them).
    A file past one is refused with a problem saying which; nothing is half-loaded."""

    max_bytes: int = 20 * MB  # upload size
    max_rows: int = 200_000  # data rows
    max_cells: int = 5_000_000  # cells of the sheet or CSV read (a sheet: its rectangle up to the farthest cell)
    max_columns: int = 2_000  # columns holding data, in a CSV line or a sheet row
    max_unzipped: int = 250 * MB  # total uncompressed size of a zip-based spreadsheet
    max_ratio: int = 200  # compression ratio of one zip member above 1 MB
    max_cell_chars: int = 2_000  # characters of one text cell (a note), in every format
    max_label_chars: int = 300  # characters of a label: indicator, province, year, value, dataset,
    # disaggregation, flags, source title and publisher (lib.ingest.pipeline)
    max_text_chars: int = 30_000_000  # characters of text a sheet's cells hold, each use of a shared string counted
    max_values: int = 1_000_000  # values (one per value cell) one file may give
    max_problems: int = 1_000  # problems listed; the others are counted ("… and 799,000 more problems")


DEFAULT_LIMITS = Limits()
HEADER_ALLOWANCE = 100  # title and note rows on top of max_rows


class ReadFailure(Exception):
    """The file cannot be read; carries the problems to report (`problem` is the first; `more`
    counts those past Limits.max_problems)."""

    def __init__(self, problem: Problem | ProblemList | list[Problem], more: int = 0):
        problems = [problem] if isinstance(problem, Problem) else list(problem)
        if isinstance(problem, ProblemList):
            more += problem.more
        super().__init__(problems[0].code)
        self.problem = problems[0]
        self.problems = problems
        self.more = more


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


# ---------------------------------------------------------------- every cell

# Control characters (but tab and line ends), and the bidirectional embeddings, overrides and
# isolates that make a text display in another order than it is stored.
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _char_name(ch: str) -> str:
    return f"U+{ord(ch):04X} {unicodedata.name(ch, '')}".strip()


def check_text(s: str, row: int, col: int, name: str, limits: Limits, problems: ProblemList) -> None:
    """Adds a problem when a text cell is too long or holds a forbidden character."""
    if len(s) > limits.max_cell_chars:
        detail = {"chars": len(s), "max": limits.max_cell_chars}
        problems.append(Problem(name, row, column_letter(col), "text_too_long", detail))
    elif m := _BAD_CHARS.search(s):
        problems.append(Problem(name, row, column_letter(col), "bad_character", {"char": _char_name(m.group())}))


# ---------------------------------------------------------------- text files

_THAI = re.compile(r"[\u0e00-\u0e7f]")
# Thai as no Thai writer types it: an above/below vowel or tone mark not on a consonant (or on
# another mark); a leading vowel before no consonant; a Thai letter or digit glued to a Latin
# letter; the rare signs Latin-1 letters turn into (๏ ๚ ๛). cp1252 text read as cp874 does this.
_NOT_THAI = re.compile(
    r"(?<![\u0e01-\u0e2e\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]"
    r"|[\u0e40-\u0e44](?![\u0e01-\u0e2e])"
    r"|[A-Za-z][\u0e01-\u0e5b]|[\u0e01-\u0e5b][A-Za-z]"
    r"|[\u0e4f\u0e5a\u0e5b]"
)


class DecodeError(ValueError):
    """No encoding fits: `code` is "not_text" (binary) or "encoding"; `line` the first line
    that is not UTF-8 (None when unknown)."""

    def __init__(self, code: str, line: int | None = None):
        super().__init__(code)
        self.code = code
        self.line = line


def _reads_as_thai(text: str) -> bool:
    """Whether the non-ASCII characters of a cp874 decode are Thai as it is written."""
    high = len(text) - len(text.encode("ascii", "ignore"))
    thai = len(text) - len(_THAI.sub("", text))
    if not high or thai < 0.9 * high:
        return False
    wrong = sum(1 for _ in _NOT_THAI.finditer(text))
    return wrong * 50 <= thai  # a typo in a long Thai file is not a wrong encoding


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text without a byte-order mark, told by where its zero bytes fall (every ASCII
    character has one, on the high byte); None when the data is not that."""
    sample = data[:4096] if len(data) > 4096 else data
    sample = sample[: len(sample) // 2 * 2]
    half = len(sample) // 2
    if not half or len(data) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    for encoding, high, low in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if high >= 0.1 * half and low <= 0.01 * half:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            printable = sum(1 for c in text[:2048] if c.isprintable() or c in "\t\r\n")
            return (text, encoding) if printable >= 0.95 * len(text[:2048]) else None
    return None


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name) by the rule of the module docstring. Raises DecodeError."""
    try:
        if data.startswith(codecs.BOM_UTF8):
            return data[3:].decode("utf-8"), "utf-8-sig"
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16"), "utf-16"
    except UnicodeDecodeError as exc:
        raise DecodeError("encoding", _line_of(data, exc.start)) from None
    if b"\x00" in data[:4096]:
        found = _utf16_without_bom(data)
        if found is not None:
            return found
        if data[:4096].count(0) > 8:  # a few NULs in a text file are named cell by cell; many: binary
            raise DecodeError("not_text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    try:
        text = data.decode("cp874")
    except UnicodeDecodeError:
        raise DecodeError("encoding", _line_of(data, first_bad)) from None
    if _reads_as_thai(text):
        return text, "cp874"
    raise DecodeError("encoding", _line_of(data, first_bad))


_DELIMITERS = (",", "\t", ";", "|")
SNIFF_CHARS = 65_536  # the separator is decided on the first 64 K characters (whole lines)


def sniff_delimiter(text: str) -> str:
    """The separator that splits most of the first lines into one consistent field count."""
    head = text[:SNIFF_CHARS]
    if len(text) > SNIFF_CHARS and "\n" in head:
        head = head[: head.rindex("\n")]
    sample = "\n".join(head.splitlines()[:200])
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


def _physical_line(text: str, number: int) -> str:
    for i, line in enumerate(io.StringIO(text, newline=None), start=1):
        if i == number:
            return line.rstrip("\n")
    return ""


def quote_column(line: str, delimiter: str) -> int:
    """The field (from 0) of a CSV line whose quote is never closed, or is closed with text
    after it (a stray quote mark); the last field when none is."""
    field_no, i, n = 0, 0, len(line)
    at_start = True
    while i < n:
        ch = line[i]
        if at_start and ch == '"':
            j = i + 1
            while True:
                k = line.find('"', j)
                if k == -1:
                    return field_no  # opened here and never closed on this line
                if line.startswith('""', k):
                    j = k + 2
                    continue
                if k + 1 < n and line[k + 1] != delimiter:
                    return field_no  # text after the closing quote
                i = k + 1
                break
            at_start = False
            continue
        if ch == delimiter:
            field_no += 1
            at_start = True
        else:
            at_start = False
        i += 1
    return field_no


def read_text(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> Table:
    """Cells of a CSV file (see the module docstring: encodings, separator, one line per record)."""
    try:
        text, encoding = decode(data)
    except DecodeError as exc:
        raise ReadFailure(Problem(name, exc.line, None, exc.code)) from None
    delimiter = sniff_delimiter(text)
    suspicious = _BAD_CHARS.search(text) is not None  # else no cell needs the character check
    problems = ProblemList(limits.max_problems)
    rows: list[tuple[int, list[Cell]]] = []
    reader = csv.reader(io.StringIO(text, newline=None), delimiter=delimiter, strict=True)
    line = 1
    cells = width = 0
    try:
        for record in reader:
            if reader.line_num != line:  # a field ran over a line break: refuse, naming where it opened
                col = next((i for i, c in enumerate(record) if "\n" in c or "\r" in c), len(record) - 1)
                detail = {"lines": reader.line_num - line + 1}
                raise ReadFailure(Problem(name, line, column_letter(max(col, 0)), "csv_line_break", detail))
            if len(record) > limits.max_columns:
                detail = {"columns": len(record), "max": limits.max_columns}
                raise ReadFailure(Problem(name, line, None, "too_many_columns", detail))
            cells += len(record)
            width = max(width, len(record))
            if cells > limits.max_cells:
                detail = {"rows": line, "columns": width, "max": limits.max_cells}
                raise ReadFailure(Problem(name, None, None, "too_many_cells", detail))
            if record and (suspicious or max(map(len, record)) > limits.max_cell_chars):
                for i, c in enumerate(record):
                    check_text(c, line, i, name, limits, problems)
            if any(c.strip() for c in record):
                rows.append((line, list(record)))
                if len(rows) > limits.max_rows + HEADER_ALLOWANCE:
                    raise ReadFailure(Problem(name, None, None, "too_many_rows", {"max": limits.max_rows}))
            line = reader.line_num + 1
    except csv.Error as exc:
        reason = str(exc)
        if "field larger than field limit" in reason:
            big = {"chars": f"> {csv.field_size_limit():,}", "max": limits.max_cell_chars}
            raise ReadFailure(Problem(name, line, None, "text_too_long", big)) from None
        if "expected after" in reason or "unexpected end of data" in reason:
            col = quote_column(_physical_line(text, line), delimiter)
            raise ReadFailure(Problem(name, line, column_letter(col), "csv_quote")) from None
        raise ReadFailure(Problem(name, line, None, "csv_malformed", {"reason": reason})) from None
    if problems:
        raise ReadFailure(problems)
    if not rows:
        raise ReadFailure(Problem(name, None, None, "empty"))
    return Table(name, "csv", rows, encoding=encoding, delimiter=delimiter)


# ---------------------------------------------------------------- spreadsheets

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 .xls (and other old Office files)
ZIP = b"PK\x03\x04"
_MACRO_TYPE = b"macroEnabled"
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


def _ref_name(ref: bytes) -> tuple[int, str]:
    """(row, column letters) of a cell reference such as b"E12"."""
    m = re.match(rb"([A-Z]{1,3})([0-9]{1,7})", ref)
    return (int(m.group(2)), m.group(1).decode()) if m else (0, "?")


class _Text:
    """The text budget of one sheet: characters its cells will hold, every use counted."""

    def __init__(self, name: str, limits: Limits):
        self.name, self.limits, self.chars = name, limits, 0

    def add(self, n: int) -> None:
        self.chars += n
        if self.chars > self.limits.max_text_chars:
            detail = {"chars": f"{self.chars:,}", "max": f"{self.limits.max_text_chars:,}"}
            raise ReadFailure(Problem(self.name, None, None, "text_too_much", detail))

    def too_long(self, row: int, col: str, chars: int | str) -> ReadFailure:
        detail = {"chars": chars, "max": self.limits.max_cell_chars}
        return ReadFailure(Problem(self.name, row, col, "text_too_long", detail))


def _xml_bytes_bound(limits: Limits) -> int:
    """The most bytes a text node may take in XML: a character is at most 10 bytes there
    ("&#x10FFFF;"), so a longer node holds more than max_cell_chars characters."""
    return 10 * limits.max_cell_chars + 64


def _chunks(fh: IO[bytes]) -> Iterator[bytes]:
    while chunk := fh.read(1 << 20):
        yield chunk


def _long_text(chunks: Iterator[bytes], bound: int) -> Iterator[tuple[bytes, int | None]]:
    """Each chunk of an XML stream with the offset in it of a text node longer than `bound`
    bytes (None when there is none); bounded memory, whatever the node's length."""
    pattern = re.compile(rb">[^<>]{%d}" % bound)
    carry = b""
    for chunk in chunks:
        buf = carry + chunk
        m = pattern.search(buf)
        yield chunk, (m.start() - len(carry) if m else None)
        gt = buf.rfind(b">")
        carry = buf[gt:] if gt >= 0 and buf.find(b"<", gt) < 0 else b""


def _shared_strings(zf: zipfile.ZipFile, name: str, limits: Limits) -> tuple[array[int], int]:
    """The length in characters of each shared string of an .xlsx (phonetic runs left out, as
    calamine reads them; the first max_cells of them) and how many there are."""
    import xml.parsers.expat

    lengths: array[int] = array("I")
    member = next((n for n in zf.namelist() if n.lower() == "xl/sharedstrings.xml"), None)
    if member is None:
        return lengths, 0
    state = {"t": False, "phonetic": 0, "chars": 0, "count": 0}

    def start(tag: str, _attrs: object) -> None:
        local = tag.rsplit(":", 1)[-1]
        if local == "si":
            state["chars"] = 0
        elif local == "rPh":
            state["phonetic"] += 1
        elif local == "t" and not state["phonetic"]:
            state["t"] = True

    def end(tag: str) -> None:
        local = tag.rsplit(":", 1)[-1]
        if local == "si":
            state["count"] += 1
            if len(lengths) < limits.max_cells:  # past that only counted (refused after the extent checks)
                lengths.append(min(state["chars"], 0xFFFFFFFF))
        elif local == "rPh":
            state["phonetic"] -= 1
        elif local == "t":
            state["t"] = False

    def chars(data: str) -> None:
        if state["t"]:
            state["chars"] += len(data)

    def no_dtd(*_a: object) -> None:
        raise ValueError("DTD")

    parser = xml.parsers.expat.ParserCreate()
    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, chars
    parser.StartDoctypeDeclHandler = no_dtd
    try:  # expat hands the text over in pieces: a string of any length is measured, never held
        with zf.open(member) as fh:
            for chunk in _chunks(fh):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except Exception as exc:
        raise ReadFailure(Problem(name, None, None, "corrupt_xlsx", {"reason": type(exc).__name__})) from None
    return lengths, int(state["count"])


_ROOT = re.compile(rb"<([A-Za-z_][\w.\-]{0,15}:)?worksheet\b")
_R_ATTR = re.compile(rb'\br="([A-Z]{1,3}[0-9]{1,7})"')
_TAIL = 1200  # bytes looked back at a chunk's end for a cell cut in two: longer than any cell's opening tags


@dataclass(frozen=True)
class _CellPatterns:
    """The patterns of a sheet's cells for its namespace prefix ("" or "x:"): fast ones for the
    attribute order every writer uses (r first, then s, then t), and general ones used only
    when a chunk's cell count says some cell is written otherwise."""

    start: re.Pattern[bytes]
    starts: tuple[bytes, ...]  # "<c " "<c>" ...: counted to check the fast patterns saw every cell
    ref_fast: re.Pattern[bytes]
    ref_any: re.Pattern[bytes]
    shared_fast: re.Pattern[bytes]
    shared_any: re.Pattern[bytes]
    inline: re.Pattern[bytes]  # a cell holding its own text (inline string, formula text): attributes, content
    end: bytes  # "</c>"

    @classmethod
    def of(cls, prefix: bytes) -> _CellPatterns:
        p = re.escape(prefix)
        ref = rb'r="([A-Z]{1,3})([0-9]{1,7})"'
        return cls(
            re.compile(rb"<" + p + rb"c\b"),
            tuple(b"<" + prefix + b"c" + c for c in (b" ", b">", b"/", b"\t", b"\n", b"\r")),
            re.compile(rb"<" + p + rb"c " + ref),
            re.compile(rb"<" + p + rb"c\b[^>]{0,512}?\b" + ref),
            re.compile(
                rb"<"
                + p
                + rb'c r="[A-Z]{1,3}[0-9]{1,7}"(?: s="[0-9]{1,9}")? t="s"[^>]{0,512}><'
                + p
                + rb"v>([0-9]{1,10})<"
            ),
            re.compile(rb"<" + p + rb'c\b[^>]{0,512}?\bt="s"[^>]{0,512}?>\s*<' + p + rb"v>\s*([0-9]{1,10})\s*<"),
            re.compile(
                rb"<" + p + rb'c\b([^>]{0,512}?\bt="(?:inlineStr|str)"[^>]{0,512}?)(?<!/)>(.*?)</' + p + rb"c>", re.S
            ),
            b"</" + prefix + b"c>",
        )

    def refs(self, region: bytes) -> list[tuple[bytes, bytes]]:
        found = self.ref_fast.findall(region)
        if len(found) != sum(region.count(s) for s in self.starts):
            found = self.ref_any.findall(region)
        return found

    def shared(self, region: bytes) -> list[bytes]:
        found = self.shared_fast.findall(region)
        if len(found) != region.count(b't="s"'):
            found = self.shared_any.findall(region)
        return found


@functools.lru_cache(maxsize=8)
def _cell_patterns(prefix: bytes) -> _CellPatterns:
    return _CellPatterns.of(prefix)


def _cut(buf: bytes, cells: _CellPatterns) -> int:
    """Where to split a chunk so no cell (nor tag) is cut: at the last cell's start when it is
    not closed in the chunk, else after it (or at a tag begun after it)."""
    last = max(buf.rfind(s) for s in cells.starts)
    after = 0
    if last >= 0:
        gt = buf.find(b">", last)
        if gt < 0:
            return last
        if buf[gt - 1 : gt] == b"/":
            after = gt + 1
        else:
            end = buf.find(cells.end, gt)
            if end < 0:
                return last
            after = end + len(cells.end)
    lt = buf.rfind(b"<")
    return lt if lt >= after else after if after else len(buf)


_FORMULA = re.compile(rb"<(?:[\w.\-]{1,16}:)?f\b[^>]*/>|<(?:[\w.\-]{1,16}:)?f\b[^>]*>.*?</(?:[\w.\-]{1,16}:)?f>", re.S)
_PHONETIC = re.compile(rb"<(?:[\w.\-]{1,16}:)?rPh\b.*?</(?:[\w.\-]{1,16}:)?rPh>", re.S)
_TAGS = re.compile(rb"<[^>]*>")


def _inline_chars(content: bytes) -> int:
    """Characters of the text a cell holds itself (its formula and phonetic runs left out)."""
    body = _TAGS.sub(b"", _PHONETIC.sub(b"", _FORMULA.sub(b"", content))).decode("utf-8", "replace")
    return len(html.unescape(body)) if "&" in body else len(body)


def _extent(refs: list[tuple[bytes, bytes]]) -> tuple[int, int]:
    """(farthest row, farthest column) of cell references (column letters, row digits); the
    distinct values are few, so they are converted once each."""
    rows = {r for _, r in refs}
    cols = {c for c, _ in refs}
    return max(map(int, rows)), max(map(_col_number, cols))


def _xlsx_scan(zf: zipfile.ZipFile, name: str, limits: Limits) -> None:
    """Refuse an .xlsx whose sheets reach too far or hold too much text, from the XML itself.

    Extent: the reader allocates the whole rectangle up to the farthest cell, so one cell at
    ZZ100000 would cost gigabytes. The declared <dimension> is not used at all: it lies both
    ways (a sheet declaring A1:D3 may hold 10 rows, and all 10 are read; Excel declares
    A1:K1048576 for a sheet whose columns were formatted whole, as RFD's forest table does).
    Text: a shared string is copied into every cell using it, so each use counts against the
    sheet's text budget (a 1 MB string in 3,600 cells is 3.6 GB), and a string past the cell
    cap is refused at the first cell using it; a cell holding its own text (an inline string,
    a formula's text result) is measured the same way, and no text node or cell may run past
    the bytes a text of max_cell_chars characters can take, so nothing long is ever held."""
    lengths, count = _shared_strings(zf, name, limits)
    bound = _xml_bytes_bound(limits)
    cell_bound = bound + (64 << 10)  # a cell's XML: its text and the tags of its rich-text runs
    for info in zf.infolist():
        if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
            continue
        max_row = max_col = 0
        budget = _Text(name, limits)
        last_ref = b"A1"
        carry = b""
        cells: _CellPatterns | None = None
        with zf.open(info) as fh:
            for chunk, long_at in _long_text(itertools.chain(_chunks(fh), [b""]), bound):
                buf = carry + chunk
                if cells is None:
                    root = _ROOT.search(buf)
                    cells = _cell_patterns(root.group(1) or b"" if root else b"")
                cut = _cut(buf, cells) if chunk else len(buf)  # the last (empty) chunk: all that is left
                region, carry = buf[:cut], buf[cut:]
                if len(carry) > cell_bound:  # one cell's XML runs on (a text cut in many runs)
                    ref = _R_ATTR.search(carry, 0, 600)
                    at_row, at_col = _ref_name(ref.group(1) if ref else last_ref)
                    raise budget.too_long(at_row, at_col, f"> {limits.max_cell_chars:,}")
                if refs := cells.refs(region):
                    row, col = _extent(refs)
                    max_row, max_col = max(max_row, row), max(max_col, col)
                    last_ref = refs[-1][0] + refs[-1][1]
                if long_at is not None:
                    before = _R_ATTR.findall(buf, 0, len(buf) - len(chunk) + long_at)
                    at_row, at_col = _ref_name(before[-1] if before else last_ref)
                    raise budget.too_long(at_row, at_col, f"> {limits.max_cell_chars:,}")
                if found := cells.shared(region):
                    uses = [lengths[i] if i < len(lengths) else 0 for i in map(int, found)]
                    if max(uses) > limits.max_cell_chars:
                        _name_long_string(region, lengths, limits, budget, cells)
                    budget.add(sum(uses))
                if b"inlineStr" in region or b't="str"' in region:
                    for m in cells.inline.finditer(region):
                        chars = _inline_chars(m.group(2))
                        if chars > limits.max_cell_chars:
                            ref = _R_ATTR.search(m.group(1))
                            at_row, at_col = _ref_name(ref.group(1) if ref else last_ref)
                            raise budget.too_long(at_row, at_col, chars)
                        budget.add(chars)
        _refuse_cells(name, max_row, max_col, limits)
    _refuse_strings(name, count, limits)


def _refuse_strings(name: str, count: int, limits: Limits) -> None:
    """More distinct strings than a sheet may have cells: each costs memory even unused."""
    if count > limits.max_cells:
        detail = {"count": f"{count:,}", "max": f"{limits.max_cells:,}"}
        raise ReadFailure(Problem(name, None, None, "too_many_strings", detail))


def _name_long_string(region: bytes, lengths: array[int], limits: Limits, budget: _Text, cells: _CellPatterns) -> None:
    """Raise text_too_long at the first cell of `region` using a shared string past the cap."""
    for m in cells.shared_any.finditer(region):
        i = int(m.group(1))
        n = lengths[i] if i < len(lengths) else 0
        if n > limits.max_cell_chars:
            ref = _R_ATTR.search(m.group(0))
            row, col = _ref_name(ref.group(1) if ref else b"")
            raise budget.too_long(row, col, n if n < 0xFFFFFFFF else f"> {limits.max_cell_chars:,}")


def _ods_scan(zf: zipfile.ZipFile, name: str, limits: Limits) -> dict[str, list[Merge]]:
    """Refuse an .ods whose repeated rows/columns of content expand past the caps, or whose
    text is too long or too much; return each sheet's merged ranges (calamine does not report
    them for .ods).

    ODS compresses "the same cell 16,384 times" into one attribute; only repeats that carry
    content count (trailing empty repeats are how every ODS file ends), and a repeated text
    counts once per cell it fills."""
    from xml.etree.ElementTree import iterparse

    tns = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
    vtype = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}value-type"
    merges: dict[str, list[Merge]] = {}
    sheet: list[Merge] = []
    row = rows = width = 0
    budget = _Text(name, limits)
    try:
        with zf.open("content.xml") as fh:  # first: no text node past the bound (iterparse would hold it whole)
            head = fh.read(4096)
            if b"<!DOCTYPE" in head:
                raise ValueError("DTD")
            for _chunk, long_at in _long_text(iter([head, *_chunks(fh)]), _xml_bytes_bound(limits)):
                if long_at is not None:
                    raise budget.too_long(0, "", f"> {limits.max_cell_chars:,}")
        with zf.open("content.xml") as fh:
            for event, el in iterparse(fh, events=("start", "end")):
                if event == "start":
                    if el.tag == f"{tns}table":
                        sheet, row, rows = [], 0, 0
                        budget = _Text(name, limits)
                        merges[el.get(f"{tns}name", "")] = sheet
                    continue
                if el.tag == f"{tns}table-row":
                    col = used = 0
                    rep_rows = int(el.get(f"{tns}number-rows-repeated", "1"))
                    for cell in el:
                        rep = int(cell.get(f"{tns}number-columns-repeated", "1"))
                        across = int(cell.get(f"{tns}number-columns-spanned", "1"))
                        down = int(cell.get(f"{tns}number-rows-spanned", "1"))
                        if across > 1 or down > 1:
                            sheet.append((row + 1, col, row + down, col + across - 1))
                        if len(cell):
                            chars = sum(len(s) for s in cell.itertext())
                            if chars > limits.max_cell_chars:
                                raise budget.too_long(row + 1, column_letter(col), chars)
                            budget.add(chars * rep * rep_rows)
                        col += rep
                        if cell.get(vtype) is not None or len(cell):
                            used = col
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
_BIFF_SST, _BIFF_CONTINUE, _BIFF_LABELSST, _BIFF_LABEL, _BIFF_RSTRING, _BIFF_STRING = (
    0x00FC,
    0x003C,
    0x00FD,
    0x0204,
    0x00D6,
    0x0207,
)


def _sst_lengths(parts: list[bytes]) -> array[int]:
    """Character counts of a BIFF8 shared string table (SST body, then its CONTINUE bodies).

    Each string: character count (2 bytes), flags (1: two-byte characters; 4: an extended
    block follows; 8: rich-text runs follow), run count (2) and extended size (4) when
    flagged, the characters, the runs (4 bytes each) and the extended block. Characters cut
    by a CONTINUE record resume after a new flags byte there."""
    lengths: array[int] = array("I")
    if not parts or len(parts[0]) < 8:
        return lengths
    unique = struct.unpack_from("<I", parts[0], 4)[0]
    rec, off = 0, 8

    def need(n: int) -> None:
        nonlocal rec, off
        while off + n > len(parts[rec]) and off >= len(parts[rec]) and rec + 1 < len(parts):
            rec, off = rec + 1, 0

    def take(n: int) -> bytes:  # bytes that may run over record ends (no flag byte: headers, runs, ext)
        nonlocal rec, off
        out = b""
        while n:
            if off >= len(parts[rec]):
                if rec + 1 >= len(parts):
                    raise ValueError("SST ends early")
                rec, off = rec + 1, 0
            got = parts[rec][off : off + n]
            out, off, n = out + got, off + len(got), n - len(got)
        return out

    for _ in range(unique):
        need(3)
        cch, flags = struct.unpack("<HB", take(3))
        runs = struct.unpack("<H", take(2))[0] if flags & 8 else 0
        ext = struct.unpack("<I", take(4))[0] if flags & 4 else 0
        wide, left = flags & 1, cch
        while left:
            if off >= len(parts[rec]):
                if rec + 1 >= len(parts):
                    raise ValueError("SST ends early")
                rec, off = rec + 1, 0
                wide = parts[rec][0] & 1
                off = 1
                continue
            fit = (len(parts[rec]) - off) // (2 if wide else 1)
            if not fit:
                raise ValueError("SST character split")
            step = min(fit, left)
            off += step * (2 if wide else 1)
            left -= step
        take(4 * runs + ext)
        lengths.append(cch)
    return lengths


def _xls_extent(data: bytes, name: str, limits: Limits) -> None:
    """Refuse an .xls whose cells reach past the caps, or whose text is too long or too much,
    from the workbook stream's records (the reader allocates up to the farthest cell, and
    copies a shared string into every cell using it, as for .xlsx)."""
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
    lengths: array[int] = array("I")
    budget = _Text(name, limits)
    formula_at = (0, 0)
    while pos + 4 <= end:
        kind, size = struct.unpack_from("<HH", book, pos)
        body = pos + 4
        if kind == 0x0809:  # BOF: a new sheet begins
            _refuse_cells(name, max_row, max_col, limits)
            max_row = max_col = 0
            budget = _Text(name, limits)
        elif kind == _BIFF_SST:
            parts = [book[body : body + size]]
            nxt = body + size
            while nxt + 4 <= end and struct.unpack_from("<H", book, nxt)[0] == _BIFF_CONTINUE:
                more = struct.unpack_from("<H", book, nxt + 2)[0]
                parts.append(book[nxt + 4 : nxt + 4 + more])
                nxt += 4 + more
            try:
                lengths = _sst_lengths(parts)
            except (ValueError, struct.error, IndexError) as exc:
                raise ReadFailure(Problem(name, None, None, "corrupt_xlsx", {"reason": str(exc)})) from None
            pos = nxt
            continue
        if (kind in _BIFF_CELLS or kind in _BIFF_MULTI) and size >= 4 and body + size <= end:
            row, col = struct.unpack_from("<HH", book, body)
            if kind == 0x0006:
                formula_at = (row, col)
            if kind in _BIFF_MULTI and size >= 6:
                col = struct.unpack_from("<H", book, body + size - 2)[0]
            max_row, max_col = max(max_row, row + 1), max(max_col, col + 1)
            chars = None
            if kind == _BIFF_LABELSST and size >= 10:
                i = struct.unpack_from("<I", book, body + 6)[0]
                chars = lengths[i] if i < len(lengths) else 0
            elif kind in (_BIFF_LABEL, _BIFF_RSTRING) and size >= 8:
                chars = struct.unpack_from("<H", book, body + 6)[0]
            if chars is not None:
                if chars > limits.max_cell_chars:
                    raise budget.too_long(row + 1, column_letter(col), chars)
                budget.add(chars)
        elif kind == _BIFF_STRING and size >= 2 and body + size <= end:  # a formula's text result
            chars = struct.unpack_from("<H", book, body)[0]
            if chars > limits.max_cell_chars:
                raise budget.too_long(formula_at[0] + 1, column_letter(formula_at[1]), chars)
            budget.add(chars)
        pos = body + size
    _refuse_cells(name, max_row, max_col, limits)
    _refuse_strings(name, len(lengths), limits)


XLSB_BODY = 1 << 20  # a record body past this is skipped unread (no cell record needs more)


def _xlsb_records(fh: IO[bytes]) -> Iterator[tuple[int, bytes | None]]:
    """(record type, body) of an .xlsb part: a 1-2 byte type and a 1-4 byte size, 7 bits each.
    A body longer than XLSB_BODY is skipped and given as None (bounded memory)."""
    chunks = _chunks(fh)
    buf, pos = b"", 0

    def fill(n: int) -> bool:
        nonlocal buf, pos
        while len(buf) - pos < n:
            chunk = next(chunks, b"")
            if not chunk:
                return False
            buf, pos = buf[pos:] + chunk, 0
        return True

    while fill(1):
        fill(6)  # a header is at most 6 bytes (fewer at the end of the part)
        kind = size = 0
        for shift in (0, 7):
            b = buf[pos]
            pos += 1
            kind |= (b & 0x7F) << shift
            if not b & 0x80:
                break
            if pos >= len(buf):
                raise ValueError("record cut")
        for shift in (0, 7, 14, 21):
            if pos >= len(buf):
                raise ValueError("record cut")
            b = buf[pos]
            pos += 1
            size |= (b & 0x7F) << shift
            if not b & 0x80:
                break
        if size > XLSB_BODY:
            while size:
                if pos >= len(buf) and not fill(1):
                    raise ValueError("record cut")
                step = min(size, len(buf) - pos)
                pos, size = pos + step, size - step
            yield kind, None
            continue
        if not fill(size):
            raise ValueError("record cut")
        yield kind, buf[pos : pos + size]
        pos += size


def _xlsb_scan(zf: zipfile.ZipFile, name: str, limits: Limits) -> None:
    """The .xlsx checks for .xlsb: extent from row (BrtRowHdr) and cell records, shared string
    lengths (BrtSSTItem) counted at each cell using them (BrtCellIsst), inline texts
    (BrtCellSt, BrtFmlaString) against the cell cap."""
    lengths: array[int] = array("I")
    count = 0
    try:
        member = next((n for n in zf.namelist() if n.lower() == "xl/sharedstrings.bin"), None)
        if member is not None:
            with zf.open(member) as fh:
                for kind, body in _xlsb_records(fh):
                    if kind == 19:  # BrtSSTItem: flags, then the string's length
                        count += 1
                        if len(lengths) < limits.max_cells:
                            big = body is None or len(body) < 5
                            lengths.append(0xFFFFFFFF if body is None or big else struct.unpack_from("<I", body, 1)[0])
        for info in zf.infolist():
            if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".bin")):
                continue
            max_row = max_col = row = 0
            budget = _Text(name, limits)
            with zf.open(info) as fh:
                for kind, body in _xlsb_records(fh):
                    if body is None:
                        if kind in (6, 8):  # an inline text past the record bound
                            raise budget.too_long(row + 1, "?", f"> {limits.max_cell_chars:,}")
                        continue
                    if kind == 0 and len(body) >= 4:  # BrtRowHdr
                        row = struct.unpack_from("<I", body)[0]
                        continue
                    if not (1 <= kind <= 11 and len(body) >= 8):
                        continue
                    col = struct.unpack_from("<I", body)[0]
                    max_row, max_col = max(max_row, row + 1), max(max_col, col + 1)
                    chars = None
                    if kind == 7 and len(body) >= 12:  # BrtCellIsst
                        i = struct.unpack_from("<I", body, 8)[0]
                        chars = lengths[i] if i < len(lengths) else 0
                    elif kind in (6, 8) and len(body) >= 12:  # BrtCellSt, BrtFmlaString
                        chars = struct.unpack_from("<I", body, 8)[0]
                    if chars is not None:
                        if chars > limits.max_cell_chars:
                            shown = chars if chars < 0xFFFFFFFF else f"> {limits.max_cell_chars:,}"
                            raise budget.too_long(row + 1, column_letter(min(col, 16383)), shown)
                        budget.add(chars)
            _refuse_cells(name, max_row, max_col, limits)
        _refuse_strings(name, count, limits)
    except ReadFailure:
        raise
    except Exception as exc:
        raise ReadFailure(Problem(name, None, None, "corrupt_xlsx", {"reason": type(exc).__name__})) from None


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
            elif fmt == "xlsb":
                _xlsb_scan(zf, name, limits)
            else:
                _xlsx_scan(zf, name, limits)
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


def check_cells(cells: list[Cell], row: int, first: int, name: str, limits: Limits, problems: ProblemList) -> None:
    """Adds the problems of one row of cells (`first`: the column of cells[0]): text too long or
    with a forbidden character, a number that is not finite, a row wider than max_columns."""
    if first + len(cells) > limits.max_columns:
        problems.append(
            Problem(name, row, None, "too_many_columns", {"columns": first + len(cells), "max": limits.max_columns})
        )
        return
    for i, c in enumerate(cells):
        if isinstance(c, str):
            check_text(c, row, first + i, name, limits, problems)
        elif isinstance(c, float) and not math.isfinite(c):
            problems.append(Problem(name, row, column_letter(first + i), "bad_number", {"value": str(c)}))


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
        problems = ProblemList(limits.max_problems)
        for i, values in enumerate(grid):
            vals = [_cell_value(v) for v in values]
            while vals and (vals[-1] is None or (isinstance(vals[-1], str) and not vals[-1].strip())):
                vals.pop()
            if vals:
                number = start[0] + i + 1
                check_cells(vals, number, start[1], name, limits, problems)
                rows.append((number, pad + vals))
        if problems:
            raise ReadFailure(problems)
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
    problems = ProblemList(limits.max_problems)
    for i, r in enumerate(body, start=len(header) + 1):
        cells: list[Cell] = [c if isinstance(c, (str, int, float)) and not isinstance(c, bool) else None for c in r]
        check_cells(cells, i, 0, name, limits, problems)
        rows.append((i, cells))
    if problems:
        raise ReadFailure(problems)
    return Table(name, "json", rows)
