"""The exports for other tools through Python: the OSCAL catalog, assessment results and
POA&M, validated by a real OSCAL implementation (compliance-trestle, the last release for
OSCAL 1.1), and the ATLAS Navigator layer; each equal to the golden file of the example
(tests/golden/, checked natively by tests/formats.rs) and to the native command's output."""

from __future__ import annotations

import copy
import json
import pathlib
import subprocess
import sys

import pytest

import ai_risk_map as arm
from ai_risk_map import AssessmentError

from conftest import REPO

GOLDEN = REPO / "tests" / "golden"
TRESTLE = pathlib.Path(sys.executable).parent / "trestle"


def golden(name: str) -> dict:
    return json.loads((GOLDEN / name).read_text("utf-8"))


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> pathlib.Path:
    """A trestle workspace (`trestle init`)."""
    if not TRESTLE.is_file():
        pytest.skip("compliance-trestle is not installed (scripts/test-python.sh installs it)")
    root = tmp_path_factory.mktemp("trestle")
    subprocess.run([str(TRESTLE), "init"], cwd=root, check=True, capture_output=True, text=True)
    return root


def trestle_import(workspace: pathlib.Path, document: dict, name: str) -> subprocess.CompletedProcess:
    """`trestle import` of `document`: trestle parses it into its OSCAL model and refuses
    it, with a non-zero status, when it does not conform."""
    path = workspace.parent / f"{workspace.name}-{name}.json"
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False), "utf-8")
    return subprocess.run(
        [str(TRESTLE), "import", "-f", str(path), "-o", name],
        cwd=workspace,
        capture_output=True,
        text=True,
    )


def valid(workspace: pathlib.Path, document: dict, name: str) -> None:
    run = trestle_import(workspace, document, name)
    assert run.returncode == 0, run.stdout + run.stderr
    kind = next(iter(document))
    folder = {
        "catalog": "catalogs",
        "assessment-results": "assessment-results",
        "plan-of-action-and-milestones": "plan-of-action-and-milestones",
    }[kind]
    imported = workspace / folder / name / f"{kind}.json"
    assert imported.is_file(), imported
    check = subprocess.run([str(TRESTLE), "validate", "-f", str(imported)], cwd=workspace, capture_output=True, text=True)
    assert check.returncode == 0 and "VALID" in check.stdout + check.stderr, check.stdout + check.stderr


def test_trestle_refuses_a_document_that_breaks_the_model(workspace, example_path):
    # The check has teeth: the same results with one required field gone, or a bad
    # UUID, or a value OSCAL does not allow, are refused.
    ar = arm.oscal_assessment_results(example_path.read_text("utf-8"))
    no_title = copy.deepcopy(ar)
    del no_title["assessment-results"]["metadata"]["title"]
    bad_uuid = copy.deepcopy(ar)
    bad_uuid["assessment-results"]["results"][0]["findings"][0]["uuid"] = "not-a-uuid"
    bad_state = copy.deepcopy(ar)
    bad_state["assessment-results"]["results"][0]["findings"][0]["target"]["status"]["state"] = "covered"
    for n, broken in enumerate((no_title, bad_uuid, bad_state)):
        assert trestle_import(workspace, broken, f"broken{n}").returncode != 0


def test_oscal_catalog_is_valid_and_equals_the_golden_file(workspace):
    catalog = arm.oscal_catalog("2.0")
    assert catalog == golden("dasf-2.0.oscal-catalog.json")
    valid(workspace, catalog, "dasf-20")
    published = arm.oscal_catalog("2.0", as_published=True)
    assert published["catalog"]["uuid"] != catalog["catalog"]["uuid"]
    valid(workspace, arm.oscal_catalog("1.0"), "dasf-10")


def test_oscal_assessment_results_are_valid_and_equal_the_golden_file(workspace, example_path):
    ar = arm.oscal_assessment_results(example_path.read_text("utf-8"))
    assert ar == golden("rag-chatbot.oscal-ar.json")
    valid(workspace, ar, "example-ar")
    result = ar["assessment-results"]["results"][0]
    assert len(result["findings"]) == arm.evaluate(example_path.read_text("utf-8"))["overall"]["scored"]


def test_oscal_poam_is_valid_and_equals_the_golden_file(workspace, example_path):
    poam = arm.oscal_poam(json.loads(example_path.read_text("utf-8")))
    assert poam == golden("rag-chatbot.oscal-poam.json")
    valid(workspace, poam, "example-poam")


