#!/usr/bin/env bash
# Build the Jupyter widget package: the engine and front end (scripts/build.sh), then the
# widget's assets into python/ai_risk_map/static/ (the anywidget bundle with the wasm inside,
# and the catalog ids the Python checker uses), then the wheel into python/dist/.
#   scripts/build-python.sh            everything, and print the wheel's size
#   scripts/build-python.sh --assets   only the assets (used by the wheel's build hook)
# scripts/build.sh runs only when the widget bundle or the CLI is missing or older than a
# source file (AI_RISK_MAP_SKIP_BUILD=1 skips it whenever both exist).
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

say "widget assets"
static=python/ai_risk_map/static
mkdir -p "$static"
cp dist/ai-risk-map.widget.js "$static/widget.js"
# The identifiers (and names) of the built-in catalogs, as the engine exports them: the
# Python side checks documents against these.
for v in 1.0 2.0; do
  target/release/ai-risk-map catalog --dasf "$v" --format json > "$static/.catalog-$v.json"
done
python3 - "$static" <<'PY'
import json, sys
static = sys.argv[1]
out = {"versions": {}}
for v in ("1.0", "2.0"):
    with open(f"{static}/.catalog-{v}.json", encoding="utf-8") as f:
        c = json.load(f)
    pick = lambda items, *keys: [{k: i[k] for k in keys} for i in items]
    out["versions"][v] = {
        "framework": c["framework"],
        "components": pick(c["components"], "id", "name", "stage"),
        "deploymentModels": pick(c["deploymentModels"], "id", "name"),
        "risks": pick(c["risks"], "id", "name", "component"),
        "controls": pick(c["controls"], "id", "name"),
    }
with open(f"{static}/catalog.json", "w", encoding="utf-8") as f:
    json.dump(out, f, separators=(",", ":"), ensure_ascii=False)
PY
rm -f "$static"/.catalog-*.json
$assets_only && exit 0

say "wheel"
venv=python/.venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import hatchling" 2>/dev/null; then
  "$venv/bin/pip" install -q hatchling
fi
rm -rf python/dist
"$venv/bin/pip" wheel -q --no-deps --no-build-isolation -w python/dist ./python
wheel=$(ls python/dist/ai_risk_map-*.whl)
bytes=$(stat -c %s "$wheel")
say "sizes"
printf '%-44s %s bytes (%s KB)\n' "$wheel" "$bytes" "$((bytes / 1024))"
printf '%-44s %s bytes\n' "$static/widget.js" "$(stat -c %s "$static/widget.js")"
