"""Recognise a report table as ministries send it, and turn the chosen measure into records.

A "report table" has provinces in rows and values across columns, under one or more
header rows. What is recognised, in order:

1. The province column: the column whose cells name the most provinces (leftmost on ties).
2. The first data row: the first row naming a province, moved up over whole-kingdom and
   region rows directly above it ("ทั่วประเทศ" before the provinces).
3. The header rows: the rows directly above the first data row, with no blank row between
   (the empty lower half of a header merged over two rows is not a gap), up to 6; a title
   line (one long text, "ตารางที่ …" / "Table …", or a lone text merged across the table)
   ends them.
4. Merged cells: inside the header, a merged cell's text fills its whole range; below it,
   a vertically merged label fills down its column (a sex or region named once per block),
   and a text merged across value cells ("ไม่มีพื้นที่ป่าไม้", no forest) is said for each of
   them. Numbers merged across cells (spacer columns) fill nothing.
5. Spanning headers: in every header row but the last, a label also covers the empty
   cells to its right up to the next label (a year written once above three measures).
6. Value columns: columns right of the labels whose province rows are mostly numbers and
   that have a header. Columns without a header (a field dictionary placed beside the
   table, notes) are ignored.
7. Each value column's header parts (top to bottom) give its year (a part that is a year:
   2549, "พ.ศ. 2549", "FY2023"), its disaggregation (a part that is a sex or area word of
   lib.core.disaggregation.WORDS: ชาย / หญิง / male / female, เขตเมือง / ในเขตเทศบาล /
   urban, ชนบท / นอกเขตเทศบาล / rural; "รวม" / "total" is the total) and its measure: the
   other parts, joined by " / ".
   The unit is the measure's last parenthesised text ("(ร้อยละ)", "(พันคน)").
8. Block labels: the text columns left of the values other than the province column are
   carried down to the rows below them until the next label; a sex or area word there is
   a disaggregation (sex=M / sex=F), a region name only groups rows.
   A column of years left of the values, repeating down the rows (a long table: one row per
   province and year), gives each row its year instead.
9. Rows: a province row gives one record per chosen value cell; whole-kingdom, sex-total
   ("รวมหญิง") and region rows are skipped and counted; blank rows, source lines and
   footnotes ("ที่มา", "หมายเหตุ", "*") are skipped as notes; any other label with values
   is an unknown province (a problem naming row and column).

Choosing: a table with one measure loads it; with several, `column` (text the measure's
header contains, case and spaces ignored) picks one; without it the table is refused
with the candidates listed (lib.ingest.report codes choose_column / no_such_column /
ambiguous_column).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

from lib.core import disaggregation as disagg_vocab
from lib.ingest.cells import is_missing, parse_number, parse_year, text
from lib.ingest.provinces import Match, ProvinceMatcher, clean, key
from lib.ingest.read import Cell, Table, column_letter
from lib.ingest.report import Problem

MAX_HEADER_ROWS = 6
SAMPLE_ROWS = 400  # rows looked at to find the province column
# Header words that only say "the years are below": not part of a measure's name.
YEAR_WORDS = {"ปี", "พศ", "ปีพศ", "คศ", "ปีคศ", "ปีงบประมาณ", "year", "years", "fiscalyear", "fy"}
_WORD_KEY = re.compile(r"[\s.()\[\]]+")
_TITLE = re.compile(r"^(ตารางที่|ตาราง\s|table\s)", re.I)
_NOTE = re.compile(r"^(ที่มา|แหล่งที่มา|หมายเหตุ|หมายเหต|source|note|\*|\[|หน่วย\s*:|unit\s*:)", re.I)
_UNIT_LINE = re.compile(r"^(หน่วย\s*:|unit\s*:)", re.I)  # "หน่วย : ไร่ Unit : rai" above a table
_UNIT = re.compile(r"\(([^()]*)\)\s*$")
INDICATOR_HEADERS = {"indicator_id", "indicator", "ตัวชี้วัด", "รหัสตัวชี้วัด"}
_HEADER_WORDS = re.compile(r"(/|จังหวัด|province|เพศ)", re.I)


def word_key(cell: Cell) -> str:
    return _WORD_KEY.sub("", clean(cell).casefold()) if cell is not None else ""


def disaggregation_of(cell: Cell) -> str | None:
    """The key=value a header or block label means, "" for a total word, None when it is not one
    (the words are lib.core.disaggregation.WORDS)."""
    return disagg_vocab.word(clean(cell)) if cell is not None else None


def _is_number(cell: Cell) -> bool:
    if isinstance(cell, bool) or is_missing(cell):
        return False
    return parse_number(cell) is not None


def norm(s: str) -> str:
    """Header text compared ignoring case and spaces (how --column and recipes match)."""
    return re.sub(r"\s+", "", clean(s).casefold())


@dataclass(frozen=True)
class Column:
    """A value column and what its header says."""

    index: int
    parts: tuple[str, ...]  # header texts, top row first
    year: Cell  # the year as written, None when the header names none
    year_row: int | None
    measure: str  # the header without year and disaggregation words
    disaggregation: str

    @property
    def letter(self) -> str:
        return column_letter(self.index)

    @property
    def label(self) -> str:
        """ "D (2549 / สัดส่วนคนจน(ร้อยละ))": how problems and the wizard name the column."""
        return f"{self.letter} ({' / '.join(self.parts)})" if self.parts else self.letter

    @property
    def unit(self) -> str | None:
        m = _UNIT.search(self.measure)
        return m.group(1).strip() or None if m else None


@dataclass
class Layout:
    """Where a report table's parts are (rows as the user sees them, columns from 0)."""

    header_rows: list[int]
    first_data_row: int
    province_col: int
    block_cols: list[int]
    indicator_col: int | None
    columns: list[Column]
    title: str = ""
    year_col: int | None = None  # a column of years: one row per province and year (long tables)
    label_headers: dict[int, str] = field(default_factory=dict)  # header text of label columns

    @property
    def measures(self) -> list[str]:
        """Distinct measures, in column order."""
        return list(dict.fromkeys(c.measure for c in self.columns))

    def signature(self) -> list[str]:
        """The header as "letter: text" lines, years written as {year}: what a recipe pins."""
        lines = [f"{column_letter(self.province_col)}: <province>"]
        if self.year_col is not None:
            lines.append(f"{column_letter(self.year_col)}: <year>")
        lines += [f"{column_letter(c)}: <block>" for c in self.block_cols]
        for c in self.columns:
            parts = ["{year}" if p == text(c.year) else p for p in c.parts]  # "2549", "ปี 2550": one layout
            lines.append(f"{c.letter}: {' / '.join(parts)}")
        return lines

    def fingerprint(self) -> str:
        """A short hash of signature(): files of the same layout share it, whatever their years."""
        text = "\n".join(norm(s) for s in self.signature())
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def choose(self, column: str | None) -> tuple[list[Column], Problem | None, str]:
        """The value columns of the measure `column` names (see the module docstring)."""
        measures = self.measures
        if column is None:
            if len(measures) > 1:
                return [], Problem("", None, "--column", "choose_column", {"candidates": _quoted(measures)}), ""
            return list(self.columns), None, measures[0] if measures else ""
        want = norm(column)
        hits = [m for m in measures if want in norm(m)]
        if len({norm(m) for m in hits}) > 1:
            exact = [m for m in hits if norm(m) == want]
            hits = exact or hits
        if not hits:
            detail = {"value": column, "candidates": _quoted(measures)}
            return [], Problem("", None, "--column", "no_such_column", detail), ""
        if len(set(hits)) > 1:
            detail = {"value": column, "candidates": _quoted(hits)}
            return [], Problem("", None, "--column", "ambiguous_column", detail), ""
        return [c for c in self.columns if c.measure == hits[0]], None, hits[0]


