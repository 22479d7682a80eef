"""3W partner activities go the same way as indicator values: submitted within the scope (each
activity's provinces), reviewed, published in a release, all or nothing."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from lib.ingest import cli as ingest_cli
from lib.release.publish import publish
from lib.review import cli as review_cli
from lib.review import submissions as subs
from lib.store.db import connect_read_only
from lib.users import accounts
from tests.unit.review.helpers import FIXTURES

FILE = str(FIXTURES / "activities_3w.csv")


def titles(db: Path | None = None) -> list[str]:
    con = connect_read_only(db)
    try:
        rows = con.execute("SELECT title FROM activity WHERE title LIKE '%(invented)' ORDER BY 1").fetchall()
        return [r[0] for r in rows]
    finally:
        con.close()


def test_activities_are_scoped_reviewed_and_published(
    db: Path, store: sqlite3.Connection, people: dict[str, accounts.Account], capsys: pytest.CaptureFixture[str]
) -> None:
    args = [FILE, "--kind", "activities", "--submit", "--db", str(db)]
    assert ingest_cli.main([*args, "--as", "sam"]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == "  row 3: provinces outside the scope TH-52"
    assert ingest_cli.main([*args, "--as", "ivy"]) == 1  # a scope of indicators covers no activity
    assert len(capsys.readouterr().err.splitlines()) == 3
    assert ingest_cli.main([*args, "--as", "rita"]) == 0
    m = re.search(r"submission (\d+) \(2 activities\)", capsys.readouterr().out)
    assert m
    sid = int(m.group(1))
    assert subs.get(store, sid).kind == "activities" and subs.get(store, sid).flags == []
    assert review_cli.main(["show", str(sid), "--as", "boss", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "School water points (invented)" in out and "TH-50, TH-52" in out and "added" in out
    subs.approve(store, sid, by="boss")
    assert titles(db) == []  # nothing before publish
    made = publish(store, db, by="boss")
    assert titles(made.path) == ["Flood drills (invented)", "School water points (invented)"]
    (entry,) = made.notes["submissions"]  # type: ignore[misc]
    assert (entry["kind"], entry["activities_added"], entry["approved_by"]) == ("activities", 2, "boss")
    assert made.notes["activities_added"] == 2 and made.notes["added"] == 0
