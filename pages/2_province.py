"""Province profile: one province's SDG index and ranks, its 17 goals, weakest goals, indicators,
the selected indicator over time, partners active there and published findings."""

import streamlit as st

from lib.app import brief_buttons, chart, clicks, derive, figure, frame, query
from lib.app.widgets import PAGE_PATHS, folded_table, page_link
from lib.charts import province as charts
from lib.store import progress as progress_store
from lib.store import queries
from lib.views import progress as progress_view
from lib.views import province as view
from lib.views.common import period, shown_years

PROGRESS_PAGE = PAGE_PATHS.get("progress", "pages/8_progress.py")  # until the navigation lists it
ctx = frame("province")
f, lang, demo, t = ctx.f, ctx.lang, ctx.is_demo, ctx.t
code, pname, year = f.province, ctx.province_name(f.province), ctx.year(f.year)
sc = ctx.scores()
prow = ctx.provinces.set_index("code").loc[code]
COLS = {t(k): st.column_config.Column(width=w) for k, w in view.COLUMN_WIDTHS.items()} | {
    t("col_link"): st.column_config.LinkColumn(display_text=r"https?://(?:www\.)?([^/]+)", width="small"),
    t("col_score"): st.column_config.ProgressColumn(min_value=0, max_value=100, format="%.0f", width="small"),
}

st.title(t("prov_title", name=pname))
st.caption(
    t(
        "prov_subtitle",
        region=prow[f"region_{lang}"],
        dataset=ctx.dataset_name,
        pilot=t("prov_is_pilot") if prow["is_pilot"] else t("prov_not_pilot_short"),
        year=year,
    )
)
brief_buttons(ctx)

# Index and ranks
h = derive(view.headline, sc.index_level, code, ctx.pilot_codes, len(ctx.indicators))
c1, c2, c3 = st.columns(3)
c1.metric(
    t("prov_metric_index"),
    t("prov_no_index") if h.index is None else f"{h.index:.1f}",
    border=True,
    help=t(
        "prov_index_help" if h.index is not None else "prov_no_index_help", missing=h.n_missing, total=h.n_indicators
    ),
)
rank = lambda r, n: t("prov_rank_na") if r is None else t("prov_rank_of", rank=r, n=n)  # noqa: E731
if h.is_pilot:
    c2.metric(
        t("prov_metric_rank_pilot"),
        rank(h.rank_pilot, h.n_ranked_pilot),
        border=True,
        help=t("prov_rank_help", n=h.n_ranked_pilot),
    )
else:
    c2.info(t("prov_not_pilot", name=pname), icon=":material/info:")
c3.metric(
    t("prov_metric_rank_all"), rank(h.rank_all, h.n_ranked_all), border=True, help=t("prov_rank_help", n=h.n_ranked_all)
)
if h.index is None:
    st.caption(t("prov_no_index_help", missing=h.n_missing, total=h.n_indicators))

# Progress to 2030 (ESCAP): the counts in one line, the whole view on the progress page
with st.container(key="prov_progress", horizontal=True, vertical_alignment="center", gap="small"):
    counts = derive(
        progress_view.province_counts,
        query(queries.observations, f.dataset, None, (code,), None, f.year, True),
        ctx.indicators,
        query(progress_store.targets),
        year=f.year,
    )
    st.markdown(f"**{t('prog_profile_header')}:** {progress_view.counts_line(counts, lang)}", width="content")
    page_link(PROGRESS_PAGE, label=t("prog_profile_link"), icon=":material/arrow_forward:", query_params=f.to_params())

# The 17 goals
shown = period(derive(shown_years, sc.indicator_level, provinces=(code,)), f.year, lang)
st.subheader(t("prov_strip_header"), icon=":material/view_week:")
strip = derive(view.goal_strip, sc.goal_level, ctx.goals, code, lang)
chart(
    ctx,
    figure(
        charts.goal_strip,
        strip,
        lang=lang,
        demo=demo,
        title=t(
            "prov_strip_title",
            province=pname,
            period=period(shown_years(sc.indicator_level, provinces=[code]), f.year, lang),
        ),
    ),
    view.strip_table(strip, lang, demo),
    "prov_strip",
    f"sdg-goals-{code}-{f.year}",
    on_select=clicks.to_goal(ctx, "prov_strip"),
)
st.caption(t("prov_strip_caption"))

# Weakest goals and the indicators behind them
st.subheader(t("prov_weak_header"), icon=":material/trending_down:")
weak = derive(view.weakest_goals, strip)
if weak.empty:
    st.info(t("prov_no_goal_scores"), icon=":material/info:")
