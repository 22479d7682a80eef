"""The pages' side of the central database: submitting a checked file (the admin page), the
review of a submission, publishing, releases, rollback and the audit log (the review page).
Every rule is lib.review / lib.release / lib.users's own: these functions call the same
functions as the command line and show their refusals (lib.users.accounts.Refused)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from lib.app.admin import done, store
from lib.app.context import Ctx
from lib.app.text import inert
from lib.core.paths import db_path
from lib.i18n import Lang, year_label
from lib.ingest import Options, recipe
from lib.ingest.cli import options_from
from lib.release import publish as rel
from lib.review import cli as review_cli
from lib.review import flags as checks
from lib.review import submissions as subs
from lib.users import audit
from lib.users.accounts import Account, Refused

# Options the page sets (besides a recipe's) that a submission stores to be checked again
PAGE_OPTIONS = ("indicator", "dataset", "year_format", "sheet", "column", "scale", "year")
_SUBMITTED = "review_submitted"  # session state: {what was submitted: submission id}


def _db() -> Path:
    return Path(db_path())


def when(iso: str | None, lang: Lang) -> str:
    """A UTC time for people: B.E. years in Thai (2/12/2569 10:27 UTC), C.E. in English."""
    if not iso:
        return "-"
    d = datetime.fromisoformat(iso)
    day = f"{d.day}/{d.month}/{year_label(d.year, lang)}" if lang == "th" else f"{d:%Y-%m-%d}"
    return f"{day} {d:%H:%M} UTC"


def refused(ctx: Ctx, exc: Refused) -> None:
    """A rule's refusal: the message, then each named row as plain text (they hold user data)."""
    first, *rest = exc.lines(ctx.lang)
    st.error(ctx.t("rev_page_refused"), icon=":material/block:")
    st.text(first)
    for line in rest:
        st.text(line)


# ---------------------------------------------------------------- submitting (the admin page)


def spec(opts: Options, chosen: recipe.Recipe | None, user: str) -> dict[str, object] | None:
    """How the file was read, as a submission stores it (lib.ingest.cli.options_from reads it
    back at publication); None when these options would not read back the same."""
    base = chosen.options(Options()) if chosen is not None else Options()
    given = {k: getattr(opts, k) for k in PAGE_OPTIONS if getattr(opts, k) != getattr(base, k)}
    out: dict[str, object] = json.loads(
        json.dumps({"recipe": chosen.to_toml() if chosen else None, "given": given, "user": user}, ensure_ascii=False)
    )
    again = options_from(out, _db())
    same = replace(opts, db=_db(), user=user, con=None, current_year=again.current_year)
    return out if again == same else None


def submit_button(
    ctx: Ctx,
    acc: Account,
    *,
    kind: str,
    file_name: str,
    sha256: str,
    data: bytes,
    options: dict[str, object],
    rows: pd.DataFrame,
    dataset: str | None,
) -> None:
    """ "Submit for review" (lib.review.submissions.submit); then the submission's id. The same
    file with the same options is submitted once per session."""
    key = hashlib.sha256(f"{kind}\0{sha256}\0{json.dumps(options, sort_keys=True)}".encode()).hexdigest()
    made: dict[str, int] = st.session_state.setdefault(_SUBMITTED, {})
    if key in made:
        st.success(ctx.t("rev_page_submitted", id=made[key], n=len(rows)), icon=":material/outbox:")
        return
    if not st.button(ctx.t("rev_page_submit"), type="primary", icon=":material/outbox:", key=f"submit_{kind}"):
        st.caption(ctx.t("rev_page_submit_help"))
        return
    con = store()
    try:
        sid = subs.submit(con, _db(), acc.name, kind=kind, file_name=file_name, file_sha256=sha256, data=data,
                          options=options, rows=rows, dataset=dataset)  # fmt: skip
    except Refused as exc:
        refused(ctx, exc)
        return
    finally:
        con.close()
    made[key] = sid
    st.success(ctx.t("rev_page_submitted", id=sid, n=len(rows)), icon=":material/outbox:")


