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
from lib.i18n.thai_text import wrap

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


STAMP_NAME = "demo_stamp"  # the demo stamp's annotation name (stamp_own_line finds it by it)
STAMP_LINE = 26  # px: the line the demo stamp gets above the title


def stamp_own_line(spec: dict[str, Any]) -> dict[str, Any]:
    """A finished figure (its plain dict, changed in place and returned) with the demo stamp on
    a line of its own at the top, the title below it: beside a long title the stamp would sit
    on it. Done on the finished dict because only then is the top margin final."""
    layout = spec.get("layout") or {}
    stamp = next((a for a in layout.get("annotations") or () if a.get("name") == STAMP_NAME), None)
    if stamp is None:
        return spec
    margin = layout.setdefault("margin", {})
    margin["t"] = int(margin.get("t", 100)) + STAMP_LINE  # 100: plotly's default top margin
    title = layout.get("title")
    if isinstance(title, dict) and title.get("text"):
        title.update(yref="container", y=1, yanchor="top", pad={"t": STAMP_LINE + 8})
    stamp.update(x=1, xref="paper", xanchor="right", y=1, yref="paper", yanchor="bottom")
    stamp["yshift"] = margin["t"] - STAMP_LINE
    return spec


def _house(
    lang: Lang, demo: bool, title: str | None, height: float | None, legend: bool, stamp_top: int | None
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """theme()'s layout update, without annotations and axes; and the demo stamp (or None)."""
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
    stamp: dict[str, Any] | None = None
    if demo:
        where = (
            {"y": 1, "yanchor": "top", "yshift": stamp_top - 8}
            if stamp_top is not None
            else {"y": 1.0, "yanchor": "bottom"}
        )
        stamp = dict(
            name=STAMP_NAME,
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
    return layout, stamp


def _axis_fonts(tick_size: Any, title_size: Any) -> dict[str, Any]:
    # explicit dark tick/title fonts: Streamlit's chart theme would otherwise draw unset ones
    # 12 px light grey, hard to read on a projector
    return {
        "tickfont": {"color": TEXT_COLOUR, "size": tick_size or BASE_FONT_SIZE - 1},
        "title": {"font": {"color": TEXT_COLOUR, "size": title_size or BASE_FONT_SIZE}},
    }


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
    plot area. A figure still being put together as dicts takes style() instead (cheaper)."""
    layout, stamp = _house(lang, demo, title, height, legend, stamp_top)
    notes = [*annotations, *([stamp] if stamp else [])]
    if notes:
        layout["annotations"] = [*fig.layout.annotations, *notes]
    if shapes:
        layout["shapes"] = [*fig.layout.shapes, *shapes]
    # in the same single update as the rest: each update of a figure is validated and then
    # replayed (~2-4 ms each)
    for axis in (*fig.select_xaxes(), *fig.select_yaxes()):
        layout[axis.plotly_name] = _axis_fonts(axis.tickfont.size, axis.title.font.size)
    fig.update_layout(**layout)
    return fig


def merge(base: Mapping[str, Any], *updates: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` updated as plotly's ``update_layout`` updates a layout: nested dicts merge, None
    removes, anything else (a list of annotations too) replaces. Returns a new dict."""
    out = dict(base)
    for update in updates:
        for key, value in update.items():
            if value is None:
                out.pop(key, None)
            elif isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
                out[key] = merge(out[key], value)
            else:
                out[key] = value
    return out


def title_text(title: str, width: int = 90) -> tuple[str, int]:
    """The title wrapped onto as many lines as it needs (for a layout's title text), and the top
    margin it takes (px)."""
    lines = wrap(title, width)
    return "<br>".join(lines), 40 + 26 * len(lines)


def style(
    layout: Mapping[str, Any],
    lang: Lang,
    demo: bool,
    title: str | None = None,
    height: float | None = None,
    legend: bool = True,
    annotations: Sequence[Mapping[str, Any]] = (),
    shapes: Sequence[Mapping[str, Any]] = (),
    stamp_top: int | None = None,
) -> dict[str, Any]:
    """theme() for a figure still being put together: ``layout`` (a dict, as the builder would
    have set it on the figure) updated the way theme() updates a figure's layout. A figure
    built once from its finished dicts, ``go.Figure(data=traces, layout=style(...))``, is
    validated once; every update of a built figure is validated and replayed (a builder with
    several updates: 2-5 times the cost)."""
    house, stamp = _house(lang, demo, title, height, legend, stamp_top)
    out = merge(layout, house)
    notes = [*annotations, *([stamp] if stamp else [])]
    if notes:
        out["annotations"] = [*layout.get("annotations", ()), *notes]
    if shapes:
        out["shapes"] = [*layout.get("shapes", ()), *shapes]
    for name in ("xaxis", "yaxis", *sorted(k for k in layout if k[1:5] == "axis" and k[0] in "xy" and k[5:])):
        axis = layout.get(name) or {}
        title_font = (axis.get("title") or {}).get("font") or {}
        out[name] = merge(
            out.get(name) or {}, _axis_fonts((axis.get("tickfont") or {}).get("size"), title_font.get("size"))
        )
    return out


def is_demo_figure(fig: go.Figure, lang: Lang) -> bool:
    """True when the figure carries the demo stamp (tests use this)."""
    mark = t("demo_mark", lang)
    return any(a.text == mark for a in fig.layout.annotations)


def enlarge(fig: go.Figure) -> go.Figure:
    """A bigger copy of a figure for the projector (lib.core.present.enlarge_spec); the original
    is left alone."""
    return go.Figure(present.enlarge_spec(fig.to_dict()))
