"""Figures of the progress page: the goal snapshot the ESCAP way, one goal's Current Status Index
across provinces, and two indicators against each other. Inputs are frames shaped by
lib.views.progress."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from lib.charts.theme import HIGHLIGHT, NEUTRAL, PILOT_OUTLINE, TEXT_COLOUR, merge, style, title_text
from lib.core.progress import Anticipated
from lib.i18n import Lang, t

REGRESSION_COLOUR = "#C62828"  # ESCAP draws regression in red, left of the baseline
PALE_ALPHA = 0.22  # the rest of the way to the target: the goal's colour, pale
# ESCAP's dashboard colours of the anticipated classes (the page's table and the brief)
CLASS_COLOURS: dict[str, str] = {
    Anticipated.ON_TRACK.value: "#3A9D47",
    Anticipated.ACCELERATE.value: "#F5A623",
    Anticipated.REVERSE.value: "#C62828",
    Anticipated.NO_DATA.value: "#C4C4C4",
}
OTHER_COLOUR = "#9CA3AF"  # provinces that are not pilots, in the scatter


def pale(colour: str, alpha: float = PALE_ALPHA) -> str:
    """'#E5243B' -> 'rgba(229,36,59,0.22)'."""
    h = colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


TICKS = (-1.0, -0.75, -0.5, -0.25, 0.0, 0.25, 0.5, 0.75, 1.0)  # past 100% there is nothing to measure


def _pct_axis(lo: float, hi: float) -> dict[str, Any]:
    return {
        "range": [lo, hi],
        "tickvals": [v for v in TICKS if v >= lo],
        "tickformat": ".0%",
        "fixedrange": True,
        "zeroline": False,
        "showgrid": True,
    }


def _csi_hover(lang: Lang) -> str:
    """Hover of a goal's or province's bar: its index, indicators and years (customdata 0-2)."""
    return (
        "<b>%{y}</b><br>"
        + t("prog_col_csi", lang)
        + ": %{customdata[0]}<br>"
        + t("prog_col_n", lang)
        + ": %{customdata[1]}<br>"
        + t("prog_col_years", lang)
        + ": %{customdata[2]}<extra></extra>"
    )


def _key(name: str, colour: str, line: str | None = None) -> dict[str, Any]:
    """A legend entry only: the bars carry each goal's own colour, the key a neutral one."""
    return {
        "type": "scatter",
        "x": [None],
        "y": [None],
        "mode": "markers",
        "name": name,
        "hoverinfo": "skip",
        "marker": {"symbol": "square", "size": 14, "color": colour, "line": {"color": line or colour, "width": 1}},
        "meta": {"part": "key"},
    }


