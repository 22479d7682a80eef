"""Map: all 77 provinces coloured by the selected indicator, goal score or SDG index for the
selected year; pilots outlined; click a province to open its profile. URL parameter
``measure`` (indicator | goal | index) keeps the choice of measure."""

import streamlit as st

from lib.app import bad_param, chart, clicks, derive, figure, frame, page_params, set_page_params
from lib.app.data import geojson
from lib.charts import map as charts
from lib.views import map as view
from lib.views.common import older

raw_measure = page_params(["measure"]).get("measure")
ctx = frame("map")
f, lang, demo, t = ctx.f, ctx.lang, ctx.is_demo, ctx.t

if "map_measure" not in st.session_state:  # first visit in this session: the URL decides
    st.session_state["map_measure"], bad = view.parse_measure(raw_measure)
    if bad:
        bad_param(ctx, "measure", bad)
st.session_state["w_map_measure"] = st.session_state["map_measure"]


def _measure_changed() -> None:
    if st.session_state.get("w_map_measure"):
        st.session_state["map_measure"] = st.session_state["w_map_measure"]


kind = st.session_state["map_measure"]
set_page_params({"measure": kind})
m = view.measure_info(kind, ctx.indicator(), f.goal, ctx.goal_name(f.goal), lang)
dsname = ctx.dataset_name

exact = kind == "indicator" and st.session_state.get("map_exact", False)
df = derive(
    view.map_frame,
    derive(view.values, kind, ctx.scores(), f.indicator, f.goal, f.year, exact),
    ctx.provinces,
    f.pilot,
    m.higher_is_better,
    lang,
)
shown = derive(view.shown_period, df, f.year, lang)

st.title(t("map_title"))
st.caption(t("map_subtitle", measure=m.label, period=shown, dataset=dsname))
if df["value"].isna().all():
    st.warning(t("map_no_values", measure=m.label), icon=":material/visibility_off:")

left, right = st.columns([5, 3], gap="large")
with right:  # the controls beside the map, so the map starts right under the title
    st.segmented_control(
        t("map_measure_label"),
        view.MEASURES,
        key="w_map_measure",
        required=True,
        format_func=lambda k: t(f"map_measure_{k}"),
        on_change=_measure_changed,
    )
    if kind == "indicator":
        st.toggle(t("map_exact_year"), key="map_exact", help=t("map_exact_year_help"))
with left:
    fig = figure(
        charts.choropleth,
        df,
        fixed={"geo": geojson()},
        measure=m,
        lang=lang,
        demo=demo,
        title=t("map_chart_title", measure=m.label, period=shown),
        year=f.year,
    )
    chart(
        ctx,
        fig,
        derive(view.map_table, df, m, lang, demo),
        "map_chart",
        f"map-{kind}-{f.indicator if kind == 'indicator' else f.goal if kind == 'goal' else 'index'}-{f.year}",
        on_select=clicks.to_province(ctx, "map_chart"),
        config={"topojsonURL": charts.TOPOJSON_URL},
    )
    if n_old := int((older(df["year"], f.year) & df["in_scope"]).sum()):
        st.caption(t("map_older_caption", year=ctx.year(f.year), n=n_old))
    st.caption(
        t("map_caption_click")
        + " "
        + t("map_caption_scale", direction=t("map_dir_higher" if m.higher_is_better else "map_dir_lower"))
    )
    if f.pilot:
        st.caption(t("map_caption_pilot"))
    st.caption(t("map_geo_credit"))
with right:
    row = df.loc[df["province_code"] == f.province].iloc[0]
    st.markdown(f"**{t('map_selected_header')}: {row['name']}**")
    st.metric(
        m.unit,
        view.value_text(row, m, lang, unit=False),
        delta=view.rank_text(row, lang),
        delta_color="off",
        delta_arrow="off",
        border=True,
    )
    best, worst = derive(view.best_worst, df)
    scope = t("map_scope_pilots" if f.pilot else "map_scope_all")
    for key, rows in (("map_best_header", best), ("map_worst_header", worst)):
        if len(rows):
            st.markdown(f"**{t(key, scope=scope)}**")
            st.dataframe(derive(view.short_table, rows, m, lang), hide_index=True, width="stretch")
