"""Figures of the overview page. Inputs are frames shaped by lib.views.overview."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

import pandas as pd
import plotly.graph_objects as go

from lib.charts.text import PLOT_WIDTH_PX, label_slots, text_width_px
from lib.charts.theme import HIGHLIGHT, NEUTRAL, PILOT_AVG_COLOUR, PILOT_OUTLINE, TEXT_COLOUR, merge, style
from lib.core.vocab import STATUS_ORDER, STATUS_TEXT_COLOURS, Status, Trend, pilot_mark
from lib.i18n import Lang, fmt_value, t

if TYPE_CHECKING:
    from pandas.io.formats.style import Styler

NATIONAL_AVG_COLOUR = "#B45309"  # amber-brown: the all-77 average line, apart from the bars' colours
OTHER_BAR = "#B8BEC8"  # non-pilot provinces when all 77 are shown
STRIP_OFFSETS_PX: tuple[int, ...] = (42, 74, 106)  # national strip: label heights above/below the axis
MIN_SPAN = 30.0  # goal comparison: the x axis spans at least this many points


def _avg_lines(pilot: float | None, national: float | None, lang: Lang, axis: str = "x") -> list[dict[str, Any]]:
    """Vertical reference lines (shape dicts) for the pilot and the national (all-77) average,
    in the legend."""
    return [
        dict(
            type="line",
            x0=value,
            x1=value,
            xref=axis,
            y0=0,
            y1=1,
            yref="paper",
            line={"color": colour, "width": 3, "dash": dash},
            layer="above",
            showlegend=True,
            name=f"{t(key, lang)}: {fmt_value(value, 1)}",
        )
        for value, colour, dash, key in (
            (pilot, PILOT_AVG_COLOUR, "dash", "ov_pilot_avg"),
            (national, NATIONAL_AVG_COLOUR, "dot", "ov_national_avg"),
        )
        if value is not None
    ]


def _finished(top: int) -> dict[str, Any]:
    """Top margin (the demo stamp sits in it, see style(stamp_top=...)); dark legend text: a
    layout update for merge()."""
    return {"margin": {"t": top}, "legend": {"font": {"size": 15, "color": TEXT_COLOUR}}}


def ranking(
    rank: pd.DataFrame,
    *,
    pilot_avg: float | None,
    national_avg: float | None,
    selected: str,
    lang: Lang,
    demo: bool,
    title: str,
) -> go.Figure:
    """Horizontal bars of the SDG index, best on top, with the pilot and national averages.

    Pilots in the project navy, other provinces (when all 77 are shown) light grey; the
    selected province outlined in black. Values at the bar ends on a white ground, above the
    average lines; a province without an index gets no bar, only the text 'no index'.
    """
    rank = rank.reset_index(drop=True)
    has = rank["index"].notna()
    sel = (rank["province_code"] == selected).tolist()
    mixed = not rank["is_pilot"].all()  # all provinces shown: mark the pilots
    labels = [pilot_mark(n, p and mixed) for n, p in zip(rank["name"], rank["is_pilot"])]
    traces: list[Any] = [
        go.Bar(
            orientation="h",
            y=labels,
            x=rank["index"].fillna(0.0),
            name=t("col_index", lang),
            showlegend=False,
            marker={
                "color": [HIGHLIGHT if p else OTHER_BAR for p in rank["is_pilot"]],
                "line": {
                    "color": [PILOT_OUTLINE if s else "rgba(0,0,0,0)" for s in sel],
                    "width": [3 if s else 0 for s in sel],
                },
            },
            customdata=list(  # the code first: a click opens that province (lib.views.common.clicked_code)
                zip(
                    rank["province_code"].astype(str),
                    rank["rank"].astype(object).where(has, "–"),
                    [fmt_value(v, 1) for v in rank["index"]],
                    rank["n_missing"].fillna(-1).astype(int),
                )
            ),
            hovertemplate=(
                "<b>%{y}</b><br>"
                + t("col_index", lang)
                + ": %{customdata[2]}<br>"
                + t("col_rank", lang)
                + ": %{customdata[1]}<br><i>"
                + t("click_opens_province", lang)
                + "</i><extra></extra>"
            ),
        )
    ]
    # values at the bar ends as annotations on a white ground: drawn above the average lines
    size = 15 if len(rank) <= 30 else 13
    values = [
        dict(
            x=float(v) if h else 0.0,
            y=lab,
            xanchor="left",
            xshift=3,
            showarrow=False,
            text=fmt_value(v, 1) if h else t("ov_no_index", lang),
            name="value",
            font={"size": size, "color": "#1F2937"},
            bgcolor="rgba(255,255,255,0.9)",
            borderpad=1,
        )
        for lab, v, h in zip(labels, rank["index"], has)
    ]
    if not rank["is_pilot"].all():  # legend for the bar colours when all provinces are shown
        traces += [
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=t(key, lang),
                hoverinfo="skip",
                marker={"symbol": "square", "size": 15, "color": colour},
            )
            for colour, key in ((HIGHLIGHT, "ov_pilots"), (OTHER_BAR, "ov_other_provinces"))
        ]
    axes = {
        "yaxis": dict(
            categoryorder="array",
            categoryarray=labels[::-1],
            automargin=True,
            tickfont={"size": 15 if len(rank) <= 30 else 13},
            fixedrange=True,
        ),
        "xaxis": dict(
            range=[0, 106],
            tickvals=[0, 20, 40, 60, 80, 100],
            title={"text": t("ov_axis_index", lang)},
            fixedrange=True,
        ),
    }
    per_bar = 34 if len(rank) <= 30 else 22
    layout = style(
        axes,
        lang,
        demo,
        title=title,
        height=max(320, 170 + per_bar * len(rank)),
        annotations=values,
        shapes=_avg_lines(pilot_avg, national_avg, lang),
        stamp_top=100,
    )
    layout = merge(
        layout,
        {"bargap": 0.25, "margin": {"r": 20}, "legend": {"orientation": "h", "y": 1.0, "x": 0, "yanchor": "bottom"}},
        _finished(100),
    )
    return go.Figure(data=traces, layout=layout)


def status_grid(cells: pd.DataFrame, *, goals: pd.DataFrame, lang: Lang, demo: bool, title: str) -> go.Figure:
    """Provinces (rows, in ``cells['row']`` order) x 17 goals (columns): SDSN status colours with
    the goal trend arrow in each cell. Above the columns, tiles in the official goal colours with
    the goal numbers, and the goals' short names. Height grows with the number of rows.

    ``cells`` from lib.views.overview.grid; ``goals`` has goal, short_<lang>, colour.
    """
    n_rows = int(cells["row"].max()) + 1 if len(cells) else 0
    goal_ids = sorted(int(g) for g in goals["goal"])
    wide = cells.pivot(index="row", columns="goal")
    z = cast(pd.DataFrame, wide["code"]).reindex(columns=goal_ids).to_numpy()
    score_txt = cells["score"].map(lambda v: fmt_value(v, 1))
    hover_long = (
        "<b>"
        + cells["name"].astype(str)
        + "</b><br>"
        + cells["goal_label"].astype(str)
        + "<br>"
        + t("col_score", lang)
        + ": "
        + score_txt
        + "<br>"
        + t("col_status", lang)
        + ": "
        + cells["status_label"].astype(str)
        + "<br>"
        + t("col_trend", lang)
        + ": "
        + cells["trend_label"].astype(str)
    )
    first = cells.drop_duplicates("row").sort_values("row")
    mixed = not first["is_pilot"].all()  # all 77 shown: mark the pilots
    names = [pilot_mark(n, p and mixed) for n, p in zip(first["name"], first["is_pilot"])]

    n = len(STATUS_ORDER)  # heatmap z = Status.code, the index in STATUS_ORDER
    scale: list[list[float | str]] = []
    for status in STATUS_ORDER:
        scale += [[status.code / n, status.colour], [(status.code + 1) / n, status.colour]]
    big = n_rows <= 30
    traces: list[Any] = [
        go.Heatmap(
            z=z,
            x=goal_ids,
            y=list(range(n_rows)),
            hoverinfo="skip",  # the cells' hover, arrows and clicks are the layer of points below
            colorscale=scale,
            zmin=-0.5,
            zmax=n - 0.5,
            showscale=False,
            xgap=3,
            ygap=3,
            name="",
        )
    ]
    # Heatmap cells cannot be selected: a point on each cell carries its hover and a click
    # (code, goal), which opens the province with that goal. The point is the trend arrow, a
    # marker turned by Trend.angle: one path per cell, where text arrows cost a text node and
    # a measurement each, most of the grid's redraw (bench/README.md, "Meeting budgets").
    trends = [Trend.of(x) for x in cells["trend"]]
    arrow = 16 if big else 10
    traces.append(
        go.Scatter(
            x=cells["goal"].astype(int).tolist(),
            y=cells["row"].astype(int).tolist(),
            mode="markers",
            marker={
                "symbol": ["circle" if tr.angle is None else "triangle-up" for tr in trends],  # centred, unlike "arrow"
                "angle": [tr.angle or 0 for tr in trends],
                "size": [arrow // 2 if tr.angle is None else arrow for tr in trends],
                "color": [STATUS_TEXT_COLOURS[Status(x)] for x in cells["status"]],
                "line": {"width": 0},
                "opacity": 1,
            },
            customdata=list(zip(cells["province_code"].astype(str), cells["goal"].astype(int))),
            hovertext=(hover_long + "<br><i>" + t("click_opens_province_goal", lang) + "</i>").tolist(),
            hovertemplate="%{hovertext}<extra></extra>",
            showlegend=False,
            name="",
            meta={"cells": True},
        )
    )
    traces += [  # legend of the colours (empty traces)
        go.Scatter(
            x=[None],
            y=[None],
            mode="markers",
            name=t(status.key, lang),
            marker={"symbol": "square", "size": 16, "color": status.colour},
            hoverinfo="skip",
            meta={"status": status.value},
        )
        for status in STATUS_ORDER
    ]
    colours = dict(zip(goals["goal"].astype(int), goals["colour"]))
    # official goal colour tiles with the number, above each column
    tiles = [
        dict(
            type="rect",
            xref="x",
            yref="y",
            x0=g - 0.47,
            x1=g + 0.47,
            y0=-1.55,
            y1=-0.6,
            fillcolor=colours[g],
            line={"width": 0},
            layer="below",
        )
        for g in goal_ids
    ]
    numbers = [
        dict(
            x=g,
            y=-1.075,
            xref="x",
            yref="y",
            text=f"<b>{g}</b>",
            showarrow=False,
            font={"size": 17 if big else 14, "color": "#FFFFFF"},
        )
        for g in goal_ids
    ]
    axes = {
        "xaxis": dict(  # the goal-number tiles head the columns; the names are in the hover
            tickvals=goal_ids,
            showticklabels=False,
            side="top",
            showgrid=False,
            zeroline=False,
            fixedrange=True,
            automargin=False,
            range=[0.5, len(goal_ids) + 0.5],
            tickfont={"size": 14},
        ),
        "yaxis": dict(
            tickvals=list(range(n_rows)),
            ticktext=names,
            range=[n_rows - 0.5, -1.6],
            showgrid=False,
            zeroline=False,
            fixedrange=True,
            automargin=True,
            tickfont={"size": 15 if big else 12},
        ),
    }
    per_row = 36 if big else 22
    top = 70  # the title (the goal tiles are inside the plot, above the first row)
    layout = style(
        axes,
        lang,
        demo,
        title=title,
        height=top + 70 + per_row * (n_rows + 1.2),
        annotations=numbers,
        shapes=tiles,
        stamp_top=top,
    )
    layout = merge(
        layout,
        {
            "plot_bgcolor": "#FFFFFF",
            "hoverdistance": 40,  # px from the arrow: a click anywhere in its cell picks it
            "margin": {"b": 70, "r": 20},
            "title": {"y": 1.0, "yref": "container", "yanchor": "top", "pad": {"t": 12}},
            "legend": {"orientation": "h", "x": 0, "y": 0, "yanchor": "top", "xanchor": "left"},
        },
        _finished(top),
    )
    return go.Figure(data=traces, layout=layout)


def status_table(cells: pd.DataFrame) -> Styler:
    """The status grid as a table, for the page: one row per province (in ``cells['row']``
    order, named, the pilots marked when all 77 are shown), one column per goal headed by its
    number; each cell the goal's trend arrow on its SDSN status colour.

    Drawn with st.dataframe, a canvas Streamlit updates in place: the plotly grid
    (:func:`status_grid`, kept for slides) is rebuilt on every year, scope or language change,
    ~0.4 s of each overview rerun in the browser (bench/README.md, "Meeting budgets")."""
    order = cells.drop_duplicates("row").sort_values("row")
    mixed = not order["is_pilot"].all()
    names = [pilot_mark(n, p and mixed) for n, p in zip(order["name"], order["is_pilot"])]
    goal_ids = sorted(int(g) for g in cells["goal"].unique())

    def wide(col: str) -> pd.DataFrame:
        w = cells.pivot(index="row", columns="goal", values=col).reindex(index=order["row"], columns=goal_ids)
        w.index, w.columns = pd.Index(names), pd.Index([str(g) for g in goal_ids])
        return w

    arrows, status = wide("trend"), wide("status")
    css = status.map(lambda s: f"background-color: {Status.of(s).colour}; color: {STATUS_TEXT_COLOURS[Status.of(s)]}")
    return arrows.style.apply(lambda _: css, axis=None)


def national_strip(
    nat: pd.DataFrame, *, pilot_avg: float | None, national_avg: float | None, lang: Lang, demo: bool, title: str
) -> go.Figure:
    """All provinces' SDG indices on one axis: a box for the spread, grey dots for the other
    provinces, navy diamonds for the pilots; the two averages as lines."""
    nat = nat.reset_index(drop=True)
    traces: list[dict[str, Any]] = [
        dict(
            type="box",
            x=nat["index"],
            y=[0.0] * len(nat),
            orientation="h",
            name=t("ov_all_provinces", lang),
            boxpoints=False,
            fillcolor="rgba(107,114,128,0.12)",
            line={"color": NEUTRAL},
            width=0.35,
            hoverinfo="skip",
            showlegend=False,
        )
    ]
    template = (
        "<b>%{text}</b><br>"
        + t("col_index", lang)
        + ": %{customdata[1]}<br>"
        + t("ov_col_rank_all", lang)
        + ": %{customdata[2]}<br><i>"
        + t("click_opens_province", lang)
        + "</i><extra></extra>"
    )
    for pilot, name_key in ((False, "ov_other_provinces"), (True, "ov_pilots")):
        sub = nat.loc[nat["is_pilot"] == pilot].reset_index(drop=True)
        jitter = [((i % 5) - 2) * 0.08 for i in range(len(sub))] if not pilot else [0.0] * len(sub)
        traces.append(
            dict(
                type="scatter",
                x=sub["index"],
                y=jitter,
                mode="markers",
                name=t(name_key, lang),
                text=sub["name"],
                customdata=list(  # the code first: a click opens that province (lib.app.clicks)
                    zip(
                        sub["province_code"].astype(str),
                        [fmt_value(v, 1) for v in sub["index"]],
                        sub["rank_all"].astype(str),
                    )
                ),
                hovertemplate=template,
                meta={"role": "pilot" if pilot else "other"},
                marker=(
                    {"size": 16, "symbol": "diamond", "color": HIGHLIGHT, "line": {"color": "#FFFFFF", "width": 1.5}}
                    if pilot
                    else {"size": 10, "color": "rgba(107,114,128,0.55)"}
                ),
            )
        )
    pilots = nat.loc[nat["is_pilot"]].sort_values(["index", "province_code"]).reset_index(drop=True)
    lo = min(nat["index"].min(), *(v for v in (pilot_avg, national_avg) if v is not None)) if len(nat) else 0
    hi = max(nat["index"].max(), *(v for v in (pilot_avg, national_avg) if v is not None)) if len(nat) else 100
    # labels above and below the axis at three heights; a label takes the nearest free slot given
    # its rendered width, so neighbours never overlap (same rule as the goal page's distribution)
    per_px = (max(hi - lo, 1e-9) * 1.16) / PLOT_WIDTH_PX  # the axis range below adds 8 % a side
    slots = label_slots(
        list(pilots["index"]),
        [(text_width_px(n) + 24) * per_px for n in pilots["name"]],
        n_slots=2 * len(STRIP_OFFSETS_PX),
    )
    labels = []
    for x, name, slot in zip(pilots["index"], pilots["name"], slots):
        offset = STRIP_OFFSETS_PX[slot // 2] * (-1 if slot % 2 == 0 else 1)
        labels.append(
            dict(
                x=x,
                y=0,
                ax=0,
                ay=offset,
                text=str(name),
                showarrow=True,
                arrowhead=0,
                arrowwidth=1,
                arrowcolor=HIGHLIGHT,
                font={"size": 14, "color": HIGHLIGHT},
                bgcolor="rgba(255,255,255,0.85)",
                name="pilot_label",
            )
        )
    pad = max((hi - lo) * 0.08, 1.0)
    axes = {
        "xaxis": {"title": {"text": t("ov_axis_index", lang)}, "range": [lo - pad, hi + pad], "fixedrange": True},
        "yaxis": {"visible": False, "range": [-1, 1], "fixedrange": True},
    }
    layout = style(
        axes,
        lang,
        demo,
        title=title,
        height=460,
        annotations=labels,
        shapes=_avg_lines(pilot_avg, national_avg, lang),
        stamp_top=100,
    )
    layout = merge(
        layout,
        {"margin": {"b": 10}, "legend": {"orientation": "h", "y": 1.0, "x": 0, "yanchor": "bottom"}},
        _finished(100),
    )
    return go.Figure(data=traces, layout=layout)


def goal_comparison(cmp: pd.DataFrame, *, lang: Lang, demo: bool, title: str) -> go.Figure:
    """Per goal (rows), the pilots' mean goal score (navy diamond) beside the all-province mean
    (grey circle), joined by a line. Row labels carry a square in the goal's official colour."""
    cmp = cmp.reset_index(drop=True)
    labels = [f"<span style='color:{c}'>■</span> {lab}" for c, lab in zip(cmp["goal_colour"], cmp["label"])]
    xs, ys = [], []
    for lab, a, b in zip(labels, cmp["pilot"], cmp["national"]):
        if pd.notna(a) and pd.notna(b):
            xs += [a, b, None]
            ys += [lab, lab, None]
    traces: list[Any] = [
        go.Scatter(x=xs, y=ys, mode="lines", line={"color": "#9CA3AF", "width": 3}, hoverinfo="skip", showlegend=False)
    ]
    traces += [
        go.Scatter(
            x=cmp[col],
            y=labels,
            mode="markers",
            name=t(key, lang),
            marker=marker,
            meta={"series": col},
            customdata=list(zip(cmp["label"], [fmt_value(v, 1) for v in cmp[col]])),
            hovertemplate="<b>%{customdata[0]}</b><br>" + t(key, lang) + ": %{customdata[1]}<extra></extra>",
        )
        for col, key, marker in (
            ("national", "ov_national_avg", {"size": 13, "color": NEUTRAL, "symbol": "circle"}),
            (
                "pilot",
                "ov_pilot_avg",
                {"size": 16, "color": HIGHLIGHT, "symbol": "diamond", "line": {"color": "#FFFFFF", "width": 1.5}},
            ),
        )
    ]
    both = pd.concat([cmp["pilot"], cmp["national"]]).dropna()
    lo, hi = (float(both.min()), float(both.max())) if len(both) else (0.0, 100.0)
    mid, half = (lo + hi) / 2, max((hi - lo) * 0.6, MIN_SPAN / 2)  # never zoom in so far that small gaps look big
    x0, x1 = max(mid - half, 0.0), min(mid + half, 100.0)
    axes = {
        "yaxis": dict(
            categoryorder="array", categoryarray=labels[::-1], automargin=True, fixedrange=True, tickfont={"size": 15}
        ),
        "xaxis": dict(title={"text": t("ov_axis_goal_score", lang)}, range=[x0, x1], fixedrange=True),
    }
    layout = style(axes, lang, demo, title=title, height=180 + 32 * len(cmp), stamp_top=100)
    layout = merge(layout, {"legend": {"orientation": "h", "y": 1.0, "x": 0, "yanchor": "bottom"}}, _finished(100))
    return go.Figure(data=traces, layout=layout)
