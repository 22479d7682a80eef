"""Figures of the province profile. Inputs are frames shaped by lib.views.province."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

import pandas as pd
import plotly.graph_objects as go

from lib.charts.text import clip
from lib.charts.theme import HIGHLIGHT, NEUTRAL, PILOT_AVG_COLOUR, PUBLISHED_COLOUR, merge, style, title_text
from lib.core.vocab import STATUS_ORDER, Status
from lib.i18n import Lang, fmt_value, t, year_label

SERIES_STYLE: dict[str, dict[str, Any]] = {
    "province": {"line": {"color": HIGHLIGHT, "width": 4}, "marker": {"size": 10}, "mode": "lines+markers"},
    "pilot_avg": {
        "line": {"color": PILOT_AVG_COLOUR, "width": 3, "dash": "dash"},
        "marker": {"size": 7},
        "mode": "lines+markers",
    },
    "national_avg": {
        "line": {"color": NEUTRAL, "width": 3, "dash": "dot"},
        "marker": {"size": 7},
        "mode": "lines+markers",
    },
    "published": {
        "line": {"color": PUBLISHED_COLOUR, "width": 2, "dash": "dashdot"},
        "marker": {"size": 13, "symbol": "diamond"},
        "mode": "lines+markers",
    },
}


def goal_strip(strip: pd.DataFrame, *, lang: Lang, demo: bool, title: str) -> go.Figure:
    """17 cells, one per goal, in SDSN status colours, with the goal score and trend arrow.

    ``strip`` from lib.views.province.goal_strip. One bar trace per status (so the legend
    explains the colours; each carries meta={'status': ...}); under the cells a band in the
    goals' official colours with their numbers.
    """
    traces: list[Any] = []
    x_all = [str(g) for g in strip["goal"]]
    for status in STATUS_ORDER:
        rows = strip.loc[strip["status"] == status.value]
        if rows.empty:
            continue
        text = [f"<b>{fmt_value(s, 0)}</b><br>{tr}" for s, tr in zip(rows["score"], rows["trend"])]
        traces.append(
            go.Bar(
                x=[str(g) for g in rows["goal"]],
                y=[1.0] * len(rows),
                base=0,
                name=t(status.key, lang),
                meta={"status": status.value},
                marker={"color": status.colour, "line": {"color": "#FFFFFF", "width": 2}},
                text=text,
                textposition="inside",
                insidetextanchor="middle",
                textfont={"size": 22, "color": status.text_colour},
                customdata=list(
                    zip(
                        rows["label"],
                        [fmt_value(s, 1) for s in rows["score"]],
                        rows["status_label"],
                        rows["trend_label"],
                    )
                ),
                hovertemplate=(
                    "<b>%{customdata[0]}</b><br>"
                    + t("col_score", lang)
                    + ": %{customdata[1]}<br>"
                    + t("col_status", lang)
                    + ": %{customdata[2]}<br>"
                    + t("col_trend", lang)
                    + ": %{customdata[3]}<br><i>"
                    + t("click_opens_goal", lang)
                    + "</i><extra></extra>"
                ),
            )
        )
    traces.append(
        go.Bar(  # the goals' official colours, numbered, as a key under the cells
            x=x_all,
            y=[0.3] * len(strip),
            base=-0.34,
            showlegend=False,
            hoverinfo="skip",
            marker={"color": list(strip["goal_colour"]), "line": {"color": "#FFFFFF", "width": 2}},
            text=[f"<b>{g}</b>" for g in strip["goal"]],
            textposition="inside",
            insidetextanchor="middle",
            textfont={"size": 16, "color": "#FFFFFF"},
            meta={"status": None},
        )
    )
    axes = {
        "barmode": "overlay",
        "bargap": 0.06,
        "xaxis": dict(
            type="category",
            categoryorder="array",
            categoryarray=x_all,
            showticklabels=False,
            showgrid=False,
            fixedrange=True,
        ),
        "yaxis": dict(visible=False, range=[-0.36, 1.02], fixedrange=True),
    }
    layout = style(axes, lang, demo, title=title, height=300)
    wrapped, top = title_text(title)
    layout = merge(
        layout,
        {
            "legend": {"orientation": "h", "y": -0.04, "x": 0, "yanchor": "top", "font": {"size": 15}},
            "title": {"text": wrapped},
            "margin": {"b": 50, "t": top + 20},
        },
    )
    return go.Figure(data=traces, layout=layout)


def weakest(rows: pd.DataFrame, *, goals: pd.DataFrame, lang: Lang, demo: bool, title: str) -> go.Figure:
    """Indicator scores (0-100) behind the weakest goals, as labelled bars grouped by goal.

    ``rows`` from lib.views.province.goal_indicators (goals weakest first); ``goals`` from
    lib.views.province.goal_strip (label, goal_colour). Each goal gets a heading in its
    official colour; each indicator its name above its bar (no wrapped axis labels, which
    Thai cannot break well); bars coloured by status, one trace per status (meta={'status':
    ...}). An indicator without data shows as a short grey stub labelled 'No data'.
    """
    rows = rows.reset_index(drop=True)
    g = goals.set_index("goal")
    traces: list[Any] = []
    y, ys, annotations = 0.0, [], []
    for goal, sub in rows.groupby("goal", sort=False):
        colour, label = str(g.loc[cast(int, goal), "goal_colour"]), str(g.loc[cast(int, goal), "label"])
        annotations.append(
            {
                "x": 0,
                "y": y,
                "xanchor": "left",
                "yanchor": "middle",
                "font": {"size": 18},
                "text": f"<span style='color:{colour}'>■</span> <b>{label}</b>",
            }
        )
        y -= 1.0
        for _, r in sub.iterrows():
            ys.append(y)
            annotations.append(
                {
                    "x": 0,
                    "y": y + 0.24,
                    "text": clip(r["label"], 120),
                    "xanchor": "left",
                    "yanchor": "bottom",
                    "font": {"size": 15},
                }
            )
            y -= 1.0
    rows["y"] = ys
    for status in STATUS_ORDER:
        sub = rows.loc[rows["status"] == status.value]
        if sub.empty:
            continue
        missing = sub["score"].isna()
        traces.append(
            go.Bar(
                orientation="h",
                y=sub["y"],
                x=sub["score"].fillna(1.0).clip(lower=0.8),
                width=0.42,  # 0 stays visible
                name=t(status.key, lang),
                meta={"status": status.value},
                marker={"color": status.colour},
                text=[t(Status.GREY.key, lang) if m else fmt_value(v, 0) for v, m in zip(sub["score"], missing)],
                textposition="outside",
                textfont={"size": 16},
                cliponaxis=False,
                customdata=list(
                    zip(
                        [g.loc[int(x), "label"] for x in sub["goal"]],
                        sub["label"],
                        sub["value_text"],
                        [year_label(None if pd.isna(v) else int(v), lang) for v in sub["year"]],
                        [fmt_value(v, 1) for v in sub["score"]],
                        sub["status_label"],
                        sub["trend_label"],
                    )
                ),
                hovertemplate=(
                    "%{customdata[0]}<br><b>%{customdata[1]}</b><br>"
                    + t("col_value", lang)
                    + ": %{customdata[2]} (%{customdata[3]})<br>"
                    + t("col_score", lang)
                    + ": %{customdata[4]} · %{customdata[5]}<br>"
                    + t("col_trend", lang)
                    + ": %{customdata[6]}<extra></extra>"
                ),
            )
        )
    axes = {
        "yaxis": dict(visible=False, range=[y + 0.5, 0.5], fixedrange=True),
        "xaxis": dict(range=[0, 106], title={"text": t("prov_axis_score", lang)}, dtick=20, fixedrange=True),
    }
    # labels in the one layout: added one by one, each re-validates all earlier ones
    layout = style(
        axes,
        lang,
        demo,
        title=title,
        height=int(170 + 52 * -y),
        annotations=[{"showarrow": False, "xref": "x", "yref": "y", **a} for a in annotations],
    )
    text, top = title_text(title)
    layout = merge(
        layout,
        {"title": {"text": text}},
        {
            "barmode": "overlay",
            "margin": {"t": top + 30, "l": 10, "r": 30},
            "legend": {"orientation": "h", "y": 1.0, "x": 0, "yanchor": "bottom"},
        },
    )
    return go.Figure(data=traces, layout=layout)


def series(
    s: pd.DataFrame, *, names: Mapping[str, str], unit: str, decimals: int, lang: Lang, demo: bool, title: str
) -> go.Figure:
    """Lines of one indicator over the years: the province, the pilot and national averages and,
    when published, the national figure. x shows B.E. years in Thai mode."""
    traces: list[Any] = []
    for key in ("published", "national_avg", "pilot_avg", "province"):  # the province drawn on top
        sub = s.loc[s["series"] == key].sort_values("year")
        if sub.empty:
            continue
        look = SERIES_STYLE[key]
        years = [year_label(int(y), lang) for y in sub["year"]]
        n_txt = ["" if pd.isna(n) or key == "province" else f"<br>{t('prov_col_n', lang)}: {int(n)}" for n in sub["n"]]
        traces.append(
            go.Scatter(
                x=[int(y) for y in years],
                y=sub["value"],
                name=names[key],
                meta={"series": key},
                mode=look["mode"],
                line=look["line"],
                marker=look["marker"],
                customdata=list(zip(years, [fmt_value(v, int(decimals)) for v in sub["value"]], n_txt)),
                hovertemplate=(
                    "<b>"
                    + names[key]
                    + "</b><br>"
                    + t("col_year", lang)
                    + " %{customdata[0]}: %{customdata[1]} "
                    + unit
                    + "%{customdata[2]}<extra></extra>"
                ),
            )
        )
    axes = {
        "xaxis": dict(title={"text": t("col_year", lang)}, tickformat="d", dtick=1, showgrid=False),
        "yaxis": dict(title={"text": unit}, rangemode="tozero" if (s["value"] >= 0).all() else "normal"),
    }
    layout = style(axes, lang, demo, title=title, height=480)
    text, top = title_text(title)
    layout = merge(
        layout,
        {"title": {"text": text}},
        {
            "legend": {"orientation": "h", "y": -0.18, "x": 0, "yanchor": "top", "traceorder": "reversed"},
            "margin": {"b": 40, "t": top + 20},
            "hovermode": "closest",
        },
    )
    return go.Figure(data=traces, layout=layout)
