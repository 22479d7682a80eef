"""Figures of the data page: data coverage. Inputs are frames shaped by lib.views.data."""

from __future__ import annotations

from typing import cast

import pandas as pd
import plotly.graph_objects as go

from lib.charts.theme import HIGHLIGHT, STAMP_NAME, style
from lib.i18n import Lang, t, year_label

# 0 % = light grey (no data), then light to dark navy as coverage grows.
COVERAGE_SCALE = [[0.0, "#E5E7EB"], [0.001, "#D6E4F0"], [0.5, "#6C9CC7"], [1.0, HIGHLIGHT]]


def coverage_heatmap(cov: pd.DataFrame, *, lang: Lang, demo: bool, title: str) -> go.Figure:
    """Indicators (rows, catalogue order) x years (columns): share of the provinces in scope
    that have a value. Cells show the share in % when the grid is small enough to read."""
    labels = list(dict.fromkeys(cov["label"]))
    years = sorted(cov["year"].unique())
    grid = cov.pivot_table(index="label", columns="year", values="share", sort=False).reindex(labels)[years]
    n = cov.pivot_table(index="label", columns="year", values="n", sort=False).reindex(labels)[years]
    names = cov.drop_duplicates("label").set_index("label").loc[labels, "name"].tolist()
    n_scope = int(cast(int, cov["n_scope"].iloc[0])) if len(cov) else 0
    counts = n.to_numpy()
    custom = [[[names[i], f"{int(counts[i, j])} / {n_scope}"] for j in range(len(years))] for i in range(len(labels))]
    show_text = len(labels) * len(years) <= 400
    heatmap = dict(
        type="heatmap",
        z=grid.to_numpy(),
        x=[year_label(int(y), lang) for y in years],
        y=labels,
        zmin=0,
        zmax=100,
        colorscale=COVERAGE_SCALE,
        xgap=1,
        ygap=1,
        customdata=custom,
        text=[[f"{v:.0f}" for v in row] for row in grid.to_numpy()] if show_text else None,
        texttemplate="%{text}" if show_text else None,
        textfont={"size": 13},
        colorbar={
            "title": {"text": t("data_cov_colorbar", lang), "side": "right"},
            "ticksuffix": " %",
            "thickness": 14,
            "len": min(1.0, 300 / max(300, 26 * len(labels))),
        },
        hovertemplate=(
            "<b>%{customdata[0]}</b><br>"
            + t("col_year", lang)
            + ": %{x}<br>"
            + t("data_col_n_prov", lang)
            + ": %{customdata[1]} (%{z:.0f} %)<extra></extra>"
        ),
    )
    axes = {
        "xaxis": {"side": "top", "type": "category", "fixedrange": True},
        "yaxis": {
            "autorange": "reversed",
            "automargin": True,
            "fixedrange": True,
            "ticksuffix": " ",
            "tickfont": {"size": 13},
        },
    }
    layout = style(axes, lang, demo, title=title, height=max(320, 26 * len(labels) + 190), legend=False)
    layout["margin"] = {**layout["margin"], "t": 130}
    for a in layout.get("annotations", ()):  # the demo stamp goes above the year labels of the top axis
        if a.get("name") == STAMP_NAME:
            a["yshift"] = 26
    # one validation of the finished dicts (a built figure re-validates on every update)
    return go.Figure(data=[{k: v for k, v in heatmap.items() if v is not None}], layout=layout)


def completeness_bars(comp: pd.DataFrame, *, lang: Lang, demo: bool, title: str) -> go.Figure:
    """Per province: share of the scope's indicators with data in the year (most complete on top;
    pilots in navy, other provinces in grey)."""
    bars = dict(
        type="bar",
        orientation="h",
        y=comp["name"],
        x=comp["share"],
        marker={"color": [HIGHLIGHT if p else "#9CA3AF" for p in comp["is_pilot"]]},
        text=[f"{v:.0f} %" for v in comp["share"]],
        textposition="outside",
        cliponaxis=False,
        customdata=[f"{int(k)} / {int(s)}" for k, s in zip(comp["n"], comp["n_indicators"])],
        hovertemplate=("<b>%{y}</b><br>" + t("data_col_n_ind", lang) + ": %{customdata} (%{x:.0f} %)<extra></extra>"),
    )
    axes = {
        "bargap": 0.2,
        "yaxis": {
            "autorange": "reversed",
            "automargin": True,
            "fixedrange": True,
            "ticksuffix": "  ",
            "tickfont": {"size": 13 if len(comp) > 20 else 15},
        },
        "xaxis": {
            "range": [0, 112],
            "ticksuffix": " %",
            "title": {"text": t("data_col_share", lang)},
            "fixedrange": True,
        },
    }
    layout = style(axes, lang, demo, title=title, height=max(260, 24 * len(comp) + 130), legend=False)
    return go.Figure(data=[bars], layout=layout)
