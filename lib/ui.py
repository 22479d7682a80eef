"""The one Streamlit module in lib/: page frame, shared filters, cached data access, chart widget.

Every page starts with `ctx = frame("page_key")`. The frame builds the database on first
start, reads the shared filters (from the session, or from the URL on a session's first
run), draws the sidebar, keeps the URL in step, and shows the demo-data banner.
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from lib import filters as flt
from lib import present, queries, scoring
from lib.db import connect_read_only, cursor, ensure_built, signature
from lib.i18n import Lang, name_col, t, year_label
from lib.paths import ROOT

FAVICON = ROOT / "static" / "favicon.png"  # a file, not a material icon: those load from a CDN

# (page key, script path, material icon). Page keys are string keys "page_<key>".
PAGES: tuple[tuple[str, str, str], ...] = (
    ("overview", "app.py", ":material/dashboard:"),
    ("map", "pages/1_map.py", ":material/map:"),
    ("province", "pages/2_province.py", ":material/location_city:"),
    ("goal", "pages/3_goal.py", ":material/flag:"),
    ("partners", "pages/4_partners.py", ":material/handshake:"),
    ("data", "pages/5_data.py", ":material/table_view:"),
    ("admin", "pages/6_admin.py", ":material/upload_file:"),
)
_STATE = "filters"
_NOTICES = "filter_notices"
_PAGE_PARAMS = "page_params"
_PRESENT = "present_mode"  # presentation mode on/off (lib/present.py)


# ---------- data access (cached; invalidated when build/ingest swaps the file) ----------

@st.cache_resource(max_entries=2, show_spinner=False)
def _connection(sig: tuple[int, int, int]) -> Any:
    return connect_read_only()


def _cursor() -> Any:
    return cursor(_connection(signature()))


@st.cache_data(max_entries=512, show_spinner=False)
def _cached_query(sig: tuple[int, int, int], name: str, args: tuple, kwargs: tuple) -> Any:
    return getattr(queries, name)(cursor(_connection(sig)), *args, **dict(kwargs))


def query(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a lib.queries function through the cache. Results are shared: don't mutate them."""
    return _cached_query(signature(), fn.__name__, tuple(args), tuple(sorted(kwargs.items())))


