"""Numbered releases of the working database: what the dashboard shows.

Files, in ``releases/`` beside the working database (lib.store.db.releases_dir):
- ``release-0001.duckdb``: a copy of the working database as published, read-only (mode 0444)
  once written; releases are kept, never changed, never renumbered.
- ``release-0001.json``: its notes, generated from the data (values added and replaced per
  indicator and province, each submission with who submitted and who approved it, when).
- ``CURRENT``: the number of the release the dashboard reads, replaced atomically (os.replace).

:func:`publish` (an admin): the approved, unpublished submissions, oldest first, are checked
again from their original bytes with the options they were submitted with; one that no
longer checks, or no longer gives the rows that were approved, stops the publication and is
named. They are then applied with lib.store.imports.apply (the import's own write path) to
one staged copy of the working database, which is swapped in only when all of them applied
(all or nothing). The working database is copied to a temporary file in ``releases/``,
fsynced and renamed to the next number; the notes are written; CURRENT points at it; the
submissions are marked published and the publication audited. Under the working database's
writer lock throughout, so an import or another publish waits.

:func:`rollback` (an admin) points CURRENT at release N and restores the working database
from it (the replaced working file is kept beside it, hard-linked as
``<db>.before-rollback-<N>-<UTC time>``), so the next publish builds on N.

Crash safety: each file appears by rename, so a killed publish leaves either the old state or
the new files; if it dies after the swap but before the submissions are marked, they stay
approved and the next publish applies them again (their values are then unchanged).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import stat
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from lib.core.paths import db_path
from lib.ingest import activities
from lib.ingest.cli import options_from
from lib.ingest.pipeline import ROW_COLUMNS, Prepared, batch, prepare
from lib.ingest.report import Problem, render
from lib.review import submissions as subs
from lib.store import imports, partners
from lib.store.db import (
    CURRENT_FILE,
    atomic_replace,
    current_release_number,
    release_file,
    releases_dir,
    staged,
    writer_lock,
)
from lib.users import audit
from lib.users.accounts import ADMIN, Refused, actor
from lib.users.control import transaction

STAGE_TAG = "publish"  # the staged copy of the working database: ".<db name>.publish-<pid>"
MAX_PROBLEMS_NAMED = 10  # problems of a submission that no longer checks, printed
_RELEASE = re.compile(r"^release-(\d{4,})\.duckdb$")
# counts the notes sum over submissions: values of indicators, activities of 3W files
_TOTALS = ("added", "replaced", "activities_added", "activities_replaced", "new_partners")


@dataclass(frozen=True)
class Release:
    number: int
    path: Path  # the release's database file
    published_at: str | None  # UTC, ISO 8601 (from the notes)
    notes: dict[str, object] = field(default_factory=dict, compare=False, repr=False)


def notes_file(db: Path, number: int) -> Path:
    return releases_dir(db) / f"release-{number:04d}.json"


def _release(db: Path, number: int) -> Release:
    try:
        notes = json.loads(notes_file(db, number).read_text(encoding="utf-8"))
    except FileNotFoundError:
        notes = {}
    at = notes.get("published_at")
    return Release(number, release_file(db, number), str(at) if at else None, notes)


def numbers(db: Path) -> list[int]:
    folder = releases_dir(db)
    if not folder.is_dir():
        return []
    return sorted(int(m.group(1)) for p in folder.iterdir() if (m := _RELEASE.match(p.name)))


def releases(db: Path) -> list[Release]:
    """Every kept release, oldest first."""
    return [_release(db, n) for n in numbers(db)]


def current(db: Path | None = None) -> Release | None:
    """The release the dashboard reads (number, path, published_at), None before the first."""
    target = Path(db or db_path())
    number = current_release_number(target)
    return None if number is None else _release(target, number)


# ---------------------------------------------------------------- publish


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    atomic_replace(tmp, path)


def _point_current(db: Path, number: int) -> None:
    _write_atomic(releases_dir(db) / CURRENT_FILE, f"{number}\n".encode("ascii"))


def _same_rows(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    def norm(df: pd.DataFrame) -> list[tuple[object, ...]]:
        d = df[list(ROW_COLUMNS)].astype(object)
        d = d.where(d.notna(), None)
        return sorted((tuple(r) for r in d.itertuples(index=False)), key=repr)

    return len(a) == len(b) and norm(a) == norm(b)


def _refuse(s: subs.Submission, problems: list[Problem], count: int) -> Refused:
    shown = problems[:MAX_PROBLEMS_NAMED]
    details: list[tuple[str, dict[str, object]]] = [
        ("rel_problem", {"text": {"en": en, "th": th}})
        for en, th in zip(render(shown, "en"), render(shown, "th"), strict=True)
    ]
    return Refused("rel_no_longer_checks", details, id=s.submission_id, file=s.file_name, n=count)


def _recheck(con: sqlite3.Connection, db: Path, s: subs.Submission) -> Prepared | activities.Checked:
    """The submission checked again as it was submitted; Refused naming it if it fails, or if
    it no longer gives the rows that were approved."""
    data = subs.file_of(con, s.submission_id)
    stored = subs.rows_of(con, s.submission_id)
    if s.kind == subs.KINDS[0]:
        p = prepare(data, s.file_name, options_from(dict(s.options), db))
        if p.problems:
            raise _refuse(s, p.problems, p.problem_count)
        if not _same_rows(p.rows, stored):
            raise Refused("rel_rows_differ", id=s.submission_id, file=s.file_name)
        return p
    sheet = s.options.get("sheet")
    checked = activities.check(data, s.file_name, activities.load_registry(db), sheet=str(sheet) if sheet else None)
    if not checked.ok:
        problems = checked.problems or [Problem(s.file_name, None, None, "act_no_rows")]
        raise _refuse(s, problems, len(problems))
    if list(subs.activities_frame(checked.activities)["activity"]) != list(stored["activity"]):
        raise Refused("rel_rows_differ", id=s.submission_id, file=s.file_name)
    return checked


def _apply(work: duckdb.DuckDBPyConnection, s: subs.Submission, p: Prepared | activities.Checked) -> dict[str, object]:
    """Apply one re-checked submission on the staged copy; what its notes entry says of it."""
    if isinstance(p, Prepared):
        diffed = imports.diff(work, p.rows)
        done = imports.apply(work, replace(batch(p), imported_by=s.submitter))
        n = done.counts
        return {"dataset": p.dataset, "import_id": done.import_id, "added": n.added, "replaced": n.replaced,
                "unchanged": n.unchanged, "changes": _changes(diffed)}  # fmt: skip
    info = partners.FileInfo(s.file_name, s.file_sha256, p.file_format, s.submitter)
    w = partners.write_activities(work, p.activities, p.new_partners, info, "import")
    return {"import_id": w.import_id, "activities_added": w.added, "activities_replaced": w.replaced,
            "activities_unchanged": w.unchanged, "new_partners": w.new_partners}  # fmt: skip


def _changes(diffed: pd.DataFrame) -> list[dict[str, object]]:
    """Values added and replaced per indicator and province."""
    moved = diffed[diffed["status"] != "unchanged"]
    if moved.empty:
        return []
    counts = moved.groupby(["indicator_id", "province_code", "status"]).size().unstack(fill_value=0)
    for status in ("added", "replaced"):
        if status not in counts.columns:
            counts[status] = 0
    return [
        {"indicator_id": str(ind), "province_code": str(prov), "added": int(a), "replaced": int(r)}
        for ind, prov, a, r in counts.reset_index()[["indicator_id", "province_code", "added", "replaced"]].itertuples(
            index=False
        )
    ]


def _merge(parts: list[list[dict[str, object]]]) -> list[dict[str, object]]:
    total: dict[tuple[str, str], dict[str, int]] = {}
    for part in parts:
        for c in part:
            k = (str(c["indicator_id"]), str(c["province_code"]))
            e = total.setdefault(k, {"added": 0, "replaced": 0})
            e["added"] += int(str(c["added"]))
            e["replaced"] += int(str(c["replaced"]))
    return [{"indicator_id": i, "province_code": p, **v} for (i, p), v in sorted(total.items())]


def publish(con: sqlite3.Connection, db: Path, *, by: str) -> Release:
    """Publish the approved submissions as the next release (see the module docstring)."""
    actor(con, by, (ADMIN,))
    todo = subs.approved(con)
    if not todo:
        raise Refused("rel_nothing_approved")
    folder = releases_dir(db)
    folder.mkdir(parents=True, exist_ok=True)
    with writer_lock(db):
        checked = [(s, _recheck(con, db, s)) for s in todo]
        for stale in [*db.parent.glob(f".{db.name}.{STAGE_TAG}-*"), *folder.glob(".release-*")]:
            stale.unlink(missing_ok=True)
        entries: list[dict[str, object]] = []
        with staged(db, STAGE_TAG, copy_current=True) as work:
            for s, p in checked:
                review = subs.approver(con, s.submission_id)
                entry: dict[str, object] = {
                    "submission": s.submission_id,
                    "kind": s.kind,
                    "file": s.file_name,
                    "sha256": s.file_sha256,
                    "submitted_by": s.submitter,
                    "submitted_at": s.submitted_at,
                    "approved_by": review["reviewer"] if review else None,
                    "approved_at": review["reviewed_at"] if review else None,
                    "comment": review["reason"] if review else None,
                }
                entries.append(entry | _apply(work, s, p))
        parts = [c for e in entries if isinstance(c := e.get("changes"), list)]
        number = max(numbers(db), default=0) + 1
        target = release_file(db, number)
        tmp = folder / f".release-{number:04d}.duckdb.tmp-{os.getpid()}"
        shutil.copyfile(db, tmp)
        os.chmod(tmp, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)  # 0444: a release never changes
        atomic_replace(tmp, target)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        notes: dict[str, object] = {
            "release": number,
            "published_at": now,
            "published_by": by,
            "based_on": current_release_number(db),
            "submissions": entries,
            "changes": _merge(parts),
            **{k: sum(int(str(e.get(k, 0))) for e in entries) for k in _TOTALS},
        }
        _write_atomic(notes_file(db, number), json.dumps(notes, ensure_ascii=False, indent=2).encode("utf-8"))
        _point_current(db, number)
        with transaction(con):
            subs.mark_published(con, [s.submission_id for s, _ in checked], number)
            detail: dict[str, object] = {
                "submissions": [s.submission_id for s, _ in checked],
                "added": notes["added"],
                "replaced": notes["replaced"],
                "based_on": notes["based_on"],
            }
            audit.record(con, audit.PUBLISHED, actor=by, target=number, detail=detail, at=now)
    return _release(db, number)


def rollback(con: sqlite3.Connection, db: Path, number: int, *, by: str) -> Path:
    """Make release `number` current again and restore the working database from it; the
    path of the backup of the replaced working file."""
    actor(con, by, (ADMIN,))
    source = release_file(db, number)
    if not source.is_file():
        raise Refused("rel_unknown", n=number)
    with writer_lock(db):
        before = current_release_number(db)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        backup = db.with_name(f"{db.name}.before-rollback-{number:04d}-{stamp}")
        try:
            os.link(db, backup)  # the old working file itself, kept under a new name
        except OSError:
            shutil.copyfile(db, backup)
        tmp = db.with_name(f".{db.name}.rollback-{os.getpid()}")
        shutil.copyfile(source, tmp)
        os.chmod(tmp, stat.S_IRUSR | stat.S_IWUSR | stat.S_IRGRP | stat.S_IROTH)  # writable again: 0644
        atomic_replace(tmp, db)
        _point_current(db, number)
        with transaction(con):
            detail: dict[str, object] = {"from": before, "backup": backup.name}
            audit.record(con, audit.ROLLED_BACK, actor=by, target=number, detail=detail)
    return backup
