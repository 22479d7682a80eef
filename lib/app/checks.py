"""The admin page's file checks: lib.ingest.prepare (and a 3W file's lib.ingest.activities.check)
run outside the serving process (lib.app.isolate,
lib/app/child.py's ``check``), with a status line that counts the seconds, stopped at the time
limit with a message saying so. Results are kept in the session (the last few, by file and
options), so a rerun of the page (any widget) does not check the same file again."""

from __future__ import annotations

import hashlib
import pickle
from collections import OrderedDict
from dataclasses import replace
from pathlib import Path
from typing import Any

import streamlit as st

from lib.app import errors, isolate
from lib.app.context import Ctx
from lib.app.wizard import PREVIEW_ROWS
from lib.core.paths import db_path
from lib.ingest import Options, Prepared, activities, targets
from lib.ingest.activities import Checked
from lib.ingest.read import Table
from lib.ingest.targets import Checked as TargetsChecked

TARGET = "__main__:check"  # lib/app/child.py's check (tests put a slower one in its place)
ACTIVITIES_TARGET = "__main__:check_activities"
TARGETS_TARGET = "lib.ingest.targets:check"
_KEPT = "checked_files"
KEEP = 4  # results kept per session


def _key(data: bytes, name: str, options: Options) -> str:
    return hashlib.sha256(hashlib.sha256(data).digest() + pickle.dumps((name, options))).hexdigest()


def check(ctx: Ctx, data: bytes, name: str, options: Options) -> tuple[Prepared, list[str], Table | None] | None:
    """(prepared, sheet names, the sheet's first rows for the wizard), or None when the check was
    stopped or failed (the page then says why and stops)."""
    options = replace(options, db=Path(options.db or db_path()), con=None)  # the child opens its own
    kept: OrderedDict[str, dict[str, Any]] = st.session_state.setdefault(_KEPT, OrderedDict())
    key = _key(data, name, options)
    if key not in kept:
        outcome = _run(ctx, TARGET, data, name, options, PREVIEW_ROWS)
        if outcome is None:
            return None
        kept[key] = outcome
        read = outcome["prepared"].info.get("sheet")
        if options.sheet is None and read:  # the sheet read by default, asked by name next time
            kept[_key(data, name, replace(options, sheet=read))] = outcome
        while len(kept) > KEEP:
            kept.popitem(last=False)
    kept.move_to_end(key)
    found = kept[key]
    return found["prepared"], found["sheets"], found["head"]


def check_activities(ctx: Ctx, data: bytes, name: str, sheet: str | None) -> Checked | None:
    """A 3W file checked outside the serving process (lib.ingest.activities.check), kept in the
    session like an indicator file; None when the check was stopped or failed."""
    kept: OrderedDict[str, Any] = st.session_state.setdefault(_KEPT, OrderedDict())
    key = "3w:" + _key(data, name, Options(sheet=sheet))
    if key not in kept:
        registry = activities.load_registry(Path(db_path()))
        outcome = _run(ctx, ACTIVITIES_TARGET, data, name, registry, sheet)
        if outcome is None:
            return None
        kept[key] = outcome
        while len(kept) > KEEP:
            kept.popitem(last=False)
    kept.move_to_end(key)
    found: Checked = kept[key]
    return found


def check_targets(ctx: Ctx, data: bytes, name: str) -> TargetsChecked | None:
    """A province-targets file checked outside the serving process (lib.ingest.targets.check)."""
    kept: OrderedDict[str, Any] = st.session_state.setdefault(_KEPT, OrderedDict())
    key = "targets:" + _key(data, name, Options())
    if key not in kept:
        lookup = targets.load_lookup(Path(db_path()))
        outcome = _run(ctx, TARGETS_TARGET, data, name, lookup)
        if outcome is None:
            return None
        kept[key] = outcome
        while len(kept) > KEEP:
            kept.popitem(last=False)
    kept.move_to_end(key)
    found: TargetsChecked = kept[key]
    return found


def _run(ctx: Ctx, target: str, *args: Any) -> Any:
    with st.status(ctx.t("ingest_check_running", seconds=0), expanded=False) as box:

        def tick(elapsed: float, waiting: bool) -> None:
            key = "ingest_check_waiting" if waiting else "ingest_check_running"
            box.update(label=ctx.t(key, seconds=int(elapsed)))

        outcome = isolate.run(target, *args, on_tick=tick)
        if outcome.ok:
            box.update(label=ctx.t("ingest_check_done", seconds=f"{outcome.seconds:.1f}"), state="complete")
            return outcome.value
        box.update(state="error")
    if outcome.problem == "timeout":
        st.error(ctx.t("ingest_check_timeout", seconds=int(isolate.SECONDS)), icon=":material/timer_off:")
    elif outcome.problem == "memory":
        st.error(ctx.t("ingest_check_memory", mb=isolate.MEMORY_MB), icon=":material/memory:")
    else:
        error_id = errors.report(RuntimeError(f"file check {outcome.problem}: {outcome.detail}"))
        st.error(ctx.t("ingest_check_failed", id=error_id), icon=":material/error:")
    return None
