"""Data import: a signed-in account (lib.app.admin) submits ministry files and 3W files for
review (lib.app.review: nothing reaches the dashboard before a reviewer approves and an admin
publishes). Indicator files are checked by lib.ingest outside the server process
(lib.app.checks); a report table (provinces in rows) goes through the mapping wizard
(lib.app.wizard). The registry forms and province targets, which review does not cover yet,
are written directly, by admins only (lib.app.registry_admin, lib.app.targets_admin)."""

from dataclasses import replace

import streamlit as st

from lib import ingest
from lib.app import checks, frame, gate, registry_admin, review, targets_admin, wizard
from lib.app.admin import is_admin, show_done
from lib.core.vocab import DatasetKind

ctx = frame("admin")
st.title(ctx.t("ingest_admin_title"))
acc = gate(ctx)
show_done()  # the message of the last write

WHAT = ("values", "activities", "forms", "targets")
what = st.segmented_control(
    ctx.t("admin_what"),
    WHAT,
    default=WHAT[0],
    required=True,
    format_func=lambda w: ctx.t(f"admin_what_{w}"),
    key="admin_what",
)
user = acc.name  # recorded as who imported or submitted
if what in ("forms", "targets"):
    st.info(ctx.t("rev_page_direct_" + ("admin" if is_admin(acc) else "refused")), icon=":material/info:")
if what == "activities":
    registry_admin.upload_3w(ctx, acc)
elif what == "targets" and is_admin(acc):
    targets_admin.upload(ctx, user)
elif what == "forms" and is_admin(acc):
    kind = st.radio(
        ctx.t("act_form_kind"), ("activity", "partner"), horizontal=True, format_func=lambda k: ctx.t(f"act_form_{k}")
    )
    (registry_admin.activity_form if kind == "activity" else registry_admin.partner_form)(ctx, user)
    st.subheader(ctx.t("act_hist_title"))
    registry_admin.history(ctx)
if what == WHAT[0]:  # indicator values
    max_mb = ingest.DEFAULT_LIMITS.max_bytes // ingest.MB
    st.download_button(
        ctx.t("ingest_admin_template"),
        ingest.template_csv_bytes(ctx.f.indicator),
        "sdg_import_template.csv",
        "text/csv",
        icon=":material/download:",
    )
    upload = st.file_uploader(
        ctx.t("ingest_admin_upload", max_mb=max_mb),
        type=["xls", "xlsx", "xlsm", "ods", "csv", "tsv", "txt"],
        max_upload_size=max_mb,
    )

    ministry = ctx.cat.datasets_of_kind(DatasetKind.MINISTRY) or [ingest.DEFAULT_DATASET]
    inds = ctx.indicators.set_index("indicator_id")[ctx.name].to_dict()
    c1, c2, c3 = st.columns(3)
    dataset = c1.selectbox(ctx.t("ingest_admin_dataset"), ministry, accept_new_options=True)
    indicator = c2.selectbox(
        ctx.t("ingest_admin_indicator"),
        [None, *inds],
        format_func=lambda i: ctx.t("ingest_admin_from_file") if i is None else f"{i} – {inds[i]}",
    )
    year_format = c3.radio(
        ctx.t("ingest_admin_year_format"),
        ["auto", "be", "ce"],
        horizontal=True,
        format_func=lambda f: ctx.t(f"ingest_year_{f}"),
    )

    if upload is not None:
        # every check runs outside the server process, in bounded time (lib.app.checks)
        data = upload.getvalue()
        base = ingest.Options(
            indicator=indicator,
            dataset=dataset,
            year_format=year_format,
            sheet=st.session_state.get(sheet_key := f"admin_sheet_{upload.file_id}"),
            user=user,
        )
        if (checked := checks.check(ctx, data, upload.name, base)) is None:
            st.stop()
        prepared, sheets, head = checked
        if len(sheets) > 1:
            read_sheet = prepared.info.get("sheet")
            sheet = st.selectbox(
                ctx.t("ingest_admin_sheet"),
                sheets,
                index=sheets.index(read_sheet) if read_sheet in sheets else 0,
                key=sheet_key,
            )
            if sheet != read_sheet and (checked := checks.check(ctx, data, upload.name, replace(base, sheet=sheet))):
                prepared, _, head = checked
            base = replace(base, sheet=sheet)
        layout = prepared.parsed.layout if prepared.parsed else None
        opts, chosen = base, None
        if layout is not None:  # a report table: the mapping wizard
            chosen = wizard.choose_recipe(ctx, layout)
            if chosen is not None:
                opts = wizard.apply_recipe(ctx, chosen, base)
            wizard.show_layout(ctx, layout, head)
            opts = wizard.choices(ctx, layout, opts, chosen)
            if opts != base:
                if (checked := checks.check(ctx, data, upload.name, opts)) is None:
                    st.stop()
                prepared = checked[0]
        st.text(ingest.summary(prepared, ctx.lang)[0])  # plain text: the file name is user input, never Markdown/HTML
        wizard.show_skipped(ctx, prepared.skipped)
        preview = prepared.rows
        choosing = [p.code for p in prepared.problems] == ["choose_column"]  # the wizard asks for the measure
        if prepared.problems and not choosing:
            st.error(ctx.t("ingest_admin_problems", n=f"{prepared.problem_count:,}"), icon=":material/error:")
            st.dataframe(
                ingest.problems_frame(prepared.problems, ctx.lang, more=prepared.more_problems),
                hide_index=True,
                width="stretch",
            )
        elif not prepared.problems:
            preview = ingest.preview_diff(prepared)
            added, replaced, unchanged = (
                int((preview["status"] == s).sum()) for s in ("added", "replaced", "unchanged")
            )
            st.success(ctx.t("ingest_admin_ok", added=added, replaced=replaced, unchanged=unchanged))
        if len(preview):
            st.subheader(ctx.t("ingest_admin_preview"))
            cols = ["row", "indicator_id", "province_code", "year", "disaggregation", "value", "old_value", "status"]
            st.dataframe(preview[[c for c in cols if c in preview]].head(1000), hide_index=True, width="stretch")
        if layout is not None:
            wizard.save_recipe(ctx, layout, opts, chosen, ready=not prepared.problems)
        if not prepared.problems:
            if (how := review.spec(opts, chosen, user)) is None:
                st.error(ctx.t("rev_page_options_unstored"), icon=":material/error:")
            else:
                review.submit_button(
                    ctx,
                    acc,
                    kind="indicators",
                    file_name=prepared.file_name,
                    sha256=prepared.sha256,
                    data=data,
                    options=how,
                    rows=prepared.rows,
                    dataset=prepared.dataset,
                )

review.my_submissions(ctx, acc)
st.subheader(ctx.t("ingest_admin_log"))
con = ingest.read_only()
try:
    st.dataframe(ingest.import_log(con), hide_index=True, width="stretch")
finally:
    con.close()
