#!/usr/bin/env bash
# Test the Jupyter widget: build the wheel (scripts/build-python.sh), install it into
# python/.venv with JupyterLab, anywidget, pytest and pandas, and run python/tests (the
# Python API, conformance with the engine's messages, and JupyterLab end to end).
# scripts/build.sh runs only when its output is older than the sources. The widget's front-end test with a stand-in model is
# tests/js/widget.test.mjs, run by scripts/test.sh with the other browser tests.
source "$(dirname "$0")/lib.sh"
venv="$ROOT/python/.venv"
if [ ! -x "$venv/bin/python" ]; then
  say "creating $venv"
  python3 -m venv "$venv"
fi
# Reinstall the dependencies only when the list changes.
deps="jupyterlab anywidget pytest pandas hatchling jsonschema markdown-it-py linkify-it-py"
stamp="$venv/.ai-risk-map-deps"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$deps" ]; then
  say "installing $deps into $venv"
  # shellcheck disable=SC2086
  "$venv/bin/pip" install -q $deps
  echo "$deps" > "$stamp"
fi

bash scripts/build-python.sh
say "installing the wheel"
"$venv/bin/pip" install -q --force-reinstall --no-deps python/dist/ai_risk_map-*.whl

say "pytest (python/tests)"
# The pytest script (not `python -m pytest`, which puts the working folder on the import
# path) from the repository root, so the installed wheel is what gets imported and tested.
"$venv/bin/pytest" -q -p no:cacheprovider --rootdir python -c python/pyproject.toml python/tests "$@"
