"""Presentation (slide) mode: pure logic (no Streamlit). lib/app/present.py draws it.

For a meeting-room projector: a deck of slides, each one chart of a page with its title and a
one-line takeaway, sized to the screen; a small bar at the top steps through the deck (previous
/ "step k of n" / next, a province and a goal picker, exit), and the keys a presentation clicker
sends do the same (:data:`KEYS_SCRIPT`). Charts stay ordinary interactive plotly charts, so
hover keeps working.

Rules
=====
URL parameter ``present``: ``1`` turns the mode on, ``0`` or absent leaves it off; anything
else is a bad value: off, plus a notice naming the parameter (as for the shared filters).
While the mode is on, the URL carries ``present=1`` after the filter parameters; when it is
off, the parameter is left out (so ordinary links stay as they were).

A deck is an ordered list of steps; a step is a chart key (the ``key`` a page passes to
``chart()``), and each key belongs to one page (:data:`CHARTS`). The default deck is
:data:`DECK`. While the mode is on the URL also carries ``step=K`` (1-based) and, only when the
deck is not the default one, ``deck=key,key,...``; province and goal are the shared filters'
own parameters. So a prepared deck reopens from its link.

``deck``: comma-separated chart keys, each known and none twice; anything else is a bad value:
the default deck, plus a notice. ``step``: a whole number from 1 to the deck's length; anything
else: a notice, and the page decides (its first step). Both are read only while the mode is on.

Stepping: next after the last step is the first, previous before the first is the last. From a
page with no step in the deck (data, admin) next goes to the first step and previous to the
last. A page opened on its own (a link, a click) shows its first step in the deck; a step
chosen with the bar or in the link opens that step's page.

Sizing: a slide's figure loses its fixed height (the screen decides it, see lib/app/present.py)
and its fonts are scaled by :data:`SLIDE_FONT_SCALE`, less for a figure drawn taller than
:data:`SLIDE_FIT_HEIGHT` (in proportion), whose pixel-spaced labels would otherwise collide. A
page outside the deck is shown whole and enlarged: :func:`enlarge_spec` scales every font size
in a figure's layout, traces and annotations by :data:`FONT_SCALE` (sizes not set explicitly
start from plotly's default 12) and its height by :data:`HEIGHT_SCALE` (default height 450 when
unset).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

from lib.core.filters import Notice

PARAM = "present"
STEP_PARAM = "step"
DECK_PARAM = "deck"
FONT_SCALE = 1.3
HEIGHT_SCALE = 1.25
SLIDE_FONT_SCALE = 1.15
SLIDE_FIT_HEIGHT = 560  # px a slide's chart gets on a 1366x768 screen, under the bar
PLOTLY_DEFAULT_FONT = 12
PLOTLY_DEFAULT_HEIGHT = 450
NOTICE_CHARS = 40  # a bad value is quoted at most this long in its notice

# Every chart a deck can show: chart key -> page key (the pages' chart(..., key) calls).
CHARTS: dict[str, str] = {
    "ov_ranking": "overview",
    "ov_grid": "overview",
    "ov_national": "overview",
    "ov_goals": "overview",
    "map_chart": "map",
    "prov_strip": "province",
    "prov_weak": "province",
    "prov_series": "province",
    "goal_ranking": "goal",
    "goal_trends": "goal",
    "goal_dist": "goal",
    "prog_snapshot": "progress",
    "prog_ranking": "progress",
    "prog_scatter": "progress",
    "part_partners": "partners",
    "part_share": "partners",
    "part_matrix": "partners",
    "part_time_acts": "partners",
    "part_time_partners": "partners",
    "part_time_new": "partners",
    "part_goals": "partners",
    "part_needs": "partners",
    "part_budget_goal": "partners",
    "part_budget_province": "partners",
    "cov_goals": "coverage",
}
DECK: tuple[str, ...] = (
    "ov_ranking",
    "ov_grid",
    "ov_goals",
    "map_chart",
    "prov_strip",
    "prov_weak",
    "goal_ranking",
    "goal_dist",
    "part_partners",
    "part_needs",
)

# The keys a presentation clicker sends, on every slide page. Constant (no data in it): its
# sha256 is in the server's Content-Security-Policy (deploy/serve.py), so it must not change at
# run time. It clicks the bar's next / previous button (keys present_next, present_prev: the
# one on screen, not a hidden copy or one Streamlit keeps a moment from the page before); not
# while the focus is in a field (PageUp/PageDown still step from the bar's own pickers), not
# with Ctrl/Alt/Cmd, not while a dropdown is open. No "<" in it: the HTML sanitiser that
# st.html runs drops a script whose text looks like markup.
KEYS_SCRIPT = """(() => {
  if (window.__sdgSlideKeys) return;
  window.__sdgSlideKeys = true;
  const NEXT = ["ArrowRight", "ArrowDown", "PageDown", " ", "Spacebar"];
  const PREV = ["ArrowLeft", "ArrowUp", "PageUp"];
  document.addEventListener("keydown", (e) => {
    const dir = NEXT.includes(e.key) ? "next" : PREV.includes(e.key) ? "prev" : null;
    if (dir === null || e.altKey || e.ctrlKey || e.metaKey || e.isComposing) return;
    const buttons = [...document.querySelectorAll(".st-key-present_" + dir + " button")]
      .filter((b) => !b.disabled && b.getClientRects().length && !b.closest("[data-stale=true]"));
    const button = buttons[buttons.length - 1];
    if (!button) return;
    const t = e.target instanceof Element ? e.target : null;
    const field = t && (t.isContentEditable || t.closest("input, textarea, select, [role=listbox], [role=menu]"));
    const paging = e.key === "PageDown" || e.key === "PageUp";
    if (field && !(paging && t.closest(".st-key-present_bar"))) return;
    if (!paging && document.querySelector("[role=combobox][aria-expanded=true], [data-baseweb=popover]")) return;
    e.preventDefault();
    e.stopPropagation();
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    button.click();
  }, true);
})();"""


def _last(raw: str | Sequence[str] | None) -> str | None:
    if raw is None:
        return None
    return raw if isinstance(raw, str) else (str(raw[-1]) if len(raw) else "")


def parse(params: Mapping[str, str | Sequence[str]]) -> tuple[bool, list[Notice]]:
    """Presentation flag from query parameters: (on, notices)."""
    value = _last(params.get(PARAM))
    if value is None:
        return False, []
    value = value.strip()
    if value in ("0", "1"):
        return value == "1", []
    return False, [Notice(PARAM, value[:NOTICE_CHARS])]


def parse_deck(params: Mapping[str, str | Sequence[str]]) -> tuple[tuple[str, ...], list[Notice]]:
    """The deck from query parameters: (deck, notices); the default deck when absent or bad."""
    raw = _last(params.get(DECK_PARAM))
    if raw is None:
        return DECK, []
    keys = [k.strip() for k in raw.split(",")]
    if keys and all(k in CHARTS for k in keys) and len(set(keys)) == len(keys):
        return tuple(keys), []
    return DECK, [Notice(DECK_PARAM, raw.strip()[:NOTICE_CHARS])]


def parse_step(params: Mapping[str, str | Sequence[str]], n: int) -> tuple[int | None, list[Notice]]:
    """The 0-based step from query parameters (``step`` is 1-based): (index or None, notices)."""
    raw = _last(params.get(STEP_PARAM))
    if raw is None:
        return None, []
    value = raw.strip()
    if value.isascii() and value.isdigit() and 1 <= int(value) <= n:
        return int(value) - 1, []
    return None, [Notice(STEP_PARAM, value[:NOTICE_CHARS])]


def parse_slides(params: Mapping[str, str | Sequence[str]]) -> tuple[tuple[str, ...], int | None, list[Notice]]:
    """Deck and step from query parameters: (deck, 0-based step or None, notices)."""
    deck, bad = parse_deck(params)
    index, bad_step = parse_step(params, len(deck))
    return deck, index, bad + bad_step


def with_param(params: Mapping[str, str], on: bool) -> dict[str, str]:
    """The URL parameters with ``present=1`` added when on (and removed when off)."""
    out = {k: v for k, v in params.items() if k != PARAM}
    if on:
        out[PARAM] = "1"
    return out


def slide_params(deck: Sequence[str], index: int | None) -> dict[str, str | None]:
    """The deck's own URL parameters (None: leave the parameter out)."""
    return {
        STEP_PARAM: None if index is None else str(index + 1),
        DECK_PARAM: None if tuple(deck) == DECK else ",".join(deck),
    }


