"""Province brief: a one-page A4 PDF of one province, in Thai or English.

Route: HTML → the Chromium the project already uses (Playwright, ``page.pdf``). Chromium shapes
Thai with HarfBuzz (vowels and tone marks stacked and placed by the font's GPOS/GSUB), embeds
the fonts it used as subsets with a ToUnicode map (so names are extractable text), and needs no
internet: the HTML carries everything inline (fonts as ``data:`` URIs from ``static/fonts/``,
charts drawn here as inline SVG). Every request the page would make outside ``data:``/``about:``
is aborted. The typeface is Sarabun (Cadson Demak, SIL OFL 1.1; woff2 files from the npm
package ``@fontsource/sarabun@5.3.0``, see ``static/fonts/README.md``).

What a brief holds: title block (province name, region, pilot status, SDG index, rank among
the pilots and among all provinces), the 17-goal strip (SDSN status colour, score, trend arrow),
the three weakest goals with the indicators behind them, one small trend chart, the partners
active in the province, data vintage and sources, and a footer with the generation date (B.E.
in Thai) and dataset. Data of a ``demo`` dataset is marked on the page (ribbon, watermark,
footer) and in the PDF title.

Fitting one page: the HTML is laid out in Chromium first and the sheet measured. *Fit levels*
(:data:`FIT_LEVELS`) go from the most content to the least (fewer indicators per goal, fewer
partners and sources, no goal-name key, a smaller base font); the brief uses the lowest level
that does not overflow (the search starts at the level most briefs need, so a brief takes
two or three layout passes). The sheet is 1 mm shorter than A4 and clips, so the PDF always
has exactly one page; :func:`render_brief` reports whether it fitted without clipping.

Trend chart: the indicator given (the app passes none), else the weakest indicator of the
weakest goal that has at least two years of values for the province; drawn with the
province, the mean of the pilots, the mean of all provinces, the published national figure
when there is one, and the green threshold.

Server-side chart images: :func:`figure_png` renders a plotly figure to PNG through the same
Chromium (plotly.js inlined from the python package, fonts inline, network cut): no kaleido,
no CDN, Thai shaped. The brief itself needs no PNG (its charts are vectors).

Command line::

    python -m lib.brief --province TH-58 --lang th --out brief.pdf [--dataset demo] [--year 2024] [--db PATH]
    python -m lib.brief --all-pilots --lang th --out briefs.zip     # 15 PDFs, one browser
    python -m lib.brief --all-pilots --lang both --out briefs.zip   # Thai and English

No Streamlit here; lib/ui.py wraps these for the app.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import concurrent.futures
import datetime as dt
import html
import io
import math
import string
import sys
import time
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pandas as pd

from lib.charts.theme import HIGHLIGHT, NEUTRAL, STATUS_COLOURS
from lib.core import scoring
from lib.core.paths import FONT_DIR
from lib.i18n import Lang, fmt_value, t, year_label
from lib.i18n.labels import kind_label, trend_label
from lib.store import queries
from lib.views import province as view
from lib.views.common import list_of

__all__ = [
    "FIT_LEVELS",
    "Shared",
    "BriefData",
    "load_shared",
    "gather",
    "build_html",
    "Renderer",
    "render_brief",
    "brief_pdf",
    "briefs_zip",
    "figure_png",
    "chromium_problem",
    "main",
]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

TEMPLATE = Path(__file__).with_name("template.html")
# Unicode ranges of the @fontsource/sarabun subsets (its unicode.json).
FONT_SUBSETS: dict[str, str] = {
    "thai": "U+02D7,U+0303,U+0331,U+0E01-0E5B,U+200C-200D,U+25CC",
    "latin": "U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,"
    "U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD",
    "latin-ext": "U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,"
    "U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,"
    "U+2C60-2C7F,U+A720-A7FF",
}
FONT_WEIGHTS = (400, 700)
STATUS_TEXT: dict[str, str] = {
    "green": "#FFFFFF",
    "yellow": "#1F2937",
    "orange": "#1F2937",
    "red": "#FFFFFF",
    "grey": "#1F2937",
}
TRENDS = ("↑", "↗", "→", "↓", "•")


@dataclass(frozen=True)
class FitLevel:
    font_pt: float
    indicators_per_goal: int
    partners: int  # partner names listed at most
    sources: int  # source lines at most
    goal_names: bool  # the key of goal names under the strip
    chart_mm: float  # chart height


# From the most content to the least; render_brief prints at the lowest level that fits.
FIT_LEVELS: tuple[FitLevel, ...] = (
    FitLevel(9.0, 4, 14, 5, True, 50),
    FitLevel(9.0, 3, 12, 4, True, 46),
    FitLevel(8.7, 3, 10, 3, True, 44),
    FitLevel(8.5, 3, 8, 3, True, 40),
    FitLevel(8.5, 3, 6, 2, True, 38),
    FitLevel(8.3, 2, 8, 3, True, 40),
    FitLevel(8.3, 2, 8, 3, False, 40),
    FitLevel(7.9, 2, 6, 2, False, 38),
)


# ----------------------------------------------------------------------------- data


@dataclass
class Shared:
    """What every brief of one dataset and year needs, loaded once (a batch reuses it)."""

    dataset: str
    year: int
    provinces: pd.DataFrame
    goals: pd.DataFrame
    indicators: pd.DataFrame
    datasets: pd.DataFrame
    totals: pd.DataFrame
    scores: scoring.Scores
    activities: pd.DataFrame

    @property
    def pilots(self) -> list[str]:
        return self.provinces.loc[self.provinces["is_pilot"], "code"].tolist()

    @property
    def dataset_row(self) -> pd.Series:
        return self.datasets.set_index("dataset").loc[self.dataset]


def load_shared(con: Any, dataset: str | None = None, year: int | None = None) -> Shared:
    """Load catalogue, totals, scores and activities for ``dataset`` (default: demo if present,
    else the first) as of ``year`` (default: the dataset's latest year)."""
    datasets = queries.datasets(con)
    names = datasets["dataset"].tolist()
    if dataset is None:
        dataset = "demo" if "demo" in names else str(names[0])
    if dataset not in names:
        raise ValueError(f"unknown dataset {dataset!r}; choose one of {names}")
    years = queries.years(con, dataset)
    if year is None:
        if not years:
            raise ValueError(f"dataset {dataset!r} has no observations")
        year = max(years)
    provinces = queries.provinces(con)
    inds = queries.indicators(con)
    totals = queries.totals(con, dataset)
    pilots = provinces.loc[provinces["is_pilot"], "code"].tolist()
    sc = scoring.compute_all(totals, inds, int(year), pilots, provinces=provinces["code"].tolist())
    return Shared(
        dataset, int(year), provinces, queries.goals(con), inds, datasets, totals, sc, queries.activities(con)
    )


@dataclass
class BriefData:
    """Everything one brief shows, already chosen and ordered (no I/O after this)."""

    code: str
    lang: Lang
    name: str
    other_name: str
    region: str
    is_pilot: bool
    dataset: str
    dataset_name: str
    kind: str
    year: int
    first_year: int | None
    latest_year: int | None
    headline: view.Headline
    strip: pd.DataFrame  # view.goal_strip
    weak: pd.DataFrame  # view.weakest_goals
    weak_rows: pd.DataFrame  # view.goal_indicators of the weak goals
    chart_indicator: pd.Series | None
    chart_auto: bool
    series: pd.DataFrame  # view.series of the chart indicator
    partners: pd.DataFrame  # partner_id, partner, sector, sector_sort, n
    n_activities: int
    sources: list[tuple[str, int]]  # (source text, number of values), most used first
    province_latest: int | None
    n_with_data: int
    generated: dt.date = field(default_factory=dt.date.today)

    @property
    def is_demo(self) -> bool:
        return self.kind == "demo"


def _source_text(title: object, publisher: object, url: object) -> str:
    ti = str(title) if isinstance(title, str) else ""
    pub = str(publisher) if isinstance(publisher, str) else ""
    text = f"{pub}: {ti}" if pub and ti and pub not in ti else (ti or pub or "–")
    if isinstance(url, str) and url:
        host = urlparse(url).hostname or ""
        if host:
            text += f" ({host.removeprefix('www.')})"
    return text


def _choose_indicator(sh: Shared, code: str, weak_rows: pd.DataFrame) -> str | None:
    """The first indicator (weakest goal first, weakest indicator first) with >= 2 years of values
    for the province since the base year; else any indicator of the catalogue with such a series."""
    mine = sh.totals.loc[
        (sh.totals["province_code"] == code) & (sh.totals["year"] <= sh.year) & (sh.totals["year"] >= scoring.BASE_YEAR)
    ]
    n_years = mine.groupby("indicator_id")["year"].nunique()
    ok = set(n_years.index[n_years >= 2])
    for iid in weak_rows["indicator_id"] if len(weak_rows) else []:
        if iid in ok:
            return str(iid)
    for iid in sh.indicators["indicator_id"]:
        if iid in ok:
            return str(iid)
    return None


def _partners(activities: pd.DataFrame, code: str, lang: Lang) -> tuple[pd.DataFrame, int]:
    """Partners with an activity naming the province: one row per partner with its activity count."""
    mask = [code in list_of(v) for v in activities["provinces"]]
    rows = activities.loc[mask]
    cols = ["partner_id", "partner", "sector", "sector_sort", "n"]
    if rows.empty:
        return pd.DataFrame(columns=cols), 0
    g = rows.groupby(["partner_id", f"partner_{lang}", f"sector_{lang}", "sector_sort"]).size().reset_index(name="n")
    g.columns = cols
    g = g.sort_values(["sector_sort", "n", "partner"], ascending=[True, False, True]).reset_index(drop=True)
    return g, len(rows)


def gather(
    con: Any, sh: Shared, code: str, lang: Lang, indicator: str | None = None, today: dt.date | None = None
) -> BriefData:
    """Shape one province's brief from the shared batch data (plus two small queries)."""
    provs = sh.provinces.set_index("code")
    if code not in provs.index:
        raise ValueError(f"unknown province {code!r}")
    p = provs.loc[code]
    other: Lang = "en" if lang == "th" else "th"
    h = view.headline(sh.scores.index_level, code, sh.pilots, len(sh.indicators))
    strip = view.goal_strip(sh.scores.goal_level, sh.goals, code, lang)
    weak = view.weakest_goals(strip)
    weak_rows = view.goal_indicators(sh.scores.indicator_level, sh.indicators, code, weak["goal"].tolist(), lang)
    chosen = indicator if indicator in set(sh.indicators["indicator_id"]) else None
    auto = chosen is None
    chosen = chosen or _choose_indicator(sh, code, weak_rows)
    ind_row = None
    s = pd.DataFrame(columns=["series", "year", "value", "n"])
    if chosen:
        ind_row = sh.indicators.set_index("indicator_id").loc[chosen].copy()
        ind_row["indicator_id"] = chosen
        obs = sh.totals.loc[(sh.totals["indicator_id"] == chosen) & (sh.totals["year"] <= sh.year)]
        nat = queries.national_observations(con, sh.dataset, chosen)
        s = view.series(obs, code, sh.pilots, nat.loc[nat["year"] <= sh.year])
    partners, n_act = _partners(sh.activities, code, lang)
    obs_p = queries.observations(con, sh.dataset, None, (code,), None, sh.year, True)
    src = (
        (
            obs_p.assign(
                text=[
                    _source_text(a, b, c)
                    for a, b, c in zip(obs_p["source_title"], obs_p["source_publisher"], obs_p["source_url"])
                ]
            )
            .groupby("text")
            .size()
            .sort_values(ascending=False)
        )
        if len(obs_p)
        else pd.Series(dtype=int)
    )
    ds = sh.dataset_row
    mine = sh.scores.indicator_level.loc[sh.scores.indicator_level["province_code"] == code]
    return BriefData(
        code=code,
        lang=lang,
        name=str(p[f"name_{lang}"]),
        other_name=str(p[f"name_{other}"]),
        region=str(p[f"region_{lang}"]),
        is_pilot=bool(p["is_pilot"]),
        dataset=sh.dataset,
        dataset_name=str(ds[f"name_{lang}"]),
        kind=str(ds["kind"]),
        year=sh.year,
        first_year=None if pd.isna(ds["first_year"]) else int(ds["first_year"]),
        latest_year=None if pd.isna(ds["latest_year"]) else int(ds["latest_year"]),
        headline=h,
        strip=strip,
        weak=weak,
        weak_rows=weak_rows,
        chart_indicator=ind_row,
        chart_auto=auto,
        series=s,
        partners=partners,
        n_activities=n_act,
        sources=[(str(k), int(v)) for k, v in src.items()],
        province_latest=int(obs_p["year"].max()) if len(obs_p) else None,
        n_with_data=int(mine["indicator_id"].nunique()),
        generated=today or dt.date.today(),
    )


# ----------------------------------------------------------------------------- HTML pieces


def esc(value: object) -> str:
    """HTML-escape any value for text or attribute context."""
    return html.escape(str(value), quote=True)


def date_text(d: dt.date, lang: Lang) -> str:
    """'28 พ.ย. 2569' (B.E.) in Thai, '28 Nov 2026' in English."""
    return f"{d.day} {t(f'prov_month_{d.month}', lang)} {year_label(d.year, lang)}"


def arrow_svg(trend: str, size_mm: float = 3.2, colour: str = "#1F2937") -> str:
    """A trend arrow drawn as SVG (no font needed): ↑ up, ↗ 45°, → right, ↓ down, • dot."""
    if trend not in ("↑", "↗", "→", "↓"):
        return (
            f'<svg width="{size_mm}mm" height="{size_mm}mm" viewBox="0 0 10 10" aria-label="•">'
            f'<circle cx="5" cy="5" r="1.7" fill="{colour}"/></svg>'
        )
    angle = {"↑": 0, "↗": 45, "→": 90, "↓": 180}[trend]
    return (
        f'<svg width="{size_mm}mm" height="{size_mm}mm" viewBox="0 0 10 10" aria-label="{trend}">'
        f'<g transform="rotate({angle} 5 5)" fill="{colour}">'
        f'<rect x="4.1" y="3.6" width="1.8" height="5.6"/>'
        f'<polygon points="5,0.6 9,4.6 1,4.6"/></g></svg>'
    )


def _trend_text(trend: str, lang: Lang) -> str:
    return trend_label(trend, lang, arrow=False)


def _title_block(d: BriefData) -> str:
    lang, h = d.lang, d.headline
    pilot = t("brief_pilot" if d.is_pilot else "brief_not_pilot", lang)
    sub = " · ".join([esc(d.other_name), esc(d.region), esc(pilot)])
    if h.index is None:
        idx = (
            f'<div class="idx-label">{esc(t("brief_index", lang))}</div>'
            f'<div class="idx">–</div><div class="noidx">'
            f"{esc(t('brief_no_index_why', lang, missing=h.n_missing, total=h.n_indicators))}</div>"
        )
    else:
        idx = (
            f'<div class="idx-label">{esc(t("brief_index", lang))}</div>'
            f'<div class="idx">{esc(fmt_value(h.index, 1))} <small>{esc(t("brief_index_of", lang))}</small></div>'
        )
    if d.is_pilot:
        rp = (
            t("brief_rank_pilot", lang, rank=h.rank_pilot, n=h.n_ranked_pilot)
            if h.rank_pilot is not None
            else t("brief_rank_pilot_na", lang)
        )
        idx += f'<div class="rank">{esc(rp)}</div>'
    ra = (
        t("brief_rank_all", lang, rank=h.rank_all, n=h.n_ranked_all)
        if h.rank_all is not None
        else t("brief_rank_all_na", lang)
    )
    idx += f'<div class="rank">{esc(ra)}</div>'
    return (
        f'<div class="title"><div class="left"><div class="kicker">{esc(t("brief_kicker", lang))}</div>'
        f'<h1 id="province-name">{esc(d.name)}</h1><div class="sub">{sub}</div>'
        f'<div class="sub">{esc(t("brief_as_of", lang, year=year_label(d.year, lang)))} · '
        f"{esc(d.dataset_name)}</div></div>"
        f'<div class="right">{idx}</div></div>'
    )


def _strip_block(d: BriefData, lv: FitLevel) -> str:
    lang = d.lang
    tiles = []
    for _, g in d.strip.iterrows():
        status = str(g["status"])
        bg, fg = STATUS_COLOURS.get(status, STATUS_COLOURS["grey"]), STATUS_TEXT.get(status, "#1F2937")
        score = "–" if pd.isna(g["score"]) else fmt_value(float(g["score"]), 0)
        tip = f"{g['label']}: {g['status_label']}, {_trend_text(str(g['trend']), lang)}"
        tiles.append(
            f'<div class="tile" title="{esc(tip)}"><div class="num" style="background:{esc(g["goal_colour"])}">'
            f'{int(g["goal"])}</div><div class="st" style="background:{bg};color:{fg}">'
            f'<span class="sc">{esc(score)}</span>{arrow_svg(str(g["trend"]), 3.0, fg)}</div></div>'
        )
    legend = []
    for s in ("green", "yellow", "orange", "red", "grey"):
        legend.append(
            f'<span class="item"><span class="sw" style="background:{STATUS_COLOURS[s]}"></span>'
            f"{esc(t(f'status.{s}', lang))}</span>"
        )
    for a in TRENDS:
        legend.append(f'<span class="item">{arrow_svg(a, 2.8)}{esc(_trend_text(a, lang))}</span>')
    names = ""
    if lv.goal_names:
        names = (
            '<div class="goalnames">'
            + "".join(
                f"<div><b>{int(g['goal'])}</b> {esc(str(g['label']).split('. ', 1)[-1])}</div>"
                for _, g in d.strip.iterrows()
            )
            + "</div>"
        )
    return (
        f'<section><h2>{esc(t("brief_strip_title", lang))}</h2><div class="strip">{"".join(tiles)}</div>'
        f'<div class="legend">{"".join(legend)}</div>{names}'
        f'<div class="small muted" style="margin-top:1mm">{esc(t("brief_strip_note", lang))}</div></section>'
    )


def _weak_block(d: BriefData, lv: FitLevel) -> str:
    lang = d.lang
    head = f"<h2>{esc(t('brief_weak_title', lang))}</h2>"
    if d.weak.empty:
        return f'<section>{head}<div class="muted">{esc(t("brief_weak_none", lang))}</div></section>'
    cards = []
    for _, g in d.weak.iterrows():
        goal = int(g["goal"])
        status = str(g["status"])
        rows = d.weak_rows.loc[d.weak_rows["goal"] == goal]
        shown, rest = rows.head(lv.indicators_per_goal), max(len(rows) - lv.indicators_per_goal, 0)
        items = []
        for _, r in shown.iterrows():
            st_ = str(r["status"])
            val = r["value_text"] if r["value_text"] != "–" else t("brief_no_value", lang)
            yr = "" if pd.isna(r["year"]) else f" ({year_label(int(r['year']), lang)})"
            items.append(
                f'<li><span class="dot" style="background:{STATUS_COLOURS.get(st_, STATUS_COLOURS["grey"])}"></span>'
                f'<div><div class="iname">{esc(r["label"])}</div>'
                f'<div class="ival">{esc(val + yr)} {arrow_svg(str(r["trend"]), 2.6)}</div></div></li>'
            )
        more = f'<div class="more">{esc(t("brief_more_indicators", lang, n=rest))}</div>' if rest else ""
        name = str(g["label"]).split(". ", 1)[-1]
        cards.append(
            f'<div class="card"><div class="head" style="background:{esc(g["goal_colour"])}">'
            f"{esc(t('brief_goal_n', lang, goal=goal))} · {esc(name)}</div>"
            f'<div class="meta"><b>{esc(t("brief_score", lang, score=fmt_value(float(g["score"]), 1)))}</b>'
            f'<span class="chip" style="background:{STATUS_COLOURS.get(status)};color:{STATUS_TEXT.get(status)}">'
            f"{esc(g['status_label'])}</span>{arrow_svg(str(g['trend']), 2.8)}"
            f"<span>{esc(_trend_text(str(g['trend']), lang))}</span></div>"
            f"<ul>{''.join(items)}</ul>{more}</div>"
        )
    return f'<section>{head}<div class="cards">{"".join(cards)}</div></section>'


def nice_ticks(lo: float, hi: float, n: int = 4) -> list[float]:
    """About ``n`` round tick values covering [lo, hi] (1, 2, 2.5, 5 × 10^k steps)."""
    if not math.isfinite(lo) or not math.isfinite(hi):
        return [0.0]
    if hi <= lo:
        hi = lo + (abs(lo) or 1.0)
    raw = (hi - lo) / max(n, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.floor(lo / step) * step
    ticks, v = [], start
    while v <= hi + step * 1e-9:
        ticks.append(round(v, 10))
        v += step
    if ticks[-1] < hi:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


SERIES_DRAW: dict[str, dict[str, Any]] = {  # same colours as lib.charts.province.SERIES_STYLE
    "published": {"colour": "#A21942", "width": 1.4, "dash": "6 2 1.5 2", "marker": "diamond"},
    "national_avg": {"colour": NEUTRAL, "width": 1.6, "dash": "1.5 2.5", "marker": "circle"},
    "pilot_avg": {"colour": "#0A97D9", "width": 1.6, "dash": "5 3", "marker": "circle"},
    "province": {"colour": HIGHLIGHT, "width": 2.6, "dash": "", "marker": "circle"},
}


def green_visible(values: Sequence[float], green: float | None) -> bool:
    """Draw the green threshold only when it lies within one value-span of the data."""
    if green is None or not len(values):
        return False
    lo, hi = min(values), max(values)
    span = (hi - lo) or abs(hi) or 1.0
    return lo - span <= green <= hi + span


def chart_svg(
    s: pd.DataFrame, lang: Lang, decimals: int, green: float | None, width_mm: float = 100.0, height_mm: float = 50.0
) -> str:
    """A small line chart of view.series() as inline SVG (user units = 0.25 mm).

    The y axis starts at 0 when the values are positive and not far from it; the green
    threshold is drawn when it lies within one value-span of the data (so it never squashes
    the lines into a band)."""
    W, H = width_mm * 4, height_mm * 4
    years = sorted({int(y) for y in s["year"]})
    vals = [float(v) for v in s["value"]]
    show_green = green_visible(vals, green)
    pool = vals + ([float(green)] if show_green and green is not None else [])
    lo, hi = min(pool), max(pool)
    if 0 <= lo < (hi - lo) * 0.6:
        lo = 0.0
    ticks = nice_ticks(lo, hi, 4)
    y0, y1 = ticks[0], ticks[-1]
    x0, x1 = min(years), max(years)
    tick_dec = next((k for k in range(4) if all(abs(round(tv, k) - tv) < 1e-9 for tv in ticks)), 3)
    labels = [fmt_value(tv, tick_dec) for tv in ticks]
    left = 10.0 + 6.6 * max(len(x) for x in labels)  # digits are ~6.6 units wide at size 12
    right, top, bottom = 18.0, 8.0, 22.0

    def X(y: float) -> float:
        return left + (W - left - right) * ((y - x0) / (x1 - x0) if x1 > x0 else 0.5)

    def Y(v: float) -> float:
        return top + (H - top - bottom) * (1 - (v - y0) / ((y1 - y0) or 1.0))

    out = [
        f'<svg width="{width_mm}mm" height="{height_mm}mm" viewBox="0 0 {W:.0f} {H:.0f}" '
        f'font-family="Sarabun, Loma, sans-serif" role="img">'
    ]
    for tv, label in zip(ticks, labels):
        yy = Y(tv)
        out.append(
            f'<line x1="{left}" x2="{W - right}" y1="{yy:.1f}" y2="{yy:.1f}" stroke="#E5E7EB" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{left - 4}" y="{yy + 4:.1f}" font-size="12" text-anchor="end" fill="#4B5563">{esc(label)}</text>'
        )
    for yv in _spaced(years, X, 34.0):
        out.append(
            f'<text x="{X(yv):.1f}" y="{H - bottom + 16:.1f}" font-size="12" text-anchor="middle" '
            f'fill="#4B5563">{esc(year_label(yv, lang))}</text>'
        )
    out.append(f'<line x1="{left}" x2="{W - right}" y1="{H - bottom:.1f}" y2="{H - bottom:.1f}" stroke="#9CA3AF"/>')
    if show_green and green is not None:
        gy = Y(green)
        out.append(
            f'<line x1="{left}" x2="{W - right}" y1="{gy:.1f}" y2="{gy:.1f}" stroke="{STATUS_COLOURS["green"]}" '
            f'stroke-width="1.6" stroke-dasharray="8 4"/>'
        )
    for key in ("published", "national_avg", "pilot_avg", "province"):
        sub = s.loc[s["series"] == key].sort_values("year")
        if sub.empty:
            continue
        sty = SERIES_DRAW[key]
        pts = [(X(int(y)), Y(float(v))) for y, v in zip(sub["year"], sub["value"])]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
        dash = f' stroke-dasharray="{sty["dash"]}"' if sty["dash"] else ""
        out.append(
            f'<polyline points="{path}" fill="none" stroke="{sty["colour"]}" '
            f'stroke-width="{sty["width"] * 1.6:.1f}"{dash} stroke-linejoin="round"/>'
        )
        r = 3.4 if key == "province" else 2.4
        for x, y in pts:
            if sty["marker"] == "diamond":
                out.append(
                    f'<polygon points="{x:.1f},{y - 4:.1f} {x + 4:.1f},{y:.1f} {x:.1f},{y + 4:.1f} '
                    f'{x - 4:.1f},{y:.1f}" fill="{sty["colour"]}"/>'
                )
            else:
                out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{sty["colour"]}"/>')
    prov = s.loc[s["series"] == "province"].sort_values("year")
    if len(prov):  # label the province's latest value
        x, y = X(int(prov["year"].iloc[-1])), Y(float(prov["value"].iloc[-1]))
        out.append(
            f'<text x="{x - 5:.1f}" y="{y - 7:.1f}" font-size="13" font-weight="700" text-anchor="end" '
            f'fill="{HIGHLIGHT}">{esc(fmt_value(float(prov["value"].iloc[-1]), decimals))}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def _spaced(years: Sequence[int], X: Callable[[float], float], gap: float) -> list[int]:
    """Years to label on the x axis: the last always, then backwards every year at least
    ``gap`` units from the one labelled after it (so irregular years never overlap)."""
    out: list[int] = []
    for y in sorted(years, reverse=True):
        if not out or X(out[-1]) - X(y) >= gap:
            out.append(y)
    return out[::-1]


def _swatch(key: str) -> str:
    sty = SERIES_DRAW[key]
    dash = f' stroke-dasharray="{sty["dash"]}"' if sty["dash"] else ""
    return (
        f'<svg width="7mm" height="2.4mm" viewBox="0 0 28 10"><line x1="0" x2="28" y1="5" y2="5" '
        f'stroke="{sty["colour"]}" stroke-width="{sty["width"] * 1.6:.1f}"{dash}/></svg>'
    )


def _chart_block(d: BriefData, lv: FitLevel) -> str:
    lang = d.lang
    head = f"<h2>{esc(t('brief_chart_title', lang))}</h2>"
    ind = d.chart_indicator
    if ind is None or d.series.empty or not (d.series["series"] == "province").any():
        return f'<div class="chart">{head}<div class="muted">{esc(t("brief_chart_none", lang))}</div></div>'
    code = "" if pd.isna(ind.get("sdg_code")) else f"{ind['sdg_code']} "
    unit = ind["unit_th"] if lang == "th" else ind["unit"]
    title = f"{code}{ind[f'name_{lang}']} ({unit})"
    svg = chart_svg(d.series, lang, int(ind["decimals"]), float(ind["green_threshold"]), 100.0, lv.chart_mm)
    names = view.series_names(d.name, lang)
    present = [k for k in ("province", "pilot_avg", "national_avg", "published") if (d.series["series"] == k).any()]
    lg = "".join(f"<span>{_swatch(k)}{esc(names[k])}</span>" for k in present)
    if green_visible([float(v) for v in d.series["value"]], float(ind["green_threshold"])):
        lg += (
            f'<span><svg width="7mm" height="2.4mm" viewBox="0 0 28 10"><line x1="0" x2="28" y1="5" y2="5" '
            f'stroke="{STATUS_COLOURS["green"]}" stroke-width="2.6" stroke-dasharray="8 4"/></svg>'
            f"{esc(t('brief_chart_green', lang))}</span>"
        )
    else:
        green_txt = fmt_value(float(ind["green_threshold"]), int(ind["decimals"]))
        lg += f"<span>{esc(t('brief_chart_green_off', lang, value=green_txt))}</span>"
    why = t("brief_chart_why" if d.chart_auto else "brief_chart_chosen", lang)
    return (
        f'<div class="chart">{head}<div class="chart-title">{esc(title)}</div>'
        f'<div class="chart-why">{esc(why)}</div>{svg}<div class="lg">{lg}</div></div>'
    )


def pick_partners(partners: pd.DataFrame, limit: int) -> pd.DataFrame:
    """At most ``limit`` partners, spread over the sectors: each sector's most active partner
    first (sector order), then each sector's second, and so on; shown grouped by sector."""
    if partners.empty:
        return partners
    p = partners.copy()
    p["rank"] = p.groupby("sector_sort", sort=False).cumcount()  # rows come sorted by sector, n desc
    chosen = p.sort_values(["rank", "sector_sort"], kind="stable").head(limit)
    return chosen.sort_values(["sector_sort", "rank"], kind="stable").drop(columns="rank")


def _partners_block(d: BriefData, lv: FitLevel) -> str:
    lang = d.lang
    head = f"<h2>{esc(t('brief_partners_title', lang, province=d.name))}</h2>"
    if d.partners.empty:
        return f'<div class="partners">{head}<div class="muted">{esc(t("brief_partners_none", lang))}</div></div>'
    count = t("brief_partners_count", lang, n=d.n_activities, p=len(d.partners))
    shown = pick_partners(d.partners, lv.partners)
    parts = []
    for sector, rows in shown.groupby("sector", sort=False):
        names = " · ".join(f"{esc(r.partner)}{f' ({int(r.n)})' if int(r.n) > 1 else ''}" for r in rows.itertuples())
        parts.append(f'<div class="sector"><b>{esc(sector)}:</b> <span class="plist">{names}</span></div>')
    rest = len(d.partners) - len(shown)
    more = (
        f'<div class="small muted" style="margin-top:1mm">{esc(t("brief_more_partners", lang, n=rest))}</div>'
        if rest > 0
        else ""
    )
    return f'<div class="partners">{head}<div class="small muted">{esc(count)}</div>{"".join(parts)}{more}</div>'


def _sources_block(d: BriefData, lv: FitLevel) -> str:
    lang = d.lang
    kind = kind_label(d.kind, lang)
    dataset = d.dataset_name if kind.lower() in d.dataset_name.lower() else f"{d.dataset_name} ({kind})"
    lines = [
        t(
            "brief_dataset_line",
            lang,
            dataset=dataset,
            first=year_label(d.first_year, lang),
            latest=year_label(d.latest_year, lang),
            year=year_label(d.year, lang),
        ),
        t(
            "brief_coverage_line",
            lang,
            latest=year_label(d.province_latest, lang),
            n=d.n_with_data,
            total=d.headline.n_indicators,
        ),
    ]
    for text, _n in d.sources[: lv.sources]:
        lines.append(t("brief_source", lang, text=text))
    if len(d.sources) > lv.sources:
        lines.append(t("brief_more_sources", lang, n=len(d.sources) - lv.sources))
    lines.append(t("brief_method", lang))
    body = "".join(f"<div>{esc(x)}</div>" for x in lines)
    return f'<section class="sources"><h2>{esc(t("brief_sources_title", lang))}</h2>{body}</section>'


def _footer(d: BriefData) -> str:
    lang = d.lang
    left = esc(t("brief_generated", lang, date=date_text(d.generated, lang)))
    left += f"<br>{esc(t('brief_ministry', lang))} · {esc(t('brief_font_credit', lang))}"
    right = f"{esc(t('col_dataset', lang))}: {esc(d.dataset_name)} · {esc(d.code)}"
    if d.is_demo:
        right = f'<span class="demo-foot">{esc(t("demo_mark", lang))}</span><br>' + right
    return f'<div>{left}</div><div style="text-align:right">{right}</div>'


@lru_cache(maxsize=1)
def font_faces() -> str:
    """@font-face rules for Sarabun 400/700 (Thai, Latin, Latin Extended) as data: URIs."""
    rules = []
    for subset, ranges in FONT_SUBSETS.items():
        for w in FONT_WEIGHTS:
            path = FONT_DIR / f"sarabun-{subset}-{w}-normal.woff2"
            b64 = base64.b64encode(path.read_bytes()).decode("ascii")
            rules.append(
                f"@font-face {{ font-family: 'Sarabun'; font-style: normal; font-weight: {w}; "
                f"font-display: block; src: url(data:font/woff2;base64,{b64}) format('woff2'); "
                f"unicode-range: {ranges}; }}"
            )
    return "\n".join(rules)


def sample_html(inner_html: str, size_pt: float = 28.0) -> str:
    """A small page with the brief's fonts and ``inner_html`` (already escaped) in one line:
    the tests render Thai through the same route to check the shaping."""
    return (
        "<!DOCTYPE html><html lang='th'><head><meta charset='utf-8'><style>"
        + font_faces()
        + "@page{size:130mm 36mm;margin:0}html,body{margin:0}"
        + f"body{{font-family:'Sarabun';font-size:{size_pt}pt;line-height:1.6;padding:1mm 3mm;"
        + "white-space:nowrap}</style></head><body>"
        + inner_html
        + "</body></html>"
    )


@lru_cache(maxsize=1)
def _template() -> string.Template:
    return string.Template(TEMPLATE.read_text(encoding="utf-8"))


def build_html(d: BriefData, level: int = 0) -> str:
    """The brief as one self-contained HTML page (fit level ``level`` of FIT_LEVELS)."""
    lv = FIT_LEVELS[min(max(level, 0), len(FIT_LEVELS) - 1)]
    lang = d.lang
    body = [_title_block(d)]
    if d.is_demo:
        body.append(f'<div class="demo">{esc(t("brief_demo_ribbon", lang))}</div>')
    body.append(_strip_block(d, lv))
    body.append(_weak_block(d, lv))
    body.append(f'<section class="two">{_chart_block(d, lv)}{_partners_block(d, lv)}</section>')
    body.append(_sources_block(d, lv))
    watermark = f'<div class="watermark"><span>{esc(t("brief_demo_watermark", lang))}</span></div>' if d.is_demo else ""
    title = t("brief_file_title", lang, province=d.name)
    if d.is_demo:
        title += f" – {t('demo_mark', lang)}"
    return _template().substitute(
        lang=lang,
        title=esc(title),
        font_faces=font_faces(),
        font_pt=f"{lv.font_pt}pt",
        watermark=watermark,
        body="\n".join(body),
        footer=_footer(d),
    )


# ----------------------------------------------------------------------------- Chromium


def chromium_problem() -> str | None:
    """Why briefs cannot be rendered here (None when they can)."""
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is not installed (Debian package chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package playwright is not installed"
    return None


def _off_loop(fn: Callable[[], Any]) -> Any:
    """Run ``fn`` in a worker thread when this thread runs an asyncio loop (Playwright's sync
    API refuses to run inside one, e.g. in a server's event-loop thread)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn()
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as ex:
        return ex.submit(fn).result()


_SHEET_OVERFLOW = """() => {
  const s = document.getElementById('sheet');
  return s ? s.scrollHeight - s.clientHeight : 0;
}"""


class Renderer:
    """One Chromium for a batch: HTML → PDF bytes, HTML → PNG of an element.

    Pages get no network: every request other than data:/about: is aborted (and counted in
    ``blocked``), so a brief can never depend on the internet.
    """

    def __init__(self) -> None:
        self._pw: Any = None
        self._browser: Any = None
        self._page: Any = None
        self.blocked: list[str] = []

    def __enter__(self) -> Renderer:
        from playwright.sync_api import sync_playwright

        problem = chromium_problem()
        if problem:
            raise RuntimeError(problem)
        self._pw = sync_playwright().start()
        try:
            self._browser = self._pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Exception:
            self._pw.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if self._browser is not None:
                self._browser.close()
        finally:
            if self._pw is not None:
                self._pw.stop()

    def _guard(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(("data:", "about:", "blob:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def new_page(self, **context_kw: Any) -> Any:
        ctx = self._browser.new_context(**context_kw)
        ctx.route("**/*", self._guard)
        return ctx.new_page()

    @property
    def page(self) -> Any:
        if self._page is None:
            self._page = self.new_page()
        return self._page

    def load(self, html_text: str, page: Any = None) -> Any:
        pg = page or self.page
        pg.set_content(html_text, wait_until="load")
        pg.evaluate("() => document.fonts.ready.then(() => true)")
        return pg

    def overflow(self, html_text: str) -> float:
        """How many CSS px the sheet's content overflows (<= 0: it fits)."""
        return float(self.load(html_text).evaluate(_SHEET_OVERFLOW))

    def pdf(self, html_text: str | None = None) -> bytes:
        """PDF of ``html_text`` (or of the page as loaded) on A4 with the page's own margins."""
        if html_text is not None:
            self.load(html_text)
        return self.page.pdf(
            format="A4",
            print_background=True,
            prefer_css_page_size=True,
            margin={"top": "0", "right": "0", "bottom": "0", "left": "0"},
        )

    def element_png(
        self,
        html_text: str,
        selector: str,
        scale: float = 2.0,
        wait_js: str | None = None,
        viewport: tuple[int, int] = (1200, 900),
    ) -> bytes:
        """PNG screenshot of the first element matching ``selector`` after ``wait_js`` is true."""
        pg = self.new_page(device_scale_factor=scale, viewport={"width": viewport[0], "height": viewport[1]})
        try:
            self.load(html_text, pg)
            if wait_js:
                pg.wait_for_function(wait_js, timeout=30_000)
            return pg.locator(selector).first.screenshot(type="png", animations="disabled")
        finally:
            pg.context.close()


@contextmanager
def _renderer(r: Renderer | None) -> Iterator[Renderer]:
    if r is not None:
        yield r
    else:
        with Renderer() as fresh:
            yield fresh


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    level: int  # fit level used
    fits: bool  # False only if even the last level overflowed (the sheet clips)
    html: str


FIT_START = 2  # the level most briefs end at: the search starts here (fewer layout passes)


def render_brief(d: BriefData, r: Renderer, start: int = FIT_START) -> Rendered:
    """Print at the lowest fit level (the most content) whose layout does not overflow the sheet.

    Starts at ``start``: if that fits, tries the levels below it until one overflows; if not,
    the levels above it until one fits (the last level is used, clipped, if none does)."""
    n = len(FIT_LEVELS)
    start = min(max(start, 0), n - 1)
    layouts: dict[int, tuple[str, bool]] = {}

    def fits_at(level: int) -> bool:
        html_text = build_html(d, level)
        layouts[level] = (html_text, r.overflow(html_text) <= 0.5)
        return layouts[level][1]

    if fits_at(start):
        best = start
        while best > 0 and fits_at(best - 1):
            best -= 1
    else:
        best = next((lv for lv in range(start + 1, n) if fits_at(lv)), n - 1)
    html_text, fits = layouts[best]
    if list(layouts)[-1] != best:  # the page holds another layout: load the chosen one again
        r.load(html_text)
    return Rendered(r.pdf(), best, fits, html_text)


def brief_pdf(
    con: Any,
    code: str,
    lang: Lang = "th",
    dataset: str | None = None,
    year: int | None = None,
    indicator: str | None = None,
    renderer: Renderer | None = None,
    shared: Shared | None = None,
) -> bytes:
    """PDF bytes of one province's brief."""
    sh = shared or load_shared(con, dataset, year)
    d = gather(con, sh, code, lang, indicator)

    def work() -> bytes:
        with _renderer(renderer) as r:
            return render_brief(d, r).pdf

    return _off_loop(work) if renderer is None else work()


def brief_filename(code: str, lang: Lang, dataset: str, year: int) -> str:
    return f"sdg-brief-{code}-{lang}-{dataset}-{year}.pdf"


def zip_filename(lang: Lang, dataset: str, year: int) -> str:
    return f"sdg-briefs-pilots-{lang}-{dataset}-{year}.zip"


def briefs_zip(
    con: Any,
    langs: Sequence[Lang] = ("th",),
    dataset: str | None = None,
    year: int | None = None,
    codes: Sequence[str] | None = None,
    indicator: str | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """ZIP bytes with one PDF per province (default: the 15 pilots) and language, one browser."""
    sh = load_shared(con, dataset, year)
    codes = list(codes) if codes is not None else sh.pilots
    items = [(c, lg) for lg in langs for c in codes]
    datas = [gather(con, sh, c, lg, indicator) for c, lg in items]

    def work() -> bytes:
        buf = io.BytesIO()
        with Renderer() as r, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for i, d in enumerate(datas):
                out = render_brief(d, r)
                zf.writestr(brief_filename(d.code, d.lang, sh.dataset, sh.year), out.pdf)
                if on_progress:
                    on_progress(i + 1, len(datas))
        return buf.getvalue()

    return _off_loop(work)


# ----------------------------------------------------------------------------- chart PNG


@lru_cache(maxsize=1)
def _plotly_js() -> str:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def figure_html(fig: Any, width: int, height: int) -> str:
    """A page drawing ``fig`` with plotly.js inlined (no CDN) and the brief's fonts."""
    spec = fig.to_json()
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><style>"
        + font_faces()
        + "html,body{margin:0;background:#fff}</style><script>"
        + _plotly_js()
        + "</script></head><body>"
        + f"<div id='fig' style='width:{int(width)}px;height:{int(height)}px'></div><script>"
        + "const spec="
        + spec.replace("</", "<\\/")
        + ";"
        + f"spec.layout=Object.assign(spec.layout||{{}},{{width:{int(width)},height:{int(height)}}});"
        + "document.fonts.ready.then(()=>Plotly.newPlot('fig',spec.data,spec.layout,"
        "{staticPlot:true,displayModeBar:false})).then(()=>{window.__done=true;});" + "</script></body></html>"
    )


def figure_png(
    fig: Any, width: int = 1000, height: int = 560, scale: float = 2.0, renderer: Renderer | None = None
) -> bytes:
    """PNG of a plotly figure rendered by Chromium (fonts inline, network cut): Thai is shaped,
    nothing is fetched. Use this for any server-side chart image instead of kaleido."""
    html_text = figure_html(fig, width, height)

    def work() -> bytes:
        with _renderer(renderer) as r:
            return r.element_png(
                html_text, "#fig", scale, "() => window.__done === true", (int(width) + 40, int(height) + 40)
            )

    return _off_loop(work) if renderer is None else work()


# ----------------------------------------------------------------------------- CLI


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m lib.brief", description=__doc__.split("\n")[0])
    who = ap.add_mutually_exclusive_group(required=True)
    who.add_argument("--province", help="ISO 3166-2 code, e.g. TH-58")
    who.add_argument("--all-pilots", action="store_true", help="all 15 pilots into one ZIP")
    ap.add_argument("--lang", choices=["th", "en", "both"], default="th")
    ap.add_argument("--out", required=True, help="output .pdf (one province) or .zip (--all-pilots)")
    ap.add_argument("--dataset", help="dataset id (default: demo if present)")
    ap.add_argument("--year", type=int, help="score as of this C.E. year (default: the dataset's latest)")
    ap.add_argument("--indicator", help="indicator of the trend chart (default: chosen per province)")
    ap.add_argument("--db", help="database file (default: data/sdg.duckdb or $SDG_DB)")
    a = ap.parse_args(argv)
    from lib.store.db import connect_read_only

    con = connect_read_only(Path(a.db) if a.db else None)
    out = Path(a.out)
    t0 = time.perf_counter()
    try:
        if a.all_pilots:
            langs: list[Lang] = ["th", "en"] if a.lang == "both" else [a.lang]
            data = briefs_zip(con, langs, a.dataset, a.year, indicator=a.indicator)
        else:
            if a.lang == "both":
                ap.error("--lang both needs --all-pilots")
            data = brief_pdf(con, a.province.upper(), a.lang, a.dataset, a.year, a.indicator)
    except (ValueError, RuntimeError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(f"wrote {out} ({len(data):,} bytes) in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
