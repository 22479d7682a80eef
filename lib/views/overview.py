"""Overview (app.py): pure shaping of the pilot provinces at a glance.

DataFrames in, DataFrames out; no Streamlit, no I/O. Canonical frames feed
lib.charts.overview; ``*_table`` functions return display tables whose headers, names,
years (B.E. in Thai) and labels are in the chosen language.

Definitions used on the page
----------------------------
* Scope: the 15 pilots, or all 77 provinces when pilot-only is off (``Ctx.scope_codes``).
* Pilot average / national average: the plain mean of the SDG indices of the pilots /
  of all 77 provinces that have an index (not population-weighted; provinces without an
  index are left out and counted separately).
* Missing share for a year: of the (province, catalogue indicator) pairs of a group,
  the share with no total value observed in exactly that year.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from lib.core.vocab import Status, Trend
from lib.i18n import Lang, fmt_value, name_col, t, year_label
from lib.i18n.labels import kind_label, status_label, trend_label
from lib.views.common import opt_float, with_demo_column, year_span

# ---------------------------------------------------------------- KPIs


@dataclass(frozen=True)
class Kpis:
    n_scope: int  # provinces in scope (15 or 77)
    n_with_index: int  # of those, how many have an index
    mean: float | None  # mean index over those with one
    best: str | None  # province code
    best_index: float | None
    weakest: str | None
    weakest_index: float | None


def kpis(index_level: pd.DataFrame, scope: Collection[str]) -> Kpis:
    """Headline numbers of the provinces in ``scope`` (ties: the lower code wins)."""
    scope = set(scope)
    have = index_level.loc[index_level["province_code"].isin(scope) & index_level["index"].notna()]
    have = have.sort_values(["index", "province_code"], ascending=[False, True])
    if have.empty:
        return Kpis(len(scope), 0, None, None, None, None, None)
    worst = have.sort_values(["index", "province_code"], ascending=[True, True]).iloc[0]
    return Kpis(
        n_scope=len(scope),
        n_with_index=len(have),
        mean=float(have["index"].mean()),
        best=str(have.iloc[0]["province_code"]),
        best_index=float(have.iloc[0]["index"]),
        weakest=str(worst["province_code"]),
        weakest_index=float(worst["index"]),
    )


@dataclass(frozen=True)
class Coverage:
    """What the scores of the provinces in scope rest on (shown when no index can be computed)."""

    n_goals: int  # goals with a score for at least one province in scope
    n_indicators: int  # indicators with a value for at least one province in scope
    n_provinces: int  # provinces in scope with at least one value
    span: tuple[int, int] | None  # years of those values


def coverage(indicator_level: pd.DataFrame, goal_level: pd.DataFrame, scope: Collection[str]) -> Coverage:
    """How many goals, indicators and provinces of ``scope`` have data, and of which years."""
    scope = set(scope)
    ind = indicator_level.loc[indicator_level["province_code"].isin(scope) & indicator_level["value"].notna()]
    goals = goal_level.loc[goal_level["province_code"].isin(scope) & goal_level["score"].notna(), "goal"]
    return Coverage(
        n_goals=int(goals.nunique()),
        n_indicators=int(ind["indicator_id"].nunique()),
        n_provinces=int(ind["province_code"].nunique()),
        span=year_span(ind["year"]),
    )


@dataclass(frozen=True)
class Averages:
    pilot: float | None
    national: float | None
    n_pilot: int  # pilots with an index
    n_national: int  # provinces with an index


def averages(index_level: pd.DataFrame, pilots: Collection[str]) -> Averages:
    """Mean index of the pilots and of all provinces (those with an index)."""
    have = index_level.loc[index_level["index"].notna()]
    p = have.loc[have["province_code"].isin(set(pilots)), "index"]
    return Averages(
        opt_float(p.mean()) if len(p) else None,
        opt_float(have["index"].mean()) if len(have) else None,
        len(p),
        len(have),
    )


# ---------------------------------------------------------------- ranking


def ranking(index_level: pd.DataFrame, provinces: pd.DataFrame, scope: Collection[str], lang: Lang) -> pd.DataFrame:
    """Provinces in ``scope``, best index first; those without an index last (by name).

    Columns: province_code, name, is_pilot, index (NaN = none), rank (rank among the
    scope's provinces with an index, <NA> without), n_missing (indicators without data).
    """
    scope = set(scope)
    p = provinces.loc[provinces["code"].isin(scope), ["code", name_col(lang), "is_pilot"]]
    p = p.rename(columns={"code": "province_code", name_col(lang): "name"})
    out = p.merge(index_level[["province_code", "index", "n_missing"]], on="province_code", how="left")
    out["is_pilot"] = out["is_pilot"].astype(bool)
    out["index"] = out["index"].astype(float)
    out["rank"] = out["index"].rank(method="min", ascending=False).astype("Int64")
    out["has"] = out["index"].notna()
    out = out.sort_values(["has", "index", "name"], ascending=[False, False, True]).drop(columns="has")
    return out.reset_index(drop=True)[["province_code", "name", "is_pilot", "index", "rank", "n_missing"]]


def ranking_table(rank: pd.DataFrame, n_indicators: int, lang: Lang, demo: bool) -> pd.DataFrame:
    table = pd.DataFrame(
        {
            t("col_rank", lang): [("–" if pd.isna(r) else int(r)) for r in rank["rank"]],
            t("col_province", lang): rank["name"],
            t("ov_col_pilot", lang): rank["is_pilot"].astype(bool),
            t("col_index", lang): rank["index"].round(1),
            t("ov_col_missing", lang): [
                f"{int(m)} / {n_indicators}" if not pd.isna(m) else f"{n_indicators} / {n_indicators}"
                for m in rank["n_missing"]
            ],
        }
    )
    table[t("col_rank", lang)] = table[t("col_rank", lang)].astype(str)
    return with_demo_column(table, lang, demo)


# ---------------------------------------------------------------- status grid


def grid(goal_level: pd.DataFrame, goals: pd.DataFrame, rank: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """Long frame of the status grid: every province of ``rank`` (in its order) x the 17 goals.

    Columns: row (0 = top), province_code, name, is_pilot, goal, goal_label ('1. No Poverty'),
    goal_colour, score (NaN = none), status (grey when missing), code (0 green .. 4 grey),
    trend (• when missing), status_label, trend_label.
    """
    rows = rank[["province_code", "name", "is_pilot"]].reset_index(drop=True)
    rows["row"] = np.arange(len(rows))
    g = goals[["goal", f"short_{lang}", "colour"]].rename(columns={f"short_{lang}": "short", "colour": "goal_colour"})
    full = rows.merge(g, how="cross")
    gl = goal_level[["province_code", "goal", "score", "status", "trend"]]
    out = full.merge(gl, on=["province_code", "goal"], how="left")
    out["goal"] = out["goal"].astype(int)
    out["score"] = out["score"].astype(float)
    out["status"] = [str(Status.of(s)) for s in out["status"]]
    out.loc[out["score"].isna(), "status"] = str(Status.GREY)
    out["code"] = [Status(s).code for s in out["status"]]
    out["trend"] = [str(Trend.of(x)) for x in out["trend"]]
    out["goal_label"] = out["goal"].astype(str) + ". " + out["short"].astype(str)
    out["status_label"] = [status_label(s, lang) for s in out["status"]]
    out["trend_label"] = [trend_label(x, lang) for x in out["trend"]]
    out = out.sort_values(["row", "goal"]).reset_index(drop=True)
    return out[
        [
            "row",
            "province_code",
            "name",
            "is_pilot",
            "goal",
            "goal_label",
            "goal_colour",
            "score",
            "status",
            "code",
            "trend",
            "status_label",
            "trend_label",
        ]
    ]


def grid_cell(cells: pd.DataFrame, row: object, column: object) -> tuple[str, int] | None:
    """(province code, goal) of the status table's cell at row position ``row`` and the column
    headed ``column`` (a goal number, lib.charts.overview.status_table); None for anything else
    (the names column, a row that is not there: a selection kept from another view)."""
    try:
        r, goal = int(str(row)), int(str(column))
    except (TypeError, ValueError):
        return None
    hit = cells.loc[(cells["row"] == r) & (cells["goal"] == goal), "province_code"]
    return (str(hit.iloc[0]), goal) if len(hit) else None


def goal_key(goals: pd.DataFrame, lang: Lang) -> str:
    """The status grid's column key, one line: '1 No Poverty · 2 Zero Hunger · …' (the grid
    heads its columns with the goal numbers only)."""
    return " · ".join(f"**{int(g)}** {n}" for g, n in zip(goals["goal"], goals[f"short_{lang}"]))


def goal_help(goals: pd.DataFrame, lang: Lang) -> dict[str, str]:
    """The hover of each goal column of the status table: '1. No Poverty: End poverty in all
    its forms everywhere', keyed by the column's heading (the goal number)."""
    return {
        str(int(g)): f"{int(g)}. {short}: {name}"
        for g, short, name in zip(goals["goal"], goals[f"short_{lang}"], goals[f"name_{lang}"])
    }


def grid_table(cells: pd.DataFrame, lang: Lang, demo: bool) -> pd.DataFrame:
    table = pd.DataFrame(
        {
            t("col_province", lang): cells["name"],
            t("col_goal", lang): cells["goal_label"],
            t("col_score", lang): cells["score"].round(1),
            t("col_status", lang): cells["status_label"],
            t("col_trend", lang): cells["trend_label"],
        }
    )
    return with_demo_column(table, lang, demo)


# ---------------------------------------------------------------- national picture


def national(index_level: pd.DataFrame, provinces: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """All provinces with an index: province_code, name, is_pilot, index, rank_all, rank_pilot."""
    p = provinces[["code", name_col(lang), "is_pilot"]].rename(
        columns={"code": "province_code", name_col(lang): "name"}
    )
    out = p.merge(index_level, on="province_code", how="inner")
    out = out.loc[out["index"].notna()].sort_values(["index", "province_code"], ascending=[False, True])
    out["is_pilot"] = out["is_pilot"].astype(bool)
    return out.reset_index(drop=True)[["province_code", "name", "is_pilot", "index", "rank_all", "rank_pilot"]]


def national_table(nat: pd.DataFrame, lang: Lang, demo: bool) -> pd.DataFrame:
    table = pd.DataFrame(
        {
            t("ov_col_rank_all", lang): nat["rank_all"].astype("Int64").astype(str),
            t("col_province", lang): nat["name"],
            t("ov_col_pilot", lang): nat["is_pilot"],
            t("col_index", lang): nat["index"].round(1),
        }
    )
    return with_demo_column(table, lang, demo)


def goal_comparison(goal_level: pd.DataFrame, goals: pd.DataFrame, pilots: Collection[str], lang: Lang) -> pd.DataFrame:
    """Per goal: mean goal score of the pilots and of all provinces (those with a score).

    Columns: goal, label ('1. No Poverty'), goal_colour, pilot, national (NaN = none),
    n_pilot, n_national.
    """
    have = goal_level.loc[goal_level["score"].notna()]
    nat = (
        have.groupby("goal")["score"].agg(["mean", "count"]).rename(columns={"mean": "national", "count": "n_national"})
    )
    pil = have.loc[have["province_code"].isin(set(pilots))].groupby("goal")["score"].agg(["mean", "count"])
    pil = pil.rename(columns={"mean": "pilot", "count": "n_pilot"})
    g = goals[["goal", f"short_{lang}", "colour"]].rename(columns={f"short_{lang}": "short", "colour": "goal_colour"})
    out = g.merge(pil, on="goal", how="left").merge(nat, on="goal", how="left")
    out["goal"] = out["goal"].astype(int)
    out["label"] = out["goal"].astype(str) + ". " + out["short"].astype(str)
    for c in ("n_pilot", "n_national"):
        out[c] = out[c].fillna(0).astype(int)
    return out.sort_values("goal").reset_index(drop=True)[
        ["goal", "label", "goal_colour", "pilot", "national", "n_pilot", "n_national"]
    ]


def goal_comparison_table(cmp: pd.DataFrame, lang: Lang, demo: bool) -> pd.DataFrame:
    table = pd.DataFrame(
        {
            t("col_goal", lang): cmp["label"],
            t("ov_pilot_avg", lang): cmp["pilot"].round(1),
            t("ov_national_avg", lang): cmp["national"].round(1),
            t("ov_col_gap", lang): (cmp["pilot"] - cmp["national"]).round(1),
        }
    )
    return with_demo_column(table, lang, demo)


# ---------------------------------------------------------------- data vintage and gaps


def vintage_table(datasets: pd.DataFrame, selected: str, lang: Lang) -> pd.DataFrame:
    """Every dataset with its kind, years covered (latest first in importance) and size."""

    def years(a: Any, b: Any) -> str:
        if pd.isna(a) or pd.isna(b):
            return "–"
        return f"{year_label(int(a), lang)}–{year_label(int(b), lang)}"

    return pd.DataFrame(
        {
            t("col_dataset", lang): [
                f"{n}{' ◀' if d == selected else ''}" for d, n in zip(datasets["dataset"], datasets[name_col(lang)])
            ],
            t("ov_col_kind", lang): [kind_label(k, lang) for k in datasets["kind"]],
            t("ov_col_latest", lang): [
                year_label(None if pd.isna(y) else int(y), lang) for y in datasets["latest_year"]
            ],
            t("ov_col_years", lang): [years(a, b) for a, b in zip(datasets["first_year"], datasets["latest_year"])],
            t("ov_col_n_obs", lang): [fmt_value(float(n), 0) for n in datasets["n_obs"]],
            t("ov_col_n_ind", lang): datasets["n_indicators"].astype(int),
            t("ov_col_n_prov", lang): datasets["n_provinces"].astype(int),
        }
    )


@dataclass(frozen=True)
class Missing:
    n_expected: int  # provinces x catalogue indicators
    n_missing: int

    @property
    def share(self) -> float:
        return self.n_missing / self.n_expected if self.n_expected else 0.0


def missing(presence: pd.DataFrame, n_indicators: int, codes: Collection[str]) -> Missing:
    """Missing (province, indicator) values in the year of ``presence`` for the provinces ``codes``.

    ``presence``: queries.presence (goal, province_code, n = indicators with a value);
    ``n_indicators``: the catalogue's size.
    """
    codes = set(codes)
    n_have = int(presence.loc[presence["province_code"].isin(codes), "n"].sum())
    expected = len(codes) * n_indicators
    return Missing(expected, expected - n_have)


def missing_by_goal(
    presence: pd.DataFrame,
    indicators: pd.DataFrame,
    pilots: Collection[str],
    all_codes: Collection[str],
    goals: pd.DataFrame,
    lang: Lang,
) -> pd.DataFrame:
    """Display table: per goal, the share (%) of values missing for pilots and all
    (``presence`` as from queries.presence for the year)."""
    n_ind = indicators.groupby("goal")["indicator_id"].nunique()
    order = goals.sort_values("goal")
    ids = order["goal"].astype(int).tolist()
    n = n_ind.reindex(ids, fill_value=0).astype(int)
    shares = []
    for codes in (set(pilots), set(all_codes)):  # values present per goal, summed in one pass
        have = presence.loc[presence["province_code"].isin(codes)].groupby("goal")["n"].sum()
        have = have.reindex(ids, fill_value=0).astype(float)
        share = 100.0 * (1 - have / (n * len(codes)))
        shares.append([round(float(v), 1) for v in share.where((n > 0) & bool(codes))])
    names = [f"{g}. {s}" for g, s in zip(ids, order[f"short_{lang}"], strict=True)]
    rows = list(zip(names, n.tolist(), shares[0], shares[1], strict=True))
    return pd.DataFrame(
        rows,
        columns=[
            t("col_goal", lang),
            t("ov_col_n_ind", lang),
            t("ov_missing_pilots_pct", lang),
            t("ov_missing_all_pct", lang),
        ],
    )
