#!/usr/bin/env bash
# Install what this machine lacks to build (and, with --test, to test) ai-risk-map.
# Idempotent: every step checks first and skips what is already there.
#   scripts/setup.sh          toolchain for building: wasm target, wasm-bindgen-cli, npm packages
#   scripts/setup.sh --test   also Chromium + ChromeDriver (browser tests) and the Python venv
source "$(dirname "$0")/lib.sh"
want_test=false
[ "${1:-}" = "--test" ] && want_test=true

command -v cargo >/dev/null || { echo "setup: cargo is missing; install Rust with rustup first" >&2; exit 1; }
command -v npm >/dev/null || { echo "setup: npm is missing; install Node.js 20 or newer first" >&2; exit 1; }

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

[ -f Cargo.lock ] || cargo generate-lockfile
want="$(wasm_bindgen_version)"
have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
if [ "$have" != "$want" ]; then
  say "installing wasm-bindgen-cli $want (had: ${have:-none}; takes about 2 minutes)"
  cargo install wasm-bindgen-cli --version "$want" --locked
fi

# Reinstall npm packages only when the lock file changed since the last install.
stamp=node_modules/.ai-risk-map-lock
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  say "installing npm packages"
  npm ci --no-audit --no-fund
  cp package-lock.json "$stamp"
fi

if $want_test; then
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    say "installing Debian's chromium and chromium-driver"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
fi
say "setup complete"