else:
    scored = int(strip["score"].notna().sum())
    if len(weak) < view.N_WEAKEST:  # say why there are fewer than three
        st.caption(t("prov_weak_fewer", n=len(weak), scored=scored, k=view.N_WEAKEST))
    else:
        st.caption(t("prov_weak_caption"))
    for col, (_, g) in zip(st.columns(len(weak)), weak.iterrows()):
        col.metric(g["label"], f"{g['score']:.1f}", border=True)
        col.caption(f"{g['status_label']} · {g['trend_label']}")
    rows = derive(view.goal_indicators, sc.indicator_level, ctx.indicators, code, weak["goal"].tolist(), lang)
    drawn = derive(view.weakest_per_goal, rows)
    chart(
        ctx,
        figure(
            charts.weakest, drawn, goals=strip, lang=lang, demo=demo, title=t("prov_weak_chart_title", province=pname)
        ),
        derive(view.weakest_table, rows, strip, lang, demo),
        "prov_weak",
        f"weakest-goals-{code}-{f.year}",
        takeaway=t("slide_take_prov_weak", province=pname, goals=", ".join(weak["label"].astype(str))),
    )
    if len(drawn) < len(rows):
        st.caption(t("prov_weak_chart_cut", k=view.WEAK_CHART_PER_GOAL, n=f"{len(rows):,}"))

# All indicators of the province
st.subheader(t("prov_table_header"), icon=":material/table_view:")
obs = query(queries.observations, f.dataset, None, (code,), None, f.year, True)
table = derive(view.indicator_table, sc.indicator_level, obs, ctx.indicators, code, lang)
if table.empty:
    st.info(t("prov_no_indicators"), icon=":material/info:")
else:
    st.caption(t("prov_table_caption", n=len(table), total=len(ctx.indicators), year=year))
    if demo:
        st.caption(t("prov_demo_caption"))
    st.dataframe(table, hide_index=True, column_config=COLS)

# The selected indicator over time
st.subheader(t("prov_series_header"), icon=":material/show_chart:")
iname, unit, dec = ctx.indicator_name(), ctx.unit(), int(ctx.indicator()["decimals"])
all_obs = query(queries.observations, f.dataset, (f.indicator,), None, None, f.year, True)
nat = query(queries.national_observations, f.dataset, f.indicator)
s = derive(view.series, all_obs, code, ctx.pilot_codes, nat.loc[nat["year"] <= f.year], n_provinces=ctx.cat.n_provinces)
if s.empty:
    st.info(t("prov_no_series", indicator=iname), icon=":material/info:")
else:
    if not (s["series"] == "province").any():
        st.info(t("prov_no_series_province", province=pname), icon=":material/info:")
    names = view.series_names(pname, lang)
    fig = figure(
        charts.series,
        s,
        names=names,
        unit=unit,
        decimals=dec,
        lang=lang,
        demo=demo,
        title=t("prov_series_title", indicator=iname, province=pname),
    )
    chart(ctx, fig, view.series_table(s, names, dec, lang, demo), "prov_series", f"{f.indicator}-{code}")
    st.caption(t("prov_series_caption"))

# Partners active in the province (programme-wide work apart); first the weak goals none works on
st.subheader(t("prov_partners_header"), icon=":material/handshake:")
acts = query(queries.activities)
named, programme = derive(view.split_scope, acts)
no_partner = derive(view.weak_without_partner, strip, acts, code)
if not strip["status"].isin(view.WEAK_STATUSES).any():
    st.caption(t("prov_weak_partner_none_weak", year=year))
elif no_partner.empty:
    st.success(t("prov_weak_partner_all", province=pname), icon=":material/check_circle:")
else:
    st.warning(
        t("prov_weak_partner_gaps", province=pname, n=len(no_partner), goals=view.weak_gap_text(no_partner, lang)),
        icon=":material/crisis_alert:",
    )
    st.caption(t("prov_weak_partner_caption", n=int((no_partner["n_programme"] > 0).sum())))
partners = derive(view.partner_table, named, code, lang)
if partners.empty:
    st.info(t("prov_no_partners"), icon=":material/info:")
else:
    st.caption(t("prov_partners_caption", province=pname, n=len(partners)))
    st.dataframe(partners, hide_index=True, column_config=COLS)
wide = derive(view.partner_table, programme, code, lang)
if len(wide):
    folded_table(
        t("prov_partners_programme", n=len(wide)),
        wide,
        "prov_partners_programme",
        icon=":material/groups:",
        column_config=COLS,
    )

# Published findings
st.subheader(t("prov_findings_header"), icon=":material/article:")
own, general = derive(view.findings_tables, query(queries.findings, code), code, lang)
st.caption(t("prov_findings_caption"))
if own.empty:
    st.info(t("prov_no_findings"), icon=":material/info:")
else:
    st.dataframe(own, hide_index=True, column_config=COLS)
if len(general):
    folded_table(
        t("prov_findings_general", n=len(general)),
        general,
        "prov_findings_general",
        icon=":material/groups:",
        column_config=COLS,
    )
