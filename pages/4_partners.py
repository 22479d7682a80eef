"""Partners: who works where on what, and where help is missing — activities of partners from
the 7 sectors by sector and partner, by province (with the gaps marked), over the years, by
goal, against each province's weak goals and by budget; the activity list with downloads.
The counting rules are in lib/views/partners.py. Activities are real engagements (public
reports, imported 3W files); only the needs view shows the sidebar dataset's scores."""

from datetime import datetime
from zoneinfo import ZoneInfo

import streamlit as st

from lib import exports
from lib.app import (
    bad_param,
    chart,
    derive,
    figure,
    frame,
    inert,
    page_params,
    query,
    release_label,
    set_page_params,
)
from lib.charts import partners as charts
from lib.store import queries
from lib.views import partners as view

raw = page_params(view.URL_PARAMS)
ctx = frame("partners")
f, lang, t = ctx.f, ctx.lang, ctx.t
acts_all, sectors, partners = query(queries.activities), query(queries.sectors), query(queries.partners)
valid = view.Valid(
    sectors["sector"].tolist(),
    derive(view.partner_options, partners, lang),
    derive(view.province_options, ctx.provinces, lang),
)
KEYS = {
    "sectors": "part_sector",
    "partners": "part_partner",
    "provinces": "part_area",
    "goals": "part_sdg",
    "follow": "part_follow",
    "programme": "part_programme",
}
SWITCHES = ("follow", "programme")

if KEYS["sectors"] not in st.session_state:  # first run of this page: restore the filters from the URL
    sel, notices = view.parse_params(raw, valid)
    for name, key in KEYS.items():
        st.session_state[key] = getattr(sel, name) if name in SWITCHES else list(getattr(sel, name))
    for n in notices:
        bad_param(ctx, n.param, n.value)

st.title(t("part_title"))
st.caption(t("part_subtitle"))
st.caption(t("part_source_note"))
if ctx.is_demo:
    st.info(t("part_not_demo"), icon=":material/verified:")

sec_names = dict(zip(sectors["sector"], sectors[ctx.name]))
part_names = dict(zip(partners["partner_id"], partners[ctx.name]))
pnames = ctx.cat.province_names(lang, mark_pilot=True)
plain = ctx.cat.province_names(lang)
with st.container(border=True):
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
        format_func=derive(view.goal_labels, ctx.goals, lang).__getitem__,
        key=KEYS["goals"],
        placeholder=t("part_f_all"),
        disabled=follow,
    )
    s1, s2 = st.columns(2)
    s1.toggle(t("part_f_follow"), key=KEYS["follow"], help=t("part_f_follow_help"))
    s2.toggle(t("part_f_programme"), key=KEYS["programme"], help=t("part_f_programme_help"))
    if follow:
        st.caption(t("part_following", province=ctx.province_name(f.province), goal=f.goal))

sel = view.Selection(
    *(tuple(st.session_state[KEYS[k]]) for k in ("sectors", "partners", "provinces", "goals")),
    follow=follow,
    programme=bool(st.session_state[KEYS["programme"]]),
)
set_page_params(sel.to_params())
areas, goals = ((f.province,), (f.goal,)) if follow else (sel.provinces, sel.goals)
found = derive(view.filter_activities, acts_all, sel.sectors, sel.partners, areas, goals)
acts = found if sel.programme else derive(view.local, found)

# The cards: activities that name the chosen provinces; programme-wide work apart
s = derive(view.summary, found, areas, ctx.pilot_codes)
where = view.where_label(list(areas), plain, lang)
n_pilots = len(ctx.pilot_codes)
st.caption(t("part_count_rule_in", where=where) if where else t("part_count_rule"))
m = st.columns(5)
if where:
    inside = t("part_m_in_help", where=where)
    m[0].metric(t("part_m_activities_in", where=where), s.n_activities, border=True, help=inside)
    m[1].metric(t("part_m_partners_in", where=where), s.n_partners, border=True, help=inside)
    m[2].metric(t("part_m_sectors"), s.n_sectors, border=True, help=t("part_m_sectors_in", where=where))
    m[3].metric(t("part_m_provinces_of", n=len(areas)), s.n_provinces, border=True, help=t("part_m_provinces_of_help"))
else:
    m[0].metric(t("part_m_activities"), s.n_activities, border=True, help=t("part_m_activities_help"))
    m[1].metric(t("part_m_partners"), s.n_partners, border=True, help=t("part_m_activities_help"))
    m[2].metric(t("part_m_sectors"), s.n_sectors, border=True, help=t("part_m_activities_help"))
    m[3].metric(
        t("part_m_provinces"), s.n_provinces, border=True, help=t("part_m_provinces_help", n=s.n_pilots, total=n_pilots)
    )
