"""Data & downloads page (pages/5_data.py): pure shaping, no Streamlit, no I/O.

The page's own filters and their optional URL form (validated by :func:`parse_params`):
``scope`` = province | pilots | all (the sidebar's province, the 15 pilots, all 77),
``goals`` = goal | all (the sidebar's goal or every goal), ``from`` / ``to`` = first and last
year (C.E., years of the dataset). Defaults: pilots, the selected goal, every year.

The export frame (:func:`export_frame`) has fixed machine-readable column names (the
same in both languages) and names in the chosen language:
dataset, dataset_kind, is_demo, indicator_id, sdg_code, indicator_name, province_code,
province_name, year (C.E.) [, year_be in Thai mode], disaggregation ('' = total), value,
unit, flags (provisional;estimated;proxy), note, source_title, source_url. It is the analyst
layout; the downloads offer people's layouts made from it: :func:`people_frame` (one row per
value, the language's headers, the year first) and :func:`wide_frame` (province x year).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd

from lib.core.catalogue import pilot_codes
from lib.core.filters import Notice
from lib.core.vocab import BE_OFFSET, pilot_mark
from lib.i18n import Lang, fmt_value, name_col, t, year_label
from lib.i18n.labels import disaggregation_label, kind_label
from lib.i18n.publishers import publisher_label

URL_PARAMS: tuple[str, ...] = ("scope", "goals", "from", "to")
SCOPES: tuple[str, ...] = ("province", "pilots", "all")
GOAL_SCOPES: tuple[str, ...] = ("goal", "all")
FLAGS: tuple[str, ...] = ("provisional", "estimated", "proxy")
LAYOUTS: tuple[str, ...] = ("long", "wide")  # the downloads: one row per value, or province x year
PREVIEW_ROWS = 2_000  # rows shown on screen; the downloads carry the whole selection
CSV_MAX_ROWS = 200_000  # larger: narrow them (made on click: ~4 s and ~0.7 GB of server memory at this size)
XLSX_MAX_ROWS = 100_000  # Excel is slower to write and to open
LABEL_CHARS = 48  # indicator names on chart axes are cut here (full name on hover)


@dataclass(frozen=True)
class DataScope:
    scope: str = "pilots"
    goals: str = "goal"
    year_from: int | None = None  # None = first year of the dataset
    year_to: int | None = None  # None = last year

    def to_params(self, years: Sequence[int]) -> dict[str, str | None]:
        """URL form: only what differs from the defaults (None removes a parameter)."""
        y0, y1 = clamp_years((self.year_from, self.year_to), years)
        return {
            "scope": None if self.scope == "pilots" else self.scope,
            "goals": None if self.goals == "goal" else self.goals,
            "from": None if not years or y0 == min(years) else str(y0),
            "to": None if not years or y1 == max(years) else str(y1),
        }


def parse_params(raw: Mapping[str, str], years: Sequence[int]) -> tuple[DataScope, list[Notice]]:
    """The page scope from the URL; each bad value falls back to its default with a Notice.
    A reversed range (from > to) is put the right way round."""
    notices: list[Notice] = []
    scope, goals = "pilots", "goal"
    if "scope" in raw:
        if raw["scope"].lower() in SCOPES:
            scope = raw["scope"].lower()
        else:
            notices.append(Notice("scope", raw["scope"][:40]))
    if "goals" in raw:
        if raw["goals"].lower() in GOAL_SCOPES:
            goals = raw["goals"].lower()
        else:
            notices.append(Notice("goals", raw["goals"][:40]))
    bounds: dict[str, int | None] = {"from": None, "to": None}
    for name in ("from", "to"):
        if name in raw:
            try:
                y = int(raw[name])
            except ValueError:
                y = None
            if y is not None and y in set(years):
                bounds[name] = y
            else:
                notices.append(Notice(name, raw[name][:40]))
    y0, y1 = bounds["from"], bounds["to"]
    if y0 is not None and y1 is not None and y0 > y1:
        y0, y1 = y1, y0
    return DataScope(scope, goals, y0, y1), notices


def clamp_years(value: Sequence[int | None] | None, years: Sequence[int]) -> tuple[int, int]:
    """A (from, to) pair made valid for ``years``: None -> the dataset's ends, values moved
    to the nearest year the dataset has (a dataset switch can leave the old range behind)."""
    ys = sorted(int(y) for y in years) or [2024]
    pair = (None, None) if value is None else ((value, value) if isinstance(value, int) else tuple(value))
    lo, hi = (pair[0], pair[-1]) if pair else (None, None)
    a = ys[0] if lo is None else min(ys, key=lambda y: (abs(y - int(lo)), y))
    b = ys[-1] if hi is None else min(ys, key=lambda y: (abs(y - int(hi)), -y))
    return (a, b) if a <= b else (b, a)


def scope_codes(scope: str, province: str, provinces: pd.DataFrame) -> list[str] | None:
    """Province codes of the scope (None = all 77, no restriction)."""
    if scope == "province":
        return [province]
    if scope == "pilots":
        return pilot_codes(provinces)
    return None


def scope_goals(goals: str, goal: int) -> list[int] | None:
    """Goals of the goal scope (None = every goal)."""
    return [goal] if goals == "goal" else None


def scope_indicators(goals: str, goal: int, indicators: pd.DataFrame) -> list[str] | None:
    """Indicator ids of the goal scope (None = every indicator)."""
    chosen = scope_goals(goals, goal)
    return None if chosen is None else indicators.loc[indicators["goal"].isin(chosen), "indicator_id"].tolist()


# ---------------------------------------------------------------- export frame


def _flags(obs: pd.DataFrame) -> list[str]:
    """'provisional;estimated;proxy' (those that are set), '' when none."""
    on = {f: obs[f].fillna(False).astype(bool).tolist() for f in FLAGS}
    return [";".join(f for f in FLAGS if on[f][i]) for i in range(len(obs))]


def export_frame(obs: pd.DataFrame, indicators: pd.DataFrame, provinces: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """The downloadable rows (see module doc). ``obs`` as from queries.observations."""
    codes = dict(zip(indicators["indicator_id"], indicators["sdg_code"].where(indicators["sdg_code"].notna(), "")))
    inames = dict(zip(indicators["indicator_id"], indicators[name_col(lang)].astype(str)))
    pnames = dict(zip(provinces["code"], provinces[name_col(lang)].astype(str)))
    iid, pcode = obs["indicator_id"].astype(str), obs["province_code"].astype(str)
    cols: dict[str, object] = {
        "dataset": obs["dataset"].astype(str).tolist(),
        "dataset_kind": obs["dataset_kind"].astype(str).tolist(),
        "is_demo": obs["is_demo"].astype(bool).tolist(),
        "indicator_id": iid.tolist(),
        "sdg_code": iid.map(codes).fillna("").astype(str).tolist(),
        "indicator_name": iid.map(inames).fillna(iid).tolist(),
        "province_code": pcode.tolist(),
        "province_name": pcode.map(pnames).fillna(pcode).tolist(),
        "year": obs["year"].astype(int).tolist(),
    }
    if lang == "th":
        cols["year_be"] = [int(y) + BE_OFFSET for y in obs["year"]]
    cols |= {
        "disaggregation": obs["disaggregation"].fillna("").astype(str).tolist(),
        "value": obs["value"].astype(float).tolist(),
        "unit": (obs["unit_th"] if lang == "th" else obs["unit"]).astype(str).tolist(),
        "flags": _flags(obs),
        "note": obs["note"].fillna("").astype(str).tolist(),
        "source_title": obs["source_title"].fillna("").astype(str).tolist(),
        "source_url": obs["source_url"].fillna("").astype(str).tolist(),
    }
    out = pd.DataFrame(cols)
    out["year"] = out["year"].astype("int64")
    if "year_be" in out:
        out["year_be"] = out["year_be"].astype("int64")
    out["value"] = out["value"].astype("float64")
    out["is_demo"] = out["is_demo"].astype(bool)
    return out


# ---------------------------------------------------------------- downloads for people

# The analyst columns of export_frame, in the order the people's layouts put them last.
TECHNICAL: tuple[str, ...] = (
    "dataset",
    "dataset_kind",
    "indicator_id",
    "province_code",
    "year",
    "disaggregation",
    "note",
)


def _year_head(lang: Lang) -> str:
    return t("data_col_year_be", lang) if lang == "th" else t("col_year", lang)


def _people_year(years: pd.Series, lang: Lang) -> list[int]:
    return [int(y) + (BE_OFFSET if lang == "th" else 0) for y in years]


def people_frame(exp: pd.DataFrame, lang: Lang, demo: bool) -> pd.DataFrame:
    """The download as a clerk pastes it: headers in the language, the year first (B.E. in
    Thai), names before codes, flags in words, the source; the analyst columns of
    :func:`export_frame` (ids, C.E. year, dataset) last under their own names."""
    out = pd.DataFrame(
        {
            _year_head(lang): _people_year(exp["year"], lang),
            t("col_province", lang): exp["province_name"].tolist(),
            t("col_indicator", lang): exp["indicator_name"].tolist(),
            t("data_col_sdg_code", lang): exp["sdg_code"].tolist(),
            t("data_col_disagg", lang): [disaggregation_label(d, lang) for d in exp["disaggregation"]],
            t("col_value", lang): exp["value"].astype(float).tolist(),
            t("col_unit", lang): exp["unit"].tolist(),
            t("data_col_flags", lang): [flags_label(f, lang) for f in exp["flags"]],
            t("col_source", lang): exp["source_title"].tolist(),
            t("col_link", lang): exp["source_url"].tolist(),
        }
    )
    if demo:
        out.insert(0, t("col_demo", lang), True)
    for col in TECHNICAL:
        out[f"{t('data_col_technical', lang)}: {col}"] = exp[col].tolist()
    return out


def wide_frame(exp: pd.DataFrame, lang: Lang, demo: bool) -> pd.DataFrame:
    """Province x year, the way ministry tables are laid out: a row per indicator, province
    (and breakdown), a column per year (B.E. in Thai), then unit, flags (which year carries
    which flag) and source. Values of one row from several sources keep the shown one."""
    if exp.empty:
        return pd.DataFrame()
    keys = ["indicator_name", "sdg_code", "province_name", "disaggregation"]
    years = sorted({int(y) for y in exp["year"]})
    rows: dict[tuple[str, ...], dict[str, Any]] = {}
    for r in exp.to_dict("records"):
        key = tuple(disaggregation_label(r[k], lang) if k == "disaggregation" else str(r[k]) for k in keys)
        row = rows.setdefault(key, {"unit": r["unit"], "flags": [], "sources": {}, "values": {}, "order": len(rows)})
        row["values"].setdefault(int(r["year"]), float(r["value"]))
        row["flags"].append((int(r["year"]), str(r["flags"])))
        if r["source_title"]:
            row["sources"][str(r["source_title"])] = None
    heads = [
        t("col_indicator", lang),
        t("data_col_sdg_code", lang),
        t("col_province", lang),
        t("data_col_disagg", lang),
    ]
    year_heads = [str(y + (BE_OFFSET if lang == "th" else 0)) for y in years]
    data = []
    for key, row in rows.items():
        data.append(
            [
                *key,
                *(row["values"].get(y) for y in years),
                row["unit"],
                _year_flags(row["flags"], lang),
                "; ".join(row["sources"]),
            ]
        )
    out = pd.DataFrame(
        data, columns=[*heads, *year_heads, t("col_unit", lang), t("data_col_flags", lang), t("col_source", lang)]
    )
    for h in year_heads:
        out[h] = out[h].astype("float64")
    if demo:
        out.insert(0, t("col_demo", lang), True)
    return out


def download_frame(exp: pd.DataFrame, layout: str, lang: Lang, demo: bool) -> pd.DataFrame:
    """The file a person downloads, in one of :data:`LAYOUTS`."""
    return wide_frame(exp, lang, demo) if layout == "wide" else people_frame(exp, lang, demo)


def _year_flags(flags: list[tuple[int, str]], lang: Lang) -> str:
    """'proxy' when every year of the row has the same flags, else '2566: provisional; …'."""
    if len({f for _, f in flags}) == 1:
        return flags_label(flags[0][1], lang)
    return "; ".join(f"{year_label(y, lang)}: {flags_label(f, lang)}" for y, f in flags if f)


def flags_label(flags: str, lang: Lang) -> str:
    return ", ".join(t(f"data_flag_{f}", lang) for f in flags.split(";") if f) if flags else ""


def display_table(exp: pd.DataFrame, lang: Lang, demo: bool) -> pd.DataFrame:
    """The export rows for the screen: headers in the chosen language, B.E. years in Thai."""
    table = pd.DataFrame(
        {
            t("col_indicator", lang): exp["indicator_name"],
            t("data_col_sdg_code", lang): exp["sdg_code"],
            t("col_province", lang): exp["province_name"],
            t("col_year", lang): [year_label(int(y), lang) for y in exp["year"]],
            t("data_col_disagg", lang): [disaggregation_label(d, lang) for d in exp["disaggregation"]],
            t("col_value", lang): exp["value"],
            t("col_unit", lang): exp["unit"],
            t("data_col_flags", lang): [flags_label(f, lang) for f in exp["flags"]],
            t("col_source", lang): exp["source_title"],
            t("col_link", lang): exp["source_url"].replace("", None),
        }
    )
    if demo:
        table.insert(0, t("col_demo", lang), True)
    return table


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", str(text)).strip("-") or "x"


def file_stem(dataset: str, demo: bool, sel: DataScope, goal: int, province: str, years: tuple[int, int]) -> str:
    """ASCII file name without extension, e.g. sdg_demo_DEMO-not-official_goal3_pilots_2015-2024."""
    parts = ["sdg", _slug(dataset)]
    if demo:
        parts.append("DEMO-not-official")
    parts.append(f"goal{goal}" if sel.goals == "goal" else "all-goals")
    parts.append({"province": _slug(province), "pilots": "pilots", "all": "all77"}[sel.scope])
    y0, y1 = years
    parts.append(str(y0) if y0 == y1 else f"{y0}-{y1}")
    return "_".join(parts)


def scope_text(sel: DataScope, goal_name: str, province_name: str, lang: Lang) -> tuple[str, str]:
    """(goal scope, province scope) in words, as shown on the page and in the README sheet."""
    goals = t("data_goals_one", lang, goal=goal_name) if sel.goals == "goal" else t("data_goals_all", lang)
    area = {
        "province": t("data_scope_province", lang, province=province_name),
        "pilots": t("data_scope_pilots", lang),
        "all": t("data_scope_all", lang),
    }[sel.scope]
    return goals, area


def years_text(years: tuple[int, int], lang: Lang) -> str:
    y0, y1 = years
    shown = year_label(y0, lang) if y0 == y1 else f"{year_label(y0, lang)}–{year_label(y1, lang)}"
    if lang == "th":
        shown += " (" + t("data_ce", lang, years=f"{y0}" if y0 == y1 else f"{y0}–{y1}") + ")"
    return shown


def readme_rows(
    dataset_name: str,
    dataset: str,
    kind: str,
    demo: bool,
    sel: DataScope,
    goal_name: str,
    province_name: str,
    years: tuple[int, int],
    n_rows: int,
    generated: datetime,
    lang: Lang,
    *,
    release: str | None = None,
    layout: str = "long",
) -> list[tuple[str, str]]:
    """Label/value rows of the Excel README sheet; ``release``: which published release the
    values are of (lib.app.releases.label), left out while none is published."""
    goals, area = scope_text(sel, goal_name, province_name, lang)
    rows = [
        (t("data_rm_title", lang), t("app_title", lang)),
        (t("col_dataset", lang), f"{dataset_name} ({dataset})"),
        (t("data_rm_kind", lang), kind_label(kind, lang)),
        (t("data_rm_demo", lang), t("data_rm_demo_yes" if demo else "data_rm_demo_no", lang)),
        (t("data_rm_goals", lang), goals),
        (t("data_rm_area", lang), area),
        (t("data_rm_years", lang), years_text(years, lang)),
        (t("data_rm_rows", lang), f"{n_rows:,}"),
        (t("data_rm_generated", lang), generated.strftime("%Y-%m-%d %H:%M %Z").strip()),
        (t("data_rm_layout", lang), t(f"data_layout_{layout}", lang)),
        (t("data_rm_columns", lang), t(f"data_rm_columns_{layout}", lang)),
        (t("data_rm_sources", lang), t("data_rm_sources_text", lang)),
    ]
    if release:
        rows.insert(2, (t("data_rm_release", lang), release))
    return rows


# ---------------------------------------------------------------- data dictionary


def dictionary(indicators: pd.DataFrame, goals: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """The indicator catalogue for download (fixed column names, content in ``lang``)."""
    g = goals.set_index("goal")
    inds = indicators.sort_values(["goal", "indicator_id"])
    return pd.DataFrame(
        {
            "goal": inds["goal"].astype(int).tolist(),
            "goal_name": [str(g.loc[int(x), f"short_{lang}"]) for x in inds["goal"]],
            "indicator_id": inds["indicator_id"].astype(str).tolist(),
            "sdg_code": [c if isinstance(c, str) else "" for c in inds["sdg_code"]],
            "indicator_name": inds[name_col(lang)].astype(str).tolist(),
            "definition": inds[f"definition_{lang}"].astype(str).tolist(),
            "unit": (inds["unit_th"] if lang == "th" else inds["unit"]).astype(str).tolist(),
            "direction": [t(f"data_dir_{d}", lang) for d in inds["direction"]],
            "optimum": inds["optimum"].astype(float).tolist(),
            "green_threshold": inds["green_threshold"].astype(float).tolist(),
            "red_threshold": inds["red_threshold"].astype(float).tolist(),
            "lower_bound": inds["lower_bound"].astype(float).tolist(),
            "decimals": inds["decimals"].astype(int).tolist(),
            "publisher": [publisher_label(x, lang) for x in inds["publisher"]],
        }
    )


def dictionary_display(dic: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """The dictionary for the screen: headers in ``lang``, bounds with the indicator's decimals."""

    def bound(col: str) -> list[str]:
        return [fmt_value(v, int(d)) for v, d in zip(dic[col], dic["decimals"])]

    return pd.DataFrame(
        {
            t("col_goal", lang): [f"{g}. {n}" for g, n in zip(dic["goal"], dic["goal_name"])],
            t("data_col_sdg_code", lang): dic["sdg_code"].replace("", "–"),
            t("col_indicator", lang): dic["indicator_name"],
            t("data_col_definition", lang): dic["definition"],
            t("col_unit", lang): dic["unit"],
            t("data_col_direction", lang): dic["direction"],
            t("data_col_optimum", lang): bound("optimum"),
            t("data_col_green", lang): bound("green_threshold"),
            t("data_col_red", lang): bound("red_threshold"),
            t("data_col_lower", lang): bound("lower_bound"),
            t("data_col_publisher", lang): dic["publisher"],
        }
    )


