"""The admin page's partner registry: a 3W file upload (checked outside the server process,
previewed, submitted for review: lib.app.review) and the forms that add, edit and close one
activity or partner (admins only, written directly: review covers files, not forms). A form is
checked by the importer's own rules (lib.ingest.activities.check_form, check_partner) and
written through lib.store.partners, so the history records who and when."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from lib import ingest
from lib.app import checks, review
from lib.app.admin import done
from lib.app.context import Ctx
from lib.app.data import query
from lib.core.collate import thai_sorted
from lib.core.paths import db_path
from lib.core.registry import HEADERS, STATUSES
from lib.core.vocab import GOALS
from lib.ingest import activities, template
from lib.ingest.report import Problem
from lib.review import submissions
from lib.store import partners as store
from lib.store import queries
from lib.users.accounts import Account

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NEW = "__new__"  # the picker's "add a new one" entry


def _db() -> Path:
    return Path(db_path())


def _field(ctx: Ctx, col: str | None) -> str:
    if col in HEADERS or col in ("name_th", "name_en", "aliases"):
        return ctx.t(f"act_field_{col}") if col in HEADERS else ctx.t(f"act_form_{col}")
    return col or ""


def _problems(ctx: Ctx, problems: list[Problem]) -> None:
    """A form's problems, each beside the name of its field (st.text: the values are user input)."""
    st.error(ctx.t("act_form_problems", n=len(problems)), icon=":material/error:")
    for p in problems:
        st.text(f"• {_field(ctx, p.column)}: {p.message(ctx.lang)}")


# ---------------------------------------------------------------- the 3W file


def upload_3w(ctx: Ctx, acc: Account) -> None:
    st.caption(ctx.t("act_admin_3w_help"))
    c1, c2, _ = st.columns([1, 1, 2])
    c1.download_button(
        ctx.t("act_admin_template_csv"),
        template.activity_template_csv(ctx.lang),
        f"3w_template_{ctx.lang}.csv",
        "text/csv",
        icon=":material/download:",
    )
    c2.download_button(
        ctx.t("act_admin_template_xlsx"),
        template.activity_template_xlsx(ctx.lang),
        f"3w_template_{ctx.lang}.xlsx",
        XLSX,
        icon=":material/download:",
    )
    max_mb = ingest.DEFAULT_LIMITS.max_bytes // ingest.MB
    upload = st.file_uploader(
        ctx.t("act_admin_upload", max_mb=max_mb),
        type=["csv", "tsv", "txt", "xlsx", "xlsm", "xls", "ods"],
        max_upload_size=max_mb,
        key="admin_3w_file",
    )
    if upload is None:
        return
    data = upload.getvalue()
    sheet = st.session_state.get(f"admin_3w_sheet_{upload.file_id}")
    checked = checks.check_activities(ctx, data, upload.name, sheet)
    if checked is None:
        st.stop()
    if checked.problems or not checked.activities:
        shown = checked.problems or [Problem(upload.name, None, None, "act_no_rows")]
        st.error(ctx.t("ingest_admin_problems", n=f"{len(shown):,}"), icon=":material/error:")
        st.dataframe(ingest.problems_frame(shown, ctx.lang), hide_index=True, width="stretch")
        return
    con = ingest.read_only()
    try:
        states = store.preview(con, checked.activities)
    finally:
        con.close()
    counts = {s: states.count(s) for s in ("added", "replaced", "unchanged")}
    st.success(ctx.t("act_admin_ok", new=len(checked.new_partners), **counts), icon=":material/task_alt:")
    if checked.new_partners:
        st.caption(ctx.t("act_admin_new_partners"))
        sectors = query(queries.sectors)
        sector_name = dict(zip(sectors["sector"], sectors[ctx.name], strict=True))
        st.dataframe(
            pd.DataFrame(
                {
                    ctx.t("act_form_name_th"): [p.name_th for p in checked.new_partners],
                    ctx.t("act_field_sector"): [sector_name.get(p.sector, p.sector) for p in checked.new_partners],
                }
            ),
            hide_index=True,
        )
    st.dataframe(_preview(ctx, checked, states), hide_index=True, width="stretch")
    review.submit_button(
        ctx,
        acc,
        kind=submissions.KINDS[1],
        file_name=checked.file_name,
        sha256=checked.sha256,
        data=data,
        options={"sheet": sheet, "user": acc.name},  # as lib.ingest.cli stores a 3W submission
        rows=submissions.activities_frame(checked.activities),
        dataset=None,
    )


