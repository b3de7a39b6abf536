#!/usr/bin/env python3
"""Write seed inputs for the fuzz targets into DIR/<target>/ (default /tmp/airm-seeds):
real documents from the CLI and the examples, a small consistent catalog cut from the
built-in one (small inputs fuzz faster), edge cases of the document format, and share
strings made the way the page makes them (deflate-raw, then base64url without padding).

Usage: python3 fuzz/seeds.py [DIR]   (run from the repository root, after cargo build)
"""
import base64
import json
import os
import subprocess
import sys
import zlib

out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/airm-seeds"
cli = "target/debug/ai-risk-map"
MODELS = ["predictive_ml", "rag_llm", "fine_tuned_llm", "pretrained_llm", "foundational_llm", "external_models"]


def run(*args):
    return subprocess.run([cli, *args], check=True, capture_output=True).stdout


def put(target, name, data):
    os.makedirs(os.path.join(out, target), exist_ok=True)
    with open(os.path.join(out, target, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def share(text):
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = packer.compress(text.encode()) + packer.flush()
    return base64.urlsafe_b64encode(packed).decode().rstrip("=")


assessments = {"example": open("examples/rag-chatbot.assessment.json").read()}
for dasf in ["1.0", "2.0"]:
    assessments[f"new-{dasf}"] = run("new", "--dasf", dasf).decode()
    for m in MODELS[:3] if dasf == "1.0" else MODELS:
        assessments[f"new-{dasf}-{m}"] = run("new", "--dasf", dasf, "--deployment", m).decode()
v1 = json.dumps({"schema": "ai-risk-map/assessment", "schemaVersion": 1, "dasf": "1.0",
                 "controls": {"DASF 1": {"status": "partial"}}, "risks": {"9.1": {"pertinent": False}}})
put("assessment", "v1-dasf-1.0.json", v1)
open("/tmp/airm-v1.json", "w").write(v1)
assessments["migrated"] = run("migrate", "/tmp/airm-v1.json").decode()
assessments["edges"] = json.dumps({
    "schema": "ai-risk-map/assessment",
    "useCase": {"name": "<img src=x onerror=alert(1)> | # *x* \u202e \ud83d\ude00", "owner": "=SUM(A1)",
                "description": "line\nbreak\r\n[link](javascript:x) & \"q\" \t \u0000"},
    "deploymentModels": ["rag_llm", "external_models"],
    "components": ["9", "10", "12"],
    "risks": {"9.1": {"pertinent": False}, "9.2": {"pertinent": False, "reason": "-@+"}, "10.1": {"pertinent": True, "reason": "kept"}},
    "controls": {"DASF 1": {"status": "implemented", "owner": "a,b", "note": "\"quoted\""},
                 "DASF 2": {"status": "partial"}, "DASF 3": {"status": "planned"},
                 "DASF 4": {"status": "not_implemented"}, "DASF 5": {"status": "not_applicable"}},
}, ensure_ascii=True)
cat = json.loads(run("catalog", "--format", "json"))
every_na = {"schema": "ai-risk-map/assessment", "controls": {c: {"status": "not_applicable"} for c in cat["risks"][0]["controls"]}}
assessments["all-not-applicable"] = json.dumps(every_na)
assessments["all-implemented"] = json.dumps({"schema": "ai-risk-map/assessment",
                                             "controls": {c["id"]: {"status": "implemented"} for c in cat["controls"]}})
for name, text in assessments.items():
    put("assessment", f"{name}.json", text)
    put("share_link", f"{name}.txt", share(text))
for name, text in {
    "minimal": '{"schema":"ai-risk-map/assessment"}',
    "escapes": '{"schema":"ai-risk-map\\/assessment","useCase":{"name":"\\u0041\\ud83d\\ude00\\n"}}',
    "nulls": '{"schema":"ai-risk-map/assessment","dasf":null,"useCase":null,"components":[]}',
    "numbers": '[0,-0,1.5e+3,-2E-2,123456789012345678901234567890]',
    "deep": "[" * 40 + "]" * 40,
    "unknown": '{"schema":"ai-risk-map/assessment","schemaVersion":3,"x":1}',
}.items():
    put("assessment", f"{name}.json", text)
put("share_link", "bad-char.txt", "Zm9v!Zm8")
put("share_link", "cut.txt", "Zm9vY")
put("share_link", "empty.txt", "")

# Catalogs: the built-in ones as the CLI prints them, and a small consistent cut of 2.0.
put("catalog", "dasf-2.0.json", open("src/catalog/data/dasf-2.0.json", "rb").read())
put("catalog", "dasf-1.0.json", run("catalog", "--dasf", "1.0", "--format", "json"))
small = dict(cat)
keep_components = {"1", "9", "12"}
small["provenance"] = dict(cat["provenance"], notes=["short"])
small["stages"] = [dict(s, description="", components=[c for c in s["components"] if c in keep_components])
                   for s in cat["stages"]]
small["components"] = [dict(c, description="d") for c in cat["components"] if c["id"] in keep_components]
risks = []
for comp in sorted(keep_components):
    for r in [r for r in cat["risks"] if r["component"] == comp][:2]:
        risks.append(dict(r, controls=r["controls"][:2], description="r",
                          crosswalk={k: v[:1] for k, v in list(r["crosswalk"].items())[:2]}))
used = [c["id"] for c in cat["controls"] if any(c["id"] in r["controls"] for r in risks)]
small["risks"] = risks
small["controls"] = [dict(c, description="c", implementation="i", notes=[],
                          risks=[r["id"] for r in risks if c["id"] in r["controls"]],
                          crosswalk={k: v[:1] for k, v in list(c["crosswalk"].items())[:1]})
                     for c in cat["controls"] if c["id"] in used]
small["crosswalks"] = [dict(x, entries=dict(list(x["entries"].items())[:2])) for x in cat["crosswalks"]]
put("catalog", "small.json", json.dumps(small, separators=(",", ":")))
# The smallest catalog that exercises everything (two stages, a shared control, a crosswalk):
# small inputs keep the fuzzer fast and the minimised corpus small.
put("catalog", "tiny.json", json.dumps({
    "schema": "ai-risk-map/catalog", "schemaVersion": 1, "framework": "F", "version": "t",
    "provenance": {"published": "p", "source": "s", "compiled": "c", "notes": ["n"]},
    "stages": [{"id": "1", "name": "S1", "components": ["1", "2"]}, {"id": "2", "name": "S2", "components": ["3"]}],
    "components": [{"id": "1", "name": "C1", "stage": "1"}, {"id": "2", "name": "C2", "stage": "1"},
                   {"id": "3", "name": "C3", "stage": "2"}],
    "deploymentModels": [{"id": "m", "name": "M"}, {"id": "k", "name": "K"}],
    "risks": [{"id": "1.1", "name": "R1", "component": "1", "stage": "1", "kind": "ai", "introduced": "1",
               "deployment": ["m"], "controls": ["A", "B"], "crosswalk": {"x": ["X1"]}},
              {"id": "3.1", "name": "R3", "component": "3", "stage": "2", "kind": "cyber", "introduced": "1",
               "deployment": ["m", "k"], "controls": ["B"]}],
    "controls": [{"id": "A", "name": "CA", "introduced": "1", "responsibility": "configuration", "novelty": "novel",
                  "risks": ["1.1"], "crosswalk": {"x": ["X1"]}},
                 {"id": "B", "name": "CB", "introduced": "1", "responsibility": "education", "novelty": "traditional",
                  "risks": ["1.1", "3.1"]}],
    "crosswalks": [{"id": "x", "name": "X", "threats": True, "entries": {"X1": "E"}}],
}, separators=(",", ":")))
print(f"seeds written to {out}")
