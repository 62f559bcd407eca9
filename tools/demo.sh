#!/usr/bin/env bash
# make demo: runs tools/demo.py with the venv the Makefile put first on PATH.
set -euo pipefail
exec python "$(dirname "$0")/demo.py" "$@"
