"""lib.app.boot.freeze_heap: what is alive at a freeze leaves the collector's walk, new garbage
does not (Streamlit's full collection after every run then walks only what the run made)."""

from __future__ import annotations

import gc
import sys
import types
import weakref
from collections.abc import Iterator

import pytest

from lib.app import boot


@pytest.fixture
def heap(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # the count another test's module left behind could match ours by chance
    monkeypatch.setattr(boot, "_modules_at_freeze", -1)
    yield
    gc.unfreeze()  # leave the test process as it was


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def _cycle() -> tuple[_Node, weakref.ref[_Node]]:
    a, b = _Node(), _Node()
    a.other, b.other = b, a
    return a, weakref.ref(b)


def test_a_new_module_freezes_what_is_alive(heap: None, monkeypatch: pytest.MonkeyPatch) -> None:
    kept = _Node()
    assert boot.freeze_heap()
    assert gc.get_freeze_count() > 1000  # the libraries' objects, not just this test's
    tracked = {id(o) for o in gc.get_objects()}
    assert id(kept) not in tracked  # a full collection no longer walks it
    assert len(tracked) < gc.get_freeze_count() / 10


def test_no_new_module_no_freeze(heap: None, monkeypatch: pytest.MonkeyPatch) -> None:
    boot.freeze_heap()
    calls: list[int] = []
    monkeypatch.setattr(boot.gc, "collect", lambda *a: calls.append(1) or 0)
    assert not boot.freeze_heap()
    assert calls == []  # a page run without new imports pays nothing


def test_garbage_made_after_a_freeze_is_still_collected(heap: None, monkeypatch: pytest.MonkeyPatch) -> None:
    boot.freeze_heap()
    a, ref = _cycle()
    del a
    gc.collect()
    assert ref() is None


def test_a_freeze_collects_first_so_dead_cycles_are_not_kept(heap: None, monkeypatch: pytest.MonkeyPatch) -> None:
    a, ref = _cycle()
    del a  # unreachable, but only the cycle collector can free it
    assert boot.freeze_heap()
    assert ref() is None


def test_a_module_imported_later_freezes_again(heap: None, monkeypatch: pytest.MonkeyPatch) -> None:
    boot.freeze_heap()
    monkeypatch.setitem(sys.modules, "sdg_test_fresh_module", types.ModuleType("sdg_test_fresh_module"))
    assert boot.freeze_heap()  # a page's libraries, first imported by a later run
