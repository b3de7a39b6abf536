#!/usr/bin/env bash
# Test the Python package: build the wheel (scripts/build-python.sh), install it into
# python/.venv with JupyterLab, anywidget, pytest, pandas and nbconvert, and run python/tests
# (the engine's API through Python, the widget with no browser and in JupyterLab end to
# end, a notebook executed headless, and the wheel's `ai-risk-map` command against the
# native one). scripts/build.sh runs only when its output is older than the sources. The
# widget's front-end test with a stand-in model is tests/js/widget.test.mjs, run by
# scripts/test.sh with the other browser tests.
source "$(dirname "$0")/lib.sh"
venv="$ROOT/python/.venv"
if [ ! -x "$venv/bin/python" ]; then
  say "creating $venv"
  python3 -m venv "$venv"
fi
# Reinstall the dependencies only when the list changes. maturin builds the wheel (PyO3);
# JupyterLab brings ipykernel and nbconvert, which the notebook tests need; markdown-it-py
# with linkify-it-py renders reports as GitHub-style renderers do (test_markdown_inert.py);
# compliance-trestle validates the OSCAL exports (test_oscal.py): 3.12 is its last release
# for OSCAL 1.1 (4 and later implement OSCAL 1.2 and refuse a 1.1 document).
deps=("maturin>=1.16,<2" jupyterlab anywidget pytest pandas nbconvert jsonschema markdown-it-py linkify-it-py "compliance-trestle==3.12.4")
stamp="$venv/.ai-risk-map-deps"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "${deps[*]}" ]; then
  say "installing ${deps[*]} into $venv"
  "$venv/bin/pip" install -q "${deps[@]}"
  echo "${deps[*]}" > "$stamp"
fi

bash scripts/build-python.sh
say "installing the wheel"
"$venv/bin/pip" install -q --force-reinstall --no-deps python/dist/ai_risk_map-*.whl

say "pytest (python/tests)"
# The pytest script (not `python -m pytest`, which puts the working folder on the import
# path) from the repository root, so the installed wheel is what gets imported and tested.
# The venv's bin/ leads PATH: the notebook tests start `jupyter` and the wheel's command.
PATH="$venv/bin:$PATH" "$venv/bin/pytest" -q -p no:cacheprovider --rootdir python -c python/pyproject.toml python/tests "$@"
