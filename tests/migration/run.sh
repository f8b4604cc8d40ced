#!/usr/bin/env bash
# Behaviour check of `sqla fix --unsafe` with real SQLAlchemy (see README.md).
#
#   tests/migration/run.sh [--only-legacy] [--original-2x] [--work DIR]
#
#   (a) venvs with SQLAlchemy 1.4 / 2.0 / 2.1 + pytest, pinned by requirements-*.txt
#   (b) the suite on the original legacy_app under 1.4                      (must pass)
#   (c) sqla fix --unsafe on a copy; py_compile; the suite on the copy under 2.0 and 2.1;
#       sqla lint --select migration on the copy (exit 0); a second fix changes nothing
#
# --only-legacy  run (a) for 1.4 and (b) only: works without `sqla fix`
# --original-2x  also run the suite on the ORIGINAL app under 2.0 and 2.1 and list what fails
#                there (information only: shows which legacy forms 2.x rejects)
# --work DIR     work folder (default tests/migration/.work): venvs, the fixed copy, logs
#
# Environment: SQLA (default <repo>/target/debug/sqla), PYTHON (default python3).
# Exits non-zero on the first failure, after a summary.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
WORK="$HERE/.work"
ONLY_LEGACY=0
ORIGINAL_2X=0
PYTHON="${PYTHON:-python3}"
SQLA="${SQLA:-$REPO/target/debug/sqla}"

usage() { sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
    case "$1" in
        --only-legacy) ONLY_LEGACY=1 ;;
        --original-2x) ORIGINAL_2X=1 ;;
        --work) shift; [ $# -gt 0 ] || { echo "run.sh: --work needs a folder" >&2; exit 2; }; WORK="$1" ;;
        --work=*) WORK="${1#--work=}" ;;
        -h|--help) usage; exit 0 ;;
        *) echo "run.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
LOGS="$WORK/logs"
mkdir -p "$LOGS"
# Keep bytecode out of the source tree and of the fixed copy (which is diffed).
export PYTHONPYCACHEPREFIX="$WORK/pycache"
export PYTHONDONTWRITEBYTECODE=1

START=$SECONDS
SUMMARY=()

finish() {
    local status=$1
    echo
    echo "== summary ($((SECONDS - START)) s, work folder $WORK)"
    local line
    for line in "${SUMMARY[@]}"; do echo "  $line"; done
    if [ "$status" -eq 0 ]; then
        echo "RESULT: PASS"
    else
        echo "RESULT: FAIL"
    fi
    exit "$status"
}