m[4].metric(
    t("part_m_programme" if sel.programme else "part_m_programme_off"),
    s.n_programme,
    border=True,
    help=t("part_m_programme_help", n=s.n_programme_partners),
)

if acts.empty:
    st.info(t("part_none"), icon=":material/filter_alt_off:")
    st.stop()

# Sectors and partners
st.subheader(t("part_sector_header"), icon=":material/groups:")
sp = derive(view.sector_partner, acts, lang)
chart(
    ctx,
    figure(charts.partner_bars, sp, lang=lang, title=t("part_sector_title", n=len(acts))),
    derive(view.sector_partner_table, sp, lang),
    "part_partners",
    "partners-by-sector",
)
st.caption(t("part_sector_caption"))

# Who is missing where: sector x province
st.subheader(t("part_matrix_header"), icon=":material/grid_on:")
rows = list(areas) or derive(view.matrix_provinces, acts_all, ctx.provinces, f.pilot)
cells = derive(view.sector_cells, acts, rows, ctx.provinces, sectors, lang)
gaps = derive(view.sector_gaps, cells, lang)
g1, g2 = st.columns([1, 1], gap="medium")
with g1:
    lines = [
        f"- **{inert(view.gap_line(g, lang), 200)}** {inert(', '.join(g.missing), 2000)}" for g in gaps if g.missing
    ]
    everywhere = [g.sector_name for g in gaps if not g.missing]
    if everywhere:
        lines.append(f"- {inert(t('part_gap_everywhere', sectors=', '.join(everywhere)), 2000)}")
    st.markdown("\n".join(lines))
    st.caption(t("part_gap_caption"))
with g2:
    share = derive(view.sector_share, cells)
    chart(
        ctx,
        figure(charts.sector_share_bars, share, lang=lang, title=t("part_share_title")),
        derive(view.sector_share_table, share, lang),
        "part_share",
        "partners-sector-share",
    )
scope = t("part_scope_pilots", n=n_pilots) if f.pilot and not areas else t("part_scope_shown")
chart(
    ctx,
    figure(charts.sector_matrix, cells, lang=lang, title=t("part_matrix_title", scope=scope)),
    derive(view.sector_matrix_table, cells, lang),
    "part_matrix",
    "partners-province-sector",
)
st.caption(t("part_matrix_caption"))

# Participation over time
st.subheader(t("part_time_header"), icon=":material/timeline:")
this_year = datetime.now(ZoneInfo("Asia/Bangkok")).year
st.caption(t("part_time_rule", year=ctx.year(this_year), n=derive(view.undated, acts)))
py = derive(view.per_year, acts, sectors, this_year, lang)
if py.empty:
    st.info(t("part_time_none"), icon=":material/event_busy:")
else:
    y1, y2 = st.columns(2, gap="medium")
    with y1:
        chart(
            ctx,
            figure(charts.year_bars, py, value="n_activities", lang=lang, title=t("part_time_acts_title")),
            derive(view.per_year_table, py, lang),
            "part_time_acts",
            "partners-activities-per-year",
        )
    with y2:
        chart(
            ctx,
            figure(charts.year_bars, py, value="n_partners", lang=lang, title=t("part_time_partners_title")),
            derive(view.per_year_table, py, lang),
            "part_time_partners",
            "partners-partners-per-year",
        )
    nw = derive(view.new_partners, acts, sectors, this_year, lang)
    chart(
        ctx,
        figure(charts.new_partner_bars, nw, lang=lang, title=t("part_time_new_title")),
        derive(view.new_partners_table, nw, lang),
        "part_time_new",
        "partners-new-per-year",
    )

# Goals
st.subheader(t("part_goal_header"), icon=":material/flag:")
gc = derive(view.goal_counts, acts, ctx.goals, lang)
chart(
    ctx,
    figure(charts.goal_bars, gc, lang=lang, title=t("part_goal_title")),
    derive(view.goal_counts_table, gc, lang),
    "part_goals",
    "partners-by-goal",
)
st.caption(t("part_goal_caption"))

