// The engine session against full evaluation, with the real engine (pkg/) in Node: the
// property check of session-edits.mjs (also run in Chromium by tests/e2e/session.test.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as engine from "../../pkg/ai_risk_map.js";
import { applyChange } from "../../www/src/session.js";
import { checkEdits } from "./session-edits.mjs";

const { initSync, Session } = engine;

initSync({ module: readFileSync(new URL("../../pkg/ai_risk_map_bg.wasm", import.meta.url)) });
const example = readFileSync(new URL("../../examples/rag-chatbot.assessment.json", import.meta.url), "utf8");

for (const [name, start, seed] of [["the example", example, 11 * 7919], ["a blank assessment", null, 18 * 7919]]) {
  test(`random edits on ${name}: the session's answers equal a full evaluation`, () => {
    assert.equal(checkEdits(engine, applyChange, start, seed, 300), null);
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

test("half of a character typed into a field is refused at that field, and nothing changes", () => {
  const session = new Session(example);
  const before = session.toJson();
  // A JavaScript string can hold a lone surrogate (a paste cut between the two halves).
  assert.throws(
    () => session.apply({ path: ["controls", "DASF 1", "note"], value: "before \ud83d after" }),
    (/** @type {any} */ e) =>
      e.code === "invalid_document" && JSON.stringify(e.path) === '["controls","DASF 1","note"]' && /lone UTF-16 surrogate/.test(e.message),
  );
  assert.equal(session.toJson(), before);
});
