#!/usr/bin/env bash
# The real-host tests (tests/hosts/run.mjs): MkDocs Material, Sphinx with Furo, VitePress,
# Jupyter Notebook 7 and Voilà, each installed at a pinned version, outside the project's own
# node_modules and Python venv, into a cache folder that later runs reuse:
#   $AI_RISK_MAP_HOSTS_CACHE (default ~/.cache/ai-risk-map-hosts)/
#     venv/       the Python hosts (tests/hosts/requirements.txt + constraints.txt) and the wheel
#     vitepress/  tests/hosts/vitepress/package.json + its lock, by `npm ci`
# Each is reinstalled only when its pin files change. Builds dist/ and the wheel when missing.
# `.ci/run` calls this after `npm test`; `npm run test:hosts` does too.
#   bash scripts/test-hosts.sh [host...]    (hosts: see tests/hosts/run.mjs; default all)
source "$(dirname "$0")/lib.sh"
t0=$(date +%s)
cache="${AI_RISK_MAP_HOSTS_CACHE:-$HOME/.cache/ai-risk-map-hosts}"
mkdir -p "$cache"
bash scripts/setup.sh --test
[ -f dist/ai-risk-map.js ] || bash scripts/build.sh

# Python hosts, one venv. The stamp is the pin files' content: a change reinstalls.
venv="$cache/venv"
pins="$(cat tests/hosts/requirements.txt tests/hosts/constraints.txt)"
if [ ! -f "$venv/.pins" ] || [ "$(cat "$venv/.pins")" != "$pins" ]; then
  say "installing the Python hosts into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q -r tests/hosts/requirements.txt -c tests/hosts/constraints.txt
  printf '%s' "$pins" > "$venv/.pins"
fi
# The widget's wheel (scripts/build-python.sh; `npm test` has usually built it already).
wheel=$(ls -t python/dist/ai_risk_map-*.whl 2>/dev/null | head -1 || true)
if [ -z "$wheel" ]; then
  bash scripts/build-python.sh
  wheel=$(ls -t python/dist/ai_risk_map-*.whl | head -1)
fi
if ! cmp -s "$wheel" "$venv/.wheel" 2>/dev/null; then
  say "installing $wheel into $venv"
  "$venv/bin/pip" install -q --force-reinstall --no-deps "$wheel"
  cp "$wheel" "$venv/.wheel"
fi

# VitePress, in its own folder from its own lock file (never the project's node_modules).
vp="$cache/vitepress"
if ! cmp -s tests/hosts/vitepress/package-lock.json "$vp/package-lock.json" 2>/dev/null || [ ! -d "$vp/node_modules/vitepress" ]; then
  say "installing VitePress into $vp"
  rm -rf "$vp"
  mkdir -p "$vp"
  cp tests/hosts/vitepress/package.json tests/hosts/vitepress/package-lock.json "$vp/"
  (cd "$vp" && npm ci --no-audit --no-fund --silent)
fi
t1=$(date +%s)

say "real-host tests (tests/hosts/run.mjs)"
mkdir -p tests/artifacts/hosts
status=0
HOSTS_VENV="$venv" HOSTS_VITEPRESS="$vp" node tests/hosts/run.mjs "$@" || status=$?
t2=$(date +%s)
say "host tests: installs $((t1 - t0)) s, runs $((t2 - t1)) s, total $((t2 - t0)) s"
exit $status
