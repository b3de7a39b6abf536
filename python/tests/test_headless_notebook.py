"""A notebook executed with no browser at all (`jupyter nbconvert --to notebook --execute`,
as papermill or a CI job would): `RiskMap.load(path).report` and `.gaps()` are there, computed
by the engine in the kernel, and equal to the native CLI's JSON report of the same file."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import nbformat


def test_report_and_gaps_in_a_notebook_run_headless(cli, example_path, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import json\n"
            "from ai_risk_map import RiskMap\n"
            f"w = RiskMap.load({str(example_path)!r})\n"
            "w"
        ),
        nbformat.v4.new_code_cell(
            "gaps = w.gaps()\n"
            "# A DataFrame with pandas (fields a gap lacks are NaN there, null in JSON).\n"
            "rows = json.loads(gaps.to_json(orient='records')) if hasattr(gaps, 'to_json') else gaps\n"
            f"with open({str(out / 'kernel.json')!r}, 'w') as f:\n"
            "    json.dump({'report': w.report, 'gaps': rows}, f)\n"
            "print(len(rows), 'gaps')"
        ),
    ]
    path = tmp_path / "headless.ipynb"
    nbformat.write(nb, path)
    env = {**os.environ}
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR"):
        env[name] = str(tmp_path / name.lower())
    run = subprocess.run(
        [sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute", str(path),
         "--output", "executed.ipynb", "--ExecutePreprocessor.timeout=120"],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    executed = nbformat.read(tmp_path / "executed.ipynb", as_version=4)
    assert not [o for c in executed.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]

    kernel = json.loads((out / "kernel.json").read_text())
    native = json.loads(
        subprocess.run([str(cli), "assess", str(example_path), "--format", "json"], capture_output=True, text=True, check=True).stdout
    )
    assert kernel["report"] == native
    assert kernel["report"]["gaps"], "the example has open gaps"
    try:
        import pandas as pd
    except ImportError:
        expected = native["gaps"]
    else:
        expected = json.loads(pd.DataFrame(native["gaps"]).to_json(orient="records"))
    assert kernel["gaps"] == expected
    printed = "".join(o.get("text", "") for o in executed.cells[1].outputs)
    assert f"{len(native['gaps'])} gaps" in printed
