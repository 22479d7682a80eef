"""Problems found in an uploaded file, and their wording in Thai and English.

A Problem is data (file, row, column, code, detail); the words live in
lib/i18n/strings/ingest.csv under the key "ingest_p_<code>" with {placeholders} filled from
`detail`. Rows are numbered as the user sees them: the spreadsheet row number for Excel,
the line number for CSV (the header is line 1 when it is the first line).

A file can be wrong in every row: the problems are kept in a ProblemList, which holds the
first `limit` of them in the order they are listed (by row, then column) and only counts the
rest, so 200,000 bad rows cost a thousand problems of memory, not 800,000. Texts a problem
quotes from the file are cut to SHOWN_CHARS.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

import pandas as pd

from lib.i18n import Lang, t

# Every code a Problem can carry; each has a string "ingest_p_<code>" (checked by the tests).
CODES: tuple[str, ...] = (
    "too_big",
    "empty",
    "no_values",
    "not_text",
    "encoding",
    "csv_malformed",
    "csv_line_break",
    "csv_quote",
    "text_too_long",
    "text_too_much",
    "too_many_strings",
    "too_many_columns",
    "too_many_values",
    "bad_character",
    "bad_number",
    "bad_disaggregation",
    "corrupt_xlsx",
    "zip_bomb",
    "too_many_cells",
    "too_many_rows",
    "unknown_sheet",
    "unknown_format",
    "missing_columns",
    "need_indicator",
    "unknown_indicator",
    "ambiguous_indicator",
    "unknown_province",
    "missing_province",
    "not_number",
    "bad_year",
    "year_ambiguous",
    "year_mixed_be",
    "year_mixed_ce",
    "year_range",
    "duplicate",
    "implausible",
    "bad_url",
    "bad_flag",
    "example_row",
    "unit_mult",
    "dataset_mixed",
    "dataset_not_ministry",
    "bad_dataset_name",
    "choose_column",
    "no_such_column",
    "ambiguous_column",
    "no_year_in_header",
    "no_denominator_column",
    "bad_denominator",
    "no_denominator",
    "recipe_mismatch",
    "recipe_invalid",
    "no_province_column",
)


@dataclass(frozen=True)
class Problem:
    """One reason a file cannot be loaded. `row`/`column` are None when the whole file is meant."""

    file: str
    row: int | None
    column: str | None
    code: str
    detail: Mapping[str, object] = field(default_factory=dict)

    def message(self, lang: Lang = "en") -> str:
        """The reason alone, in `lang`."""
        return t(f"ingest_p_{self.code}", lang, **{k: _fmt(v) for k, v in self.detail.items()})

    def render(self, lang: Lang = "en") -> str:
        """File, row, column and reason in one line."""
        where = [self.file]
        if self.row is not None:
            where.append(t("ingest_where_row", lang, row=self.row))
        if self.column:
            where.append(t("ingest_where_column", lang, column=shown(self.column)))
        return f"{', '.join(where)}: {self.message(lang)}"


SHOWN_CHARS = 120  # a cell's text quoted in a problem is cut to this many characters


def shown(text: str) -> str:
    """A text from the file as a problem quotes it: at most SHOWN_CHARS characters."""
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def _fmt(v: object) -> str:
    if isinstance(v, float):
        return f"{v:,.10g}"
    if isinstance(v, (list, tuple)):
        return shown(", ".join(map(str, v)))
    return shown(str(v))


def order(p: Problem) -> tuple[bool, int, str, str]:
    """How problems are listed: file-wide ones first, then by row, column and code."""
    return (p.row is not None, p.row or 0, p.column or "", p.code)


class ProblemList:
    """Problems in bounded memory: the first `limit` in listing order (see order()) are kept,
    the others only counted (`more`). Iterating gives the kept ones in that order."""

    def __init__(self, limit: int = 1000, problems: Iterable[Problem] = ()):
        self.limit = max(1, limit)
        self.more = 0
        self._items: list[Problem] = []
        self._sorted = True
        self._last: tuple[bool, int, str, str] | None = None
        self.extend(problems)

    def append(self, p: Problem) -> None:
        if self._last is not None and order(p) >= self._last:  # listed after every kept one: count it
            self.more += 1
            return
        self._items.append(p)
        self._sorted = False
        if len(self._items) >= 2 * self.limit:  # keep at most twice the limit between trims
            self._trim()

    def _trim(self) -> None:
        if not self._sorted:
            self._items.sort(key=order)  # stable: equal problems keep the order they were found in
            self._sorted = True
        if len(self._items) >= self.limit:
            self.more += len(self._items) - self.limit
            del self._items[self.limit :]
            self._last = order(self._items[-1])  # full: what ranks at or after this is only counted

    def extend(self, problems: Iterable[Problem]) -> None:
        for p in problems:
            self.append(p)
        if isinstance(problems, ProblemList):
            self.more += problems.more

    def __iadd__(self, problems: Iterable[Problem]) -> ProblemList:
        self.extend(problems)
        return self

    def kept(self) -> list[Problem]:
        """The problems kept, in listing order."""
        self._trim()
        return list(self._items)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.kept())

    def __len__(self) -> int:
        self._trim()
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)

    def __eq__(self, other: object) -> bool:
        """Equal to a list of the same problems in listing order (and nothing counted past it)."""
        if isinstance(other, ProblemList):
            return self.kept() == other.kept() and self.more == other.more
        if isinstance(other, list):
            return not self.more and self.kept() == sorted(other, key=order)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable

    @property
    def total(self) -> int:
        return len(self) + self.more


def render(problems: Iterable[Problem], lang: Lang = "en", more: int = 0) -> list[str]:
    """One line per problem; with `more` (problems counted but not kept) a last line saying how many."""
    lines = [p.render(lang) for p in problems]
    if more:
        lines.append(more_line(more, lang))
    return lines


def more_line(more: int, lang: Lang = "en") -> str:
    """ "… and 799,000 more problems": what a cut problem list ends with."""
    return t("ingest_more_problems", lang, n=f"{more:,}")


def problems_frame(problems: Iterable[Problem], lang: Lang = "en", more: int = 0) -> pd.DataFrame:
    """Problems as a table for the admin page: row, column, problem (in `lang`); with `more`
    (problems counted but not listed) a last row saying how many."""
    cols = [t("ingest_col_row", lang), t("ingest_col_column", lang), t("ingest_col_problem", lang)]
    rows: list[tuple[int | None, str, str]] = [(p.row, shown(p.column or ""), p.message(lang)) for p in problems]
    if more:
        rows.append((None, "", more_line(more, lang)))
    df = pd.DataFrame(rows, columns=cols)
    df[cols[0]] = df[cols[0]].astype("Int64")
    return df
