"""The string files against the code: every key is used, and no user-visible text is written
in code outside lib/i18n/strings/ (so Thai and English stay in step)."""

from __future__ import annotations

import ast
import csv
import re
from pathlib import Path

import pytest

from lib.core.paths import ROOT, STRINGS_DIR
from tests.code_scan import docstrings

CODE = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "lib").rglob("*.py"))]
THAI = re.compile(r"[\u0e01-\u0e4f]")
WORD = re.compile(r"[A-Za-z\u0e01-\u0e4f]{2,}")

# Streamlit calls that put their first argument (or these keywords) on screen.
DISPLAY_CALLS = {
    "title", "header", "subheader", "caption", "markdown", "write", "info", "warning", "error", "success",
    "toast", "button", "download_button", "link_button", "form_submit_button", "page_link", "selectbox",
    "multiselect", "radio", "toggle", "checkbox", "segmented_control", "pills", "slider", "select_slider",
    "text_input", "number_input", "date_input", "file_uploader", "metric", "text", "expander", "popover",
    "spinner", "status", "tabs", "set_page_config", "badge",
}  # fmt: skip
DISPLAY_KEYWORDS = {"label", "help", "placeholder", "page_title", "caption", "title"}

# Thai written in code on purpose, with the reason.
THAI_ALLOWED = {
    "lib/app/widgets.py": "each language is named in itself in the language switch",
    "lib/ingest/formats.py": "header words as agencies write them in their files",
    "lib/ingest/cells.py": "missing-value marks and year prefixes as agencies write them",
    "lib/ingest/layout.py": "disaggregation, title, note and header words as agencies write them",
    "lib/ingest/provinces.py": "province name prefixes, totals and regions as agencies write them",
    "lib/ingest/pipeline.py": "yes/no words as agencies write them in flag columns",
    "lib/ingest/template.py": "the example row of the bilingual import template",
    "lib/core/disaggregation.py": "disaggregation words as agencies write them",
}


def _trees() -> dict[Path, ast.Module]:
    return {p: ast.parse(p.read_text(encoding="utf-8"), str(p)) for p in CODE}


def _keys() -> dict[str, str]:
    out: dict[str, str] = {}
    for path in sorted(STRINGS_DIR.glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as fh:
            out |= {row["key"]: path.name for row in csv.DictReader(fh)}
    return out


def _uses() -> tuple[set[str], set[str]]:
    """String constants in the code, and the constant heads of keys built at run time
    (f"page_{key}", "ingest_skip_" + k)."""
    literals: set[str] = set()
    heads: set[str] = set()
    for tree in _trees().values():
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
            elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                heads.add(str(node.values[0].value))
            elif (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add)
                  and isinstance(node.left, ast.Constant) and isinstance(node.left.value, str)):  # fmt: skip
                heads.add(node.left.value)
    return literals, {h for h in heads if re.fullmatch(r"[a-z][a-z0-9_.]*[_.]", h)}


def test_every_string_key_is_used() -> None:
    literals, heads = _uses()
    unused = sorted(
        f"{file}: {key}"
        for key, file in _keys().items()
        if key not in literals and not any(key.startswith(h) for h in heads)
    )
    assert not unused, "string keys no code uses (delete them or use them):\n" + "\n".join(unused)


def test_key_heads_are_seen() -> None:
    """The scan sees keys built at run time (else the check above would flag them all)."""
    _, heads = _uses()
    assert {"page_", "status.", "trend.", "kind.", "ingest_p_"} <= heads, sorted(heads)


def _text(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value if WORD.search(node.value) else None
    if isinstance(node, ast.JoinedStr):
        fixed = "".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))
        return fixed if WORD.search(fixed) else None
    return None


def test_no_hard_coded_text_on_screen() -> None:
    """Streamlit display calls in pages and lib/app take their text from t(), never a literal."""
    found = []
    for path, tree in _trees().items():
        rel = path.relative_to(ROOT).as_posix()
        if not (rel == "app.py" or rel.startswith(("pages/", "lib/app/"))):
            continue
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if not (isinstance(node.func.value, ast.Name) and node.func.value.id == "st"):
                continue
            if node.func.attr not in DISPLAY_CALLS:
                continue
            args = [*node.args[:1], *(k.value for k in node.keywords if k.arg in DISPLAY_KEYWORDS)]
            found += [f"{rel}:{node.lineno}: st.{node.func.attr}({s!r})" for a in args if (s := _text(a))]
    assert not found, "hard-coded text on screen (put it in lib/i18n/strings/):\n" + "\n".join(found)


def test_no_thai_in_code() -> None:
    """Thai text lives in the string files; the exceptions are listed with their reason."""
    found = []
    for path, tree in _trees().items():
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("lib/i18n/") or rel in THAI_ALLOWED:
            continue
        docs = docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and THAI.search(node.value):
                if id(node) in docs:
                    continue
                found.append(f"{rel}:{node.lineno}: {node.value[:50]!r}")
    assert not found, "Thai text written in code (put it in lib/i18n/strings/):\n" + "\n".join(found)


@pytest.mark.parametrize("rel", sorted(THAI_ALLOWED))
def test_thai_exceptions_still_needed(rel: str) -> None:
    tree = ast.parse((ROOT / rel).read_text(encoding="utf-8"))
    assert any(isinstance(n, ast.Constant) and isinstance(n.value, str) and THAI.search(n.value)
               for n in ast.walk(tree)), f"{rel} has no Thai any more: drop it from THAI_ALLOWED"  # fmt: skip
