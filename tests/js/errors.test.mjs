// Every error of a document, through the wasm binding in Node (pkg/): the thrown
// AiRiskMapError is the first error (message, code, path as before) and carries them all
// in `errors` (each {message, code, path}), up to limits().maxErrors, and `moreErrors`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { initSync, parseAssessment, evaluate, limits, Session } from "../../pkg/ai_risk_map.js";

initSync({ module: readFileSync(new URL("../../pkg/ai_risk_map_bg.wasm", import.meta.url)) });

/** The error a call throws. @param {() => unknown} f @returns {any} */
function thrown(f) {
  try {
    f();
  } catch (e) {
    return e;
  }
  assert.fail("expected the engine to refuse");
}

test("a document with several errors: the first is the error, all are listed", () => {
  const doc = {
    schema: "ai-risk-map/assessment",
    deploymentModels: ["rag"],
    risks: { "9.99": {} },
    controls: { "DASF 1": { status: "planned" }, dasf2: {} },
  };
  for (const call of [() => parseAssessment(doc), () => evaluate(JSON.stringify(doc)), () => new Session(JSON.stringify(doc))]) {
    const e = thrown(call);
    assert.equal(e.name, "AiRiskMapError");
    assert.equal(e.code, "unknown_id");
    assert.deepEqual(e.path, ["deploymentModels", 0]);
    assert.match(e.message, /unknown deployment model `rag` at `deploymentModels\[0\]`/);
    assert.deepEqual(e.errors.map((/** @type {any} */ x) => [x.code, x.path]), [
      ["unknown_id", ["deploymentModels", 0]],
      ["unknown_id", ["risks", "9.99"]],
      ["unknown_id", ["controls", "dasf2"]],
    ]);
    assert.equal(e.errors[0].message, e.message);
    assert.match(e.errors[2].message, /did you mean `DASF 2`/);
    assert.equal(e.moreErrors, 0);
  }
});

test("one error: errors holds just it; past the cap the rest are counted", () => {
  const one = thrown(() => parseAssessment({ schema: "ai-risk-map/assessment", controls: { "DASF 1": { status: "done" } } }));
  assert.deepEqual(one.errors, [{ message: one.message, code: "invalid_document", path: ["controls", "DASF 1", "status"] }]);
  assert.equal(one.moreErrors, 0);

  const max = limits().maxErrors;
  assert.equal(typeof max, "number");
  const controls = Object.fromEntries(Array.from({ length: max + 4 }, (_, i) => [`X ${i}`, { status: "maybe" }]));
  const many = thrown(() => parseAssessment({ schema: "ai-risk-map/assessment", controls }));
  assert.equal(many.errors.length, max);
  assert.equal(many.moreErrors, 4);
  assert.deepEqual(many.path, ["controls", "X 0", "status"]);
  assert.deepEqual(many.errors.at(-1).path, ["controls", `X ${max - 1}`, "status"]);
});
