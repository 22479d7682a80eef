"""The partner registry in the database: reads for the 3W checks, and the writes of a 3W file
or an admin form, each in one transaction, recorded in registry_history (the record before and
after, who, when) and, for a file, in import_log. Values are always bound as parameters.

Writes go through apply_staged: under the writer lock, into a staged copy swapped in
atomically once committed (lib.store.db.staged), so a failed or killed write leaves the
database as it was.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from lib.core.registry import Activity, Partner
from lib.store.db import staged, writer_lock

Con = duckdb.DuckDBPyConnection
STAGE_TAG = "registry"
_ACTIVITY_COLS = (
    "activity_id, partner_id, title, title_th, start_date, end_date, area_label, source_url, scope, status, "
    "budget_thb, funding_source, people_reached, contact_agency, origin, closed, updated_at, updated_by"
)


@dataclass(frozen=True)
class RegistryRows:
    sectors: list[tuple[str, str, str]]  # sector, name_th, name_en (sort order)
    partners: list[Partner]
    aliases: list[tuple[str, str]]  # partner_id, alias
    provinces: list[tuple[str, str, str]]  # code, name_th, name_en
    pilot_codes: list[str]


@dataclass(frozen=True)
class FileInfo:
    file_name: str
    file_sha256: str
    file_format: str
    imported_by: str


@dataclass(frozen=True)
class Written:
    added: int
    replaced: int
    unchanged: int
    new_partners: int
    import_id: int | None


def registry(con: Con) -> RegistryRows:
    partners = [
        Partner(*r)
        for r in con.execute(
            "SELECT partner_id, name_th, name_en, sector FROM partner WHERE closed IS NULL ORDER BY partner_id"
        ).fetchall()
    ]
    return RegistryRows(
        sectors=[
            (r[0], r[1], r[2])
            for r in con.execute("SELECT sector, name_th, name_en FROM sector ORDER BY sort").fetchall()
        ],
        partners=partners,
        aliases=[
            (r[0], r[1]) for r in con.execute("SELECT partner_id, alias FROM partner_alias ORDER BY ALL").fetchall()
        ],
        provinces=[
            (r[0], r[1], r[2]) for r in con.execute("SELECT code, name_th, name_en FROM province ORDER BY 1").fetchall()
        ],
        pilot_codes=[r[0] for r in con.execute("SELECT code FROM province WHERE is_pilot ORDER BY code").fetchall()],
    )


def _record(con: Con, activity_id: str) -> dict[str, Any] | None:
    """An activity as stored, with its provinces, goals and targets (for history and diffs)."""
    rows = con.execute(f"SELECT {_ACTIVITY_COLS} FROM activity WHERE activity_id = ?", [activity_id]).fetchall()
    if not rows:
        return None
    rec = dict(zip([c.strip() for c in _ACTIVITY_COLS.split(",")], rows[0], strict=True))
    for key, sql in (
        ("provinces", "SELECT province_code FROM activity_province WHERE activity_id = ? ORDER BY 1"),
        ("goals", "SELECT goal FROM activity_goal WHERE activity_id = ? ORDER BY 1"),
        ("targets", "SELECT target FROM activity_target WHERE activity_id = ? ORDER BY 1"),
    ):
        rec[key] = [r[0] for r in con.execute(sql, [activity_id]).fetchall()]
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in rec.items()}


_COMPARED = (
    "partner_id, title, title_th, start_date, end_date, area_label, source_url, scope, status, budget_thb, "
    "funding_source, people_reached, contact_agency, provinces, goals, targets"
).split(", ")


def _as_record(a: Activity) -> dict[str, Any]:
    d = asdict(a)
    return {
        "activity_id": a.activity_id,
        "partner_id": a.partner_id,
        "title": a.title_en,
        "title_th": a.title_th,
        "start_date": a.start_date,
        "end_date": a.end_date,
        "area_label": a.area_label,
        "source_url": a.source_url,
        "scope": a.scope,
        "status": a.status,
        "budget_thb": a.budget_thb,
        "funding_source": a.funding_source,
        "people_reached": a.people_reached,
        "contact_agency": a.contact_agency,
        "provinces": sorted(d["provinces"]),
        "goals": sorted(d["goals"]),
        "targets": sorted(d["targets"]),
    }


def _history(
    con: Con, who: str, when: datetime, kind: str, rid: str, action: str, import_id: int | None, before: Any, after: Any
) -> None:
    row = con.execute("SELECT coalesce(max(change_id), 0) + 1 FROM registry_history").fetchone()
    assert row is not None
    con.execute(
        "INSERT INTO registry_history VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            int(row[0]),
            when,
            who,
            kind,
            rid,
            action,
            import_id,
            None if before is None else json.dumps(before, ensure_ascii=False, sort_keys=True),
            json.dumps(after, ensure_ascii=False, sort_keys=True),
        ],
    )


def _write_activity(con: Con, a: Activity, origin: str, who: str, when: datetime) -> None:
    con.execute("DELETE FROM activity_province WHERE activity_id = ?", [a.activity_id])
    con.execute("DELETE FROM activity_goal WHERE activity_id = ?", [a.activity_id])
    con.execute("DELETE FROM activity_target WHERE activity_id = ?", [a.activity_id])
    # UPDATE, not DELETE + INSERT: DuckDB checks foreign keys against rows deleted in the same
    # transaction as if they were still there.
    con.execute(
        "INSERT INTO activity (activity_id, partner_id, title, title_th, area_label, source_url, scope) "
        "SELECT ?, ?, '', '', '', '', 'provinces' WHERE NOT EXISTS "
        "(SELECT 1 FROM activity WHERE activity_id = ?)",
        [a.activity_id, a.partner_id, a.activity_id],
    )
    # partner_id is left alone: it is part of the activity's identity, and updating an indexed
    # (foreign key) column is a DELETE + INSERT inside DuckDB.
    sets = ", ".join(f"{c.strip()} = ?" for c in _ACTIVITY_COLS.split(",")[2:])
    con.execute(
        f"UPDATE activity SET {sets} WHERE activity_id = ?",
        [
            a.title_en,
            a.title_th,
            a.start_date,
            a.end_date,
            a.area_label,
            a.source_url,
            a.scope,
            a.status,
            a.budget_thb,
            a.funding_source,
            a.people_reached,
            a.contact_agency,
            origin,
            None,
            when,
            who,
            a.activity_id,
        ],
    )
    for code in a.provinces:
        con.execute("INSERT INTO activity_province VALUES (?, ?)", [a.activity_id, code])
    for g in a.goals:
        con.execute("INSERT INTO activity_goal VALUES (?, ?)", [a.activity_id, g])
    for target in a.targets:
        con.execute("INSERT INTO activity_target VALUES (?, ?)", [a.activity_id, target])


def _add_partner(con: Con, p: Partner, origin: str, who: str, when: datetime, import_id: int | None) -> None:
    con.execute(
        "INSERT INTO partner VALUES (?, ?, ?, ?, ?, NULL, ?, ?)",
        [p.partner_id, p.name_th, p.name_en, p.sector, origin, when, who],
    )
    _history(con, who, when, "partner", p.partner_id, "added", import_id, None, asdict(p))


def write_activities(
    con: Con,
    activities: Sequence[Activity],
    new_partners: Sequence[Partner],
    info: FileInfo | None,
    origin: str,
    by: str | None = None,
) -> Written:
    """Add or replace activities (and the partners they create) in one transaction; a file
    (``info``) is logged in import_log, a form's change is recorded as ``by``. An activity
    identical to the stored one is unchanged."""
    when = datetime.now(UTC).replace(tzinfo=None)
    who = info.imported_by if info else (by or "form")
    con.execute("BEGIN TRANSACTION")
    try:
        import_id = None
        if info is not None:
            row = con.execute("SELECT coalesce(max(import_id), 0) + 1 FROM import_log").fetchone()
            assert row is not None
            import_id = int(row[0])
        for p in new_partners:
            _add_partner(con, p, origin, who, when, import_id)
        added = replaced = unchanged = 0
        for a in activities:
            before = _record(con, a.activity_id)
            after = _as_record(a)
            if before is not None and all(before.get(k) == after.get(k) for k in _COMPARED) and not before["closed"]:
                unchanged += 1
                continue
            _write_activity(con, a, origin, who, when)
            action = "added" if before is None else "replaced"
            added += before is None
            replaced += before is not None
            _history(con, who, when, "activity", a.activity_id, action, import_id, before, after)
        if info is not None:
            con.execute(
                "INSERT INTO import_log VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, 'activities')",
                [
                    import_id,
                    when,
                    info.file_name,
                    info.file_sha256,
                    info.file_format,
                    added,
                    replaced,
                    unchanged,
                    info.imported_by,
                ],
            )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return Written(added, replaced, unchanged, len(new_partners), import_id)


def close_activity(con: Con, activity_id: str, who: str, on: str) -> None:
    """Close one activity (kept, no longer counted as active), recorded in the history."""
    when = datetime.now(UTC).replace(tzinfo=None)
    con.execute("BEGIN TRANSACTION")
    try:
        before = _record(con, activity_id)
        if before is None:
            raise ValueError(f"no activity {activity_id!r}")
        con.execute(
            "UPDATE activity SET closed = ?, updated_at = ?, updated_by = ? WHERE activity_id = ?",
            [on, when, who, activity_id],
        )
        _history(con, who, when, "activity", activity_id, "closed", None, before, _record(con, activity_id))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def preview(con: Con, activities: Sequence[Activity]) -> list[str]:
    """What loading ``activities`` would do to each: 'added', 'replaced' or 'unchanged' (the
    rule write_activities applies), for the admin page's preview before it loads."""
    out = []
    for a in activities:
        before = _record(con, a.activity_id)
        after = _as_record(a)
        if before is None:
            out.append("added")
        elif all(before.get(k) == after.get(k) for k in _COMPARED) and not before["closed"]:
            out.append("unchanged")
        else:
            out.append("replaced")
    return out


