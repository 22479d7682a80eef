"""Figures of the goal explorer. Inputs are frames shaped by lib.views.goal."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from lib.charts.text import PLOT_WIDTH_PX, label_slots, text_width_px
from lib.charts.theme import HIGHLIGHT, NEUTRAL, PILOT_OUTLINE, merge, style, title_text
from lib.core.vocab import STATUS_ORDER, Status
from lib.i18n import Lang, fmt_value, t, year_label

# Lines of the chosen provinces: the selected province in the project navy, then SDG colours
# that stay apart from each other and from the status colours' meaning.
LINE_COLOURS: tuple[str, ...] = (
    HIGHLIGHT,
    "#0A97D9",
    "#DD1367",
    "#FD6925",
    "#56C02B",
    "#A21942",
    "#BF8B2E",
    "#00689D",
    "#FCC30B",
    "#4C9F38",
)
GREEN_LINE = Status.GREEN.colour
RED_LINE = Status.RED.colour


# Pilot labels in the distribution: 4 levels above and 4 below the axis (px from the points).
LABEL_OFFSETS_PX: tuple[int, ...] = (56, 92, 128, 164)


def ranking(rank: pd.DataFrame, *, selected: str, lang: Lang, demo: bool, title: str) -> go.Figure:
    """Horizontal bars of the goal score, best on top, coloured by SDSN status (one trace per
    status, meta={'status': ...}); the selected province outlined in black."""
    traces: list[Any] = []
    for status in STATUS_ORDER:
        sub = rank.loc[rank["status"] == status.value]
        if sub.empty:
            continue
        sel = (sub["province_code"] == selected).tolist()
        traces.append(
            go.Bar(
                orientation="h",
                y=sub["name"],
                x=sub["score"].clip(lower=0.8),
                name=t(status.key, lang),  # 0 stays visible
                meta={"status": status.value},
                marker={
                    "color": status.colour,
                    "line": {
                        "color": [PILOT_OUTLINE if s else "rgba(0,0,0,0)" for s in sel],
                        "width": [3 if s else 0 for s in sel],
                    },
                },
                text=[fmt_value(v, 0) for v in sub["score"]],
                textposition="outside",
                cliponaxis=False,
                textfont={"size": 15},
                customdata=list(  # the code first: a click opens that province (lib.app.clicks)
                    zip(
                        sub["province_code"].astype(str),
                        sub["rank"],
                        [fmt_value(v, 1) for v in sub["score"]],
                        sub["status_label"],
                        sub["trend_label"],
                    )
                ),
                hovertemplate=(
                    "<b>%{y}</b><br>"
                    + t("col_rank", lang)
                    + ": %{customdata[1]}<br>"
                    + t("col_score", lang)
                    + ": %{customdata[2]} · %{customdata[3]}<br>"
                    + t("col_trend", lang)
                    + ": %{customdata[4]}<br><i>"
                    + t("click_opens_province", lang)
                    + "</i><extra></extra>"
                ),
            )
        )
    names = rank["name"].tolist()
    axes = {
        "yaxis": dict(
            categoryorder="array",
            categoryarray=names[::-1],
            automargin=True,
            tickfont={"size": 15 if len(rank) <= 30 else 13},
        ),
        "xaxis": dict(range=[0, 108], dtick=20, title={"text": t("prov_axis_score", lang)}, fixedrange=True),
    }
    per_bar = 30 if len(rank) <= 30 else 22
    layout = style(axes, lang, demo, title=title, height=max(300, 150 + per_bar * len(rank)))
    text, top = title_text(title)
    layout = merge(
        layout,
        {"title": {"text": text}},
        {
            "barmode": "overlay",
            "bargap": 0.25,
            "margin": {"t": top + 40, "r": 40},
            "legend": {"orientation": "h", "y": 1.0, "x": 0, "yanchor": "bottom"},
        },
    )
    return go.Figure(data=traces, layout=layout)


def trends(
    s: pd.DataFrame,
    *,
    names: Mapping[str, str],
    unit: str,
    decimals: int,
    lang: Lang,
    demo: bool,
    title: str,
    green: float | None = None,
    red: float | None = None,
) -> go.Figure:
    """One line per chosen province (first = the selected province, drawn thicker), with the
    indicator's green and red thresholds as dashed lines. x: B.E. years in Thai mode."""
    traces: list[Any] = []
    codes = list(dict.fromkeys(s["province_code"]))
    for i, code in enumerate(codes):
        sub = s.loc[s["province_code"] == code].sort_values("year")
        years = [year_label(int(y), lang) for y in sub["year"]]
        traces.append(
            go.Scatter(
                x=[int(y) for y in years],
                y=sub["value"],
                name=names.get(code, code),
                mode="lines+markers",
                meta={"province": code},
                line={"color": LINE_COLOURS[i % len(LINE_COLOURS)], "width": 5 if i == 0 else 3},
                marker={"size": 10 if i == 0 else 7},
                customdata=list(zip(years, [fmt_value(v, decimals) for v in sub["value"]])),
                hovertemplate=(
                    "<b>"
                    + names.get(code, code)
                    + "</b><br>"
                    + t("col_year", lang)
                    + " %{customdata[0]}: %{customdata[1]} "
                    + unit
                    + "<extra></extra>"
                ),
            )
        )
    shapes, notes = _threshold_lines("y", green, red, decimals, lang)
    axes = {
        "shapes": shapes,
        "annotations": notes,
        "xaxis": dict(title={"text": t("col_year", lang)}, tickformat="d", dtick=1, showgrid=False),
        "yaxis": dict(title={"text": unit}),
    }
    layout = style({k: v for k, v in axes.items() if v}, lang, demo, title=title, height=500)
    text, top = title_text(title)
    layout = merge(
        layout,
        {"title": {"text": text}},
        {"legend": {"orientation": "h", "y": -0.18, "x": 0, "yanchor": "top"}, "margin": {"b": 40, "t": top + 20}},
    )
    return go.Figure(data=traces, layout=layout)


