"""Consistency between sources (a section of pages/5_data.py): pure shaping, no Streamlit, no I/O.

Input: the pairs of :func:`lib.store.queries.consistency`, one row per key (indicator,
province, year, disaggregation) that two sources give: the value kept in ``observation`` (the
one the app shows, chosen by the recipe's ``on_conflict``) and the one set aside in
``observation_superseded``, with both sources and ``rel_diff`` = (other - kept) / |kept|; and
rows of two context series of one quantity (population: DOPA's, used, beside NESDC's), whose
``indicator_id`` is empty and whose name and unit the row carries (``measure_*``, ``unit_*``).

:func:`report` is the on-screen table (names, B.E. years in Thai, values with the indicator's
decimals and unit, the difference in %, largest difference first; by default only the pairs
that differ by more than the tolerance). :func:`export_frame` is the CSV: every pair, headers
in the chosen language, values and difference unrounded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from lib.core.vocab import BE_OFFSET
from lib.i18n import Lang, name_col, t, year_label
from lib.i18n.labels import disaggregation_label
from lib.i18n.publishers import publisher_label
from lib.store.queries import CONSISTENCY_TOLERANCE
from lib.views.common import value_with_unit, with_demo_column

TOL_PCT = f"{CONSISTENCY_TOLERANCE * 100:g}"  # "1": the tolerance as the texts state it


@dataclass(frozen=True)
class Summary:
    n_pairs: int
    n_differ: int  # |difference| > tolerance (listed by default)
    n_agree: int  # within the tolerance


def summary(pairs: pd.DataFrame) -> Summary:
    n_differ = int(pairs["differs"].astype(bool).sum()) if len(pairs) else 0
    return Summary(len(pairs), n_differ, len(pairs) - n_differ)


def _sorted(pairs: pd.DataFrame) -> pd.DataFrame:
    """Largest |difference| first (an undefined one, kept value 0, before all), then by key."""
    order = pairs.assign(_abs=pairs["rel_diff"].abs().fillna(float("inf")))
    order = order.sort_values(
        ["_abs", "indicator_id", "province_code", "year", "disaggregation", "other_source_id"],
        ascending=[False, True, True, True, True, True],
        kind="stable",
    )
    return order.drop(columns="_abs").reset_index(drop=True)


def _is_context(pairs: pd.DataFrame) -> pd.Series:
    return pairs["indicator_id"].isna()


def _names(
    pairs: pd.DataFrame, indicators: pd.DataFrame, provinces: pd.DataFrame, lang: Lang
) -> tuple[list[str], list[str]]:
    inames = dict(zip(indicators["indicator_id"], indicators[name_col(lang)].astype(str)))
    pnames = dict(zip(provinces["code"], provinces[name_col(lang)].astype(str)))
    iid, pcode = pairs["indicator_id"].astype(str), pairs["province_code"].astype(str)
    names = iid.map(inames).fillna(iid).where(~_is_context(pairs), pairs[f"measure_{lang}"].astype(str))
    return names.tolist(), pcode.map(pnames).fillna(pcode).tolist()


def _units(pairs: pd.DataFrame, indicators: pd.DataFrame, lang: Lang) -> list[str]:
    """Each row's unit in ``lang``: its indicator's, or the one the context pair carries."""
    units = dict(zip(indicators["indicator_id"], indicators["unit_th" if lang == "th" else "unit"].astype(str)))
    return [
        str(u) if ctx else units.get(i, "")
        for i, u, ctx in zip(pairs["indicator_id"], pairs[f"unit_{lang}"], _is_context(pairs), strict=True)
    ]


def report(
    pairs: pd.DataFrame,
    indicators: pd.DataFrame,
    provinces: pd.DataFrame,
    lang: Lang,
    *,
    include_agreeing: bool = False,
    demo: bool = False,
) -> pd.DataFrame:
    """The pairs for the screen, headers in ``lang``. The difference column is a number in %
    (rounded to 0.1; NaN when the kept value is 0)."""
    rows = _sorted(pairs if include_agreeing else pairs.loc[pairs["differs"].astype(bool)])
    decimals = dict(zip(indicators["indicator_id"], indicators["decimals"].astype(int)))
    units = _units(rows, indicators, lang)
    places = [0 if ctx else decimals.get(i, 1) for i, ctx in zip(rows["indicator_id"], _is_context(rows))]

    def shown(col: str) -> list[str]:
        return [value_with_unit(float(v), d, u).rstrip() for v, d, u in zip(rows[col], places, units, strict=True)]

    inames, pnames = _names(rows, indicators, provinces, lang)
    inames = [
        f"{n} ({disaggregation_label(d, lang)})" if d else n
        for n, d in zip(inames, rows["disaggregation"].fillna("").astype(str))
    ]
    table = pd.DataFrame(
        {
            t("col_indicator", lang): inames,
            t("col_province", lang): pnames,
            t("col_year", lang): [year_label(int(y), lang) for y in rows["year"]],
            t("cons_col_shown", lang): shown("kept_value"),
            t("cons_col_other", lang): shown("other_value"),
            t("cons_col_diff", lang): (rows["rel_diff"].astype(float) * 100).round(1).tolist(),
            t("cons_col_shown_source", lang): rows["kept_title"].fillna("").astype(str).tolist(),
            t("cons_col_shown_publisher", lang): [publisher_label(x, lang) for x in rows["kept_publisher"]],
            t("cons_col_shown_link", lang): rows["kept_url"].tolist(),
            t("cons_col_other_source", lang): rows["other_title"].fillna("").astype(str).tolist(),
            t("cons_col_other_publisher", lang): [publisher_label(x, lang) for x in rows["other_publisher"]],
            t("cons_col_other_link", lang): rows["other_url"].tolist(),
        }
    )
    table[t("cons_col_diff", lang)] = table[t("cons_col_diff", lang)].astype("float64")
    return with_demo_column(table, lang, demo)


def export_frame(pairs: pd.DataFrame, indicators: pd.DataFrame, provinces: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """Every pair for the CSV (lib.exports.csv_bytes), largest difference first; headers in
    ``lang``; years C.E. (and B.E. in Thai); values and the difference in % unrounded."""
    rows = _sorted(pairs)
    inames, pnames = _names(rows, indicators, provinces, lang)
    years = rows["year"].astype("int64")
    cols: dict[str, object] = {
        t("cons_csv_indicator_id", lang): rows["indicator_id"].fillna("").astype(str).tolist(),
        t("col_indicator", lang): inames,
        t("cons_csv_province_code", lang): rows["province_code"].astype(str).tolist(),
        t("col_province", lang): pnames,
        t("cons_csv_year_ce", lang): years.tolist(),
    }
    if lang == "th":
        cols[t("cons_csv_year_be", lang)] = (years + BE_OFFSET).tolist()
    cols |= {
        t("data_col_disagg", lang): [disaggregation_label(d, lang) for d in rows["disaggregation"]],
        t("col_unit", lang): _units(rows, indicators, lang),
        t("cons_col_shown", lang): rows["kept_value"].astype("float64").tolist(),
        t("cons_col_other", lang): rows["other_value"].astype("float64").tolist(),
        t("cons_col_diff", lang): (rows["rel_diff"].astype("float64") * 100).tolist(),
        t("cons_csv_differs", lang, tol=TOL_PCT): rows["differs"].astype(bool).tolist(),
        t("cons_csv_shown_id", lang): rows["kept_source_id"].astype(str).tolist(),
        t("cons_col_shown_source", lang): rows["kept_title"].fillna("").astype(str).tolist(),
        t("cons_col_shown_publisher", lang): [publisher_label(x, lang) for x in rows["kept_publisher"]],
        t("cons_col_shown_link", lang): rows["kept_url"].fillna("").astype(str).tolist(),
        t("cons_csv_other_id", lang): rows["other_source_id"].astype(str).tolist(),
        t("cons_col_other_source", lang): rows["other_title"].fillna("").astype(str).tolist(),
        t("cons_col_other_publisher", lang): [publisher_label(x, lang) for x in rows["other_publisher"]],
        t("cons_col_other_link", lang): rows["other_url"].fillna("").astype(str).tolist(),
    }
    out = pd.DataFrame(cols)
    for key in ("cons_col_shown", "cons_col_other", "cons_col_diff"):
        out[t(key, lang)] = out[t(key, lang)].astype("float64")
    return out


def file_name(dataset: str, demo: bool, lang: Lang) -> str:
    """ASCII CSV name, e.g. sdg_consistency_public_th.csv (DEMO-not-official for demo data)."""
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", str(dataset)).strip("-") or "x"
    return "_".join(["sdg_consistency", slug, *(["DEMO-not-official"] if demo else []), lang]) + ".csv"
