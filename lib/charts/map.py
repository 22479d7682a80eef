"""The province choropleth of the map page. Input: lib.views.map.map_frame + the shared geometry
(lib.store.geo.geojson, which pages get through lib.app.data.geojson).

One choropleth trace holds all 77 provinces (the geometry is serialised once: the figure
stays under 200 KB). The same trace carries, per province:

* the fill: the app's status colours as a sequential scale, red (worse) to green (better),
  whatever the indicator's direction: z is the value for higher-is-better measures and minus
  the value for lower-is-better ones, and the colour bar's ticks show the real values. The
  colour bar says "better" at its top and "worse" at its foot.
* round targets over the smallest provinces (Bangkok, Phuket, Samut Songkhram...): the same
  colour, hover and click as their shape, so a small province is as easy to pick.
* grey for special cases, by mapping them to the bottom of the colour range, which the
  scale paints grey over a sliver too thin to see on the colour bar: light grey for
  provinces outside the view (pilot-only view: the non-pilots), mid grey for no data.
* the outline: pilots get a thick dark border (``marker.line.width`` / ``color`` arrays).

Plotly's geo needs a world topojson even with the base map hidden; the page serves it
from ``static/`` (config ``topojsonURL``), so nothing is fetched from the internet.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from lib.charts.text import break_lines
from lib.charts.theme import PILOT_OUTLINE, merge, style, title_text
from lib.core.vocab import STATUS_COLOURS, Status
from lib.i18n import Lang, fmt_value, t, year_label
from lib.views.common import Measure, older
from lib.views.map import rank_text, value_text

# One colour logic across the app: the status colours of the goal grid, red (worse) through
# orange and yellow to green (better); none dark, so the pilots' outline shows on every fill.
_STATUS_RAMP = [
    [i / 3, STATUS_COLOURS[s]] for i, s in enumerate((Status.RED, Status.ORANGE, Status.YELLOW, Status.GREEN))
]
SCALE: list[str] = sample_colorscale(_STATUS_RAMP, [i / 10 for i in range(11)])
SMALL_AREA = 0.16  # square degrees: provinces smaller than this get a round click target on top
TARGET_SIZE = 13  # px, the round target's diameter
OUT_OF_VIEW = "#E9EBEE"  # non-pilots in the pilot-only view
NO_DATA = "#A3A8B0"  # no value for this measure
OTHER_LINE = "#FFFFFF"
SLIVER = 0.002  # share of the colour bar each grey takes (invisible)
PILOT_LINE_WIDTH = 3.0
OLDER_OPACITY = 0.45  # a value of an earlier year than the one selected: visible, but not as current
OTHER_LINE_WIDTH = 0.6
TOPOJSON_URL = "app/static/"  # relative: works under any server.baseUrlPath


def nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """Round tick values covering [lo, hi] (at most about n+1 of them, all inside)."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return [lo] if math.isfinite(lo) else []
    raw = (hi - lo) / max(n, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    first = math.ceil(lo / step - 1e-9) * step
    ticks = [first + i * step for i in range(int((hi - first) / step + 1e-9) + 1)]
    return [round(v, 10) for v in ticks if lo - 1e-9 <= v <= hi + 1e-9]


def _colour_scale() -> list[list[Any]]:
    """Grey sliver (out of view), grey sliver (no data), then viridis."""
    scale: list[list[Any]] = [[0.0, OUT_OF_VIEW], [SLIVER, OUT_OF_VIEW], [SLIVER, NO_DATA], [2 * SLIVER, NO_DATA]]
    k = len(SCALE) - 1
    scale += [[2 * SLIVER + (1 - 2 * SLIVER) * i / k, c] for i, c in enumerate(SCALE)]
    return scale


Floats = np.ndarray[Any, np.dtype[np.float64]]


@dataclass(frozen=True)
class Shape:
    """What the map needs of the geometry: its bounds and each small province's centre."""

    lon: tuple[float, float]
    lat: tuple[float, float]
    small: dict[str, tuple[float, float]]  # code -> (lon, lat) of provinces under SMALL_AREA


_SHAPES: dict[int, Shape] = {}  # by id of the shared, read-only geometry (one per process)


def _rings(geometry: dict[str, Any]) -> list[Floats]:
    polys = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [np.asarray(poly[0], dtype=float) for poly in polys]  # outer rings


def _area(ring: Floats) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return float(abs(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1))) / 2)


