"""The house style of every figure (the figure builders are the page modules of lib.charts:
DataFrames in, plotly figures out; no I/O, no Streamlit; text helpers in lib.charts.text).

One theme for every chart: `theme()` sets fonts large enough for a meeting-room projector,
Thai-capable font fallbacks, and stamps demonstration data on the figure itself so the mark
survives PNG export.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

from lib.core import present
from lib.i18n import Lang, t

# Thai-capable fonts first: Sarabun/Noto on most systems, Tahoma/Leelawadee on Windows,
# TLWG (Loma, Garuda) on Debian servers and headless Chromium.
FONT_FAMILY = "Sarabun, 'Noto Sans Thai', 'Leelawadee UI', Tahoma, Loma, Garuda, 'Source Sans Pro', sans-serif"
BASE_FONT_SIZE = 15
TEXT_COLOUR = "#1F2937"

PILOT_OUTLINE = "#111111"
NEUTRAL = "#6B7280"
HIGHLIGHT = "#19486A"  # SDG 17 navy: the project's accent
PILOT_AVG_COLOUR = "#0A97D9"  # SDG 14 blue: the pilots' average line (charts and the brief)
PUBLISHED_COLOUR = "#A21942"  # SDG 16 maroon: the published national figure


# The house template is the default, so a figure gets it when it is built: re-templating a
# finished figure in theme() re-validated all of it (~10-70 ms per page run; same JSON).
pio.templates.default = "plotly_white"


def theme(
    fig: go.Figure,
    lang: Lang,
    demo: bool,
    title: str | None = None,
    height: float | None = None,
    legend: bool = True,
    annotations: Sequence[Mapping[str, Any]] = (),
    shapes: Sequence[Mapping[str, Any]] = (),
    stamp_top: int | None = None,
) -> go.Figure:
    """Apply the house style; add the demo stamp when the figure shows demonstration data.

    ``annotations``/``shapes`` (dicts) are added in the same single layout update: adding them
    one by one re-validates every earlier one (quadratic). ``stamp_top``: the top margin in px;
    the demo stamp then sits in the figure's top-right corner beside the title (shifted in
    pixels, so it stays put when presentation mode enlarges the figure) instead of on top of the
    plot area."""
    layout: dict[str, Any] = dict(
        font={"family": FONT_FAMILY, "size": BASE_FONT_SIZE, "color": TEXT_COLOUR},
        title={"text": title, "font": {"size": 20}, "x": 0, "xanchor": "left"} if title else None,
        margin={"l": 10, "r": 10, "t": 60 if title else 30, "b": 10},
        hoverlabel={"font": {"family": FONT_FAMILY, "size": 15}},
        showlegend=legend,
        separators=".,",
    )
    if height:
        layout["height"] = height
    notes = [*annotations]
    if demo:
        where = (
            {"y": 1, "yanchor": "top", "yshift": stamp_top - 8}
            if stamp_top is not None
            else {"y": 1.0, "yanchor": "bottom"}
        )
        notes.append(
            dict(
                text=t("demo_mark", lang),
                xref="paper",
                yref="paper",
                x=1,
                xanchor="right",
                showarrow=False,
                font={"size": 13, "color": "#B91C1C"},
                bgcolor="rgba(254,226,226,0.9)",
                bordercolor="#B91C1C",
                borderwidth=1,
                borderpad=3,
                **where,
            )
        )
    if notes:
        layout["annotations"] = [*fig.layout.annotations, *notes]
    if shapes:
        layout["shapes"] = [*fig.layout.shapes, *shapes]
    fig.update_layout(**layout)
    # explicit dark tick/title fonts: Streamlit's chart theme would otherwise draw unset ones
    # 12 px light grey, hard to read on a projector
    for axis in (*fig.select_xaxes(), *fig.select_yaxes()):
        axis.update(
            tickfont={"color": TEXT_COLOUR, "size": axis.tickfont.size or BASE_FONT_SIZE - 1},
            title_font={"color": TEXT_COLOUR, "size": axis.title.font.size or BASE_FONT_SIZE},
        )
    return fig


def is_demo_figure(fig: go.Figure, lang: Lang) -> bool:
    """True when the figure carries the demo stamp (tests use this)."""
    mark = t("demo_mark", lang)
    return any(a.text == mark for a in fig.layout.annotations)


def enlarge(fig: go.Figure) -> go.Figure:
    """A bigger copy of a figure for the projector (lib.core.present.enlarge_spec); the original
    is left alone."""
    return go.Figure(present.enlarge_spec(fig.to_dict()))
