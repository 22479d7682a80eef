"""Load ministry figures into the database (the command line is lib.ingest.cli).

Two steps, both usable without Streamlit:
- prepare(data, name, options) reads the file (lib.ingest.read), recognises its layout
  (lib.ingest.formats), resolves provinces (lib.ingest.provinces), indicators and years,
  checks every value and returns the parsed rows and every Problem. All-or-nothing: any
  problem rejects the whole file.
- load(prepared) applies the rows atomically (lib.store.imports, where the importer's SQL
  lives): under lib.store.db.writer_lock the database file is copied to a temporary file next
  to it (lib.store.db.staged), the changes are made there in one transaction (rows added,
  values replaced with the old value kept in observation_history, one import_log row),
  checkpointed, closed and swapped in with lib.store.db.atomic_replace. A killed import
  leaves the database as it was; the running app sees the new file's signature.

Rules:
- Years. --year-format be subtracts 543, ce takes years as written. auto (default): a year
  >= 2400 is B.E., <= 2100 is C.E., 2101-2399 is an error; a file using both eras is an
  error naming the rows of the less used era. After conversion a year must lie in
  1990 .. current year + 1.
- Indicators: an indicator_id of the catalogue, or an SDG code ("1.2.1", SDMX "C010201")
  that exactly one catalogue indicator carries.
- Values: see lib.ingest.formats.parse_number; "-", "n.a.", "..", "" and similar are no
  value (counted as empty, not an error). A value outside the indicator's
  plausible_min..plausible_max is an error. The same key twice with different values is an
  error; twice with the same value is loaded once.
- A value equal to the stored one (within 1e-9 relative) counts as unchanged and is left
  alone (its source too); a different value replaces it.
- Whole-kingdom and regional rows are skipped and counted (build does not carry
  national_observation rows of imports over, so they are not loaded).
- Imports go to datasets of kind 'ministry' only (default "ministry", created on first use).
- Sources: rows without source columns share one new source "import-<n>" ("Uploaded file
  <name>", publisher: the file's source_publisher, else --user, else "Ministry submission",
  url NULL); rows naming a source_url/source_title get one source per distinct source,
  "import-<n>-<k>".
- import_log.imported_at is UTC.
- Caps (lib.ingest.read.Limits, the one place they are set): what read refuses (size, rows,
  cells, columns, text per cell and per sheet, zip bombs), at most max_values values per
  file, labels (indicator, province, year, value, dataset, disaggregation, flags, source
  title and publisher) at most max_label_chars characters, notes and links max_cell_chars.
  Problems: the first max_problems in listing order are kept in `Prepared.problems`, the
  rest counted in `Prepared.more_problems` (report.ProblemList), so a file bad in every
  row costs a thousand problems of memory.
- Disaggregations come from lib.core.disaggregation's vocabulary (lib.ingest.formats reads
  them); anything else is a problem naming its row and column.
"""

from __future__ import annotations

import getpass
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Literal

import duckdb
import pandas as pd

from lib.core import disaggregation as disagg_vocab
from lib.core.paths import SEED_DIR, db_path
from lib.core.vocab import BE_OFFSET, LANGS, DatasetKind
from lib.i18n import Lang, t
from lib.ingest.cells import parse_number, parse_year, text
from lib.ingest.formats import Choice, Parsed, Record, parse
from lib.ingest.layout import Expect, differences
from lib.ingest.provinces import Match, ProvinceMatcher, seed_aliases
from lib.ingest.read import DEFAULT_LIMITS, Cell, Limits, ReadFailure, read
from lib.ingest.report import Problem, ProblemList
from lib.ingest.transpose import transposed
from lib.store import imports
from lib.store.db import connect_read_only

__all__ = [
    "DEFAULT_DATASET",
    "MINISTRY_NAMES",
    "LoadResult",
    "Lookup",
    "Options",
    "Prepared",
    "import_log",
    "load",
    "prepare",
    "prepare_file",
    "preview_diff",
    "read_only",
    "sdg_code",
    "summary",
]

YearFormat = Literal["auto", "ce", "be"]

