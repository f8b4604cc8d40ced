#!/usr/bin/env bash
# End-to-end test of the VS Code extension: a real VS Code (code-server, in a headless Chromium
# driven by Playwright) with the built .vsix installed opens a copy of examples/legacy_shop, and
# e2e.mjs checks diagnostics in the Problems panel, a hover and a quick-fix, a hover beside
# pyright (the stand-in for Pylance in pyright-client/), then the "SQLAlchemy: Show Schema" panel.
#
#   bash editors/vscode/e2e/run.sh        # SQLA=/path/to/sqla to use another server binary
#
# Screenshots land in editors/vscode/e2e/screenshots/. Exits non-zero on any failure.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
EXT=$(dirname "$HERE")
ROOT=$(cd "$EXT/../.." && pwd)
SQLA=${SQLA:-$ROOT/target/debug/sqla}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
log() { printf '[e2e] %s\n' "$*" >&2; }

# 1. System packages: ripgrep (seeds @vscode/ripgrep), libkrb5-dev (builds `kerberos`), chromium.
missing=()
command -v rg >/dev/null || missing+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
[ -x "$CHROMIUM" ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  log "apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

# 2. npm packages. code-server's postinstall runs `npm install` in lib/vscode, where
#    @vscode/ripgrep's postinstall downloads a ripgrep release (not reachable here) unless its
#    cache already holds the archive: os.tmpdir()/vscode-ripgrep-cache-<pkg version>/
#    ripgrep-<VERSION>-<target>.tar.gz with `rg` at the archive's top level (see
#    @vscode/ripgrep/lib/download.js). So: install without scripts, seed the cache with Debian's
#    rg, then run the install scripts (`npm rebuild`).
cd "$HERE"
export npm_config_yes=true npm_config_unsafe_perm=true
VS=node_modules/code-server/lib/vscode
if [ ! -x "$VS/node_modules/@vscode/ripgrep/bin/rg" ] || [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/pyright ] \
   || [ ! -e "$VS/node_modules/node-pty/build/Release/pty.node" ]; then
  log "npm install (scripts off)"
  npm install --unsafe-perm --ignore-scripts --no-audit --no-fund
  RG_PKG=$(node -e 'const s=require("./'"$VS"'/npm-shrinkwrap.json");console.log(s.packages["node_modules/@vscode/ripgrep"].version)')
  RG_REL=$(sed -n "s/^const VERSION = '\(.*\)';/\1/p" "$VS/node_modules/@vscode/ripgrep/lib/postinstall.js" 2>/dev/null || true)
  RG_REL=${RG_REL:-v13.0.0-10}
  case "$(uname -m)" in
    x86_64) RG_TARGET=x86_64-unknown-linux-musl ;;
    aarch64) RG_TARGET=aarch64-unknown-linux-musl ;;
    *) log "unsupported arch $(uname -m)"; exit 1 ;;
  esac
  CACHE="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-$RG_PKG"
  ARCHIVE="$CACHE/ripgrep-$RG_REL-$RG_TARGET.tar.gz"
  log "seeding $ARCHIVE with $(command -v rg)"
  mkdir -p "$CACHE"
  stage=$(mktemp -d)
  cp "$(command -v rg)" "$stage/rg"
  tar czf "$ARCHIVE" -C "$stage" rg
  rm -rf "$stage"
  log "npm rebuild (install scripts: argon2, code-server's postinstall = npm install in lib/vscode)"
  npm rebuild --unsafe-perm
  [ -x "$VS/node_modules/@vscode/ripgrep/bin/rg" ] || { log "ripgrep not installed"; exit 1; }
fi
CS="$HERE/node_modules/.bin/code-server"

# 3. The .vsix, the stand-in for Pylance (pyright-client/README.md), the server binary, and the
#    SQLAlchemy pyright reads the project's types from.
log "building the .vsix"
(cd "$EXT" && npm ci --no-audit --no-fund && npm run package) >&2
VSIX="$EXT/sqla-analyzer.vsix"
log "packing the pyright stand-in"
"$EXT/node_modules/.bin/esbuild" "$HERE/pyright-client/src/extension.js" --bundle --platform=node --format=cjs \
  --external:vscode --log-level=warning --outfile="$HERE/pyright-client/dist/extension.js"
