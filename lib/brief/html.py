"""The brief as one self-contained HTML page: the blocks (title, goal strip, progress line,
weakest goals, trend chart, partners, sources, footer) at a *fit level*, filled into
``template.html``.

Fit levels (:data:`FIT_LEVELS`) go from the most content to the least (fewer indicators per
goal, fewer partners and sources, no goal-name key, a smaller base font); lib.brief.render
prints at the lowest level that does not overflow the sheet."""

from __future__ import annotations

import datetime as dt
import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from lib.brief.data import BriefData
from lib.brief.fonts import font_faces
from lib.brief.svg import arrow_svg, chart_svg, esc, green_swatch, green_visible, swatch
from lib.core.vocab import STATUS_ORDER, TREND_ORDER, Lang, Status
from lib.i18n import fmt_value, t, year_label
from lib.i18n.labels import kind_label, trend_label
from lib.views import progress as progress_view
from lib.views import province as view

__all__ = ["FIT_LEVELS", "TEMPLATE", "FitLevel", "build_html", "date_text", "fit_level", "pick_partners"]

TEMPLATE = Path(__file__).with_name("template.html")


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


def fit_level(level: int) -> FitLevel:
    """FIT_LEVELS[level], the index clamped to the table."""
    return FIT_LEVELS[min(max(level, 0), len(FIT_LEVELS) - 1)]


def date_text(d: dt.date, lang: Lang) -> str:
    """'28 พ.ย. 2569' (B.E.) in Thai, '28 Nov 2026' in English."""
    return f"{d.day} {t(f'prov_month_{d.month}', lang)} {year_label(d.year, lang)}"


def _trend_text(trend: object, lang: Lang) -> str:
    return trend_label(trend, lang, arrow=False)


def _goal_name(label: object) -> str:
    """'3. Good health' -> 'Good health'."""
    return str(label).split(". ", 1)[-1]


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
        st = Status.of(g["status"])
        score = "–" if pd.isna(g["score"]) else fmt_value(float(g["score"]), 0)
        tip = f"{g['label']}: {g['status_label']}, {_trend_text(g['trend'], lang)}"
        tiles.append(
            f'<div class="tile" title="{esc(tip)}"><div class="num" style="background:{esc(g["goal_colour"])}">'
            f'{int(g["goal"])}</div><div class="st" style="background:{st.colour};color:{st.text_colour}">'
            f'<span class="sc">{esc(score)}</span>{arrow_svg(g["trend"], 3.0, st.text_colour)}</div></div>'
        )
    legend = [
        f'<span class="item"><span class="sw" style="background:{s.colour}"></span>{esc(t(s.key, lang))}</span>'
        for s in STATUS_ORDER
    ]
    legend += [f'<span class="item">{arrow_svg(a, 2.8)}{esc(_trend_text(a, lang))}</span>' for a in TREND_ORDER]
    names = ""
    if lv.goal_names:
        names = (
            '<div class="goalnames">'
            + "".join(
                f"<div><b>{int(g['goal'])}</b> {esc(_goal_name(g['label']))}</div>" for _, g in d.strip.iterrows()
            )
            + "</div>"
        )
    return (
        f'<section><h2>{esc(t("brief_strip_title", lang))}</h2><div class="strip">{"".join(tiles)}</div>'
        f'<div class="legend">{"".join(legend)}</div>{names}'
        f'<div class="small muted" style="margin-top:1mm">{esc(t("brief_strip_note", lang))}</div></section>'
    )


def _progress_block(d: BriefData) -> str:
    """The progress line: how many indicators are on track, need acceleration or must reverse
    (ESCAP's Anticipated Progress), with the years of the trends."""
    lang = d.lang
    line = progress_view.counts_line(d.progress, lang)
    return f'<div class="progress-line"><b>{esc(t("prog_brief_label", lang))}:</b> {esc(line)}</div>'