MIN_YEAR = 1990
CONTEXT = "<context>"  # the indicator_id of rows of a context series (Options.context)
DEFAULT_DATASET = "ministry"  # a dataset id (of kind DatasetKind.MINISTRY, like every import's dataset)
# the names a new import dataset gets (lib/i18n/strings/ingest.csv): ministry_th, ministry_en
MINISTRY_NAMES = (t("ingest_dataset_ministry", "th"), t("ingest_dataset_ministry", "en"))
DATASET_DESCRIPTION = (
    "Figures uploaded by ministries and agencies through lib.ingest (admin page or command "
    "line); each value cites the uploaded file as its source. Not demo, not compiled public data."
)
DEFAULT_PUBLISHER = "Ministry submission"  # publisher of an upload's source when neither file nor --user names one
_DATASET_NAME = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,39}$")
_SDG_CODE = re.compile(r"^(\d{1,2})\.([0-9a-z]{1,2})\.(\d{1,2})$", re.I | re.ASCII)
_SDMX_CODE = re.compile(r"^C(\d{2})([0-9A-Za-z]{2})(\d{2})$", re.ASCII)
_URL = re.compile(r"^https?://[^\s<>\"']+$", re.I)
EXAMPLE_MARK = "EXAMPLE"  # the template's example row says so in its note; it is never loaded
_TRUE = {"true", "1", "yes", "y", "t", "ใช่", "x"}
_FALSE = {"false", "0", "no", "n", "f", "ไม่ใช่", "", "-"}
ROW_COLUMNS = [
    "dataset",
    "indicator_id",
    "province_code",
    "year",
    "disaggregation",
    "value",
    "provisional",
    "estimated",
    "proxy",
    "note",
    "source_title",
    "source_url",
    "source_publisher",
    "row",
]
KEY = ["dataset", "indicator_id", "province_code", "year", "disaggregation"]


@dataclass(frozen=True)
class Derive:
    """A derived measure: value = numerator × scale / denominator × multiply.

    The denominator is either another measure of the same table (`column`, matched like
    --column, same year and disaggregation) or a published context series already in the
    database (`measure`, e.g. "Population (registration record)", by province and year)."""

    column: str | None = None
    measure: str | None = None
    scale: float = 1.0  # the denominator's own scale (thousand persons -> 1000)
    multiply: float = 1.0  # 100 for a percentage, 100000 for a rate per 100,000
    # Disaggregation keys summed over before dividing: ("sex",) makes the total from the sex
    # blocks as sum(numerators) / sum(denominators), never a mean of the ratios. A total is
    # made only where every value of the key is present (else it is skipped and counted).
    combine: tuple[str, ...] = ()
    # A value whose denominator is not in the database (a year the population is not out yet):
    # an error ("error"), or left out and counted ("skip").
    when_missing: str = "error"

    def formula(self, numerator: str) -> str:
        den = f"“{self.column}”" if self.column else f"context “{self.measure}”"
        over = f" summed over {', '.join(self.combine)}" if self.combine else ""
        return f"{numerator} / ({den} × {self.scale:g}) × {self.multiply:g}{over}"


@dataclass(frozen=True)
class SourceInfo:
    title: str
    publisher: str
    url: str | None = None


@dataclass(frozen=True)
class Options:
    indicator: str | None = None
    dataset: str | None = None  # None: the file's dataset column, else "ministry"
    year_format: YearFormat = "auto"
    sheet: str | None = None
    user: str | None = None
    db: Path | None = None
    limits: Limits = DEFAULT_LIMITS
    current_year: int = field(default_factory=lambda: datetime.now().year)
    column: str | None = None  # the measure of a report table: text its header contains
    scale: float = 1.0  # multiplies every value (1000 for "พันคน", 1e6 for "ล้านบาท")
    year: int | None = None  # the year, as written, of a table whose header names none
    derive: Derive | None = None
    source: SourceInfo | None = None  # the source of every row (a recipe's), unless the file names one
    flags: tuple[str, ...] = ()  # provisional / estimated / proxy set on every row
    note: str | None = None  # written on every row that has none
    # Words a source writes instead of a number, and the number they mean ("ไม่มีพื้นที่ป่าไม้" -> 0)
    words: tuple[tuple[str, float], ...] = ()
    rows: tuple[tuple[str, str], ...] = ()  # keep only rows whose label column (by header) reads this
    plus: tuple[str, ...] = ()  # measures added to `column`, cell by cell, before scale and derive
    # Extra province names for this file: (the file's own code or spelling, a name the catalogue knows)
    aliases: tuple[tuple[str, str], ...] = ()
    # A context series instead of an indicator: (measure, unit), e.g. the population denominators.
    # Only the build loads these (into context_observation); rows carry indicator_id CONTEXT.
    context: tuple[str, str] | None = None
    header: tuple[tuple[str, ...], ...] | None = None  # header rows of a JSON table (it has none)
    transpose: bool = False  # years down, provinces across: turned before layout (lib.ingest.transpose)
    expect: Expect | None = None  # a recipe's layout: a file that differs is refused
    # The build loading a public source: checks against its open connection, into `public`.
    con: duckdb.DuckDBPyConnection | None = field(default=None, compare=False, repr=False)
    allow_public: bool = False


