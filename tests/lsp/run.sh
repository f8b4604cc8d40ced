#!/usr/bin/env bash
# LSP end-to-end tests: the real `sqla server` driven by pytest-lsp (see README.md).
#
#   tests/lsp/run.sh [pytest args...]
#
# Environment: SQLA (default <repo>/target/debug/sqla), PYTHON (default python3).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
PYTHON="${PYTHON:-python3}"
export SQLA="${SQLA:-$REPO/target/debug/sqla}"
VENV="$HERE/.venv"
if [ ! -x "$VENV/bin/python" ] || ! cmp -s "$HERE/requirements.txt" "$VENV/requirements.txt"; then
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check -r "$HERE/requirements.txt"
    cp "$HERE/requirements.txt" "$VENV/requirements.txt"
fi
[ -x "$SQLA" ] || { echo "run.sh: $SQLA is missing; run 'cargo build -p sqla' first" >&2; exit 2; }
cd "$HERE"
PYTHONDONTWRITEBYTECODE=1 exec "$VENV/bin/python" -m pytest -q -p no:cacheprovider "$@"
