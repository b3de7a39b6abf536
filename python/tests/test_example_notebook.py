"""The example notebook's Python runs as written. Cells that read the report need the
view (the engine runs in the browser), so they get the report the native CLI computes for
the same assessment, as the view would send it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from conftest import REPO


def test_example_notebook_runs(cli, tmp_path, monkeypatch):
    nb = json.loads((REPO / "python" / "examples" / "assessment.ipynb").read_text())
    monkeypatch.chdir(tmp_path)
    env: dict = {}
    ran = 0
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        src = cell["source"]
        if "w.report" in src or "w.gaps()" in src:
            w = env["w"]
            doc = tmp_path / "now.json"
            doc.write_text(json.dumps(w.assessment))
            report = subprocess.run([str(cli), "assess", str(doc), "--format", "json"], capture_output=True, text=True, check=True).stdout
            w.set_state({"report": json.loads(report)})
        exec(compile(src, f"cell {ran}", "exec"), env)
        ran += 1
    w = env["w"]
    assert w.assessment["useCase"]["name"] == "Support assistant"
    assert w.assessment["risks"]["9.13"]["pertinent"] is False
    assert w.assessment["controls"]["DASF 5"]["status"] == "partial", "the bad edit was refused"
    assert Path("support-assistant.assessment.json").is_file()
    assert env["again"].assessment == w.assessment
    assert len(env["gaps"]) > 0