def snapshot(snap: pd.DataFrame, *, lang: Lang, demo: bool, title: str) -> go.Figure:
    """Per goal (goal 1 on top) the Current Status Index as ESCAP's snapshot draws it: the
    progress made since the baseline in the goal's colour, the rest of the way to the target
    pale, a regression in red to the left of the baseline; at the bar's end the number of
    indicators behind it ('no data' for a goal without any). ``snap`` from
    lib.views.progress.goal_snapshot."""
    y = snap["label"].tolist()
    has = snap["csi"].notna()
    hover = _csi_hover(lang)
    custom = list(
        zip(
            [f"{100 * v:,.0f}%" if pd.notna(v) else "–" for v in snap["csi"]],
            snap["n_indicators"],
            snap["years_text"],
            strict=True,
        )
    )
    common: dict[str, Any] = {
        "type": "bar",
        "orientation": "h",
        "y": y,
        "customdata": custom,
        "hovertemplate": hover,
        "showlegend": False,
    }
    # built once from finished dicts (traces and layout): every update of a built figure is
    # validated and replayed again
    traces: list[dict[str, Any]] = [
        {
            "x": [-v if h else 0.0 for v, h in zip(snap["regression_shown"], has, strict=True)],
            "marker": {"color": REGRESSION_COLOUR},
            "name": t("prog_legend_regression", lang),
            "meta": {"part": "regression"},
            **common,
        },
        {
            "x": snap["progress_made"].fillna(0.0).tolist(),
            "marker": {"color": snap["colour"].tolist()},
            "name": t("prog_legend_made", lang),
            "meta": {"part": "made"},
            **common,
        },
        {
            "x": snap["progress_needed"].fillna(0.0).tolist(),
            "marker": {
                "color": [pale(c) for c in snap["colour"]],
                "line": {"color": snap["colour"].tolist(), "width": 1},
            },
            "name": t("prog_legend_needed", lang),
            "meta": {"part": "needed"},
            **common,
        },
        _key(t("prog_legend_made", lang), NEUTRAL),
        _key(t("prog_legend_needed", lang), pale(NEUTRAL), NEUTRAL),
        _key(t("prog_legend_regression", lang), REGRESSION_COLOUR),
    ]
    left = max(0.25, float(snap.loc[has, "regression_shown"].max()) if has.any() else 0.0) + 0.05
    notes = [
        {
            "x": 1.0 if h else 0.0,
            "y": label,
            "xref": "x",
            "yref": "y",
            "text": text,
            "showarrow": False,
            "xanchor": "left",
            "xshift": 6,
            "font": {"size": 14, "color": TEXT_COLOUR if h else NEUTRAL},
        }
        for label, text, h in zip(y, snap["bar_text"], has, strict=True)
    ]
    lines = [
        {
            "type": "line",
            "x0": 0,
            "x1": 0,
            "y0": 0,
            "y1": 1,
            "yref": "paper",
            "line": {"color": TEXT_COLOUR, "width": 1.5},
        }
    ]
    axes = {
        "yaxis": {
            "categoryorder": "array",
            "categoryarray": y[::-1],
            "automargin": True,
            "fixedrange": True,
            "ticksuffix": "  ",
        },
        "xaxis": _pct_axis(-left, 1.3),
    }
    layout = style(axes, lang, demo, title=title, height=34 * len(snap) + 190, annotations=notes, shapes=lines)
    text, top = title_text(title)
    layout = merge(
        layout,
        {"title": {"text": text}, "xaxis": {"title": {"text": t("prog_axis_csi", lang)}}},
        {
            "barmode": "relative",
            "bargap": 0.28,
            "margin": {"t": top + 36, "r": 20},
            "legend": {"orientation": "h", "y": 1.0, "x": 0, "yanchor": "bottom", "traceorder": "normal"},
        },
    )
    return go.Figure(data=traces, layout=layout)


def ranking(rank: pd.DataFrame, *, colour: str, selected: str, lang: Lang, demo: bool, title: str) -> go.Figure:
    """Provinces (best on top) by one goal's Current Status Index: progress in the goal's
    colour, regression in red to the left; pilots' names carry the star, the selected province
    is outlined. ``rank`` from lib.views.progress.ranking."""
    names = rank["name"].tolist()
    sel = (rank["province_code"] == selected).tolist()
    bar: dict[str, Any] = {
        "type": "bar",
        "orientation": "h",
        "y": names,
        "x": rank["csi_shown"].tolist(),
        "marker": {
            "color": [REGRESSION_COLOUR if v < 0 else colour for v in rank["csi_shown"]],
            "line": {
                "color": [PILOT_OUTLINE if s else "rgba(0,0,0,0)" for s in sel],
                "width": [3 if s else 0 for s in sel],
            },
        },
        "text": rank["text"].tolist(),
        "textposition": "outside",
        "cliponaxis": False,
        "textfont": {"size": 14},
        "customdata": list(zip(rank["text"], rank["n_indicators"], rank["years_text"], strict=True)),
        "hovertemplate": _csi_hover(lang),
        "showlegend": False,
    }
    lo = float(rank["csi_shown"].min()) if len(rank) else 0.0
    per_bar = 30 if len(rank) <= 30 else 22
    axes = {
        "yaxis": {
            "categoryorder": "array",
            "categoryarray": names[::-1],
            "automargin": True,
            "fixedrange": True,
            "tickfont": {"size": 15 if len(rank) <= 30 else 13},
        },
        "xaxis": {
            "zerolinecolor": TEXT_COLOUR,
            **_pct_axis(min(lo, 0.0) - 0.18, 1.2),
            "zeroline": True,  # the baseline (_pct_axis turns it off)
        },
    }
    layout = style(axes, lang, demo, title=title, height=max(300, 150 + per_bar * len(rank)), legend=False)
    text, top = title_text(title)
    layout = merge(
        layout,
        {"title": {"text": text}, "xaxis": {"title": {"text": t("prog_axis_csi", lang)}}},
        {"bargap": 0.25, "margin": {"t": top + 20, "r": 40}},
    )
    return go.Figure(data=[bar], layout=layout)