def _threshold_lines(
    axis: str, green: float | None, red: float | None, decimals: int, lang: Lang
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The green and red thresholds as dashed lines with their labels (shape and annotation
    dicts, as plotly's add_hline/add_vline make them): horizontal (``axis="y"``, label top left)
    or vertical (``"x"``, label bottom right)."""
    shapes, notes = [], []
    for value, colour, key in ((green, GREEN_LINE, "goal_green_line"), (red, RED_LINE, "goal_red_line")):
        if value is None:
            continue
        line = {"color": colour, "dash": "dash", "width": 2}
        label = {
            "font": {"color": colour, "size": 14},
            "showarrow": False,
            "text": f"{t(key, lang)} {fmt_value(value, decimals)}",
        }
        if axis == "y":
            shapes.append(
                {
                    "line": line,
                    "type": "line",
                    "x0": 0,
                    "x1": 1,
                    "xref": "x domain",
                    "y0": value,
                    "y1": value,
                    "yref": "y",
                }
            )
            notes.append(
                {**label, "x": 0, "xanchor": "left", "xref": "x domain", "y": value, "yanchor": "bottom", "yref": "y"}
            )
        else:
            shapes.append(
                {
                    "line": line,
                    "type": "line",
                    "x0": value,
                    "x1": value,
                    "xref": "x",
                    "y0": 0,
                    "y1": 1,
                    "yref": "y domain",
                }
            )
            notes.append(
                {**label, "x": value, "xanchor": "left", "xref": "x", "y": 0, "yanchor": "bottom", "yref": "y domain"}
            )
    return shapes, notes


def distribution(
    d: pd.DataFrame,
    *,
    unit: str,
    decimals: int,
    lang: Lang,
    demo: bool,
    title: str,
    green: float | None = None,
    red: float | None = None,
    selected: str | None = None,
) -> go.Figure:
    """All provinces' values of one indicator on one axis: a box for the spread, grey dots for
    the other provinces, labelled navy dots for the pilots (labels staggered above and below
    so neighbours do not overlap), the selected province labelled in bold (and drawn as a black
    diamond when it is not a pilot), the green and red thresholds as dashed lines."""
    d = d.reset_index(drop=True)
    traces: list[Any] = []
    traces.append(
        go.Box(
            x=d["value"],
            y=[0.0] * len(d),
            orientation="h",
            name=t("goal_dist_all", lang),
            boxpoints=False,
            fillcolor="rgba(107,114,128,0.12)",
            line={"color": NEUTRAL},
            width=0.36,
            hoverinfo="skip",
            meta={"role": "box"},
        )
    )

    def hover(rows: pd.DataFrame) -> list[tuple[str, str, str]]:
        return list(
            zip(
                [fmt_value(v, decimals) for v in rows["value"]],
                [year_label(int(y), lang) for y in rows["year"]],
                rows["status_label"],
            )
        )

    template = (
        "<b>%{text}</b><br>"
        + t("col_value", lang)
        + ": %{customdata[0]} "
        + unit
        + " (%{customdata[1]})<br>"
        + t("col_status", lang)
        + ": %{customdata[2]}<extra></extra>"
    )
    others = d.loc[~d["is_pilot"]]
    jitter = [((i % 5) - 2) * 0.05 for i in range(len(others))]
    traces.append(
        go.Scatter(
            x=others["value"],
            y=jitter,
            mode="markers",
            name=t("goal_dist_other", lang),
            marker={"size": 9, "color": "rgba(107,114,128,0.55)"},
            text=others["name"],
            customdata=hover(others),
            hovertemplate=template,
            meta={"role": "other"},
        )
    )
    pilots = d.loc[d["is_pilot"]].sort_values("value").reset_index(drop=True)
    traces.append(
        go.Scatter(
            x=pilots["value"],
            y=[0.0] * len(pilots),
            mode="markers",
            name=t("goal_dist_pilot", lang),
            text=pilots["name"],
            customdata=hover(pilots),
            hovertemplate=template,
            meta={"role": "pilot"},
            marker={"size": 14, "color": HIGHLIGHT, "line": {"color": "#FFFFFF", "width": 2}},
        )
    )
    labelled = pilots
    sel = d.loc[(d["province_code"] == selected) & ~d["is_pilot"]]
    if len(sel):
        traces.append(
            go.Scatter(
                x=sel["value"],
                y=[0.0],
                mode="markers",
                name=str(sel["name"].iloc[0]),
                text=sel["name"],
                customdata=hover(sel),
                hovertemplate=template,
                meta={"role": "selected"},
                marker={"size": 16, "symbol": "diamond", "color": PILOT_OUTLINE},
            )
        )
        labelled = pd.concat([pilots, sel], ignore_index=True)
    lo, hi = float(d["value"].min()), float(d["value"].max())
    for v in (green, red):
        if v is not None:
            lo, hi = min(lo, v), max(hi, v)
    per_px = (hi - lo) / PLOT_WIDTH_PX if hi > lo else 1.0 / PLOT_WIDTH_PX
    widths = [(text_width_px(n) + 24) * per_px for n in labelled["name"]]  # a gap between neighbours
    slots = label_slots(list(labelled["value"]), widths, n_slots=2 * len(LABEL_OFFSETS_PX))
    labels = []
    for (_, r), slot in zip(labelled.iterrows(), slots):
        offset = LABEL_OFFSETS_PX[slot // 2] * (-1 if slot % 2 == 0 else 1)  # negative = above
        is_sel = r["province_code"] == selected
        colour = HIGHLIGHT if r["is_pilot"] else PILOT_OUTLINE
        labels.append(
            dict(
                x=r["value"],
                y=0,
                ax=0,
                ay=offset,
                showarrow=True,
                arrowhead=0,
                arrowwidth=1,
                text=f"<b>{r['name']}</b>" if is_sel else str(r["name"]),
                arrowcolor=colour,
                font={"size": 15 if is_sel else 14, "color": colour},
                bgcolor="rgba(255,255,255,0.85)",
                name="pilot_label" if r["is_pilot"] else "selected_label",
            )
        )
    shapes, notes = _threshold_lines("x", green, red, decimals, lang)
    axes = {
        "shapes": shapes,
        "annotations": notes,
        "yaxis": dict(visible=False, range=[-1.05, 1.05], fixedrange=True),
        "xaxis": dict(title={"text": unit}, zeroline=False),
    }
    layout = style({k: v for k, v in axes.items() if v}, lang, demo, title=title, height=640, annotations=labels)
    text, top = title_text(title)
    layout = merge(
        layout,
        {"title": {"text": text}},
        {"legend": {"orientation": "h", "y": -0.16, "x": 0, "yanchor": "top"}, "margin": {"b": 40, "t": top + 20}},
    )
    return go.Figure(data=traces, layout=layout)
