"""The Python checker against the engine itself: the same bad documents through the native
CLI (`ai-risk-map assess FILE`) and through `ai_risk_map.parse_assessment` must give the
same message and code, and good documents the same normalised form (`ai-risk-map new`)."""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from ai_risk_map import AssessmentError, parse_assessment

S = '"schema": "ai-risk-map/assessment"'
BAD = [
    '{"schema":"ai-risk-map/assessment","controls":{"DASF 1":{"status":"done"}}}',
    '{"schema":"ai-risk-map/assessment","controls":{"dasf1":{"status":"planned"}}}',
    '{"schema":"ai-risk-map/assessment","controls":{"DASF 1":{}}}',
    '{"schema":"ai-risk-map/assessment","controls":{"DASF 1":{"status":"partial","staus":1}}}',
    '{"schema":"ai-risk-map/assessment","controls":{"DASF 99":{"status":"partial"}}}',
    '{"schema":"ai-risk-map/assessment","controls":[]}',
    '{"schema":"ai-risk-map/assessment","dasf":"1.0","risks":{"9.11":{}}}',
    '{"schema":"ai-risk-map/assessment","dasf":"1.0","controls":{"DASF 60":{"status":"planned"}}}',
    '{"schema":"ai-risk-map/assessment","risks":{"99.1":{}}}',
    '{"schema":"ai-risk-map/assessment","risks":{"9.1":{"pertinent":1}}}',
    '{"schema":"ai-risk-map/assessment","risks":{"9.1":{"pertinent":false,"reason":["x"]}}}',
    '{"schema":"x"}',
    '{"schema":7}',
    '{"controls":{}}',
    '{"schema":"ai-risk-map/assessment","schemaVersion":1.0}',
    '{"schema":"ai-risk-map/assessment","schemaVersion":3}',
    '{"schema":"ai-risk-map/assessment","schemaVersion":1,"catalogMigration":{"from":"1.0","newRisks":[],"newControls":[]}}',
    '{"schema":"ai-risk-map/assessment","catalogMigration":{"from":"1.0","newRisks":["99.1"],"newControls":[]}}',
    '{"schema":"ai-risk-map/assessment","catalogMigration":{"from":"1.0","newRisks":[],"newControls":["DASF 54","DASF 54"]}}',
    '{"schema":"ai-risk-map/assessment","catalogMigration":{"from":1}}',
    '{"schema":"ai-risk-map/assessment","schemaVersion":-1}',
    '{"schema":"ai-risk-map/assessment", "a":1, "a":2}',
    '{"schema":"ai-risk-map/assessment","deploymentModels":["rag"]}',
    '{"schema":"ai-risk-map/assessment","deploymentModels":"rag_llm"}',
    '{"schema":"ai-risk-map/assessment","deploymentModels":["rag_llm","rag_llm"]}',
    '{"schema":"ai-risk-map/assessment","components":["1","13"]}',
    '{"schema":"ai-risk-map/assessment","components":["1","1"]}',
    '{"schema":"ai-risk-map/assessment","components":[1]}',
    '{"schema":"ai-risk-map/assessment", ',
    '{"schema":"ai-risk-map/assessment",\n  "dasf": }',
    '{"schema":"ai-risk-map/assessment"} x',
    '{"schema":"ai-risk-map/assessment","dasf":"3.0"}',
    '{"schema":"ai-risk-map/assessment","dasf":2.0}',
    '{"schema":"ai-risk-map/assessment","useCase":{"name":5}}',
    '{"schema":"ai-risk-map/assessment","useCase":{"nmae":"x"}}',
    '{"schema":"ai-risk-map/assessment","useCase":"x"}',
    '{"schema":"ai-risk-map/assessment","useCase":{"name":"' + "é" * 70 + '", "owner": true}}',
    '{"schema":"ai-risk-map/assessment","useCase":{"name":"tab\there"}}',
    '{"schema":"ai-risk-map/assessment","useCase":{"name":"\\ud800"}}',
    '{"schema":"ai-risk-map/assessment","useCase":{"name":"\\q"}}',
    '{"schema":"ai-risk-map/assessment","useCase":{"name":"\\u12"}}',
    '{"schema":"ai-risk-map/assessment","x":01}',
    '{"schema":"ai-risk-map/assessment","x":1.}',
    '{"schema":"ai-risk-map/assessment","x":1e}',
    '{"schema":"ai-risk-map/assessment","x":-}',
    '{"schema":"ai-risk-map/assessment","x":tru}',
    '{"schema":"ai-risk-map/assessment","x" 1}',
    '{"schema":"ai-risk-map/assessment","x":[1 2]}',
    '{"schema":"ai-risk-map/assessment",1:2}',
    '{"schema":"ai-risk-map/assessment", "b":1, "a":1, "b":2, "a":2}',
    "[1]",
    "",
    "  \n\t ",
    "null",
    "\n\n   {\"schema\": \"ai-risk-map/assessment\",\n\t\"extra\": null, \"more\": 1}",
    "[" * 40 + "]" * 40,
    '{"schema":"ai-risk-map/assessment","useCase":{"name":"' + "x" * (256 * 1024 + 1) + '"}}',
]
GOOD = [
    "{" + S + "}",
    "{" + S + ', "dasf": "1.0", "deploymentModels": ["rag_llm", "external_models"], "components": ["9", "10"]}',
    "{" + S + ', "useCase": {"name": "Bot \\u00e9\\ud83d\\ude00", "owner": null}, "risks": {"9.1": {"pertinent": false, "reason": "no input"}, "9.2": {}},'
    ' "controls": {"DASF 54": {"status": "partial", "owner": "ML", "note": ""}, "DASF 1": {"status": "not_applicable"}}}',
    "{" + S + ', "schemaVersion": 1, "dasf": "1.0", "controls": {"DASF 1": {"status": "implemented"}}}',
    "{" + S + ', "schemaVersion": 2, "catalogMigration": {"from": "1.0", "newRisks": ["9.11"], "newControls": ["DASF 54"]}}',
]

