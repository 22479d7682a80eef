"""Problems found in an uploaded file, and their wording in Thai and English.

A Problem is data (file, row, column, code, detail); the words live in
lib/i18n/strings/ingest.csv under the key "ingest_p_<code>" with {placeholders} filled from
`detail`. Rows are numbered as the user sees them: the spreadsheet row number for Excel,
the line number for CSV (the header is line 1 when it is the first line).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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
            where.append(t("ingest_where_column", lang, column=self.column))
        return f"{', '.join(where)}: {self.message(lang)}"


def _fmt(v: object) -> str:
    if isinstance(v, float):
        return f"{v:,.10g}"
    if isinstance(v, (list, tuple)):
        return ", ".join(map(str, v))
    return str(v)


def render(problems: Iterable[Problem], lang: Lang = "en") -> list[str]:
    return [p.render(lang) for p in problems]


def problems_frame(problems: Iterable[Problem], lang: Lang = "en") -> pd.DataFrame:
    """Problems as a table for the admin page: row, column, problem (in `lang`)."""
    cols = [t("ingest_col_row", lang), t("ingest_col_column", lang), t("ingest_col_problem", lang)]
    rows = [(p.row, p.column or "", p.message(lang)) for p in problems]
    df = pd.DataFrame(rows, columns=cols)
    df[cols[0]] = df[cols[0]].astype("Int64")
    return df
