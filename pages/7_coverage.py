"""Data coverage (reporting status): for the selected dataset, goals and indicators with data out
of the catalogue, the years and provinces each indicator covers, its sources and flags, and the
indicators with no data at all. The per-indicator table downloads as CSV."""

import streamlit as st

from lib import exports
from lib.app import chart, derive, figure, frame, query
from lib.charts import coverage as charts
from lib.store import queries
from lib.views import coverage as view

ctx = frame("coverage")
f, lang, demo, t = ctx.f, ctx.lang, ctx.is_demo, ctx.t
codes = tuple(ctx.pilot_codes) if f.pilot else None  # None: every province
n_scope, n_pilots = len(ctx.scope_codes()), len(ctx.pilot_codes)
scope = t("cov_scope_pilots", n=n_pilots) if f.pilot else t("cov_scope_all", n=n_scope)

st.title(t("cov_title"))
st.caption(t("cov_subtitle", dataset=ctx.dataset_name, scope=scope))

cov = derive(view.coverage, query(queries.indicator_coverage, f.dataset, codes), ctx.indicators)
head = derive(view.headline, cov, query(queries.coverage_summary, f.dataset, codes), n_scope, lang)
c1, c2, c3, c4 = st.columns(4)
c1.metric(t("cov_kpi_goals"), f"{head.n_goals_with} / {head.n_goals}", border=True)
c2.metric(t("cov_kpi_indicators"), f"{head.n_with} / {head.n_indicators}", border=True)
c3.metric(t("cov_kpi_provinces"), f"{head.n_provinces} / {head.n_scope}", border=True, help=t("cov_kpi_provinces_help"))
c4.metric(t("cov_kpi_years"), head.years, border=True)

# By goal
st.subheader(t("cov_goal_header"), icon=":material/flag:")
gs = derive(view.goal_summary, cov, query(queries.goal_coverage, f.dataset, codes), ctx.goals, lang)
chart(
    ctx,
    figure(charts.goal_bars, gs, lang=lang, demo=demo, title=t("cov_goal_title", scope=scope)),
    derive(view.goal_table, gs, lang, demo, n_scope, n_pilots, f.pilot),
    "cov_goals",
    f"coverage-goals-{f.dataset}",
)
st.caption(t("cov_goal_caption"))

# By indicator
st.subheader(t("cov_ind_header"), icon=":material/fact_check:")
table = derive(view.indicator_table, cov, ctx.goals, lang, demo, n_scope, n_pilots, f.pilot)
st.download_button(
    t("cov_dl_csv"),
    lambda: exports.csv_bytes(table),  # made when clicked
    view.file_name(f.dataset, lang, f.pilot),
    "text/csv",
    key="cov_dl_csv",
    icon=":material/download:",
    on_click="ignore",
    help=t("cov_dl_help"),
)
# goal and indicator stay in view while the table scrolls sideways (it is wider than the page)
W = {"col_goal": 160, "col_indicator": 300, "cov_col_code": 70, "cov_col_years": 150, "cov_col_flags": 140}
st.dataframe(
    table,
    hide_index=True,
    height=460,
    column_config={
        **{t(k): st.column_config.TextColumn(width=w, pinned=k in ("col_goal", "col_indicator")) for k, w in W.items()},
        t("cov_col_publishers"): st.column_config.TextColumn(width=260),
        t("col_source"): st.column_config.TextColumn(width=320),
    },
)
st.caption(t("cov_ind_caption"))

# What is missing
st.subheader(t("cov_missing_header"), icon=":material/search_off:")
missing = derive(view.missing_table, cov, ctx.goals, lang)
if missing.empty:
    st.success(t("cov_missing_none"), icon=":material/check_circle:")
else:
    st.caption(t("cov_missing_caption", n=len(missing), total=len(cov), scope=scope))
    st.dataframe(
        missing,
        hide_index=True,
        height=min(460, 35 * len(missing) + 40),
        column_config={
            t(k): st.column_config.TextColumn(width=w)
            for k, w in {"col_goal": 190, "cov_col_code": 70, "col_indicator": 380}.items()
        },
    )
