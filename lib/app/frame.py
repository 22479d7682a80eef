"""``frame(page)``: what every page runs first."""

from __future__ import annotations

from typing import Literal

import streamlit as st

from lib.app import boot, clicks, data, errors, state
from lib.app import present as present_ui
from lib.app.context import Ctx
from lib.app.releases import label as release_label
from lib.app.text import inert
from lib.app.widgets import PAGE_PATHS, page_link, sidebar, staff_link
from lib.build import ensure_built
from lib.core.paths import FAVICON
from lib.i18n import t
from lib.store import queries
from lib.views import coverage as coverage_view

# Streamlit cuts card labels, values and deltas with an ellipsis ("Mae Hon…"): let them wrap.
WRAP_CSS = """
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] *, [data-testid="stMetricValue"],
[data-testid="stMetricValue"] *, [data-testid="stMetricDelta"], [data-testid="stMetricDelta"] *,
[data-testid="stMetricDeltaDescription"], [data-testid="stMetricDeltaDescription"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  overflow-wrap: anywhere;
}
[data-testid="stMetricValue"] { line-height: 1.15; }
"""


def frame(page: str, layout: Literal["centered", "wide"] = "wide") -> Ctx:
    """Set up a page: error handling, config, data, filters (URL on first run), sidebar, URL
    sync, banners."""
    errors.install("th")  # until the filters say which language the visitor reads
    boot.freeze_heap()  # the modules this page imported join the frozen heap (see its docstring)
    ensure_built()
    cat = data.catalogue()
    state.init(cat)  # reads session state and the URL only: nothing drawn before the page config
    f = state.filters()
    errors.install(f.lang)
    st.set_page_config(
        page_title=t("app_title", f.lang), page_icon=str(FAVICON), layout=layout, initial_sidebar_state="expanded"
    )
    ctx = Ctx(f, cat, data.query(queries.years, f.dataset) or [f.year], state.take_notices())
    clicks.follow()  # a click on a chart point of the last run opens its province
    st.html(f"<style>{WRAP_CSS}</style>")  # constant: no data in it
    sidebar(ctx)
    present_ui.toggle(ctx)
    ctx.f = state.filters()
    ctx.present = state.presenting()
    state.sync_url(ctx.f, ctx.present)
    copy_link(ctx, page)
    staff_link(ctx)
    if ctx.present:  # the step bar shows the notices and the demo note, worded for the mode
        present_ui.bar(ctx, page)
        return ctx
    for n in ctx.notices:
        bad_param(ctx, n.param, n.value)
    if ctx.is_demo:
        st.warning(ctx.t("demo_banner"), icon=":material/science:")
        if rel := release_label(ctx.lang):
            st.caption(rel)
    else:
        coverage_line(ctx, page)
    return ctx


def bad_param(ctx: Ctx, param: str, value: str) -> None:
    """The notice for a link parameter whose value is not valid (the default is used instead).
    Both come from the link: shown as inert text, the value cut short."""
    st.warning(ctx.t("bad_param", param=inert(param, 40), value=inert(value)), icon=":material/link_off:")


def coverage_line(ctx: Ctx, page: str) -> None:
    """One small line: which release the data are of (once one is published), what the dataset
    covers (cached query), with a link to the coverage page (left out on that page itself).
    Demo data has its banner instead."""
    text = coverage_view.line_text(data.query(queries.coverage_summary, ctx.f.dataset), ctx.kind, ctx.lang)
    rel = release_label(ctx.lang)
    if text is None and rel is None:
        return
    with st.container(key="coverage_line", horizontal=True, vertical_alignment="center", gap="small"):
        if rel:  # which published release every number on the page is of
            st.caption(f"**{rel}**", width="content")
        if text is None:
            return
        st.caption(text, width="content")
        if page != "coverage":
            page_link(
                PAGE_PATHS["coverage"],
                label=ctx.t("cov_line_link"),
                icon=":material/arrow_forward:",
                query_params=ctx.f.to_params(),
            )


def copy_link(ctx: Ctx, page: str) -> None:
    """'Copy link' in the sidebar: the address of this view (page, filters, page parameters) in a
    code box, whose copy button puts it on the clipboard with no script of ours."""
    with st.sidebar, st.popover(ctx.t("copy_link"), icon=":material/link:", width="stretch"):
        st.caption(ctx.t("copy_link_help"))
        state.draw_link(st.empty(), "/" if page == "overview" else f"/{page}")
