"""Progress to 2030 the way Asia-Pacific governments read it (ESCAP's Current Status Index and
Anticipated Progress, lib.core.progress): for the selected province its goals as bars of progress
made and regression, how many indicators are on track, need acceleration or must reverse, and
each indicator against its 2030 target; the selected goal across provinces; the province's peer
group beside the pilot and national averages; and two indicators against each other for all
provinces (click a point to open its profile). URL parameters ``x``, ``y`` and ``sy`` keep the
scatter's indicators and year."""

import streamlit as st

from lib.app import bad_param, chart, clicks, derive, figure, frame, page_params, query, set_page_params
from lib.charts import progress as charts
from lib.core import compare
from lib.core import peers as peer_rule
from lib.core.progress import Anticipated
from lib.core.vocab import DatasetKind
from lib.store import progress as store
from lib.store import queries
from lib.views import progress as view

raw = page_params(["x", "y", "sy"])
ctx = frame("progress")
f, lang, demo, t = ctx.f, ctx.lang, ctx.is_demo, ctx.t
code, pname, year = f.province, ctx.province_name(f.province), ctx.year(f.year)

st.title(t("prog_title"))
st.caption(t("prog_subtitle", province=pname, dataset=ctx.dataset_name, year=year))

# One province: how many indicators are on track, and its goals the ESCAP way
st.subheader(t("prog_province_header", province=pname), icon=":material/flag_circle:")
pv = derive(
    view.province_view,
    query(queries.observations, f.dataset, None, (code,), None, f.year, True),
    ctx.indicators,
    query(store.targets),
    ctx.goals,
    year=f.year,
    lang=lang,
    demo=demo,
)
c = pv.counts
for col, klass, n in zip(
    st.columns(4), (*view.CLASSES, Anticipated.NO_DATA), (c.on_track, c.accelerate, c.reverse, c.no_data), strict=True
):
    col.metric(t(klass.key), n, border=True, help=t(f"prog_help_{klass.value}"))
st.markdown(f"**{view.counts_line(c, lang)}**")
st.caption(t("prog_years_caption", csi=pv.csi_years, ap=pv.ap_years))
with st.expander(t("prog_method_label"), icon=":material/menu_book:"):
    st.markdown(t("prog_method_md"))

if pv.progress.empty:
    st.info(t("prog_no_data", province=pname), icon=":material/info:")
else:
    chart(
        ctx,
        figure(
            charts.snapshot,
            pv.snapshot,
            lang=lang,
            demo=demo,
            title=t("prog_snapshot_title", province=pname, years=pv.csi_years),
        ),
        pv.snapshot_table,
        "prog_snapshot",
        f"progress-goals-{code}-{f.year}",
    )
    st.caption(t("prog_snapshot_caption"))

    st.markdown(f"**{t('prog_table_header')}**")
    st.dataframe(
        pv.indicator_table,
        hide_index=True,
        column_config={
            **{
                t(k): st.column_config.TextColumn(width=w, pinned=k in view.PINNED)
                for k, w in view.COLUMN_WIDTHS.items()
            },
            t("prog_col_source"): st.column_config.LinkColumn(display_text=r"https?://(?:www\.)?([^/]+)", width=170),
        },
    )
    st.caption(t("prog_table_caption"))

# One goal across provinces
st.subheader(t("prog_goal_header", goal=ctx.goal_name(f.goal)), icon=":material/leaderboard:")
gv = derive(
    view.goal_view,
    query(queries.observations, f.dataset, ctx.cat.indicators_of(f.goal), None, None, f.year, True),
    ctx.indicators,
    query(store.targets),
    ctx.provinces,
    goal=f.goal,
    year=f.year,
    lang=lang,
    demo=demo,
    codes=tuple(ctx.scope_codes()),
)
scope = t("prog_scope_pilots" if f.pilot else "prog_scope_all")
if gv.ranking.empty:
    st.info(t("prog_goal_none", goal=ctx.goal_name(f.goal), scope=scope), icon=":material/info:")
else:
    chart(
        ctx,
        figure(
            charts.ranking,
            gv.ranking,
            colour=str(ctx.goals.loc[ctx.goals["goal"] == f.goal, "colour"].iloc[0]),
            selected=code,
            lang=lang,
            demo=demo,
            title=t("prog_goal_title", goal=ctx.goal_name(f.goal), scope=scope, years=gv.years),
        ),
        gv.table,
        "prog_ranking",
        f"progress-goal-{f.goal}-{f.year}",
    )
    st.caption(t("prog_goal_caption", n=gv.n_missing) if gv.n_missing else t("prog_goal_caption_all"))
    if gv.own_targets:
        st.caption(t("prog_goal_own", n=gv.own_targets))