def _preview(ctx: Ctx, checked: activities.Checked, states: list[str]) -> pd.DataFrame:
    names = ctx.cat.province_names(ctx.lang)
    partners = query(queries.partners)
    who = dict(zip(partners["partner_id"], partners[ctx.name], strict=True))
    who |= {p.partner_id: p.name_th if ctx.lang == "th" else p.name_en for p in checked.new_partners}
    acts = checked.activities
    return pd.DataFrame(
        {
            ctx.t("ingest_col_row"): [a.row for a in acts],
            ctx.t("act_field_partner"): [who.get(a.partner_id, a.partner_id) for a in acts],
            ctx.t("col_activity"): [a.title_th if ctx.lang == "th" else a.title_en for a in acts],
            ctx.t("act_field_provinces"): [
                ctx.t("act_pilots_word") if a.scope == "programme" else ", ".join(names.get(c, c) for c in a.provinces)
                for a in acts
            ],
            ctx.t("act_field_goals"): [", ".join(map(str, a.goals)) for a in acts],
            ctx.t("act_field_status"): [ctx.t(f"act_status_{a.status}") for a in acts],
            ctx.t("act_admin_change"): [ctx.t(f"act_admin_state_{s}") for s in states],
        }
    )


# ---------------------------------------------------------------- one activity


