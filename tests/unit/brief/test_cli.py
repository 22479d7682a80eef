"""lib.brief.cli: ``python -m lib.brief`` for one province (PDF) and the pilots (ZIP)."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from lib.brief import cli
from lib.core.paths import ROOT
from tests.unit.brief.helpers import needs_chromium, pdf_pages

pytestmark = pytest.mark.slow


@needs_chromium
def test_cli(db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "b.pdf"
    assert cli.main(["--province", "th-58", "--lang", "en", "--out", str(out), "--db", str(db_path)]) == 0
    assert pdf_pages(out.read_bytes()) == 1
    assert cli.main(["--province", "TH-00", "--out", str(tmp_path / "n.pdf"), "--db", str(db_path)]) == 2
    assert (
        cli.main(["--province", "TH-58", "--dataset", "nope", "--out", str(tmp_path / "n.pdf"), "--db", str(db_path)])
        == 2
    )
    assert not (tmp_path / "n.pdf").exists()


def test_cli_refuses_both_languages_for_one_province(db_path: Path, tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(["--province", "TH-58", "--lang", "both", "--out", str(tmp_path / "x.pdf"), "--db", str(db_path)])
    assert exc.value.code == 2 and "--lang both needs --all-pilots" in capsys.readouterr().err


@needs_chromium
@pytest.mark.parametrize("dataset", [None, "demo"])
def test_python_m_lib_brief_all_pilots(db_path: Path, tmp_path: Path, dataset: str | None) -> None:
    """The module entry point, as a user runs it: the pilots' ZIP, of the real ``public`` data
    by default and of the demo data when asked for."""
    from lib.store import queries
    from lib.store.db import connect_read_only

    con = connect_read_only(db_path)
    try:
        expected = dataset or "public"
        latest = queries.years(con, expected)[-1]
    finally:
        con.close()
    out = tmp_path / "briefs.zip"
    args = ["--all-pilots", "--lang", "en", "--out", str(out), "--db", str(db_path)]
    run = subprocess.run(
        [sys.executable, "-m", "lib.brief", *args, *(["--dataset", dataset] if dataset else [])],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(f"wrote {out} (")
    with zipfile.ZipFile(io.BytesIO(out.read_bytes())) as zf:
        names = zf.namelist()
    assert len(names) == 15 and all(n.endswith(f"-en-{expected}-{latest}.pdf") for n in names), names
