// The engine session against full evaluation, with the real engine (pkg/): random edit
// sequences applied through Session.apply and folded in by www/src/session.js must leave the
// same document and the same report as exporting the document and evaluating it afresh.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { initSync, Session, evaluate, catalog, parseAssessment } from "../../pkg/ai_risk_map.js";
import { applyChange } from "../../www/src/session.js";

initSync({ module: readFileSync(new URL("../../pkg/ai_risk_map_bg.wasm", import.meta.url)) });
const example = readFileSync(new URL("../../examples/rag-chatbot.assessment.json", import.meta.url), "utf8");

/** A small seeded generator, so that a failure can be replayed. @param {number} seed */
function random(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 2 ** 32;
  };
}

/** A random edit on the catalog's ids: statuses, notes, owners, decisions, scope. */
function randomEdit(/** @type {() => number} */ rnd, /** @type {any} */ cat) {
  const pick = (/** @type {any[]} */ list) => list[Math.floor(rnd() * list.length)];
  const control = pick(cat.controls).id;
  const risk = pick(cat.risks).id;
  const statuses = ["implemented", "partial", "planned", "not_implemented", "not_applicable"];
  const kinds = [
    () => ({ path: ["controls", control, "status"], value: pick(statuses) }),
    () => ({ path: ["controls", control, "owner"], value: pick(["", "IAM", "ML \u00e9quipe"]) }),
    () => ({ path: ["controls", control, "note"], value: "n".repeat(Math.floor(rnd() * 40)) }),
    () => ({ path: ["controls", control], value: null }),
    () => ({ path: ["risks", risk, "pertinent"], value: rnd() < 0.5 }),
    () => ({ path: ["risks", risk, "reason"], value: pick(["", "internal only"]) }),
    () => ({ path: ["risks", risk], value: null }),
    () => ({ path: ["useCase", "name"], value: pick(["Bot", "", "Assistant"]) }),
    () => ({ path: ["asPublished"], value: rnd() < 0.5 ? true : null }),
    () => ({ path: ["deploymentModels"], value: cat.deploymentModels.filter(() => rnd() < 0.3).map((/** @type {any} */ d) => d.id) }),
    () => ({ path: ["components"], value: rnd() < 0.3 ? null : cat.components.filter(() => rnd() < 0.7).map((/** @type {any} */ c) => c.id) }),
  ];
  return pick(kinds)();
}

for (const [name, start] of [["the example", example], ["a blank assessment", null]]) {
  test(`random edits on ${name}: the session's answers equal a full evaluation`, () => {
    const session = new Session(start);
    const a = session.assessment();
    const r = session.report();
    const cat = catalog(a.dasf);
    const rnd = random(name.length * 7919);
    for (let step = 0; step < 300; step++) {
      const batch = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => randomEdit(rnd, cat));
      const change = session.apply(batch);
      applyChange(a, r, change);
      const exported = session.toJson();
      assert.deepEqual(a, parseAssessment(exported), `document after step ${step}: ${JSON.stringify(batch)}`);
      assert.deepEqual(r, evaluate(exported), `report after step ${step}: ${JSON.stringify(batch)}`);
    }
  });
}

test("a refused edit changes nothing and names the path as segments", () => {
  const session = new Session(example);
  const before = session.toJson();
  assert.throws(
    () => session.apply([{ path: ["useCase", "name"], value: "x" }, { path: ["controls", "DASF 1", "status"], value: "done" }]),
    (/** @type {any} */ e) => e.name === "AiRiskMapError" && e.code === "invalid_document" && JSON.stringify(e.path) === '["controls","DASF 1","status"]',
  );
  assert.equal(session.toJson(), before);
  assert.throws(() => session.apply([{ path: ["risks", "9.99", "pertinent"], value: false }]), (/** @type {any} */ e) => e.code === "unknown_id");
  assert.equal(session.toJson(), before);
});
