#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what the tests need, builds the
# bundled database, runs unit, page (AppTest) and browser (Playwright + Chromium) tests.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qi "tlwg\|garuda\|loma" || need+=(fonts-thai-tlwg)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
if [ ${#need[@]} -gt 0 ]; then
    echo "installing Debian packages: ${need[*]}"
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

python3 -m lib.build
python3 -m pytest -q -p no:cacheprovider "$@"