# Needs against help: weak goals (scores of the sidebar's dataset and year) beside the activities
st.subheader(t("part_needs_header"), icon=":material/crisis_alert:")
goal_ids = list(goals) or ctx.cat.goal_ids
need = derive(view.goal_gaps, ctx.scores().goal_level, acts, rows, goal_ids, ctx.provinces, ctx.goals, lang)
n_gap, n_weak, n_gap_prov = derive(view.gap_counts, need)
st.caption(t("part_needs_caption", dataset=ctx.dataset_name, year=ctx.year(f.year)))
if not need["score"].notna().any():
    st.info(t("part_needs_no_scores"), icon=":material/info:")
else:
    st.markdown(t("part_needs_summary", n=n_gap, weak=n_weak, provinces=n_gap_prov, total=need["code"].nunique()))
    chart(
        ctx,
        figure(
            charts.gap_grid,
            need,
            goals=ctx.goals,
            lang=lang,
            demo=ctx.is_demo,
            title=t("part_needs_title", scope=scope, year=ctx.year(f.year)),
        ),
        derive(view.gap_table, need, lang, ctx.is_demo),
        "part_needs",
        "partners-weak-goals",
    )
    st.caption(t("part_needs_grid_caption"))
    st.markdown(f"**{t('part_weakest_header', k=view.N_WEAKEST)}**")
    weakest = derive(view.weakest_beside, need, lang)
    st.dataframe(
        weakest,
        hide_index=True,
        height=min(420, 35 * (len(weakest) + 1) + 3),
        column_config={
            t("col_goal"): st.column_config.TextColumn(width=250),
            t("col_partner"): st.column_config.TextColumn(width=300),
        },
    )

# Budgets
st.subheader(t("part_budget_header"), icon=":material/payments:")
b = derive(view.budget_summary, acts)
st.caption(t("part_budget_rule"))
st.markdown(
    t("part_budget_line", n=b.n_with, total=len(acts), without=b.n_without, amount=f"{b.total / view.MILLION:,.1f}")
)
if b.n_with:
    bg = derive(view.budget_by_goal, acts, ctx.goals, goal_ids, lang)
    chart(
        ctx,
        figure(charts.budget_goal_bars, bg, lang=lang, title=t("part_budget_goal_title")),
        derive(view.budget_table, bg, "col_goal", lang),
        "part_budget_goal",
        "partners-budget-by-goal",
    )
    bp = derive(view.budget_by_province, acts, rows, ctx.provinces, lang)
    chart(
        ctx,
        figure(charts.budget_province_bars, bp, lang=lang, title=t("part_budget_province_title")),
        derive(view.budget_table, bp, "col_province", lang),
        "part_budget_province",
        "partners-budget-by-province",
    )

# The activity list and its downloads (the filters applied)
st.subheader(t("part_list_header"), icon=":material/list_alt:")
st.caption(t("part_list_caption", n=len(acts)))
stem = view.file_stem(sel, f.province)
filters = view.filter_rows(sel, sec_names, part_names, plain, list(areas), list(goals), lang)


def export_rows():  # built when a download is clicked
    return view.export_frame(acts, ctx.provinces, lang)


d1, d2, _ = st.columns([1, 1, 3])
d1.download_button(
    t("data_dl_csv"),
    lambda: exports.csv_bytes(export_rows()),
    f"{stem}.csv",
    "text/csv",
    key="part_dl_csv",
    icon=":material/download:",
    on_click="ignore",
    width="stretch",
    help=t("part_dl_help"),
)
d2.download_button(
    t("data_dl_xlsx"),
    lambda: exports.xlsx_bytes(
        export_rows(),
        view.readme_rows(filters, len(acts), datetime.now(ZoneInfo("Asia/Bangkok")), lang, release=release_label(lang)),
        t("part_sheet_data"),
        t("data_sheet_readme"),
    ),
    f"{stem}.xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="part_dl_xlsx",
    icon=":material/grid_on:",
    on_click="ignore",
    width="stretch",
    help=t("part_dl_help"),
)
W = dict(
    zip(
        (
            "col_partner",
            "col_sector",
            "col_activity",
            "part_col_area",
            "part_col_goals",
            "col_start",
            "col_end",
            "col_status",
        ),
        (180, 100, 280, 140, 110, 105, 105, 110),
    )
)
st.dataframe(
    derive(view.activity_table, acts, ctx.provinces, lang),
    hide_index=True,
    height=460,
    column_config={
        **{t(k): st.column_config.TextColumn(width=w) for k, w in W.items()},
        t("part_col_budget_thb"): st.column_config.NumberColumn(format="localized", width=120),
        t("col_link"): st.column_config.LinkColumn(display_text=r"https?://(?:www\.)?([^/]+)", width=130),
    },
)
