"""Figure of the data coverage page (lib.views.coverage shapes its frame)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from lib.charts.theme import style
from lib.i18n import Lang, t

NO_DATA_COLOUR = "#E5E7EB"  # the catalogue's indicators with no data yet


def goal_bars(gs: pd.DataFrame, *, lang: Lang, demo: bool, title: str) -> go.Figure:
    """Per goal (goal 1 on top): indicators with data in the goal's colour, the rest of the
    catalogue's indicators in grey; at the bar's end 'with / in catalogue · provinces'."""
    labels = [
        t("cov_bar_text", lang, n=int(n), total=int(m), prov=int(p)) if n else t("cov_bar_none", lang, total=int(m))
        for n, m, p in zip(gs["n_with"], gs["n_total"], gs["n_provinces"], strict=True)
    ]
    hover = "<b>%{y}</b><br>%{customdata}<extra></extra>"
    top = int(gs["n_total"].max()) if len(gs) else 1
    traces = [
        dict(
            type="bar",
            orientation="h",
            y=gs["label"],
            x=gs["n_with"],
            marker={"color": gs["colour"].tolist()},
            customdata=labels,
            hovertemplate=hover,
            name=t("cov_col_n_with", lang),
        ),
        dict(
            type="bar",
            orientation="h",
            y=gs["label"],
            x=gs["n_total"] - gs["n_with"],
            marker={"color": NO_DATA_COLOUR, "line": {"color": "#D1D5DB", "width": 1}},
            text=labels,
            textposition="outside",
            cliponaxis=False,
            customdata=labels,
            hovertemplate=hover,
            name=t("cov_no_data", lang),
        ),
    ]
    axes = {
        "barmode": "stack",
        "bargap": 0.25,
        "yaxis": {
            "autorange": "reversed",
            "automargin": True,
            "fixedrange": True,
            "ticksuffix": "  ",
            "tickfont": {"size": 14},
        },
        "xaxis": {
            "range": [0, top + max(2.5, 0.45 * top)],  # room for the labels at the bars' ends
            "dtick": 1,
            "fixedrange": True,
            "title": {"text": t("cov_axis_indicators", lang)},
            "showgrid": True,
        },
    }
    layout = style(axes, lang, demo, title=title, height=28 * len(gs) + 130, legend=False)
    return go.Figure(data=traces, layout=layout)