# ---------------------------------------------------------------- coverage


def indicator_label(name: str, code: str | None, limit: int = LABEL_CHARS) -> str:
    """'1.2.1 Name' for a chart axis; a long name keeps its start and its end ('start…end'),
    which is where sibling indicators differ (e.g. the subject and grade of O-NET scores)."""
    text = f"{code} {name}" if isinstance(code, str) and code else str(name)
    if len(text) <= limit:
        return text
    tail = limit // 3
    head_end, tail_start = limit - tail - 1, len(text) - tail
    # Never cut inside a Thai syllable: keep a head's vowel/tone marks, start the tail after them.
    while head_end < len(text) and unicodedata.category(text[head_end]) == "Mn":
        head_end += 1
    while tail_start < len(text) and unicodedata.category(text[tail_start]) == "Mn":
        tail_start += 1
    return text[:head_end].rstrip() + "…" + text[tail_start:].lstrip()


def coverage(
    counts: pd.DataFrame,
    indicators: pd.DataFrame,
    ids: Sequence[str] | None,
    n_scope: int,
    years: Sequence[int],
    lang: Lang,
) -> pd.DataFrame:
    """Share of the ``n_scope`` provinces in scope with a total value, per indicator x year
    (every pair, zero included). ``counts``: queries.coverage for the same scope (indicator_id,
    year, n_provinces); ``ids`` None = all indicators; ``years``: the columns (the dataset's
    years in the chosen range).

    Columns: indicator_id, goal, label (axis), name (full), year, n, n_scope, share (0-100).
    """
    inds = indicators if ids is None else indicators.loc[indicators["indicator_id"].isin(set(ids))]
    inds = inds.sort_values(["goal", "indicator_id"])
    yrs = sorted(int(y) for y in years)
    n = dict(zip(zip(counts["indicator_id"], counts["year"].astype(int)), counts["n_provinces"].astype(int)))
    rows = []
    seen: set[str] = set()
    for iid, goal, name, code in zip(inds["indicator_id"], inds["goal"], inds[name_col(lang)], inds["sdg_code"]):
        label = indicator_label(str(name), code)
        if label in seen:  # axis categories must be unique
            label = f"{label} [{iid}]"
        seen.add(label)
        for y in yrs:
            k = n.get((iid, y), 0)
            rows.append((iid, int(goal), label, str(name), y, k, n_scope, 100.0 * k / n_scope if n_scope else 0.0))
    return pd.DataFrame(rows, columns=["indicator_id", "goal", "label", "name", "year", "n", "n_scope", "share"])


