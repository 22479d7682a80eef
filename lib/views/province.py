"""Province profile (pages/2_province.py): pure shaping of one province's SDG picture.

DataFrames in, DataFrames out; no Streamlit, no I/O. Frames with canonical columns feed the
figure builders in lib.charts.province; ``*_table`` functions return display tables whose
column headers, names, units, years (B.E. in Thai) and labels are already in the chosen
language. Small helpers shared with the goal explorer (labels, demo column) live here too.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import cast

import numpy as np
import pandas as pd

from lib.core.collate import ranks
from lib.core.vocab import Status, Trend
from lib.i18n import Lang, name_col, t, year_label
from lib.i18n.labels import status_label, trend_label
from lib.i18n.publishers import publisher_label
from lib.views.common import date_label, list_of, opt_int, unit_of, value_with_unit, with_demo_column

WEAK_CHART_PER_GOAL = 10  # indicators per weak goal drawn in the chart (a national catalogue has ~20)
N_WEAKEST = 3
# Display widths of the page's table columns (string key -> small / medium / large).
COLUMN_WIDTHS: dict[str, str | int] = {
    "col_goal": "small",
    "col_indicator": "large",
    "col_year": "small",
    "col_partner": "medium",
    "col_activity": "large",
    "prov_col_statement": 260,
    "prov_col_topic": 330,
    "prov_col_note": 220,
}


# ---------------------------------------------------------------- headline


@dataclass(frozen=True)
class Headline:
    code: str
    is_pilot: bool
    index: float | None
    rank_pilot: int | None  # None for a non-pilot or without an index
    rank_all: int | None
    n_ranked_pilot: int  # pilots that have an index
    n_ranked_all: int  # provinces that have an index
    n_missing: int  # indicators without data (all of them if the province has none)
    n_indicators: int  # catalogue size


def headline(index_level: pd.DataFrame, code: str, pilots: Collection[str], n_indicators: int) -> Headline:
    """Index and ranks of one province from Scores.index_level (absent province -> no index)."""
    pilots = set(pilots)
    has = index_level["index"].notna()
    row = index_level.loc[index_level["province_code"] == code]

    if len(row):
        r = row.iloc[0]
        index = None if pd.isna(r["index"]) else float(r["index"])
        rank_p, rank_a, missing = opt_int(r["rank_pilot"]), opt_int(r["rank_all"]), int(r["n_missing"])
    else:
        index, rank_p, rank_a, missing = None, None, None, n_indicators
    return Headline(
        code=code,
        is_pilot=code in pilots,
        index=index,
        rank_pilot=rank_p if code in pilots else None,
        rank_all=rank_a,
        n_ranked_pilot=int((has & index_level["province_code"].isin(pilots)).sum()),
        n_ranked_all=int(has.sum()),
        n_missing=missing,
        n_indicators=n_indicators,
    )


# ---------------------------------------------------------------- goals


def goal_strip(goal_level: pd.DataFrame, goals: pd.DataFrame, code: str, lang: Lang) -> pd.DataFrame:
    """One row per goal (all 17, in order) for one province.

    Columns: goal, label ('1. No poverty'), name, goal_colour, score (NaN = none), status
    (grey when missing), trend (• when missing), status_label, trend_label,
    n_indicators, n_missing.
    """
    g = goals[["goal", f"short_{lang}", f"name_{lang}", "colour"]].rename(
        columns={f"short_{lang}": "short", f"name_{lang}": "name", "colour": "goal_colour"}
    )
    mine = goal_level.loc[
        goal_level["province_code"] == code, ["goal", "score", "status", "trend", "n_indicators", "n_missing"]
    ]
    out = g.merge(mine, on="goal", how="left").sort_values("goal").reset_index(drop=True)
    out["goal"] = out["goal"].astype(int)
    out["status"] = [str(Status.of(s)) for s in out["status"]]
    out["trend"] = [str(Trend.of(x)) for x in out["trend"]]
    out["score"] = out["score"].astype(float)
    out["label"] = out["goal"].astype(str) + ". " + out["short"].astype(str)
    out["status_label"] = [status_label(s, lang) for s in out["status"]]
    out["trend_label"] = [trend_label(x, lang) for x in out["trend"]]
    return out[
        [
            "goal",
            "label",
            "name",
            "goal_colour",
            "score",
            "status",
            "trend",
            "status_label",
            "trend_label",
            "n_indicators",
            "n_missing",
        ]
    ]


def weakest_goals(strip: pd.DataFrame, n: int = N_WEAKEST) -> pd.DataFrame:
    """The n goals with the lowest score, among goals that have a score and are not achieved
    (a goal whose status is green is never "weak"); ties: lower goal number first. Fewer than
    n when fewer goals qualify (the page says so)."""
    have = strip.loc[strip["score"].notna() & (strip["status"] != Status.GREEN)]
    return have.sort_values(["score", "goal"]).head(n).reset_index(drop=True)


def weakest_per_goal(rows: pd.DataFrame, k: int = WEAK_CHART_PER_GOAL) -> pd.DataFrame:
    """The first ``k`` rows of each goal of :func:`goal_indicators` (its weakest indicators): a
    chart of hundreds of bars is unreadable and slow to draw; the table keeps them all."""
    return rows.groupby("goal", sort=False, group_keys=False).head(k).reset_index(drop=True)


def goal_indicators(
    indicator_level: pd.DataFrame, indicators: pd.DataFrame, code: str, goals: Collection[int], lang: Lang
) -> pd.DataFrame:
    """Every catalogue indicator of ``goals`` with this province's latest value, score, status, trend.

    Goals keep the order given (weakest first); within a goal, lowest score first, no data last.
    Columns: goal, indicator_id, label (sdg code + name), value, year, score, status, trend,
    value_text, status_label, trend_label.
    """
    order = {int(g): i for i, g in enumerate(goals)}
    cat = indicators.loc[indicators["goal"].isin(order)]
    mine = indicator_level.loc[
        indicator_level["province_code"] == code, ["indicator_id", "year", "value", "score", "status", "trend"]
    ]
    out = cat.merge(mine, on="indicator_id", how="left")
    out["goal_order"] = out["goal"].map(order)
    out = out.sort_values(["goal_order", "score", "indicator_id"], na_position="last").reset_index(drop=True)
    out["status"] = [str(Status.of(s)) for s in out["status"]]
    out["trend"] = [str(Trend.of(x)) for x in out["trend"]]
    code_txt = out["sdg_code"].fillna("").astype(str)
    out["label"] = (code_txt + " " + out[name_col(lang)].astype(str)).str.strip()
    out["value_text"] = [
        value_with_unit(v, d, unit_of(r, lang)) for v, d, (_, r) in zip(out["value"], out["decimals"], out.iterrows())
    ]
    out["status_label"] = [status_label(s, lang) for s in out["status"]]
    out["trend_label"] = [trend_label(x, lang) for x in out["trend"]]
    return out[
        [
            "goal",
            "indicator_id",
            "label",
            "value",
            "year",
            "score",
            "status",
            "trend",
            "value_text",
            "status_label",
            "trend_label",
        ]
    ]


def weakest_table(rows: pd.DataFrame, strip: pd.DataFrame, lang: Lang, demo: bool) -> pd.DataFrame:
    """Display table for goal_indicators(): goal (label from goal_strip()), indicator, value,
    year, score, status, trend."""
    goal_labels = dict(zip(strip["goal"], strip["label"]))
    table = pd.DataFrame(
        {
            t("col_goal", lang): [goal_labels.get(int(g), str(g)) for g in rows["goal"]],
            t("col_indicator", lang): rows["label"],
            t("col_value", lang): rows["value_text"],
            t("col_year", lang): [year_label(None if pd.isna(y) else int(y), lang) for y in rows["year"]],
            t("col_score", lang): rows["score"].round(1),
            t("col_status", lang): rows["status_label"],
            t("col_trend", lang): rows["trend_label"],
        }
    )
    return with_demo_column(table, lang, demo)


def strip_table(strip: pd.DataFrame, lang: Lang, demo: bool) -> pd.DataFrame:
    table = pd.DataFrame(
        {
            t("col_goal", lang): strip["label"],
            t("col_score", lang): strip["score"].round(1),
            t("col_status", lang): strip["status_label"],
            t("col_trend", lang): strip["trend_label"],
        }
    )
    return with_demo_column(table, lang, demo)


# ---------------------------------------------------------------- indicator table


def indicator_table(
    indicator_level: pd.DataFrame, obs: pd.DataFrame, indicators: pd.DataFrame, code: str, lang: Lang
) -> pd.DataFrame:
    """The province's indicators that have a value (latest up to the scored year), catalogue order.

    ``obs``: queries.observations for this province (totals), used for the source of the
    value that was scored (same indicator and year). Columns (localized): goal, indicator,
    value (with unit), year (B.E. in Thai), score, status, trend, source, source link. (No
    demo column: the page marks demo values with a caption, to keep the table readable.)
    """
    mine = indicator_level.loc[
        indicator_level["province_code"] == code, ["indicator_id", "year", "value", "score", "status", "trend"]
    ]
    src_cols = ["indicator_id", "year", "source_title", "source_publisher", "source_url"]
    src = obs.loc[obs["province_code"] == code, src_cols] if len(obs) else pd.DataFrame(columns=src_cols)
    src = src.drop_duplicates(["indicator_id", "year"])
    cat = indicators.reset_index(drop=True).reset_index(names="cat_order")
    rows = cat.merge(mine, on="indicator_id", how="inner").merge(src, on=["indicator_id", "year"], how="left")
    rows = rows.sort_values("cat_order").reset_index(drop=True)
    name = name_col(lang)
    source = [
        (
            f"{publisher_label(p, lang)}: {ti}"
            if isinstance(p, str) and p and isinstance(ti, str) and p not in ti
            else (ti if isinstance(ti, str) else "–")
        )
        for p, ti in zip(rows["source_publisher"], rows["source_title"])
    ]
    table = pd.DataFrame(
        {
            t("col_goal", lang): rows["goal"].astype(int),
            t("col_indicator", lang): (
                rows["sdg_code"].fillna("").astype(str) + " " + rows[name].astype(str)
            ).str.strip(),
            t("col_value", lang): [
                value_with_unit(v, d, unit_of(r, lang))
                for v, d, (_, r) in zip(rows["value"], rows["decimals"], rows.iterrows())
            ],
            t("col_year", lang): [year_label(int(y), lang) for y in rows["year"]],
            t("col_score", lang): rows["score"].astype(float).round(1),
            t("col_status", lang): [status_label(s, lang) for s in rows["status"]],
            t("col_trend", lang): [trend_label(x, lang) for x in rows["trend"]],
            t("col_source", lang): source,
            t("col_link", lang): rows["source_url"].astype(object).where(rows["source_url"].notna(), None),
        }
    )
    return table


# ---------------------------------------------------------------- time series

SERIES_ORDER: tuple[str, ...] = ("province", "pilot_avg", "national_avg", "published")
MIN_COVERAGE = 0.5  # an average is shown for a year only when at least half of its group has a value


def series(
    obs: pd.DataFrame,
    code: str,
    pilots: Collection[str],
    national: pd.DataFrame | None = None,
    *,
    n_provinces: int,
    min_coverage: float = MIN_COVERAGE,
) -> pd.DataFrame:
    """Long frame (series, year, value, n) of one indicator.

    ``obs``: total values of one indicator for any provinces (columns province_code, year,
    value). series: 'province' (this province), 'pilot_avg' (mean of the pilots with a value
    that year), 'national_avg' (mean of all provinces with a value that year), 'published'
    (the published whole-kingdom figure from ``national``: columns year, value). n = number
    of provinces behind a value (1 for the province, NaN for the published figure).
    An average is kept only for years where n >= min_coverage * group size (15 pilots,
    ``n_provinces`` provinces): a "national average" of four provinces would mislead.
    """
    obs = obs[["province_code", "year", "value"]].dropna(subset=["value"])
    pilots = set(pilots)
    parts = []
    own = obs.loc[obs["province_code"] == code]
    parts.append(pd.DataFrame({"series": "province", "year": own["year"], "value": own["value"], "n": 1.0}))
    for key, sub, size in (
        ("pilot_avg", obs.loc[obs["province_code"].isin(pilots)], len(pilots)),
        ("national_avg", obs, n_provinces),
    ):
        agg = sub.groupby("year")["value"].agg(["mean", "count"]).reset_index()
        agg = agg.loc[agg["count"] >= min_coverage * size]
        parts.append(
            pd.DataFrame({"series": key, "year": agg["year"], "value": agg["mean"], "n": agg["count"].astype(float)})
        )
    if national is not None and len(national):
        nat = national.dropna(subset=["value"])
        parts.append(pd.DataFrame({"series": "published", "year": nat["year"], "value": nat["value"], "n": np.nan}))
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(
            {
                "series": pd.Series(dtype=object),
                "year": pd.Series(dtype=int),
                "value": pd.Series(dtype=float),
                "n": pd.Series(dtype=float),
            }
        )
    out = pd.concat(parts, ignore_index=True)
    out["year"] = out["year"].astype(int)
    out["value"] = out["value"].astype(float)
    out["order"] = out["series"].map({k: i for i, k in enumerate(SERIES_ORDER)})
    return out.sort_values(["order", "year"]).drop(columns="order").reset_index(drop=True)


def series_names(province_name: str, lang: Lang) -> dict[str, str]:
    return {
        "province": province_name,
        "pilot_avg": t("prov_series_pilot_avg", lang),
        "national_avg": t("prov_series_national_avg", lang),
        "published": t("prov_series_published", lang),
    }


def series_table(s: pd.DataFrame, names: Mapping[str, str], decimals: int, lang: Lang, demo: bool) -> pd.DataFrame:
    table = pd.DataFrame(
        {
            t("prov_col_line", lang): s["series"].map(names),
            t("col_year", lang): [year_label(int(y), lang) for y in s["year"]],
            t("col_value", lang): s["value"].round(int(decimals) + 1),
            t("prov_col_n", lang): s["n"].astype("Int64"),
        }
    )
    return with_demo_column(table, lang, demo)


# ---------------------------------------------------------------- partners and findings


def partner_table(activities: pd.DataFrame, code: str, lang: Lang) -> pd.DataFrame:
    """Activities whose province list contains ``code``: partner, activity, sector, start, end, link."""
    cols = [t(k, lang) for k in ("col_partner", "col_activity", "col_sector", "col_start", "col_end", "col_link")]
    mask = [code in list_of(v) for v in activities["provinces"]]
    rows = activities.loc[mask] if any(mask) else activities.iloc[0:0]
    if rows.empty:
        return pd.DataFrame(columns=cols)
    names = rows[f"partner_{lang}"].astype(str)
    rows = rows.assign(_name=names.map(ranks(names)))  # Thai dictionary order (lib.core.collate)
    rows = rows.sort_values(["sector_sort", "_name", "activity_id"])
    title = rows["title_th"] if lang == "th" else rows["title"]
    values = [
        rows[f"partner_{lang}"].astype(str),
        title.astype(str),
        rows[f"sector_{lang}"].astype(str),
        [date_label(d, lang) for d in rows["start_date"]],
        [date_label(d, lang) for d in rows["end_date"]],
        rows["source_url"].astype(str),
    ]
    return pd.DataFrame({c: list(cast("Iterable[object]", v)) for c, v in zip(cols, values)})


# A goal is weak where its SDSN status is one of these (the partners page uses the same rule).
WEAK_STATUSES: frozenset[str] = frozenset({Status.RED.value, Status.ORANGE.value})


def split_scope(activities: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(activities that name their provinces, programme-wide ones): a programme-wide activity
    lists every pilot but is no one province's activity (frames without ``scope`` have none)."""
    if "scope" not in activities.columns:
        return activities, activities.iloc[0:0]
    prog = (activities["scope"].astype(str) == "programme").to_numpy()
    return activities.loc[~prog], activities.loc[prog]


