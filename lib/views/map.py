"""Map page (pages/1_map.py): pure shaping of one measure across the 77 provinces.

DataFrames in, DataFrames out; no Streamlit, no I/O (the province geometry is read by
lib.store.geo and reaches the chart through the page).

Measures (URL parameter ``measure``; missing or invalid -> ``indicator``)
-------------------------------------------------------------------------
* ``indicator``: the selected indicator's latest total value in a year <= the selected
  year (the year of the value is shown with it, values of earlier years are drawn paler and
  the title names the years shown), as scored by lib.core.scoring; or, with "selected year
  only", the values of exactly that year.
* ``goal``: the selected goal's score (0-100) as of the selected year.
* ``index``: the SDG index (0-100) as of the selected year.

Ranks: 1 = best (highest value, or lowest for a lower-is-better indicator), ties share the
lowest rank, among all provinces with a value (``rank_all``) and among pilots with a value
(``rank_pilot``, pilots only).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from lib.core.scoring import Scores
from lib.core.vocab import pilot_mark
from lib.i18n import Lang, fmt_value, name_col, t, year_label
from lib.views.common import Measure, period, unit_of, with_demo_column

MEASURES: tuple[str, ...] = ("indicator", "goal", "index")
DEFAULT_MEASURE = "indicator"


def parse_measure(raw: str | None) -> tuple[str, str | None]:
    """(measure, the rejected raw value or None). Missing -> default, no complaint."""
    if raw is None or raw == "":
        return DEFAULT_MEASURE, None
    value = str(raw).strip().lower()
    if value in MEASURES:
        return value, None
    return DEFAULT_MEASURE, str(raw)[:40]


def measure_info(
    kind: str, indicator: pd.Series | Mapping[str, Any], goal: int, goal_label: str, lang: Lang
) -> Measure:
    """Label, unit, decimals and direction of a measure. ``indicator`` is the selected
    indicator's catalogue row; ``goal_label`` e.g. '3. Good Health and Well-being'."""
    if kind == "indicator":
        code = indicator.get("sdg_code")
        code = f"{code} " if isinstance(code, str) and code else ""
        return Measure(
            "indicator",
            f"{code}{indicator[name_col(lang)]}",
            unit_of(indicator, lang),
            int(indicator["decimals"]),
            indicator["direction"] == "higher",
        )
    if kind == "goal":
        return Measure("goal", t("map_goal_label", lang, goal=goal_label), t("map_unit_score", lang), 1, True)
    return Measure("index", t("col_index", lang), t("map_unit_score", lang), 1, True)


def values(kind: str, scores: Scores, indicator_id: str, goal: int, year: int, exact: bool = False) -> pd.DataFrame:
    """province_code, value, year (of the value) for the measure; provinces without a value absent.
    ``exact``: an indicator's values of exactly ``year`` only (no earlier latest values)."""
    if kind == "indicator":
        d = scores.indicator_level.loc[
            scores.indicator_level["indicator_id"] == indicator_id, ["province_code", "value", "year"]
        ]
        if exact:
            d = d.loc[d["year"] == year]
    elif kind == "goal":
        d = scores.goal_level.loc[scores.goal_level["goal"] == goal, ["province_code", "score"]]
        d = d.rename(columns={"score": "value"}).assign(year=year)
    else:
        d = scores.index_level[["province_code", "index"]].rename(columns={"index": "value"}).assign(year=year)
    d = d.loc[d["value"].notna()]
    return d.reset_index(drop=True)


