"""Partners: who works where on what — activities of partners from the 7 sectors by sector and
partner, by province and by goal, and the activity list with dates and source links.
Real engagements compiled from public reports: this page shows no demo data."""

import streamlit as st

from lib.app import bad_param, chart, figure, frame, page_params, query, set_page_params
from lib.charts import partners as charts
from lib.store import queries
from lib.views import partners as view

raw = page_params(view.URL_PARAMS)
ctx = frame("partners")
f, lang, t = ctx.f, ctx.lang, ctx.t
acts_all, sectors, partners = query(queries.activities), query(queries.sectors), query(queries.partners)
provs = ctx.provinces.sort_values(["is_pilot", ctx.name], ascending=[False, True])
valid = view.Valid(sectors["sector"].tolist(), partners["partner_id"].tolist(), provs["code"].tolist())
KEYS = {
    "sectors": "part_sector",
    "partners": "part_partner",
    "provinces": "part_area",
    "goals": "part_sdg",
    "follow": "part_follow",
}

if KEYS["sectors"] not in st.session_state:  # first run of this page: restore the filters from the URL
    sel, notices = view.parse_params(raw, valid)
    for name, key in KEYS.items():
        st.session_state[key] = getattr(sel, name) if name == "follow" else list(getattr(sel, name))
    for n in notices:
        bad_param(ctx, n.param, n.value)

st.title(t("part_title"))
st.caption(t("part_subtitle"))
st.caption(t("part_source_note"))
if ctx.is_demo:
    st.info(t("part_not_demo"), icon=":material/verified:")

with st.container(border=True):
    sec_names = dict(zip(sectors["sector"], sectors[ctx.name]))
    part_names = dict(zip(partners["partner_id"], partners[ctx.name]))
    pnames = ctx.cat.province_names(lang, mark_pilot=True)
    follow = bool(st.session_state[KEYS["follow"]])
    c1, c2, c3, c4 = st.columns([1, 1.3, 1.1, 1.1])
    c1.multiselect(
        t("part_f_sector"), valid.sectors, format_func=sec_names.get, key=KEYS["sectors"], placeholder=t("part_f_all")
    )
    c2.multiselect(
        t("part_f_partner"),
        valid.partners,
        format_func=part_names.get,
        key=KEYS["partners"],
        placeholder=t("part_f_all"),
    )
    c3.multiselect(
        t("part_f_province"),
        valid.provinces,
        key=KEYS["provinces"],
        placeholder=t("part_f_all"),
        format_func=pnames.__getitem__,
        disabled=follow,
    )
    c4.multiselect(
        t("part_f_goal"),
        list(valid.goals),
        format_func=ctx.goal_name,
        key=KEYS["goals"],
        placeholder=t("part_f_all"),
        disabled=follow,
    )
    st.toggle(t("part_f_follow"), key=KEYS["follow"], help=t("part_f_follow_help"))
    if follow:
        st.caption(t("part_following", province=ctx.province_name(f.province), goal=f.goal))

sel = view.Selection(
    *(tuple(st.session_state[KEYS[k]]) for k in ("sectors", "partners", "provinces", "goals")), follow=follow
)
set_page_params(sel.to_params())
areas, goals = ((f.province,), (f.goal,)) if follow else (sel.provinces, sel.goals)
acts = view.filter_activities(acts_all, sel.sectors, sel.partners, areas, goals)

s = view.summary(acts)
m = st.columns(4)
m[0].metric(t("part_m_activities"), s.n_activities, border=True)
m[1].metric(t("part_m_partners"), s.n_partners, border=True)
m[2].metric(t("part_m_sectors"), s.n_sectors, border=True)
m[3].metric(t("part_m_provinces"), s.n_provinces, border=True)

if acts.empty:
    st.info(t("part_none"), icon=":material/filter_alt_off:")
else:
    st.subheader(t("part_sector_header"), icon=":material/groups:")
    sp = view.sector_partner(acts, lang)
    chart(
        ctx,
        figure(charts.partner_bars, sp, lang=lang, title=t("part_sector_title", n=len(acts))),
        view.sector_partner_table(sp, lang),
        "part_partners",
        "partners-by-sector",
    )
    st.caption(t("part_sector_caption"))

    st.subheader(t("part_matrix_header"), icon=":material/grid_on:")
    rows = list(areas) or view.matrix_provinces(acts_all, ctx.provinces, f.pilot)
    mat = view.province_sector(acts, rows, ctx.provinces, sectors, lang)
    scope = t("part_scope_pilots" if f.pilot else "part_scope_all")
    chart(
        ctx,
        figure(charts.province_sector_heatmap, mat, lang=lang, title=t("part_matrix_title", scope=scope)),
        view.province_sector_table(mat),
        "part_matrix",
        "partners-province-sector",
    )
    st.caption(t("part_matrix_caption"))

    st.subheader(t("part_goal_header"), icon=":material/flag:")
    gc = view.goal_counts(acts, ctx.goals, lang)
    chart(
        ctx,
        figure(charts.goal_bars, gc, lang=lang, title=t("part_goal_title")),
        view.goal_counts_table(gc, lang),
        "part_goals",
        "partners-by-goal",
    )
    st.caption(t("part_goal_caption"))

    st.subheader(t("part_list_header"), icon=":material/list_alt:")
    st.caption(t("part_list_caption", n=len(acts)))
    W = dict(
        zip(
            ("col_partner", "col_sector", "col_activity", "part_col_area", "part_col_goals", "col_start", "col_end"),
            (180, 100, 280, 140, 110, 105, 105),
        )
    )
    st.dataframe(
        view.activity_table(acts, ctx.provinces, lang),
        hide_index=True,
        height=460,
        column_config={
            **{t(k): st.column_config.TextColumn(width=w) for k, w in W.items()},
            t("col_link"): st.column_config.LinkColumn(display_text=r"https?://(?:www\.)?([^/]+)", width=130),
        },
    )
