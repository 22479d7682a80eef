"""Widgets every page shares: the navigation, the sidebar filters, the chart with its table."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, cast

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from lib.app import data, state
from lib.app.admin import nav_pages, signed_in_role
from lib.app.context import Ctx
from lib.charts.text import text_width_px
from lib.charts.theme import NEUTRAL
from lib.core import present
from lib.core.vocab import GOALS, LANGS

# (page key, script path, material icon). Page titles are string keys "page_<key>".
PAGES: tuple[tuple[str, str, str], ...] = (
    ("overview", "app.py", ":material/dashboard:"),
    ("map", "pages/1_map.py", ":material/map:"),
    ("province", "pages/2_province.py", ":material/location_city:"),
    ("goal", "pages/3_goal.py", ":material/flag:"),
    ("progress", "pages/8_progress.py", ":material/trending_up:"),
    ("partners", "pages/4_partners.py", ":material/handshake:"),
    ("data", "pages/5_data.py", ":material/table_view:"),
    ("coverage", "pages/7_coverage.py", ":material/fact_check:"),
    ("admin", "pages/6_admin.py", ":material/upload_file:"),
)
PAGE_PATHS: dict[str, str] = {key: path for key, path, _ in PAGES}
LANG_NAMES = {"th": "ไทย", "en": "English"}  # each language named in itself, whatever the UI language


def page_link(path: str, **kw: Any) -> None:
    """st.page_link, skipping a page Streamlit cannot resolve: one not written yet, or any link
    when a page runs on its own (AppTest makes the page itself the entry file, so the paths
    relative to app.py do not resolve there)."""
    try:
        st.page_link(path, **kw)
    except StreamlitPageNotFoundError:
        pass


def _filter_widget(
    kind: Callable[..., Any],
    name: str,
    label: str,
    options: Sequence[Any],
    value: Any,
    fmt: Callable[[Any], str],
    convert: Callable[[Any], Any] = lambda v: v,
    **kw: Any,
) -> None:
    key = f"w_{name}"
    st.session_state[key] = value  # the canonical filter decides what the widget shows
    kind(label, options, key=key, format_func=fmt, on_change=state.on_change(name, key, convert), **kw)


def sidebar(ctx: Ctx) -> None:
    """Language, navigation, dataset, pilot-only, province, goal, indicator, year."""
    f, cat = ctx.f, ctx.cat
    with st.sidebar:
        _filter_widget(
            st.segmented_control,
            "lang",
            ctx.t("filter_lang"),
            list(LANGS),
            f.lang,
            lambda v: LANG_NAMES[v],
            required=True,
        )
        st.caption(ctx.t("app_title"))
        for key, path, icon in nav_pages(PAGES):  # staff pages only for a signed-in session
            page_link(path, label=ctx.t(f"page_{key}"), icon=icon, query_params=f.to_params())
        st.divider()
        ds = ctx.datasets.set_index("dataset")
        _filter_widget(
            st.selectbox,
            "dataset",
            ctx.t("filter_dataset"),
            cat.dataset_ids,
            f.dataset,
            lambda d: f"{ds.loc[d, 'name_' + ctx.lang]}",
        )
        key = "w_pilot"
        st.session_state[key] = f.pilot
        st.toggle(ctx.t("filter_pilot"), key=key, on_change=state.on_change("pilot", key, bool))
        names = cat.province_names(ctx.lang, mark_pilot=True)
        _filter_widget(
            st.selectbox,
            "province",
            ctx.t("filter_province"),
            cat.provinces_pilots_first(ctx.lang),
            f.province,
            lambda c: names[c],
        )
        _filter_widget(st.selectbox, "goal", ctx.t("filter_goal"), list(GOALS), f.goal, lambda g: ctx.goal_name(g), int)
        inds = ctx.indicators.loc[ctx.indicators["goal"] == f.goal]
        inames = dict(zip(ctx.indicators["indicator_id"], ctx.indicators[ctx.name], strict=True))
        codes = dict(zip(ctx.indicators["indicator_id"], ctx.indicators["sdg_code"].fillna(""), strict=True))
        _filter_widget(
            st.selectbox,
            "indicator",
            ctx.t("filter_indicator"),
            inds["indicator_id"].tolist(),
            f.indicator,
            lambda i: f"{codes[i]} {inames[i]}".strip(),
        )
        _filter_widget(
            st.selectbox,
            "year",
            ctx.t("filter_year"),
            sorted(ctx.years, reverse=True),
            f.year,
            lambda y: ctx.year(y),
            int,
        )
        st.caption(ctx.t("pilot_star_note"))


def staff_link(ctx: Ctx) -> None:
    """The import page is for staff, listed only once signed in: a quiet way in for the others."""
    if signed_in_role() is None:
        with st.sidebar:
            st.divider()
            page_link(PAGE_PATHS["admin"], label=ctx.t("nav_staff_sign_in"), icon=":material/login:")


class _Sent(go.Figure):  # type: ignore[misc]  # plotly is untyped
    """A figure handed to st.plotly_chart as its plain dict (lib.app.data.plain). Streamlit
    turns a figure into ``fig.to_dict()`` (a deep copy) and then cleans and serialises it on
    every run (for the map, 40 ms of the run); a dict it first validates as a new figure
    (slower still). A plotly figure is taken as valid and only ``to_dict()`` is called on it
    (plotly.tools.return_figure_from_figure_or_data), so this one returns the dict made once:
    the same JSON (tests/unit/app/test_widgets.py), serialised in ~2 ms."""

    def __init__(self, spec: dict[str, Any]) -> None:  # no figure is built: nothing to validate
        object.__setattr__(self, "_spec", spec)

    def to_dict(self) -> dict[str, Any]:
        return cast(dict[str, Any], object.__getattribute__(self, "_spec"))


def plotly(fig: go.Figure, enlarged: bool = False, slide: bool = False, **kw: Any) -> Any:
    """st.plotly_chart of a figure, sent as its plain dict (lib.app.data.plain: made once for a
    figure from lib.app.figure, with the demo stamp on its own line). ``enlarged``: the
    presentation-mode copy (bigger fonts and height); ``slide``: the slide copy (bigger fonts,
    no fixed height: it stretches to the slide, lib.app.present)."""
    spec = data.plain(fig)
    if slide:
        spec = present.slide_spec(spec)
    elif enlarged:
        spec = present.enlarge_spec(spec)
    return st.plotly_chart(_Sent(spec), **kw)


def chart(
    ctx: Ctx,
    fig: go.Figure,
    table: pd.DataFrame,
    key: str,
    filename: str,
    on_select: str | Callable[[], None] = "ignore",
    height: int | None = None,
    config: Mapping[str, Any] | None = None,
    takeaway: str | None = None,
) -> Any:
    """A plotly chart with PNG download (modebar) and the table behind it in an expander.

    ``config`` adds to / overrides the plotly config (e.g. ``topojsonURL`` for geo maps).
    ``takeaway``: one sentence a slide shows under the chart (presentation mode, where only the
    current step's chart is drawn, fitted to the screen, without its table; lib.app.present)."""
    cfg: dict[str, Any] = {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }
    cfg.update(config or {})
    kw: dict[str, Any] = {"key": key, "config": cfg, "width": "stretch"}
    if ctx.present and (shown := _slide_key()) is not None:
        if key != shown:  # another step's chart: nothing drawn
            return None
        return _slide(ctx, fig, table, kw | {"height": "stretch"}, takeaway)  # no clicks: the deck leads
    if on_select != "ignore":
        kw.update(on_select=on_select, selection_mode=("points",))
    # projector: bigger fonts and height, still an interactive chart
    event = plotly(fig, enlarged=ctx.present, **kw)
    _table_behind(ctx, table, key)
    return event


def _table_behind(ctx: Ctx, table: pd.DataFrame, key: str) -> None:
    folded_table(ctx.t("show_table"), table, f"{key}_table", icon=":material/table:", width="stretch")


def folded_table(
    label: str, table: pd.DataFrame, key: str, *, icon: str = ":material/table:", **dataframe: Any
) -> None:
    """A table in a closed expander, drawn only once opened: a visit then skips mounting the
    table and its rows, which share the browser's main thread with the charts (bench/README.md).
    ``dataframe``: passed on to st.dataframe (hide_index is set)."""
    with st.expander(label, icon=icon, key=key, on_change="rerun") as box:
        if box.open:
            st.dataframe(table, hide_index=True, **dataframe)


STATUS_TABLE_ROWS = 20  # rows shown before the status table scrolls (all 77: a screen, not five)


def status_table(
    ctx: Ctx,
    styler: Any,
    table: pd.DataFrame,
    key: str,
    *,
    title: str,
    column_help: Mapping[str, str],
    on_select: Callable[[], None],
) -> None:
    """The status grid as a coloured table (lib.charts.overview.status_table) under its title,
    a click on a cell calling ``on_select``, and the table behind it (scores, status, trend in
    words) in an expander like a chart's. ``column_help``: the hover of each goal column."""
    st.markdown(f"**{title}**")
    if ctx.is_demo:
        st.caption(ctx.t("demo_mark"))  # as the charts' stamp says it
    n = len(styler.data)
    st.dataframe(
        styler,
        key=key,
        on_select=on_select,
        selection_mode="single-cell",
        width="stretch",
        height=35 * (min(n, STATUS_TABLE_ROWS) + 1) + 3,  # header and rows at 35 px: the pilots without a scroll
        column_config={
            # as wide as the longest name (+ the cell's padding): no name cut
            "_index": st.column_config.TextColumn(
                ctx.t("col_province"),
                pinned=True,
                width=int(max(map(text_width_px, styler.data.index), default=80)) + 24,
            ),
            **{c: st.column_config.TextColumn(c, help=h, width=40, alignment="center") for c, h in column_help.items()},
        },
    )
    _table_behind(ctx, table, key)


def _slide_key() -> str | None:
    """The chart key of the current slide (lib.app.present), None when the page is shown whole."""
    from lib.app import present as present_ui  # it imports this module

    return present_ui.current_chart()


def _slide(ctx: Ctx, fig: go.Figure, table: pd.DataFrame, kw: dict[str, Any], takeaway: str | None) -> Any:
    from lib.app import present as present_ui

    return present_ui.slide(ctx, lambda: plotly(fig, slide=True, **kw), table, takeaway)


HEX_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
GOAL_BAND_KEY = "goal_band"


def goal_band(colour: str, text: str) -> None:
    """A band in the goal's official colour with ``text`` in white: a container coloured by a
    CSS rule on its key (a plotly chart here was one more chart to mount on every visit). The
    colour is the catalogue's, used only if it is a hex colour; no text goes into the HTML."""
    fill = colour if HEX_COLOUR.fullmatch(colour) else NEUTRAL
    st.html(
        f"<style>.st-key-{GOAL_BAND_KEY} {{background: {fill}; border-radius: 0.5rem; padding: 0.9rem 1rem;"
        " justify-content: center; min-height: 4rem;}"
        f" .st-key-{GOAL_BAND_KEY} * {{margin: 0 !important;}}"
        f" .st-key-{GOAL_BAND_KEY} p {{color: #FFFFFF; font-size: 1.5rem; font-weight: 700; line-height: 1.5;}}</style>"
    )
    with st.container(key=GOAL_BAND_KEY):
        st.markdown(text)


def page_header(ctx: Ctx, title_key: str, subtitle: str | None = None) -> None:
    st.title(ctx.t(title_key))
    if subtitle:
        st.caption(subtitle)