def coverage_table(cov: pd.DataFrame, lang: Lang, demo: bool) -> pd.DataFrame:
    table = pd.DataFrame(
        {
            t("col_indicator", lang): cov["name"],
            t("col_year", lang): [year_label(int(y), lang) for y in cov["year"]],
            t("data_col_n_prov", lang): [f"{int(k)} / {int(s)}" for k, s in zip(cov["n"], cov["n_scope"])],
            t("data_col_share", lang): cov["share"].round(1),
        }
    )
    if demo:
        table.insert(0, t("col_demo", lang), True)
    return table


def completeness(
    presence: pd.DataFrame,
    indicators: pd.DataFrame,
    goals: Sequence[int] | None,
    codes: Sequence[str] | None,
    provinces: pd.DataFrame,
    lang: Lang,
) -> pd.DataFrame:
    """Per province in scope: share of the indicators of ``goals`` (None = all) with a total value
    in the year of ``presence`` (queries.presence: goal, province_code, n). Most complete first
    (ties by name). Columns: province_code, name (' ★' for pilots), is_pilot, n, n_indicators,
    share (0-100)."""
    in_goals = indicators if goals is None else indicators.loc[indicators["goal"].isin(set(goals))]
    n_ind = int(in_goals["indicator_id"].nunique())
    pres = presence if goals is None else presence.loc[presence["goal"].isin(set(goals))]
    n = pres.groupby("province_code")["n"].sum()
    provs = provinces if codes is None else provinces.loc[provinces["code"].isin(set(codes))]
    out = pd.DataFrame(
        {
            "province_code": provs["code"].tolist(),
            "name": [pilot_mark(str(nm), bool(p)) for nm, p in zip(provs[name_col(lang)], provs["is_pilot"])],
            "is_pilot": provs["is_pilot"].astype(bool).tolist(),
            "n": [int(n.get(c, 0)) for c in provs["code"]],
        }
    )
    out["n_indicators"] = n_ind
    out["share"] = 100.0 * out["n"] / n_ind if n_ind else 0.0
    return out.sort_values(["share", "name"], ascending=[False, True]).reset_index(drop=True)