def _flag_counts(ctx: Ctx, s: subs.Submission) -> str:
    n = {k: sum(f["kind"] == k for f in s.flags) for k in checks.KINDS}
    return ", ".join(f"{ctx.t('rev_flag_' + k)} {v}" for k, v in n.items() if v) or "-"


def _status(ctx: Ctx, s: subs.Submission) -> str:
    text = ctx.t("rev_status_" + s.status)
    return text + (" " + ctx.t("rev_page_in_release", n=s.release) if s.release is not None else "")


def submissions_frame(ctx: Ctx, con: sqlite3.Connection, shown: list[subs.Submission]) -> pd.DataFrame:
    """Submissions for people, newest first: id, when, who, file, what, state, flags, review."""
    rows = list(reversed(shown))
    last = {s.submission_id: next(reversed(subs.reviews(con, s.submission_id)), None) for s in rows}
    return pd.DataFrame(
        {
            ctx.t("rev_page_col_id"): [s.submission_id for s in rows],
            ctx.t("rev_page_col_at"): [when(s.submitted_at, ctx.lang) for s in rows],
            ctx.t("rev_page_col_by"): [s.submitter for s in rows],
            ctx.t("rev_page_col_file"): [s.file_name for s in rows],
            ctx.t("rev_page_col_kind"): [ctx.t("rev_page_kind_" + s.kind) for s in rows],
            ctx.t("rev_page_col_status"): [_status(ctx, s) for s in rows],
            ctx.t("rev_col_flags"): [_flag_counts(ctx, s) for s in rows],
            ctx.t("rev_page_col_review"): [
                "-" if (r := last[s.submission_id]) is None else f"{r['reviewer']}: {r['reason'] or '-'}" for s in rows
            ],
        }
    )


def my_submissions(ctx: Ctx, acc: Account) -> None:
    """The signed-in account's own submissions and where each stands."""
    st.subheader(ctx.t("rev_page_mine"))
    con = store()
    try:
        mine = [s for s in subs.visible(con, acc.name) if s.submitter == acc.name]
        if not mine:
            st.caption(ctx.t("rev_page_none_yet"))
            return
        st.dataframe(submissions_frame(ctx, con, mine), hide_index=True, width="stretch")
    finally:
        con.close()


# ---------------------------------------------------------------- reviewing


def pending(ctx: Ctx, acc: Account) -> None:
    """Submissions waiting for review; one of them in full, approved or rejected here."""
    con = store()
    try:
        waiting = [s for s in subs.visible(con, acc.name) if s.status == subs.SUBMITTED]
        st.subheader(ctx.t("rev_page_pending", n=len(waiting)))
        if not waiting:
            st.caption(ctx.t("rev_page_nothing_pending"))
            return
        st.dataframe(submissions_frame(ctx, con, waiting), hide_index=True, width="stretch")
        by_id = {s.submission_id: s for s in waiting}
        sid = st.selectbox(
            ctx.t("rev_page_pick"),
            list(reversed(by_id)),
            format_func=lambda i: f"{i} · {by_id[i].file_name} · {by_id[i].submitter}",
            key="review_pick",
        )
        if sid is not None:
            _one(ctx, con, acc, by_id[sid])
    finally:
        con.close()