def shape_of(geo: dict[str, Any]) -> Shape:
    """Bounds and small provinces of ``geo``, computed once per geometry object."""
    if (got := _SHAPES.get(id(geo))) is not None:
        return got
    lons, lats, small = [], [], {}
    for f in geo["features"]:
        rings = _rings(f["geometry"])
        pts = np.concatenate(rings)
        lons += [pts[:, 0].min(), pts[:, 0].max()]
        lats += [pts[:, 1].min(), pts[:, 1].max()]
        if sum(_area(r) for r in rings) < SMALL_AREA:
            big = max(rings, key=_area)
            small[str(f["properties"]["code"])] = (float(big[:, 0].mean()), float(big[:, 1].mean()))
    got = Shape((float(min(lons)), float(max(lons))), (float(min(lats)), float(max(lats))), small)
    _SHAPES[id(geo)] = got
    return got


def _z(df: pd.DataFrame, higher_is_better: bool) -> tuple[Floats, float, float, float, float]:
    """(z per province, cmin, cmax, lo, hi): lo..hi spans the in-view values (better-oriented)."""
    sign = 1.0 if higher_is_better else -1.0
    better = sign * df["value"].to_numpy(dtype=float)
    shown = better[df["in_scope"].to_numpy(dtype=bool) & ~np.isnan(better)]
    lo, hi = (float(shown.min()), float(shown.max())) if len(shown) else (0.0, 1.0)
    if hi - lo < 1e-9:
        lo, hi = lo - 0.5, hi + 0.5
    cmin = lo - (hi - lo) * 2 * SLIVER / (1 - 2 * SLIVER)
    span = hi - cmin
    z = np.where(np.isnan(better), cmin + 1.5 * SLIVER * span, better)
    z = np.where(df["in_scope"].to_numpy(dtype=bool), z, cmin)
    return z, cmin, hi, lo, hi


