"""Figures of the partners page. Inputs are frames shaped by lib.views.partners.

Programme-wide activities (the whole pilot programme) always have their own shade: a light
tint of the series colour with stripes in the colour, stacked after the activities that name
provinces, with one legend entry saying so. Matrices mark their empty cells: "✕" none,
"○" reached only by programme-wide work.

Partner activities are real engagements: these figures never carry the demo stamp
(``style(..., demo=False)``), except the needs view (:func:`gap_grid`), which shows the
sidebar dataset's scores and is stamped when they are demonstration data.

Every figure is built once from finished dicts (traces, and a layout from style()): a random
link misses the figure cache, and each update of a built figure re-validates it (2-5x the cost).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lib.charts.text import break_lines, clip, short_label, visible_len
from lib.charts.theme import HIGHLIGHT, NEUTRAL, merge, style
from lib.core.vocab import STATUS_ORDER, Status
from lib.i18n import Lang, t

NONE_COLOUR = "#FFFFFF"
PROG_COLOUR = "#F6D7A7"  # programme-wide only: pale amber
NAMED_SCALE = ("#A9C8E8", HIGHLIGHT)  # the lightest clearly blue, never near "none"
GAP_LINE = "#111111"


def _marks(lang: Lang) -> tuple[str, str]:
    """(none, programme-wide only) cell marks, as the tables and captions write them."""
    return t("part_mark_none", lang), t("part_mark_programme", lang)


def tint(colour: str, amount: float = 0.6) -> str:
    """``colour`` mixed with white (0 = unchanged, 1 = white)."""
    h = colour.lstrip("#")
    rgb = [int(h[i : i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02X}" for c in rgb)


def _prog_marker(colour: str | list[str], values: Any = None) -> dict[str, Any]:
    """The programme-wide shade: a tint of the colour with stripes in the colour, outlined
    (only where ``values`` are not 0: a zero-length bar would still draw its outline)."""
    colours = [colour] if isinstance(colour, str) else colour
    tints = [tint(c) for c in colours]
    width: Any = 1 if values is None else [1 if v else 0 for v in values]
    return {
        "color": tints[0] if isinstance(colour, str) else tints,
        "pattern": {"shape": "/", "fgcolor": colour, "fillmode": "overlay", "size": 7, "solidity": 0.25},
        "line": {"color": colour, "width": width},
    }


def _prog_legend_trace(lang: Lang, orientation: str = "h") -> dict[str, Any]:
    """One legend entry for the programme-wide shade (an empty trace)."""
    return {
        "type": "bar",
        "x": [None],
        "y": [None],
        "orientation": orientation,
        "name": t("part_lg_programme", lang),
        "marker": _prog_marker(NEUTRAL),
        "hoverinfo": "skip",
        "meta": {"legend": "programme"},
    }


def _legend_at(height: float, margin: Mapping[str, Any], gap: int = 40) -> dict[str, Any]:
    """The legend ``gap`` px under the plot area (legend y is a fraction of the plot's own
    height, not of the figure's: convert with the margins)."""
    plot = max(float(height) - float(margin.get("t") or 0) - float(margin.get("b") or 0), 1.0)
    return {
        "orientation": "h",
        "yanchor": "top",
        "y": -gap / plot,
        "x": 0,
        "xanchor": "left",
        "title": None,
        "traceorder": "normal",
    }


def _legend_below(layout: Mapping[str, Any], height: float, gap: int = 40) -> dict[str, Any]:
    """``layout`` (a finished layout dict, its margins final) with :func:`_legend_at`."""
    return merge(layout, {"legend": _legend_at(height, layout["margin"], gap)})


def _unique_labels(names: pd.Series) -> list[str]:
    labels: list[str] = []
    for n in names:  # axis categories must be unique, even after cutting
        label = short_label(n)
        while label in labels:
            label += " "
        labels.append(label)
    return labels


def _bar_names(order: list[str] | None = None) -> dict[str, Any]:
    """The name axis of a horizontal bar chart: names in ``order`` from the top (else the
    frame's order), room for long names, a gap before the bars, no zoom."""
    where: dict[str, Any] = (
        {"autorange": "reversed"} if order is None else {"categoryorder": "array", "categoryarray": order[::-1]}
    )
    return {**where, "automargin": True, "fixedrange": True, "ticksuffix": "  "}


def partner_bars(sp: pd.DataFrame, *, lang: Lang, title: str) -> go.Figure:
    """Activities per partner (horizontal bars), partners grouped by sector in the sectors'
    order and by count within a sector; per sector one trace for activities that name
    provinces (legend = sector with its total) and one, striped, for programme-wide ones."""
    sp = sp.assign(label=_unique_labels(sp["partner_name"]))
    traces: list[dict[str, Any]] = []
    col = t("part_col_local", lang)
    pcol = t("part_col_programme", lang)
    hover = (
        "<b>%{customdata[0]}</b><br>"
        + t("col_sector", lang)
        + ": %{customdata[1]}<br>"
        + col
        + ": %{customdata[2]}<br>"
        + pcol
        + ": %{customdata[3]}<extra></extra>"
    )
    for sector, rows in sp.groupby("sector", sort=False):
        colour = str(rows["colour"].iloc[0])
        data = list(zip(rows["partner_name"], rows["sector_name"], rows["n_local"], rows["n_programme"]))
        traces += [
            {
                "type": "bar",
                "orientation": "h",
                "y": rows["label"],
                "x": rows["n_local"],
                "name": f"{rows['sector_name'].iloc[0]} ({int(rows['n'].sum())})",
                "legendgroup": str(sector),
                "meta": {"sector": sector},
                "marker": {"color": colour},
                "customdata": data,
                "hovertemplate": hover,
            },
            {
                "type": "bar",
                "orientation": "h",
                "y": rows["label"],
                "x": rows["n_programme"],
                "name": t("part_lg_programme", lang),
                "legendgroup": str(sector),
                "showlegend": False,
                "meta": {"sector": sector, "programme": True},
                "marker": _prog_marker(colour, rows["n_programme"]),
                "text": [str(int(v)) for v in rows["n"]],
                "textposition": "outside",
                "cliponaxis": False,
                "customdata": data,
                "hovertemplate": hover,
            },
        ]
    if int(sp["n_programme"].sum()) if len(sp) else 0:
        traces.append(_prog_legend_trace(lang))
    height = max(320, 30 * len(sp) + 190)
    n_max = max(1, int(sp["n"].max()) if len(sp) else 1)
    xaxis: dict[str, Any] = {"rangemode": "tozero", "fixedrange": True, "range": [0, n_max * 1.1]}
    if n_max <= 12:
        xaxis["dtick"] = 1
    layout = style(
        {
            "yaxis": _bar_names(list(sp["label"])),
            "xaxis": xaxis,
            "barmode": "stack",
            "bargap": 0.25,
        },
        lang,
        False,
        title=title,
        height=height,
    )
    # Legend (the sectors) under the plot: above it, it would collide with the title.
    return go.Figure(data=traces, layout=_legend_below(layout, height))


def _state_z(cells: pd.DataFrame) -> np.ndarray:
    """Heatmap value of a matrix cell: none 0.5, programme-only 1.5, named 2 + n / max."""
    n_max = max(int(cells["n"].max()) if len(cells) else 0, 1)
    return np.where(
        cells["state"] == "named", 2 + cells["n"] / n_max, np.where(cells["state"] == "programme", 1.5, 0.5)
    ).astype(float)


def sector_matrix(cells: pd.DataFrame, *, lang: Lang, title: str) -> go.Figure:
    """Provinces (rows) x sectors (columns): the number of activities naming the province in
    shades of blue, "○" on amber where only programme-wide work reaches, "✕" on white where no
    partner of the sector works. ``cells`` from lib.views.partners.sector_cells."""
    mark_none, mark_prog = _marks(lang)
    n_rows = int(cells["row"].max()) + 1 if len(cells) else 0
    n_cols = int(cells["col"].max()) + 1 if len(cells) else 0
    c = cells.assign(z=_state_z(cells))
    z = c.pivot(index="row", columns="col", values="z").to_numpy()
    heads = c.drop_duplicates("col").sort_values("col")
    names = c.drop_duplicates("row").sort_values("row")["province"].tolist()
    third = 1 / 3
    scale = [
        [0.0, NONE_COLOUR],
        [third - 1e-6, NONE_COLOUR],
        [third, PROG_COLOUR],
        [2 * third - 1e-6, PROG_COLOUR],
        [2 * third, NAMED_SCALE[0]],
        [1.0, NAMED_SCALE[1]],
    ]
    word = {"named": "", "programme": t("part_lg_prog_only", lang), "none": t("part_lg_none", lang)}
    hover = [
        f"<b>{p}</b><br>{s}<br>{t('part_col_local', lang)}: {n}<br>{t('part_col_programme', lang)}: {k}"
        + (f"<br>{word[st]}" if word[st] else "")
        for p, s, n, k, st in zip(c["province"], c["sector_full"], c["n"], c["n_programme"], c["state"])
    ]
    hv = c.assign(h=hover).pivot(index="row", columns="col", values="h").to_numpy()
    dark = (c["state"] == "named") & (c["z"] >= 2.55)
    text = [
        mark_none if s == "none" else mark_prog if s == "programme" else str(int(n)) for s, n in zip(c["state"], c["n"])
    ]
    colour = [
        "#FFFFFF" if d else (NEUTRAL if s == "none" else "#7C4A03" if s == "programme" else "#1F2937")
        for d, s in zip(dark, c["state"])
    ]
    traces: list[dict[str, Any]] = [
        {
            "type": "heatmap",
            "z": z,
            "x": list(range(n_cols)),
            "y": list(range(n_rows)),
            "zmin": 0,
            "zmax": 3,
            "colorscale": scale,
            "showscale": False,
            "xgap": 2,
            "ygap": 2,
            "hovertext": hv,
            "hovertemplate": "%{hovertext}<extra></extra>",
            "name": "",
        },
        {
            "type": "scatter",
            "x": c["col"],
            "y": c["row"],
            "mode": "text",
            "text": text,
            "textfont": {"size": 15, "color": colour},
            "hoverinfo": "skip",
            "showlegend": False,
        },
    ]
    legend = [
        (t("part_lg_named", lang), NAMED_SCALE[1], "square"),
        (f"{mark_prog} {t('part_lg_prog_only', lang)}", PROG_COLOUR, "square"),
        (f"{mark_none} {t('part_lg_none', lang)}", "#D1D5DB", "square"),
    ]
    traces += [  # the colours (empty traces)
        {
            "type": "scatter",
            "x": [None],
            "y": [None],
            "mode": "markers",
            "name": name,
            "marker": {"symbol": sym, "size": 15, "color": col},
            "hoverinfo": "skip",
        }
        for name, col, sym in legend
    ]
    ticks = [break_lines(s, 12) for s in heads["sector_name"]]
    lines = max((tk.count("<br>") + 1 for tk in ticks), default=1)
    top = 70 + 22 * lines
    height = top + 80 + 34 * n_rows
    axes = {
        "xaxis": {
            "side": "top",
            "tickvals": list(range(n_cols)),
            "ticktext": ticks,
            "tickfont": {"size": 14},
            "tickangle": 0,
            "fixedrange": True,
            "showgrid": False,
            "zeroline": False,
            "range": [-0.5, n_cols - 0.5],
        },
        "yaxis": {
            "tickvals": list(range(n_rows)),
            "ticktext": names,
            "range": [n_rows - 0.5, -0.5],
            "automargin": True,
            "fixedrange": True,
            "ticksuffix": "  ",
            "showgrid": False,
            "zeroline": False,
        },
        "plot_bgcolor": "#FFFFFF",
    }
    # the margin after style(): it would replace the top margin with the house one
    layout = merge(style(axes, lang, False, title=title, height=height), {"margin": {"t": top, "b": 10}})
    return go.Figure(data=traces, layout=_legend_below(layout, height, gap=12))


def sector_share_bars(share: pd.DataFrame, *, lang: Lang, title: str) -> go.Figure:
    """Share of the sectors present in each province (horizontal bars, fewest first on top):
    sectors with an activity naming it, then (striped) sectors reached only by programme-wide
    work; "3/7" written at the end."""
    labels = [f"{p}" for p in share["province"]]
    traces = [
        {
            "type": "bar",
            "orientation": "h",
            "y": labels,
            "x": 100 * share["share"],
            "name": t("part_lg_named_sectors", lang),
            "marker": {"color": HIGHLIGHT},
            "customdata": list(zip(share["n_named"], share["n_sectors"])),
            "hovertemplate": "<b>%{y}</b><br>%{customdata[0]}/%{customdata[1]} (%{x:.0f}%)<extra></extra>",
        },
        {
            "type": "bar",
            "orientation": "h",
            "y": labels,
            "x": 100 * share["share_programme"],
            "name": t("part_lg_prog_only_sectors", lang),
            "marker": _prog_marker(NEUTRAL, share["n_programme_only"]),
            "text": [f"{a}/{n}" for a, n in zip(share["n_named"], share["n_sectors"])],
            "textposition": "outside",
            "cliponaxis": False,
            "customdata": list(zip(share["n_programme_only"], share["n_sectors"])),
            "hovertemplate": "<b>%{y}</b><br>+%{customdata[0]}/%{customdata[1]}<extra></extra>",
        },
    ]
    height = max(300, 30 * len(share) + 170)
    layout = style(
        {
            "yaxis": _bar_names(labels),
            "xaxis": {"range": [0, 112], "ticksuffix": "%", "dtick": 25, "fixedrange": True, "rangemode": "tozero"},
            "barmode": "stack",
            "bargap": 0.3,
        },
        lang,
        False,
        title=title,
        height=height,
    )
    return go.Figure(data=traces, layout=_legend_below(layout, height))


def year_bars(py: pd.DataFrame, *, value: str, lang: Lang, title: str) -> go.Figure:
    """Per year (x, B.E. in Thai), ``value`` ('n_activities' or 'n_partners') stacked by
    sector: activities naming provinces solid, programme-wide ones striped."""
    traces: list[dict[str, Any]] = []
    years = list(dict.fromkeys(py["year_label"]))
    for _, rows in py.groupby("sector_sort", sort=True):
        own, prog = rows.loc[~rows["programme"]], rows.loc[rows["programme"]]
        colour, name = str(rows["colour"].iloc[0]), str(rows["sector_name"].iloc[0])
        if int(rows[value].sum()) == 0:
            continue
        traces.append(
            {
                "type": "bar",
                "x": own["year_label"],
                "y": own[value],
                "name": name,
                "legendgroup": name,
                "marker": {"color": colour},
                "meta": {"sector": str(rows["sector"].iloc[0])},
                "hovertemplate": f"<b>{name}</b><br>%{{x}}: %{{y}}<extra></extra>",
            }
        )
        if int(prog[value].sum()):
            traces.append(
                {
                    "type": "bar",
                    "x": prog["year_label"],
                    "y": prog[value],
                    "name": name,
                    "legendgroup": name,
                    "showlegend": False,
                    "marker": _prog_marker(colour, prog[value]),
                    "meta": {"sector": str(rows["sector"].iloc[0]), "programme": True},
                    "hovertemplate": f"<b>{name}</b> · {t('part_lg_programme', lang)}<br>%{{x}}: %{{y}}<extra></extra>",
                }
            )
    if len(py) and int(py.loc[py["programme"], value].sum()):
        traces.append(_prog_legend_trace(lang, "v"))
    height = 420
    layout = style(
        {
            "barmode": "stack",
            "bargap": 0.2,
            "xaxis": {"type": "category", "categoryorder": "array", "categoryarray": years, "fixedrange": True},
            "yaxis": {"rangemode": "tozero", "fixedrange": True},
        },
        lang,
        False,
        title=title,
        height=height,
    )
    layout = merge(layout, {"yaxis": {"title": None}})  # no y title, nor its house font
    return go.Figure(data=traces, layout=_legend_below(layout, height, gap=34))


def new_partner_bars(nw: pd.DataFrame, *, lang: Lang, title: str) -> go.Figure:
    """New partners per year (year of their first activity), stacked by sector."""
    traces: list[dict[str, Any]] = []
    years = list(dict.fromkeys(nw["year_label"]))
    for _, rows in nw.groupby("sector_sort", sort=True):
        if int(rows["n"].sum()) == 0:
            continue
        name = str(rows["sector_name"].iloc[0])
        traces.append(
            {
                "type": "bar",
                "x": rows["year_label"],
                "y": rows["n"],
                "name": name,
                "marker": {"color": str(rows["colour"].iloc[0])},
                "meta": {"sector": str(rows["sector"].iloc[0])},
                "customdata": [break_lines(v, 60) for v in rows["names"]],
                "hovertemplate": f"<b>{name}</b><br>%{{x}}: %{{y}}<br>%{{customdata}}<extra></extra>",
            }
        )
    height = 380
    yaxis: dict[str, Any] = {"rangemode": "tozero", "fixedrange": True}
    if (nw.groupby("year")["n"].sum().max() if len(nw) else 0) <= 8:
        yaxis["dtick"] = 1
    layout = style(
        {
            "barmode": "stack",
            "bargap": 0.2,
            "xaxis": {"type": "category", "categoryorder": "array", "categoryarray": years, "fixedrange": True},
            "yaxis": yaxis,
        },
        lang,
        False,
        title=title,
        height=height,
    )
    return go.Figure(data=traces, layout=_legend_below(layout, height, gap=34))


def goal_bars(gc: pd.DataFrame, *, lang: Lang, title: str) -> go.Figure:
    """Activities per goal (horizontal bars, goal 1 on top), each bar in its official goal
    colour; programme-wide activities striped after those that name provinces."""
    traces = [
        {
            "type": "bar",
            "orientation": "h",
            "y": gc["label"],
            "x": gc["n_local"],
            "name": t("part_lg_local", lang),
            "showlegend": False,
            "marker": {"color": list(gc["colour"])},
            "hovertemplate": "<b>%{y}</b><br>" + t("part_col_local", lang) + ": %{x}<extra></extra>",
        },
        {
            "type": "bar",
            "orientation": "h",
            "y": gc["label"],
            "x": gc["n_programme"],
            "name": t("part_lg_programme", lang),
            "showlegend": False,
            "marker": _prog_marker([str(c) for c in gc["colour"]], gc["n_programme"]),
            "text": [str(int(v)) for v in gc["n"]],
            "textposition": "outside",
            "cliponaxis": False,
            "hovertemplate": "<b>%{y}</b><br>" + t("part_col_programme", lang) + ": %{x}<extra></extra>",
            "meta": {"programme": True},
        },
    ]
    if len(gc) and int(gc["n_programme"].sum()):
        traces.append(_prog_legend_trace(lang))
    height = 34 * len(gc) + 150
    layout = style(
        {
            "yaxis": _bar_names(),
            "xaxis": {
                "rangemode": "tozero",
                "fixedrange": True,
                "range": [0, max(1, int(gc["n"].max()) if len(gc) else 1) * 1.12],
            },
            "barmode": "stack",
            "bargap": 0.25,
        },
        lang,
        False,
        title=title,
        height=height,
    )
    return go.Figure(data=traces, layout=_legend_below(layout, height, gap=30))


def gap_grid(gaps: pd.DataFrame, *, goals: pd.DataFrame, lang: Lang, demo: bool, title: str) -> go.Figure:
    """Provinces (rows) x goals (columns) in SDSN status colours; each cell says how many
    activities naming the province work on the goal. A weak goal (red or orange) that none
    works on is framed in black with "✕" ("○" when only programme-wide work reaches it).
    ``gaps`` from lib.views.partners.goal_gaps."""
    mark_none, mark_prog = _marks(lang)
    goal_ids = sorted(int(g) for g in gaps["goal"].unique())
    pos = {g: i for i, g in enumerate(goal_ids)}
    n_rows = int(gaps["row"].max()) + 1 if len(gaps) else 0
    c = gaps.assign(x=[pos[int(g)] for g in gaps["goal"]], code=[Status.of(s).code for s in gaps["status"]])
    z = c.pivot(index="row", columns="x", values="code").to_numpy()
    score = [("–" if pd.isna(v) else f"{v:.1f}") for v in c["score"]]
    hover = [
        f"<b>{p}</b><br>{g}<br>{t('col_score', lang)}: {s} · {sl}<br>{t('part_col_local', lang)}: {n}"
        f"<br>{t('part_col_programme', lang)}: {k}" + (f"<br><b>{t('part_lg_gap', lang)}</b>" if gap else "")
        for p, g, s, sl, n, k, gap in zip(
            c["province"], c["goal_label"], score, c["status_label"], c["n"], c["n_programme"], c["gap"]
        )
    ]
    hv = c.assign(h=hover).pivot(index="row", columns="x", values="h").to_numpy()
    n = len(STATUS_ORDER)
    scale: list[list[float | str]] = []
    for status in STATUS_ORDER:
        scale += [[status.code / n, status.colour], [(status.code + 1) / n, status.colour]]
    text = [
        (mark_prog if k else mark_none) if gap else (str(int(v)) if v else "")
        for v, k, gap in zip(c["n"], c["n_programme"], c["gap"])
    ]
    traces: list[dict[str, Any]] = [
        {
            "type": "heatmap",
            "z": z,
            "x": list(range(len(goal_ids))),
            "y": list(range(n_rows)),
            "colorscale": scale,
            "zmin": -0.5,
            "zmax": n - 0.5,
            "showscale": False,
            "xgap": 3,
            "ygap": 3,
            "hovertext": hv,
            "hovertemplate": "%{hovertext}<extra></extra>",
            "name": "",
        },
        {
            "type": "scatter",
            "x": c["x"],
            "y": c["row"],
            "mode": "text",
            "text": text,
            "textfont": {"size": 15, "color": [Status.of(s).text_colour for s in c["status"]]},
            "hoverinfo": "skip",
            "showlegend": False,
        },
    ]
    frames = [
        dict(
            type="rect",
            xref="x",
            yref="y",
            x0=x - 0.47,
            x1=x + 0.47,
            y0=y - 0.45,
            y1=y + 0.45,
            line={"color": GAP_LINE, "width": 3},
            fillcolor="rgba(0,0,0,0)",
        )
        for x, y in zip(c.loc[c["gap"], "x"], c.loc[c["gap"], "row"])
    ]
    legend = [(t(s.key, lang), {"symbol": "square", "size": 15, "color": s.colour}) for s in STATUS_ORDER]
    gap_marker = {"symbol": "square-open", "size": 15, "color": GAP_LINE, "line": {"width": 3}}
    legend.append((f"{mark_none} {t('part_lg_gap', lang)}", gap_marker))
    traces += [  # the colours (empty traces)
        {"type": "scatter", "x": [None], "y": [None], "mode": "markers", "name": name, "marker": m, "hoverinfo": "skip"}
        for name, m in legend
    ]
    colours = dict(zip(goals["goal"].astype(int), goals["colour"]))
    shorts = dict(zip(goals["goal"].astype(int), goals[f"short_{lang}"]))
    # one slanted line per goal, its number in the goal colour (two-line labels collide at 17 columns)
    names = {g: clip(str(shorts.get(g, g)), 26) for g in goal_ids}
    ticks = [f"<b><span style='color:{colours.get(g, NEUTRAL)}'>{g}</span></b> {names[g]}" for g in goal_ids]
    longest = max((visible_len(f"{g} {names[g]}") for g in goal_ids), default=10)
    top = 70 + int(longest * 5.6)  # the slanted names: ~0.7 x their length in px
    height = top + 90 + 34 * n_rows
    right = max(20, int(longest * 6.5) - 10)
    axes = {
        "xaxis": {
            "side": "top",
            "tickvals": list(range(len(goal_ids))),
            "ticktext": ticks,
            "tickangle": -45,
            "showgrid": False,
            "zeroline": False,
            "fixedrange": True,
            "range": [-0.5, len(goal_ids) - 0.5],
            "tickfont": {"size": 13},
        },
        "yaxis": {
            "tickvals": list(range(n_rows)),
            "ticktext": c.drop_duplicates("row").sort_values("row")["province"].tolist(),
            "range": [n_rows - 0.5, -0.5],
            "showgrid": False,
            "zeroline": False,
            "fixedrange": True,
            "automargin": True,
            "ticksuffix": "  ",
        },
    }
    layout = merge(
        style({}, lang, demo, title=title, height=height, shapes=frames, stamp_top=top),
        axes,
        {
            "plot_bgcolor": "#FFFFFF",
            "margin": {"t": top, "r": right, "b": 10},
            "title": {"y": 1.0, "yref": "container", "yanchor": "top", "pad": {"t": 12}},
        },
    )
    return go.Figure(data=traces, layout=_legend_below(layout, height, gap=12))


def budget_goal_bars(bg: pd.DataFrame, *, lang: Lang, title: str) -> go.Figure:
    """Stated budget per goal (million baht, horizontal bars, goal 1 on top), programme-wide
    budgets striped after the others."""
    unit = t("part_unit_mbaht", lang)
    total = bg["local"] + bg["programme"]
    traces = [
        {
            "type": "bar",
            "orientation": "h",
            "y": bg["label"],
            "x": bg["local"],
            "name": t("part_lg_local", lang),
            "showlegend": False,
            "marker": {"color": list(bg["colour"])},
            "hovertemplate": "<b>%{y}</b><br>%{x:,.2f} " + unit + "<extra></extra>",
        },
        {
            "type": "bar",
            "orientation": "h",
            "y": bg["label"],
            "x": bg["programme"],
            "name": t("part_lg_programme", lang),
            "showlegend": False,
            "marker": _prog_marker([str(c) for c in bg["colour"]], bg["programme"]),
            "text": [f"{v:,.1f}" if v else "" for v in total],
            "textposition": "outside",
            "cliponaxis": False,
            "hovertemplate": "<b>%{y}</b><br>"
            + t("part_lg_programme", lang)
            + ": %{x:,.2f} "
            + unit
            + "<extra></extra>",
        },
    ]
    if len(bg) and float(bg["programme"].sum()):
        traces.append(_prog_legend_trace(lang))
    height = 30 * len(bg) + 160
    layout = style(
        {
            "yaxis": _bar_names(),
            "xaxis": {
                "title": {"text": unit},
                "rangemode": "tozero",
                "fixedrange": True,
                "range": [0, max(0.1, float(total.max()) if len(bg) else 1) * 1.18],
            },
            "barmode": "stack",
            "bargap": 0.25,
        },
        lang,
        False,
        title=title,
        height=height,
    )
    return go.Figure(data=traces, layout=_legend_below(layout, height, gap=56))


def budget_province_bars(bp: pd.DataFrame, *, lang: Lang, title: str) -> go.Figure:
    """Stated budget per province (million baht); the programme-wide total striped, and the
    budgets of activities that name no province in grey, after the provinces."""
    unit = t("part_unit_mbaht", lang)
    labels = _unique_labels(bp["label"])
    prog = (bp["kind"] == "programme").to_numpy(dtype=bool)
    other = (bp["kind"] == "none").to_numpy(dtype=bool)
    bar = {
        "type": "bar",
        "orientation": "h",
        "y": labels,
        "x": bp["value"],
        "marker": {
            "color": [tint(NEUTRAL) if p else NEUTRAL if o else HIGHLIGHT for p, o in zip(prog, other)],
            "pattern": {
                "shape": ["/" if p else "" for p in prog],
                "fgcolor": NEUTRAL,
                "fillmode": "overlay",
                "size": 7,
            },
        },
        "text": [f"{v:,.1f}" if v else "0" for v in bp["value"]],
        "textposition": "outside",
        "cliponaxis": False,
        "hovertemplate": "<b>%{y}</b><br>%{x:,.2f} " + unit + "<extra></extra>",
    }
    height = 30 * len(bp) + 150
    top = float(bp["value"].max()) if len(bp) else 1.0
    layout = style(
        {
            "yaxis": _bar_names(labels),
            "xaxis": {
                "title": {"text": unit},
                "rangemode": "tozero",
                "fixedrange": True,
                "range": [0, max(0.1, top) * 1.18],
            },
            "bargap": 0.25,
        },
        lang,
        False,
        title=title,
        height=height,
        legend=False,
    )
    return go.Figure(data=[bar], layout=layout)
