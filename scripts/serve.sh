#!/usr/bin/env bash
# Serve the dashboard on PORT from several Streamlit processes (one per core) behind nginx:
#   bash scripts/serve.sh PORT
# Environment: SDG_BACKENDS (number of Streamlit processes; default: nproc), SDG_LISTEN
# (address nginx listens on; default every interface), SDG_DB (the database; built first if
# missing), SDG_NGINX (the nginx binary). Stops everything it started on SIGTERM or SIGINT.
# How it works and why: deploy/README.md. Needs Debian's nginx: apt-get install nginx.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -ne 1 ]; then
    echo "usage: bash scripts/serve.sh PORT" >&2
    exit 2
fi
if [ -z "${SDG_NGINX:-}" ] && ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
    echo "serve: nginx is not installed: apt-get install nginx (Debian), then run this again" >&2
    exit 1
fi
# exec: this pid becomes the supervisor's, so a SIGTERM sent to it stops everything
exec python3 deploy/serve.py "$1"