def _partner(con: Con, partner_id: str) -> dict[str, Any] | None:
    rows = con.execute(
        "SELECT partner_id, name_th, name_en, sector, closed FROM partner WHERE partner_id = ?", [partner_id]
    ).fetchall()
    if not rows:
        return None
    rec = dict(zip(("partner_id", "name_th", "name_en", "sector", "closed"), rows[0], strict=True))
    rec["aliases"] = [
        r[0]
        for r in con.execute("SELECT alias FROM partner_alias WHERE partner_id = ? ORDER BY 1", [partner_id]).fetchall()
    ]
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in rec.items()}


def aliases(con: Con, partner_id: str) -> list[str]:
    return [
        r[0]
        for r in con.execute("SELECT alias FROM partner_alias WHERE partner_id = ? ORDER BY 1", [partner_id]).fetchall()
    ]


def add_partner(con: Con, p: Partner, aliases: Sequence[str], who: str) -> None:
    """A partner added by the admin form (the form's checks ran first), with its other names."""
    when = datetime.now(UTC).replace(tzinfo=None)
    con.execute("BEGIN TRANSACTION")
    try:
        _add_partner(con, p, "form", who, when, None)
        for alias in dict.fromkeys(aliases):
            con.execute("INSERT INTO partner_alias VALUES (?, ?)", [p.partner_id, alias])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def update_partner(con: Con, partner_id: str, name_th: str, name_en: str, aliases: Sequence[str], who: str) -> bool:
    """New names and other names of a partner; False when nothing changed. The sector is not
    changed here: it is part of who the partner is (participation by sector over the years
    stays true), so a partner that moves is closed and added again."""
    when = datetime.now(UTC).replace(tzinfo=None)
    con.execute("BEGIN TRANSACTION")
    try:
        before = _partner(con, partner_id)
        if before is None:
            raise ValueError(f"no partner {partner_id!r}")
        wanted = sorted(dict.fromkeys(a for a in aliases if a))
        if (before["name_th"], before["name_en"], before["aliases"]) == (name_th, name_en, wanted):
            con.execute("ROLLBACK")
            return False
        con.execute(
            "UPDATE partner SET name_th = ?, name_en = ?, updated_at = ?, updated_by = ? WHERE partner_id = ?",
            [name_th, name_en, when, who, partner_id],
        )
        con.execute("DELETE FROM partner_alias WHERE partner_id = ?", [partner_id])
        for alias in wanted:
            con.execute("INSERT INTO partner_alias VALUES (?, ?)", [partner_id, alias])
        _history(con, who, when, "partner", partner_id, "replaced", None, before, _partner(con, partner_id))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return True


