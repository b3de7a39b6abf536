"""End to end in a real JupyterLab: started headless on 127.0.0.1 (free port, temporary
Jupyter directories, no token) and driven by Playwright (jupyterlab_driver.mjs, with
playwright-core and /usr/bin/chromium). A notebook creates the widget; the browser clicks a
component and changes a control's status; a cell prints from the kernel what Python sees.
The report, computed by the engine in the kernel on every change (from the view too), is
checked against the native CLI's report of the same assessment.
A screenshot is kept in tests/artifacts/jupyterlab-widget.png."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import REPO

CELLS = [
    'from ai_risk_map import RiskMap\nw = RiskMap(dasf="2.0", deployment=["rag_llm"])\nw',
    "import json\n"
    'print("RESULT " + json.dumps({"status": w.assessment["controls"].get("DASF 54", {}).get("status"),\n'
    '    "coverage": (w.report.get("overall") or {}).get("coverage"), "selected": w.selected, "assessment": w.assessment}))',
    'w.assessment = {**w.assessment, "controls": {**w.assessment["controls"], "DASF 1": {"status": "implemented"}}}',
    'print("RESULT " + json.dumps({"report_dasf1": next((c["status"] for c in w.report.get("controls", []) if c["id"] == "DASF 1"), None),\n'
    '    "coverage": (w.report.get("overall") or {}).get("coverage"), "assessment": w.assessment}))',
    'w2 = RiskMap(dasf="1.0")\nw2',
]


def notebook() -> dict:
    return {
        "cells": [
            {"cell_type": "code", "metadata": {}, "source": src, "outputs": [], "execution_count": None}
            for src in CELLS
        ],
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("needs /usr/bin/chromium (scripts/setup.sh --test installs it)")
    if shutil.which("node") is None or not (REPO / "node_modules" / "playwright-core").is_dir():
        pytest.skip("needs node and playwright-core (npm ci)")
    tmp = tmp_path_factory.mktemp("lab")
    root = tmp / "notebooks"
    root.mkdir()
    (root / "e2e.ipynb").write_text(json.dumps(notebook()), encoding="utf-8")
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(tmp / "config"),
        "JUPYTER_DATA_DIR": str(tmp / "data"),
        "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
        "IPYTHONDIR": str(tmp / "ipython"),
        "JUPYTER_PLATFORM_DIRS": "1",
    }
    # No "news" prompt over the notebook.
    labconfig = tmp / "config" / "labconfig"
    labconfig.mkdir(parents=True)
    (labconfig / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}})
    )
    port = free_port()
    log = open(tmp / "jupyterlab.log", "w")
    proc = subprocess.Popen(
        [
            sys.executable, "-m", "jupyterlab", "--allow-root", "--no-browser",
            "--ip=127.0.0.1", f"--port={port}", "--port-retries=0",
            "--IdentityProvider.token=", "--ServerApp.password=",
            "--LabApp.news_url=None", "--LabApp.extension_manager=readonly",
            "--LabApp.expose_app_in_browser=True", f"--ServerApp.root_dir={root}",
        ],
        cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError("JupyterLab exited:\n" + (tmp / "jupyterlab.log").read_text())
            try:
                with urllib.request.urlopen(base + "api/status", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("JupyterLab did not start:\n" + (tmp / "jupyterlab.log").read_text())
            time.sleep(0.3)
        yield {"base": base, "log": tmp / "jupyterlab.log"}
    finally:
        # Stop by PID: the server's process group (it started its kernels in it).
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        log.close()


def test_widget_in_jupyterlab_syncs_clicks_and_python(lab, cli, tmp_path):
    artifacts = REPO / "tests" / "artifacts"
    artifacts.mkdir(parents=True, exist_ok=True)
    shot = artifacts / "jupyterlab-widget.png"
    run = subprocess.run(
        ["node", str(Path(__file__).with_name("jupyterlab_driver.mjs")), lab["base"], "e2e.ipynb", str(shot)],
        capture_output=True, text=True, timeout=180, cwd=REPO,
    )
    assert run.returncode == 0, run.stderr + run.stdout + "\n--- jupyterlab log ---\n" + lab["log"].read_text()[-3000:]
    seen = json.loads(run.stdout.strip().splitlines()[-1])

    # Before any click: a blank assessment and the kernel's report of it.
    assert seen["before"]["status"] is None
    assert seen["before"]["coverage"] == 0
    # The click and the status change reached the kernel, which recomputed the report.
    after = seen["after"]
    assert after["status"] == "implemented", after
    assert after["selected"] == {"kind": "component", "id": "9"}
    assert after["coverage"] > 0
    # The same assessment through the native CLI gives the same overall score.
    doc = tmp_path / "kernel.json"
    doc.write_text(json.dumps(after["assessment"]))
    native = json.loads(subprocess.run([str(cli), "assess", str(doc), "--format", "json"], capture_output=True, text=True, check=True).stdout)
    assert after["coverage"] == native["overall"]["coverage"]
    # Python -> view: the assessment set in the kernel is shown, and the kernel's report follows.
    assert seen["elementDasf1"] == "implemented"
    assert seen["pythonSet"]["report_dasf1"] == "implemented"
    assert seen["pythonSet"]["coverage"] > after["coverage"]
    # A second widget in the notebook; the first still draws.
    assert seen["widgets"] == 2
    assert seen["firstStillComponents"] == 12
    assert seen["foreign"] == [], "nothing fetched from any other host"
    assert seen["errors"] == []
    assert shot.stat().st_size > 10_000