def weak_without_partner(strip: pd.DataFrame, activities: pd.DataFrame, code: str) -> pd.DataFrame:
    """The province's weak goals (status red or orange, from :func:`goal_strip`) that no activity
    naming the province works on, weakest first (ties: lower goal first); ``n_programme`` =
    programme-wide activities on the goal that cover the province (they do not fill the gap).

    Columns: goal, label, score, status, status_label, n_programme."""
    own, prog = split_scope(activities)

    def goals_here(rows: pd.DataFrame) -> list[int]:
        return [int(g) for gl, pv in zip(rows["goals"], rows["provinces"]) if code in list_of(pv) for g in list_of(gl)]

    helped = set(goals_here(own))
    n_prog = pd.Series(goals_here(prog), dtype="int64").value_counts()
    weak = strip.loc[strip["status"].isin(WEAK_STATUSES) & ~strip["goal"].isin(helped)]
    weak = weak.sort_values(["score", "goal"])
    out = weak[["goal", "label", "score", "status", "status_label"]].copy()
    out["n_programme"] = [int(n_prog.get(int(g), 0)) for g in out["goal"]]
    return out.reset_index(drop=True)


def weak_gap_text(gaps: pd.DataFrame, lang: Lang) -> str:
    """'1. No poverty (Major challenges, 31.2) · 8. …': the gaps of :func:`weak_without_partner`."""
    return " · ".join(
        f"{lb} ({sl}, {sc:.1f})" for lb, sl, sc in zip(gaps["label"], gaps["status_label"], gaps["score"])
    )