def _weak_block(d: BriefData, lv: FitLevel) -> str:
    lang = d.lang
    head = f"<h2>{esc(t('brief_weak_title', lang))}</h2>"
    if d.weak.empty:
        return f'<section>{head}<div class="muted">{esc(t("brief_weak_none", lang))}</div></section>'
    cards = []
    for _, g in d.weak.iterrows():
        goal = int(g["goal"])
        st = Status.of(g["status"])
        rows = d.weak_rows.loc[d.weak_rows["goal"] == goal]
        shown, rest = rows.head(lv.indicators_per_goal), max(len(rows) - lv.indicators_per_goal, 0)
        items = []
        for _, r in shown.iterrows():
            val = r["value_text"] if r["value_text"] != "–" else t("brief_no_value", lang)
            yr = "" if pd.isna(r["year"]) else f" ({year_label(int(r['year']), lang)})"
            items.append(
                f'<li><span class="dot" style="background:{Status.of(r["status"]).colour}"></span>'
                f'<div><div class="iname">{esc(r["label"])}</div>'
                f'<div class="ival">{esc(val + yr)} {arrow_svg(r["trend"], 2.6)}</div></div></li>'
            )
        more = f'<div class="more">{esc(t("brief_more_indicators", lang, n=rest))}</div>' if rest else ""
        cards.append(
            f'<div class="card"><div class="head" style="background:{esc(g["goal_colour"])}">'
            f"{esc(t('brief_goal_n', lang, goal=goal))} · {esc(_goal_name(g['label']))}</div>"
            f'<div class="meta"><b>{esc(t("brief_score", lang, score=fmt_value(float(g["score"]), 1)))}</b>'
            f'<span class="chip" style="background:{st.colour};color:{st.text_colour}">'
            f"{esc(g['status_label'])}</span>{arrow_svg(g['trend'], 2.8)}"
            f"<span>{esc(_trend_text(g['trend'], lang))}</span></div>"
            f"<ul>{''.join(items)}</ul>{more}</div>"
        )
    return f'<section>{head}<div class="cards">{"".join(cards)}</div></section>'


def _chart_block(d: BriefData, lv: FitLevel) -> str:
    lang = d.lang
    head = f"<h2>{esc(t('brief_chart_title', lang))}</h2>"
    ind = d.chart_indicator
    if ind is None or d.series.empty or not (d.series["series"] == "province").any():
        return f'<div class="chart">{head}<div class="muted">{esc(t("brief_chart_none", lang))}</div></div>'
    code = "" if pd.isna(ind.get("sdg_code")) else f"{ind['sdg_code']} "
    unit = ind["unit_th"] if lang == "th" else ind["unit"]
    title = f"{code}{ind[f'name_{lang}']} ({unit})"
    decimals, green = int(ind["decimals"]), float(ind["green_threshold"])
    svg = chart_svg(d.series, lang, decimals, green, 100.0, lv.chart_mm)
    names = view.series_names(d.name, lang)
    present = [k for k in ("province", "pilot_avg", "national_avg", "published") if (d.series["series"] == k).any()]
    lg = "".join(f"<span>{swatch(k)}{esc(names[k])}</span>" for k in present)
    if green_visible([float(v) for v in d.series["value"]], green):
        lg += f"<span>{green_swatch()}{esc(t('brief_chart_green', lang))}</span>"
    else:
        lg += f"<span>{esc(t('brief_chart_green_off', lang, value=fmt_value(green, decimals)))}</span>"
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
        names = " · ".join(
            f"{esc(partner)}{f' ({int(n)})' if int(n) > 1 else ''}"
            for partner, n in zip(rows["partner"], rows["n"], strict=True)
        )
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
    if d.release:
        right = f"{esc(d.release)}<br>" + right
    if d.is_demo:
        right = f'<span class="demo-foot">{esc(t("demo_mark", lang))}</span><br>' + right
    return f'<div>{left}</div><div style="text-align:right">{right}</div>'


@lru_cache(maxsize=1)
def _template() -> string.Template:
    return string.Template(TEMPLATE.read_text(encoding="utf-8"))


def build_html(d: BriefData, level: int = 0) -> str:
    """The brief as one self-contained HTML page (fit level ``level`` of FIT_LEVELS)."""
    lv = fit_level(level)
    lang = d.lang
    body = [_title_block(d)]
    if d.is_demo:
        body.append(f'<div class="demo">{esc(t("brief_demo_ribbon", lang))}</div>')
    body.append(_strip_block(d, lv))
    body.append(_progress_block(d))
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
