#!/usr/bin/env python3
"""Regenerate src/catalog/data/dasf.json from the DASF reference facts.

The reference lives outside the repository (../shared/reference/dasf by default). This
script keeps only facts (ids, short names, flags, mappings, crosswalk ids and their names);
the descriptions in risk_texts.json and control_texts.json are the project's own and are
written by hand. Run it again only when the reference changes, then review the diff.

Usage: python3 scripts/gen_catalog.py [REFERENCE_DIR]
"""
import collections
import csv
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
REF = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "reference" / "dasf"
OUT = ROOT / "src" / "catalog" / "data" / "dasf.json"

# Reference column -> catalog key, in the order the UI lists them.
CROSSWALKS = [
    ("mitre_atlas", "mitreAtlas"),
    ("mitre_attack", "mitreAttack"),
    ("owasp_llm_top10", "owaspLlm"),
    ("owasp_ml_top10", "owaspMl"),
    ("nist_800_53_r5", "nist80053"),
    ("iso_42001_annex_a", "iso42001"),
    ("iso_27001_2022_annex_a", "iso27001"),
    ("eu_ai_act", "euAiAct"),
]

DEPLOYMENT_NAMES = {
    "predictive_ml": "Predictive ML models",
    "rag_llm": "RAG with LLMs",
    "fine_tuned_llm": "Fine-tuned LLMs",
    "pretrained_llm": "Pre-trained LLMs",
    "foundational_llm": "Foundation model APIs",
    "external_models": "External models",
}

RESPONSIBILITY = {
    "Configuration": "configuration",
    "Implementation": "implementation",
    "Out-of-the-box": "out_of_the_box",
    "academy": "education",
}


def main():
    v2 = json.loads((REF / "dasf_v2.json").read_text())
    v1 = json.loads((REF / "dasf_v1.json").read_text())
    std = json.loads((REF / "standards_mappings.json").read_text())
    with open(REF / "risk_names_v1_seed.csv", newline="") as f:
        seed = list(csv.DictReader(f))
    v1_names = {row["risk_id"]: row["name_in_seed_v1"] for row in seed}
    v1_controls = {c["id"] for c in v1["controls"]}

    name_votes = collections.defaultdict(collections.Counter)

    def crosswalk(entry):
        out = {}
        for src, key in CROSSWALKS:
            items = entry[src]
            if isinstance(items, dict):  # NIST keeps controls and family ranges apart
                items = items["controls"] + [{"id": r, "name": ""} for r in items["ranges"]]
            ids = []
            for item in items:
                ident = item["id"].strip()
                if item["name"]:
                    name_votes[(key, ident)][item["name"].strip()] += 1
                if ident not in ids:
                    ids.append(ident)
            if ids:
                out[key] = ids
        return out

    stage_of = {}
    stages = []
    for s in v2["stages"]:
        sid = str(s["stage"])
        comps = [str(c) for c in s["components"]]
        for c in comps:
            stage_of[c] = sid
        stages.append({"id": sid, "name": s["name"], "components": comps})

    components = [
        {"id": str(c["number"]), "name": c["name_whitepaper_v1"], "stage": stage_of[str(c["number"])]}
        for c in v2["components"]
    ]

    risks = []
    for r in v2["risks"]:
        rid = r["id"]
        risk = {
            "id": rid,
            "name": r["short_name"],
            "component": str(r["component"]),
            "kind": "ai" if r["ai_novelty"] == "AI Sec" else "cyber",
            "inV1": rid in v1_names,
            "deployment": [k for k, v in r["deployment_applicability"].items() if v],
            "controls": r["mitigating_controls"],
            "crosswalk": crosswalk(std["risks"][rid]),
        }
        if rid in v1_names and v1_names[rid] != r["short_name"]:
            risk["nameV1"] = v1_names[rid]
        risks.append(risk)

    # Where the compendium disagrees with itself, say so on the control concerned.
    control_notes = collections.defaultdict(list)
    for inc in v2["mapping_notes"]["inconsistencies"]:
        cid = inc["control"]
        missing = [r for r in inc["only_in_control_row"] if r not in inc["nonexistent_risk_ids_cited"]]
        if missing:
            control_notes[cid].append(
                "The compendium's control table also lists risk(s) " + ", ".join(missing)
                + " for this control, but those risks' own rows do not name it; the risk rows are used here."
            )
        if inc["only_in_risk_rows"]:
            control_notes[cid].append(
                "Risk(s) " + ", ".join(inc["only_in_risk_rows"])
                + " name this control in their rows, but the compendium's control table omits them; the risk rows are used here."
            )
        if inc["nonexistent_risk_ids_cited"]:
            control_notes[cid].append(
                "The compendium cites risk " + ", ".join(inc["nonexistent_risk_ids_cited"])
                + " for this control, which does not exist in the catalog; the reference is dropped."
            )
    mapped = {c for r in v2["risks"] for c in r["mitigating_controls"]}

    controls = []
    for c in v2["controls"]:
        novelty = "novel" if c["novelty"].lower().startswith("novel") else "traditional"
        controls.append({
            "id": c["id"],
            "name": c["short_name"],
            "introduced": c["dasf_revision_flag"],
            "inV1": c["id"] in v1_controls,
            "type": c["security_control_type"],
            "kind": c["feature_or_control"],
            "responsibility": RESPONSIBILITY[c["shared_responsibility"]],
            "operator": c["product_reference"],
            "novelty": novelty,
            "crosswalk": crosswalk(std["controls"][c["id"]]),
        })
        notes = control_notes.get(c["id"], [])
        if c["id"] not in mapped:
            notes.append("No risk of the catalog names this control as a mitigation; it supports the others.")
        if notes:
            controls[-1]["notes"] = notes

    names = collections.defaultdict(dict)
    for (key, ident), votes in sorted(name_votes.items()):
        # The compendium spells some names several ways; keep the most used spelling.
        names[key][ident] = votes.most_common(1)[0][0]

    catalog = {
        "stages": stages,
        "components": components,
        "deploymentModels": [
            {"id": d["key"], "name": DEPLOYMENT_NAMES[d["key"]]} for d in v2["deployment_models"]
        ],
        "risks": risks,
        "controls": controls,
        "crosswalkNames": names,
        "satChecks": [
            {"check": t["sat_check_id"], "controls": t["dasf_controls"]}
            for t in v2["tools"]["security_analysis_tool_sat_to_dasf"]
        ],
    }
    OUT.write_text(json.dumps(catalog, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(risks)} risks, {len(controls)} controls")


if __name__ == "__main__":
    main()