def test_oscal_of_a_hostile_assessment_stays_valid(workspace):
    # Text with markup, controls and line breaks in every field the exports copy.
    hostile = "<img src=x onerror=alert(1)>\n# [x](javascript:y) {{ insert: param, p }} \u202e\u0000"
    doc = {
        "schema": "ai-risk-map/assessment",
        "schemaVersion": 3,
        "useCase": {"name": hostile, "description": hostile, "owner": hostile},
        "assessedOn": "2026-12-01",
        "assessor": hostile,
        "deploymentModels": ["rag_llm"],
        "risks": {"9.1": {"likelihood": 5, "impact": 5, "reason": hostile}},
        "controls": {
            "DASF 1": {"status": "partial", "owner": hostile, "note": hostile, "evidence": [hostile, "see https://x.example/a?b=<c>"], "due": "2027-01-01"},
        },
    }
    ar = arm.oscal_assessment_results(doc)
    poam = arm.oscal_poam(doc)
    valid(workspace, ar, "hostile-ar")
    valid(workspace, poam, "hostile-poam")
    # Markup fields show the text as written: every markup character escaped, one line.
    markup = [v for d in (ar, poam) for v in strings(d, {"title", "description", "remarks", "statement", "prose"})]
    assert any("img src=x" in m for m in markup)
    for m in markup:
        assert "\n" not in m or m.count("\n\n") * 2 == m.count("\n"), m
        for i, ch in enumerate(m):
            if ch in "<>[]{}#*_`":
                assert m[i - 1] == "\\", m
    assert "\\u0000" not in json.dumps([ar, poam], ensure_ascii=False)


def strings(value, keys: set[str]):
    """The string values of members named in `keys`, anywhere in `value`."""
    if isinstance(value, dict):
        for k, v in value.items():
            if k in keys and isinstance(v, str):
                yield v
            else:
                yield from strings(v, keys)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v, keys)


def test_navigator_layer_equals_the_golden_file(example_path):
    layer = arm.navigator_layer(example_path.read_text("utf-8"))
    assert layer == golden("rag-chatbot.navigator.json")
    assert layer["domain"] == "atlas-atlas" and layer["versions"]["layer"] == "4.5"


def test_the_exports_equal_the_clis(cli, example_path):
    doc = example_path.read_text("utf-8")
    for fmt, ours in (
        ("oscal", arm.oscal_assessment_results(doc)),
        ("oscal-poam", arm.oscal_poam(doc)),
        ("navigator", arm.navigator_layer(doc)),
    ):
        native = subprocess.run([str(cli), "assess", str(example_path), "--format", fmt], capture_output=True, text=True, check=True)
        assert json.loads(native.stdout) == ours, fmt
    native = subprocess.run([str(cli), "catalog", "--format", "oscal"], capture_output=True, text=True, check=True)
    assert json.loads(native.stdout) == arm.oscal_catalog()


def test_the_exports_refuse_with_the_engines_code_and_path():
    blank = arm.new_assessment("2.0", ["rag_llm"])
    for export in (arm.oscal_assessment_results, arm.oscal_poam):
        with pytest.raises(AssessmentError) as e:
            export(blank)
        assert e.value.code == "invalid_document"
        assert e.value.path == ["assessedOn"]
        assert "YYYY-MM-DD" in str(e.value)
    with pytest.raises(AssessmentError) as e:
        arm.oscal_catalog("9.9")
    assert "9.9" in str(e.value)


def test_the_widget_exports_its_assessment(example_path):
    from ai_risk_map import RiskMap

    w = RiskMap.load(example_path)
    assert w.oscal_assessment_results() == golden("rag-chatbot.oscal-ar.json")
    assert w.oscal_poam() == golden("rag-chatbot.oscal-poam.json")
    assert w.navigator_layer() == golden("rag-chatbot.navigator.json")


def test_oscal_of_an_imported_dasf_3_catalog_and_an_assessment_on_it_is_valid(workspace):
    # A 13-component catalog of one's own (the compendium import's 3.0-shaped fixture).
    text = (REPO / "tests" / "fixtures" / "compendium" / "dasf-3.0-shaped.catalog.json").read_text("utf-8")
    version = arm.register_catalog(text)
    catalog = arm.oscal_catalog(version)
    stages = [g for g in catalog["catalog"]["groups"] if g["class"] == "stage"]
    assert sum(len(s["groups"]) for s in stages) == 13
    valid(workspace, catalog, "dasf-30")
    first = arm.catalog(version)["controls"][0]["id"]
    doc = {
        "schema": "ai-risk-map/assessment",
        "dasf": version,
        "assessedOn": "2026-12-01",
        "assessor": "Security architecture",
        "controls": {first: {"status": "planned", "owner": "Platform", "due": "2027-02-01"}},
    }
    ar = arm.oscal_assessment_results(doc)
    poam = arm.oscal_poam(doc)
    valid(workspace, ar, "dasf-30-ar")
    valid(workspace, poam, "dasf-30-poam")
    targets = {f["target"]["target-id"] for f in ar["assessment-results"]["results"][0]["findings"]}
    parts = {p["id"] for s in stages for c in s["groups"] for p in c.get("parts", []) if p.get("name") == "risk"}
    assert targets and targets <= parts