def choropleth(
    df: pd.DataFrame,
    *,
    geo: dict[str, Any],
    measure: Measure,
    lang: Lang,
    demo: bool,
    title: str,
    height: int = 700,
    year: int | None = None,
) -> go.Figure:
    """Choropleth of all provinces in ``df`` (from lib.views.map.map_frame) over ``geo``
    (lib.store.geo.geojson).

    customdata per province: code, name, value with unit, year, rank text, note. The first
    item (the code) lets a click select the province. With ``year`` (the selected year), a
    value of an earlier year is drawn paler and its hover says so.
    """
    df, m = df.reset_index(drop=True), measure
    z, cmin, cmax, lo, hi = _z(df, m.higher_is_better)
    sign = 1.0 if m.higher_is_better else -1.0
    tick_lo, tick_hi = sorted((sign * lo, sign * hi))
    vals = nice_ticks(tick_lo, tick_hi)  # real values (lo..hi are better-oriented)
    pilot = df["is_pilot"].to_numpy(dtype=bool)
    note = [
        t("map_hover_pilot", lang) if p else (t("map_hover_not_in_view", lang) if not s else "")
        for p, s in zip(pilot, df["in_scope"])
    ]
    stale = older(df["year"], year).to_numpy(dtype=bool) if year is not None else np.zeros(len(df), dtype=bool)
    value_txt = [
        value_text(r, m, lang) + (" " + t("map_hover_older", lang) if s else "")
        for (_, r), s in zip(df.iterrows(), stale, strict=True)
    ]
    custom = list(
        zip(
            df["province_code"],
            df["name"],
            value_txt,
            [year_label(None if pd.isna(y) else int(y), lang) for y in df["year"]],
            [rank_text(r, lang) for _, r in df.iterrows()],
            note,
        )
    )
    hover = (
        "<b>%{customdata[1]}</b> %{customdata[5]}<br>"
        + t("col_value", lang)
        + ": %{customdata[2]}<br>"
        + t("col_year", lang)
        + ": %{customdata[3]}<br>"
        + t("col_rank", lang)
        + ": %{customdata[4]}<extra></extra>"
    )
    traces: list[dict[str, Any]] = [
        dict(
            type="choropleth",
            featureidkey="properties.code",
            locations=df["province_code"],
            z=z,
            zmin=cmin,
            zmax=cmax,
            zauto=False,
            colorscale=_colour_scale(),
            name="",
            marker={
                "opacity": [OLDER_OPACITY if s else 1.0 for s in stale],
                "line": {
                    "width": [PILOT_LINE_WIDTH if p else OTHER_LINE_WIDTH for p in pilot],
                    "color": [PILOT_OUTLINE if p else OTHER_LINE for p in pilot],
                },
            },
            customdata=custom,
            hovertemplate=hover,
            colorbar={
                "title": {
                    "text": f"{t('map_better_up', lang)}<br>{break_lines(m.unit, 24)}",
                    "side": "top",
                    "font": {"size": 15},
                },
                "tickvals": [sign * v for v in vals],
                "ticktext": [fmt_value(v + 0.0, m.decimals) for v in vals],
                "tickfont": {"size": 14},
                "len": 0.45,
                "thickness": 22,
                "x": 1.0,
                "xanchor": "right",
                "y": 0.07,
                "yanchor": "bottom",
                "outlinewidth": 0,
            },
            meta={"higher_is_better": m.higher_is_better, "measure": m.kind},
        )
    ]
    # legend keys for what the colour bar cannot say (empty traces draw nothing)
    keys = [
        (
            "map_legend_pilot",
            {
                "symbol": "square-open",
                "size": 18,
                "color": PILOT_OUTLINE,
                "line": {"width": PILOT_LINE_WIDTH, "color": PILOT_OUTLINE},
            },
        )
    ]
    if (df["value"].isna() & df["in_scope"]).any():
        keys.append(("map_no_data", {"symbol": "square", "size": 16, "color": NO_DATA}))
    if not df["in_scope"].all():
        keys.append(
            (
                "map_legend_out_of_view",
                {"symbol": "square", "size": 16, "color": OUT_OF_VIEW, "line": {"width": 1, "color": "#9CA3AF"}},
            )
        )
    for key, marker in keys:
        traces.append(
            dict(
                type="scattergeo",
                lon=[None],
                lat=[None],
                mode="markers",
                name=t(key, lang),
                marker=marker,
                hoverinfo="skip",
                showlegend=True,
            )
        )
    shape = shape_of(geo)
    # small provinces in view (outside it they stay grey shapes: nothing to pick out)
    codes = [str(c) for c in df["province_code"]]
    targets = [i for i, (c, s) in enumerate(zip(codes, df["in_scope"])) if c in shape.small and s]
    if targets:  # after the legend keys: drawn on top of the shapes
        traces.append(
            dict(
                type="scattergeo",
                lon=[shape.small[codes[i]][0] for i in targets],
                lat=[shape.small[codes[i]][1] for i in targets],
                mode="markers",
                marker={
                    "size": TARGET_SIZE,
                    "color": [z[i] for i in targets],
                    "colorscale": _colour_scale(),
                    "cmin": cmin,
                    "cmax": cmax,
                    "opacity": [OLDER_OPACITY if stale[i] else 1.0 for i in targets],
                    "line": {
                        "width": [2.0 if pilot[i] else 0.8 for i in targets],
                        "color": [PILOT_OUTLINE if pilot[i] else "#475569" for i in targets],
                    },
                },
                customdata=[custom[i] for i in targets],
                hovertemplate=hover,
                showlegend=False,
                name="",
                meta={"targets": True},
            )
        )
    pad = 0.25  # degrees around the country
    geos = {
        "geo": {
            "visible": False,
            "projection": {"type": "mercator"},
            "lonaxis": {"range": [shape.lon[0] - pad, shape.lon[1] + pad]},
            "lataxis": {"range": [shape.lat[0] - pad, shape.lat[1] + pad]},
            "bgcolor": "rgba(0,0,0,0)",
        }
    }
    worse = {  # the colour bar's foot: the worse end, in words
        "text": t("map_worse_down", lang),
        "x": 1.0,
        "y": 0.0,
        "xref": "paper",
        "yref": "paper",
        "xanchor": "right",
        "yanchor": "bottom",
        "showarrow": False,
        "font": {"size": 15},
    }
    layout = style(geos, lang, demo, title=title, height=height)
    wrapped, top = title_text(title, 44)  # the map column is ~560 px wide at 1366 px
    layout = merge(
        layout,
        {
            "title": {"text": wrapped},
            "legend": {
                "x": 0.0,
                "y": 0.02,
                "xanchor": "left",
                "yanchor": "bottom",
                "bgcolor": "rgba(255,255,255,0.8)",
                "font": {"size": 14},
            },
            "margin": {"t": top + 10, "l": 0, "r": 0, "b": 0},
            "annotations": [*layout.get("annotations", ()), worse],
            "dragmode": False,
            "clickmode": "event+select",
        },
    )
    fig = go.Figure(data=traces, layout=layout)
    # set after building: a figure deep-copies what it is built with (the shapes: ~12 ms), a
    # property set afterwards keeps the object (the shared, read-only geometry)
    fig.data[0].geojson = geo
    return fig
