"""Presentation (slide) mode on screen: its CSS, the sidebar switch, the step bar with its
province and goal pickers, the clicker keys, and the one chart of the current step (rules in
lib/core/present.py).

A page in the deck shows one slide: ``chart()`` (lib.app.widgets) draws only the chart of the
current step, in the container ``slide_current`` with its takeaway; every other chart call
draws nothing, and constant CSS hides everything else on the page but the step bar and its
notes. The bar sits at the top of the page, in the flow (it covers nothing), and the slide
fills the rest of the screen: the chain of blocks holding it grows to the screen's height, and
the figure, without a fixed height, stretches to its container. A page outside the deck (data,
admin) is shown whole, enlarged, under the same bar.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitAPIException

from lib.app import state
from lib.app.context import Ctx
from lib.app.text import inert
from lib.app.widgets import PAGE_PATHS
from lib.core import present
from lib.core.vocab import GOALS

# session state: the deck, the chosen step, whether it was just chosen (its page is opened),
# and what this run shows (the step, its chart key)
_DECK = "slide_deck"
_INDEX = "slide_index"
_CHOSEN = "slide_chosen"
_SHOWN = "slide_shown"
_KEY = "slide_key"

# Constant CSS for the mode (no data in it). Streamlit sizes text in rem, so a larger root font
# enlarges all text; the sidebar, its expand control and the header are hidden.
_COMMON = """
html { font-size: 19px; }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stSidebarNav"], header[data-testid="stHeader"], [data-testid="stToolbar"],
[data-testid="stDecoration"], .st-key-present_keys { display: none !important; }
[data-testid="stMainBlockContainer"] { max-width: 100% !important; }
.st-key-present_bar {
  background: #F1F5F9; border: 1px solid #CBD5E1; border-radius: 0.6rem; padding: 0.25rem 0.6rem;
  font-size: 0.72rem; row-gap: 0.25rem;
}
.st-key-present_bar button { padding: 0.1rem 0.6rem; min-height: 2.1rem; }
.st-key-present_bar p { margin: 0; white-space: nowrap; }
.st-key-present_bar [data-testid="stMarkdownContainer"] { margin-bottom: 0 !important; }
.st-key-present_bar > :has(.st-key-w_slide_province) { margin-left: auto; }
.st-key-present_bar [data-testid="stSelectbox"] [data-baseweb="select"] > div { min-height: 2.1rem; }
"""

# A page outside the deck: the page whole, enlarged; in it (not in the bar) these widgets and
# the element containers holding them are hidden.
_HIDDEN_IN_PAGE = (
    "stExpander",
    "stDownloadButton",
    "stSelectbox",
    "stMultiSelect",
    "stRadio",
    "stSlider",
    "stCheckbox",
    "stTextInput",
    "stNumberInput",
    "stDateInput",
    "stFileUploader",
    "stButtonGroup",
    "stSegmentedControl",
)
_IN_PAGE = '[data-testid="stMain"] :not(.st-key-present_bar *)'
WHOLE_CSS = (
    _COMMON
    + ",\n".join(
        f'{_IN_PAGE}[data-testid="{w}"],\n{_IN_PAGE}.stElementContainer:has([data-testid="{w}"])'
        for w in _HIDDEN_IN_PAGE
    )
    + """ { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0.8rem 2.5rem 2rem 2.5rem !important; }
[data-testid="stMain"] h1 { font-size: 2.4rem !important; }
"""
)

# A slide: the page is one screen high (no scrolling); what holds neither the bar, its notes,
# the slide nor the empty-slide note is hidden, level by level down to the slide; the blocks
# holding the slide grow to fill the height the bar leaves (flex), the slide too.
_KEEP = ".st-key-present_bar, .st-key-slide_notes, .st-key-slide_current, .st-key-slide_empty"
SLIDE_CSS = (
    _COMMON
    + f"""
