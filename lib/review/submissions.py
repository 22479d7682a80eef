"""Submissions: a checked file stored apart from the published data until a reviewer approves
it and an admin publishes it (lib.release). Kept in the control store (lib.users.control):
the original bytes, how the file was read (options, JSON), the prepared rows (Parquet) and the
flags review needs (lib.review.flags).

Two kinds: indicator values (rows: lib.ingest.pipeline.ROW_COLUMNS) and partner activities in
the 3W form (rows: ACTIVITY_COLUMNS, one per activity, the whole activity as JSON).

Rules:
- Anyone with an enabled account submits; a submitter only rows inside their scope
  (lib.users.accounts.Account.covers): a file with any row outside it is refused whole, each
  such row named (the first MAX_NAMED, the rest counted). An activity is inside when every
  province it names is (so a scope of indicators only covers no activity).
- The flags (lib.review.flags) are for indicator values; activities have none.
- A reviewer or admin approves (a comment is optional) or rejects (a reason is required) a
  submission that is waiting ("submitted"), never their own.
- A submitter sees only their own submissions; reviewers and admins see all.
- Every submission and review is audited in the same transaction.
"""

from __future__ import annotations

import io
import json
import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from lib.core.registry import Activity
from lib.review import flags as checks
from lib.store import imports, published
from lib.store.db import read_path
from lib.users import audit
from lib.users.accounts import REVIEWERS, ROLES, SUBMITTER, Account, Refused, actor
from lib.users.control import transaction

KINDS: tuple[str, ...] = ("indicators", "activities")
SUBMITTED, APPROVED, REJECTED, PUBLISHED = "submitted", "approved", "rejected", "published"
MAX_NAMED = 20  # rows named in a refusal; the rest are counted
ACTIVITY_COLUMNS: tuple[str, ...] = ("row", "activity_id", "partner_id", "title", "provinces", "status", "activity")


@dataclass(frozen=True)
class Submission:
    submission_id: int
    submitter: str
    kind: str
    file_name: str
    file_sha256: str
    options: dict[str, object]
    dataset: str | None
    submitted_at: str
    status: str
    release: int | None
    flags: list[dict[str, object]] = field(default_factory=list)


@dataclass(frozen=True)
class Assessment:
    diffed: pd.DataFrame  # the rows with old_value and status (added / replaced / unchanged)
    flags: list[checks.Flag]


def _submission(r: sqlite3.Row) -> Submission:
    return Submission(
        int(r["submission_id"]),
        r["submitter"],
        r["kind"],
        r["file_name"],
        r["file_sha256"],
        json.loads(r["options"]),
        r["dataset"],
        r["submitted_at"],
        r["status"],
        None if r["release"] is None else int(r["release"]),
        json.loads(r["flags"]),
    )


_FIELDS = (
    "submission_id, submitter, kind, file_name, file_sha256, options, dataset, submitted_at, status, release, flags"
)


def to_parquet(rows: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    rows.reset_index(drop=True).to_parquet(buf, index=False)
    return buf.getvalue()


def from_parquet(data: bytes) -> pd.DataFrame:
    return pd.read_parquet(io.BytesIO(data))


def activities_frame(activities: list[Activity]) -> pd.DataFrame:
    """Activities as stored rows (ACTIVITY_COLUMNS); `activity` holds the whole record (JSON)."""
    return pd.DataFrame(
        [
            (
                a.row,
                a.activity_id,
                a.partner_id,
                a.title_en,
                ";".join(a.provinces),
                a.status,
                json.dumps(asdict(a), ensure_ascii=False, sort_keys=True),
            )  # fmt: skip
            for a in activities
        ],
        columns=list(ACTIVITY_COLUMNS),
    )


def activities_of(rows: pd.DataFrame) -> list[Activity]:
    """The activities of stored rows (activities_frame reversed)."""
    out = []
    for text in rows["activity"]:
        record: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in json.loads(str(text)).items()}
        out.append(Activity(**record))
    return out


