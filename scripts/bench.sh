#!/usr/bin/env bash
# Benchmarks (measurements, not tests): the engine natively (cargo bench: the example
# assessment, and a synthetic catalog 100 times larger) and in wasm under Node (the
# optimized pkg/ the page loads). Prints medians. Usage: bash scripts/bench.sh [WASM_RUNS]
#   BENCH_QUICK=1   fewer native samples
#   BENCH_BUILD=1   rebuild pkg/ even when it looks up to date
source "$(dirname "$0")/lib.sh"

say "native (cargo bench --bench evaluate)"
# `cargo bench` also builds the CLI (for CARGO_BIN_EXE_*) under the release profile's
# `panic = "abort"`, and so the library a second time, with unwinding, for the bench, into
# the same file names: the link then fails now and then. One panic strategy for the whole
# bench build avoids it (cargo warns that it ignores the setting for the bench target
# itself; it does apply it to the CLI and the library).
CARGO_PROFILE_BENCH_PANIC=unwind cargo bench --bench evaluate

say "native scaling (cargo bench --bench scale: DASF x1..x1000, large user catalogs via the CLI)"
# BENCH_SMOKE=1 runs x1 and x10 only (tests/scale.rs runs that case under cargo test).
CARGO_PROFILE_BENCH_PANIC=unwind cargo bench --bench scale

wasm=pkg/ai_risk_map_bg.wasm
if [ "${BENCH_BUILD:-}" = 1 ] || [ ! -f "$wasm" ] || [ ! -f pkg/ai_risk_map.js ] \
  || [ -n "$(find src crates Cargo.toml Cargo.lock -newer "$wasm" -print -quit)" ]; then
  say "pkg/ is missing or older than the sources: building it (scripts/build.sh)"
  bash scripts/build.sh
fi

say "wasm under Node (scripts/bench-wasm.mjs)"
node scripts/bench-wasm.mjs "${1:-200}"
