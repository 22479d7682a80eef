"""Goal explorer (pages/3_goal.py): pure shaping of one goal across provinces.

DataFrames in, DataFrames out; no Streamlit, no I/O. Canonical frames feed
lib.charts.goal; ``*_table`` functions return display tables in the chosen language.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import pandas as pd

from lib.core.collate import thai_sorted
from lib.core.vocab import pilot_mark
from lib.i18n import Lang, fmt_value, name_col, t, year_label
from lib.i18n.labels import status_label, trend_label
from lib.i18n.publishers import publisher_label
from lib.views.common import unit_of, with_demo_column

N_COMPARE = 3  # provinces added to the selected one in the trend chart by default


def catalogue_table(
    indicators: pd.DataFrame, goal: int, lang: Lang, coverage: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The goal's indicators: name, SDG code, unit, direction, bounds, publisher
    [, provinces with data: the latest year's count from queries.coverage]."""
    rows = indicators.loc[indicators["goal"] == goal].reset_index(drop=True)

    def bound(col: str) -> list[str]:
        return [fmt_value(v, int(d)) for v, d in zip(rows[col], rows["decimals"])]

    table = pd.DataFrame(
        {
            t("col_indicator", lang): rows[name_col(lang)].astype(str),
            t("goal_col_sdg_code", lang): [
                c if isinstance(c, str) and c else t("goal_national_only", lang) for c in rows["sdg_code"]
            ],
            t("col_unit", lang): [unit_of(r, lang) for _, r in rows.iterrows()],
            t("goal_col_direction", lang): [t(f"goal_dir_{d}", lang) for d in rows["direction"]],
            t("goal_col_optimum", lang): bound("optimum"),
            t("goal_col_green", lang): bound("green_threshold"),
            t("goal_col_red", lang): bound("red_threshold"),
            t("goal_col_lower", lang): bound("lower_bound"),
            t("goal_col_publisher", lang): [publisher_label(x, lang) for x in rows["publisher"]],
        }
    )
    if coverage is not None:
        latest = coverage.sort_values("year").groupby("indicator_id").tail(1).set_index("indicator_id")
        table[t("goal_col_provinces", lang)] = [
            f"{int(latest.loc[i, 'n_provinces'])} ({year_label(int(latest.loc[i, 'year']), lang)})"
            if i in latest.index
            else "–"
            for i in rows["indicator_id"]
        ]
    return table


def ranking(
    goal_level: pd.DataFrame, provinces: pd.DataFrame, goal: int, scope: Collection[str], lang: Lang
) -> pd.DataFrame:
    """Provinces in ``scope`` with their score on ``goal``, best first (ties: by code).

    Provinces without a score are left out (see :func:`unscored`). Columns: rank,
    province_code, name (with ' ★' for pilots), is_pilot, score, status, trend,
    status_label, trend_label.
    """
    scope = set(scope)
    g = goal_level.loc[
        (goal_level["goal"] == goal) & goal_level["province_code"].isin(scope) & goal_level["score"].notna(),
        ["province_code", "score", "status", "trend"],
    ]
    p = provinces[["code", name_col(lang), "is_pilot"]].rename(
        columns={"code": "province_code", name_col(lang): "pname"}
    )
    out = g.merge(p, on="province_code", how="left")
    out = out.sort_values(["score", "province_code"], ascending=[False, True]).reset_index(drop=True)
    out["rank"] = out["score"].rank(method="min", ascending=False).astype(int)
    out["is_pilot"] = out["is_pilot"].astype(bool)
    out["name"] = [pilot_mark(n, p) for n, p in zip(out["pname"].astype(str), out["is_pilot"])]
    out["status_label"] = [status_label(s, lang) for s in out["status"]]
    out["trend_label"] = [trend_label(x, lang) for x in out["trend"]]
    return out[["rank", "province_code", "name", "is_pilot", "score", "status", "trend", "status_label", "trend_label"]]


def unscored(rank: pd.DataFrame, provinces: pd.DataFrame, scope: Collection[str], lang: Lang) -> list[str]:
    """Names of the provinces in scope that have no score (Thai dictionary order)."""
    missing = set(scope) - set(rank["province_code"])
    p = provinces.loc[provinces["code"].isin(missing)]
    return thai_sorted(p[name_col(lang)].astype(str))


