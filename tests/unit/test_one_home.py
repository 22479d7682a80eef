"""One home per concept: each fact of the domain is defined once and everything else calls it
(docs/DEVELOPING.md, 'Where each kind of change goes')."""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

import pytest

from lib.core.paths import ROOT
from tests.code_scan import docstrings

LIB = sorted((ROOT / "lib").rglob("*.py"))
APP = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *LIB]
CODE = [
    *APP,
    *sorted((ROOT / "bench").glob("*.py")),
    ROOT / "tests" / "browser" / "conftest.py",
]  # tests may state values
PROVINCE_CODE = re.compile(r"^TH-\d\d$")


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _parsed(paths: list[Path]) -> list[tuple[str, ast.Module]]:
    return [(_rel(p), ast.parse(p.read_text(encoding="utf-8"))) for p in paths]


def _strings(paths: list[Path]) -> list[tuple[str, int, str]]:
    """(file, line, value) of every string constant that is not a docstring."""
    out = []
    for rel, tree in _parsed(paths):
        docs = docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
                out.append((rel, node.lineno, node.value))
    return out


@pytest.mark.parametrize(
    ("name", "home"),
    [
        ("Status", "lib/core/vocab.py"),
        ("Trend", "lib/core/vocab.py"),
        ("DatasetKind", "lib/core/vocab.py"),
        ("Notice", "lib/core/filters.py"),
        ("Catalogue", "lib/core/catalogue.py"),
        ("Filters", "lib/core/filters.py"),
    ],
)
def test_class_defined_once(name: str, home: str) -> None:
    where = [
        rel for rel, tree in _parsed(LIB) for n in ast.walk(tree) if isinstance(n, ast.ClassDef) and n.name == name
    ]
    assert where == [home]


@pytest.mark.parametrize(
    ("name", "home"),
    [
        ("BE_OFFSET", "lib/core/vocab.py"),
        ("PILOT_STAR", "lib/core/vocab.py"),
        ("STATUS_COLOURS", "lib/core/vocab.py"),
        ("STATUS_ORDER", "lib/core/vocab.py"),
        ("GOALS", "lib/core/vocab.py"),
        ("DEFAULT_PROVINCE", "lib/core/catalogue.py"),
        ("CHROMIUM", "lib/brief/chromium.py"),
        ("CHROMIUM_ARGS", "lib/brief/chromium.py"),
    ],
)
def test_constant_assigned_once(name: str, home: str) -> None:
    where = []
    for rel, tree in _parsed(CODE):
        for node in ast.walk(tree):
            targets = (
                node.targets
                if isinstance(node, ast.Assign)
                else [node.target]
                if isinstance(node, ast.AnnAssign)
                else []
            )
            where += [rel for t in targets if isinstance(t, ast.Name) and t.id == name]
    assert where == [home]


@pytest.mark.parametrize(("text", "home"), [("★", "lib/core/vocab.py"), ("/usr/bin/chromium", "lib/brief/chromium.py")])
def test_literal_has_one_home(text: str, home: str) -> None:
    where = sorted({rel for rel, _, v in _strings(CODE) if text in v})
    assert where == [home]


def test_no_province_code_literals() -> None:
    """Province codes come from the catalogue; the demo generator's regional shifts are data."""
    allowed = {"lib/core/catalogue.py", "lib/store/demo.py"}
    found = [f"{rel}:{n}: {v}" for rel, n, v in _strings(APP) if PROVINCE_CODE.match(v) and rel not in allowed]
    assert not found, found


def _counts(tree: ast.Module) -> list[tuple[int, str]]:
    """Literal province and goal counts: 77 anywhere, 15/17 compared with, range(1, 18)."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and type(node.value) is int and node.value == 77:
            out.append((node.lineno, "77"))
        elif isinstance(node, ast.Compare):
            for side in (node.left, *node.comparators):
                if isinstance(side, ast.Constant) and type(side.value) is int and side.value in (15, 17):
                    out.append((node.lineno, f"compared with {side.value}"))
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "range"
              and any(isinstance(a, ast.Constant) and a.value in (17, 18) for a in node.args)):  # fmt: skip
            out.append((node.lineno, "range over the goals"))
    return out


def test_no_literal_counts() -> None:
    found = [f"{rel}:{n}: {w}" for rel, tree in _parsed(APP) if rel != "lib/core/vocab.py" for n, w in _counts(tree)]
    assert not found, "counts come from the catalogue or lib.core.vocab.GOALS:\n" + "\n".join(found)


def test_the_count_scan_finds_counts() -> None:
    tree = ast.parse("n = 77\nif len(x) == 17: pass\nfor g in range(1, 18): pass\n")
    assert [w for _, w in _counts(tree)] == ["77", "compared with 17", "range over the goals"]


def test_status_names_only_in_the_vocabulary() -> None:
    """Code names statuses through lib.core.vocab.Status, never by their colour words."""
    names = {"green", "yellow", "orange", "red", "grey"}
    counts = Counter(rel for rel, _, v in _strings(APP) if v in names)
    assert set(counts) == {"lib/core/vocab.py"}, dict(counts)


def test_trend_arrows_only_in_the_vocabulary() -> None:
    arrows = {"↑", "↗", "→", "↓", "•"}
    counts = Counter(rel for rel, _, v in _strings(APP) if v in arrows)
    assert set(counts) == {"lib/core/vocab.py"}, dict(counts)