[data-testid="stMain"] {{ overflow: hidden !important; }}
[data-testid="stMainBlockContainer"] {{
  height: 100vh; box-sizing: border-box; padding: 0.5rem 1.2rem 0.5rem 1.2rem !important;
  display: flex; flex-direction: column;
}}
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] {{ flex: 1 1 0; min-height: 0; gap: 0.5rem; }}
[data-testid="stMain"] [data-testid="stVerticalBlock"]:has({_KEEP}) > :not(:has({_KEEP})):not({_KEEP}),
[data-testid="stMain"] [data-testid="stHorizontalBlock"]:has({_KEEP}) > :not(:has({_KEEP})):not({_KEEP}) {{
  display: none !important;
}}
[data-testid="stMainBlockContainer"] :has(.st-key-slide_current), .st-key-slide_current {{
  flex: 1 1 0 !important; min-height: 0 !important; width: 100% !important; max-width: 100% !important;
}}
.st-key-slide_current {{ gap: 0.3rem; }}
.st-key-slide_current > :not(:has(.st-key-slide_takeaway)):not(.st-key-slide_takeaway) {{
  flex: 1 1 0 !important; min-height: 0 !important;
}}
.st-key-slide_current > :has(.st-key-slide_takeaway), .st-key-slide_takeaway,
.st-key-slide_takeaway * {{ flex: 0 0 auto !important; }}

