#!/usr/bin/env bash
# The Python package: `pip install .` into a fresh virtualenv puts `sqla` on PATH (maturin,
# bindings = "bin"); the wheel's metadata passes `twine check --strict` (the README PyPI renders,
# docs/pypi/README.md), whose links and images must be absolute (PyPI has no repository to
# resolve relative ones against).
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$REPO"
python3 -m venv "$WORK/venv"
PIP=("$WORK/venv/bin/pip" -q --disable-pip-version-check)
"${PIP[@]}" install .
version="$("$WORK/venv/bin/sqla" --version)"
want="sqla $(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"  # the workspace version
echo "$version"
[ "$version" = "$want" ] || { echo "sqla --version printed '$version', expected '$want'" >&2; exit 1; }
"${PIP[@]}" wheel --no-deps -w "$WORK/dist" .
"${PIP[@]}" install twine
"$WORK/venv/bin/twine" check --strict "$WORK/dist"/*.whl
"$WORK/venv/bin/python" - "$(sed -n 's/^readme = "\(.*\)"/\1/p' pyproject.toml)" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
relative = [t for t in re.findall(r"\]\(([^)\s]+)", text) if not re.match(r"(https?://|#)", t)]
if relative:
    sys.exit(f"{sys.argv[1]}: relative links PyPI cannot resolve: {relative}")
print(f"{sys.argv[1]}: no relative links")
PY