def _in_lang(rows: pd.DataFrame, col: str, lang: Lang) -> pd.Series:
    """``col`` in the chosen language: Thai from ``{col}_th``, English only where a Thai cell is missing."""
    th = f"{col}_th"
    if lang != "th" or th not in rows.columns:
        return rows[col]
    return rows[th].where(rows[th].notna(), rows[col])


_RANK_OF = re.compile(r"rank of (\d+)")


def finding_text(statement: str, unit: object, unit_shown: object, lang: Lang) -> str:
    """A finding as a reader says it: 'rank 7 of 76', 'position 3 in the list', '5.42 %';
    a worded statement ('in top 10', 'challenge') without its unit code. ``unit`` is the English
    unit code that decides the form, ``unit_shown`` the unit in ``lang``."""
    try:
        float(statement)
    except ValueError:
        return statement  # words: the unit ('text', 'status (text)', ...) adds nothing
    code = unit if isinstance(unit, str) else ""
    if m := _RANK_OF.fullmatch(code):
        return t("prov_finding_rank", lang, n=statement, of=m.group(1))
    if code == "list position":
        return t("prov_finding_list_position", lang, n=statement)
    if code in ("", "text"):
        return statement
    return f"{statement} {unit_shown if isinstance(unit_shown, str) and unit_shown else code}"


