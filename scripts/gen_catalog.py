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

# Corrections to the snapshot's deployment-model flags (see ERRATA_POLICY). The facts in
# the risks stay as published; the engine applies these unless asked for the catalog as
# published. Each entry: risk id, models to add, and the reason in the project's own words.
ERRATA_POLICY = (
    "Each correction only adds deployment models to a risk, never removes one: a risk shown "
    "where it does not matter costs the team one decision to set it aside, with a reason; "
    "a risk hidden where it does matter is never looked at."
)
ERRATA = [
    ("5.4", ["fine_tuned_llm"],
     "Fine-tuning runs training code on the same open-source ML packages as training from scratch, so a malicious library reaches it the same way."),
    ("6.2", ["rag_llm", "foundational_llm"],
     "A RAG application or an application on a hosted model still needs test sets for hallucination, toxicity and prompt attacks before release; the snapshot already flags external models for this risk."),
    ("7.1", ["pretrained_llm"],
     "Training a model from scratch on one's own corpus is the most direct way to implant a trigger through poisoned training data."),
    ("8.3", ["fine_tuned_llm"],
     "Fine-tuned models are retrained and promoted like the others; automated promotion without a human checkpoint is as risky for them."),
    ("9.1", ["rag_llm", "foundational_llm", "external_models"],
     "Prompt injection targets any application that puts untrusted text in front of a language model; retrieved documents are the main channel for indirect injection, and a hosted or external model reads the same prompts."),
    ("9.2", ["rag_llm", "foundational_llm", "external_models"],
     "Inversion at the endpoint needs only inference queries, which any served model answers, wherever it is hosted; a RAG application can also give away its retrieved corpus this way."),
    ("9.3", ["rag_llm", "foundational_llm", "external_models"],
     "Breakout abuses the tools, code execution and runtime that the application wires around the model, and those belong to the team whoever hosts the weights."),
    ("9.4", ["rag_llm", "foundational_llm", "external_models"],
     "Feeding outputs back as inputs (agent loops, self-refinement, answers written back into the retrieval index) is a property of the application, not of who trained the model."),
    ("9.7", ["rag_llm"],
     "A RAG endpoint is as exposed to floods and oversized prompts as any other serving endpoint, and retrieval adds cost to every request."),
    ("9.9", ["fine_tuned_llm", "pretrained_llm", "foundational_llm", "external_models"],
     "Any LLM application that lets a request pull in URLs, files or queries must limit them, whatever kind of model answers."),
    ("9.10", ["foundational_llm", "external_models"],
     "Data sent to a hosted or third-party model leaves the team's controls most directly; the risk's own definition names forwarding to an external provider."),
    ("9.12", ["foundational_llm", "external_models"],
     "Jailbreaks are aimed at language models in general, and hosted foundation models are their most common target."),
    ("10.2", ["rag_llm"],
     "A RAG application inserts model output into pages and downstream tools like any other LLM application, so manipulated output reaches them the same way."),
    ("10.6", ["rag_llm", "foundational_llm", "external_models"],
     "Sensitive output comes from retrieved documents and system prompts as much as from memorised training data; a RAG application over internal documents is the typical case."),
    ("12.1", ["external_models"],
     "Calling an external model still runs on the team's platform (gateway, applications, libraries), which needs vulnerability management; the snapshot flags external models for 12.7 but not for the rest of component 12."),
    ("12.2", ["external_models"],
     "An application built on an external model needs red teaming and penetration testing of its own integration, prompts and tools."),
    ("12.3", ["external_models"],
     "Incidents such as a jailbreak campaign or data leaked through an external provider need a response process as much as any other."),
    ("12.4", ["external_models"],
     "The platform holds the credentials for the external model service; privileged access to it must be controlled all the same."),
    ("12.5", ["external_models"],
     "The application and gateway around an external model are software built by the team, with the same development-lifecycle risks."),
    ("12.6", ["external_models"],
     "Sending data to a third-party model service raises compliance duties (processing agreements, residency, retention) rather than removing them."),
]

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

    models = [d["key"] for d in v2["deployment_models"]]
    by_id = {r["id"]: r for r in risks}
    errata = []
    for rid, added, reason in ERRATA:
        published = by_id[rid]["deployment"]
        assert not set(added) & set(published), (rid, added)
        corrected = [m for m in models if m in published or m in added]
        errata.append({"risk": rid, "field": "deployment", "published": published, "corrected": corrected,
                       "reason": reason})
    # The file holds the catalog as the engine hands it out by default, corrections applied
    # (`errataApplied`): then the compiled data is already the text of `catalog()`, with no
    # catalog to build first. The engine derives the as-published edition from the errata.
    for erratum in errata:
        by_id[erratum["risk"]]["deployment"] = erratum["corrected"]

    # The provenance says that corrections exist and how they were chosen.
    errata_note = (
        f"The snapshot's deployment-model flags are corrected for {len(errata)} risks where they contradict "
        "the risk's own definition; the errata list each correction and its reason, and the catalog is also "
        "available as published. " + ERRATA_POLICY
    )
    notes = [n for n in v2_provenance["notes"] if "deployment-model flags are corrected" not in n]
    # In the order of the engine's fields, as everywhere in the file (see above).
    v2_provenance = {k: v2_provenance[k] for k in ("published", "source", "compiled")}
    v2_provenance["notes"] = notes + [errata_note]

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
        "errata": errata,
        "errataApplied": True,
    }
    OUT.write_text(json.dumps(catalog, indent=0, ensure_ascii=False) + "\n")
    V1_OUT.write_text(json.dumps(v1_provenance, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(risks)} risks, {len(controls)} controls")


if __name__ == "__main__":
    main()
