"""Shared filters and their URL form. Pure: parse and validate query parameters, no Streamlit.

Query parameters: province (ISO code, e.g. TH-58), goal (1-17), indicator (indicator_id),
year (C.E.), lang (th|en), pilot (1|0), dataset (dataset id). A bad value falls back to the
default and yields a notice naming the parameter, never an exception.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from lib.core.catalogue import DEFAULT_GOAL
from lib.core.vocab import GOALS, Lang

PARAMS: tuple[str, ...] = ("province", "goal", "indicator", "year", "lang", "pilot", "dataset")


@dataclass(frozen=True)
class Filters:
    province: str
    goal: int
    indicator: str
    year: int
    dataset: str
    lang: Lang = "th"
    pilot: bool = True

    def to_params(self) -> dict[str, str]:
        """The URL form of these filters (every parameter, so a copied link is complete)."""
        d = asdict(self)
        d["pilot"] = "1" if self.pilot else "0"
        return {k: str(d[k]) for k in PARAMS}


@dataclass(frozen=True)
class Choices:
    """What is valid, read from the database."""

    provinces: Sequence[str]  # all 77 codes
    default_province: str  # e.g. TH-10
    indicators: Mapping[str, int]  # indicator_id -> goal, in catalogue order
    years: Sequence[int]  # years with data, ascending
    datasets: Sequence[str]
    default_dataset: str
    with_data: frozenset[str] = frozenset()  # indicators that have values in the dataset

    def first_indicator(self, goal: int) -> str:
        """The goal's first indicator that has data (catalogue order), else its first one."""
        return first_indicator(self.indicators, goal, self.with_data)


def first_indicator(indicators: Mapping[str, int], goal: int, with_data: frozenset[str] = frozenset()) -> str:
    ids = [i for i, g in indicators.items() if g == goal]
    return next((i for i in ids if i in with_data), ids[0])


@dataclass(frozen=True)
class Notice:
    param: str
    value: str


def _one(value: str | Sequence[str] | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip()
    return str(value[-1]).strip() if len(value) else None


def defaults(choices: Choices) -> Filters:
    goal = DEFAULT_GOAL
    return Filters(
        province=choices.default_province,
        goal=goal,
        indicator=choices.first_indicator(goal),
        year=max(choices.years),
        dataset=choices.default_dataset,
    )


def parse(params: Mapping[str, str | Sequence[str]], choices: Choices) -> tuple[Filters, list[Notice]]:
    """Filters from query parameters; each invalid value is replaced by its default + a Notice."""
    f = defaults(choices)
    notices: list[Notice] = []
    raw = {k: _one(params.get(k)) for k in PARAMS}

    def bad(name: str) -> None:
        notices.append(Notice(name, str(raw[name])[:40]))

    if raw["lang"] is not None:
        lang = raw["lang"].lower()
        if lang == "th":
            f = replace(f, lang="th")
        elif lang == "en":
            f = replace(f, lang="en")
        else:
            bad("lang")
    if raw["province"] is not None:
        code = raw["province"].upper()
        if code in choices.provinces:
            f = replace(f, province=code)
        else:
            bad("province")
    if raw["dataset"] is not None:
        if raw["dataset"] in choices.datasets:
            f = replace(f, dataset=raw["dataset"])
        else:
            bad("dataset")
    if raw["pilot"] is not None:
        if raw["pilot"] in ("0", "1"):
            f = replace(f, pilot=raw["pilot"] == "1")
        else:
            bad("pilot")
    if raw["year"] is not None:
        try:
            year = int(raw["year"])
        except ValueError:
            year = None
        if year is not None and year in choices.years:
            f = replace(f, year=year)
        else:
            bad("year")
    if raw["goal"] is not None:
        try:
            goal = int(raw["goal"])
        except ValueError:
            goal = 0
        if goal in GOALS and goal in set(choices.indicators.values()):
            f = replace(f, goal=goal, indicator=choices.first_indicator(goal))
        else:
            bad("goal")
    if raw["indicator"] is not None:
        ind = raw["indicator"]
        if ind in choices.indicators:
            # The indicator decides its goal; a goal given alongside that disagrees is overruled.
            f = replace(f, indicator=ind, goal=choices.indicators[ind])
        else:
            bad("indicator")
    return f, notices


def apply_change(
    f: Filters, name: str, value: Any, goal_of: Mapping[str, int], with_data: frozenset[str], years: Sequence[int]
) -> Filters:
    """The filters after the user set ``name`` to ``value`` in a widget, with the rules that keep
    them consistent. ``with_data`` and ``years`` describe the dataset of the result (the new one
    when the dataset changed):

    * a new goal brings its first indicator that has data;
    * a new indicator brings its goal;
    * a new dataset keeps the year if it has one, else the latest year before it (or its latest
      year when it starts later), and keeps the indicator only if it has data there.
    """
    f = replace(f, **{name: value})
    if name == "goal":
        f = replace(f, indicator=first_indicator(goal_of, f.goal, with_data))
    elif name == "indicator":
        f = replace(f, goal=goal_of[f.indicator])
    elif name == "dataset":
        yrs = list(years) or [f.year]
        if f.year not in yrs:
            earlier = [y for y in yrs if y <= f.year]
            f = replace(f, year=max(earlier) if earlier else max(yrs))
        if f.indicator not in with_data:
            f = replace(f, indicator=first_indicator(goal_of, f.goal, with_data))
    return f