def close_partner(con: Con, partner_id: str, who: str, on: str) -> int:
    """Close a partner and its activities still open (all kept, no longer counted as active),
    each recorded in the history. Returns how many activities were closed with it."""
    when = datetime.now(UTC).replace(tzinfo=None)
    con.execute("BEGIN TRANSACTION")
    try:
        before = _partner(con, partner_id)
        if before is None:
            raise ValueError(f"no partner {partner_id!r}")
        con.execute(
            "UPDATE partner SET closed = ?, updated_at = ?, updated_by = ? WHERE partner_id = ?",
            [on, when, who, partner_id],
        )
        _history(con, who, when, "partner", partner_id, "closed", None, before, _partner(con, partner_id))
        open_ids = [
            r[0]
            for r in con.execute(
                "SELECT activity_id FROM activity WHERE partner_id = ? AND closed IS NULL ORDER BY 1", [partner_id]
            ).fetchall()
        ]
        for aid in open_ids:
            was = _record(con, aid)
            con.execute(
                "UPDATE activity SET closed = ?, updated_at = ?, updated_by = ? WHERE activity_id = ?",
                [on, when, who, aid],
            )
            _history(con, who, when, "activity", aid, "closed", None, was, _record(con, aid))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return len(open_ids)


def history(con: Con, record_id: str | None = None, limit: int = 200) -> list[dict[str, Any]]:
    """The latest registry changes (of one record when given), newest first."""
    rows = con.execute(
        "SELECT change_id, changed_at, changed_by, record_kind, record_id, action, import_id, before, after "
        "FROM registry_history WHERE ? IS NULL OR record_id = ? ORDER BY change_id DESC LIMIT ?",
        [record_id, record_id, limit],
    ).fetchall()
    keys = "change_id changed_at changed_by record_kind record_id action import_id before after".split()
    return [dict(zip(keys, r, strict=True)) for r in rows]


def apply_staged(target: Path, write: Any, *args: Any) -> Any:
    """Run ``write(con, *args)`` (write_activities, close_activity, …) on a staged copy of
    ``target`` under the writer lock; swapped in when it returns, untouched when it raises."""
    with writer_lock(target):
        for stale in target.parent.glob(f".{target.name}.{STAGE_TAG}-*"):
            stale.unlink(missing_ok=True)
        with staged(target, STAGE_TAG, copy_current=True) as con:
            return write(con, *args)
