"""Data coverage (pages/7_coverage.py), what Open SDG calls reporting status: for the selected
dataset, which goals and indicators of the catalogue have data, for which years and provinces,
from which sources, and what is missing. Also the one line at the top of every page.

Pure shaping, no Streamlit. Inputs are the results of lib.store.queries (``indicator_coverage``,
``goal_coverage``, ``coverage_summary``; total values only) and the catalogue's frames. Years
are stored C.E. and shown B.E. in Thai (lib.i18n.year_label)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from lib.core.catalogue import name_col
from lib.core.vocab import DatasetKind
from lib.i18n import Lang, t, year_label
from lib.i18n.publishers import publisher_label
from lib.views.common import list_of, opt_int, with_demo_column

# per-indicator counts of queries.indicator_coverage; filled with 0 for an indicator with no data
COUNTS = (
    "n_years",
    "n_provinces",
    "n_provinces_latest",
    "n_pilots",
    "n_values",
    "n_proxy",
    "n_provisional",
    "n_estimated",
)
FLAGS = (
    ("n_proxy", "cov_flag_proxy"),
    ("n_provisional", "cov_flag_provisional"),
    ("n_estimated", "cov_flag_estimated"),
)
# the line at the top of every page, by dataset kind (demo data has its banner instead)
LINE_KEYS: dict[str, str] = {DatasetKind.PUBLIC: "cov_line_public", DatasetKind.MINISTRY: "cov_line_ministry"}


def span_text(first: Any, latest: Any, lang: Lang) -> str:
    """'2015–2024' (B.E. in Thai), one year alone, '–' when none."""
    a, b = opt_int(first), opt_int(latest)
    if a is None or b is None:
        return "–"
    return year_label(a, lang) if a == b else f"{year_label(a, lang)}–{year_label(b, lang)}"


def years_text(first: Any, latest: Any, n_years: Any, lang: Lang) -> str:
    """'2015–2024 (10)': the span and how many years have data (the span may have gaps);
    'No data' when there are none."""
    n = opt_int(n_years) or 0
    if not n:
        return t("cov_no_data", lang)
    return f"{span_text(first, latest, lang)} ({n})"


def line_text(summary: Mapping[str, Any], kind: str, lang: Lang) -> str | None:
    """The line at the top of every page: what the dataset covers. None for demo data (the demo
    banner says what it is) and for a kind with no line."""
    key = LINE_KEYS.get(str(kind))
    if key is None:
        return None
    if not summary.get("n_indicators"):
        return t("cov_line_empty", lang)
    years = span_text(summary.get("first_year"), summary.get("latest_year"), lang)
    return t(key, lang, n_ind=int(summary["n_indicators"]), n_prov=int(summary["n_provinces"]), years=years)


# ---------------------------------------------------------------- per indicator


def coverage(counts: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """Every catalogue indicator (catalogue order) with its counts from queries.indicator_coverage
    (0, no years and no sources when it has no data) and ``has_data``."""
    cols = ["indicator_id", "goal", "sdg_code", "name_th", "name_en", "publisher"]
    out = indicators[cols].rename(columns={"publisher": "usual_publisher"}).merge(counts, on="indicator_id", how="left")
    for c in COUNTS:
        out[c] = out[c].fillna(0).astype(int)
    for c in ("publishers", "sources"):
        out[c] = [list_of(v) for v in out[c]]
    out["has_data"] = out["n_values"] > 0
    return out.reset_index(drop=True)


def flags_text(row: pd.Series | Mapping[str, Any], lang: Lang) -> str:
    """'proxy 100% · provisional 0.2%' (shares of the values), '–' when none is flagged."""
    n = int(row["n_values"])
    parts = [t(key, lang, pct=f"{100 * int(row[col]) / n:.3g}%") for col, key in FLAGS if n and int(row[col])]
    return " · ".join(parts) if parts else "–"


def _goal_labels(goals: pd.DataFrame, lang: Lang) -> dict[int, str]:
    return {int(g): f"{int(g)}. {s}" for g, s in zip(goals["goal"], goals[f"short_{lang}"], strict=True)}


def indicator_table(
    cov: pd.DataFrame, goals: pd.DataFrame, lang: Lang, demo: bool, n_scope: int, n_pilots: int, pilot_only: bool
) -> pd.DataFrame:
    """The per-indicator table on screen and in the CSV: goal, SDG code, indicator, years with
    data, provinces (at all, in the indicator's latest year, pilots: left out when only pilots
    are in scope), flagged values, publishers and sources. Indicators with data first, then those
    without, each in catalogue order."""
    labels = _goal_labels(goals, lang)
    cov = cov.sort_values("has_data", ascending=False, kind="stable")
    table = pd.DataFrame(
        {
            t("col_goal", lang): [labels[int(g)] for g in cov["goal"]],
            t("cov_col_code", lang): cov["sdg_code"].fillna("").astype(str),
            t("col_indicator", lang): cov[name_col(lang)].astype(str),
            t("cov_col_years", lang): [
                years_text(a, b, n, lang)
                for a, b, n in zip(cov["first_year"], cov["latest_year"], cov["n_years"], strict=True)
            ],
            t("cov_col_provinces", lang, n=n_scope): cov["n_provinces"].astype(int),
            t("cov_col_latest", lang): cov["n_provinces_latest"].astype(int),
            t("cov_col_pilots", lang, n=n_pilots): cov["n_pilots"].astype(int),
            t("cov_col_flags", lang): [flags_text(r, lang) for _, r in cov.iterrows()],
            t("cov_col_publishers", lang): [
                "; ".join(publisher_label(x, lang) for x in p) or "–" for p in cov["publishers"]
            ],
            t("col_source", lang): ["; ".join(s) or "–" for s in cov["sources"]],
        }
    )
    if pilot_only:
        table = table.drop(columns=t("cov_col_pilots", lang, n=n_pilots))
    return with_demo_column(table, lang, demo)


def missing_table(cov: pd.DataFrame, goals: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """The indicators with no value at all, by goal, with who usually publishes such data."""
    labels = _goal_labels(goals, lang)
    miss = cov.loc[~cov["has_data"]]
    return pd.DataFrame(
        {
            t("col_goal", lang): [labels[int(g)] for g in miss["goal"]],
            t("cov_col_code", lang): miss["sdg_code"].fillna("").astype(str).tolist(),
            t("col_indicator", lang): miss[name_col(lang)].astype(str).tolist(),
            t("cov_col_usual_publisher", lang): [publisher_label(x, lang) for x in miss["usual_publisher"]],
        }
    )


# ---------------------------------------------------------------- per goal and in total


def goal_summary(cov: pd.DataFrame, goal_counts: pd.DataFrame, goals: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """One row per goal of the catalogue (goal order): label, colour, indicators with data and in
    the catalogue, provinces and pilots with a value for any of its indicators, first and latest
    year (from queries.goal_coverage)."""
    per = cov.groupby("goal").agg(n_with=("has_data", "sum"), n_total=("indicator_id", "size"))
    gc = {int(r["goal"]): r for r in goal_counts.to_dict("records")}
    labels = _goal_labels(goals, lang)
    rows = []
    for g, colour in zip(goals["goal"], goals["colour"], strict=True):
        g = int(g)
        got = gc.get(g)
        rows.append(
            {
                "goal": g,
                "label": labels[g],
                "colour": str(colour),
                "n_with": int(per["n_with"].get(g, 0)),
                "n_total": int(per["n_total"].get(g, 0)),
                "n_provinces": 0 if got is None else int(got["n_provinces"]),
                "n_pilots": 0 if got is None else int(got["n_pilots"]),
                "first_year": None if got is None else opt_int(got["first_year"]),
                "latest_year": None if got is None else opt_int(got["latest_year"]),
            }
        )
    return pd.DataFrame(rows)


def goal_table(gs: pd.DataFrame, lang: Lang, demo: bool, n_scope: int, n_pilots: int, pilot_only: bool) -> pd.DataFrame:
    """The table behind the goal figure."""
    table = pd.DataFrame(
        {
            t("col_goal", lang): gs["label"],
            t("cov_col_n_with", lang): gs["n_with"].astype(int),
            t("cov_col_n_catalogue", lang): gs["n_total"].astype(int),
            t("cov_col_provinces", lang, n=n_scope): gs["n_provinces"].astype(int),
            t("cov_col_pilots", lang, n=n_pilots): gs["n_pilots"].astype(int),
            t("cov_col_years", lang): [span_text(a, b, lang) for a, b in zip(gs["first_year"], gs["latest_year"])],
        }
    )
    if pilot_only:
        table = table.drop(columns=t("cov_col_pilots", lang, n=n_pilots))
    return with_demo_column(table, lang, demo)


@dataclass(frozen=True)
class Headline:
    """The page's headline numbers."""

    n_goals_with: int
    n_goals: int
    n_with: int
    n_indicators: int
    n_provinces: int
    n_scope: int
    years: str


def headline(cov: pd.DataFrame, summary: Mapping[str, Any], n_scope: int, lang: Lang) -> Headline:
    """Goals and indicators with data (of the catalogue), provinces with data (of those in
    scope) and the span of years (``summary`` from queries.coverage_summary for the scope)."""
    return Headline(
        n_goals_with=int(cov.loc[cov["has_data"], "goal"].nunique()),
        n_goals=int(cov["goal"].nunique()),
        n_with=int(cov["has_data"].sum()),
        n_indicators=len(cov),
        n_provinces=int(summary.get("n_provinces") or 0),
        n_scope=n_scope,
        years=span_text(summary.get("first_year"), summary.get("latest_year"), lang),
    )


def file_name(dataset: str, lang: Lang, pilot_only: bool) -> str:
    """'coverage_public_all_th.csv'."""
    return f"coverage_{dataset}_{'pilots' if pilot_only else 'all'}_{lang}.csv"
