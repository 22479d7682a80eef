"""Submitting a fixture file the way a person does: `python -m lib.ingest FILE --submit --as NAME`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lib.core.paths import ROOT
from lib.ingest import cli as ingest_cli

FIXTURES = ROOT / "tests" / "fixtures" / "review"


def submit(db: Path, name: str, file: str, capsys: pytest.CaptureFixture[str]) -> int:
    """The new submission's id (the command must succeed)."""
    code = ingest_cli.main([str(FIXTURES / file), "--submit", "--as", name, "--db", str(db)])
    out = capsys.readouterr()
    assert code == 0, out.err
    m = re.search(r"Stored as submission (\d+)", out.out)
    assert m, out.out
    return int(m.group(1))
