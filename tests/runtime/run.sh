#!/usr/bin/env bash
# The runtime harness: what SQLAlchemy really returns, checked against `sqla reveal`'s precise view.
#
#   bash tests/runtime/run.sh            (SQLA=path/to/sqla to test another build)
#
# For each series (2.0, 2.1): a venv with the pinned SQLAlchemy (requirements-<series>.txt, from
# PyPI, cached in $SQLA_RUNTIME_CACHE or ~/.cache/sqla-runtime), `record.py` runs every check of
# project/rt/checks.py on SQLite and records each value a `reveal_type(...)` receives,
# `sqla reveal --format json` types the same calls, and `compare.py` fails on any value that is not
# a member of our type. See README.md.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
SQLA="${SQLA:-$REPO/target/debug/sqla}"
CACHE="${SQLA_RUNTIME_CACHE:-$HOME/.cache/sqla-runtime}"
PYTHON="${PYTHON:-python3}"
mkdir -p "$CACHE"
[ -x "$SQLA" ] || (cd "$REPO" && cargo build -q)
"$PYTHON" "$HERE/test_compare.py"
status=0
for series in 2.0 2.1; do
    venv="$CACHE/venv-$series"
    stamp="$venv/.requirements"
    if [ ! -x "$venv/bin/python" ] || ! cmp -s "$HERE/requirements-$series.txt" "$stamp"; then
        rm -rf "$venv"
        "$PYTHON" -m venv "$venv"
        "$venv/bin/pip" install -q --disable-pip-version-check -r "$HERE/requirements-$series.txt"
        cp "$HERE/requirements-$series.txt" "$stamp"
    fi
    "$venv/bin/python" "$HERE/record.py" --out "$CACHE/recorded-$series.json"
    "$SQLA" reveal --format json --sqlalchemy "$series" "$HERE/project" > "$CACHE/revealed-$series.jsonl"
    "$PYTHON" "$HERE/compare.py" "$CACHE/recorded-$series.json" "$CACHE/revealed-$series.jsonl" --series "$series" || status=1
done
exit $status