def _one(ctx: Ctx, con: sqlite3.Connection, acc: Account, s: subs.Submission) -> None:
    """One submission against the published values, with its flags, as `python -m lib.review
    show` prints it (the same functions), and the decision."""
    st.text(review_cli.head_line(s, ctx.lang))
    rows = subs.rows_of(con, s.submission_id)
    if s.kind == subs.KINDS[0]:
        found = review_cli.assessed(con, _db(), s)
        st.caption(review_cli.rules_line(ctx.lang))
        st.dataframe(review_cli.diff_table(found, ctx.lang), hide_index=True, width="stretch")
        gone = review_cli.missing_lines(found, ctx.lang)
        if gone:
            st.warning(ctx.t("rev_missing_head", n=len(gone)), icon=":material/location_off:")
            for line in gone:
                st.text(line)
    else:
        st.dataframe(review_cli.activities_table(_db(), rows, ctx.lang), hide_index=True, width="stretch")
    for line in review_cli.review_lines(con, s.submission_id, ctx.lang):
        st.text(line)
    own = s.submitter == acc.name
    comment = st.text_area(ctx.t("rev_page_comment"), max_chars=2000, key=f"review_comment_{s.submission_id}")
    c1, c2 = st.columns(2)
    approve = c1.button(
        ctx.t("rev_page_approve"),
        type="primary",
        icon=":material/check:",
        disabled=own,
        help=ctx.t("rev_page_own") if own else None,
        key=f"approve_{s.submission_id}",
    )
    reject = c2.button(
        ctx.t("rev_page_reject"),
        icon=":material/close:",
        disabled=own,
        help=ctx.t("rev_page_own") if own else None,
        key=f"reject_{s.submission_id}",
    )
    if own:
        st.caption(ctx.t("rev_page_own"))
    if reject and not comment.strip():
        st.error(ctx.t("rev_page_reason_needed"), icon=":material/edit_note:")
        return
    if not (approve or reject):
        return
    try:
        if approve:
            subs.approve(con, s.submission_id, by=acc.name, comment=comment)
        else:
            subs.reject(con, s.submission_id, by=acc.name, reason=comment)
    except Refused as exc:
        refused(ctx, exc)
        return
    done(ctx.t("rev_approved" if approve else "rev_rejected", id=s.submission_id))


# ---------------------------------------------------------------- publishing (admins)


def publishing(ctx: Ctx, acc: Account) -> None:
    """Approved submissions to publish as the next release."""
    db = _db()
    con = store()
    try:
        todo = subs.approved(con)
        number = max(rel.numbers(db), default=0) + 1
        st.subheader(ctx.t("rel_page_publish_head", n=len(todo)))
        if not todo:
            st.caption(ctx.t("rel_page_nothing"))
            return
        st.dataframe(submissions_frame(ctx, con, todo), hide_index=True, width="stretch")
        if not st.button(ctx.t("rel_page_publish", n=number), type="primary", icon=":material/publish:"):
            return
        try:
            made = rel.publish(con, db, by=acc.name)
        except Refused as exc:
            refused(ctx, exc)
            return
    finally:
        con.close()
    added, replaced = made.notes.get("added", 0), made.notes.get("replaced", 0)
    done(ctx.t("rel_page_published", n=made.number, added=added, replaced=replaced))


def releases(ctx: Ctx, acc: Account) -> None:
    """Every release with its notes, and rollback to an earlier one (confirmed)."""
    db = _db()
    kept = rel.releases(db)
    now = rel.current(db)
    st.subheader(ctx.t("rel_page_releases", n=len(kept)))
    if not kept:
        st.caption(ctx.t("rel_none"))
        return
    st.dataframe(releases_frame(ctx, kept, now), hide_index=True, width="stretch")
    others = [r.number for r in reversed(kept) if now is None or r.number != now.number]
    if not others:
        return
    with st.expander(ctx.t("rel_page_rollback_head"), icon=":material/undo:"):
        n = st.selectbox(ctx.t("rel_page_rollback_pick"), others, key="rollback_pick")
        sure = st.checkbox(ctx.t("rel_page_rollback_sure", n=n), key=f"rollback_sure_{n}")
        if st.button(ctx.t("rel_page_rollback", n=n), disabled=not sure, icon=":material/undo:", key="rollback"):
            con = store()
            try:
                rel.rollback(con, db, int(n), by=acc.name)
            except Refused as exc:
                refused(ctx, exc)
                return
            finally:
                con.close()
            done(ctx.t("rel_page_rolled_back", n=n))


