"""Figures of the partners page. Inputs are frames shaped by lib.views.partners.

Partner activities are real engagements from public reports: these figures never carry
the demo stamp (``theme(..., demo=False)``).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from lib.charts.text import break_lines, short_label
from lib.charts.theme import HIGHLIGHT, theme
from lib.i18n import Lang, t

MATRIX_SCALE = [[0.0, "#F3F4F6"], [0.0001, "#DCE9F5"], [0.5, "#4A7FB0"], [1.0, HIGHLIGHT]]


def partner_bars(sp: pd.DataFrame, *, lang: Lang, title: str) -> go.Figure:
    """Activities per partner (horizontal bars), partners grouped by sector in the sectors'
    order and by count within a sector; one trace per sector (legend = sector with its total)."""
    labels: list[str] = []
    for n in sp["partner_name"]:  # axis categories must be unique, even after cutting
        label = short_label(n)
        while label in labels:
            label += " "
        labels.append(label)
    sp = sp.assign(label=labels)
    fig = go.Figure()
    for sector, rows in sp.groupby("sector", sort=False):
        name = f"{rows['sector_name'].iloc[0]} ({int(rows['n'].sum())})"
        fig.add_trace(
            go.Bar(
                orientation="h",
                y=rows["label"],
                x=rows["n"],
                name=name,
                meta={"sector": sector},
                marker={"color": rows["colour"].iloc[0]},
                text=[str(int(v)) for v in rows["n"]],
                textposition="outside",
                cliponaxis=False,
                customdata=list(zip(rows["partner_name"], rows["sector_name"])),
                hovertemplate=(
                    "<b>%{customdata[0]}</b><br>"
                    + t("col_sector", lang)
                    + ": %{customdata[1]}<br>"
                    + t("part_col_n", lang)
                    + ": %{x}<extra></extra>"
                ),
            )
        )
    theme(fig, lang, False, title=title, height=max(320, 30 * len(sp) + 170))
    fig.update_yaxes(
        categoryorder="array", categoryarray=labels[::-1], automargin=True, fixedrange=True, ticksuffix="  "
    )
    n_max = max(1, int(sp["n"].max()) if len(sp) else 1)
    fig.update_xaxes(rangemode="tozero", fixedrange=True, dtick=1 if n_max <= 12 else None, range=[0, n_max * 1.08])
    # Legend (the sectors) under the plot: above it, it would collide with the title.
    fig.update_layout(
        barmode="stack",
        bargap=0.25,
        legend={
            "orientation": "h",
            "yanchor": "top",
            "y": -40 / fig.layout.height,
            "x": 0,
            "xanchor": "left",
            "title": None,
            "traceorder": "normal",
        },
    )
    return fig


def province_sector_heatmap(mat: pd.DataFrame, *, lang: Lang, title: str) -> go.Figure:
    """Provinces (rows) x sectors (columns), cells = activity counts (number written in)."""
    z = mat.to_numpy()
    zmax = max(int(z.max()) if z.size else 0, 1)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[break_lines(c, 12) for c in mat.columns],
            y=list(mat.index),
            zmin=0,
            zmax=zmax,
            colorscale=MATRIX_SCALE,
            showscale=False,
            xgap=2,
            ygap=2,
            text=[[str(v) if v else "" for v in row] for row in z],
            texttemplate="%{text}",
            textfont={"size": 15},
            customdata=[list(mat.attrs.get("full", mat.columns)) for _ in mat.index],
            hovertemplate=(
                "<b>%{y}</b><br>"
                + t("col_sector", lang)
                + ": %{customdata}<br>"
                + t("part_col_n", lang)
                + ": %{z}<extra></extra>"
            ),
        )
    )
    theme(fig, lang, False, title=title, height=max(360, 34 * len(mat) + 150), legend=False)
    fig.update_xaxes(side="top", tickfont={"size": 14}, tickangle=0, fixedrange=True)
    fig.update_yaxes(autorange="reversed", automargin=True, fixedrange=True, ticksuffix="  ")
    fig.update_layout(margin={"t": 120})
    return fig


def goal_bars(gc: pd.DataFrame, *, lang: Lang, title: str) -> go.Figure:
    """Activities per goal (horizontal bars, goal 1 on top), each bar in its official goal colour."""
    fig = go.Figure(
        go.Bar(
            orientation="h",
            y=gc["label"],
            x=gc["n"],
            marker={"color": list(gc["colour"])},
            text=[str(int(v)) for v in gc["n"]],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="<b>%{y}</b><br>" + t("part_col_n", lang) + ": %{x}<extra></extra>",
        )
    )
    theme(fig, lang, False, title=title, height=40 * len(gc) + 110, legend=False)
    fig.update_yaxes(autorange="reversed", automargin=True, fixedrange=True, ticksuffix="  ")
    fig.update_xaxes(
        title=t("part_col_n", lang),
        rangemode="tozero",
        fixedrange=True,
        range=[0, max(1, int(gc["n"].max()) if len(gc) else 1) * 1.12],
    )
    fig.update_layout(bargap=0.25)
    return fig