def findings_tables(findings: pd.DataFrame, code: str, lang: Lang) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(findings about this province, findings about several provinces / the programme).

    ``findings`` as from queries.findings(con, code) (its own rows plus rows without a
    province). Columns: [area,] year, topic, finding (statement + unit unless
    the unit is 'text'), note, source, link. Thai text comes from the ``*_th`` columns.
    """

    def shape(rows: pd.DataFrame, area: bool) -> pd.DataFrame:
        cols: dict[str, object] = {}
        if area:
            cols[t("prov_col_area", lang)] = _in_lang(rows, "area_label", lang).astype(str)
        cols[t("col_year", lang)] = [year_label(None if pd.isna(y) else int(y), lang) for y in rows["year"]]
        cols[t("prov_col_topic", lang)] = _in_lang(rows, "topic", lang).astype(str)
        cols[t("prov_col_statement", lang)] = [
            finding_text(s, u, shown, lang)
            for s, u, shown in zip(
                _in_lang(rows, "statement", lang).astype(str), rows["unit"], _in_lang(rows, "unit", lang)
            )
        ]
        note = _in_lang(rows, "note", lang)
        cols[t("prov_col_note", lang)] = note.astype(object).where(note.notna(), "")
        cols[t("col_source", lang)] = rows["source_title"].astype(str)
        cols[t("col_link", lang)] = rows["source_url"].astype(object).where(rows["source_url"].notna(), None)
        return pd.DataFrame(cols).reset_index(drop=True)

    if not len(findings):
        empty = findings.iloc[0:0]
        return shape(empty, False), shape(empty, True)
    own = findings.loc[findings["province_code"] == code]
    general = findings.loc[findings["province_code"].isna()]
    return shape(own, False), shape(general, True)