def releases_frame(ctx: Ctx, kept: list[rel.Release], now: rel.Release | None) -> pd.DataFrame:
    rows = list(reversed(kept))

    def ids(r: rel.Release) -> str:
        entries = r.notes.get("submissions")
        return (
            ", ".join(str(e["submission"]) for e in entries if isinstance(e, dict))
            if isinstance(entries, list)
            else "-"
        )

    return pd.DataFrame(
        {
            ctx.t("rel_page_col_n"): [r.number for r in rows],
            ctx.t("rel_page_col_at"): [when(r.published_at, ctx.lang) for r in rows],
            ctx.t("rel_page_col_by"): [str(r.notes.get("published_by", "-")) for r in rows],
            ctx.t("rel_page_col_added"): [int(str(r.notes.get("added", 0))) for r in rows],
            ctx.t("rel_page_col_replaced"): [int(str(r.notes.get("replaced", 0))) for r in rows],
            ctx.t("rel_page_col_subs"): [ids(r) for r in rows],
            ctx.t("rel_page_col_current"): [
                ctx.t("rel_current_mark") if now is not None and r.number == now.number else "" for r in rows
            ],
        }
    )


def audit_log(ctx: Ctx) -> None:
    """The newest audit rows and the whole log as CSV."""
    con = store()
    try:
        log = audit.frame(con, limit=200)
        data = audit.csv_download(con)
    finally:
        con.close()
    st.subheader(ctx.t("rel_page_audit"))
    st.download_button(
        ctx.t("rel_page_audit_csv"), data, "audit_log.csv", "text/csv", icon=":material/download:", key="audit_csv"
    )
    shown = log.iloc[::-1].assign(at=[when(a, ctx.lang) for a in log["at"].iloc[::-1]])
    shown.columns = [ctx.t(f"rel_page_audit_{c}") for c in shown.columns]
    st.dataframe(shown, hide_index=True, width="stretch")


# ---------------------------------------------------------------- what changed (public)


def _dicts(value: object) -> list[dict[str, Any]]:
    """The dicts of a notes list (the notes are JSON)."""
    return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []


def release_notes(ctx: Ctx) -> None:
    """Each release's notes, newest first."""
    kept = rel.releases(_db())
    now = rel.current(_db())
    if not kept:
        st.info(ctx.t("chg_none"), icon=":material/info:")
        return
    provinces = ctx.cat.province_names(ctx.lang)
    inds = dict(zip(ctx.indicators["indicator_id"], ctx.indicators[ctx.name], strict=True))
    for r in reversed(kept):
        n = r.notes
        mark = " " + ctx.t("rel_current_mark") if now is not None and now.number == r.number else ""
        st.subheader(ctx.t("chg_release_head", n=r.number, at=when(r.published_at, ctx.lang)) + mark)
        st.caption(
            ctx.t(
                "chg_release_line",
                by=inert(str(n.get("published_by", "-"))),
                added=n.get("added", 0),
                replaced=n.get("replaced", 0),
                acts=int(str(n.get("activities_added", 0))) + int(str(n.get("activities_replaced", 0))),
            )
        )
        entries = _dicts(n.get("submissions"))
        st.dataframe(
            pd.DataFrame(
                {
                    ctx.t("rev_page_col_id"): [e.get("submission") for e in entries],
                    ctx.t("rev_page_col_file"): [str(e.get("file", "")) for e in entries],
                    ctx.t("rev_page_col_kind"): [ctx.t("rev_page_kind_" + str(e.get("kind"))) for e in entries],
                    ctx.t("chg_col_submitted"): [
                        f"{e.get('submitted_by')} · {when(e.get('submitted_at'), ctx.lang)}" for e in entries
                    ],
                    ctx.t("chg_col_approved"): [
                        f"{e.get('approved_by') or '-'} · {when(e.get('approved_at'), ctx.lang)}" for e in entries
                    ],
                }
            ),
            hide_index=True,
            width="stretch",
        )
        moved = _dicts(n.get("changes"))
        if moved:
            st.dataframe(
                pd.DataFrame(
                    {
                        ctx.t("rev_col_indicator"): [inds.get(c["indicator_id"], c["indicator_id"]) for c in moved],
                        ctx.t("rev_col_province"): [
                            provinces.get(c["province_code"], c["province_code"]) for c in moved
                        ],
                        ctx.t("rel_page_col_added"): [int(c["added"]) for c in moved],
                        ctx.t("rel_page_col_replaced"): [int(c["replaced"]) for c in moved],
                    }
                ),
                hide_index=True,
                width="stretch",
            )
