#!/usr/bin/env bash
# sqla lint / sqla fix --unsafe on real 1.x-era code from PyPI (see README.md).
#
#   tests/migration/real_code.sh [--lint-only] [--work DIR] [PROJECT==VERSION ...]
#
# For each project: download its sdist (pip download --no-deps --no-binary :all:, falling back
# to a wheel), unpack it into the work folder, run `sqla lint --statistics --exit-zero`, then
# `sqla fix --unsafe`, check that every file the fix changed still compiles (python3 -m
# py_compile; files that did not compile before the fix are only reported), and that a second
# `sqla fix --unsafe` changes nothing. Prints per-project rule counts before and after the fix.
#
# --lint-only  only download, unpack and lint (works without `sqla fix`)
# --work DIR   work folder (default tests/migration/.work); this script uses DIR/real
#
# Environment: SQLA (default <repo>/target/debug/sqla), PYTHON (default python3).
# Nothing downloaded is committed: the work folder is gitignored.
# Exits non-zero when any project fails a check (after going through all of them).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
WORK="$HERE/.work"
LINT_ONLY=0
PYTHON="${PYTHON:-python3}"
SQLA="${SQLA:-$REPO/target/debug/sqla}"

# Released before SQLAlchemy 2.0 and written for 1.3/1.4; each sdist has models and queries.
DEFAULT_PROJECTS=(
    "flask-appbuilder==3.4.5"      # app framework: security models, session.query chains, backrefs (SQLAlchemy<1.5)
    "sqlalchemy-utils==0.37.9"     # library + big test suite: select([...]), ext.declarative, query.get, dynamic
    "sqlalchemy-continuum==1.3.15" # versioning: select([...]), engine/connection execute, backrefs, lazy="dynamic"
    "flask-admin==1.5.8"           # admin views over the ORM: session.query(...).get(), joins, loader options
    "dataset==1.5.2"               # Core-only: select([...], whereclause=...), engine/connection execute
)

usage() { sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

PROJECTS=()
while [ $# -gt 0 ]; do
    case "$1" in
        --lint-only) LINT_ONLY=1 ;;
        --work) shift; [ $# -gt 0 ] || { echo "real_code.sh: --work needs a folder" >&2; exit 2; }; WORK="$1" ;;
        --work=*) WORK="${1#--work=}" ;;
        -h|--help) usage; exit 0 ;;
        -*) echo "real_code.sh: unknown option: $1" >&2; usage >&2; exit 2 ;;
        *==*) PROJECTS+=("$1") ;;
        *) echo "real_code.sh: give projects as NAME==VERSION: $1" >&2; exit 2 ;;
    esac
    shift
