"""lib.users.control: the control store takes writes from several processes at once."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from lib.users import audit, control

N = 40  # audit rows each process writes


def _writer(db: str, who: str) -> None:
    con = control.connect(Path(db))
    try:
        for i in range(N):
            with control.transaction(con):
                audit.record(con, audit.LOGIN_FAILED, actor=who, detail={"i": i})
    finally:
        con.close()


def test_two_processes_write_the_audit_log_at_once(tmp_path: Path) -> None:
    db = tmp_path / "sdg.duckdb"  # the control store is beside it; the database itself is not opened
    control.connect(db).close()
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_writer, args=(str(db), who)) for who in ("server-1", "server-2")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0]
    with control.opened(db) as con:
        log = audit.frame(con)
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert sorted(log["actor"].value_counts().items()) == [("server-1", N), ("server-2", N)]