def completeness_table(comp: pd.DataFrame, lang: Lang, demo: bool) -> pd.DataFrame:
    table = pd.DataFrame(
        {
            t("col_province", lang): comp["name"],
            t("data_col_n_ind", lang): [f"{int(k)} / {int(s)}" for k, s in zip(comp["n"], comp["n_indicators"])],
            t("data_col_share", lang): comp["share"].round(1),
        }
    )
    if demo:
        table.insert(0, t("col_demo", lang), True)
    return table


# ---------------------------------------------------------------- vintage and import log


def vintage_table(datasets: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """One row per dataset: name, kind, values, years (first–latest), indicators, provinces."""

    def span(a: Any, b: Any) -> str:
        if pd.isna(a) or pd.isna(b):
            return "–"
        return f"{year_label(int(a), lang)}–{year_label(int(b), lang)}"

    return pd.DataFrame(
        {
            t("col_dataset", lang): datasets[name_col(lang)].astype(str),
            t("data_rm_kind", lang): [kind_label(k, lang) for k in datasets["kind"]],
            t("data_col_latest", lang): [
                year_label(None if pd.isna(y) else int(y), lang) for y in datasets["latest_year"]
            ],
            t("data_col_span", lang): [span(a, b) for a, b in zip(datasets["first_year"], datasets["latest_year"])],
            t("data_col_n_obs", lang): [f"{int(n):,}" for n in datasets["n_obs"]],
            t("data_col_n_ind_total", lang): datasets["n_indicators"].astype(int),
            t("data_col_n_prov_total", lang): datasets["n_provinces"].astype(int),
        }
    )


def import_log_table(log: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("data_log_time", lang): pd.to_datetime(log["imported_at"]).dt.strftime("%Y-%m-%d %H:%M"),
            t("data_log_file", lang): log["file_name"].astype(str),
            t("data_log_format", lang): log["file_format"].astype(str),
            t("col_dataset", lang): log["dataset"].astype(str),
            t("data_log_added", lang): log["rows_added"].astype(int),
            t("data_log_replaced", lang): log["rows_replaced"].astype(int),
            t("data_log_unchanged", lang): log["rows_unchanged"].astype(int),
            t("data_log_by", lang): log["imported_by"].astype(str),
        }
    )
