"""Admin: import ministry files. Closed unless an admin password is configured
(lib.app.admin). The work is done by lib.ingest."""

import streamlit as st

from lib import ingest
from lib.app import clear_caches, frame, gate
from lib.core.vocab import DatasetKind

ctx = frame("admin")
st.title(ctx.t("ingest_admin_title"))
gate(ctx)

max_mb = ingest.DEFAULT_LIMITS.max_bytes // ingest.MB
st.download_button(
    ctx.t("ingest_admin_template"),
    ingest.template_csv_bytes(ctx.f.indicator),
    "sdg_import_template.csv",
    "text/csv",
    icon=":material/download:",
)
upload = st.file_uploader(
    ctx.t("ingest_admin_upload", max_mb=max_mb), type=["csv", "tsv", "txt", "xlsx"], max_upload_size=max_mb
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
user = st.text_input(ctx.t("ingest_admin_user"), max_chars=80)

if upload is not None:
    data = upload.getvalue()
    sheet = None
    if data[:4] == b"PK\x03\x04":
        try:
            sheets = ingest.sheet_names(data, upload.name)
        except ingest.ReadFailure:
            sheets = []
        if len(sheets) > 1:
            sheet = st.selectbox(ctx.t("ingest_admin_sheet"), sheets)
    opts = ingest.Options(
        indicator=indicator, dataset=dataset, year_format=year_format, sheet=sheet, user=user.strip() or None
    )
    prepared = ingest.prepare(data, upload.name, opts)
    for line in ingest.summary(prepared, ctx.lang):
        st.text(line)  # plain text: the file name is user input, never Markdown/HTML
    preview = prepared.rows
    if prepared.problems:
        st.error(ctx.t("ingest_admin_problems", n=len(prepared.problems)), icon=":material/error:")
        st.dataframe(ingest.problems_frame(prepared.problems, ctx.lang), hide_index=True, width="stretch")
    else:
        preview = ingest.preview_diff(prepared)
        added, replaced, unchanged = (int((preview["status"] == s).sum()) for s in ("added", "replaced", "unchanged"))
        st.success(ctx.t("ingest_admin_ok", added=added, replaced=replaced, unchanged=unchanged))
    if len(preview):
        st.subheader(ctx.t("ingest_admin_preview"))
        cols = ["row", "indicator_id", "province_code", "year", "disaggregation", "value", "old_value", "status"]
        st.dataframe(preview[[c for c in cols if c in preview]].head(1000), hide_index=True, width="stretch")
    if not prepared.problems and st.button(ctx.t("ingest_admin_confirm"), type="primary", icon=":material/upload:"):
        result = ingest.load(prepared)
        clear_caches()
        st.success(
            ctx.t(
                "ingest_admin_done",
                import_id=result.import_id,
                added=result.added,
                replaced=result.replaced,
                unchanged=result.unchanged,
            )
        )

st.subheader(ctx.t("ingest_admin_log"))
con = ingest.read_only()
try:
    st.dataframe(ingest.import_log(con), hide_index=True, width="stretch")
finally:
    con.close()
