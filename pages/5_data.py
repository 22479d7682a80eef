"""Data & downloads: the filtered observations as a table with CSV and Excel downloads, the data
dictionary, data coverage (indicator x year, completeness per province), the consistency
report (values two sources give for the same key), data vintage and the import log. Demo data
is flagged on every row, in the file name and in the README sheet."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from lib import exports
from lib.app import (
    bad_param,
    chart,
    derive,
    fetch,
    figure,
    frame,
    page_params,
    query,
    release_label,
    set_page_params,
)
from lib.charts import data as charts
from lib.store import queries
from lib.views import consistency as cons
from lib.views import data as view

raw = page_params(view.URL_PARAMS)
ctx = frame("data")
f, lang, demo, t = ctx.f, ctx.lang, ctx.is_demo, ctx.t
ds = ctx.cat.dataset_row(f.dataset)
K = {"scope": "data_scope", "goals": "data_goals", "years": f"data_years_{f.dataset}", "start": "data_years_start"}
if K["scope"] not in st.session_state:  # first run of this page: restore the scope from the URL
    sel, notices = view.parse_params(raw, ctx.years)
    st.session_state.update(
        {K["scope"]: sel.scope, K["goals"]: sel.goals, K["start"]: {f.dataset: (sel.year_from, sel.year_to)}}
    )
    for n in notices:
        bad_param(ctx, n.param, n.value)
start = view.clamp_years(st.session_state.setdefault(K["start"], {}).get(f.dataset), ctx.years)

st.title(t("data_title"))
st.caption(
    t(
        "data_subtitle",
        dataset=ds[ctx.name],
        latest=ctx.year(None if ds["latest_year"] != ds["latest_year"] else int(ds["latest_year"])),
    )
)
pname, gname = ctx.province_name(f.province), ctx.goal_name(f.goal)
with st.container(border=True):
    c1, c2, c3 = st.columns([1.2, 1.2, 1.6], gap="large")
    c1.radio(
        t("data_goal_scope"),
        view.GOAL_SCOPES,
        key=K["goals"],
        format_func=lambda v: view.scope_text(view.DataScope(goals=v), gname, pname, lang)[0],
    )
    c2.radio(
        t("data_area_scope"),
        view.SCOPES,
        key=K["scope"],
        format_func=lambda v: view.scope_text(view.DataScope(scope=v), gname, pname, lang)[1],
    )
    if len(ctx.years) > 1:
        c3.select_slider(t("data_years"), options=ctx.years, value=start, key=K["years"], format_func=ctx.year)
    else:
        c3.caption(t("data_years_single", year=ctx.year(ctx.years[0])))
y0, y1 = view.clamp_years(st.session_state.get(K["years"], start), ctx.years)
sel = view.DataScope(st.session_state[K["scope"]], st.session_state[K["goals"]], y0, y1)
set_page_params(sel.to_params(ctx.years))
codes = view.scope_codes(sel.scope, f.province, ctx.provinces)
ids = view.scope_indicators(sel.goals, f.goal, ctx.indicators)
goals_txt, area_txt = view.scope_text(sel, gname, pname, lang)

# The filtered observations and their downloads
st.subheader(t("data_obs_header"), icon=":material/table_view:")
args = (f.dataset, None if ids is None else tuple(ids), None if codes is None else tuple(codes), y0, y1)
n_rows = query(queries.observation_count, *args)
# on screen only a preview: at national scale a selection can be millions of rows
exp = derive(
    view.export_frame,
    query(queries.observations, *args, limit=view.PREVIEW_ROWS),
    ctx.indicators,
    ctx.provinces,
    lang,
)


def export(layout: str) -> pd.DataFrame:  # the whole selection, read when a download is clicked
    exp = view.export_frame(fetch(queries.observations, *args), ctx.indicators, ctx.provinces, lang)
    return view.download_frame(exp, layout, lang, demo)


if exp.empty:
    st.info(t("data_no_rows"), icon=":material/filter_alt_off:")
else:
    st.caption(
        t("data_obs_caption", n=f"{n_rows:,}", goals=goals_txt, area=area_txt, years=view.years_text((y0, y1), lang))
    )
    if demo:
        st.warning(t("data_demo_caption"), icon=":material/science:")
    layout = st.segmented_control(
        t("data_layout"),
        view.LAYOUTS,
        default=view.LAYOUTS[0],
        format_func=lambda v: t(f"data_layout_{v}"),
        key="data_layout",
        required=True,
        help=t("data_layout_help"),
    )
    layout = layout or view.LAYOUTS[0]
    stem = view.file_stem(f.dataset, demo, sel, f.goal, f.province, (y0, y1)) + ("-wide" if layout == "wide" else "")
    readme = view.readme_rows(
        str(ds[ctx.name]),
        f.dataset,
        str(ds["kind"]),
        demo,
        sel,
        gname,
        pname,
        (y0, y1),
        n_rows,
        datetime.now(ZoneInfo("Asia/Bangkok")),
        lang,
        release=release_label(lang),
        layout=layout,
    )
    b1, b2, _ = st.columns([1, 1, 3])
    csv_ok, xlsx_ok = n_rows <= view.CSV_MAX_ROWS, n_rows <= view.XLSX_MAX_ROWS
    b1.download_button(
        t("data_dl_csv"),
        lambda: exports.csv_bytes(export(layout)),
        f"{stem}.csv",
        "text/csv",
        key="data_dl_csv",
        icon=":material/download:",
        on_click="ignore",
        width="stretch",
        disabled=not csv_ok,
        help=t("data_dl_help") if csv_ok else t("data_too_many", n=f"{n_rows:,}", max=f"{view.CSV_MAX_ROWS:,}"),
    )
    b2.download_button(
        t("data_dl_xlsx"),
        lambda: exports.xlsx_bytes(
            export(layout),
            readme,
            t("data_sheet_data"),
            t("data_sheet_readme"),
            t("data_xlsx_warning") if demo else None,
        ),
        f"{stem}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="data_dl_xlsx",
        icon=":material/grid_on:",
        on_click="ignore",
        width="stretch",
        disabled=not xlsx_ok,
        help=t("data_xlsx_help") if xlsx_ok else t("data_too_many", n=f"{n_rows:,}", max=f"{view.XLSX_MAX_ROWS:,}"),
    )
    if not xlsx_ok:
        key, cap = ("data_too_many_xlsx", view.XLSX_MAX_ROWS) if csv_ok else ("data_too_many", view.CSV_MAX_ROWS)
        st.info(t(key, n=f"{n_rows:,}", max=f"{cap:,}"), icon=":material/filter_alt:")
    if n_rows > len(exp):
        st.caption(t("data_preview", n=f"{len(exp):,}", total=f"{n_rows:,}"))
    W = {
        "col_indicator": 320,
        "data_col_sdg_code": 75,
        "col_province": 130,
        "col_year": 60,
        "col_unit": 150,
        "data_col_flags": 110,
        "col_source": 220,
    }
    st.dataframe(
        derive(view.display_table, exp, lang, demo),
        hide_index=True,
        height=420,
        column_config={
            **{t(k): st.column_config.TextColumn(width=w) for k, w in W.items()},
            t("col_link"): st.column_config.LinkColumn(display_text=r"https?://(?:www\.)?([^/]+)", width=140),
            t("col_value"): st.column_config.NumberColumn(format="localized", width=90),
        },
    )

# Coverage: which indicator x year has data, and completeness per province
st.subheader(t("data_cov_header"), icon=":material/grid_view:")
counts = query(
    queries.coverage, f.dataset, None if ids is None else tuple(ids), None if codes is None else tuple(codes), y0, y1
)
cov = derive(
    view.coverage,
    counts,
    ctx.indicators,
    ids,
    len(ctx.provinces) if codes is None else len(codes),
    tuple(y for y in ctx.years if y0 <= y <= y1),
    lang,
)
chart(
    ctx,
    figure(charts.coverage_heatmap, cov, lang=lang, demo=demo, title=t("data_cov_title", area=area_txt)),
    derive(view.coverage_table, cov, lang, demo),
    "data_coverage",
    f"{stem if not exp.empty else 'sdg'}_coverage",
)
st.caption(t("data_cov_caption"))
comp = derive(
    view.completeness,
    query(queries.presence, f.dataset, f.year),
    ctx.indicators,
    view.scope_goals(sel.goals, f.goal),
    codes,
    ctx.provinces,
    lang,
)
chart(
    ctx,
    figure(
        charts.completeness_bars,
        comp,
        lang=lang,
        demo=demo,
        title=t("data_comp_title", year=ctx.year(f.year), goals=goals_txt),
    ),
    derive(view.completeness_table, comp, lang, demo),
    "data_completeness",
    f"completeness_{f.dataset}_{f.year}",
)
st.caption(t("data_comp_caption"))

# Data dictionary
st.subheader(t("data_dict_header"), icon=":material/menu_book:")
dic = derive(view.dictionary, ctx.indicators, ctx.goals, lang)
st.caption(t("data_dict_caption", n=len(dic)))
st.download_button(
    t("data_dl_dict"),
    lambda: exports.csv_bytes(dic),
    f"sdg_indicator_dictionary_{lang}.csv",
    "text/csv",
    key="data_dl_dict",
    icon=":material/download:",
    on_click="ignore",
)
st.dataframe(
    derive(view.dictionary_display, dic, lang),
    hide_index=True,
    height=420,
    column_config={
        t(k): st.column_config.TextColumn(width=w)
        for k, w in {"col_goal": 170, "data_col_sdg_code": 75, "col_indicator": 320, "data_col_definition": 420}.items()
    },
)

# Consistency between sources: values two sources give for the same key, the one shown first
st.subheader(t("cons_header"), icon=":material/compare_arrows:")
st.caption(t("cons_caption"))
pairs = query(queries.consistency, f.dataset)
if pairs.empty:
    st.info(t("cons_none"), icon=":material/info:")
else:
    tally = derive(cons.summary, pairs)
    st.caption(
        t(
            "cons_counts",
            n=f"{tally.n_pairs:,}",
            differ=f"{tally.n_differ:,}",
            agree=f"{tally.n_agree:,}",
            tol=cons.TOL_PCT,
        )
    )
    every = tally.n_agree > 0 and st.toggle(t("cons_show_all", tol=cons.TOL_PCT), key="cons_show_all")
    report = derive(cons.report, pairs, ctx.indicators, ctx.provinces, lang, include_agreeing=every, demo=demo)
    if len(report):
        links = st.column_config.LinkColumn(display_text=r"https?://(?:www\.)?([^/]+)", width=140)
        st.dataframe(
            report,
            hide_index=True,
            column_config={
                t("col_indicator"): st.column_config.TextColumn(width=260),
                t("cons_col_diff"): st.column_config.NumberColumn(format="%+.1f %%", width=90),
                t("cons_col_shown_source"): st.column_config.TextColumn(width=260),
                t("cons_col_other_source"): st.column_config.TextColumn(width=260),
                t("cons_col_shown_link"): links,
                t("cons_col_other_link"): links,
            },
        )
    st.download_button(
        t("cons_dl_csv"),
        lambda: exports.csv_bytes(cons.export_frame(pairs, ctx.indicators, ctx.provinces, lang)),
        cons.file_name(f.dataset, demo, lang),
        "text/csv",
        key="cons_dl_csv",
        icon=":material/download:",
        on_click="ignore",
        help=t("cons_dl_help"),
    )
st.caption(t("cons_bueng_kan"))

# Data vintage and import log
st.subheader(t("data_vintage_header"), icon=":material/update:")
st.caption(t("data_vintage_caption"))
st.dataframe(derive(view.vintage_table, ctx.datasets, lang), hide_index=True)
log = query(queries.import_log)
if len(log):
    st.subheader(t("data_log_header"), icon=":material/history:")
    st.dataframe(derive(view.import_log_table, log, lang), hide_index=True)
