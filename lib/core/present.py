"""Presentation mode: pure logic (no Streamlit). lib/app/present.py draws it.

For a meeting-room projector: the sidebar and the controls are hidden, text and charts are
enlarged, and a small fixed bar steps through the views in order (previous / next, position,
exit). Charts stay ordinary interactive plotly charts, so hover keeps working.

Rules
=====
URL parameter ``present``: ``1`` turns the mode on, ``0`` or absent leaves it off; anything
else is a bad value: off, plus a notice naming the parameter (as for the shared filters).
While the mode is on, the URL carries ``present=1`` after the filter parameters; when it is
off, the parameter is left out (so ordinary links stay as they were).

Views, in order: Overview → Map → Province → Goal → Partners (:data:`VIEWS`). Next after the
last is the first, previous before the first is the last. A page that is not in the list
(data, admin) steps to the first view forward and the last view backward.

Enlarging: :func:`enlarge` scales every font size in a figure's layout, traces and
annotations by :data:`FONT_SCALE` (sizes not set explicitly start from plotly's default 12)
and its height by :data:`HEIGHT_SCALE` (default height 450 when unset).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

from lib.core.filters import Notice

PARAM = "present"
VIEWS: tuple[str, ...] = ("overview", "map", "province", "goal", "partners")
FONT_SCALE = 1.3
HEIGHT_SCALE = 1.25
PLOTLY_DEFAULT_FONT = 12
PLOTLY_DEFAULT_HEIGHT = 450


def parse(params: Mapping[str, str | Sequence[str]]) -> tuple[bool, list[Notice]]:
    """Presentation flag from query parameters: (on, notices)."""
    raw = params.get(PARAM)
    if raw is None:
        return False, []
    value = raw if isinstance(raw, str) else (str(raw[-1]) if len(raw) else "")
    value = value.strip()
    if value in ("0", "1"):
        return value == "1", []
    return False, [Notice(PARAM, value[:40])]


def with_param(params: Mapping[str, str], on: bool) -> dict[str, str]:
    """The URL parameters with ``present=1`` added when on (and removed when off)."""
    out = {k: v for k, v in params.items() if k != PARAM}
    if on:
        out[PARAM] = "1"
    return out


def position(page: str, views: Sequence[str] = VIEWS) -> int | None:
    """0-based place of ``page`` among the views, None if it is not one of them."""
    return views.index(page) if page in views else None


def step(page: str, delta: int, views: Sequence[str] = VIEWS) -> str:
    """The view ``delta`` steps from ``page`` (wrapping around)."""
    if not views:
        raise ValueError("no views to step through")
    pos = position(page, views)
    if pos is None:
        return views[0] if delta >= 0 else views[-1]
    return views[(pos + delta) % len(views)]


def _scale_font(font: Any, factor: float, default: float = PLOTLY_DEFAULT_FONT) -> dict[str, Any]:
    f = dict(font or {})
    f["size"] = round(float(f.get("size") or default) * factor, 1)
    return f


def _walk_fonts(node: Any, factor: float) -> None:
    """Scale every explicit ``size`` under a ``font``/``*font`` key, in place."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key.endswith("font") and isinstance(value, dict) and isinstance(value.get("size"), (int, float)):
                value["size"] = round(float(value["size"]) * factor, 1)
            _walk_fonts(value, factor)
    elif isinstance(node, list):
        for item in node:
            _walk_fonts(item, factor)


def enlarge_spec(
    spec: dict[str, Any], font_scale: float = FONT_SCALE, height_scale: float = HEIGHT_SCALE
) -> dict[str, Any]:
    """A copy of a plotly figure dict (``fig.to_dict()``) with bigger fonts and height."""
    out = copy.deepcopy(spec)
    layout = out.setdefault("layout", {})
    base = dict(layout.get("font") or {})
    _walk_fonts(out, font_scale)  # every explicit size, the base font included
    if not isinstance(base.get("size"), (int, float)):
        layout["font"] = _scale_font(layout.get("font"), font_scale)
    layout["height"] = round(float(layout.get("height") or PLOTLY_DEFAULT_HEIGHT) * height_scale)
    return out
