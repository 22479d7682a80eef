"""What a page gets from ``frame()``: the filters, the catalogue and language helpers."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from lib.app import data
from lib.core import scoring
from lib.core.catalogue import Catalogue, name_col
from lib.core.filters import Filters, Notice
from lib.core.vocab import Lang
from lib.i18n import t, year_label


@dataclass
class Ctx:
    f: Filters
    cat: Catalogue
    years: list[int]
    notices: list[Notice] = field(default_factory=list)
    present: bool = False  # presentation mode (projector): see lib/core/present.py

    # the catalogue's frames, as pages use them
    @property
    def provinces(self) -> pd.DataFrame:
        return self.cat.provinces

    @property
    def goals(self) -> pd.DataFrame:
        return self.cat.goals

    @property
    def indicators(self) -> pd.DataFrame:
        return self.cat.indicators

    @property
    def datasets(self) -> pd.DataFrame:
        return self.cat.datasets

    @property
    def lang(self) -> Lang:
        return self.f.lang

    def t(self, key: str, **fmt: object) -> str:
        return t(key, self.lang, **fmt)

    def year(self, y: int | None) -> str:
        return year_label(y, self.lang)

    @property
    def name(self) -> str:
        return name_col(self.lang)

    def province_name(self, code: str, mark_pilot: bool = False) -> str:
        return self.cat.province_name(code, self.lang, mark_pilot)

    def goal_name(self, goal: int, short: bool = True) -> str:
        return self.cat.goal_name(goal, self.lang, short)

    def indicator(self, indicator_id: str | None = None) -> pd.Series:
        return self.cat.indicator(indicator_id or self.f.indicator)

    def indicator_name(self, indicator_id: str | None = None) -> str:
        return self.cat.indicator_name(indicator_id or self.f.indicator, self.lang)

    def unit(self, indicator_id: str | None = None) -> str:
        return self.cat.unit(indicator_id or self.f.indicator, self.lang)

    @property
    def dataset_name(self) -> str:
        """The selected dataset's name in the UI language."""
        return self.cat.dataset_name(self.f.dataset, self.lang)

    @property
    def kind(self) -> str:
        return self.cat.kind(self.f.dataset)

    @property
    def is_demo(self) -> bool:
        return self.cat.is_demo(self.f.dataset)

    @property
    def pilot_codes(self) -> list[str]:
        return self.cat.pilot_codes

    @property
    def province_codes(self) -> list[str]:
        return self.cat.province_codes

    def scope_codes(self) -> list[str]:
        """Provinces in view: the pilots, or all provinces when pilot-only is off."""
        return self.cat.scope_codes(self.f.pilot)

    def scores(self) -> scoring.Scores:
        return data.scores(self.f.dataset, self.f.year)

    def link_params(self, **overrides: Any) -> dict[str, str]:
        return replace(self.f, **overrides).to_params() if overrides else self.f.to_params()
