"""The program lib.app.isolate runs in a child process (by path: ``python lib/app/child.py``, so
that importing it does not import lib.app and Streamlit). It reads one pickled request on stdin
({"target": "module:function", "args", "memory_mb", "cpu_seconds"}), limits its own memory
and CPU time, calls the function and writes one pickled answer on stdout:
{"status": "ok", "value"} | {"status": "memory"} | {"status": "error", "detail": traceback}.

``check`` is the admin page's file check (target ``__main__:check``), ``check_activities`` its
3W file check (``__main__:check_activities``)."""

from __future__ import annotations

import importlib
import os
import pickle
import resource
import sys
import traceback
from dataclasses import replace
from pathlib import Path
from typing import Any

if __name__ == "__main__":  # run by path: the project root, not lib/app, on the path
    sys.path[0] = str(Path(__file__).resolve().parents[2])


def check(data: bytes, name: str, options: Any, preview_rows: int) -> dict[str, Any]:
    """What the admin page shows of an uploaded file: its sheets, the checked result of
    lib.ingest.prepare (without the per-cell records, which only prepare needs), and for a
    report table the sheet's first `preview_rows` rows (the wizard's preview)."""
    from lib import ingest
    from lib.ingest.read import ReadFailure, read

    try:
        sheets = ingest.sheet_names(data, name)
    except ReadFailure:
        sheets = []
    prepared = ingest.prepare(data, name, options)
    head = None
    if prepared.parsed is not None:
        if prepared.parsed.layout is not None:
            try:
                table = read(data, name, options.sheet)
                head = replace(table, rows=table.rows[:preview_rows])
            except ReadFailure:
                head = None
        prepared = replace(prepared, parsed=replace(prepared.parsed, records=[]))
    return {"sheets": sheets, "prepared": prepared, "head": head}


def check_activities(data: bytes, name: str, registry: Any, sheet: str | None) -> Any:
    """The admin page's check of a 3W partner-activity file (lib.ingest.activities.check)."""
    from lib.ingest.activities import check as check_3w

    return check_3w(data, name, registry, sheet=sheet)


def _vm_bytes() -> int:
    """This process's address space now (Linux), 0 when unknown."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _limit(memory_mb: int, cpu_seconds: int) -> None:
    """Address space: what the imports took plus `memory_mb`; CPU time: `cpu_seconds` (the
    kernel stops the child even if the parent is gone)."""
    extra = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (_vm_bytes() + extra, resource.RLIM_INFINITY))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))


def _call(request: dict[str, Any]) -> dict[str, Any]:
    module_name, _, func_name = str(request["target"]).partition(":")
    module = sys.modules[__name__] if module_name == "__main__" else importlib.import_module(module_name)
    func = getattr(module, func_name)
    if module_name == "__main__":  # what check() needs, imported before the memory limit
        import lib.ingest  # noqa: F401
    _limit(int(request["memory_mb"]), int(request["cpu_seconds"]))
    try:
        return {"status": "ok", "value": func(*request["args"])}
    except MemoryError:
        return {"status": "memory"}
    except Exception as ex:  # reported to the parent, which logs it with an error id
        if "out of memory" in str(ex).lower() or "could not allocate" in str(ex).lower():
            return {"status": "memory"}  # DuckDB and arrow say it in their own words
        return {"status": "error", "detail": traceback.format_exc()}


def main() -> None:
    answer_fd = os.dup(1)  # the answer's channel; anything else printed goes to stderr
    os.dup2(2, 1)
    request = pickle.loads(sys.stdin.buffer.read())
    answer = _call(request)
    try:
        payload = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        payload = pickle.dumps({"status": "memory"})
    with os.fdopen(answer_fd, "wb") as out:
        out.write(payload)


if __name__ == "__main__":
    main()