def activity_form(ctx: Ctx, user: str) -> None:
    acts = query(queries.activities)
    partners = query(queries.partners)
    open_partners = partners.loc[partners["closed"].isna()]
    pname = dict(zip(partners["partner_id"], partners[ctx.name], strict=True))
    order = acts.assign(_p=acts["partner_id"].map(pname)).sort_values(["_p", "title"])
    title_col = "title_th" if ctx.lang == "th" else "title"
    label = {
        str(a): f"{p} – {ti}" for a, p, ti in zip(order["activity_id"], order["_p"], order[title_col], strict=True)
    }
    chosen = st.selectbox(
        ctx.t("act_form_pick_activity"),
        [NEW, *label],
        format_func=lambda k: ctx.t("act_form_new_activity") if k == NEW else label[k],
        key="act_form_pick",
    )
    row: dict[str, Any] = {} if chosen == NEW else acts.loc[acts["activity_id"] == chosen].iloc[0].to_dict()
    province_names = ctx.cat.province_names(ctx.lang, mark_pilot=True)
    with st.form(f"act_form_{chosen}"):
        partner_ids = [str(p) for p in open_partners["partner_id"]]
        if row and row["partner_id"] not in partner_ids:
            partner_ids.append(str(row["partner_id"]))
        partner = st.selectbox(
            ctx.t("act_field_partner"),
            partner_ids,
            index=partner_ids.index(row["partner_id"]) if row else None,
            format_func=lambda p: str(pname.get(p, p)),
            placeholder=ctx.t("act_form_choose"),
            disabled=bool(row),
            help=ctx.t("act_form_partner_help"),
        )
        c1, c2 = st.columns(2)
        title_en = c1.text_input(ctx.t("act_field_title_en"), row.get("title", ""), max_chars=500)
        title_th = c2.text_input(ctx.t("act_field_title_th"), row.get("title_th", ""), max_chars=500)
        programme = st.checkbox(ctx.t("act_form_programme"), value=row.get("scope") == "programme")
        provinces = st.multiselect(
            ctx.t("act_field_provinces"),
            ctx.cat.provinces_pilots_first(ctx.lang),
            default=[] if not row or row["scope"] == "programme" else list(row["provinces"]),
            format_func=lambda c: province_names.get(c, c),
            placeholder=ctx.t("act_form_choose_many"),
            help=ctx.t("act_form_provinces_help"),
        )
        c1, c2 = st.columns(2)
        goals = c1.multiselect(
            ctx.t("act_field_goals"),
            list(GOALS),
            default=[int(g) for g in row.get("goals", [])],
            format_func=lambda g: ctx.cat.goal_name(g, ctx.lang),
            placeholder=ctx.t("act_form_choose_many"),
        )
        targets = c2.text_input(
            ctx.t("act_form_targets"), "; ".join(row.get("targets", [])), help=ctx.t("act_form_targets_help")
        )
        c1, c2, c3 = st.columns(3)
        start = c1.text_input(
            ctx.t("act_field_start_date"), row.get("start_date") or "", help=ctx.t("act_form_date_help")
        )
        end = c2.text_input(ctx.t("act_field_end_date"), row.get("end_date") or "", help=ctx.t("act_form_date_help"))
        status = c3.selectbox(
            ctx.t("act_field_status"),
            list(STATUSES),
            index=STATUSES.index(row["status"]) if row.get("status") in STATUSES else None,
            format_func=lambda s: ctx.t(f"act_status_{s}"),
            placeholder=ctx.t("act_form_choose"),
        )
        c1, c2, c3 = st.columns(3)
        budget = c1.text_input(ctx.t("act_field_budget_thb"), _num(row.get("budget_thb")))
        people = c2.text_input(ctx.t("act_field_people_reached"), _num(row.get("people_reached")))
        funding = c3.text_input(ctx.t("act_field_funding_source"), row.get("funding_source") or "", max_chars=300)
        c1, c2 = st.columns(2)
        contact = c1.text_input(ctx.t("act_field_contact_agency"), row.get("contact_agency") or "", max_chars=300)
        source = c2.text_input(ctx.t("act_field_source_url"), row.get("source_url", ""), max_chars=1000)
        saved = st.form_submit_button(ctx.t("act_form_save"), type="primary", icon=":material/save:", disabled=not user)
    if saved:
        values = {
            "partner": partner or "",
            "title_en": title_en,
            "title_th": title_th,
            "provinces": activities.PILOTS_WORD if programme else ";".join(provinces),
            "goals": ";".join([*(str(g) for g in goals), *(x.strip() for x in targets.split(";") if x.strip())]),
            "start_date": start,
            "end_date": end,
            "status": status or "",
            "budget_thb": budget,
            "people_reached": people,
            "funding_source": funding,
            "contact_agency": contact,
            "source_url": source,
        }
        registry = activities.load_registry(_db())
        keep = (str(row["activity_id"]), str(row["partner_id"])) if row else None
        checked = activities.check_form(values, registry, editing=keep)
        if checked.problems:
            _problems(ctx, checked.problems)
        else:
            w = store.apply_staged(_db(), store.write_activities, checked.activities, [], None, "form", user)
            key = "act_form_unchanged" if w.unchanged else ("act_form_added" if w.added else "act_form_replaced")
            done(ctx.t(key))
    if row:  # the picker lists open activities only
        _close(ctx, user, "activity", str(row["activity_id"]))
    if not user:
        st.caption(ctx.t("act_admin_need_user"))


def _num(v: object) -> str:
    if v is None or (isinstance(v, float) and v != v) or v is pd.NA:
        return ""
    f = float(v)  # type: ignore[arg-type]
    return str(int(f)) if f.is_integer() else str(f)


def _close(ctx: Ctx, user: str, kind: str, record_id: str, n_open: int = 0) -> None:
    with st.expander(ctx.t(f"act_form_close_{kind}"), icon=":material/archive:"):
        if n_open:
            st.caption(ctx.t("act_form_close_partner_note", n=n_open))
        on = st.date_input(ctx.t("act_form_closed_on"), value=date.today(), key=f"close_on_{record_id}")
        sure = st.checkbox(ctx.t("act_form_close_sure"), key=f"close_sure_{record_id}")
        if st.button(
            ctx.t(f"act_form_close_{kind}"),
            disabled=not (sure and user),
            key=f"close_{record_id}",
            icon=":material/archive:",
        ):
            if kind == "activity":
                store.apply_staged(_db(), store.close_activity, record_id, user, on.isoformat())
                done(ctx.t("act_form_closed_activity"))
            else:
                n = store.apply_staged(_db(), store.close_partner, record_id, user, on.isoformat())
                done(ctx.t("act_form_closed_partner", n=n))


