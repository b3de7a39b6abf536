"""Catalog imports through Python: the DASF compendium (CSV exports and the workbook) and
the CoSAI risk map become catalog documents the engine registers and assesses against; bad
sheets raise AssessmentError naming the sheet, row and column."""

from __future__ import annotations

import csv
import io
import pathlib

import pytest

import ai_risk_map as arm

REPO = pathlib.Path(__file__).resolve().parents[2]
COMPENDIUM = REPO / "tests" / "fixtures" / "compendium"
COSAI = REPO / "tests" / "fixtures" / "cosai"


def pairs(catalog: dict) -> list[tuple[str, str]]:
    return [(r["id"], c) for r in catalog["risks"] for c in r["controls"]]


def test_the_compendium_csv_imports_to_the_builtin_pairs_and_flags():
    doc = arm.import_compendium(COMPENDIUM / "risks.csv", str(COMPENDIUM / "controls.csv"))
    assert doc["version"] == "2.0-compendium"
    with open(REPO / "tests" / "fixtures" / "risk_control_pairs_v2.csv", newline="") as f:
        oracle = [(row["risk_id"], row["control_id"]) for row in csv.DictReader(f)]
    assert len(oracle) == 362
    assert pairs(doc) == oracle
    # The deployment flags are the sheet's Yes/No cells, as published (the built-in errata
    # carry over as errata, not as changed flags).
    models = ["predictive_ml", "rag_llm", "fine_tuned_llm", "pretrained_llm", "foundational_llm", "external_models"]
    with open(COMPENDIUM / "risks.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    first = rows[0].index("Predictive ML Models")
    expected = {row[0].split()[-1]: [m for m, cell in zip(models, row[first : first + 6]) if cell == "Yes"] for row in rows[1:]}
    assert {r["id"]: r["deployment"] for r in doc["risks"]} == expected
    assert len(doc["errata"]) == 20
    # Registered, it serves assessments at once.
    assert arm.register_catalog(doc) == "2.0-compendium"
    a = arm.new_assessment("2.0-compendium", ["rag_llm"])
    assert arm.evaluate(a)["overall"]["applicable"] > 0


def test_the_workbook_imports_the_same_as_the_csv():
    from_xlsx = arm.import_compendium(COMPENDIUM / "compendium.xlsx", version="dasf-xlsx")
    from_csv = arm.import_compendium(COMPENDIUM / "risks.csv", COMPENDIUM / "controls.csv")
    assert from_xlsx["version"] == "dasf-xlsx"
    assert from_xlsx["risks"] == from_csv["risks"]
    assert from_xlsx["controls"] == from_csv["controls"]


def test_a_malformed_sheet_names_sheet_row_and_column(tmp_path):
    rows = list(csv.reader(io.StringIO((COMPENDIUM / "risks.csv").read_text(encoding="utf-8"))))
    rows[3][rows[0].index("RAG - LLMs")] = "Perhaps"
    bad = tmp_path / "risks.csv"
    with open(bad, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    with pytest.raises(arm.AssessmentError) as e:
        arm.import_compendium(bad, COMPENDIUM / "controls.csv")
    assert e.value.code == "invalid_catalog"
    assert "sheet `risks.csv`, row 4, column J (RAG - LLMs)" in str(e.value)


def test_a_missing_column_is_named(tmp_path):
    rows = list(csv.reader(io.StringIO((COMPENDIUM / "controls.csv").read_text(encoding="utf-8"))))
    drop = rows[0].index("AI System Novelty")
    bad = tmp_path / "controls.csv"
    with open(bad, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows([r[:drop] + r[drop + 1 :] for r in rows])
    with pytest.raises(arm.AssessmentError, match="no column `AI System Novelty`"):
        arm.import_compendium(COMPENDIUM / "risks.csv", bad)


def test_no_file_is_an_argument_error():
    with pytest.raises(arm.AssessmentError) as e:
        arm.import_compendium()
    assert e.value.code == "invalid_argument"


def test_the_cosai_risk_map_imports_and_assesses():
    doc = arm.import_cosai(COSAI, version="cosai-py")
    assert doc["framework"] == "CoSAI Risk Map"
    assert [s["name"] for s in doc["stages"]][:3] == [
        "Infrastructure components",
        "Model components",
        "Application components",
    ]
    assert {r["id"] for r in doc["risks"]} == {
        "riskDataPoisoning",
        "riskPromptInjection",
        "riskModelExfiltration",
        "riskShadowAgents",
    }
    assert arm.register_catalog(doc) == "cosai-py"
    report = arm.evaluate(arm.new_assessment("cosai-py", ["personaApplicationDeveloper"]))
    assert report["overall"]["applicable"] >= 1
    with pytest.raises(arm.AssessmentError, match="no controls.yaml"):
        arm.import_cosai(COSAI / "risks.yaml", COSAI / "components.yaml")
