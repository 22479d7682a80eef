"""Overview (home page): the 15 pilot provinces at a glance — headline numbers, the SDG index
ranking with the pilot and national averages, the province x goal status grid, the pilots beside
all 77 provinces, and how recent and complete the data are."""

import streamlit as st

from lib.app import chart, clicks, derive, figure, frame, query, status_table, styler
from lib.charts import overview as charts
from lib.store import queries
from lib.views import overview as view
from lib.views.common import period, shown_years

ctx = frame("overview")
f, lang, demo, t = ctx.f, ctx.lang, ctx.is_demo, ctx.t
year, sc, scope = ctx.year(f.year), ctx.scores(), ctx.scope_codes()
sfx = "pilots" if f.pilot else "all"
scope_txt = t(f"ov_scope_{sfx}")

st.title(t("ov_title"))
st.caption(t("ov_subtitle", dataset=ctx.dataset_name, year=year))
if not f.pilot:
    st.caption(t("ov_scope_all_note"))

# What the values shown are of: the titles name the years, never one year for another's values
per = period(derive(shown_years, sc.indicator_level, provinces=scope), f.year, lang)
per_all = period(derive(shown_years, sc.indicator_level), f.year, lang)

# Headline numbers
k = derive(view.kpis, sc.index_level, scope)
avg = derive(view.averages, sc.index_level, ctx.pilot_codes)
c1, c2, c3, c4 = st.columns(4)
if k.n_with_index == 0:  # real data too thin for an index: say what there is instead of dashes
    cov = derive(view.coverage, sc.indicator_level, sc.goal_level, scope)
    c1.metric(t("ov_cov_goals"), f"{cov.n_goals} / {len(ctx.goals)}", border=True, help=t("ov_cov_goals_help"))
    c2.metric(t("ov_cov_indicators"), f"{cov.n_indicators} / {len(ctx.indicators)}", border=True)
    c3.metric(t(f"ov_cov_provinces_{sfx}"), f"{cov.n_provinces} / {k.n_scope}", border=True)
    span = "–" if cov.span is None else "–".join(dict.fromkeys(ctx.year(y) for y in cov.span))
    c4.metric(t("ov_cov_years"), span, border=True)
    st.info(t("ov_cov_no_index", n=k.n_scope), icon=":material/info:")
else:
    c1.metric(t(f"ov_kpi_n_{sfx}"), f"{k.n_with_index} / {k.n_scope}", border=True, help=t("ov_kpi_n_help"))
    gap = None if k.mean is None or avg.national is None or not f.pilot else f"{k.mean - avg.national:+.1f}"
    c2.metric(
        t(f"ov_kpi_mean_{sfx}"),
        "–" if k.mean is None else f"{k.mean:.1f}",
        delta=gap,
        delta_description=t("ov_vs_national") if gap else None,
        border=True,
        help=t("ov_kpi_mean_help"),
    )
    for col, key, code, value in ((c3, "best", k.best, k.best_index), (c4, "weak", k.weakest, k.weakest_index)):
        col.metric(
            t(f"ov_kpi_{key}_{sfx}"),
            ctx.province_name(code) if code else "–",
            border=True,
            delta=t("ov_kpi_index_value", value=f"{value:.1f}") if value is not None else None,
            delta_color="off",
            delta_arrow="off",
        )

# SDG index ranking
st.subheader(t("ov_rank_header"), icon=":material/leaderboard:")
rank = derive(view.ranking, sc.index_level, ctx.provinces, scope, lang)
if rank["index"].notna().any():
    fig = figure(
        charts.ranking,
        rank,
        pilot_avg=avg.pilot,
        national_avg=avg.national,
        selected=f.province,
        lang=lang,
        demo=demo,
        title=t("ov_rank_title", period=per, scope=scope_txt),
    )
    chart(
        ctx,
        fig,
        view.ranking_table(rank, len(ctx.indicators), lang, demo),
        "ov_ranking",
        f"sdg-index-{sfx}-{f.year}",
        on_select=clicks.to_province(ctx, "ov_ranking"),
        takeaway=t("slide_take_ov_ranking", best=ctx.province_name(k.best), weak=ctx.province_name(k.weakest))
        if k.best and k.weakest
        else None,
    )
    st.caption(t("ov_rank_caption"))
