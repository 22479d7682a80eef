"""Helpers every page's views share: what a figure measures, units, values with units, the demo
column, dates as precise as their source, list columns."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import pandas as pd

from lib.i18n import Lang, fmt_value, t, year_label


@dataclass(frozen=True)
class Measure:
    """What a figure maps or ranks (shaped by a view, drawn by a chart)."""

    kind: str  # indicator | goal | index
    label: str  # what is measured, in the chosen language
    unit: str
    decimals: int
    higher_is_better: bool


def unit_of(ind: pd.Series | Mapping[str, Any], lang: Lang) -> str:
    return str(ind["unit_th"] if lang == "th" else ind["unit"])


def value_with_unit(value: float | None, decimals: int, unit: str) -> str:
    """'12.3 %' ; '–' when missing."""
    text = fmt_value(value, int(decimals))
    return text if text == "–" else f"{text} {unit}"


def with_demo_column(table: pd.DataFrame, lang: Lang, demo: bool) -> pd.DataFrame:
    """Prepend a 'Demo data' column (all True) when the values are synthetic."""
    if not demo:
        return table
    out = table.copy()
    out.insert(0, t("col_demo", lang), True)
    return out


def date_label(date: object, lang: Lang) -> str:
    """ISO date as precise as the source: '2022' / '2022-12' / '2022-12-05'.

    Thai: '2565' / 'ธ.ค. 2565' / '5 ธ.ค. 2565'; English: '2022' / 'Dec 2022' / '5 Dec 2022'.
    Missing -> '–'; anything unparseable is returned as given.
    """
    if date is None or (isinstance(date, float) and np.isnan(date)) or not str(date).strip():
        return "–"
    parts = str(date).strip().split("-")
    try:
        nums = [int(p) for p in parts]
    except ValueError:
        return str(date)
    if not 1 <= len(nums) <= 3 or (len(nums) > 1 and not 1 <= nums[1] <= 12):
        return str(date)
    year = year_label(nums[0], lang)
    if len(nums) == 1:
        return year
    month = t(f"prov_month_{nums[1]}", lang)
    return f"{month} {year}" if len(nums) == 2 else f"{nums[2]} {month} {year}"


def opt_float(v: Any) -> float | None:
    """A number, or None for a missing value (None, NaN, NA)."""
    return None if v is None or pd.isna(v) else float(v)


def opt_int(v: Any) -> int | None:
    """A whole number, or None for a missing value (None, NaN, NA)."""
    return None if v is None or pd.isna(v) else int(v)


def list_of(value: object) -> list[str]:
    """A DuckDB list column arrives as a numpy array or a list (or None)."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return []
    return [str(v) for v in cast("Iterable[object]", value)]


def year_span(years: Iterable[object]) -> tuple[int, int] | None:
    """(first, last) of the years given, missing ones ignored; None when there is none."""
    ys = [int(cast(Any, y)) for y in years if y is not None and not pd.isna(cast(Any, y))]
    return (min(ys), max(ys)) if ys else None


def shown_years(
    indicator_level: pd.DataFrame, *, provinces: Iterable[str] | None = None, goal: int | None = None
) -> pd.Series:
    """Years of the scored values (Scores.indicator_level) a chart rests on: of ``provinces``
    (all when None) and of ``goal`` (all goals when None); what period() words."""
    keep = indicator_level["value"].notna()
    if provinces is not None:
        keep &= indicator_level["province_code"].isin(set(provinces))
    if goal is not None:
        keep &= indicator_level["goal"] == goal
    return indicator_level.loc[keep, "year"]


def period(years: Iterable[object], selected: int, lang: Lang) -> str:
    """What a chart titled with the selected year really shows: "2024" (ปี 2567) when every
    value is of that year; else "latest values up to 2024 (data 2015–2022)", so a title never
    names one year while showing another's values."""
    span = year_span(years)
    if span is None or span == (selected, selected):
        return t("period_exact", lang, year=year_label(selected, lang))
    first, last = (year_label(y, lang) for y in span)
    data = first if span[0] == span[1] else f"{first}–{last}"
    return t("period_up_to", lang, year=year_label(selected, lang), data=data)


def up_to(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """The rows of ``frame`` of ``year`` or before (its ``year`` column): what was known then."""
    return frame.loc[frame["year"] <= year]


def older(years: pd.Series, selected: int) -> pd.Series:
    """True where a value is of a year before the selected one (shown marked, never silently)."""
    return years.notna() & (years.astype("Float64") < selected).fillna(False)


def clicked_point(points: Iterable[Mapping[str, Any]] | None, valid: Collection[str]) -> list[Any] | None:
    """The first selected chart point (plotly selection event) that names a known province:
    ``[code, *rest of its customdata]``. A point names it by ``location`` (a choropleth) or by
    its customdata's first item; anything not a known code is ignored (it came from the page)."""
    valid = set(valid)
    for p in points or ():
        data = p.get("customdata")
        items = list(data) if isinstance(data, (list, tuple)) else []
        for cand, rest in ((p.get("location"), items), (items[0] if items else None, items[1:])):
            if isinstance(cand, str) and cand in valid:
                return [cand, *rest]
    return None


def clicked_code(points: Iterable[Mapping[str, Any]] | None, valid: Collection[str]) -> str | None:
    """The province code of :func:`clicked_point`, or None."""
    got = clicked_point(points, valid)
    return None if got is None else str(got[0])


def clicked_goal(
    points: Iterable[Mapping[str, Any]] | None, valid: Collection[str], goals: Collection[int]
) -> int | None:
    """The goal a clicked grid cell carries after its province code, or None."""
    got = clicked_point(points, valid)
    if got is None or len(got) < 2:
        return None
    try:
        goal = int(got[1])
    except (TypeError, ValueError):
        return None
    return goal if goal in set(goals) else None