# Peers: the provinces most like this one
st.subheader(t("prog_peers_header", province=pname), icon=":material/group_work:")
st.caption(t("prog_peers_rule", k=peer_rule.K_PEERS, year=year))
public = ctx.cat.datasets_of_kind(DatasetKind.PUBLIC)  # GPP per capita as published, whatever is shown
peer = derive(
    view.peer_view,
    ctx.provinces,
    query(store.population),
    query(queries.observations, public[0] if public else f.dataset, (view.GPP_PER_CAPITA,), None, None, None, True),
    ctx.scores().indicator_level,
    ctx.indicators,
    code=code,
    pilots=ctx.pilot_codes,
    year=f.year,
    lang=lang,
    demo=demo,
)
if peer.peers.empty:
    st.info(t("prog_peers_none", province=pname), icon=":material/info:")
else:
    st.dataframe(peer.table, hide_index=True, width="content")
    st.dataframe(
        peer.comparison,
        hide_index=True,
        height=min(420, 35 * len(peer.comparison) + 40),
        column_config={
            t(k): st.column_config.TextColumn(width=w, pinned=k in view.PINNED) for k, w in view.COLUMN_WIDTHS.items()
        },
    )
    st.caption(t("prog_peers_caption", year=year, n=ctx.cat.n_provinces, p=ctx.cat.n_pilots))

# Two indicators against each other
st.subheader(t("prog_xy_header"), icon=":material/scatter_plot:")
with_data = query(queries.indicators_with_data, f.dataset)
cover = query(queries.coverage, f.dataset)
label = derive(view.indicator_labels, ctx.indicators, with_data, lang)
if len(with_data) < 2:
    st.info(t("prog_xy_too_few"), icon=":material/info:")
else:
    if "prog_xy" not in st.session_state:  # first visit in this session: the link decides
        x0, y0 = view.default_pair(with_data, f.indicator, cover)
        wanted: dict[str, str] = {}
        for p, default in (("x", x0), ("y", y0)):
            got, bad = view.parse_indicator(raw.get(p), with_data)
            if bad:
                bad_param(ctx, p, bad)
            wanted[p] = got or default
        sy_raw = raw.get("sy", "").strip()
        if sy_raw and not sy_raw.isdigit():
            bad_param(ctx, "sy", sy_raw)
        st.session_state["prog_xy"] = (wanted["x"], wanted["y"], int(sy_raw) if sy_raw.isdigit() else None)
    x, y, sy = st.session_state["prog_xy"]
    if x not in with_data or y not in with_data:  # another dataset
        x, y = view.default_pair(with_data, f.indicator, cover)
    years = derive(view.scatter_years, cover, x, y)
    sy = view.pick_year(years, sy, f.year)
    st.session_state["prog_xy"] = (x, y, sy)

    def _picked() -> None:
        st.session_state["prog_xy"] = (
            st.session_state["w_prog_x"],
            st.session_state["w_prog_y"],
            st.session_state.get("w_prog_sy"),
        )

    st.session_state["w_prog_x"], st.session_state["w_prog_y"] = x, y
    c1, c2, c3 = st.columns([5, 5, 2])
    c1.selectbox(t("prog_x_label"), with_data, key="w_prog_x", format_func=label.get, on_change=_picked)
    c2.selectbox(t("prog_y_label"), with_data, key="w_prog_y", format_func=label.get, on_change=_picked)
    set_page_params({"x": x, "y": y, "sy": None if sy is None else str(sy)})
    if sy is None:
        st.info(t("prog_xy_no_year", x=label[x], y=label[y], k=compare.MIN_PAIRS), icon=":material/info:")
    else:
        st.session_state["w_prog_sy"] = sy
        c3.selectbox(t("prog_year_label"), years, key="w_prog_sy", format_func=ctx.year, on_change=_picked)
        sv = derive(
            view.scatter_view,
            query(queries.observations, f.dataset, (x, y), None, sy, sy, True),
            ctx.provinces,
            ctx.indicators,
            x=x,
            y=y,
            year=sy,
            lang=lang,
            demo=demo,
        )

        head, lx, ly = st.columns([6, 1.5, 1.5], vertical_alignment="center")
        head.markdown(f"**{view.correlation_text(sv.correlation, lang)}**")
        log_x = lx.toggle(t("prog_log_x"), key="prog_log_x", disabled=not view.can_log(sv.frame, "x"))
        log_y = ly.toggle(t("prog_log_y"), key="prog_log_y", disabled=not view.can_log(sv.frame, "y"))
        chart(
            ctx,
            figure(
                charts.scatter,
                sv.frame,
                x_title=f"{ctx.indicator_name(x)} ({ctx.unit(x)})",
                y_title=f"{ctx.indicator_name(y)} ({ctx.unit(y)})",
                lang=lang,
                demo=demo,
                title=t("prog_xy_title", x=ctx.indicator_name(x), y=ctx.indicator_name(y), year=ctx.year(sy)),
                selected=code,
                log_x=log_x and view.can_log(sv.frame, "x"),
                log_y=log_y and view.can_log(sv.frame, "y"),
            ),
            sv.table,
            "prog_scatter",
            f"scatter-{x}-{y}-{sy}",
            on_select=clicks.to_province(ctx, "prog_scatter"),
        )
        st.caption(t("prog_xy_caption", n=len(sv.frame), total=ctx.cat.n_provinces))
