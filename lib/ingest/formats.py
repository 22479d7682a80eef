"""Recognise the layout of a table and turn it into raw records (one per value cell).

Layouts, recognised from the header row's content (the file name is only a hint for Open
SDG's indicator code):
- "long": the project's template — indicator_id, province, year, value, optional dataset,
  disaggregation, source_title, source_url, source_publisher, note, provisional, estimated,
  proxy (a few Thai/English header synonyms accepted).
- "sdmx": SDMX-CSV as the UN SDG global database exports it — REF_AREA, TIME_PERIOD,
  OBS_VALUE, with SERIES/INDICATOR, UNIT_MULT, dimension columns (SEX, AGE, ...) and
  "CODE: label" headers/values.
- "opensdg": Open SDG data files — Year, disaggregation columns, GeoCode, Value.
- "wide": a report table: one row per province, values across columns under one or more
  header rows (years, measures, groups), found below any title rows; the rules are in
  lib.ingest.layout. Total, regional and note rows are skipped.

Nothing here looks at the database: records keep raw cells and where they came from;
lib.ingest resolves indicators, provinces, years and numbers and reports problems.
Disaggregations are read here, in every layout, through the one vocabulary of
lib.core.disaggregation (the template's column, Open SDG's breakdown columns, SDMX
dimensions, a report table's header and block words); one outside it is a problem naming
its row and column. A file gives at most Limits.max_values records (one per value cell):
past that it is refused before more are built.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from lib.core import disaggregation as disagg_vocab
from lib.ingest.cells import is_missing, provisional_year, text
from lib.ingest.layout import Column, Layout, data_rows, detect, is_note, norm
from lib.ingest.provinces import ProvinceMatcher
from lib.ingest.read import DEFAULT_LIMITS, Cell, Limits, Table, column_letter
from lib.ingest.report import Problem, ProblemList


@dataclass(slots=True)
class Record:
    """One value cell with everything needed to load it and to point at it."""

    row: int
    province: Cell
    province_col: str
    year: Cell
    year_row: int
    year_col: str
    value: Cell
    value_col: str
    indicator: str | None = None  # an indicator_id or an SDG code (1.2.1 / C010201)
    indicator_col: str | None = None
    disaggregation: str = ""
    dataset: str | None = None
    source_title: str | None = None
    source_url: str | None = None
    source_publisher: str | None = None
    note: str | None = None
    flags: dict[str, Cell] = field(default_factory=dict)
    denominator: Cell = None  # a derived measure's denominator cell in the same row
    denominator_col: str | None = None
    plus: tuple[tuple[Cell, str], ...] = ()  # cells added to the value: (cell, column label)


@dataclass(frozen=True)
class Choice:
    """What to take from a report table: the measure (`column`, text its header contains), a
    year for tables whose header names none, and a denominator measure of the same table."""

    column: str | None = None
    year: int | None = None
    denominator_column: str | None = None
    rows: tuple[tuple[str, str], ...] = ()  # keep only rows whose label column headed [0] reads [1]
    plus_columns: tuple[str, ...] = ()  # measures added to the chosen one, cell by cell (same year, group)


@dataclass
class Parsed:
    format: str  # long / wide / opensdg / sdmx, suffixed with the file kind (-csv, -xls, -xlsx, -ods ...)
    records: list[Record]
    problems: ProblemList
    skipped: Counter[str] = field(default_factory=Counter)  # empty, total_rows, region_rows, national_rows, note_rows
    layout: Layout | None = None  # a report table's recognised layout (wide tables only)
    measure: str | None = None  # the measure chosen from it


# ---------------------------------------------------------------- headers


def _hkey(cell: Cell) -> str:
    s = text(cell).casefold()
    if ":" in s:  # SDMX-CSV with labels: "REF_AREA: Reference area"
        s = s.split(":", 1)[0]
    return re.sub(r"[\s\-]+", "_", s.strip().strip("*").strip())


LONG_COLUMNS: dict[str, tuple[str, ...]] = {
    "dataset": ("dataset",),
    "indicator_id": ("indicator_id", "indicator", "ตัวชี้วัด", "รหัสตัวชี้วัด"),
    "province": ("province", "province_code", "province_name", "จังหวัด"),
    "year": ("year", "ปี", "ปี_พ.ศ.", "ปี_ค.ศ."),
    "value": ("value", "ค่า", "ค่าตัวชี้วัด"),
    "disaggregation": ("disaggregation",),
    "source_title": ("source_title", "source", "แหล่งข้อมูล"),
    "source_url": ("source_url", "url"),
    "source_publisher": ("source_publisher", "publisher", "หน่วยงาน"),
    "note": ("note", "notes", "หมายเหตุ"),
    "provisional": ("provisional",),
    "estimated": ("estimated",),
    "proxy": ("proxy",),
}
SDMX_REQUIRED = ("ref_area", "time_period", "obs_value")
SDMX_DIMENSIONS = (
    "sex",
    "age",
    "urbanisation",
    "income_wealth_quantile",
    "education_lev",
    "occupation",
    "cust_breakdown",
    "composite_breakdown",
    "disability_status",
    "activity",
    "product",
)
SDMX_TOTAL_CODES = {"", "_t", "_z", "_x"}
OPENSDG_NOT_DISAGG = {
    "year",
    "value",
    "geocode",
    "geo_code",
    "units",
    "series",
    "unit_multiplier",
    "unit_measure",
    "observation_status",
    "obs_status",
    "comment_obs",
    "comment",
    "footnote",
    "source",
    "nature",
    "reporting_type",
    "lower_bound",
    "upper_bound",
    "unit_mult",
    "base_period",
    "time_detail",
}
_FILE_SDG_CODE = re.compile(r"(?:^|[^0-9])(\d{1,2})[-_.]([0-9a-z]{1,2})[-_.](\d{1,2})(?:[^0-9]|$)", re.I)


def _find_columns(header: list[Cell], synonyms: dict[str, tuple[str, ...]]) -> dict[str, int]:
    keys = [_hkey(c) for c in header]
    found: dict[str, int] = {}
    for field_name, names in synonyms.items():
        for i, k in enumerate(keys):
            if k in names:
                found[field_name] = i
                break
    return found


def _col_label(index: int, header: list[Cell]) -> str:
    h = text(header[index]) if index < len(header) else ""
    return f"{column_letter(index)} ({h})" if h else column_letter(index)


def _cell(cells: list[Cell], i: int | None) -> Cell:
    return cells[i] if i is not None and i < len(cells) else None


def _opt(cells: list[Cell], i: int | None) -> str | None:
    if i is None:
        return None
    s = text(_cell(cells, i))
    return s or None


# ---------------------------------------------------------------- detection


def parse(
    table: Table,
    matcher: ProvinceMatcher,
    indicator: str | None = None,
    choice: Choice | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Parsed:
    """Recognise the layout of `table` and return its records (raw cells) and layout problems."""
    choice = choice or Choice()
    suffix = table.kind
    for pos, (_rownum, cells) in enumerate(table.rows[:30]):
        keys = {_hkey(c) for c in cells}
        if sum(k in keys for k in SDMX_REQUIRED) >= 2:
            return _parse_sdmx(table, pos, indicator, suffix, limits)
        long_cols = _find_columns(cells, LONG_COLUMNS)
        core = [c for c in ("indicator_id", "province", "year", "value") if c in long_cols]
        if len(core) >= 3 or {"province", "value"} <= set(core):
            return _parse_long(table, pos, long_cols, indicator, suffix, limits)
        if "year" in keys and "value" in keys:
            return _parse_opensdg(table, pos, indicator, suffix, limits)
    layout = detect(table, matcher)
    if layout is not None and layout.columns:
        return _parse_wide(table, layout, matcher, indicator, choice, suffix, limits)
    if layout is None and any(
        matcher.match(c).kind in ("total", "region")
        for _, cells in table.rows[:200]
        for c in cells
        if isinstance(c, str)
    ):  # a national or regional table: say so, not "layout not recognised"
        return Parsed(
            f"unknown-{suffix}", [], ProblemList(problems=[Problem(table.name, None, None, "no_province_column")])
        )
    return Parsed(f"unknown-{suffix}", [], ProblemList(problems=[Problem(table.name, None, None, "unknown_format")]))


def _missing(table: Table, rownum: int, names: list[str]) -> Problem:
    return Problem(table.name, rownum, None, "missing_columns", {"columns": names})


def _full(out: Parsed, table: Table, limits: Limits) -> bool:
    """True (and the file refused, its records dropped) once it has given max_values records."""
    if len(out.records) < limits.max_values:
        return False
    out.records.clear()
    out.problems.append(Problem(table.name, None, None, "too_many_values", {"max": f"{limits.max_values:,}"}))
    return True


def _bad_disaggregation(table: Table, row: int, column: str, exc: disagg_vocab.DisaggregationError) -> Problem:
    return Problem(
        table.name, row, column, "bad_disaggregation", {"value": exc.value, "accepted": disagg_vocab.ACCEPTED}
    )


# ---------------------------------------------------------------- long (the template)


def _parse_long(
    table: Table, pos: int, cols: dict[str, int], indicator: str | None, suffix: str, limits: Limits
) -> Parsed:
    hrow, header = table.rows[pos]
    need = ["province", "year", "value"] + ([] if indicator else ["indicator_id"])
    missing = [n for n in need if n not in cols]
    if missing:
        return Parsed(f"long-{suffix}", [], ProblemList(problems=[_missing(table, hrow, missing)]))
    lab = {f: _col_label(i, header) for f, i in cols.items()}
    out = Parsed(f"long-{suffix}", [], ProblemList(limits.max_problems))
    for rownum, cells in table.rows[pos + 1 :]:
        value = _cell(cells, cols["value"])
        if is_missing(value):
            out.skipped["empty"] += 1
            continue
        ind = _opt(cells, cols.get("indicator_id")) or indicator
        try:
            disagg = disagg_vocab.parse(_opt(cells, cols.get("disaggregation")) or "")
        except disagg_vocab.DisaggregationError as exc:
            out.problems.append(_bad_disaggregation(table, rownum, lab["disaggregation"], exc))
            continue
        if _full(out, table, limits):
            return out
        out.records.append(
            Record(
                row=rownum,
                province=_cell(cells, cols["province"]),
                province_col=lab["province"],
                year=_cell(cells, cols["year"]),
                year_row=rownum,
                year_col=lab["year"],
                value=value,
                value_col=lab["value"],
                indicator=ind,
                indicator_col=lab.get("indicator_id"),
                disaggregation=disagg,
                dataset=_opt(cells, cols.get("dataset")),
                source_title=_opt(cells, cols.get("source_title")),
                source_url=_opt(cells, cols.get("source_url")),
                source_publisher=_opt(cells, cols.get("source_publisher")),
                note=_opt(cells, cols.get("note")),
                flags={f: _cell(cells, cols[f]) for f in ("provisional", "estimated", "proxy") if f in cols},
            )
        )
    return out


# ---------------------------------------------------------------- Open SDG


def _file_sdg_code(name: str) -> str | None:
    m = _FILE_SDG_CODE.search(name.rsplit("/", 1)[-1])
    return f"{int(m.group(1))}.{m.group(2).lower().lstrip('0') or '0'}.{int(m.group(3))}" if m else None


def _parse_opensdg(table: Table, pos: int, indicator: str | None, suffix: str, limits: Limits) -> Parsed:
    hrow, header = table.rows[pos]
    keys = [_hkey(c) for c in header]
    idx = {k: i for i, k in reversed(list(enumerate(keys)))}
    geo = idx.get("geocode", idx.get("geo_code"))
    if geo is None:
        return Parsed(f"opensdg-{suffix}", [], ProblemList(problems=[_missing(table, hrow, ["GeoCode"])]))
    ind_ref, ind_col = indicator, None
    if ind_ref is None:
        ind_ref, ind_col = _file_sdg_code(table.name), "(file name)"
    data = table.rows[pos + 1 :]
    disagg = [i for i, k in enumerate(keys) if k and k not in OPENSDG_NOT_DISAGG]
    for extra in ("units", "series"):  # part of the key only when the file mixes several
        if extra in idx and len({text(_cell(c, idx[extra])) for _, c in data}) > 1:
            disagg.append(idx[extra])
    out = Parsed(f"opensdg-{suffix}", [], ProblemList(limits.max_problems))
    if ind_ref is None:
        out.problems.append(Problem(table.name, None, None, "need_indicator"))
        return out

    def lab(i: int) -> str:
        return _col_label(i, header)

    for rownum, cells in data:
        value = _cell(cells, idx["value"])
        geo_cell = text(_cell(cells, geo))
        if not geo_cell:
            out.skipped["national_rows"] += 1
            continue
        if is_missing(value):
            out.skipped["empty"] += 1
            continue
        try:
            where = lab(disagg[0]) if disagg else ""
            parts = []
            for i in disagg:
                if text(_cell(cells, i)):
                    where = lab(i)
                    parts.append(disagg_vocab.pair(keys[i], text(_cell(cells, i))))
            disaggregation = disagg_vocab.combine(parts)
        except disagg_vocab.DisaggregationError as exc:
            out.problems.append(_bad_disaggregation(table, rownum, where, exc))
            continue
        if _full(out, table, limits):
            return out
        out.records.append(
            Record(
                row=rownum,
                province=geo_cell,
                province_col=lab(geo),
                year=_cell(cells, idx["year"]),
                year_row=rownum,
                year_col=lab(idx["year"]),
                value=value,
                value_col=lab(idx["value"]),
                indicator=ind_ref,
                indicator_col=ind_col,
                disaggregation=disaggregation,
                note=_opt(cells, idx.get("comment_obs")),
            )
        )
    return out


# ---------------------------------------------------------------- SDMX-CSV


def _code(cell: Cell) -> str:
    s = text(cell)
    return s.split(": ", 1)[0].strip() if ": " in s else s


def _parse_sdmx(table: Table, pos: int, indicator: str | None, suffix: str, limits: Limits) -> Parsed:
    hrow, header = table.rows[pos]
    keys = [_hkey(c) for c in header]
    idx = {k: i for i, k in reversed(list(enumerate(keys)))}
    missing = [k.upper() for k in SDMX_REQUIRED if k not in idx]
    if missing:
        return Parsed(f"sdmx-{suffix}", [], ProblemList(problems=[_missing(table, hrow, missing)]))
    ind_i = idx.get("indicator")
    series_i = idx.get("series")
    out = Parsed(f"sdmx-{suffix}", [], ProblemList(limits.max_problems))
    if indicator is None and ind_i is None and series_i is None:
        out.problems.append(Problem(table.name, hrow, None, "need_indicator"))
        return out

    def lab(i: int) -> str:
        return _col_label(i, header)

    dims = [idx[d] for d in SDMX_DIMENSIONS if d in idx]
    mult_i = idx.get("unit_mult")
    for rownum, cells in table.rows[pos + 1 :]:
        value = _cell(cells, idx["obs_value"])
        area = _code(_cell(cells, idx["ref_area"]))
        key_area = area.casefold()
        if not area or key_area in ("th", "tha", "764"):
            out.skipped["national_rows"] += 1
            continue
        if is_missing(value):
            out.skipped["empty"] += 1
            continue
        if mult_i is not None and _code(_cell(cells, mult_i)) not in ("", "0"):
            out.problems.append(
                Problem(table.name, rownum, lab(mult_i), "unit_mult", {"value": _code(_cell(cells, mult_i))})
            )
            continue
        if indicator:
            ind_ref, ind_col = indicator, None
        elif ind_i is not None and _code(_cell(cells, ind_i)):
            ind_ref, ind_col = _code(_cell(cells, ind_i)), lab(ind_i)
        else:
            ind_ref, ind_col = _code(_cell(cells, series_i)), lab(series_i) if series_i is not None else None
        try:
            parts, where = [], ""
            for i in dims:
                v = _code(_cell(cells, i))
                if v.casefold() not in SDMX_TOTAL_CODES:
                    where = lab(i)
                    parts.append(disagg_vocab.pair(keys[i], v))
            disaggregation = disagg_vocab.combine(parts)
        except disagg_vocab.DisaggregationError as exc:
            out.problems.append(_bad_disaggregation(table, rownum, where, exc))
            continue
        if _full(out, table, limits):
            return out
        out.records.append(
            Record(
                row=rownum,
                province=area,
                province_col=lab(idx["ref_area"]),
                year=_code(_cell(cells, idx["time_period"])),
                year_row=rownum,
                year_col=lab(idx["time_period"]),
                value=value,
                value_col=lab(idx["obs_value"]),
                indicator=ind_ref,
                indicator_col=ind_col,
                disaggregation=disaggregation,
                source_title=_opt(cells, idx.get("source_detail")),
                note=_opt(cells, idx.get("comment_obs")),
            )
        )
    return out


# ---------------------------------------------------------------- wide (report) tables


def _parse_wide(
    table: Table,
    layout: Layout,
    matcher: ProvinceMatcher,
    indicator: str | None,
    choice: Choice,
    suffix: str,
    limits: Limits,
) -> Parsed:
    """Records of the chosen measure of a report table (see lib.ingest.layout)."""
    out = Parsed(f"wide-{suffix}", [], ProblemList(limits.max_problems), layout=layout)
    hrow = layout.header_rows[-1] if layout.header_rows else layout.first_data_row
    if indicator is None and layout.indicator_col is None:
        out.problems.append(Problem(table.name, hrow, None, "need_indicator"))
        return out
    columns, problem, measure = layout.choose(choice.column)
    if problem is not None:
        out.problems.append(Problem(table.name, hrow, problem.column, problem.code, problem.detail))
        return out
    out.measure = measure
    plab = column_letter(layout.province_col)
    if layout.header_rows:
        head = text(_cell(dict(table.rows).get(layout.header_rows[-1], []), layout.province_col))
        plab = f"{plab} ({head})" if head else plab
    undated = [c for c in columns if c.year is None]
    if undated and choice.year is None and layout.year_col is None:
        for c in undated:
            out.problems.append(Problem(table.name, hrow, c.label, "no_year_in_header"))
        return out

    def partner(measure: str) -> dict[int, Column] | None:
        """For each chosen column, the column of `measure` with the same year and group."""
        cols, problem, _ = layout.choose(measure)
        if problem is not None:
            out.problems.append(Problem(table.name, hrow, problem.column, problem.code, problem.detail))
            return None
        by_key = {(c.year, c.disaggregation): c for c in cols}
        found: dict[int, Column] = {}
        for c in columns:
            d = by_key.get((c.year, c.disaggregation))
            if d is None:
                out.problems.append(Problem(table.name, hrow, c.label, "no_denominator_column"))
                return None
            found[c.index] = d
        return found

    denominators: dict[int, Column] = {}
    if choice.denominator_column is not None:
        den_map = partner(choice.denominator_column)
        if den_map is None:
            return out
        denominators = den_map
    plus: list[dict[int, Column]] = []
    for measure in choice.plus_columns:
        more = partner(measure)
        if more is None:
            return out
        plus.append(more)
    keep: list[tuple[int, str]] = []
    for head, want in choice.rows:
        headers = {**{c.index: c.measure for c in layout.columns}, **layout.label_headers}  # any headed column
        col = next((c for c, h in headers.items() if norm(h) == norm(head)), None)
        if col is None:
            detail = {"value": head, "candidates": [f"“{h}”" for h in headers.values() if h]}
            out.problems.append(Problem(table.name, hrow, None, "no_such_column", detail))
            return out
        keep.append((col, norm(want)))
    ylab = None
    if layout.year_col is not None:
        yhead = layout.label_headers.get(layout.year_col, "")
        ylab = f"{column_letter(layout.year_col)} ({yhead})" if yhead else column_letter(layout.year_col)
    for row in data_rows(table, layout, matcher):
        if keep and any(norm(text(_cell(row.cells, c))) != want for c, want in keep):
            out.skipped["filtered_rows"] += 1
            continue
        values = {c.index: _cell(row.cells, c.index) for c in columns}
        has_values = any(not is_missing(v) for v in values.values())
        if row.match.kind == "total":
            out.skipped["total_rows"] += 1
            continue
        if row.match.kind == "region":
            out.skipped["region_rows"] += 1
            continue
        if row.match.kind == "unknown":
            if not has_values or is_note(row.label):  # a note, source line or blank separator row
                out.skipped["note_rows"] += 1
            elif not text(row.label):
                out.problems.append(Problem(table.name, row.number, plab, "missing_province"))
            else:
                out.problems.append(
                    Problem(table.name, row.number, plab, "unknown_province", {"value": text(row.label)})
                )
            continue
        row_ind = _opt(row.cells, layout.indicator_col) or indicator
        row_year = _cell(row.cells, layout.year_col) if layout.year_col is not None else None
        for c in columns:
            v = values[c.index]
            if is_missing(v):
                out.skipped["empty"] += 1
                continue
            try:  # a block label and a header both saying sex must agree
                disagg = disagg_vocab.combine([row.disaggregation, c.disaggregation])
            except disagg_vocab.DisaggregationError as exc:
                out.problems.append(_bad_disaggregation(table, row.number, c.label, exc))
                continue
            if _full(out, table, limits):
                return out
            den = denominators.get(c.index)
            out.records.append(
                Record(
                    row=row.number,
                    province=row.label,
                    province_col=plab,
                    year=c.year if c.year is not None else row_year if ylab else choice.year,
                    year_row=c.year_row if c.year_row is not None else row.number,
                    year_col=c.label if c.year is not None else ylab or "year",
                    value=v,
                    value_col=c.label,
                    indicator=row_ind,
                    indicator_col=column_letter(layout.indicator_col) if layout.indicator_col is not None else None,
                    disaggregation=disagg,
                    denominator=_cell(row.cells, den.index) if den is not None else None,
                    denominator_col=den.label if den is not None else None,
                    plus=tuple((_cell(row.cells, m[c.index].index), m[c.index].label) for m in plus),
                    flags={"provisional": "true"} if provisional_year(c.year) else {},
                )
            )
    return out