def page_of(key: str) -> str:
    """The page that draws chart ``key``."""
    return CHARTS[key]


def first_on(deck: Sequence[str], page: str) -> int | None:
    """0-based place of the first step of ``page`` in the deck, None if it has none."""
    return next((i for i, k in enumerate(deck) if CHARTS[k] == page), None)


def move(index: int | None, delta: int, n: int) -> int:
    """The step ``delta`` steps from ``index`` (wrapping around); from no step (a page outside
    the deck) forward is the first step, backward the last."""
    if n <= 0:
        raise ValueError("no steps to move through")
    if index is None:
        return 0 if delta >= 0 else n - 1
    return (index + delta) % n


def resolve(deck: Sequence[str], index: int | None, page: str, chosen: bool) -> tuple[int | None, str | None]:
    """What ``page`` shows: (step shown here or None for the whole page, page to open instead
    or None). ``chosen``: the step was just chosen (bar, keys, link), so its page is opened."""
    if index is not None and 0 <= index < len(deck):
        if CHARTS[deck[index]] == page:
            return index, None
        if chosen:
            return index, CHARTS[deck[index]]
    return first_on(deck, page), None


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
    spec: dict[str, Any], font_scale: float = FONT_SCALE, height_scale: float | None = HEIGHT_SCALE
) -> dict[str, Any]:
    """A copy of a plotly figure dict (``fig.to_dict()``) with bigger fonts and height
    (``height_scale`` None: no fixed height, the container decides)."""
    out = copy.deepcopy(spec)
    layout = out.setdefault("layout", {})
    base = dict(layout.get("font") or {})
    _walk_fonts(out, font_scale)  # every explicit size, the base font included
    if not isinstance(base.get("size"), (int, float)):
        layout["font"] = _scale_font(layout.get("font"), font_scale)
    if height_scale is None:
        layout.pop("height", None)
        layout.pop("width", None)
    else:
        layout["height"] = round(float(layout.get("height") or PLOTLY_DEFAULT_HEIGHT) * height_scale)
    return out


def slide_font_scale(height: float | None) -> float:
    """The font factor of a slide whose figure was drawn ``height`` pixels high: a figure taller
    than a small screen's slide (:data:`SLIDE_FIT_HEIGHT`) is squeezed into it, its labels
    spaced in pixels come closer, so its fonts shrink in proportion."""
    natural = float(height or PLOTLY_DEFAULT_HEIGHT)
    return round(SLIDE_FONT_SCALE * min(1.0, SLIDE_FIT_HEIGHT / natural), 3)


def slide_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """A copy of a plotly figure dict for a slide: fonts scaled (:func:`slide_font_scale`), no
    fixed height or width (the slide decides)."""
    return enlarge_spec(spec, slide_font_scale((spec.get("layout") or {}).get("height")), None)
