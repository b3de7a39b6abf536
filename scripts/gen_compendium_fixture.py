#!/usr/bin/env python3
"""Write the built-in DASF 2.0 catalog (as published) in the shape of the DASF compendium,
for the import tests (tests/import.rs): tests/fixtures/compendium/risks.csv and controls.csv
(the two worksheets exported as CSV) and compendium.xlsx (both sheets in one workbook, the
risk sheet under a title row, as workbooks often have), and malformed.xlsx (one bad cell).

The columns and cell spellings are the compendium's (`Raw Data 1.1`, `DASF v 1.0`, Yes/No,
`Databricks — Configuration`, `AML.T0020: Poison Training Data ...`); the texts are left
out, since the import tests check ids, flags, mappings and crosswalks. Run it again when the
built-in catalog changes:

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install openpyxl
    /tmp/venv/bin/python scripts/gen_compendium_fixture.py
"""
import csv
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "compendium"
CATALOG = ROOT / "src" / "catalog" / "data" / "dasf-2.0.json"

DEPLOYMENT = [
    ("Predictive ML Models", "predictive_ml"),
    ("RAG - LLMs", "rag_llm"),
    ("Fine-tuned LLMs", "fine_tuned_llm"),
    ("Pre-trained LLMs", "pretrained_llm"),
    ("Foundational LLMs", "foundational_llm"),
    ("External Models", "external_models"),
]
RISK_CROSSWALKS = [
    ("MITRE ATLAS as of Q3 2024", "mitreAtlas"),
    ("MITRE ATTACK as of Q3 2024", "mitreAttack"),
    ("OWASP LLM Top 10 2025", "owaspLlm"),
    ("OWASP ML Top 10 v0.3", "owaspMl"),
    ("NIST - 800- 53 - Rev 5", "nist80053"),
    ("NIST 800-53 Controls Mapping Rationale", None),
    ("HITRUST", None),
    ("ENISA\u2019s Securing ML Algorithms", None),
    ("ISO 42001:2023 Controls Objectives and Controls (Annex A)", "iso42001"),
    ("ISO 27001:2022 Information Security Control Reference (Annex A)", "iso27001"),
    ("EU AI Act", "euAiAct"),
]
CONTROL_CROSSWALKS = [
    ("MITRE ATLAS as of Q3 2024", "mitreAtlas"),
    ("MITRE ATTACK as of Q3 2024", "mitreAttack"),
    ("OWASP LLM Top 10 2025", "owaspLlm"),
    ("OWASP ML Top 10 v0.3", "owaspMl"),
    ("ISO 42001:2023 Controls Objectives and Controls (Annex A)", "iso42001"),
    ("ISO 27001:2022 Information Security Control Reference (Annex A)", "iso27001"),
    ("NIST - 800- 53 - Rev 5", "nist80053"),
    ("HITRUST", None),
    ("ENISA\u2019s Securing ML Algorithms", None),
    ("EU AI ACT", "euAiAct"),
]
RESPONSIBILITY = {
    "configuration": "Configuration",
    "implementation": "Implementation",
    "out_of_the_box": "Out-of-the-box",
    "education": "academy",
}


def crosswalk_cell(cat, item, key):
    if key is None:
        return ""
    ids = item["crosswalk"].get(key, [])
    if not ids:
        return "no mapping"
    names = next(c["entries"] for c in cat["crosswalks"] if c["id"] == key)
    parts = []
    for i in ids:
        name = names.get(i, "")
        if key == "mitreAttack" and i.startswith("T"):
            parts.append(f"ID: {i} {name}".strip())
        else:
            parts.append(f"{i}: {name}" if name else i)
    return " ".join(parts)


def main():
    cat = json.loads(CATALOG.read_text())
    component = {c["id"]: c["name"] for c in cat["components"]}
    stage = {s["id"]: s["name"] for s in cat["stages"]}
    label = lambda rid: f"{component[rid.split('.')[0]]} {rid}"

    risk_header = (
        ["Risk ID", "System Component", "Risk", "Risk Description", "Mitigation Controls IDs",
         "Mitigation Controls IDs  New Line", "Mitigation Controls", "DASF  Revision"]
        + [h for h, _ in DEPLOYMENT]
        + ["Initial AI Risk Impacts", "Business Impacts", "AI Novelty"]
        + [h for h, _ in RISK_CROSSWALKS]
    )
    risk_rows = [risk_header]
    for r in cat["risks"]:
        risk_rows.append(
            [label(r["id"]), stage[r["stage"]], f"{label(r['id'])}: {r['name']}", "",
             ",".join(r["controls"]), " ".join(r["controls"]), "", f"DASF v {r['introduced']}"]
            + ["Yes" if m in r["deployment"] else "No" for _, m in DEPLOYMENT]
            + ["", "", "AI Sec" if r["kind"] == "ai" else "CyberSec"]
            + [crosswalk_cell(cat, r, k) for _, k in RISK_CROSSWALKS]
        )

    control_header = (
        ["Control ID", "Control", "Risk ID", "Description", "Databricks Shared Responsibility",
         "Databricks Product Reference", "Databricks Documentation (AWS)",
         "Databricks Documentation (Azure)", "Databricks Documentation (GCP)", "DASF Revision",
         "Security Control Type", "AI System Component Step", "Feature / Control",
         "Security Analysis Tool (SAT)", "AI System Novelty"]
        + [h for h, _ in CONTROL_CROSSWALKS]
    )
    control_rows = [control_header]
    for c in cat["controls"]:
        control_rows.append(
            [c["id"], f"{c['id']}: {c['name']}", ", ".join(label(r) for r in c["risks"]), "",
             f"Databricks \u2014 {RESPONSIBILITY[c['responsibility']]}", c["operator"], "", "", "",
             f"DASF v {c['introduced']}", c["controlType"], "", c["kind"], "",
             "Novel Control/Capability" if c["novelty"] == "novel" else "Traditional Control/Capability"]
            + [crosswalk_cell(cat, c, k) for _, k in CONTROL_CROSSWALKS]
        )

    OUT.mkdir(parents=True, exist_ok=True)
    for name, rows in [("risks.csv", risk_rows), ("controls.csv", control_rows)]:
        with open(OUT / name, "w", newline="", encoding="utf-8") as f:
            csv.writer(f, lineterminator="\n").writerows(rows)

    import openpyxl  # only needed for the workbook

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "AI Lifecycle Risks"
    sheet.append(["DASF compendium in the shape of the worksheets (test fixture)"])
    for row in risk_rows:
        sheet.append(row)
    sheet = book.create_sheet("AI Mitigation Controls")
    for row in control_rows:
        sheet.append(row)
    # Fixed timestamps, so that the file only changes when the catalog does.
    import datetime
    stamp = datetime.datetime(2026, 1, 1)
    book.properties.created = stamp
    book.properties.modified = stamp
    book.save(OUT / "compendium.xlsx")
    # The same workbook with one bad flag (risk 1.3, `RAG - LLMs`: row 5 under the title row,
    # column J), for the test that errors name the worksheet's own row and column.
    risks = book["AI Lifecycle Risks"]
    assert risks["A5"].value.endswith(" 1.3") and risks["J2"].value == "RAG - LLMs"
    risks["J5"] = "Maybe"
    book.save(OUT / "malformed.xlsx")
    print(f"wrote {len(risk_rows) - 1} risks and {len(control_rows) - 1} controls to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
