"""The brief's drawings as inline SVG (no font, no network): trend arrows, the small line chart
of one indicator (user units = 0.25 mm) and the legend swatches."""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd

from lib.charts.theme import HIGHLIGHT, NEUTRAL, PILOT_AVG_COLOUR, PUBLISHED_COLOUR
from lib.core.vocab import Lang, Status, Trend
from lib.i18n import fmt_value, year_label

__all__ = [
    "SERIES_DRAW",
    "LineStyle",
    "arrow_svg",
    "chart_svg",
    "esc",
    "green_swatch",
    "green_visible",
    "nice_ticks",
    "spaced_years",
    "swatch",
]

TEXT_COLOUR = "#1F2937"


def esc(value: object) -> str:
    """HTML-escape any value for text or attribute context."""
    return html.escape(str(value), quote=True)


def arrow_svg(trend: object, size_mm: float = 3.2, colour: str = TEXT_COLOUR) -> str:
    """A trend arrow drawn as SVG, turned by :attr:`Trend.angle` (↑ up, ↗ 45°, → right,
    ↓ down); a dot for no trend data or anything that is not a trend."""
    tr = Trend.of(trend)
    if tr.angle is None:
        return (
            f'<svg width="{size_mm}mm" height="{size_mm}mm" viewBox="0 0 10 10" aria-label="{Trend.NO_DATA.value}">'
            f'<circle cx="5" cy="5" r="1.7" fill="{colour}"/></svg>'
        )
    return (
        f'<svg width="{size_mm}mm" height="{size_mm}mm" viewBox="0 0 10 10" aria-label="{tr.value}">'
        f'<g transform="rotate({tr.angle} 5 5)" fill="{colour}">'
        f'<rect x="4.1" y="3.6" width="1.8" height="5.6"/>'
        f'<polygon points="5,0.6 9,4.6 1,4.6"/></g></svg>'
    )


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


@dataclass(frozen=True)
class LineStyle:
    colour: str
    width: float
    dash: str  # SVG stroke-dasharray; "" = solid
    marker: str  # "circle" or "diamond"


SERIES_DRAW: dict[str, LineStyle] = {  # the colours of the province page's series chart
    "published": LineStyle(PUBLISHED_COLOUR, 1.4, "6 2 1.5 2", "diamond"),
    "national_avg": LineStyle(NEUTRAL, 1.6, "1.5 2.5", "circle"),
    "pilot_avg": LineStyle(PILOT_AVG_COLOUR, 1.6, "5 3", "circle"),
    "province": LineStyle(HIGHLIGHT, 2.6, "", "circle"),
}
DRAW_ORDER = ("published", "national_avg", "pilot_avg", "province")  # the province on top


def green_visible(values: Sequence[float], green: float | None) -> bool:
    """Draw the green threshold only when it lies within one value-span of the data."""
    if green is None or not len(values):
        return False
    lo, hi = min(values), max(values)
    span = (hi - lo) or abs(hi) or 1.0
    return lo - span <= green <= hi + span


def spaced_years(years: Sequence[int], X: Callable[[float], float], gap: float) -> list[int]:
    """Years to label on the x axis: the last always, then backwards every year at least
    ``gap`` units from the one labelled after it (so irregular years never overlap)."""
    out: list[int] = []
    for y in sorted(years, reverse=True):
        if not out or X(out[-1]) - X(y) >= gap:
            out.append(y)
    return out[::-1]


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
    for tv, label in zip(ticks, labels, strict=True):
        yy = Y(tv)
        out.append(
            f'<line x1="{left}" x2="{W - right}" y1="{yy:.1f}" y2="{yy:.1f}" stroke="#E5E7EB" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{left - 4}" y="{yy + 4:.1f}" font-size="12" text-anchor="end" fill="#4B5563">{esc(label)}</text>'
        )
    for yv in spaced_years(years, X, 34.0):
        out.append(
            f'<text x="{X(yv):.1f}" y="{H - bottom + 16:.1f}" font-size="12" text-anchor="middle" '
            f'fill="#4B5563">{esc(year_label(yv, lang))}</text>'
        )
    out.append(f'<line x1="{left}" x2="{W - right}" y1="{H - bottom:.1f}" y2="{H - bottom:.1f}" stroke="#9CA3AF"/>')
    if show_green and green is not None:
        gy = Y(green)
        out.append(
            f'<line x1="{left}" x2="{W - right}" y1="{gy:.1f}" y2="{gy:.1f}" stroke="{Status.GREEN.colour}" '
            f'stroke-width="1.6" stroke-dasharray="8 4"/>'
        )
    for key in DRAW_ORDER:
        sub = s.loc[s["series"] == key].sort_values("year")
        if sub.empty:
            continue
        sty = SERIES_DRAW[key]
        pts = [(X(int(y)), Y(float(v))) for y, v in zip(sub["year"], sub["value"], strict=True)]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
        dash = f' stroke-dasharray="{sty.dash}"' if sty.dash else ""
        out.append(
            f'<polyline points="{path}" fill="none" stroke="{sty.colour}" '
            f'stroke-width="{sty.width * 1.6:.1f}"{dash} stroke-linejoin="round"/>'
        )
        r = 3.4 if key == "province" else 2.4
        for x, y in pts:
            if sty.marker == "diamond":
                out.append(
                    f'<polygon points="{x:.1f},{y - 4:.1f} {x + 4:.1f},{y:.1f} {x:.1f},{y + 4:.1f} '
                    f'{x - 4:.1f},{y:.1f}" fill="{sty.colour}"/>'
                )
            else:
                out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{sty.colour}"/>')
    prov = s.loc[s["series"] == "province"].sort_values("year")
    if len(prov):  # label the province's latest value
        x, y = X(int(prov["year"].iloc[-1])), Y(float(prov["value"].iloc[-1]))
        out.append(
            f'<text x="{x - 5:.1f}" y="{y - 7:.1f}" font-size="13" font-weight="700" text-anchor="end" '
            f'fill="{HIGHLIGHT}">{esc(fmt_value(float(prov["value"].iloc[-1]), decimals))}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def swatch(key: str) -> str:
    """Legend sample of one series' line."""
    sty = SERIES_DRAW[key]
    dash = f' stroke-dasharray="{sty.dash}"' if sty.dash else ""
    return (
        f'<svg width="7mm" height="2.4mm" viewBox="0 0 28 10"><line x1="0" x2="28" y1="5" y2="5" '
        f'stroke="{sty.colour}" stroke-width="{sty.width * 1.6:.1f}"{dash}/></svg>'
    )


def green_swatch() -> str:
    """Legend sample of the green threshold's line."""
    return (
        '<svg width="7mm" height="2.4mm" viewBox="0 0 28 10"><line x1="0" x2="28" y1="5" y2="5" '
        f'stroke="{Status.GREEN.colour}" stroke-width="2.6" stroke-dasharray="8 4"/></svg>'
    )