def out_of_scope_activities(acc: Account, rows: pd.DataFrame) -> list[tuple[int, str]]:
    """(row, provinces outside) of every activity outside the account's scope."""
    if acc.role != SUBMITTER:
        return []
    out = []
    for row, provinces in rows[["row", "provinces"]].itertuples(index=False):
        codes = [c for c in str(provinces).split(";") if c]
        outside = [c for c in codes if not acc.covers(c, None)]
        if outside or not codes:
            out.append((int(str(row)), ", ".join(outside) or "-"))
    return out


def out_of_scope(acc: Account, rows: pd.DataFrame) -> list[tuple[int, str, str]]:
    """(row, province, indicator) of every row outside the account's scope."""
    return [
        (int(str(r.row)), str(r.province_code), str(r.indicator_id))
        for r in rows.itertuples(index=False)
        if not acc.covers(str(r.province_code), str(r.indicator_id))
    ]


def assess(db: Path, rows: pd.DataFrame, acc: Account) -> Assessment:
    """The rows against the published values (the file the dashboard reads), with the flags."""
    path = read_path(db)
    diffed = imports.preview(path, rows)
    found = checks.changes(diffed)
    for dataset, part in rows.groupby("dataset", sort=True):
        years = {int(str(y)) for y in part["year"]}
        pub = published.values(path, str(dataset), part["indicator_id"], years | {y - 1 for y in years})
        found += checks.outliers(part, pub)
        found += checks.missing(part, pub, acc.covers)
    return Assessment(diffed, found)


def submit(
    con: sqlite3.Connection,
    db: Path,
    name: str,
    *,
    kind: str,
    file_name: str,
    file_sha256: str,
    data: bytes,
    options: dict[str, object],
    rows: pd.DataFrame,
    dataset: str | None,
) -> int:
    """Store a checked file as a submission (see the module docstring); its id."""
    acc = actor(con, name, ROLES)
    if kind not in KINDS:
        raise Refused("rev_bad_kind", kind=kind)
    details: list[tuple[str, dict[str, object]]]
    if kind == KINDS[0]:
        bad = out_of_scope(acc, rows)
        details = [("rev_out_of_scope_row", {"row": r, "province": p, "indicator": i}) for r, p, i in bad]
    else:
        bad_acts = out_of_scope_activities(acc, rows)
        details = [("rev_out_of_scope_activity", {"row": r, "provinces": p}) for r, p in bad_acts]
    if details:
        n = len(details)
        details = details[:MAX_NAMED] + ([("rev_more_rows", {"n": n - MAX_NAMED})] if n > MAX_NAMED else [])
        scope = ", ".join([*acc.provinces, *acc.indicators])
        raise Refused("rev_out_of_scope", details, n=n, name=name, scope=scope)
    found = assess(db, rows, acc) if kind == KINDS[0] else Assessment(rows, [])
    flag_dicts = [f.as_dict() for f in found.flags]
    with transaction(con):
        actor(con, name, ROLES)  # still enabled
        now = audit.now_iso()
        cur = con.execute(
            f"INSERT INTO submission ({_FIELDS.replace('submission_id, ', '')}, file_bytes, rows) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)",
            [
                name,
                kind,
                file_name,
                file_sha256,
                json.dumps(options, ensure_ascii=False, sort_keys=True),
                dataset,
                now,
                SUBMITTED,
                json.dumps(flag_dicts, ensure_ascii=False),
                data,
                to_parquet(rows),
            ],
        )
        sid = int(cur.lastrowid or 0)
        counts = {k: sum(f.kind == k for f in found.flags) for k in checks.KINDS}
        detail: dict[str, object] = {"file": file_name, "sha256": file_sha256, "rows": len(rows), "flags": counts}
        audit.record(con, audit.SUBMITTED, actor=name, target=sid, detail=detail, at=now)
    return sid


def get(con: sqlite3.Connection, submission_id: int) -> Submission:
    r = con.execute(f"SELECT {_FIELDS} FROM submission WHERE submission_id = ?", [submission_id]).fetchone()
    if r is None:
        raise Refused("rev_unknown", id=submission_id)
    return _submission(r)


def rows_of(con: sqlite3.Connection, submission_id: int) -> pd.DataFrame:
    r = con.execute("SELECT rows FROM submission WHERE submission_id = ?", [submission_id]).fetchone()
    if r is None:
        raise Refused("rev_unknown", id=submission_id)
    return from_parquet(r[0])