def ranking_table(rank: pd.DataFrame, lang: Lang, demo: bool) -> pd.DataFrame:
    table = pd.DataFrame(
        {
            t("col_rank", lang): rank["rank"],
            t("col_province", lang): rank["name"],
            t("col_score", lang): rank["score"].round(1),
            t("col_status", lang): rank["status_label"],
            t("col_trend", lang): rank["trend_label"],
        }
    )
    return with_demo_column(table, lang, demo)


def default_selection(selected: str, rank: pd.DataFrame, pool: Sequence[str], n: int = N_COMPARE) -> list[str]:
    """The selected province plus n others to compare with: the best, the middle and the weakest
    of ``rank`` (other than the selected one; with k others, positions i * (k - 1) / (n - 1)
    rounded half up); topped up from ``pool`` (in order) when the ranking is short.
    Order: selected first, then best to weakest."""
    others = [c for c in rank["province_code"] if c != selected]
    if len(others) > n:
        idx = sorted({int(i * (len(others) - 1) / (n - 1) + 0.5) for i in range(n)}) if n > 1 else [0]
        picks = [others[i] for i in idx]
    else:
        picks = list(others)
    for c in pool:
        if len(picks) >= n:
            break
        if c != selected and c not in picks:
            picks.append(c)
    return [selected] + picks[:n]


def trend_pool(obs: pd.DataFrame, pilots: Sequence[str]) -> list[str]:
    """Provinces to top the trend chart's default up from: pilots with data, then every province
    with data (by code), then the other pilots."""
    have = set(obs["province_code"])
    return list(dict.fromkeys([c for c in pilots if c in have] + sorted(have) + list(pilots)))


def trend_series(obs: pd.DataFrame, codes: Sequence[str]) -> pd.DataFrame:
    """province_code, year, value for the chosen provinces (totals), in the order chosen."""
    order = {c: i for i, c in enumerate(codes)}
    out = obs.loc[obs["province_code"].isin(order), ["province_code", "year", "value"]].dropna(subset=["value"])
    out = out.assign(o=out["province_code"].map(order)).sort_values(["o", "year"]).drop(columns="o")
    return out.reset_index(drop=True)


def trend_table(s: pd.DataFrame, names: dict[str, str], lang: Lang, demo: bool) -> pd.DataFrame:
    """Wide: one row per province, one column per year (B.E. in Thai)."""
    if s.empty:
        return with_demo_column(pd.DataFrame(columns=[t("col_province", lang)]), lang, demo)
    wide = s.pivot_table(index="province_code", columns="year", values="value", aggfunc="mean", sort=False)
    wide = wide.reindex(columns=sorted(wide.columns))
    wide.columns = [year_label(int(y), lang) for y in wide.columns]
    wide.insert(0, t("col_province", lang), [names.get(c, c) for c in wide.index])
    return with_demo_column(wide.reset_index(drop=True), lang, demo)


def distribution(indicator_level: pd.DataFrame, provinces: pd.DataFrame, indicator_id: str, lang: Lang) -> pd.DataFrame:
    """Every province's latest value of one indicator (as scored): province_code, name,
    is_pilot, value, year, score, status, status_label; sorted by value."""
    rows = indicator_level.loc[
        indicator_level["indicator_id"] == indicator_id, ["province_code", "value", "year", "score", "status"]
    ]
    p = provinces[["code", name_col(lang), "is_pilot"]].rename(
        columns={"code": "province_code", name_col(lang): "name"}
    )
    out = rows.merge(p, on="province_code", how="left").sort_values(["value", "province_code"])
    out["is_pilot"] = out["is_pilot"].astype(bool)
    out["status_label"] = [status_label(s, lang) for s in out["status"]]
    return out[["province_code", "name", "is_pilot", "value", "year", "score", "status", "status_label"]].reset_index(
        drop=True
    )


def distribution_table(d: pd.DataFrame, unit: str, decimals: int, lang: Lang, demo: bool) -> pd.DataFrame:
    table = pd.DataFrame(
        {
            t("col_province", lang): pd.Series(
                [pilot_mark(n, p) for n, p in zip(d["name"], d["is_pilot"])], index=d.index, dtype=object
            ),
            t("col_value", lang): d["value"].round(int(decimals)),
            t("col_unit", lang): unit,
            t("col_year", lang): [year_label(int(y), lang) for y in d["year"]],
            t("col_score", lang): d["score"].round(1),
            t("col_status", lang): d["status_label"],
        }
    )
    return with_demo_column(table, lang, demo)