else:  # no index in scope: the coverage notice above says why
    st.caption(t("ov_no_index"))

# Status grid: provinces x 17 goals
st.subheader(t("ov_grid_header"), icon=":material/grid_on:")
cells = derive(view.grid, sc.goal_level, ctx.goals, rank, lang)
grid_title, grid_table = t("ov_grid_title", period=per, scope=scope_txt), view.grid_table(cells, lang, demo)
if ctx.present:  # a slide: the grid as a chart, fitted to the screen
    fig = figure(charts.status_grid, cells, goals=ctx.goals, lang=lang, demo=demo, title=grid_title)
    chart(ctx, fig, grid_table, "ov_grid", f"sdg-status-grid-{sfx}-{f.year}")
else:  # the page: a table, updated in place where a chart is rebuilt (bench/README.md)
    status_table(
        ctx,
        styler(charts.status_table, cells, uuid="ov_grid"),
        grid_table,
        "ov_grid",
        title=grid_title,
        column_help=view.goal_help(ctx.goals, lang),
        on_select=clicks.cell_to_province("ov_grid", cells),
    )
st.caption(view.goal_key(ctx.goals, lang))
st.caption(t("ov_grid_caption"))

# Beside the national picture
st.subheader(t("ov_national_header"), icon=":material/public:")
nat = derive(view.national, sc.index_level, ctx.provinces, lang)
if not nat.empty:  # without an index the ranking section above already says why
    chart(
        ctx,
        figure(
            charts.national_strip,
            nat,
            pilot_avg=avg.pilot,
            national_avg=avg.national,
            lang=lang,
            demo=demo,
            title=t("ov_strip_title", period=per_all),
        ),
        view.national_table(nat, lang, demo),
        "ov_national",
        f"sdg-index-77-{f.year}",
        on_select=clicks.to_province(ctx, "ov_national"),
    )
cmp = derive(view.goal_comparison, sc.goal_level, ctx.goals, ctx.pilot_codes, lang)
chart(
    ctx,
    figure(charts.goal_comparison, cmp, lang=lang, demo=demo, title=t("ov_compare_title", period=per_all)),
    view.goal_comparison_table(cmp, lang, demo),
    "ov_goals",
    f"goal-scores-pilots-vs-77-{f.year}",
)
st.caption(t("ov_national_caption"))

# Data vintage and completeness
st.subheader(t("ov_data_header"), icon=":material/database:")
st.dataframe(view.vintage_table(ctx.datasets, f.dataset, lang), hide_index=True, width="stretch")
st.caption(t("ov_vintage_caption"))
pres, n_ind = query(queries.presence, f.dataset, f.year), len(ctx.indicators)
cols = st.columns(4)
for col, key, codes in (
    (cols[0], "ov_missing_pilots", ctx.pilot_codes),
    (cols[1], "ov_missing_all", ctx.province_codes),
):
    m = derive(view.missing, pres, n_ind, codes)
    col.metric(
        t(key, year=year),
        f"{m.share:.1%}",
        border=True,
        help=t("ov_missing_help", year=year, n=f"{m.n_missing:,}", total=f"{m.n_expected:,}", k=n_ind),
    )
    col.caption(t("ov_missing_count", n=f"{m.n_missing:,}", total=f"{m.n_expected:,}"))
with cols[2]:
    st.caption(t("ov_missing_caption"))
with st.expander(t("ov_missing_by_goal"), icon=":material/table:"):
    st.dataframe(
        derive(view.missing_by_goal, pres, ctx.indicators, ctx.pilot_codes, ctx.province_codes, ctx.goals, lang),
        hide_index=True,
        width="stretch",
    )
