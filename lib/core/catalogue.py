"""The catalogue: provinces (and which are pilots), goals, indicators and datasets, with their
names and units in both languages and the defaults a view opens on. Built from the frames the
store reads (lib.store.catalogue.load); pure, so views, the brief and tests share one rule."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import cast

import pandas as pd

from lib.core.collate import ranks
from lib.core.vocab import LANGS, DatasetKind, Lang, pilot_mark

DEFAULT_PROVINCE = "TH-10"  # Bangkok: the capital opens a view when no province is chosen
DEFAULT_GOAL = 1


def default_dataset(datasets: pd.DataFrame) -> str:
    """The dataset a view opens on: the real one, ``public``, whenever the database has it
    (demonstration data is an explicit choice); else the first listed (ministry, public, demo)."""
    names = [str(d) for d in datasets["dataset"]]
    if not names:
        raise ValueError("the database has no dataset")
    public = [n for n, k in zip(datasets["dataset"], datasets["kind"], strict=True) if k == DatasetKind.PUBLIC]
    return str(public[0]) if public else names[0]


def pilot_codes(provinces: pd.DataFrame) -> list[str]:
    """Codes of the pilot provinces, in catalogue order."""
    return [str(c) for c in provinces.loc[provinces["is_pilot"].astype(bool), "code"]]


def name_col(lang: Lang) -> str:
    """Column holding a name in this language (province, goal, indicator, partner...)."""
    return "name_th" if lang == "th" else "name_en"


@dataclass(frozen=True, eq=False)
class Catalogue:
    provinces: pd.DataFrame  # code, name_th, name_en, region, is_pilot, region_th, region_en, region_sort
    goals: pd.DataFrame  # goal, name_*, short_*, colour
    indicators: pd.DataFrame  # indicator_id, goal, names, unit, unit_th, bounds, ... goal_colour
    datasets: pd.DataFrame  # dataset, kind, names, n_obs, first_year, latest_year, ...

    # ----- provinces
    @cached_property
    def province_codes(self) -> list[str]:
        return [str(c) for c in self.provinces["code"]]

    @cached_property
    def pilot_codes(self) -> list[str]:
        return pilot_codes(self.provinces)

    @property
    def n_provinces(self) -> int:
        return len(self.provinces)

    @property
    def n_pilots(self) -> int:
        return len(self.pilot_codes)

    def scope_codes(self, pilot_only: bool) -> list[str]:
        """Provinces in view: the pilots, or every province when pilot-only is off."""
        return self.pilot_codes if pilot_only else self.province_codes

    def is_pilot(self, code: str) -> bool:
        return code in self._pilot_set

    @cached_property
    def _pilot_set(self) -> frozenset[str]:
        return frozenset(self.pilot_codes)

    def province_name(self, code: str, lang: Lang, mark_pilot: bool = False) -> str:
        return self.province_names(lang, mark_pilot).get(code, code)

    def province_names(self, lang: Lang, mark_pilot: bool = False) -> dict[str, str]:
        """code -> name (with the pilot mark when asked). Made once per language: shared, read-only."""
        return self._province_names[(lang, mark_pilot)]

    @cached_property
    def _province_names(self) -> dict[tuple[Lang, bool], dict[str, str]]:
        out: dict[tuple[Lang, bool], dict[str, str]] = {}
        for lang in LANGS:
            col = name_col(lang)
            rows = list(zip(self.provinces["code"], self.provinces[col], self.provinces["is_pilot"], strict=True))
            for mark in (False, True):
                out[(lang, mark)] = {str(c): pilot_mark(str(n), bool(p)) if mark else str(n) for c, n, p in rows}
        return out

    def provinces_pilots_first(self, lang: Lang) -> list[str]:
        """Codes as a province picker lists them: pilots first, then by name (Thai dictionary order)."""
        return self._pilots_first[lang]

    @cached_property
    def _pilots_first(self) -> dict[Lang, list[str]]:
        out: dict[Lang, list[str]] = {}
        for lang in LANGS:
            names = self.provinces[name_col(lang)].astype(str)
            rank = ranks(names)
            rows = zip(self.provinces["code"], names, self.provinces["is_pilot"], strict=True)
            out[lang] = [str(c) for c, _, _ in sorted(rows, key=lambda r: (not bool(r[2]), rank[r[1]]))]
        return out

    # ----- goals
    @cached_property
    def goal_ids(self) -> list[int]:
        return [int(g) for g in self.goals["goal"]]

    def goal_name(self, goal: int, lang: Lang, short: bool = True) -> str:
        """'1. No poverty' (short, numbered) or the full name."""
        return self._goal_names[(int(goal), lang, short)]

    @cached_property
    def _goal_names(self) -> dict[tuple[int, Lang, bool], str]:
        """Every goal's names, made once: a picker labels each option on every run."""
        out: dict[tuple[int, Lang, bool], str] = {}
        for row in self.goals.to_dict("records"):
            g = int(row["goal"])
            for lang in LANGS:
                out[(g, lang, True)] = f"{g}. {row['short_' + lang]}"
                out[(g, lang, False)] = str(row["name_" + lang])
        return out

    # ----- indicators
    def indicator(self, indicator_id: str) -> pd.Series:
        rows = self._indicator_rows
        if indicator_id not in rows:
            rows[indicator_id] = self.indicators.loc[self.indicators["indicator_id"] == indicator_id].iloc[0]
        return rows[indicator_id]

    @cached_property
    def _indicator_rows(self) -> dict[str, pd.Series]:
        """Rows looked up so far (a page asks for the same few on every run)."""
        return {}

    def indicator_name(self, indicator_id: str, lang: Lang) -> str:
        return str(self.indicator(indicator_id)[name_col(lang)])

    def unit(self, indicator_id: str, lang: Lang) -> str:
        return str(self.indicator(indicator_id)["unit_th" if lang == "th" else "unit"])

    @cached_property
    def goal_of(self) -> dict[str, int]:
        """indicator_id -> goal, in catalogue order."""
        return {str(i): int(g) for i, g in zip(self.indicators["indicator_id"], self.indicators["goal"], strict=True)}

    def indicators_of(self, goal: int) -> tuple[str, ...]:
        """The goal's indicator ids, in catalogue order."""
        return tuple(i for i, g in self.goal_of.items() if g == goal)

    # ----- datasets
    @cached_property
    def dataset_ids(self) -> list[str]:
        return [str(d) for d in self.datasets["dataset"]]

    @cached_property
    def default_dataset(self) -> str:
        return default_dataset(self.datasets)

    def kind(self, dataset: str) -> str:
        return self._kinds[dataset]

    @cached_property
    def _kinds(self) -> dict[str, str]:
        return {str(d): str(k) for d, k in zip(self.datasets["dataset"], self.datasets["kind"], strict=True)}

    def is_demo(self, dataset: str) -> bool:
        return self.kind(dataset) == DatasetKind.DEMO

    def dataset_row(self, dataset: str) -> pd.Series:
        return cast(pd.Series, self.datasets.set_index("dataset").loc[dataset])  # dataset ids are unique

    def dataset_name(self, dataset: str, lang: Lang) -> str:
        return self._dataset_names[(dataset, lang)]

    @cached_property
    def _dataset_names(self) -> dict[tuple[str, Lang], str]:
        return {
            (str(r["dataset"]), lang): str(r[name_col(lang)])
            for r in self.datasets.to_dict("records")
            for lang in LANGS
        }

    def datasets_of_kind(self, kind: DatasetKind) -> list[str]:
        return [str(d) for d in self.datasets.loc[self.datasets["kind"] == kind, "dataset"]]