def scatter(
    sc: pd.DataFrame,
    *,
    x_title: str,
    y_title: str,
    lang: Lang,
    demo: bool,
    title: str,
    selected: str | None = None,
    log_x: bool = False,
    log_y: bool = False,
) -> go.Figure:
    """Every province with a value of both indicators: pilots as navy diamonds, the others as
    grey dots (names in the hover: fifteen labels in one cluster cannot be read); the selected
    province ringed and named on a label. Each point's customdata starts with its province code (a click
    opens its profile). ``log_x``/``log_y``: logarithmic axes (for values above 0). ``sc``
    from lib.views.progress.scatter_frame."""
    hover = (
        "<b>%{customdata[1]}</b><br>"
        + x_title
        + ": %{customdata[2]} (%{customdata[4]})<br>"
        + y_title
        + ": %{customdata[3]} (%{customdata[5]})<extra></extra>"
    )
    traces: list[dict[str, Any]] = []
    for pilot in (False, True):
        sub = sc[sc["is_pilot"] == pilot]
        if sub.empty:
            continue
        sel = (sub["province_code"] == selected).tolist()
        years = [(str(a), str(b)) for a, b in zip(sub["x_year_text"], sub["y_year_text"], strict=True)]
        traces.append(
            {
                "type": "scatter",
                "x": sub["x"].tolist(),
                "y": sub["y"].tolist(),
                "mode": "markers",
                "name": t("prog_legend_pilots" if pilot else "prog_legend_others", lang),
                "meta": {"pilot": pilot},
                "marker": {
                    "size": 13 if pilot else 10,
                    "symbol": "diamond" if pilot else "circle",
                    "color": HIGHLIGHT if pilot else OTHER_COLOUR,
                    "opacity": 0.95 if pilot else 0.8,
                    "line": {
                        "color": [PILOT_OUTLINE if s else "#FFFFFF" for s in sel],
                        "width": [3 if s else 1 for s in sel],
                    },
                },
                "customdata": [
                    [c, n, xt, yt, xy[0], xy[1]]
                    for c, n, xt, yt, xy in zip(
                        sub["province_code"], sub["name"], sub["x_text"], sub["y_text"], years, strict=True
                    )
                ],
                "hovertemplate": hover,
                "cliponaxis": False,
            }
        )
    # the selected province named on a white label, so the cluster under it stays readable
    # (a log axis places annotations by the logarithm of the value)
    notes = [
        {
            "x": math.log10(r["x"]) if log_x else r["x"],
            "y": math.log10(r["y"]) if log_y else r["y"],
            "text": f"<b>{r['name']}</b>",
            "showarrow": True,
            "arrowhead": 0,
            "arrowcolor": PILOT_OUTLINE,
            "ax": 30,
            "ay": -34,
            "bgcolor": "rgba(255,255,255,0.92)",
            "bordercolor": PILOT_OUTLINE,
            "borderwidth": 1,
            "font": {"size": 14, "color": PILOT_OUTLINE},
            "name": f"selected {r['province_code']}",
        }
        for r in sc[sc["province_code"] == selected].to_dict("records")
        if (not log_x or r["x"] > 0) and (not log_y or r["y"] > 0)
    ]
    axes = {
        f"{name}axis": {"zeroline": False, "showgrid": True, "type": "log" if log else "linear", "tickformat": ","}
        for name, log in (("x", log_x), ("y", log_y))
    }
    layout = style(axes, lang, demo, title=title, height=560, annotations=notes)
    text, top = title_text(title)
    layout = merge(
        layout,
        {"title": {"text": text}, "xaxis": {"title": {"text": x_title}}, "yaxis": {"title": {"text": y_title}}},
        {
            "margin": {"t": top + 30, "r": 30},
            "legend": {"orientation": "h", "y": 1.0, "x": 0, "yanchor": "bottom"},
            "clickmode": "event+select",
        },
    )
    return go.Figure(data=traces, layout=layout)