@dataclass
class Prepared:
    file_name: str
    sha256: str
    format: str
    dataset: str
    rows: pd.DataFrame  # ROW_COLUMNS: the rows that passed (a preview when rejected)
    problems: list[Problem]
    skipped: Counter[str]
    options: Options
    info: dict[str, str] = field(default_factory=dict)  # encoding, delimiter, sheet, column
    parsed: Parsed | None = None  # the layout and records as read (for the wizard's preview)
    # Problems found past Limits.max_problems: counted, not listed ("… and 799,000 more problems")
    more_problems: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def problem_count(self) -> int:
        """Every problem found: those listed in `problems` and those only counted."""
        return len(self.problems) + self.more_problems


@dataclass(frozen=True)
class LoadResult:
    added: int
    replaced: int
    unchanged: int
    import_id: int | None  # None for a dry run


# ---------------------------------------------------------------- what a file is checked against


def read_only(path: Path | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection that sees the file as it is now on disk (see lib.store.db)."""
    return connect_read_only(path)


@dataclass
class Lookup:
    """The importer's view of the catalogue: indicators with their SDG codes and plausible
    range, datasets and their kinds, and the province matcher (names, aliases, codes).
    Not lib.core.catalogue.Catalogue (the views' catalogue): only what checking a file needs."""

    indicators: pd.DataFrame  # indicator_id, sdg_code, plausible_min, plausible_max
    datasets: dict[str, str]  # dataset -> kind
    matcher: ProvinceMatcher

    @classmethod
    def from_con(cls, con: duckdb.DuckDBPyConnection, seed_dir: Path = SEED_DIR) -> Lookup:
        rows = imports.catalogue_rows_of(con)
        return cls(rows.indicators, rows.datasets, ProvinceMatcher(rows.provinces, seed_aliases(seed_dir)))

    @classmethod
    def from_db(cls, path: Path, seed_dir: Path = SEED_DIR) -> Lookup:
        rows = imports.catalogue_rows(path)
        return cls(rows.indicators, rows.datasets, ProvinceMatcher(rows.provinces, seed_aliases(seed_dir)))

    def with_aliases(self, pairs: tuple[tuple[str, str], ...], seed_dir: Path = SEED_DIR) -> Lookup:
        """This lookup, also knowing a file's own province codes or spellings (alias, known name).
        A name it cannot resolve is left out (its rows are then reported as unknown provinces)."""
        extra = [(alias, code) for alias, name in pairs if (code := self.matcher.code(name)) is not None]
        provinces = [(c, th, en) for c, th, en in self.matcher.provinces]
        return Lookup(self.indicators, self.datasets, ProvinceMatcher(provinces, [*seed_aliases(seed_dir), *extra]))

    def resolve_indicator(self, ref: str) -> tuple[str | None, list[str]]:
        """(indicator_id, candidates): by id (exact, then case-insensitive), then by SDG code."""
        ref = text(ref)
        ids = self.indicators["indicator_id"]
        if ref in set(ids):
            return ref, [ref]
        ci = [i for i in ids if i.casefold() == ref.casefold()]
        if len(ci) == 1:
            return ci[0], ci
        code = sdg_code(ref)
        if code is None:
            return None, []
        hits = self.indicators.loc[
            self.indicators["sdg_code"].fillna("").str.casefold() == code.casefold(), "indicator_id"
        ].tolist()
        return (hits[0] if len(hits) == 1 else None), hits


def sdg_code(ref: str) -> str | None:
    """ "1.2.1", "01.02.01" or SDMX "C010201" -> "1.2.1"; "C0100a1"-style letters kept ("1.a.1")."""
    m = _SDG_CODE.match(ref.strip())
    if m:
        target = m.group(2).lower()
        target = str(int(target)) if target.isdigit() else target.lstrip("0")
        return f"{int(m.group(1))}.{target}.{int(m.group(3))}"
    m = _SDMX_CODE.match(ref.strip())
    if m:
        target = m.group(2).lower()
        target = str(int(target)) if target.isdigit() else target.lstrip("0")
        return f"{int(m.group(1))}.{target}.{int(m.group(3))}"
    return None


# ---------------------------------------------------------------- prepare (validate)


def prepare_file(path: Path, options: Options | None = None) -> Prepared:
    """prepare() for a file on disk; a file over the size cap is refused without reading it."""
    options = options or Options()
    path = Path(path)
    size = path.stat().st_size
    if size > options.limits.max_bytes:
        problem = Problem(
            path.name,
            None,
            None,
            "too_big",
            {"size_mb": round(size / 2**20, 1), "max_mb": options.limits.max_bytes // 2**20},
        )
        return Prepared(
            path.name,
            "",
            "unreadable",
            options.dataset or DEFAULT_DATASET,
            pd.DataFrame(columns=ROW_COLUMNS),
            [problem],
            Counter(),
            options,
        )
    return prepare(path.read_bytes(), path.name, options)


def prepare(data: bytes, name: str, options: Options | None = None) -> Prepared:
    """Read and check a file. Nothing is written. `Prepared.problems` empty means loadable."""
    options = options or Options()
    name = Path(name).name
    digest = hashlib.sha256(data).hexdigest()
    target = Path(options.db or db_path())
    cat = Lookup.from_con(options.con) if options.con is not None else Lookup.from_db(target)
    if options.aliases:
        cat = cat.with_aliases(options.aliases)
    if options.context is not None:  # a count, not a rate: any finite non-negative number
        extra = pd.DataFrame([{"indicator_id": CONTEXT, "sdg_code": None, "plausible_min": 0.0, "plausible_max": 1e15}])
        cat = Lookup(pd.concat([cat.indicators, extra], ignore_index=True), cat.datasets, cat.matcher)
        options = replace(options, indicator=CONTEXT)
    empty = pd.DataFrame(columns=ROW_COLUMNS)
    dataset = options.dataset or DEFAULT_DATASET
    try:
        table = read(data, name, options.sheet, options.limits, options.header)
        if options.transpose:
            table = transposed(table)
    except ReadFailure as exc:
        return Prepared(
            name, digest, "unreadable", dataset, empty, exc.problems, Counter(), options, more_problems=exc.more
        )
    info = {
        k: v for k, v in (("encoding", table.encoding), ("delimiter", table.delimiter), ("sheet", table.sheet)) if v
    }
    choice = Choice(
        options.column, options.year, options.derive.column if options.derive else None, options.rows, options.plus
    )
    parsed = parse(table, cat.matcher, options.indicator, choice, options.limits)
    if options.expect is not None and (diff := differences(parsed.layout, options.expect)):
        # a recipe is never applied to a file it was not made for: nothing else is checked
        detail = {"recipe": options.expect.recipe, "difference": "; ".join(diff)}
        problem = Problem(name, None, None, "recipe_mismatch", detail)
        return Prepared(name, digest, parsed.format, dataset, empty, [problem], Counter(), options, info, parsed)
    problems = ProblemList(options.limits.max_problems, parsed.problems)
    if options.indicator is not None:
        ident, cands = cat.resolve_indicator(options.indicator)
        if ident is None:
            problems.append(_indicator_problem(name, None, "--indicator", options.indicator, cands))
            parsed.records.clear()
    dataset, ds_problems = _dataset(name, parsed, options, cat)
    problems += ds_problems
    rows, row_problems = _check_records(name, parsed, cat, options, dataset)
    problems += row_problems
    if not problems and rows.empty:
        problems.append(Problem(name, None, None, "no_values"))
    if parsed.measure:
        info["column"] = parsed.measure
    kept = problems.kept()  # in listing order: file-wide first, then by row and column
    return Prepared(
        name, digest, parsed.format, dataset, rows, kept, parsed.skipped, options, info, parsed, problems.more
    )


def _dataset(name: str, parsed: Parsed, options: Options, cat: Lookup) -> tuple[str, list[Problem]]:
    in_file = sorted({r.dataset for r in parsed.records if r.dataset})
    problems: list[Problem] = []
    if options.dataset:
        dataset = options.dataset
        others = [d for d in in_file if d != dataset]
        if others:
            problems.append(Problem(name, None, "dataset", "dataset_mixed", {"datasets": [dataset, *others]}))
    elif len(in_file) > 1:
        dataset = in_file[0]
        problems.append(Problem(name, None, "dataset", "dataset_mixed", {"datasets": in_file}))
    else:
        dataset = in_file[0] if in_file else DEFAULT_DATASET
    if not _DATASET_NAME.match(dataset):
        problems.append(Problem(name, None, "dataset", "bad_dataset_name", {"dataset": dataset}))
    elif cat.datasets.get(dataset, DatasetKind.MINISTRY) != DatasetKind.MINISTRY and not (
        options.allow_public and cat.datasets[dataset] == DatasetKind.PUBLIC
    ):
        problems.append(
            Problem(name, None, "dataset", "dataset_not_ministry", {"dataset": dataset, "kind": cat.datasets[dataset]})
        )
    return dataset, problems


def _indicator_problem(name: str, row: int | None, col: str | None, ref: str, cands: list[str]) -> Problem:
    if len(cands) > 1:
        return Problem(name, row, col, "ambiguous_indicator", {"value": ref, "candidates": cands})
    return Problem(name, row, col, "unknown_indicator", {"value": ref})


def _flag(v: Cell) -> bool | None:
    s = text(v).casefold()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    return None


def _check_records(
    name: str, parsed: Parsed, cat: Lookup, options: Options, dataset: str
) -> tuple[pd.DataFrame, ProblemList]:
    problems = ProblemList(options.limits.max_problems)
    # Indicators: resolved once per distinct reference, reported on every row that uses an unknown one.
    ind_cache: dict[str, str | None] = {}
    cand_cache: dict[str, list[str]] = {}
    for r in parsed.records:
        if r.indicator is None:
            problems.append(Problem(name, r.row, r.indicator_col, "need_indicator"))
            continue
        if r.indicator not in ind_cache:
            ind_cache[r.indicator], cand_cache[r.indicator] = cat.resolve_indicator(r.indicator)
        if ind_cache[r.indicator] is None:
            problems.append(
                _indicator_problem(name, r.row, r.indicator_col or "--indicator", r.indicator, cand_cache[r.indicator])
            )

    # Years: decided per year cell (a wide table's header cell serves a whole column).
    year_cells: dict[tuple[int, str], int | None] = {}
    for r in parsed.records:
        loc = (r.year_row, r.year_col)
        if loc not in year_cells:
            year_cells[loc] = parse_year(r.year)
            if year_cells[loc] is None:
                problems.append(Problem(name, r.year_row, r.year_col, "bad_year", {"value": text(r.year)}))
    ce_of = _decide_years(name, year_cells, options, problems)

    limits = {
        i: (float(lo), float(hi))
        for i, lo, hi in cat.indicators[["indicator_id", "plausible_min", "plausible_max"]].itertuples(index=False)
    }
    derive = options.derive
    words = {text(w): v for w, v in options.words}
    series: dict[tuple[str, int], float] = {}
    if derive is not None and derive.measure:
        series = (
            imports.context_series_of(options.con, derive.measure)
            if options.con is not None
            else imports.context_series(Path(options.db or db_path()), derive.measure)
        )
    parts: list[tuple[str, str, int, str, float, float, int]] = []  # for derive.combine
    prov_cache: dict[Cell, Match] = {}
    seen: dict[tuple[str, str, int, str], tuple[float, int]] = {}
    out: list[tuple[object, ...]] = []
    max_label = options.limits.max_label_chars
    for r in parsed.records:
        bad = False
        if long := _too_long(r, max_label, options.limits.max_cell_chars):
            where, chars, cap = long
            problems.append(Problem(name, r.row, where, "text_too_long", {"chars": chars, "max": cap}))
            continue
        key_p = r.province if not isinstance(r.province, float) else text(r.province)
        if key_p not in prov_cache:
            prov_cache[key_p] = cat.matcher.match(r.province)
        m = prov_cache[key_p]
        if m.kind in ("total", "region"):
            parsed.skipped["total_rows" if m.kind == "total" else "region_rows"] += 1
            continue
        if m.kind != "province":
            code = "missing_province" if not text(r.province) else "unknown_province"
            problems.append(Problem(name, r.row, r.province_col, code, {"value": text(r.province)}))
            bad = True
        value = words.get(text(r.value)) if words else None
        if value is None:
            value = parse_number(r.value)
        if value is None:
            problems.append(Problem(name, r.row, r.value_col, "not_number", {"value": text(r.value)}))
            bad = True
        else:
            for cell, where in r.plus:  # a sum of measures ("recycled" + "disposed correctly")
                more = parse_number(cell)
                if more is None:
                    problems.append(Problem(name, r.row, where, "not_number", {"value": text(cell)}))
                    bad = True
                    break
                value += more
            value *= options.scale
            if derive is not None and m.code is not None:
                num = value
                value, den = _derived(
                    name, r, value, m.code, ce_of.get((r.year_row, r.year_col)), derive, series, problems
                )
                if value is None and den < 0:  # no denominator yet, and the recipe says skip
                    parsed.skipped["no_denominator"] += 1
                    continue
                bad = bad or value is None
        ind = ind_cache.get(r.indicator) if r.indicator else None
        year = ce_of.get((r.year_row, r.year_col))
        if r.source_url and not _URL.match(r.source_url):
            problems.append(Problem(name, r.row, "source_url", "bad_url", {"value": r.source_url}))
            bad = True
        if r.note and r.note.casefold().startswith(EXAMPLE_MARK.casefold()):
            problems.append(Problem(name, r.row, "note", "example_row"))
            bad = True
        flags = {f: f in options.flags for f in ("provisional", "estimated", "proxy")}
        for f in r.flags:
            v = _flag(r.flags[f])
            if v is None:
                problems.append(Problem(name, r.row, f, "bad_flag", {"value": text(r.flags.get(f))}))
                bad = True
            flags[f] = bool(v)
        code_p = m.code
        if bad or value is None or code_p is None or ind is None or year is None:
            continue
        lo, hi = limits[ind]
        if not (lo <= value <= hi):
            problems.append(
                Problem(
                    name, r.row, r.value_col, "implausible", {"value": value, "indicator": ind, "min": lo, "max": hi}
                )
            )
            continue
        k = (ind, code_p, year, r.disaggregation)
        if k in seen:
            first_value, first_row = seen[k]
            if abs(first_value - value) > 1e-9 * max(1.0, abs(value)):
                problems.append(
                    Problem(
                        name,
                        r.row,
                        r.value_col,
                        "duplicate",
                        {
                            "first_row": first_row,
                            "first_value": first_value,
                            "value": value,
                            "indicator": ind,
                            "province": code_p,
                            "year": year,
                        },
                    )
                )
            else:
                parsed.skipped["duplicate_same_value"] += 1
            continue
        seen[k] = (value, r.row)
        if derive is not None and derive.combine:
            parts.append((ind, code_p, year, r.disaggregation, num, den, r.row))
        out.append(
            (
                dataset,
                ind,
                code_p,
                year,
                r.disaggregation,
                value,
                flags["provisional"],
                flags["estimated"],
                flags["proxy"],
                r.note or options.note,
                r.source_title or (options.source.title if options.source else None),
                r.source_url or (options.source.url if options.source else None),
                r.source_publisher or (options.source.publisher if options.source else None),
                r.row,
            )
        )
    if derive is not None and derive.combine:
        out = _combine(name, parts, out, derive, limits, parsed, problems)
    df = pd.DataFrame(out, columns=ROW_COLUMNS)
    df["year"] = df["year"].astype("int64")
    df["value"] = df["value"].astype("float64")
    return df, problems


def _too_long(r: Record, label: int, cell: int) -> tuple[str | None, int, int] | None:
    """(column, length, cap) of a record's first text past its cap, else None: a note or link
    may take a cell's length, every other field a label's (see Limits.max_label_chars)."""
    fields: tuple[tuple[str | None, Cell], ...] = (
        (r.province_col, r.province),
        (r.year_col, r.year),
        (r.value_col, r.value),
        (r.indicator_col, r.indicator),
        ("dataset", r.dataset),
        ("disaggregation", r.disaggregation),
        ("source_title", r.source_title),
        ("source_publisher", r.source_publisher),
        *r.flags.items(),
    )
    for where, v in fields:
        if isinstance(v, str) and len(v) > label and len(shown := text(v)) > label:  # raw first: cheap
            return where, len(shown), label
    for where, v in (("note", r.note), ("source_url", r.source_url)):
        if v and len(v) > cell:
            return where, len(v), cell
    return None


def _combine(
    name: str,
    parts: list[tuple[str, str, int, str, float, float, int]],
    out: list[tuple[object, ...]],
    derive: Derive,
    limits: dict[str, tuple[float, float]],
    parsed: Parsed,
    problems: ProblemList,
) -> list[tuple[object, ...]]:
    """The rows of `out` summed over derive.combine (see Derive), replacing them."""
    keys = set(derive.combine)

    def rest(disagg: str) -> tuple[str, tuple[str, ...]]:
        pairs = disagg_vocab.pairs(disagg)
        kept = ";".join(f"{k}={v}" for k, v in pairs if k not in keys)
        return kept, tuple(sorted(f"{k}={v}" for k, v in pairs if k in keys))

    members = {rest(d)[1] for *_, d, _n, _d, _r in parts}
    groups: dict[tuple[str, str, int, str], list[tuple[float, float, int]]] = {}
    for ind, code, year, disagg, num, den, row in parts:
        groups.setdefault((ind, code, year, rest(disagg)[0]), []).append((num, den, row))
    template = {(str(o[1]), str(o[2]), int(str(o[3]))): o for o in out}
    combined: list[tuple[object, ...]] = []
    for (ind, code, year, disagg), vals in sorted(groups.items()):
        if len(vals) != len(members):
            parsed.skipped["combine_incomplete"] += 1
            continue
        value = sum(n for n, _, _ in vals) / sum(d for _, d, _ in vals) * derive.multiply
        lo, hi = limits[ind]
        row = min(r for _, _, r in vals)
        if not (lo <= value <= hi):
            detail = {"value": value, "indicator": ind, "min": lo, "max": hi}
            problems.append(Problem(name, row, None, "implausible", detail))
            continue
        base = template[(ind, code, year)]
        combined.append((base[0], ind, code, year, disagg, value, *base[6:13], row))
    return combined


def _derived(
    name: str,
    r: Record,
    value: float,
    code: str,
    year: int | None,
    derive: Derive,
    series: dict[tuple[str, int], float],
    problems: ProblemList,
) -> tuple[float | None, float]:
    """(numerator / (denominator × scale) × multiply, the denominator × scale), or (None, 0) with
    a problem naming the cell."""
    if derive.column is not None:
        den = parse_number(r.denominator) if r.denominator is not None else None
        where = r.denominator_col or derive.column
        if den is None or den == 0:
            problems.append(Problem(name, r.row, where, "bad_denominator", {"value": text(r.denominator)}))
            return None, 0.0
    else:
        den = series.get((code, year)) if year is not None else None
        if den is None and derive.when_missing == "skip":
            return None, -1.0
        if den is None or den == 0:
            problems.append(
                Problem(
                    name,
                    r.row,
                    r.value_col,
                    "no_denominator",
                    {"measure": derive.measure, "province": code, "year": year},
                )
            )
            return None, 0.0
    return value / (den * derive.scale) * derive.multiply, den * derive.scale


def _decide_years(
    name: str, cells: dict[tuple[int, str], int | None], options: Options, problems: ProblemList
) -> dict[tuple[int, str], int]:
    """Map each year cell to its C.E. year; adds year problems (see the module docstring)."""
    fmt = options.year_format
    era: dict[tuple[int, str], str] = {}
    for loc, y in cells.items():
        if y is None:
            continue
        if fmt == "be":
            era[loc] = "be"
        elif fmt == "ce":
            era[loc] = "ce"
        elif y >= 2400:
            era[loc] = "be"
        elif y <= 2100:
            era[loc] = "ce"
        else:
            problems.append(Problem(name, loc[0], loc[1], "year_ambiguous", {"value": y}))
    if fmt == "auto":
        groups = {e: sorted(loc for loc, v in era.items() if v == e) for e in ("be", "ce")}
        if groups["be"] and groups["ce"]:
            minority = "ce" if len(groups["ce"]) <= len(groups["be"]) else "be"
            majority = "be" if minority == "ce" else "ce"
            example = groups[majority][0][0]
            for loc in groups[minority]:
                problems.append(
                    Problem(
                        name, loc[0], loc[1], f"year_mixed_{minority}", {"value": cells[loc], "example_row": example}
                    )
                )
                del era[loc]
            for loc in groups[majority]:  # the file is rejected anyway; avoid repeat messages
                del era[loc]
    out: dict[tuple[int, str], int] = {}
    top = options.current_year + 1
    for loc, e in era.items():
        written = cells[loc]
        assert written is not None
        ce = written - BE_OFFSET if e == "be" else written
        if not (MIN_YEAR <= ce <= top):
            problems.append(
                Problem(name, loc[0], loc[1], "year_range", {"value": written, "year": ce, "min": MIN_YEAR, "max": top})
            )
            continue
        out[loc] = ce
    return out


# ---------------------------------------------------------------- diff and load (SQL in lib.store.imports)


def preview_diff(prepared: Prepared) -> pd.DataFrame:
    """The parsed rows with status added/replaced/unchanged and the stored value (read-only)."""
    return imports.preview(Path(prepared.options.db or db_path()), prepared.rows)


def who(user: str | None) -> str:
    if user:
        return user
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


def _new_dataset(dataset: str) -> imports.NewDataset:
    if dataset == DEFAULT_DATASET:
        th, en = MINISTRY_NAMES
    else:
        th, en = (t("ingest_dataset_imported", lang, dataset=dataset) for lang in LANGS)
    return imports.NewDataset(th, en, DATASET_DESCRIPTION)


def batch(p: Prepared) -> imports.Batch:
    """What lib.store.imports applies for a checked file (the naming rules of the module docstring)."""
    return imports.Batch(
        rows=p.rows,
        dataset=p.dataset,
        new_dataset=_new_dataset(p.dataset),
        file_name=p.file_name,
        file_sha256=p.sha256,
        file_format=p.format,
        imported_by=who(p.options.user),
        default_source_title=f"Uploaded file {p.file_name}",
        default_publisher=p.options.user or DEFAULT_PUBLISHER,
    )


def load(prepared: Prepared, dry_run: bool = False) -> LoadResult:
    """Apply a checked file (see the module docstring). Raises ValueError if it has problems."""
    if prepared.problems:
        raise ValueError("the file has problems; nothing was loaded")
    if prepared.options.context is not None:
        raise ValueError("context series are loaded by the build (lib.ingest.sources), not as an import")
    if dry_run:
        n = imports.counts(preview_diff(prepared))
        return LoadResult(n.added, n.replaced, n.unchanged, import_id=None)
    done = imports.apply_staged(Path(prepared.options.db or db_path()), batch(prepared))
    return LoadResult(done.counts.added, done.counts.replaced, done.counts.unchanged, done.import_id)


def import_log(con: duckdb.DuckDBPyConnection, limit: int = 100) -> pd.DataFrame:
    """The latest imports, newest first."""
    return imports.import_log(con, limit)


# ---------------------------------------------------------------- CLI


def summary(p: Prepared, lang: Lang = "en") -> list[str]:
    """What was read: format, dataset and rows skipped (one line each)."""
    lines = [
        t(
            "ingest_summary_format",
            lang,
            file=p.file_name,
            format=p.format,
            dataset=p.dataset,
            info=", ".join(f"{k} {v!r}" for k, v in p.info.items()) or "-",
        )
    ]
    if p.skipped:
        lines.append(
            t(
                "ingest_summary_skipped",
                lang,
                skipped=", ".join(f"{t('ingest_skip_' + k, lang)} {n:,}" for k, n in sorted(p.skipped.items())),
            )
        )
    return lines
