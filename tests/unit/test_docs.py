"""The docs against the code: docs/DEVELOPING.md names every lib package, the import layers
as pyproject.toml checks them, and the make tasks it mentions; the README's first commands are
the ones CI and a newcomer run."""

from __future__ import annotations

import re
import tomllib

from lib.core.paths import ROOT

DEVELOPING = (ROOT / "docs" / "DEVELOPING.md").read_text(encoding="utf-8")


def _packages() -> list[str]:
    return sorted(p.parent.name for p in (ROOT / "lib").glob("*/__init__.py"))


def test_every_lib_package_is_described() -> None:
    assert len(_packages()) >= 9, _packages()  # the scan finds the packages
    missing = [p for p in _packages() if f"`lib/{p}/`" not in DEVELOPING]
    assert not missing, f"docs/DEVELOPING.md does not describe: {missing}"


def test_described_packages_exist() -> None:
    named = set(re.findall(r"`lib/([a-z0-9_]+)/`", DEVELOPING))
    assert not named - set(_packages()), f"described but missing: {sorted(named - set(_packages()))}"


def test_layers_match_the_import_contract() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers")
    block = DEVELOPING.split("<!-- layers:start -->")[1].split("<!-- layers:end -->")[0]
    documented = [" | ".join(re.findall(r"`([a-z0-9_.]+)`", line)) for line in block.strip().splitlines()]
    assert documented == contract["layers"]


def test_layers_cover_every_package() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers")
    layered = {m.strip().removeprefix("lib.") for layer in contract["layers"] for m in layer.split("|")}
    assert layered == set(_packages())


def test_make_tasks_exist() -> None:
    targets = set(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M))
    mentioned = set(re.findall(r"`?make ([a-z][a-z-]*)`?", DEVELOPING))
    assert mentioned and not mentioned - targets, f"not in the Makefile: {sorted(mentioned - targets)}"


def test_readme_first_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    commands = [line.strip() for line in readme[:12] if line.startswith("    ")]
    assert commands[0].startswith("python3 -m pip install -r requirements.lock")
    assert "streamlit run app.py" in commands[0]
    assert commands[1] == "bash scripts/test.sh"
    assert "scripts/test.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "requirements-dev.lock" in (ROOT / "scripts" / "test.sh").read_text(encoding="utf-8")
