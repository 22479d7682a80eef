"""Progress to 2030 (pages/8_progress.py), and the one progress line of the province profile and
the brief: pure shaping of ESCAP's measures (lib.core.progress), the peer group
(lib.core.peers) and two indicators against each other (lib.core.compare).

Frames in, frames out; no Streamlit, no I/O. Frames with canonical columns feed the figure
builders of lib.charts.progress; ``*_table`` functions return display tables whose headers,
names, years (B.E. in Thai), values and labels are already in the chosen language. Provinces
and indicators are listed in the order of their names in that language, as the other views do.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from lib.core import compare
from lib.core.collate import ranks
from lib.core.peers import peers, profiles
from lib.core.progress import (
    PROVINCE_BASIS,
    TARGET_BASES,
    Anticipated,
    CurrentStatus,
    goal_status_frame,
    indicator_progress,
    year_range,
)
from lib.core.vocab import pilot_mark
from lib.i18n import Lang, fmt_value, name_col, t, year_label
from lib.views.common import opt_float, opt_int, unit_of, with_demo_column

GPP_PER_CAPITA = "gpp_per_capita"  # the indicator that describes a province's economy for its peers
CLASSES: tuple[Anticipated, ...] = (Anticipated.ON_TRACK, Anticipated.ACCELERATE, Anticipated.REVERSE)
REGRESSION_CAP = 1.0  # a bar of regression is drawn at most this long (the hover gives the value)
# Display widths of the page's table columns (string key -> small / medium / large / px).
COLUMN_WIDTHS: dict[str, str | int] = {
    "prog_col_goal_no": 80,
    "col_indicator": 280,
    "col_unit": 150,
    "prog_col_target_basis": 160,
    "prog_col_class": 140,
    "prog_col_time": 140,
}
PINNED = ("prog_col_goal_no", "col_indicator")  # stay in view while a wide table scrolls sideways


def span_text(first: Any, last: Any, lang: Lang) -> str:
    """'2015–2024' (B.E. in Thai), one year alone, '–' when none."""
    a, b = opt_int(first), opt_int(last)
    if a is None or b is None:
        return "–"
    return year_label(a, lang) if a == b else f"{year_label(a, lang)}–{year_label(b, lang)}"


def _goal_labels(goals: pd.DataFrame, lang: Lang) -> dict[int, str]:
    return {int(g): f"{int(g)}. {s}" for g, s in zip(goals["goal"], goals[f"short_{lang}"], strict=True)}


def _name_order(names: pd.Series) -> pd.Series:
    """Sort key of names: Thai dictionary order (lib.core.collate), English case-insensitive."""
    text = names.astype(str)
    return text.map(ranks(text))


# ---------------------------------------------------------------- the counts line


@dataclass(frozen=True)
class Counts:
    """Indicators of one province by ESCAP's class of their anticipated 2030 value, and the
    years the trends are computed on (None when no indicator could be assessed)."""

    on_track: int
    accelerate: int
    reverse: int
    no_data: int
    first_year: int | None
    last_year: int | None
    own_targets: int = 0  # indicators measured against the province's own target (its plan)

    @property
    def n_assessed(self) -> int:
        return self.on_track + self.accelerate + self.reverse


def counts(progress: pd.DataFrame) -> Counts:
    """The counts of :func:`lib.core.progress.indicator_progress` rows (one province's): what
    :func:`lib.core.progress.anticipated_counts` gives for one group, without its crosstab
    (~30 ms; the profile and the brief need one province's line on every run)."""
    if progress.empty:
        return Counts(0, 0, 0, 0, None, None)
    klass = progress["anticipated"].astype(str)
    n = klass.value_counts()
    has = (klass != Anticipated.NO_DATA.value).to_numpy()
    first = pd.to_numeric(progress["trend_first_year"], errors="coerce").to_numpy(dtype=float)[has]
    last = pd.to_numeric(progress["latest_year"], errors="coerce").to_numpy(dtype=float)[has]
    own = int((progress["target_basis"] == PROVINCE_BASIS).sum()) if "target_basis" in progress.columns else 0
    return Counts(
        on_track=int(n.get(Anticipated.ON_TRACK.value, 0)),
        accelerate=int(n.get(Anticipated.ACCELERATE.value, 0)),
        reverse=int(n.get(Anticipated.REVERSE.value, 0)),
        no_data=int(n.get(Anticipated.NO_DATA.value, 0)),
        first_year=int(np.nanmin(first)) if has.any() else None,
        last_year=int(np.nanmax(last)) if has.any() else None,
        own_targets=own,
    )


def province_counts(obs: pd.DataFrame, indicators: pd.DataFrame, targets: pd.DataFrame, *, year: int) -> Counts:
    """The counts of one province from its totals up to ``year`` (queries.observations), for
    the province profile's and the brief's progress line."""
    return counts(indicator_progress(obs, indicators, targets, year=year))


def counts_line(c: Counts, lang: Lang) -> str:
    """'On track: 4 · accelerate: 6 · reverse the trend: 2 (trends 2015–2024)'; a sentence
    saying so when no indicator could be assessed; where the province set its own targets, how
    many indicators are measured against them."""
    if not c.n_assessed:
        return t("prog_line_none", lang)
    line = t(
        "prog_line",
        lang,
        on=c.on_track,
        acc=c.accelerate,
        rev=c.reverse,
        years=span_text(c.first_year, c.last_year, lang),
    )
    return line + t("prog_line_own", lang, n=c.own_targets) if c.own_targets else line


# ---------------------------------------------------------------- one province: the goals


SNAPSHOT_COLUMNS = [
    "goal",
    "label",
    "colour",
    "csi",
    "progress_made",
    "progress_needed",
    "regression",
    "regression_shown",
    "n_indicators",
    "n_no_data",
    "n_achieved",
    "n_progress",
    "n_stagnant",
    "n_regression",
    "first_year",
    "last_year",
    "bar_text",
    "years_text",
]


def goal_snapshot(progress: pd.DataFrame, goals: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """Every goal of the catalogue (goal order) with its Current Status Index for the province
    of ``progress`` (indicator_progress rows of one province): the bar of progress made, the
    rest of the way, the regression (also cut to :data:`REGRESSION_CAP` for drawing), the
    indicators behind it (``bar_text``: '3 indicators', or 'no data') and its years."""
    gs = goal_status_frame(progress)
    per = {int(r["goal"]): r for r in gs.to_dict("records")}
    labels = _goal_labels(goals, lang)
    rows: list[dict[str, Any]] = []
    for g, colour in zip(goals["goal"], goals["colour"], strict=True):
        g = int(g)
        r = per.get(g)
        n = 0 if r is None else int(r["n_indicators"])
        csi = None if r is None else opt_float(r["csi"])
        reg = 0.0 if r is None or csi is None else float(r["regression"])
        rows.append(
            {
                "goal": g,
                "label": labels[g],
                "colour": str(colour),
                "csi": np.nan if csi is None else csi,
                "progress_made": np.nan if csi is None else float(r["progress_made"]),  # type: ignore[index]
                "progress_needed": np.nan if csi is None else float(r["progress_needed"]),  # type: ignore[index]
                "regression": np.nan if csi is None else reg,
                "regression_shown": min(reg, REGRESSION_CAP),
                "n_indicators": n,
                "n_no_data": 0 if r is None else int(r["n_no_data"]),
                **{
                    k: 0 if r is None else int(r[k]) for k in ("n_achieved", "n_progress", "n_stagnant", "n_regression")
                },
                "first_year": None if r is None else opt_int(r["first_year"]),
                "last_year": None if r is None else opt_int(r["last_year"]),
                "bar_text": bar_text(n, lang),
                "years_text": "–" if r is None else span_text(r["first_year"], r["last_year"], lang),
            }
        )
    return pd.DataFrame(rows, columns=SNAPSHOT_COLUMNS)


def bar_text(n: int, lang: Lang) -> str:
    """'3 indicators', '1 indicator', 'no data' (the label at a snapshot bar's end)."""
    if not n:
        return t("prog_bar_none", lang)
    return t("prog_bar_one", lang) if n == 1 else t("prog_bar_n", lang, n=n)


def pct(value: Any, decimals: int = 0) -> str:
    """0.4 -> '40%' ; '–' when missing."""
    v = opt_float(value)
    return "–" if v is None else f"{100 * v:,.{decimals}f}%"


def snapshot_table(snap: pd.DataFrame, lang: Lang, demo: bool) -> pd.DataFrame:
    """The table behind the goal snapshot."""
    table = pd.DataFrame(
        {
            t("col_goal", lang): snap["label"],
            t("prog_col_csi", lang): [pct(v) for v in snap["csi"]],
            t("prog_col_n", lang): snap["n_indicators"].astype(int),
            t("progress.status.achieved", lang): snap["n_achieved"].astype(int),
            t("progress.status.progress", lang): snap["n_progress"].astype(int),
            t("progress.status.stagnant", lang): snap["n_stagnant"].astype(int),
            t("progress.status.regression", lang): snap["n_regression"].astype(int),
            t("prog_col_no_csi", lang): snap["n_no_data"].astype(int),
            t("prog_col_years", lang): snap["years_text"],
        }
    )
    return with_demo_column(table, lang, demo)


# ---------------------------------------------------------------- one province: the indicators


def time_distance_text(value: Any, lang: Lang) -> str:
    """+3.0 -> '3.0 years ahead' ; -2.5 -> '2.5 years behind' ; 0 -> 'on the path' ; '–'."""
    v = opt_float(value)
    if v is None:
        return "–"
    if abs(v) < 0.05:
        return t("prog_td_on_path", lang)
    return t("prog_td_ahead" if v > 0 else "prog_td_behind", lang, n=f"{abs(v):,.1f}")


def _is_url(source: Any) -> bool:
    return isinstance(source, str) and source.startswith(("http://", "https://"))


def basis_label(basis: Any, lang: Lang, source: Any = "") -> str:
    """'national' -> 'National target'; 'sdsn_green' -> 'SDSN green threshold'; 'province' ->
    'Province plan', with the plan's title when it is named by title rather than a link; '–'."""
    if basis == PROVINCE_BASIS:
        if isinstance(source, str) and source and not _is_url(source):
            return t("prog_basis_province_doc", lang, source=source)
        return t("prog_basis_province", lang)
    return t(f"prog_basis_{basis}", lang) if basis in TARGET_BASES else "–"


def _value_year(value: Any, year: Any, decimals: int, lang: Lang) -> str:
    v = opt_float(value)
    if v is None:
        return "–"
    y = opt_int(year)
    return fmt_value(v, decimals) if y is None else f"{fmt_value(v, decimals)} ({year_label(y, lang)})"


def indicator_table(
    progress: pd.DataFrame, indicators: pd.DataFrame, targets: pd.DataFrame, lang: Lang, demo: bool
) -> pd.DataFrame:
    """One row per indicator of the province (``progress``: indicator_progress rows of one
    province), by goal then indicator name: baseline and latest value with their years, the
    2030 target with its kind (province plan, national target or SDSN green threshold) and
    source link, the value expected in 2030, the class, the progress made (Current Status
    Index) and the time distance. ``targets`` is kept for the callers; each row carries its
    own target's source (target_source)."""
    cols = [
        "prog_col_goal_no",
        "col_indicator",
        "col_unit",
        "prog_col_baseline",
        "prog_col_latest",
        "prog_col_target",
        "prog_col_target_basis",
        "prog_col_source",
        "prog_col_expected",
        "prog_col_class",
        "prog_col_csi",
        "prog_col_time",
    ]
    if progress.empty:
        return with_demo_column(pd.DataFrame(columns=[t(c, lang) for c in cols]), lang, demo)
    cat = indicators.drop_duplicates("indicator_id").set_index("indicator_id")
    name = {str(i): str(n) for i, n in zip(cat.index, cat[name_col(lang)], strict=True)}
    dec = {str(i): int(d) for i, d in zip(cat.index, cat["decimals"], strict=True)}
    units = {str(i): str(u) for i, u in zip(cat.index, cat["unit_th" if lang == "th" else "unit"], strict=True)}
    p = progress.assign(_name=[name[str(i)] for i in progress["indicator_id"]])
    p = p.assign(_key=_name_order(p["_name"])).sort_values(["goal", "_key"], kind="stable")
    rows = []
    for r in p.to_dict("records"):
        i = str(r["indicator_id"])
        status = t(CurrentStatus(r["status"]).key, lang)
        rows.append(
            [
                str(int(r["goal"])),
                name[i],
                units[i],
                _value_year(r["base_value"], r["base_year"], dec[i], lang),
                _value_year(r["latest_value"], r["latest_year"], dec[i], lang),
                fmt_value(opt_float(r["target"]), dec[i]),
                basis_label(r["target_basis"], lang, r["target_source"]),
                r["target_source"] if _is_url(r["target_source"]) else "",
                fmt_value(opt_float(r["value_2030"]), dec[i]),
                t(Anticipated(r["anticipated"]).key, lang),
                status if pd.isna(r["csi"]) else f"{pct(r['csi'])} · {status}",
                time_distance_text(r["time_distance"], lang),
            ]
        )
    return with_demo_column(pd.DataFrame(rows, columns=[t(c, lang) for c in cols]), lang, demo)


# ---------------------------------------------------------------- one goal across provinces


RANKING_COLUMNS = [
    "province_code",
    "name",
    "is_pilot",
    "csi",
    "csi_shown",
    "n_indicators",
    "first_year",
    "last_year",
    "text",
    "years_text",
]


def ranking(
    progress: pd.DataFrame,
    provinces: pd.DataFrame,
    goal: int,
    lang: Lang,
    *,
    codes: Collection[str] | None = None,
) -> tuple[pd.DataFrame, int]:
    """Provinces (``codes``, all when None) ranked by the Current Status Index of ``goal``
    (``progress``: indicator_progress rows of that goal's indicators), highest first, then by
    name; and how many of those provinces have no index for it. ``csi_shown`` is the index cut
    to [-1, 1] for drawing; names carry the pilot mark."""
    gs = goal_status_frame(progress[progress["goal"] == goal]) if len(progress) else goal_status_frame(progress)
    gs = gs[gs["csi"].notna()]
    p = provinces[["code", name_col(lang), "is_pilot"]].rename(columns={"code": "province_code", name_col(lang): "raw"})
    if codes is not None:
        p = p[p["province_code"].isin(set(codes))]
    out = p.merge(gs, on="province_code", how="inner")
    n_missing = len(p) - len(out)
    out["is_pilot"] = out["is_pilot"].astype(bool)
    out["name"] = [pilot_mark(str(n), bool(b)) for n, b in zip(out["raw"], out["is_pilot"], strict=True)]
    out["csi"] = out["csi"].astype(float)
    out["csi_shown"] = out["csi"].clip(lower=-REGRESSION_CAP, upper=1.0)
    out["n_indicators"] = out["n_indicators"].astype(int)
    out["text"] = [pct(v) for v in out["csi"]]
    out["years_text"] = [span_text(a, b, lang) for a, b in zip(out["first_year"], out["last_year"], strict=True)]
    out = out.assign(_key=_name_order(out["raw"])).sort_values(["csi", "_key"], ascending=[False, True])
    return out[RANKING_COLUMNS].reset_index(drop=True), n_missing


def ranking_table(rank: pd.DataFrame, lang: Lang, demo: bool) -> pd.DataFrame:
    """The table behind the ranking."""
    table = pd.DataFrame(
        {
            t("prog_col_rank", lang): np.arange(1, len(rank) + 1),
            t("col_province", lang): rank["name"],
            t("prog_col_csi", lang): rank["text"],
            t("prog_col_n", lang): rank["n_indicators"],
            t("prog_col_years", lang): rank["years_text"],
        }
    )
    return with_demo_column(table, lang, demo)


# ---------------------------------------------------------------- peers


def peer_table(peers: pd.DataFrame, profile: pd.DataFrame, provinces: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """The peer group (lib.core.peers.peers, nearest first) with what made them peers: region,
    population, GPP per capita, distance (in standard deviations)."""
    prof = profile.set_index("province_code")
    prov = provinces.set_index("code")
    rows = []
    for _, r in peers.iterrows():
        code = str(r["province_code"])
        rows.append(
            [
                int(r["rank"]),
                pilot_mark(str(prov.loc[code, name_col(lang)]), bool(prov.loc[code, "is_pilot"])),
                str(prov.loc[code, f"region_{lang}"]),
                fmt_value(opt_float(prof.loc[code, "population"]), 0),
                fmt_value(opt_float(prof.loc[code, "gpp_per_capita"]), 0),
                fmt_value(opt_float(r["distance"]), 2),
            ]
        )
    keys = [
        "prog_col_rank",
        "col_province",
        "prog_col_region",
        "prog_col_population",
        "prog_col_gpp",
        "prog_col_distance",
    ]
    return pd.DataFrame(rows, columns=[t(k, lang) for k in keys])


def _means(lvl: pd.DataFrame, codes: Collection[str] | None) -> pd.DataFrame:
    """Per indicator the mean and count of the values of ``codes`` (all when None)."""
    part = lvl if codes is None else lvl[lvl["province_code"].isin(set(codes))]
    return part.groupby("indicator_id")["value"].agg(["mean", "count"])


def peer_comparison(
    indicator_level: pd.DataFrame,
    indicators: pd.DataFrame,
    code: str,
    peer_codes: Sequence[str],
    pilots: Collection[str],
    lang: Lang,
    demo: bool,
) -> pd.DataFrame:
    """Per indicator the province has a value of (Scores.indicator_level: latest values up to
    the year), by goal then name: its value, and the averages of its peers, of the pilots and
    of all provinces, each with how many provinces it averages."""
    lvl = indicator_level.loc[indicator_level["value"].notna(), ["indicator_id", "province_code", "year", "value"]]
    lvl = lvl.astype({"value": float})
    mine = lvl[lvl["province_code"] == code].drop_duplicates("indicator_id").set_index("indicator_id")
    cat = indicators.drop_duplicates("indicator_id").set_index("indicator_id").loc[list(mine.index)]
    names = {str(i): str(n) for i, n in zip(cat.index, cat[name_col(lang)], strict=True)}
    goal = {str(i): int(g) for i, g in zip(cat.index, cat["goal"], strict=True)}
    dec = {str(i): int(d) for i, d in zip(cat.index, cat["decimals"], strict=True)}
    unit = {str(i): unit_of(r, lang) for i, r in cat.iterrows()}
    rank = ranks(names.values())
    ids = sorted(names, key=lambda i: (goal[i], rank[names[i]]))
    groups = [_means(lvl, peer_codes), _means(lvl, pilots), _means(lvl, None)]
    rows = []
    for i in ids:
        cells = [str(goal[i]), names[i], unit[i], _value_year(mine.loc[i, "value"], mine.loc[i, "year"], dec[i], lang)]
        for g in groups:
            n = int(g["count"].get(i, 0))
            m = opt_float(g["mean"].get(i))
            cells.append("–" if m is None or not n else t("prog_avg_n", lang, value=fmt_value(m, dec[i]), n=n))
        rows.append(cells)
    keys = [
        "prog_col_goal_no",
        "col_indicator",
        "col_unit",
        "prog_col_province_value",
        "prog_col_peers_avg",
        "prog_col_pilots_avg",
        "prog_col_all_avg",
    ]
    return with_demo_column(pd.DataFrame(rows, columns=[t(k, lang) for k in keys]), lang, demo)


# ---------------------------------------------------------------- two indicators


def indicator_labels(indicators: pd.DataFrame, ids: Iterable[str], lang: Lang) -> dict[str, str]:
    """indicator_id -> '3.c.1 Doctors per 10,000 people' (no code when it has none), as the
    sidebar lists them."""
    cat = indicators.drop_duplicates("indicator_id").set_index("indicator_id")
    out: dict[str, str] = {}
    for i in ids:
        code = cat.loc[i, "sdg_code"]
        name = str(cat.loc[i, name_col(lang)])
        out[i] = f"{code} {name}" if isinstance(code, str) and code else name
    return out


def scatter_years(coverage: pd.DataFrame, x: str, y: str) -> list[int]:
    """Years (newest first) in which at least :data:`lib.core.compare.MIN_PAIRS` provinces
    could have a value of both ``x`` and ``y`` (queries.coverage: indicator_id, year,
    n_provinces; the smaller of the two counts bounds the pairs)."""
    cx = coverage[coverage["indicator_id"] == x].set_index("year")["n_provinces"]
    cy = coverage[coverage["indicator_id"] == y].set_index("year")["n_provinces"]
    both = pd.concat([cx, cy], axis=1, join="inner").min(axis=1)
    return sorted(
        (int(yr) for yr, n in zip(both.index, both.to_numpy(), strict=True) if n >= compare.MIN_PAIRS), reverse=True
    )


def pick_year(years: Sequence[int], wanted: int | None, selected: int) -> int | None:
    """The scatter's year: ``wanted`` when it is one of ``years``, else the latest of them up
    to the selected year, else the latest; None when there is none."""
    if not years:
        return None
    if wanted in years:
        return wanted
    up_to = [y for y in years if y <= selected]
    return max(up_to) if up_to else max(years)


def _pair_counts(coverage: pd.DataFrame) -> pd.DataFrame:
    """Year x indicator: how many provinces have a value (0 when none)."""
    return coverage.pivot_table(index="year", columns="indicator_id", values="n_provinces", aggfunc="max", fill_value=0)


def default_pair(with_data: Sequence[str], indicator: str, coverage: pd.DataFrame) -> tuple[str, str]:
    """X and Y the scatter opens on. X: the selected indicator, or when no other indicator
    shares a year with it in :data:`lib.core.compare.MIN_PAIRS` or more provinces, the first
    indicator with data (catalogue order) that has such a partner. Y: GPP per capita when it
    is such a partner, else the partner sharing a year with X in the most provinces (catalogue
    order on a tie). With no such pair at all: X and the next indicator with data."""
    ids = list(with_data)
    xs = [indicator, *(i for i in ids if i != indicator)] if indicator in ids else ids
    m = _pair_counts(coverage).reindex(columns=ids, fill_value=0)
    for x in xs:
        both = np.minimum(m[x].to_numpy()[:, None], m.to_numpy()).max(axis=0, initial=0)
        pairs = dict(zip(ids, both.tolist(), strict=True))
        pairs.pop(x)
        ok = [i for i in ids if pairs.get(i, 0) >= compare.MIN_PAIRS]
        if ok:
            return x, GPP_PER_CAPITA if GPP_PER_CAPITA in ok else max(ok, key=lambda i: (pairs[i], -ids.index(i)))
    x = xs[0]
    return x, next((i for i in ids if i != x), x)


SCATTER_COLUMNS = [
    "province_code",
    "name",
    "is_pilot",
    "x",
    "y",
    "x_year",
    "y_year",
    "x_text",
    "y_text",
    "x_year_text",
    "y_year_text",
]


def scatter_frame(
    pairs: pd.DataFrame, provinces: pd.DataFrame, lang: Lang, *, x_decimals: int, y_decimals: int
) -> pd.DataFrame:
    """compare.scatter_pairs with each province's name (pilot-marked), pilot flag, and the
    values and their years (B.E. in Thai) as text."""
    prov = provinces.set_index("code")
    out = pairs.copy()
    out["is_pilot"] = [bool(prov.loc[c, "is_pilot"]) for c in out["province_code"]]
    out["name"] = [
        pilot_mark(str(prov.loc[c, name_col(lang)]), p)
        for c, p in zip(out["province_code"], out["is_pilot"], strict=True)
    ]
    out["x_text"] = [fmt_value(float(v), x_decimals) for v in out["x"]]
    out["y_text"] = [fmt_value(float(v), y_decimals) for v in out["y"]]
    out["x_year_text"] = [year_label(int(y), lang) for y in out["x_year"]]
    out["y_year_text"] = [year_label(int(y), lang) for y in out["y_year"]]
    return out[SCATTER_COLUMNS].reset_index(drop=True)


def can_log(sc: pd.DataFrame, axis: str) -> bool:
    """True when every value on ``axis`` ('x' or 'y') is above 0 (a logarithmic axis shows it)."""
    return bool(len(sc)) and bool((sc[axis] > 0).all())


def correlation_text(c: compare.Correlation, lang: Lang) -> str:
    """'Pearson r = 0.52 · Spearman ρ = 0.48 · 77 provinces', or why there is none."""
    if c.pearson is None or c.spearman is None:
        return t("prog_corr_none", lang, n=c.n, k=compare.MIN_PAIRS)
    return t("prog_corr", lang, r=f"{c.pearson:+.2f}", rho=f"{c.spearman:+.2f}", n=c.n)


def scatter_table(sc: pd.DataFrame, x_name: str, y_name: str, lang: Lang, demo: bool) -> pd.DataFrame:
    """The table behind the scatter, by province name."""
    s = sc.assign(_key=_name_order(sc["name"])).sort_values("_key")
    table = pd.DataFrame(
        {
            t("col_province", lang): s["name"],
            x_name: s["x_text"],
            t("prog_col_x_year", lang): [year_label(int(y), lang) for y in s["x_year"]],
            y_name: s["y_text"],
            t("prog_col_y_year", lang): [year_label(int(y), lang) for y in s["y_year"]],
        }
    )
    return with_demo_column(table, lang, demo)


def parse_indicator(raw: str | None, with_data: Collection[str]) -> tuple[str | None, str | None]:
    """A link's indicator parameter: (the indicator, None) when it has data; (None, the bad
    value) when it does not; (None, None) when absent."""
    if raw is None or not raw.strip():
        return None, None
    raw = raw.strip()
    return (raw, None) if raw in set(with_data) else (None, raw)


# ---------------------------------------------------------------- what each section shows
# One call per page section, from the section's inputs to everything it draws, so the page can
# keep the result per (dataset, year, province or goal, language) instead of redoing it on
# every run.


@dataclass(frozen=True)
class ProvinceView:
    """The province section: indicator_progress rows, the counts, the years each measure is
    computed on, the goal snapshot and the tables."""

    progress: pd.DataFrame
    counts: Counts
    csi_years: str
    ap_years: str
    snapshot: pd.DataFrame
    snapshot_table: pd.DataFrame
    indicator_table: pd.DataFrame


def province_view(
    obs: pd.DataFrame,
    indicators: pd.DataFrame,
    targets: pd.DataFrame,
    goals: pd.DataFrame,
    *,
    year: int,
    lang: Lang,
    demo: bool,
) -> ProvinceView:
    """``obs``: one province's totals up to ``year`` (queries.observations)."""
    prog = indicator_progress(obs, indicators, targets, year=year)
    csi, ap = year_range(prog), year_range(prog, measure="anticipated")
    snap = goal_snapshot(prog, goals, lang)
    return ProvinceView(
        progress=prog,
        counts=counts(prog),
        csi_years="–" if csi is None else span_text(csi[0], csi[1], lang),
        ap_years="–" if ap is None else span_text(ap[0], ap[1], lang),
        snapshot=snap,
        snapshot_table=snapshot_table(snap, lang, demo),
        indicator_table=indicator_table(prog, indicators, targets, lang, demo),
    )


@dataclass(frozen=True)
class GoalView:
    """The goal section: the ranking, how many provinces in scope have no index, its table
    and the years it rests on."""

    ranking: pd.DataFrame
    n_missing: int
    table: pd.DataFrame
    years: str
    own_targets: int = 0  # provinces in scope with an indicator measured against their own target


def goal_view(
    obs: pd.DataFrame,
    indicators: pd.DataFrame,
    targets: pd.DataFrame,
    provinces: pd.DataFrame,
    *,
    goal: int,
    year: int,
    lang: Lang,
    demo: bool,
    codes: Collection[str] | None = None,
) -> GoalView:
    """``obs``: the goal's indicators' totals up to ``year`` for every province."""
    goal_inds = indicators[indicators["goal"] == goal]
    prog = indicator_progress(obs, goal_inds, targets, year=year)
    rank, n_missing = ranking(prog, provinces, goal, lang, codes=codes)
    years = span_text(rank["first_year"].min(), rank["last_year"].max(), lang) if len(rank) else "–"
    own = set(prog.loc[prog["target_basis"] == PROVINCE_BASIS, "province_code"])
    own_in_scope = len(own & set(rank["province_code"]))
    return GoalView(rank, n_missing, ranking_table(rank, lang, demo), years, own_in_scope)


@dataclass(frozen=True)
class PeerView:
    """The peers section: the peer group and its tables (both empty without peers)."""

    peers: pd.DataFrame
    table: pd.DataFrame
    comparison: pd.DataFrame


def peer_view(
    provinces: pd.DataFrame,
    population: pd.DataFrame,
    gpp_per_capita: pd.DataFrame,
    indicator_level: pd.DataFrame,
    indicators: pd.DataFrame,
    *,
    code: str,
    pilots: Collection[str],
    year: int,
    lang: Lang,
    demo: bool,
) -> PeerView:
    """``population`` and ``gpp_per_capita``: province_code, year, value (lib.core.peers)."""
    profile = profiles(provinces, population, gpp_per_capita, year=year)
    group = peers(profile, code)
    if group.empty:
        return PeerView(group, pd.DataFrame(), pd.DataFrame())
    return PeerView(
        group,
        peer_table(group, profile, provinces, lang),
        peer_comparison(indicator_level, indicators, code, group["province_code"].tolist(), pilots, lang, demo),
    )


@dataclass(frozen=True)
class ScatterView:
    frame: pd.DataFrame
    correlation: compare.Correlation
    table: pd.DataFrame


def scatter_view(
    obs: pd.DataFrame,
    provinces: pd.DataFrame,
    indicators: pd.DataFrame,
    *,
    x: str,
    y: str,
    year: int,
    lang: Lang,
    demo: bool,
) -> ScatterView:
    """``obs``: the totals of ``x`` and ``y`` (at least of ``year``) for every province."""
    pairs = compare.scatter_pairs(obs, x, y, year=year)
    cat = indicators.drop_duplicates("indicator_id").set_index("indicator_id")
    dec = {str(i): int(d) for i, d in zip(cat.index, cat["decimals"], strict=True)}
    sc = scatter_frame(pairs, provinces, lang, x_decimals=dec[x], y_decimals=dec[y])
    names = (str(cat.loc[x, name_col(lang)]), str(cat.loc[y, name_col(lang)]))
    return ScatterView(sc, compare.correlation(pairs), scatter_table(sc, *names, lang, demo))