ok() { SUMMARY+=("ok    $1"); echo "-- ok: $1"; }
info() { SUMMARY+=("info  $1"); }
fail() {
    SUMMARY+=("FAIL  $1")
    echo "-- FAIL: $1" >&2
    [ $# -lt 2 ] || echo "   $2" >&2
    finish 1
}
section() { echo; echo "== $*"; }

# -- (a) venvs -------------------------------------------------------------------------------

venv_python() { echo "$WORK/venv-$1/bin/python"; }

make_venv() {
    local series=$1 venv="$WORK/venv-$1" req="$HERE/requirements-$1.txt"
    if [ -x "$venv/bin/python" ] && cmp -s "$req" "$venv/requirements.txt"; then
        ok "venv $series up to date ($("$venv/bin/python" -c 'import sqlalchemy; print("SQLAlchemy", sqlalchemy.__version__)'))"
        return
    fi
    section "creating venv-$series from requirements-$series.txt"
    rm -rf "$venv"
    "$PYTHON" -m venv "$venv" || fail "venv $series: $PYTHON -m venv failed"
    if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req" \
        >"$LOGS/pip-$series.log" 2>&1; then
        cat "$LOGS/pip-$series.log" >&2
        fail "venv $series: pip install -r requirements-$series.txt failed"
    fi
    cp "$req" "$venv/requirements.txt"
    ok "venv $series created ($("$venv/bin/python" -c 'import sqlalchemy; print("SQLAlchemy", sqlalchemy.__version__)'))"
}

# run_suite SERIES APP_ROOT LOG: the behaviour suite against the legacy_app under APP_ROOT.
run_suite() {
    local series=$1 app_root=$2 log=$3
    COLUMNS=200 MIGRATION_APP_ROOT="$app_root" "$(venv_python "$series")" -m pytest "$HERE/test_app.py" \
        -q -p no:cacheprovider --import-mode=importlib --rootdir "$HERE" --disable-warnings --tb=short \
        2>&1 | tee "$log"
    return "${PIPESTATUS[0]}"
}

# pytest's closing line ("39 passed, 7 warnings in 2.3s"), or the log's last line.
summary_line() {
    local line
    line=$(grep -E '(passed|failed|errors?|no tests ran).* in [0-9.]+s' "$1" | tail -1 | sed 's/=//g; s/^ *//; s/ *$//') || true
    [ -n "$line" ] || line=$(tail -1 "$1")
    echo "$line"
}

if [ "$ONLY_LEGACY" -eq 1 ]; then
    SERIES=(1.4)
    [ "$ORIGINAL_2X" -eq 0 ] || SERIES=(1.4 2.0 2.1)
else
    SERIES=(1.4 2.0 2.1)
fi
section "(a) venvs in $WORK"
for s in "${SERIES[@]}"; do make_venv "$s"; done

# -- (b) the original app under 1.4 ------------------------------------------------------------

section "(b) the suite on the original legacy_app, SQLAlchemy 1.4"
if run_suite 1.4 "$HERE" "$LOGS/original-1.4.log"; then
    ok "original app, SQLAlchemy 1.4: $(summary_line "$LOGS/original-1.4.log")"
else
    fail "original app, SQLAlchemy 1.4: $(summary_line "$LOGS/original-1.4.log")" "log: $LOGS/original-1.4.log"
fi

if [ "$ORIGINAL_2X" -eq 1 ]; then
    for s in 2.0 2.1; do
        section "(info) the suite on the ORIGINAL legacy_app, SQLAlchemy $s (failures expected)"
        run_suite "$s" "$HERE" "$LOGS/original-$s.log" >/dev/null || true
        grep -E '^(FAILED|ERROR) ' "$LOGS/original-$s.log" | sed 's/^/   /' || true
        info "original app, SQLAlchemy $s (not required to pass): $(summary_line "$LOGS/original-$s.log")"
    done
fi

if [ "$ONLY_LEGACY" -eq 1 ]; then
    finish 0
fi

# -- (c) the fixed copy under 2.0 and 2.1 --------------------------------------------------------

section "(c) sqla fix --unsafe on a copy"
if [ ! -x "$SQLA" ]; then
    fail "no sqla binary at $SQLA" "build it (cargo build -p sqla) or set SQLA=/path/to/sqla; run.sh --only-legacy needs neither"
fi
if ! "$SQLA" fix --help >/dev/null 2>&1; then
    fail "\`sqla fix\` is not available in $SQLA ('sqla fix --help' fails)" \
        "rebuild sqla with the fix command, or run 'run.sh --only-legacy' for step (b) only"
fi

FIXED_ROOT="$WORK/fixed"
APP="$FIXED_ROOT/legacy_app"
rm -rf "$FIXED_ROOT" "$WORK/fixed.first"
mkdir -p "$FIXED_ROOT"
cp -R "$HERE/legacy_app" "$FIXED_ROOT/"
find "$FIXED_ROOT" -name __pycache__ -type d -prune -exec rm -rf {} +
# A project root of its own, so sqla neither loads the repository around it nor skips the copy
# (the work folder is gitignored); the fixed code must run on both 2.0 and 2.1: target 2.0.
cat >"$FIXED_ROOT/pyproject.toml" <<'EOF'
[project]
name = "legacy-app"
version = "0.9.3"

[tool.sqla]
sqlalchemy = "2.0"
EOF

fix_status=0
"$SQLA" fix --unsafe "$APP" >"$LOGS/fix-1.log" 2>&1 || fix_status=$?
cat "$LOGS/fix-1.log"
# 0: fixed everything, 1: findings remain (checked by the lint step below); more: an error.
if [ "$fix_status" -gt 1 ]; then
    fail "sqla fix --unsafe exited $fix_status" "log: $LOGS/fix-1.log"
fi
(cd "$WORK" && diff -ru "$HERE/legacy_app" "$APP" -x __pycache__ >"$LOGS/fix.diff") || true
changed=$(grep -cE '^(diff |Only in )' "$LOGS/fix.diff" || true)
ok "sqla fix --unsafe (exit $fix_status): $changed file(s) changed, diff in $LOGS/fix.diff"

section "py_compile every fixed file"
compile_errors=0
while IFS= read -r -d '' f; do
    if ! "$(venv_python 2.0)" -m py_compile "$f"; then
        compile_errors=$((compile_errors + 1))
    fi
done < <(find "$APP" -name '*.py' -print0 | sort -z)
[ "$compile_errors" -eq 0 ] || fail "py_compile: $compile_errors fixed file(s) do not compile"
ok "py_compile: every fixed file compiles"

for s in 2.0 2.1; do
    section "the suite on the fixed copy, SQLAlchemy $s"
    if run_suite "$s" "$FIXED_ROOT" "$LOGS/fixed-$s.log"; then
        ok "fixed app, SQLAlchemy $s: $(summary_line "$LOGS/fixed-$s.log")"
    else
        fail "fixed app, SQLAlchemy $s: $(summary_line "$LOGS/fixed-$s.log")" "log: $LOGS/fixed-$s.log, fix diff: $LOGS/fix.diff"
    fi
done

section "sqla lint --select migration on the fixed copy"
lint_status=0
"$SQLA" lint --select migration "$APP" >"$LOGS/lint-fixed.log" 2>&1 || lint_status=$?
if [ "$lint_status" -ne 0 ]; then
    cat "$LOGS/lint-fixed.log"
    fail "sqla lint --select migration exited $lint_status on the fixed copy (migration findings left)" "log: $LOGS/lint-fixed.log"
fi
ok "sqla lint --select migration: no findings left"

section "a second sqla fix --unsafe changes nothing"
cp -R "$FIXED_ROOT" "$WORK/fixed.first"
fix_status=0
"$SQLA" fix --unsafe "$APP" >"$LOGS/fix-2.log" 2>&1 || fix_status=$?
if [ "$fix_status" -gt 1 ]; then
    cat "$LOGS/fix-2.log"
    fail "second sqla fix --unsafe exited $fix_status" "log: $LOGS/fix-2.log"
fi
if ! diff -r -x __pycache__ "$WORK/fixed.first" "$FIXED_ROOT" >"$LOGS/fix-2.diff" 2>&1; then
    cat "$LOGS/fix-2.diff"
    fail "second sqla fix --unsafe changed the fixed copy (not idempotent)" "diff: $LOGS/fix-2.diff"
fi
rm -rf "$WORK/fixed.first"
ok "second sqla fix --unsafe: no change"

finish 0