def fetch(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a lib.queries function now, uncached: for one-off large results (a download made
    when its button is clicked) that should not sit in the shared cache."""
    return fn(_cursor(), *args, **kwargs)


@st.cache_data(max_entries=32, show_spinner=False)
def _cached_scores(sig: tuple[int, int, int], dataset: str, year: int) -> scoring.Scores:
    con = cursor(_connection(sig))
    obs = queries.scoring_input(con, dataset, year, scoring.BASE_YEAR)  # reduced in DuckDB, same result
    inds = queries.indicators(con)
    provs = queries.provinces(con)
    pilots = provs.loc[provs["is_pilot"], "code"].tolist()
    # All 77 provinces, so one with no data shows grey instead of vanishing.
    return scoring.compute_all(obs, inds, year, pilots, provinces=provs["code"].tolist())


def scores(dataset: str, year: int) -> scoring.Scores:
    return _cached_scores(signature(), dataset, year)


@st.cache_resource(max_entries=128, ttl=3600, show_spinner=False)
def _cached_figure(_builder: Callable[..., go.Figure], name: str, args: tuple, kwargs: tuple) -> go.Figure:
    return _builder(*args, **dict(kwargs))


def figure(builder: Callable[..., go.Figure], *args: Any, **kwargs: Any) -> go.Figure:
    """``builder(*args, **kwargs)``, built once per distinct input (frames hashed by content) and
    shared by all sessions: building a plotly figure validates every property (most of a warm
    page run). The result is shared: never mutate it (chart() and presentation mode copy)."""
    return _cached_figure(builder, f"{builder.__module__}.{builder.__qualname__}", args,
                          tuple(sorted(kwargs.items())))


# ---------- context handed to pages ----------

@dataclass
class Ctx:
    f: flt.Filters
    provinces: pd.DataFrame
    goals: pd.DataFrame
    indicators: pd.DataFrame
    datasets: pd.DataFrame
    years: list[int]
    notices: list[flt.Notice] = field(default_factory=list)
    present: bool = False  # presentation mode (projector): see lib/present.py

    @property
    def lang(self) -> Lang:
        return self.f.lang  # type: ignore[return-value]

    def t(self, key: str, **fmt: object) -> str:
        return t(key, self.lang, **fmt)

    def year(self, y: int | None) -> str:
        return year_label(y, self.lang)

    @property
    def name(self) -> str:
        return name_col(self.lang)

    def province_name(self, code: str) -> str:
        row = self.provinces.loc[self.provinces["code"] == code]
        return str(row.iloc[0][self.name]) if len(row) else code

    def goal_name(self, goal: int, short: bool = True) -> str:
        row = self.goals.loc[self.goals["goal"] == goal].iloc[0]
        col = ("short_" if short else "name_") + self.lang
        return f"{goal}. {row[col]}" if short else str(row[col])

    def indicator(self, indicator_id: str | None = None) -> pd.Series:
        iid = indicator_id or self.f.indicator
        return self.indicators.loc[self.indicators["indicator_id"] == iid].iloc[0]

    def indicator_name(self, indicator_id: str | None = None) -> str:
        return str(self.indicator(indicator_id)[self.name])

    def unit(self, indicator_id: str | None = None) -> str:
        return str(self.indicator(indicator_id)["unit_th" if self.lang == "th" else "unit"])

    @property
    def kind(self) -> str:
        return str(self.datasets.loc[self.datasets["dataset"] == self.f.dataset, "kind"].iloc[0])

    @property
    def is_demo(self) -> bool:
        return self.kind == "demo"

    @property
    def pilot_codes(self) -> list[str]:
        return self.provinces.loc[self.provinces["is_pilot"], "code"].tolist()

    def scope_codes(self) -> list[str]:
        """Provinces in view: the 15 pilots, or all 77 when pilot-only is off."""
        return self.pilot_codes if self.f.pilot else self.provinces["code"].tolist()

    def scores(self) -> scoring.Scores:
        return scores(self.f.dataset, self.f.year)

    def link_params(self, **overrides: Any) -> dict[str, str]:
        return replace(self.f, **overrides).to_params() if overrides else self.f.to_params()


def _choices(datasets: pd.DataFrame, provinces: pd.DataFrame, inds: pd.DataFrame, dataset: str) -> flt.Choices:
    yrs = query(queries.years, dataset) or [2024]
    default_ds = "demo" if "demo" in set(datasets["dataset"]) else str(datasets["dataset"].iloc[0])
    return flt.Choices(
        provinces=provinces["code"].tolist(),
        default_province="TH-10",
        indicators=dict(zip(inds["indicator_id"], inds["goal"].astype(int))),
        years=yrs,
        datasets=datasets["dataset"].tolist(),
        default_dataset=default_ds,
        with_data=frozenset(query(queries.indicators_with_data, dataset)),
    )


def _set(name: str, value: Any) -> None:
    st.session_state[_STATE] = replace(st.session_state[_STATE], **{name: value})


def _on_change(name: str, widget_key: str, convert: Callable[[Any], Any] = lambda v: v) -> Callable[[], None]:
    def cb() -> None:
        value = st.session_state.get(widget_key)
        if value is None:
            return
        _set(name, convert(value))
        f: flt.Filters = st.session_state[_STATE]
        inds = query(queries.indicators)
        goal_of = dict(zip(inds["indicator_id"], inds["goal"].astype(int)))
        with_data = frozenset(query(queries.indicators_with_data, f.dataset))
        if name == "goal":  # a new goal brings its first indicator that has data
            _set("indicator", flt.first_indicator(goal_of, f.goal, with_data))
        if name == "indicator":
            _set("goal", int(inds.loc[inds["indicator_id"] == f.indicator, "goal"].iloc[0]))
        if name == "dataset":  # keep the year if the new dataset has it, else its latest
            yrs = query(queries.years, f.dataset) or [f.year]
            if f.year not in yrs:
                _set("year", max(y for y in yrs if y <= f.year) if min(yrs) <= f.year else max(yrs))
            if f.indicator not in with_data:
                _set("indicator", flt.first_indicator(goal_of, f.goal, with_data))
    return cb


def _widget(kind: Callable[..., Any], name: str, label: str, options: list, value: Any,
            fmt: Callable[[Any], str], convert: Callable[[Any], Any] = lambda v: v, **kw: Any) -> None:
    key = f"w_{name}"
    st.session_state[key] = value  # the canonical filter decides what the widget shows
    kind(label, options, key=key, format_func=fmt, on_change=_on_change(name, key, convert), **kw)


def _page_link(path: str, **kw: Any) -> None:
    """st.page_link, skipping a page Streamlit cannot resolve: one not written yet, or any link
    when a page runs on its own (AppTest makes the page itself the entry file, so the paths
    relative to app.py do not resolve there)."""
    try:
        st.page_link(path, **kw)
    except StreamlitPageNotFoundError:
        pass


def _sidebar(ctx: Ctx, page: str) -> None:
    f = ctx.f
    with st.sidebar:
        _widget(st.segmented_control, "lang", ctx.t("filter_lang"), ["th", "en"], f.lang,
                lambda v: {"th": "ไทย", "en": "English"}[v], required=True)
        st.caption(ctx.t("app_title"))
        for key, path, icon in PAGES:
            _page_link(path, label=ctx.t(f"page_{key}"), icon=icon, query_params=f.to_params())
        st.divider()
        ds = ctx.datasets.set_index("dataset")
        _widget(st.selectbox, "dataset", ctx.t("filter_dataset"), ctx.datasets["dataset"].tolist(), f.dataset,
                lambda d: f"{ds.loc[d, 'name_' + ctx.lang]}")
        key = "w_pilot"
        st.session_state[key] = f.pilot
        st.toggle(ctx.t("filter_pilot"), key=key, on_change=_on_change("pilot", key, bool))
        provs = ctx.provinces.sort_values(["is_pilot", ctx.name], ascending=[False, True])
        names = dict(zip(ctx.provinces["code"], ctx.provinces[ctx.name]))
        pilots = set(ctx.pilot_codes)
        _widget(st.selectbox, "province", ctx.t("filter_province"), provs["code"].tolist(), f.province,
                lambda c: f"{names[c]}{' ★' if c in pilots else ''}")
        _widget(st.selectbox, "goal", ctx.t("filter_goal"), list(range(1, 18)), f.goal,
                lambda g: ctx.goal_name(g), int)
        inds = ctx.indicators.loc[ctx.indicators["goal"] == f.goal]
        inames = dict(zip(ctx.indicators["indicator_id"], ctx.indicators[ctx.name]))
        codes = dict(zip(ctx.indicators["indicator_id"], ctx.indicators["sdg_code"].fillna("")))
        _widget(st.selectbox, "indicator", ctx.t("filter_indicator"), inds["indicator_id"].tolist(), f.indicator,
                lambda i: f"{codes[i]} {inames[i]}".strip())
        _widget(st.selectbox, "year", ctx.t("filter_year"), sorted(ctx.years, reverse=True), f.year,
                lambda y: ctx.year(y), int)
        st.caption(ctx.t("pilot_star_note"))


def frame(page: str, layout: str = "wide") -> Ctx:
    """Set up a page: config, data, filters (URL on first run), sidebar, URL sync, banners."""
    st.set_page_config(page_title="SDG Localization Dashboard", page_icon=str(FAVICON),
                       layout=layout, initial_sidebar_state="expanded")
    ensure_built()
    provinces = query(queries.provinces)
    goals = query(queries.goals)
    inds = query(queries.indicators)
    datasets = query(queries.datasets)

    if _STATE not in st.session_state:
        params = st.query_params.to_dict()
        ds = params.get("dataset") if params.get("dataset") in set(datasets["dataset"]) else None
        choices = _choices(datasets, provinces, inds, ds or ("demo" if "demo" in set(datasets["dataset"]) else str(datasets["dataset"].iloc[0])))
        f, notices = flt.parse(params, choices)
        st.session_state[_STATE] = f
        st.session_state[_NOTICES] = notices
    if _PRESENT not in st.session_state:  # presentation mode: from the URL on a session's first run
        on, bad = present.parse(st.query_params.to_dict())
        st.session_state[_PRESENT] = on
        st.session_state[_NOTICES] = list(st.session_state.get(_NOTICES, [])) + bad
    f = st.session_state[_STATE]
    if f.dataset not in set(datasets["dataset"]):  # a dataset vanished after a rebuild
        f = replace(f, dataset=str(datasets["dataset"].iloc[0]))
        st.session_state[_STATE] = f
    yrs = query(queries.years, f.dataset) or [f.year]
    ctx = Ctx(f, provinces, goals, inds, datasets, yrs, st.session_state.get(_NOTICES, []))
    _sidebar(ctx, page)
    _present_toggle(ctx)
    ctx.f = st.session_state[_STATE]
    ctx.present = bool(st.session_state[_PRESENT])

    wanted = ctx.f.to_params()
    keep = st.session_state.pop(_PAGE_PARAMS, ())  # declared by page_params() before frame()
    wanted |= {k: st.query_params[k] for k in keep if k in st.query_params and k not in wanted}
    wanted = present.with_param(wanted, ctx.present)
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)
    if ctx.present:
        _presentation_bar(ctx, page)

    for n in ctx.notices:
        st.warning(ctx.t("bad_param", param=n.param, value=n.value), icon=":material/link_off:")
    st.session_state[_NOTICES] = []  # shown once
    if ctx.is_demo:
        st.warning(ctx.t("demo_banner"), icon=":material/science:")
    return ctx


# ---------- page-level URL parameters ----------

def page_params(names: Sequence[str]) -> dict[str, str]:
    """Declare a page's own URL parameters (e.g. ``sector`` on the partners page).

    Call before ``frame()``: returns the raw values present in the URL (the page validates
    them), and makes ``frame()``'s URL sync keep them next to the shared filters instead of
    dropping them. Write them back with :func:`set_page_params`.
    """
    st.session_state[_PAGE_PARAMS] = tuple(n for n in names if n not in flt.PARAMS)
    return {n: st.query_params[n] for n in names if n in st.query_params and n not in flt.PARAMS}


def set_page_params(values: Mapping[str, str | None]) -> None:
    """Put a page's own parameters into the URL (None or '' removes one); one update, none if unchanged."""
    current = st.query_params.to_dict()
    new = {k: v for k, v in current.items() if k not in values}
    new |= {k: str(v) for k, v in values.items() if v and k not in flt.PARAMS}
    if new != current:
        st.query_params.from_dict(new)


# ---------- rendering helpers ----------

def chart(ctx: Ctx, fig: go.Figure, table: pd.DataFrame, key: str, filename: str,
          on_select: str = "ignore", height: int | None = None,
          config: Mapping[str, Any] | None = None) -> Any:
    """A plotly chart with PNG download (modebar) and the table behind it in an expander.

    ``config`` adds to / overrides the plotly config (e.g. ``topojsonURL`` for geo maps)."""
    cfg: dict[str, Any] = {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }
    cfg.update(config or {})
    if ctx.present:  # projector: bigger fonts and height, still an interactive chart
        fig = present.enlarge(fig)
    kw: dict[str, Any] = {"key": key, "config": cfg, "width": "stretch"}
    if on_select != "ignore":
        kw.update(on_select=on_select, selection_mode=("points",))
    event = st.plotly_chart(fig, **kw)
    # the table is drawn only once opened: a first visit then skips loading the table widget
    # and the rows, which share the browser's main thread with the charts (bench/README.md)
    with st.expander(ctx.t("show_table"), icon=":material/table:", key=f"{key}_table", on_change="rerun") as box:
        if box.open:
            st.dataframe(table, hide_index=True, width="stretch")
    return event


def page_header(ctx: Ctx, title_key: str, subtitle: str | None = None) -> None:
    st.title(ctx.t(title_key))
    if subtitle:
        st.caption(subtitle)


# ---------- presentation mode (logic in lib/present.py) ----------

def _set_present(on: bool) -> None:
    st.session_state[_PRESENT] = on


def _present_toggle(ctx: Ctx) -> None:
    """The sidebar switch for presentation mode."""
    st.session_state["w_present"] = bool(st.session_state.get(_PRESENT, False))
    with st.sidebar:
        st.toggle(ctx.t("brief_present_toggle"), key="w_present", help=ctx.t("brief_present_help"),
                  on_change=lambda: _set_present(bool(st.session_state.get("w_present"))))


def _presentation_bar(ctx: Ctx, page: str) -> None:
    """Presentation mode: the constant CSS of lib.present and a small fixed bar (previous, position,
    next, exit). The links carry the filters and present=1."""
    st.html(f"<style>{present.CSS}</style>")
    paths = {key: path for key, path, _ in PAGES}
    params = present.with_param(ctx.f.to_params(), True)
    pos = present.position(page)
    here = ctx.t(f"page_{page}")
    text = here if pos is None else ctx.t("brief_present_position", pos=pos + 1, n=len(present.VIEWS), page=here)
    with st.container(key="present_bar", horizontal=True, vertical_alignment="center", width="content"):
        _page_link(paths[present.step(page, -1)], label=ctx.t("brief_present_prev"),
                   icon=":material/chevron_left:", query_params=params)
        st.markdown(f"**{text}**")
        _page_link(paths[present.step(page, 1)], label=ctx.t("brief_present_next"),
                   icon=":material/chevron_right:", query_params=params)
        st.button(ctx.t("brief_present_exit"), key="present_exit", icon=":material/close_fullscreen:",
                  on_click=_set_present, args=(False,))


# ---------- province brief (PDF; logic in lib/brief.py) ----------

@functools.lru_cache(maxsize=32)
def _brief_pdf(sig: tuple[int, int, int], code: str, lang: str, dataset: str, year: int) -> bytes:
    from lib import brief

    con = connect_read_only()
    try:
        return brief.brief_pdf(con, code, lang, dataset, year)  # type: ignore[arg-type]
    finally:
        con.close()


@functools.lru_cache(maxsize=4)
def _briefs_zip(sig: tuple[int, int, int], lang: str, dataset: str, year: int) -> bytes:
    from lib import brief

    con = connect_read_only()
    try:
        return brief.briefs_zip(con, (lang,), dataset, year)  # type: ignore[arg-type]
    finally:
        con.close()


def brief_buttons(ctx: Ctx) -> None:
    """Download buttons: the selected province's one-page brief (PDF) and the 15 pilots' briefs
    (ZIP), for the selected dataset, year and language. Made on click (deferred), cached per
    database file, rendered by Chromium (lib/brief.py)."""
    from lib import brief

    problem = brief.chromium_problem()
    if problem:
        st.caption(ctx.t("brief_unavailable", why=problem))
        return
    f, sig = ctx.f, signature()
    with st.container(horizontal=True):
        st.download_button(
            ctx.t("brief_button_pdf"), data=lambda: _brief_pdf(sig, f.province, f.lang, f.dataset, f.year),
            file_name=brief.brief_filename(f.province, f.lang, f.dataset, f.year), mime="application/pdf",
            icon=":material/picture_as_pdf:", on_click="ignore", help=ctx.t("brief_button_help"), key="brief_pdf")
        st.download_button(
            ctx.t("brief_button_zip"), data=lambda: _briefs_zip(sig, f.lang, f.dataset, f.year),
            file_name=f"sdg-briefs-pilots-{f.lang}-{f.dataset}-{f.year}.zip", mime="application/zip",
            icon=":material/folder_zip:", on_click="ignore", help=ctx.t("brief_button_zip_help"), key="brief_zip")