# ---------------------------------------------------------------- one partner


def partner_form(ctx: Ctx, user: str) -> None:
    partners = query(queries.partners)
    sectors = query(queries.sectors)
    open_p = partners.loc[partners["closed"].isna()]
    label = {
        str(p): f"{n} ({s})"
        for p, n, s in zip(
            open_p["partner_id"],
            open_p[ctx.name],
            open_p["sector"].map(dict(zip(sectors["sector"], sectors[ctx.name], strict=True))),
            strict=True,
        )
    }
    chosen = st.selectbox(
        ctx.t("act_form_pick_partner"),
        [NEW, *thai_sorted(label, key=label.__getitem__)],
        format_func=lambda k: ctx.t("act_form_new_partner") if k == NEW else label[k],
        key="partner_form_pick",
    )
    row: dict[str, Any] = {} if chosen == NEW else open_p.loc[open_p["partner_id"] == chosen].iloc[0].to_dict()
    aliases = [] if not row else _aliases(str(row["partner_id"]))
    sector_names = dict(zip(sectors["sector"], sectors[ctx.name], strict=True))
    with st.form(f"partner_form_{chosen}"):
        c1, c2 = st.columns(2)
        name_th = c1.text_input(ctx.t("act_form_name_th"), row.get("name_th", ""), max_chars=200)
        name_en = c2.text_input(ctx.t("act_form_name_en"), row.get("name_en", ""), max_chars=200)
        sector = st.selectbox(
            ctx.t("act_field_sector"),
            list(sector_names),
            index=list(sector_names).index(row["sector"]) if row else None,
            format_func=sector_names.__getitem__,
            placeholder=ctx.t("act_form_choose"),
            disabled=bool(row),
            help=ctx.t("act_form_sector_help"),
        )
        others = st.text_area(ctx.t("act_form_aliases"), "\n".join(aliases), help=ctx.t("act_form_aliases_help"))
        saved = st.form_submit_button(ctx.t("act_form_save"), type="primary", icon=":material/save:", disabled=not user)
    if saved:
        registry = activities.load_registry(_db())
        alias_list = [a.strip() for a in others.splitlines() if a.strip()]
        editing = str(row["partner_id"]) if row else None
        partner, problems = activities.check_partner(
            registry, name_th, name_en, alias_list, sector=sector, editing=editing
        )
        if problems or partner is None:
            _problems(ctx, problems)
        elif editing is None:
            store.apply_staged(_db(), store.add_partner, partner, alias_list, user)
            done(ctx.t("act_form_partner_added", name=partner.name_th if ctx.lang == "th" else partner.name_en))
        else:
            changed = store.apply_staged(
                _db(), store.update_partner, editing, partner.name_th, partner.name_en, alias_list, user
            )
            done(ctx.t("act_form_partner_saved" if changed else "act_form_unchanged"))
    if row:
        acts = query(queries.activities)
        n_open = int((acts["partner_id"] == row["partner_id"]).sum())
        _close(ctx, user, "partner", str(row["partner_id"]), n_open)
    if not user:
        st.caption(ctx.t("act_admin_need_user"))


def _aliases(partner_id: str) -> list[str]:
    con = ingest.read_only()
    try:
        return store.aliases(con, partner_id)
    finally:
        con.close()


# ---------------------------------------------------------------- history


def history(ctx: Ctx) -> None:
    """The latest registry changes: when, who, what, which record."""
    con = ingest.read_only()
    try:
        rows = store.history(con, limit=50)
    finally:
        con.close()
    st.dataframe(
        pd.DataFrame(
            {
                ctx.t("act_hist_when"): [r["changed_at"] for r in rows],
                ctx.t("act_hist_who"): [r["changed_by"] for r in rows],
                ctx.t("act_hist_action"): [ctx.t(f"act_hist_{r['action']}") for r in rows],
                ctx.t("act_hist_kind"): [ctx.t(f"act_hist_kind_{r['record_kind']}") for r in rows],
                ctx.t("act_hist_record"): [r["record_id"] for r in rows],
                ctx.t("act_hist_import"): pd.array([r["import_id"] for r in rows], dtype="Int64"),
            }
        ),
        hide_index=True,
        width="stretch",
    )
