#!/usr/bin/env bash
# The engine's speed from Python next to native Rust, on the DASF example: runs the native
# benchmark (cargo bench --bench evaluate --profile python, BENCH_QUICK=1 unless
# BENCH_FULL=1) and
# python/benches/evaluate.py with the wheel installed in python/.venv (scripts/test-python.sh or
# scripts/build-python.sh builds it), and prints both with the ratio. Prints, never fails on
# a figure.
source "$(dirname "$0")/lib.sh"
venv="$ROOT/python/.venv"
if ! "$venv/bin/python" -c "import ai_risk_map._engine" 2>/dev/null; then
  echo "bench-python: install the wheel first (bash scripts/test-python.sh)" >&2
  exit 2
fi
native=$(mktemp)
trap 'rm -f "$native"' EXIT
say "native benchmark (cargo bench --bench evaluate)"
# The native benchmark reads BENCH_QUICK as set or not, whatever its value.
if [ "${BENCH_FULL:-}" = 1 ]; then unset BENCH_QUICK; else export BENCH_QUICK=1; fi
# Built with the extension's profile (`python`: opt-level 3, unwinding), so that both sides
# run the same machine code; the release profile of the CLI and the wasm optimises for size
# and is slower. Its DASF example figures come first; should a later part stop, they count.
cargo bench --bench evaluate --profile python | tee "$native" ||
  say "the native benchmark stopped early; the figures it printed are used"
say "Python (python/benches/evaluate.py)"
"$venv/bin/python" python/benches/evaluate.py "$native"
