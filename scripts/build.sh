#!/usr/bin/env bash
# Build everything: the wasm engine into pkg/ (wasm-bindgen --target web, wasm-opt -Os),
# the native CLI, and the front end into dist/. Prints the sizes that matter.
source "$(dirname "$0")/lib.sh"
bash scripts/setup.sh

say "building the wasm engine"
cargo build --release -p ai-risk-map-wasm --target wasm32-unknown-unknown
rm -rf pkg
# --out-name keeps the published file names (ai_risk_map.js, ai_risk_map_bg.wasm) that
# embedders already reference, although the binding crate is ai-risk-map-wasm.
wasm-bindgen --target web --out-dir pkg --out-name ai_risk_map \
  target/wasm32-unknown-unknown/release/ai_risk_map_wasm.wasm
raw_before=$(stat -c %s pkg/ai_risk_map_bg.wasm)
# --generate-global-effects and --converge (repeat until it stops shrinking) take 0.5 KB
# gzip more off than one pass; the producers section only names the compilers. -Os rather
# than -Oz: 2.9 KB more raw, but 0.3 KB less compressed, which is what a browser downloads.
# --zero-filled-memory and --low-memory-unused (0.8 KB) state facts of this module: its
# memory is its own, not imported, so it starts zeroed; and the stack comes first in memory,
# growing down from 1 MiB, so the lowest kilobyte is reached only by a stack that is already
# overflowing (the reader caps nesting, so documents cannot drive it there).
# --one-caller-inline-max-function-size 15: a function called from one place is inlined
# only when tiny. By default every such function is merged into its caller, which grows the
# engine's largest functions (evaluate, the report writers, the binding's exports) into
# long bodies whose code repeats less: 6.4 KB more raw but 4.0 KB less as sent (zopfli;
# 4.4 KB gzip -9). From 0 to 20 the figures differ by 0.3 KB; at 45 a quarter of the gain
# is lost, at 100 two thirds.
wasm-opt --generate-global-effects -Os --converge --strip-producers \
  --one-caller-inline-max-function-size 15 \
  --zero-filled-memory --low-memory-unused \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-reference-types --enable-multivalue --enable-mutable-globals \
  pkg/ai_risk_map_bg.wasm -o pkg/ai_risk_map_bg.wasm

say "building the CLI"
cargo build --release --bin ai-risk-map

if [ -f www/build.mjs ]; then
  say "building the front end"
  node www/build.mjs
fi

say "sizes"
node scripts/sizes.mjs "wasm before wasm-opt=$raw_before" pkg/ai_risk_map_bg.wasm ${SIZES_EXTRA:-}
