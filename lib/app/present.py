"""Presentation mode on screen: the sidebar switch and the fixed step bar (rules in
lib/core/present.py)."""
from __future__ import annotations

import streamlit as st

from lib.app import state
from lib.app.context import Ctx
from lib.app.widgets import PAGE_PATHS, page_link
from lib.core import present


def toggle(ctx: Ctx) -> None:
    """The sidebar switch for presentation mode."""
    st.session_state["w_present"] = state.presenting()
    with st.sidebar:
        st.toggle(ctx.t("brief_present_toggle"), key="w_present", help=ctx.t("brief_present_help"),
                  on_change=lambda: state.set_presenting(bool(st.session_state.get("w_present"))))


def bar(ctx: Ctx, page: str) -> None:
    """The constant CSS of lib.core.present and a small fixed bar (previous, position, next,
    exit). The links carry the filters and present=1."""
    st.html(f"<style>{present.CSS}</style>")
    params = present.with_param(ctx.f.to_params(), True)
    pos = present.position(page)
    here = ctx.t(f"page_{page}")
    text = here if pos is None else ctx.t("brief_present_position", pos=pos + 1, n=len(present.VIEWS), page=here)
    with st.container(key="present_bar", horizontal=True, vertical_alignment="center", width="content"):
        page_link(PAGE_PATHS[present.step(page, -1)], label=ctx.t("brief_present_prev"),
                  icon=":material/chevron_left:", query_params=params)
        st.markdown(f"**{text}**")
        page_link(PAGE_PATHS[present.step(page, 1)], label=ctx.t("brief_present_next"),
                  icon=":material/chevron_right:", query_params=params)
        st.button(ctx.t("brief_present_exit"), key="present_exit", icon=":material/close_fullscreen:",
                  on_click=state.set_presenting, args=(False,))
