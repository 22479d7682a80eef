"""Presentation mode on screen: its CSS, the sidebar switch and the fixed step bar (rules in
lib/core/present.py)."""

from __future__ import annotations

import streamlit as st

from lib.app import state
from lib.app.context import Ctx
from lib.app.widgets import PAGE_PATHS, page_link
from lib.core import present

# Constant CSS for the mode (no data in it). Streamlit sizes text in rem, so a larger root font
# enlarges all text; the sidebar, its expand control, the header, and in the page the element
# containers holding expanders (tables behind charts), download buttons and inputs are hidden;
# the step bar is pinned to the bottom right.
# In the page, these widgets (and the element containers holding them) are hidden.
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
_HIDE_IN_PAGE = ",\n".join(
    f'[data-testid="stMain"] [data-testid="{w}"],\n[data-testid="stMain"] .stElementContainer:has([data-testid="{w}"])'
    for w in _HIDDEN_IN_PAGE
)
CSS = (
    """
html { font-size: 21px; }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stSidebarNav"], header[data-testid="stHeader"], [data-testid="stToolbar"],
[data-testid="stDecoration"] { display: none !important; }
"""
    + _HIDE_IN_PAGE
    + """ { display: none !important; }
[data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 1.2rem 2.5rem 5.5rem 2.5rem !important; }
[data-testid="stMain"] h1 { font-size: 2.4rem !important; }
.st-key-present_bar {
  position: fixed !important; right: 1.2rem; bottom: 1rem; z-index: 999990; width: auto !important;
  background: rgba(255, 255, 255, 0.96); border: 1px solid #CBD5E1; border-radius: 0.6rem;
  padding: 0.35rem 0.6rem; box-shadow: 0 2px 10px rgba(15, 23, 42, 0.18); font-size: 0.8rem;
}
.st-key-present_bar [data-testid="stPageLink"] a, .st-key-present_bar button { padding: 0.1rem 0.6rem; }
.st-key-present_bar p { margin: 0; white-space: nowrap; }
"""
)


def toggle(ctx: Ctx) -> None:
    """The sidebar switch for presentation mode."""
    st.session_state["w_present"] = state.presenting()
    with st.sidebar:
        st.toggle(
            ctx.t("brief_present_toggle"),
            key="w_present",
            help=ctx.t("brief_present_help"),
            on_change=lambda: state.set_presenting(bool(st.session_state.get("w_present"))),
        )


def bar(ctx: Ctx, page: str) -> None:
    """The constant CSS of lib.core.present and a small fixed bar (previous, position, next,
    exit). The links carry the filters and present=1."""
    st.html(f"<style>{CSS}</style>")
    params = present.with_param(ctx.f.to_params(), True)
    pos = present.position(page)
    here = ctx.t(f"page_{page}")
    text = here if pos is None else ctx.t("brief_present_position", pos=pos + 1, n=len(present.VIEWS), page=here)
    with st.container(key="present_bar", horizontal=True, vertical_alignment="center", width="content"):
        page_link(
            PAGE_PATHS[present.step(page, -1)],
            label=ctx.t("brief_present_prev"),
            icon=":material/chevron_left:",
            query_params=params,
        )
        st.markdown(f"**{text}**")
        page_link(
            PAGE_PATHS[present.step(page, 1)],
            label=ctx.t("brief_present_next"),
            icon=":material/chevron_right:",
            query_params=params,
        )
        st.button(
            ctx.t("brief_present_exit"),
            key="present_exit",
            icon=":material/close_fullscreen:",
            on_click=state.set_presenting,
            args=(False,),
        )
