"""Goal explorer: one goal across provinces — its indicators, the province ranking by goal score,
trends in chosen provinces and where the pilots sit among all 77 for the selected indicator."""

import streamlit as st

from lib.app import chart, clicks, derive, figure, frame, query
from lib.app.widgets import goal_band
from lib.charts import goal as charts
from lib.store import queries
from lib.views import goal as view
from lib.views.common import period, shown_years, up_to

ctx = frame("goal")
f, lang, demo, t = ctx.f, ctx.lang, ctx.is_demo, ctx.t
year, sc = ctx.year(f.year), ctx.scores()
grow = ctx.goals.set_index("goal").loc[f.goal]
names = ctx.cat.province_names(lang)
ind, iname, unit = ctx.indicator(), ctx.indicator_name(), ctx.unit()
dec, green, red = int(ind["decimals"]), float(ind["green_threshold"]), float(ind["red_threshold"])

goal_band(str(grow["colour"]), t("goal_badge", goal=f.goal))
st.title(t("goal_title", goal=f.goal, name=grow[f"short_{lang}"]))
n_ind = int((ctx.indicators["goal"] == f.goal).sum())
st.caption(ctx.goal_name(f.goal, short=False))
st.caption(t("goal_subtitle", n=n_ind, dataset=ctx.dataset_name, year=year))

# The goal's indicators
st.subheader(t("goal_indicators_header"), icon=":material/list:")
cov = query(queries.coverage, f.dataset)
st.dataframe(
    derive(view.catalogue_table, ctx.indicators, f.goal, lang, derive(up_to, cov, f.year)),
    hide_index=True,
    column_config={t("col_indicator"): st.column_config.TextColumn(width="large")},
)

# Province ranking by goal score
st.subheader(t("goal_ranking_header"), icon=":material/leaderboard:")
scope = ctx.scope_codes()
rank = derive(view.ranking, sc.goal_level, ctx.provinces, f.goal, scope, lang)
if rank.empty:
    st.info(t("goal_no_scores"), icon=":material/info:")
else:
    title = t(
        "goal_ranking_title",
        goal=f.goal,
        period=period(derive(shown_years, sc.indicator_level, provinces=tuple(scope), goal=f.goal), f.year, lang),
        scope=t("goal_scope_pilots" if f.pilot else "goal_scope_all"),
    )
    chart(
        ctx,
        figure(charts.ranking, rank, selected=f.province, lang=lang, demo=demo, title=title),
        derive(view.ranking_table, rank, lang, demo),
        "goal_ranking",
        f"goal-{f.goal}-ranking-{f.year}",
        on_select=clicks.to_province(ctx, "goal_ranking"),
    )
    st.caption(t("goal_ranking_caption"))
    missing = derive(view.unscored, rank, ctx.provinces, scope, lang)
    if missing:
        st.caption(t("goal_ranking_missing", n=len(missing), names=", ".join(missing)))

# Trends in chosen provinces
st.subheader(t("goal_trends_header"), icon=":material/show_chart:")
obs = query(queries.observations, f.dataset, (f.indicator,), None, None, f.year, True)
pool = derive(view.trend_pool, obs, ctx.pilot_codes)
options = ctx.cat.provinces_pilots_first(ctx.lang)
chosen = st.multiselect(
    t("goal_trends_pick"),
    options,
    default=derive(view.default_selection, f.province, rank, pool),
    format_func=ctx.cat.province_names(lang, mark_pilot=True).__getitem__,
    key=f"goal_trend_provinces_{f.province}_{f.goal}",
    max_selections=10,
)
series = derive(view.trend_series, obs, chosen)
if not chosen:
    st.info(t("goal_pick_none"), icon=":material/info:")
elif series.empty:
    st.info(t("goal_no_trend"), icon=":material/info:")
else:
    fig = figure(
        charts.trends,
        series,
        names=names,
        unit=unit,
        decimals=dec,
        lang=lang,
        demo=demo,
        title=t("goal_trends_title", indicator=iname),
        green=green,
        red=red,
    )
    chart(ctx, fig, derive(view.trend_table, series, names, lang, demo), "goal_trends", f"{f.indicator}-trends")

# Where the pilots sit among all 77
st.subheader(t("goal_dist_header"), icon=":material/scatter_plot:")
dist = derive(view.distribution, sc.indicator_level, ctx.provinces, f.indicator, lang)
if dist.empty:
    st.info(t("goal_no_dist", indicator=iname), icon=":material/info:")
else:
    fig = figure(
        charts.distribution,
        dist,
        unit=unit,
        decimals=dec,
        lang=lang,
        demo=demo,
        title=t("goal_dist_title", indicator=iname, period=period(dist["year"], f.year, lang)),
        green=green,
        red=red,
        selected=f.province,
    )
    chart(
        ctx,
        fig,
        derive(view.distribution_table, dist, unit, dec, lang, demo),
        "goal_dist",
        f"{f.indicator}-{f.year}-provinces",
    )
    st.caption(t("goal_dist_caption", n=len(dist)))
