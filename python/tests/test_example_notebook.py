"""The example notebook's Python runs as written, in this process, with no browser: every
cell that reads the report gets it from the engine in the kernel."""

from __future__ import annotations

import json
from pathlib import Path

import ai_risk_map
from conftest import REPO


def test_example_notebook_runs(tmp_path, monkeypatch):
    nb = json.loads((REPO / "python" / "examples" / "assessment.ipynb").read_text())
    monkeypatch.chdir(tmp_path)
    env: dict = {}
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            exec(compile(src, f"cell {i}", "exec"), env)
    w = env["w"]
    assert w.assessment["useCase"]["name"] == "Support assistant"
    assert w.assessment["risks"]["9.13"]["pertinent"] is False
    assert w.assessment["controls"]["DASF 5"]["status"] == "partial", "the bad edit was refused"
    assert Path("support-assistant.assessment.json").is_file()
    assert env["again"].assessment == w.assessment
    assert w.report == ai_risk_map.evaluate(w.assessment)
    assert len(env["gaps"]) == len(w.report["gaps"]) > 0
