#!/usr/bin/env bash
# Build, then serve the assessment page on http://127.0.0.1:${PORT:-8000}/ until Ctrl-C
# (scripts/serve.mjs).
source "$(dirname "$0")/lib.sh"
bash scripts/build.sh
# As a production host should serve it: the page's CSP header, the precompressed files.
exec node scripts/serve.mjs "${PORT:-8000}"
