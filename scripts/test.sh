#!/usr/bin/env bash
# Run every test: lint, native Rust tests, wasm tests (node and headless Chromium), the
# front-end type check and the browser end-to-end tests. Installs what is missing first.
source "$(dirname "$0")/lib.sh"
bash scripts/setup.sh --test
bash scripts/build.sh

say "lint: cargo fmt, clippy (native and wasm32)"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy -p ai-risk-map --lib --target wasm32-unknown-unknown -- -D warnings
cargo clippy -p ai-risk-map-wasm --all-targets --target wasm32-unknown-unknown -- -D warnings

say "native tests"
cargo test
# The wasm build leaves the built-in catalog's long texts out (feature split-texts) and
# loads them later: the same catalog once loaded, and the text of the compiled data the
# same as the written catalog before then.
cargo test --features split-texts --lib --test catalog -- compiled load_texts

say "wasm tests (node and headless Chromium): crates/wasm/tests"
# Run from the binding crate, where webdriver.json keeps Chromium off the network.
(cd crates/wasm && CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --target wasm32-unknown-unknown --tests)

if [ -f tsconfig.json ]; then
  say "generated TypeScript types match the Rust types"
node scripts/gen-types.mjs --check

say "front end: tsc --noEmit"
  tsc --noEmit -p tsconfig.json
fi

js_tests=$(find tests/js tests/e2e -name '*.test.mjs' 2>/dev/null | sort || true)
if [ -n "$js_tests" ]; then
  say "front-end and browser tests (node --test)"
  mkdir -p tests/artifacts
  # shellcheck disable=SC2086
  node --test --test-concurrency=1 $js_tests
fi

if [ -f python/pyproject.toml ] && [ -d python/tests ]; then
  say "widget tests (pytest)"
  bash scripts/test-python.sh
fi
say "all tests passed"
