#!/usr/bin/env bash
# Build, then serve the assessment page on http://127.0.0.1:${PORT:-8000}/ until Ctrl-C.
source "$(dirname "$0")/lib.sh"
bash scripts/build.sh
port="${PORT:-8000}"
say "serving dist/ on http://127.0.0.1:$port/ (Ctrl-C stops it)"
exec python3 -m http.server --bind 127.0.0.1 --directory dist "$port"
