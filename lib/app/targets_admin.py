"""The admin page's province targets: a file of a province's own 2030 targets (its SDG
localization plan), checked outside the server process (lib.ingest.targets.check), previewed
against what is stored and loaded all-or-nothing; the stored targets listed below it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from lib import ingest
from lib.app import checks
from lib.app.admin import done
from lib.app.context import Ctx
from lib.app.data import query
from lib.app.registry_admin import XLSX
from lib.core.paths import db_path
from lib.ingest import targets
from lib.ingest.report import Problem
from lib.store import progress as store


def upload(ctx: Ctx, user: str) -> None:
    st.caption(ctx.t("tgt_admin_help"))
    c1, c2, _ = st.columns([1, 1, 2])
    c1.download_button(
        ctx.t("tgt_admin_template_csv"),
        targets.template_csv_bytes(ctx.lang),
        f"province_targets_template_{ctx.lang}.csv",
        "text/csv",
        icon=":material/download:",
    )
    c2.download_button(
        ctx.t("tgt_admin_template_xlsx"),
        targets.template_xlsx_bytes(ctx.lang),
        f"province_targets_template_{ctx.lang}.xlsx",
        XLSX,
        icon=":material/download:",
    )
    max_mb = ingest.DEFAULT_LIMITS.max_bytes // ingest.MB
    file = st.file_uploader(
        ctx.t("tgt_admin_upload", max_mb=max_mb),
        type=["csv", "tsv", "txt", "xlsx", "xlsm", "xls", "ods"],
        max_upload_size=max_mb,
        key="admin_targets_file",
    )
    stored = query(store.province_targets)
    if file is not None:
        _checked(ctx, user, file.getvalue(), file.name, stored)
    st.subheader(ctx.t("tgt_admin_stored", n=len(stored)))
    st.dataframe(_table(ctx, stored), hide_index=True, width="stretch")


def _checked(ctx: Ctx, user: str, data: bytes, name: str, stored: pd.DataFrame) -> None:
    checked = checks.check_targets(ctx, data, name)
    if checked is None:
        st.stop()
    if not checked.ok:
        shown = checked.problems or [Problem(name, None, None, "tgt_no_rows")]
        st.error(ctx.t("ingest_admin_problems", n=f"{len(shown):,}"), icon=":material/error:")
        st.dataframe(ingest.problems_frame(shown, ctx.lang), hide_index=True, width="stretch")
        return
    was = {(p, i): v for p, i, v in zip(stored["province_code"], stored["indicator_id"], stored["target_2030"])}
    states = [
        "added"
        if (r.province_code, r.indicator_id) not in was
        else "unchanged"
        if was[(r.province_code, r.indicator_id)] == r.target_2030
        else "replaced"
        for r in checked.rows
    ]
    counts = {s: states.count(s) for s in ("added", "replaced", "unchanged")}
    st.success(ctx.t("tgt_admin_ok", **counts), icon=":material/task_alt:")
    rows = pd.DataFrame(
        {
            "province_code": [r.province_code for r in checked.rows],
            "indicator_id": [r.indicator_id for r in checked.rows],
            "target_2030": [r.target_2030 for r in checked.rows],
            "source": [r.source for r in checked.rows],
            "note": [r.note for r in checked.rows],
        }
    )
    table = _table(ctx, rows)
    table.insert(0, ctx.t("ingest_col_row"), [r.row for r in checked.rows])
    table[ctx.t("act_admin_change")] = [ctx.t(f"act_admin_state_{s}") for s in states]
    st.dataframe(table, hide_index=True, width="stretch")
    if st.button(ctx.t("tgt_admin_confirm"), type="primary", icon=":material/upload:", disabled=not user):
        w = targets.apply(checked, Path(db_path()), user=user)
        done(
            ctx.t("tgt_admin_loaded", import_id=w.import_id, added=w.added, replaced=w.replaced, unchanged=w.unchanged)
        )
    if not user:
        st.caption(ctx.t("act_admin_need_user"))


def _table(ctx: Ctx, rows: pd.DataFrame) -> pd.DataFrame:
    """Targets for people: province and indicator names, the target, its source and note."""
    provinces = ctx.cat.province_names(ctx.lang)
    indicators = dict(zip(ctx.indicators["indicator_id"], ctx.indicators[ctx.name], strict=True))
    return pd.DataFrame(
        {
            ctx.t("tgt_col_province"): [provinces.get(c, c) for c in rows["province_code"]],
            ctx.t("tgt_col_indicator"): [indicators.get(i, i) for i in rows["indicator_id"]],
            ctx.t("tgt_col_target_2030"): rows["target_2030"].astype(float).tolist(),
            ctx.t("tgt_col_source"): rows["source"].astype(str).tolist(),
            ctx.t("tgt_col_note"): rows["note"].fillna("").astype(str).tolist(),
        }
    )
