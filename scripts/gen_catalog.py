#!/usr/bin/env python3
"""Regenerate the facts of src/catalog/data/dasf-2.0.json from the DASF reference.

The reference lives outside the repository (../shared/reference/dasf by default). This
script takes only facts from it (ids, short names, flags, mappings, crosswalk ids and their
names). The descriptions are the project's own: they are kept from the existing catalog
file, so edit them there. The 1.0 view is derived from this file by the engine (risks and
controls introduced in 1.0, with their 1.0 names). Run it again only when the reference
changes, then review the diff.

Usage: python3 scripts/gen_catalog.py [REFERENCE_DIR]
"""
import collections
import csv
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
REF = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "reference" / "dasf"
OUT = ROOT / "src" / "catalog" / "data" / "dasf-2.0.json"
V1_OUT = ROOT / "src" / "catalog" / "data" / "dasf-1.0-provenance.json"

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

# Display names of the standards, and whether their entries are threats (enumerated in
# step 4 of the method) rather than requirements.
CROSSWALK_NAMES = {
    "mitreAtlas": ("MITRE ATLAS", True),
    "mitreAttack": ("MITRE ATT&CK", True),
    "owaspLlm": ("OWASP Top 10 for LLM Applications (2023, v1.1)", True),
    "owaspMl": ("OWASP Machine Learning Security Top 10 (2023)", True),
    "nist80053": ("NIST SP 800-53 Rev. 5", False),
    "iso42001": ("ISO/IEC 42001:2023 Annex A", False),
    "iso27001": ("ISO/IEC 27001:2022 Annex A", False),
    "euAiAct": ("EU AI Act", False),
}

RESPONSIBILITY = {
    "Configuration": "configuration",
    "Implementation": "implementation",
    "Out-of-the-box": "out_of_the_box",
    "academy": "education",
}


def load_existing_texts():
    """The project's own descriptions, from the current catalog file or the first drafts."""
    texts = {"stage": {}, "component": {}, "deployment": {}, "risk": {}, "control": {}, "implementation": {}}
    data = ROOT / "src" / "catalog" / "data"
    if OUT.exists():
        cat = json.loads(OUT.read_text())
        for kind, key in [("stage", "stages"), ("component", "components"), ("deployment", "deploymentModels"),
                          ("risk", "risks"), ("control", "controls")]:
            for item in cat[key]:
                texts[kind][item["id"]] = item["description"]
        for c in cat["controls"]:
            texts["implementation"][c["id"]] = c["implementation"]
        return texts, json.loads(V1_OUT.read_text()), cat["provenance"], cat
    # First generation: the drafts written by hand beside this script's output.
    ct = json.loads((data / "control_texts.json").read_text())
    texts["stage"] = {k: v["description"] for k, v in ct["stages"].items()}
    texts["component"] = {k: v["description"] for k, v in ct["components"].items()}
    texts["control"] = {k: v["description"] for k, v in ct["controls"].items()}
    texts["implementation"] = {k: v["implementation"] for k, v in ct["controls"].items()}
    texts["risk"] = json.loads((data / "risk_texts.json").read_text())
    texts["deployment"] = json.loads((data / "deployment_texts.json").read_text())
    prov = json.loads((data / "provenance.json").read_text())
    v1p = dict(prov["versions"]["1.0"], compiled=prov["compiled"])
    v2p = dict(prov["versions"]["2.0"], compiled=prov["compiled"])
    return texts, v1p, v2p, {"riskNotes": prov["riskNotes"], "framework": prov["framework"]}


