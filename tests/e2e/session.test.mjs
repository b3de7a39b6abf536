// The engine session against full evaluation in real headless Chromium: the shipped engine
// (dist/engine.js and its wasm, under the page's CSP) runs the same property check as the
// Node test (tests/js/session-edits.mjs): seeded random edit sequences through the session,
// folded in by www/src/session.js, compared with a full evaluation of the exported document.
// Two fixed seeds per start and one new seed per run; SESSION_SEED=n replays one seed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { setUp, ROOT, BASE_PATH, openPage } from "./helpers.mjs";

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Session check</title>
<link rel="icon" href="data:,"><script type="module" src="/session/run.js"></script></head>
<body><h1>Session check</h1></body></html>`;
const RUN = `import { engine } from "${BASE_PATH}engine.js";
import { applyChange } from "/session/session.js";
import { checkEdits } from "/session/session-edits.mjs";
window.check = async (start, seed, steps) => checkEdits(await engine(), applyChange, start, seed, steps);
window.ready = true;`;

const example = readFileSync(join(ROOT, "examples/rag-chatbot.assessment.json"), "utf8");
const seeds = process.env.SESSION_SEED
  ? [Number(process.env.SESSION_SEED)]
  : [11 * 7919, 18 * 7919, Math.floor(Math.random() * 2 ** 31) + 1];

const { srv, browser } = setUp({
  extra: {
    "/session/index.html": PAGE,
    "/session/run.js": RUN,
    "/session/session.js": readFileSync(join(ROOT, "www/src/session.js"), "utf8"),
    "/session/session-edits.mjs": readFileSync(join(ROOT, "tests/js/session-edits.mjs"), "utf8"),
  },
});

for (const [name, start] of [["the example", example], ["a blank assessment", null]]) {
  test(`Chromium: random edits on ${name}: the session's answers equal a full evaluation (seeds ${seeds.join(", ")})`, async () => {
    const { context, page, problems, cspViolations } = await openPage(browser, srv.origin);
    try {
      await page.goto(srv.url("/session/index.html"));
      await page.waitForFunction(() => /** @type {any} */ (window).ready === true);
      for (const seed of seeds) {
        const failure = await page.evaluate(([text, s]) => /** @type {any} */ (window).check(text, s, 300), /** @type {const} */ ([start, seed]));
        assert.equal(failure, null, `replay with SESSION_SEED=${seed}`);
      }
      assert.deepEqual([...problems.console, ...problems.errors, ...problems.foreign, ...(await cspViolations())], []);
    } finally {
      await context.close();
    }
  });
}
