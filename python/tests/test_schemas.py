"""The published JSON Schemas (schemas/) accept the documents the engine writes and reads,
and refuse what the engine refuses for reasons a schema can express."""

from __future__ import annotations

import json
import pathlib
import subprocess

import pytest
from jsonschema import Draft202012Validator

ROOT = pathlib.Path(__file__).resolve().parents[2]


def validator(name: str) -> Draft202012Validator:
    schema = json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def cli_json(cli, *args: str, stdin: str | None = None):
    run = subprocess.run([str(cli), *args], input=stdin, capture_output=True, text=True, check=True)
    return json.loads(run.stdout)


def test_the_engines_assessments_fit_the_schema(cli):
    v = validator("assessment")
    example = json.loads((ROOT / "examples" / "rag-chatbot.assessment.json").read_text("utf-8"))
    v.validate(example)
    v.validate({"schema": "ai-risk-map/assessment"})
    for dasf in ("1.0", "2.0"):
        v.validate(cli_json(cli, "new", "--dasf", dasf, "--deployment", "rag_llm"))
    old = {"schema": "ai-risk-map/assessment", "schemaVersion": 1, "dasf": "1.0", "controls": {"DASF 1": {"status": "partial", "note": "n"}}}
    v.validate(old)
    moved = cli_json(cli, "migrate", "-", stdin=json.dumps(old))
    assert moved["catalogMigration"]["from"] == "1.0"
    v.validate(moved)


@pytest.mark.parametrize(
    "doc",
    [
        {},
        {"schema": "ai-risk-map/catalog"},
        {"schema": "ai-risk-map/assessment", "schemaVersion": 4},
        {"schema": "ai-risk-map/assessment", "controls": {"DASF 1": {"status": "done"}}},
        {"schema": "ai-risk-map/assessment", "controls": {"DASF 1": {"due": "soon"}}},
        {"schema": "ai-risk-map/assessment", "useCase": {"nmae": "x"}},
        {"schema": "ai-risk-map/assessment", "extra": 1},
        {"schema": "ai-risk-map/assessment", "risks": {"9.1": {"pertinent": "no"}}},
    ],
)
def test_the_schema_refuses_what_the_engine_refuses(cli, tmp_path, doc):
    assert not validator("assessment").is_valid(doc)
    f = tmp_path / "doc.json"
    f.write_text(json.dumps(doc), encoding="utf-8")
    assert subprocess.run([str(cli), "assess", str(f)], capture_output=True).returncode == 2


def test_the_built_in_catalogs_fit_the_schema(cli):
    v = validator("catalog")
    for dasf in ("1.0", "2.0"):
        catalog = cli_json(cli, "catalog", "--dasf", dasf)
        v.validate(catalog)
    catalog["risks"][0]["kind"] = "magic"
    assert not v.is_valid(catalog)
