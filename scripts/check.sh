#!/usr/bin/env bash
# The everyday check: lint, format, types, import contracts, then the fast tests.
#   bash scripts/check.sh          everything below
#   bash scripts/check.sh static   without the tests (CI runs the whole suite after it)
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$1"; }
step "ruff (lint)";          python3 -m ruff check .
step "ruff (format)";        python3 -m ruff format --check .
step "mypy (strict on lib)"; python3 -m mypy
step "import contracts";     lint-imports
if [ "${1:-}" != "static" ]; then
    step "fast tests (unit, not slow)"
    python3 -m pytest -q -m "unit and not slow" -n 2
fi