LINE = re.compile(r"^ai-risk-map: [^:]+: (?P<message>.*) \[(?P<code>[a-z_]+)\]$", re.S)


def engine(cli, tmp_path, text):
    f = tmp_path / "doc.json"
    f.write_text(text, encoding="utf-8")
    run = subprocess.run([str(cli), "assess", str(f), "--format", "json"], capture_output=True, text=True)
    return run


@pytest.mark.parametrize("text", BAD, ids=range(len(BAD)))
def test_bad_documents_get_the_engines_message(cli, tmp_path, text):
    run = engine(cli, tmp_path, text)
    assert run.returncode == 2, run.stdout[:200]
    m = LINE.match(run.stderr.strip())
    assert m, run.stderr
    with pytest.raises(AssessmentError) as e:
        parse_assessment(text)
    assert (str(e.value), e.value.code) == (m["message"], m["code"])


def test_good_documents_normalise_as_the_engine_writes_them(cli, tmp_path):
    for text in GOOD:
        run = engine(cli, tmp_path, text)
        assert run.returncode == 0, run.stderr
        mine = parse_assessment(text)
        report = json.loads(run.stdout)
        assert report["dasf"] == mine["dasf"]
        assert report["deploymentModels"] == mine["deploymentModels"]
        assert report["useCase"] == mine["useCase"]
        # `migrate` to the document's own version prints it as the engine normalises it.
        f = tmp_path / "good.json"
        f.write_text(text, encoding="utf-8")
        same = subprocess.run([str(cli), "migrate", str(f), "--dasf", mine["dasf"]], capture_output=True, text=True, check=True)
        assert json.loads(same.stdout) == mine
    blank = subprocess.run([str(cli), "new", "--dasf", "1.0", "--deployment", "rag_llm"], capture_output=True, text=True, check=True).stdout
    from ai_risk_map._document import new_assessment, to_json

    assert to_json(new_assessment("1.0", ["rag_llm"])) == blank.rstrip("\n")
    assert parse_assessment(blank) == json.loads(blank)
