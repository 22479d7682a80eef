"""lib.app.releases.label: 'data as of release N (date)' follows publish and rollback."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from lib.app import releases
from lib.release.publish import publish, rollback
from lib.review import submissions as subs
from lib.users import accounts
from tests.unit.review.helpers import submit


def test_the_label_names_the_current_release_and_its_day(
    db: Path,
    store: sqlite3.Connection,
    people: dict[str, accounts.Account],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SDG_DB", str(db))
    assert releases.label("en") is None  # a fresh build: no release yet
    for who, name in (("sam", "chiang_mai_unemployment.csv"), ("boss", "seven_provinces_2022.csv")):
        subs.approve(store, submit(db, who, name, capsys), by="rita", comment="ok")
        publish(store, db, by="boss")
    today = datetime.now(ZoneInfo("Asia/Bangkok")).date()
    month_en = today.strftime("%b")
    assert releases.label("en") == f"Data as of release 2 ({today.day} {month_en} {today.year})"
    th = releases.label("th")
    assert th is not None and th.startswith("ข้อมูล ณ ชุดเผยแพร่ที่ 2 (") and th.endswith(f"{today.year + 543})")
    rollback(store, db, 1, by="boss")
    assert releases.label("en") == f"Data as of release 1 ({today.day} {month_en} {today.year})"