done
[ ${#PROJECTS[@]} -gt 0 ] || PROJECTS=("${DEFAULT_PROJECTS[@]}")

mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)/real"
DOWNLOADS="$WORK/downloads"
mkdir -p "$DOWNLOADS"
export PYTHONPYCACHEPREFIX="$WORK/pycache"
export PYTHONDONTWRITEBYTECODE=1

if [ ! -x "$SQLA" ]; then
    echo "real_code.sh: no sqla binary at $SQLA: build it (cargo build -p sqla) or set SQLA" >&2
    exit 2
fi
if [ "$LINT_ONLY" -eq 0 ] && ! "$SQLA" fix --help >/dev/null 2>&1; then
    echo "real_code.sh: \`sqla fix\` is not available in $SQLA ('sqla fix --help' fails)." >&2
    echo "  Rebuild sqla with the fix command, or run 'real_code.sh --lint-only'." >&2
    exit 2
fi

START=$SECONDS
SUMMARY=()
FAILED=0

# download SPEC: prints the archive's path (cached in $DOWNLOADS).
download() {
    local spec=$1 name=${1%%==*} version=${1##*==} dir="$DOWNLOADS/$1" archive
    mkdir -p "$dir"
    archive=$(find "$dir" -maxdepth 1 -type f \( -name '*.tar.gz' -o -name '*.zip' -o -name '*.whl' \) | head -1)
    if [ -z "$archive" ]; then
        if ! "$PYTHON" -m pip download --quiet --disable-pip-version-check --no-deps --no-binary :all: \
            "$spec" -d "$dir" >"$dir/pip.log" 2>&1; then
            echo "   sdist download failed (see $dir/pip.log); trying a wheel" >&2
            "$PYTHON" -m pip download --quiet --disable-pip-version-check --no-deps --only-binary :all: \
                "$spec" -d "$dir" >>"$dir/pip.log" 2>&1 || { cat "$dir/pip.log" >&2; return 1; }
        fi
        archive=$(find "$dir" -maxdepth 1 -type f \( -name '*.tar.gz' -o -name '*.zip' -o -name '*.whl' \) | head -1)
    fi
    [ -n "$archive" ] || { echo "   no archive for $name $version" >&2; return 1; }
    echo "$archive"
}

# unpack ARCHIVE DEST: DEST holds the project's files (a single top folder is stripped).
unpack() {
    local archive=$1 dest=$2 tmp
    rm -rf "$dest"
    tmp=$(mktemp -d "$WORK/unpack.XXXXXX")
    case "$archive" in
        *.tar.gz) tar -xzf "$archive" -C "$tmp" ;;
        *.zip | *.whl) "$PYTHON" -m zipfile -e "$archive" "$tmp" ;;
    esac
    local entries=("$tmp"/*)
    if [ ${#entries[@]} -eq 1 ] && [ -d "${entries[0]}" ]; then
        mv "${entries[0]}" "$dest"
        rmdir "$tmp"
    else
        mv "$tmp" "$dest"
    fi
}

# rule_counts LINT_LOG: the "--statistics" lines ("   10  SQA105  [*] select-list-argument").
rule_counts() { grep -E '^ *[0-9]+ +SQA[0-9]+' "$1" || true; }
total_findings() { rule_counts "$1" | awk '{n += $1} END {print n + 0}'; }

# compiles PYTHON_FILE: 0 when python3 -m py_compile accepts it.
compiles() { "$PYTHON" -m py_compile "$1" >/dev/null 2>&1; }

for spec in "${PROJECTS[@]}"; do
    name=${spec%%==*}
    echo
    echo "== $spec"
    logs="$WORK/logs/$spec"
    mkdir -p "$logs"
    if ! archive=$(download "$spec"); then
        SUMMARY+=("FAIL  $spec: download failed")
        FAILED=1
        continue
    fi
    orig="$WORK/src/$spec/orig"
    fixed="$WORK/src/$spec/fixed"
    mkdir -p "$WORK/src/$spec"
    unpack "$archive" "$orig"
    unpack "$archive" "$fixed"
    py_files=$(find "$orig" -name '*.py' | wc -l)
    py_lines=$(find "$orig" -name '*.py' -print0 | xargs -0 cat | wc -l)
    echo "   $(basename "$archive"): $py_files Python files, $py_lines lines"

    lint_status=0
    "$SQLA" lint --statistics --exit-zero "$fixed" >"$logs/lint-before.log" 2>&1 || lint_status=$?
    if [ "$lint_status" -ne 0 ]; then
        tail -20 "$logs/lint-before.log" >&2
        SUMMARY+=("FAIL  $spec: sqla lint exited $lint_status (log: $logs/lint-before.log)")
        FAILED=1
        continue
    fi
    before=$(total_findings "$logs/lint-before.log")
    echo "   findings before the fix: $before"
    rule_counts "$logs/lint-before.log" | sed 's/^/     /'
    if [ "$LINT_ONLY" -eq 1 ]; then
        SUMMARY+=("ok    $spec: $py_files files, $before findings ($(rule_counts "$logs/lint-before.log" | awk '{printf "%s%s %s", sep, $2, $1; sep=", "}'))")
        continue
    fi

    fix_status=0
    "$SQLA" fix --unsafe "$fixed" >"$logs/fix-1.log" 2>&1 || fix_status=$?
    if [ "$fix_status" -gt 1 ]; then
        tail -20 "$logs/fix-1.log" >&2
        SUMMARY+=("FAIL  $spec: sqla fix --unsafe exited $fix_status (log: $logs/fix-1.log)")
        FAILED=1
        continue
    fi
    diff -ru "$orig" "$fixed" >"$logs/fix.diff" 2>&1 || true
    mapfile -t changed < <(diff -rq "$orig" "$fixed" 2>/dev/null | sed -n 's/^Files .* and \(.*\) differ$/\1/p' | grep '\.py$' || true)
    echo "   sqla fix --unsafe (exit $fix_status): ${#changed[@]} file(s) changed (diff: $logs/fix.diff)"

    broken=()
    already_broken=0
    for f in "${changed[@]}"; do
        if ! compiles "$f"; then
            if compiles "$orig/${f#"$fixed"/}"; then
                broken+=("${f#"$fixed"/}")
            else
                already_broken=$((already_broken + 1))
            fi
        fi
    done
    for f in "${broken[@]}"; do
        echo "   does not compile after the fix: $f" >&2
        "$PYTHON" -m py_compile "$fixed/$f" 2>&1 | tail -4 | sed 's/^/     /' >&2 || true
    done

    "$SQLA" lint --statistics --exit-zero "$fixed" >"$logs/lint-after.log" 2>&1 || true
    after=$(total_findings "$logs/lint-after.log")
    echo "   findings after the fix: $after"
    rule_counts "$logs/lint-after.log" | sed 's/^/     /'

    rm -rf "$fixed.first"
    cp -R "$fixed" "$fixed.first"
    fix2_status=0
    "$SQLA" fix --unsafe "$fixed" >"$logs/fix-2.log" 2>&1 || fix2_status=$?
    idempotent=1
    if ! diff -r "$fixed.first" "$fixed" >"$logs/fix-2.diff" 2>&1; then
        idempotent=0
        echo "   the second sqla fix --unsafe changed files (diff: $logs/fix-2.diff):" >&2
        head -40 "$logs/fix-2.diff" | sed 's/^/     /' >&2
    fi
    rm -rf "$fixed.first"

    line="$spec: $py_files files, findings $before -> $after, ${#changed[@]} files fixed"
    [ "$already_broken" -eq 0 ] || line+=", $already_broken changed file(s) did not compile before either"
    if [ ${#broken[@]} -gt 0 ] || [ "$idempotent" -eq 0 ] || [ "$fix2_status" -gt 1 ]; then
        [ ${#broken[@]} -eq 0 ] || line+=", ${#broken[@]} no longer compile"
        [ "$idempotent" -eq 1 ] || line+=", second fix not a no-op"
        [ "$fix2_status" -le 1 ] || line+=", second fix exited $fix2_status"
        SUMMARY+=("FAIL  $line")
        FAILED=1
    else
        SUMMARY+=("ok    $line, all compile, second fix no-op")
    fi
done

echo
echo "== summary ($((SECONDS - START)) s, work folder $WORK)"
for line in "${SUMMARY[@]}"; do echo "  $line"; done
if [ "$FAILED" -eq 0 ]; then
    echo "RESULT: PASS"
else
    echo "RESULT: FAIL"
fi
exit "$FAILED"
