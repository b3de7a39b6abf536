#!/usr/bin/env bash
# Build the Python package: the engine and front end (scripts/build.sh), the widget bundle
# into python/ai_risk_map/static/, then the wheel into python/dist/ with maturin (the PyO3
# extension of the engine, the widget, and the `ai-risk-map` command).
#   scripts/build-python.sh            everything, and print the wheel's size and build time
#   scripts/build-python.sh --assets   only the widget bundle (used by python/build_backend.py)
# scripts/build.sh runs only when the widget bundle or the CLI is missing or older than a
# source file (AI_RISK_MAP_SKIP_BUILD=1 skips it whenever both exist). The native CLI is
# not part of the wheel; the tests compare the wheel's command with it.
source "$(dirname "$0")/lib.sh"
assets_only=false
[ "${1:-}" = "--assets" ] && assets_only=true

stale() {
  [ -f dist/ai-risk-map.widget.js ] && [ -x target/release/ai-risk-map ] || return 0
  [ "${AI_RISK_MAP_SKIP_BUILD:-}" = 1 ] && return 1
  local newer
  newer=$(find src crates www Cargo.toml Cargo.lock -newer dist/ai-risk-map.widget.js -print -quit)
  [ -z "$newer" ] || return 0
  newer=$(find src Cargo.toml Cargo.lock -newer target/release/ai-risk-map -print -quit)
  [ -n "$newer" ]
}
if stale; then
  bash scripts/build.sh
else
  say "engine and front end are up to date (dist/, target/release/ai-risk-map)"
fi

say "widget bundle"
static=python/ai_risk_map/static
mkdir -p "$static"
cp dist/ai-risk-map.widget.js "$static/widget.js"
# Left by builds before the engine moved into the extension; nothing reads it now.
rm -f "$static/catalog.json"
$assets_only && exit 0

say "wheel (maturin, PyO3 abi3)"
venv=python/.venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import maturin" 2>/dev/null; then
  "$venv/bin/pip" install -q "maturin>=1.16,<2"
fi
rm -rf python/dist
started=$(date +%s)
# maturin's build hooks run the `maturin` program from PATH; without build isolation that
# is the venv's.
PATH="$ROOT/$venv/bin:$PATH" "$venv/bin/pip" wheel -q --no-deps --no-build-isolation -w python/dist ./python
seconds=$(( $(date +%s) - started ))
wheel=$(ls python/dist/ai_risk_map-*.whl)
bytes=$(stat -c %s "$wheel")
so=$(ls target/python/lib_engine.so 2>/dev/null || true)
say "sizes"
printf '%-60s %s bytes (%s KB), built in %s s\n' "$wheel" "$bytes" "$((bytes / 1024))" "$seconds"
[ -n "$so" ] && printf '%-60s %s bytes\n' "the extension (.so)" "$(stat -c %s "$so")"
printf '%-60s %s bytes\n' "$static/widget.js" "$(stat -c %s "$static/widget.js")"
