#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what the tests need (the locked pip
# packages; Debian chromium, fonts-thai-tlwg, poppler-utils when missing), runs the static
# checks (lint, format, types, import contracts), builds the bundled database, and runs
# every test tier: unit, page (AppTest), browser (Playwright + Chromium) and load (the deployed
# recipe, scripts/serve.sh: two Streamlit servers behind nginx, under 20 and 50 sessions, and a
# release published while both serve).
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qi "tlwg\|garuda\|loma" || need+=(fonts-thai-tlwg)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
{ command -v nginx || test -x /usr/sbin/nginx; } >/dev/null 2>&1 || need+=(nginx)
if [ ${#need[@]} -gt 0 ]; then
    echo "installing Debian packages: ${need[*]}"
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

bash scripts/check.sh static
python3 -m lib.build
# unit and page tests in two workers; browser tests after, in one (they start their own server)
python3 -m pytest -q -m "not browser and not load" -n 2 "$@"
python3 -m pytest -q -m browser "$@"
python3 -m pytest -q -m load -rxX "$@"