def file_of(con: sqlite3.Connection, submission_id: int) -> bytes:
    r = con.execute("SELECT file_bytes FROM submission WHERE submission_id = ?", [submission_id]).fetchone()
    if r is None:
        raise Refused("rev_unknown", id=submission_id)
    return bytes(r[0])


def visible(con: sqlite3.Connection, name: str) -> list[Submission]:
    """What `name` may see: their own as a submitter, every submission as a reviewer or admin."""
    acc = actor(con, name, ROLES)
    sql = f"SELECT {_FIELDS} FROM submission"
    params: list[object] = []
    if acc.role == SUBMITTER:
        sql += " WHERE submitter = ?"
        params.append(acc.name)
    return [_submission(r) for r in con.execute(sql + " ORDER BY submission_id", params).fetchall()]


def seen_by(con: sqlite3.Connection, submission_id: int, name: str) -> Submission:
    """One submission, if `name` may see it (else Refused, the same as an unknown id)."""
    acc = actor(con, name, ROLES)
    sub = get(con, submission_id)
    if acc.role == SUBMITTER and sub.submitter != acc.name:
        raise Refused("rev_unknown", id=submission_id)
    return sub


def reviews(con: sqlite3.Connection, submission_id: int) -> list[sqlite3.Row]:
    return con.execute(
        "SELECT reviewer, decision, reason, reviewed_at FROM review WHERE submission_id = ? ORDER BY review_id",
        [submission_id],
    ).fetchall()


def _decide(con: sqlite3.Connection, submission_id: int, by: str, decision: str, reason: str | None) -> None:
    reason = (reason or "").strip() or None
    if decision == REJECTED and reason is None:
        raise Refused("rev_reason_needed")
    with transaction(con):
        actor(con, by, REVIEWERS)
        sub = get(con, submission_id)
        if sub.submitter == by:
            raise Refused("rev_own", id=submission_id)
        if sub.status != SUBMITTED:
            raise Refused("rev_not_waiting", id=submission_id, status=sub.status)
        now = audit.now_iso()
        con.execute(
            "INSERT INTO review (submission_id, reviewer, decision, reason, reviewed_at) VALUES (?, ?, ?, ?, ?)",
            [submission_id, by, decision, reason, now],
        )
        con.execute("UPDATE submission SET status = ? WHERE submission_id = ?", [decision, submission_id])
        action = audit.APPROVED if decision == APPROVED else audit.REJECTED
        audit.record(con, action, actor=by, target=submission_id, detail={"reason": reason}, at=now)


def approve(con: sqlite3.Connection, submission_id: int, *, by: str, comment: str | None = None) -> None:
    _decide(con, submission_id, by, APPROVED, comment)


def reject(con: sqlite3.Connection, submission_id: int, *, by: str, reason: str | None) -> None:
    _decide(con, submission_id, by, REJECTED, reason)


def approved(con: sqlite3.Connection) -> list[Submission]:
    """Approved and not yet published, oldest first (the order they are applied in)."""
    sql = f"SELECT {_FIELDS} FROM submission WHERE status = ? ORDER BY submission_id"
    return [_submission(r) for r in con.execute(sql, [APPROVED]).fetchall()]


def approver(con: sqlite3.Connection, submission_id: int) -> sqlite3.Row | None:
    """The approving review (reviewer, reviewed_at, reason) of a submission."""
    row: sqlite3.Row | None = con.execute(
        "SELECT reviewer, reviewed_at, reason FROM review WHERE submission_id = ? AND decision = ? "
        "ORDER BY review_id DESC LIMIT 1",
        [submission_id, APPROVED],
    ).fetchone()
    return row


def mark_published(con: sqlite3.Connection, ids: list[int], release: int) -> None:
    """Inside the caller's transaction: these submissions are in `release`."""
    for sid in ids:
        con.execute(
            "UPDATE submission SET status = ?, release = ? WHERE submission_id = ? AND status = ?",
            [PUBLISHED, release, sid, APPROVED],
        )
