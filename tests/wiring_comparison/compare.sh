#!/usr/bin/env bash
# Runs sqla's wiring rules and the competing sqlalchemy-lsp on every case of corpus/, next to what
# SQLAlchemy itself says of the case (import, configure_mappers(), create_all() on SQLite).
#
#   tests/wiring_comparison/compare.sh            # install into $VENV if needed, build, compare
#   VENV=/some/venv tests/wiring_comparison/compare.sh
#   tests/wiring_comparison/compare.sh CASE...    # only these cases (folder names under corpus/)
#
# Not part of CI: it needs PyPI. Prints one row per case: case | SQLAlchemy | sqlalchemy-lsp | sqla.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${VENV:-/tmp/sqla-wiring-comparison-venv}"
competitor_version="${COMPETITOR_VERSION:-0.2.4}"
sqlalchemy_version="${SQLALCHEMY_VERSION:-2.0.*}"

if [ ! -x "$venv/bin/sqlalchemy-lsp" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "sqlalchemy-lsp==$competitor_version" "sqlalchemy==$sqlalchemy_version"
fi
(cd "$root" && cargo build --quiet -p sqla)
sqla="$root/target/debug/sqla"

# The competitor's codes that are about model wiring: structure (1xx), foreign keys (3xx) and
# relationships (4xx), less its loading-strategy opinions (H414 lazy-select-scalar, H415
# lazy-joined-collection) and the constraint-naming style hints (H106, H107); plus W201
# (nullable-not-optional), which sqla checks as SQA204 (typing family).
competitor_filter='^SQLA-([EWHI][134][0-9][0-9]|W201)$'
competitor_skip='^SQLA-(H414|H415|H106|H107)$'

codes() { sort -u | paste -sd' ' - | sed 's/^$/-/'; }

# Each case is checked alone, as a project of its own: both tools look for the project root
# (pyproject.toml) and index every file under it, so a shared root would mix the cases.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$here/corpus"
cases=("$@")
[ ${#cases[@]} -eq 0 ] && cases=(*/)
printf '| case | SQLAlchemy | sqlalchemy-lsp %s | sqla |\n|---|---|---|---|\n' "$competitor_version"
for case in "${cases[@]}"; do
    case="${case%/}"
    project="$work/$case"
    mkdir -p "$project"
    cp "$here/corpus/$case"/*.py "$project/"
    printf '[project]\nname = "case"\nversion = "0"\ndependencies = ["sqlalchemy>=2.0"]\n' >"$project/pyproject.toml"
    cd "$project"
    runtime="$("$venv/bin/python" "$here/runtime_check.py" . 2>&1 | tail -n 1)"
    theirs="$("$venv/bin/sqlalchemy-lsp" check . --select all --exit-zero --reporter concise 2>/dev/null \
        | grep -oE 'SQLA-[A-Z][0-9]+' | grep -E "$competitor_filter" | grep -vE "$competitor_skip" | codes || true)"
    ours="$("$sqla" lint . --select wiring,SQA204 --format concise --exit-zero 2>/dev/null \
        | grep -oE '\bSQA(3[0-9]{2}|204)\b' | codes || true)"
    printf '| %s | %s | %s | %s |\n' "$case" "$runtime" "${theirs:--}" "${ours:--}"
    cd "$here/corpus"
done