PYRIGHT_VSIX="$HERE/pyright-client/pyright-client.vsix"
(cd "$HERE/pyright-client" && "$EXT/node_modules/.bin/vsce" package --no-dependencies --allow-missing-repository \
  --skip-license --out "$PYRIGHT_VSIX") >&2
SA_VENV="$HERE/.venv-sqlalchemy"
if [ ! -x "$SA_VENV/bin/python" ] || ! "$SA_VENV/bin/python" -c "import sqlalchemy" 2>/dev/null; then
  log "SQLAlchemy for pyright"
  rm -rf "$SA_VENV"
  python3 -m venv "$SA_VENV"
  "$SA_VENV/bin/pip" install -q --disable-pip-version-check "SQLAlchemy==2.0.36"
fi
if [ ! -x "$SQLA" ]; then
  log "building sqla"
  (cd "$ROOT" && cargo build --bin sqla) >&2
fi

# 4. code-server with a throwaway profile, the .vsix and a copy of the fixture project.
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sqla-e2e.XXXXXX")
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  if [ -z "${KEEP_WORK:-}" ]; then rm -rf "$WORK"; else log "kept $WORK"; fi
}
trap cleanup EXIT
USER_DIR="$WORK/user-data" EXT_DIR="$WORK/extensions" PROJ="$WORK/legacy_shop"
mkdir -p "$USER_DIR/User" "$EXT_DIR"
cp -r "$ROOT/examples/legacy_shop" "$PROJ"
"$CS" --user-data-dir "$USER_DIR" --extensions-dir "$EXT_DIR" --install-extension "$VSIX" >&2
"$CS" --user-data-dir "$USER_DIR" --extensions-dir "$EXT_DIR" --install-extension "$PYRIGHT_VSIX" >&2
ls "$EXT_DIR" | grep -q sqla-analyzer || { log "the .vsix did not install"; exit 1; }
printf '{"venvPath": "%s", "venv": "%s"}\n' "$(dirname "$SA_VENV")" "$(basename "$SA_VENV")" >"$PROJ/pyrightconfig.json"
SQLA="$SQLA" node -e '
  const s = {
    "sqla.path": process.env.SQLA,
    "sqla.trace.server": "messages",
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": false,
    "workbench.enableExperiments": false,
    "security.workspace.trust.enabled": false,
    "telemetry.telemetryLevel": "off",
    "extensions.autoCheckUpdates": false,
    "extensions.autoUpdate": false,
    "extensions.ignoreRecommendations": true,
    "update.mode": "none",
    "editor.hover.delay": 300,
    "files.autoSave": "off",
  };
  require("fs").writeFileSync(process.argv[1], JSON.stringify(s, null, 2));
' "$USER_DIR/User/settings.json"

PORT=${PORT:-$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')}
log "code-server on 127.0.0.1:$PORT"
PYRIGHT_LANGSERVER="$HERE/node_modules/pyright/langserver.index.js" \
"$CS" --auth none --bind-addr "127.0.0.1:$PORT" --user-data-dir "$USER_DIR" \
  --extensions-dir "$EXT_DIR" --disable-telemetry --disable-update-check \
  --disable-workspace-trust --disable-getting-started-override "$PROJ" >"$WORK/code-server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/code-server.log" >&2; exit 1; }
  sleep 1
done
curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null || { log "code-server did not answer"; cat "$WORK/code-server.log" >&2; exit 1; }

# 5. The browser side.
mkdir -p "$HERE/screenshots"
status=0
URL="http://127.0.0.1:$PORT/?folder=$PROJ" PROJ="$PROJ" CHROMIUM="$CHROMIUM" \
  SHOTS="$HERE/screenshots" node "$HERE/e2e.mjs" || status=$?
if [ $status -ne 0 ]; then
  log "e2e.mjs failed ($status); code-server log:"
  tail -n 50 "$WORK/code-server.log" >&2 || true
  find "$USER_DIR/logs" -name '*sqla*' -exec tail -n 40 {} + >&2 2>/dev/null || true
fi
exit $status