.st-key-slide_takeaway [data-testid="stMarkdownContainer"] {{ margin-bottom: 0 !important; }}
.st-key-slide_takeaway p {{ font-size: 1.05rem; font-weight: 600; margin: 0; color: #1E293B; }}
[data-testid="stMain"]:has(.st-key-slide_current) .st-key-slide_empty {{ display: none !important; }}
"""
)


def _init(ctx: Ctx) -> None:
    """On a session's first run: the deck and step from the URL (while the mode is on), with a
    notice for a bad value."""
    if _DECK in st.session_state:
        return
    deck, index, bad = (
        present.parse_slides(st.query_params.to_dict()) if state.presenting() else (present.DECK, None, [])
    )
    st.session_state[_DECK] = deck
    st.session_state[_INDEX] = index
    st.session_state[_CHOSEN] = index is not None  # a step in the link opens its page
    ctx.notices.extend(bad)


def toggle(ctx: Ctx) -> None:
    """The sidebar switch for presentation mode (and, first, the deck from the URL)."""
    _init(ctx)
    st.session_state["w_present"] = state.presenting()
    with st.sidebar:
        st.toggle(
            ctx.t("brief_present_toggle"),
            key="w_present",
            help=ctx.t("brief_present_help"),
            on_change=lambda: state.set_presenting(bool(st.session_state.get("w_present"))),
        )


def current_chart() -> str | None:
    """The chart key this run shows as a slide, None when the page is shown whole."""
    key = st.session_state.get(_KEY)
    return str(key) if key else None


def _go(delta: int) -> None:
    """Next / previous (the bar's buttons, the clicker's keys)."""
    deck = tuple(st.session_state.get(_DECK, present.DECK))
    st.session_state[_INDEX] = present.move(st.session_state.get(_SHOWN), delta, len(deck))
    st.session_state[_CHOSEN] = True


def _params(ctx: Ctx, deck: tuple[str, ...], index: int | None) -> dict[str, str]:
    out = present.with_param(ctx.f.to_params(), True)
    return out | {k: v for k, v in present.slide_params(deck, index).items() if v}


def bar(ctx: Ctx, page: str) -> None:
    """The step bar at the top (previous, "step k of n: title", next, province, goal, exit), the
    clicker keys, the notices worded for the mode, and this run's slide (opening the step's
    page when a step was just chosen)."""
    _init(ctx)
    deck = tuple(st.session_state[_DECK])
    chosen = bool(st.session_state.pop(_CHOSEN, False))
    shown, goto = present.resolve(deck, st.session_state.get(_INDEX), page, chosen)
    if goto is not None and goto in PAGE_PATHS:
        try:
            st.switch_page(PAGE_PATHS[goto], query_params=_params(ctx, deck, shown))
        except StreamlitAPIException:  # the page cannot be opened from here (AppTest runs one page)
            shown = present.first_on(deck, page)
    if shown is not None:
        st.session_state[_INDEX] = shown
    st.session_state[_SHOWN] = shown
    st.session_state[_KEY] = deck[shown] if shown is not None else None
    state.set_page_params(present.slide_params(deck, shown))
    st.html(f"<style>{SLIDE_CSS if shown is not None else WHOLE_CSS}</style>")

    if shown is None:
        text = ctx.t(f"page_{page}")
    else:
        text = ctx.t("slide_position", k=shown + 1, n=len(deck), title=ctx.t(f"slide_step_{deck[shown]}"))
    f, cat = ctx.f, ctx.cat
    with st.container(key="present_bar", horizontal=True, vertical_alignment="center", gap="small"):
        st.button(
            ctx.t("brief_present_prev"),
            key="present_prev",
            icon=":material/chevron_left:",
            on_click=_go,
            args=(-1,),
            help=ctx.t("slide_keys_help"),
        )
        st.markdown(f"**{text}**", width="content")
        st.button(
            ctx.t("brief_present_next"),
            key="present_next",
            icon=":material/chevron_right:",
            on_click=_go,
            args=(1,),
            help=ctx.t("slide_keys_help"),
        )
        names = cat.province_names(ctx.lang, mark_pilot=True)
        _picker(ctx.t("filter_province"), "province", cat.provinces_pilots_first(ctx.lang), f.province, names.get, 170)
        _picker(ctx.t("filter_goal"), "goal", list(GOALS), f.goal, ctx.goal_name, 200, int)
        if ctx.is_demo:  # the demo banner, worded for the mode (no sidebar to point to)
            st.badge(ctx.t("slide_demo_note"), icon=":material/science:", color="violet", help=ctx.t("slide_demo_help"))
        st.button(
            ctx.t("slide_exit"),
            key="present_exit",
            icon=":material/close_fullscreen:",
            on_click=state.set_presenting,
            args=(False,),
            help=ctx.t("brief_present_exit"),
        )
        with st.container(key="present_keys"):
            st.html(f"<script>{present.KEYS_SCRIPT}</script>", unsafe_allow_javascript=True)
    if ctx.notices:
        with st.container(key="slide_notes"):
            for n in ctx.notices:
                st.warning(
                    ctx.t("bad_param", param=inert(n.param, 40), value=inert(n.value)), icon=":material/link_off:"
                )
    if shown is not None:
        with st.container(key="slide_empty"):  # shown only when the page drew no slide (CSS)
            st.info(ctx.t("slide_empty"), icon=":material/visibility_off:")


def _picker(
    label: str, name: str, options: list[Any], value: Any, fmt: Any, width: int, convert: Any = lambda v: v
) -> None:
    """A small selectbox in the bar that sets the shared filter ``name`` (as the sidebar's do)."""
    key = f"w_slide_{name}"
    st.session_state[key] = value  # the canonical filter decides what the widget shows
    st.selectbox(
        label,
        options,
        key=key,
        format_func=fmt,
        on_change=state.on_change(name, key, convert),
        label_visibility="collapsed",
        width=width,
    )


def slide(ctx: Ctx, draw: Any, table: pd.DataFrame, takeaway: str | None) -> Any:
    """The current step's chart (``draw()`` puts it on the page), with its takeaway: the
    sentence the page gives, else the number of rows in the table behind it."""
    with st.container(key="slide_current"):
        event = draw()
        line = takeaway or ctx.t("slide_rows", n=f"{len(table):,}")
        with st.container(key="slide_takeaway"):
            st.markdown(line)
    return event