def _quoted(items: list[str]) -> list[str]:
    return [f"“{m}”" if m else "“”" for m in items]


@dataclass
class Grid:
    """The table's cells by (row number, column), with merges filled as described above."""

    rows: list[tuple[int, list[Cell]]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.at: dict[int, list[Cell]] = {n: list(c) for n, c in self.rows}

    def get(self, row: int, col: int) -> Cell:
        cells = self.at.get(row)
        return cells[col] if cells is not None and col < len(cells) else None

    def put(self, row: int, col: int, value: Cell) -> None:
        cells = self.at.setdefault(row, [])
        if len(cells) <= col:
            cells.extend([None] * (col + 1 - len(cells)))
        cells[col] = value


def _province_column(grid: Grid, matcher: ProvinceMatcher) -> tuple[int, int] | None:
    """(column, hits) of the column naming the most provinces."""
    hits: Counter[int] = Counter()
    for _, cells in grid.rows[:SAMPLE_ROWS]:
        for i, c in enumerate(cells):
            if isinstance(c, str) and c.strip() and matcher.match(c).kind == "province":
                hits[i] += 1
    if not hits:
        return None
    col = min(hits, key=lambda i: (-hits[i], i))
    return col, hits[col]


def _is_title(cells: list[Cell]) -> bool:
    filled = [c for c in cells if text(c)]
    if len(filled) != 1:
        return False
    s = text(filled[0])
    return bool(_TITLE.match(s)) or (len(s) > 40 and not _is_number(filled[0]))


def detect(table: Table, matcher: ProvinceMatcher) -> Layout | None:
    """The layout of a report table, or None when no column names provinces."""
    grid = Grid(table.rows, table.merges)
    found = _province_column(grid, matcher)
    if found is None:
        return None
    pcol, _ = found
    numbers = [n for n, _ in table.rows]
    kinds = {n: matcher.match(grid.get(n, pcol)) for n in numbers}
    for n in numbers[: SAMPLE_ROWS * 3]:  # a subtotal labelled in another column ("ภาคเหนือ" in column A)
        if not text(grid.get(n, pcol)):
            other = {matcher.match(c).kind for c in grid.at[n] if isinstance(c, str) and c.strip()}
            kinds[n] = next((Match(k) for k in ("total", "region") if k in other), kinds[n])
    first_i = next(i for i, n in enumerate(numbers) if kinds[n].kind == "province")
    while first_i > 0:  # kingdom / region rows just above the first province belong to the data
        n = numbers[first_i - 1]
        label = " ".join(text(c) for c in grid.at[n] if isinstance(c, str))
        if kinds[n].kind not in ("total", "region") or _HEADER_WORDS.search(label) or numbers[first_i] - n != 1:
            break
        if not any(_is_number(c) for i, c in enumerate(grid.at[n]) if i > pcol):
            break
        first_i -= 1
    first = numbers[first_i]
    header: list[int] = []
    expect = first - 1
    merged_rows = {r for r0, _c0, r1, _c1 in table.merges for r in range(r0 + 1, r1 + 1)}
    # a lone text merged across the table's width is a title, however short
    banners = {(r0, c0) for r0, c0, r1, c1 in table.merges if r0 == r1 and c1 - c0 >= 3}
    for n in reversed(numbers[:first_i]):
        texts = [i for i, c in enumerate(grid.at[n]) if text(c)]
        if len(texts) == 1 and (n, texts[0]) in banners:
            break
        # rows between n and the one expected that are only the lower part of merged cells
        # (a header merged over two rows leaves the second row empty) do not break the band
        gap_merged = all(r in merged_rows for r in range(n + 1, expect + 1))
        if (n != expect and not gap_merged) or len(header) >= MAX_HEADER_ROWS or _is_title(grid.at[n]):
            break
        header.insert(0, n)
        expect = n - 1
    title = next((text(c) for n in numbers[:first_i] if n not in header for c in grid.at[n] if text(c)), "")

    # merges: fill header ranges entirely, data ranges down their first column only
    hset = set(header)
    for r0, c0, r1, c1 in table.merges:
        v = grid.get(r0, c0)
        if v is None or v == "":
            continue
        for r in range(r0, r1 + 1):
            if r in hset:
                for c in range(c0, c1 + 1):
                    if grid.get(r, c) in (None, ""):
                        grid.put(r, c, v)
            elif r > r0 and r >= first:
                grid.put(r, c0, v)

    data = [n for n in numbers if n >= first]
    width = max((len(grid.at[n]) for n in data), default=0)
    # columns are classified on a sample of province rows (the first SAMPLE_ROWS): enough to
    # tell numbers from text, and a 10,000-row register file is not scanned 13 times over
    prov_rows = [n for n in data if kinds[n].kind == "province"][:SAMPLE_ROWS]

    def numeric_share(col: int) -> tuple[int, int]:
        vals = [grid.get(n, col) for n in prov_rows]
        filled = [v for v in vals if text(v)]
        return sum(_is_number(v) for v in filled), len(filled)

    def years_share(col: int) -> bool:
        vals = [grid.get(n, col) for n in prov_rows]
        filled = [v for v in vals if text(v)]
        years = [parse_year(v) for v in filled]
        ok = [y for y in years if y is not None and 1900 <= y <= 2700]
        return bool(filled) and len(ok) >= 0.9 * len(filled) and len(set(ok)) < len(ok)

    value_cols: list[int] = []
    text_cols: list[int] = []
    year_col: int | None = None
    for col in range(width):
        if col == pcol:
            continue
        if year_col is None and years_share(col):  # years repeating down a column: a long table
            year_col = col
            continue
        num, filled = numeric_share(col)
        if num and num >= 0.5 * filled:
            value_cols.append(col)
        elif filled:
            text_cols.append(col)
    # header parts per value column, with spanning labels carried right
    parts: dict[int, list[tuple[int, str, Cell]]] = {c: [] for c in value_cols}
    lowest = header[-1] if header else None
    vset = set(value_cols)
    for h in header:
        carried: Cell = None
        cells = grid.at.get(h, [])
        for col in range(width):
            v = cells[col] if col < len(cells) else None
            if text(v):
                carried = v if col in vset else None  # a label column's header spans no values
            elif h == lowest:
                carried = None
            cell = carried if h != lowest else v
            if col in parts and text(cell) and word_key(cell) not in YEAR_WORDS and not _UNIT_LINE.match(text(cell)):
                parts[col].append((h, text(cell), cell))
    # label columns: text left of the first value column that has a header (a numbered
    # index column without one, or a side table to the right, is neither label nor value)
    headed = [c for c in value_cols if parts[c]]
    label_cols = [c for c in text_cols if not headed or c < headed[0]]
    columns: list[Column] = []
    ind_col = None
    for col in label_cols:
        if any(word_key(grid.get(h, col)) in INDICATOR_HEADERS for h in header):
            ind_col = col
    for col in value_cols:
        ps = parts[col]
        if not ps:
            continue  # a column without a header: a side table or a note, not data
        year: Cell = None
        year_row: int | None = None
        disagg = ""
        measure: list[str] = []
        totals: list[str] = []
        for h, s, cell in ps:
            if year is None and parse_year(cell) is not None:
                year, year_row = cell, h
            elif (d := disaggregation_of(s)) is not None:
                disagg = d or disagg
                if not d:
                    totals.append(s)
            elif not measure or measure[-1] != s:
                measure.append(s)
        measure = measure or totals[:1]  # a column headed only "total" is the measure "total"
        shown = tuple(dict.fromkeys(s for _, s, _ in ps))
        columns.append(Column(col, shown, year, year_row, " / ".join(measure), disagg))
    blocks = [c for c in label_cols if c != ind_col]
    heads = {
        c: " / ".join(dict.fromkeys(text(grid.get(h, c)) for h in header if text(grid.get(h, c))))
        for c in [pcol, *label_cols, *([year_col] if year_col is not None else [])]
    }
    return Layout(header, first, pcol, blocks, ind_col, columns, title, year_col, heads)


@dataclass
class Row:
    """A data row as the layout reads it."""

    number: int
    label: Cell
    match: Match
    disaggregation: str
    cells: list[Cell]


def data_rows(table: Table, layout: Layout, matcher: ProvinceMatcher) -> list[Row]:
    """Every row from the first data row down, with block labels carried into it."""
    grid = Grid(table.rows, table.merges)
    value_cols = {c.index for c in layout.columns}
    for r0, c0, r1, c1 in table.merges:
        v = grid.get(r0, c0)
        if v in (None, ""):
            continue
        if r1 > r0 and c0 in layout.block_cols + [layout.province_col]:  # labels merged down a block
            for r in range(max(r0 + 1, layout.first_data_row), r1 + 1):
                grid.put(r, c0, v)
        if c1 > c0 and r0 >= layout.first_data_row and isinstance(v, str) and c0 in value_cols:
            for c in range(c0 + 1, c1 + 1):  # a word across value cells ("ไม่มีพื้นที่ป่าไม้") says it for each
                grid.put(r0, c, v)
    carried: dict[int, str] = {}
    values = {c.index for c in layout.columns}
    out: list[Row] = []
    for n, _ in table.rows:
        if n < layout.first_data_row:
            continue
        cells = grid.at[n]
        for col in layout.block_cols:
            v = grid.get(n, col)
            if text(v):
                d = disaggregation_of(v)
                carried[col] = d if d is not None else ""
        disagg = ";".join(sorted(d for d in carried.values() if d))
        label = grid.get(n, layout.province_col)
        m = matcher.match(label)
        if not text(label):  # a subtotal row labelled in another column ("ทั่วประเทศ" in column B)
            kinds = {matcher.match(c).kind for i, c in enumerate(cells) if i not in values and isinstance(c, str)}
            m = next((Match(k) for k in ("total", "region") if k in kinds), m)
        if m.kind == "unknown" and text(label):
            # "รวมหญิง", "ชาย รวม": a total by sex is still a total
            stripped = key(label)
            for w in ("ชาย", "หญิง", "male", "female"):
                stripped = stripped.replace(w, "")
            if stripped and matcher.match(stripped).kind in ("total", "region"):
                m = Match("total")
        out.append(Row(n, label, m, disagg, cells))
    return out


def is_note(label: Cell) -> bool:
    return bool(_NOTE.match(text(label)))


@dataclass(frozen=True)
class Expect:
    """The layout a recipe was made for (see lib.ingest.recipe)."""

    recipe: str
    header_rows: tuple[int, ...]
    signature: tuple[str, ...]


def differences(layout: Layout | None, expect: Expect) -> list[str]:
    """How a file's layout differs from the one its recipe pins; empty when it matches.

    Language-neutral: "header rows 5-6 → 7-8", "E: “a” → “b”", "+ G: “c”" (new), "− F: “d”" (gone)."""
    if layout is None:
        return ["no table with provinces in rows"]
    out: list[str] = []
    if tuple(layout.header_rows) != expect.header_rows:
        out.append(f"header rows {_span(expect.header_rows)} → {_span(tuple(layout.header_rows))}")
    want = {line.split(":", 1)[0]: line for line in expect.signature}
    have = {line.split(":", 1)[0]: line for line in layout.signature()}
    for col in sorted(set(want) | set(have), key=lambda c: (len(c), c)):
        a, b = want.get(col), have.get(col)
        if a is not None and b is not None and norm(a) != norm(b):
            out.append(f"{col}: “{a.split(':', 1)[1].strip()}” → “{b.split(':', 1)[1].strip()}”")
        elif b is None and a is not None:
            out.append(f"− {a}")
        elif a is None and b is not None:
            out.append(f"+ {b}")
    return out


def _span(rows: tuple[int, ...]) -> str:
    if not rows:
        return "-"
    return str(rows[0]) if len(rows) == 1 else f"{rows[0]}-{rows[-1]}"