def main():
    v2 = json.loads((REF / "dasf_v2.json").read_text())
    v1 = json.loads((REF / "dasf_v1.json").read_text())
    std = json.loads((REF / "standards_mappings.json").read_text())
    with open(REF / "risk_names_v1_seed.csv", newline="") as f:
        seed = list(csv.DictReader(f))
    v1_names = {row["risk_id"]: row["name_in_seed_v1"] for row in seed}
    v1_controls = {c["id"] for c in v1["controls"]}
    texts, v1_provenance, v2_provenance, previous = load_existing_texts()
    if "riskNotes" in previous:
        risk_notes = {k: [v] for k, v in previous["riskNotes"].items()}
        framework = previous["framework"]
    else:
        risk_notes = {r["id"]: r["notes"] for r in previous["risks"] if r.get("notes")}
        framework = previous["framework"]

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
        stages.append({"id": sid, "name": s["name"], "description": texts["stage"][sid], "components": comps})

    components = [
        {"id": str(c["number"]), "name": c["name_whitepaper_v1"], "stage": stage_of[str(c["number"])],
         "description": texts["component"][str(c["number"])]}
        for c in v2["components"]
    ]

    risks = []
    for r in v2["risks"]:
        rid = r["id"]
        risk = {"id": rid, "name": r["short_name"]}
        if rid in v1_names and v1_names[rid] != r["short_name"]:
            risk["otherVersionName"] = v1_names[rid]
        risk.update({
            "component": str(r["component"]),
            "stage": stage_of[str(r["component"])],
            "kind": "ai" if r["ai_novelty"] == "AI Sec" else "cyber",
            # The 1.0 risk list settles membership (it has 12.2, not 12.7); see the README there.
            "introduced": "1.0" if rid in v1_names else "2.0",
            "deployment": [k for k, v in r["deployment_applicability"].items() if v],
            "controls": r["mitigating_controls"],
            "crosswalk": crosswalk(std["risks"][rid]),
            "description": texts["risk"][rid],
        })
        if rid in risk_notes:
            risk["notes"] = risk_notes[rid]
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

    controls = []
    for c in v2["controls"]:
        cid = c["id"]
        introduced = c["dasf_revision_flag"]
        assert (introduced == "1.0") == (cid in v1_controls), cid
        control = {
            "id": cid,
            "name": c["short_name"],
            "introduced": introduced,
            "controlType": c["security_control_type"],
            "kind": c["feature_or_control"],
            "responsibility": RESPONSIBILITY[c["shared_responsibility"]],
            "operator": c["product_reference"],
            "novelty": "novel" if c["novelty"].lower().startswith("novel") else "traditional",
            "risks": [r["id"] for r in v2["risks"] if cid in r["mitigating_controls"]],
            "crosswalk": crosswalk(std["controls"][cid]),
            "description": texts["control"][cid],
            "implementation": texts["implementation"][cid],
        }
        notes = control_notes.get(cid, [])
        if not control["risks"]:
            notes.append("No risk of the catalog names this control as a mitigation; it supports the others.")
        if notes:
            control["notes"] = notes
        controls.append(control)

    names = collections.defaultdict(dict)
    for (key, ident), votes in sorted(name_votes.items()):
        # The compendium spells some names several ways; keep the most used spelling.
        names[key][ident] = votes.most_common(1)[0][0]

    catalog = {
        "schema": "ai-risk-map/catalog",
        "schemaVersion": 1,
        "framework": framework,
        "version": "2.0",
        "provenance": v2_provenance,
        "stages": stages,
        "components": components,
        "deploymentModels": [
            {"id": d["key"], "name": DEPLOYMENT_NAMES[d["key"]], "description": texts["deployment"][d["key"]]}
            for d in v2["deployment_models"]
        ],
        "risks": risks,
        "controls": controls,
        "crosswalks": [
            {"id": key, "name": CROSSWALK_NAMES[key][0], "threats": CROSSWALK_NAMES[key][1], "entries": names.get(key, {})}
            for _, key in CROSSWALKS
        ],
    }
    OUT.write_text(json.dumps(catalog, indent=0, ensure_ascii=False) + "\n")
    V1_OUT.write_text(json.dumps(v1_provenance, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(risks)} risks, {len(controls)} controls")


if __name__ == "__main__":
    main()