def map_frame(
    vals: pd.DataFrame, provinces: pd.DataFrame, pilot_only: bool, higher_is_better: bool, lang: Lang
) -> pd.DataFrame:
    """One row per province (all 77, in ``provinces`` order).

    Columns: province_code, name, is_pilot, in_scope (pilot-only view: pilots only),
    value (NaN = none), year (<NA> = none), rank_all, n_all, rank_pilot (pilots only), n_pilot.
    """
    p = provinces[["code", name_col(lang), "is_pilot"]].rename(
        columns={"code": "province_code", name_col(lang): "name"}
    )
    out = p.merge(vals[["province_code", "value", "year"]], on="province_code", how="left")
    out["is_pilot"] = out["is_pilot"].astype(bool)
    out["value"] = out["value"].astype(float)
    out["year"] = out["year"].astype("Int64")
    out["in_scope"] = out["is_pilot"] if pilot_only else True
    asc = not higher_is_better
    out["rank_all"] = out["value"].rank(method="min", ascending=asc).astype("Int64")
    out["n_all"] = int(out["value"].notna().sum())
    pv = out["value"].where(out["is_pilot"])
    out["rank_pilot"] = pv.rank(method="min", ascending=asc).astype("Int64")
    out["n_pilot"] = int(pv.notna().sum())
    return out.reset_index(drop=True)


def shown_period(df: pd.DataFrame, selected: int, lang: Lang) -> str:
    """The period the map's values in scope are of (common.period)."""
    return period(df.loc[df["in_scope"], "year"], selected, lang)


def value_text(row: pd.Series | Mapping[str, Any], m: Measure, lang: Lang, unit: bool = True) -> str:
    """'12.3 % of population' ('12.3' with unit=False); 'No data' without a value."""
    v = row["value"]
    if pd.isna(v):
        return t("map_no_data", lang)
    return f"{fmt_value(float(v), m.decimals)} {m.unit}" if unit else fmt_value(float(v), m.decimals)


def rank_text(row: pd.Series | Mapping[str, Any], lang: Lang) -> str:
    """'12 of 77 provinces · 3 of 15 pilots' (pilot part for pilots only); '–' without a value."""
    if pd.isna(row["rank_all"]):
        return "–"
    text = t("map_rank_all", lang, rank=int(row["rank_all"]), n=int(row["n_all"]))
    if row["is_pilot"] and not pd.isna(row["rank_pilot"]):
        text += " · " + t("map_rank_pilot", lang, rank=int(row["rank_pilot"]), n=int(row["n_pilot"]))
    return text


def best_worst(df: pd.DataFrame, n: int = 5) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The best and the weakest provinces in scope that have a value (best first / weakest
    first): n of each, fewer when under 2n have a value, so no province is in both lists."""
    have = df.loc[df["in_scope"] & df["value"].notna()].sort_values(["rank_all", "province_code"])
    k_best = min(n, (len(have) + 1) // 2)
    k_worst = min(n, len(have) - k_best)
    best = have.head(k_best)
    worst = have.iloc[::-1].head(k_worst)
    return best.reset_index(drop=True), worst.reset_index(drop=True)


def short_table(rows: pd.DataFrame, m: Measure, lang: Lang) -> pd.DataFrame:
    """Province and value (with unit) for a best/weakest list."""
    return pd.DataFrame(
        {
            t("col_province", lang): [pilot_mark(n, p) for n, p in zip(rows["name"], rows["is_pilot"])],
            t("col_value", lang): [f"{fmt_value(v, m.decimals)} {m.unit}" for v in rows["value"]],
        }
    )


def map_table(df: pd.DataFrame, m: Measure, lang: Lang, demo: bool) -> pd.DataFrame:
    """Display table behind the map: every province, best first, no value last."""
    d = df.sort_values(["rank_all", "name"], na_position="last")
    table = pd.DataFrame(
        {
            t("col_rank", lang): [("–" if pd.isna(r) else str(int(r))) for r in d["rank_all"]],
            t("col_province", lang): d["name"],
            t("map_col_pilot", lang): d["is_pilot"],
            t("col_value", lang): d["value"].round(m.decimals),
            t("col_unit", lang): m.unit,
            t("col_year", lang): [year_label(None if pd.isna(y) else int(y), lang) for y in d["year"]],
            t("map_col_rank_pilot", lang): [("–" if pd.isna(r) else str(int(r))) for r in d["rank_pilot"]],
        }
    )
    return with_demo_column(table, lang, demo)
