// Moving an assessment from DASF 1.0 to 2.0 in the page: every decision is kept, what 2.0
// adds is marked for review until decided, the report says so, and a move back that would
// drop a decision is refused with the assessment left as it was.
import { test } from "node:test";
import assert from "node:assert/strict";
import { setUp, openPage, ready, openStep } from "./helpers.mjs";

const { srv, browser } = setUp();

// Written by the first release: schema version 1, on DASF 1.0.
const OLD = {
  schema: "ai-risk-map/assessment",
  schemaVersion: 1,
  dasf: "1.0",
  useCase: { name: "Fraud model", description: "", owner: "Risk analytics" },
  risks: { "1.2": { pertinent: false, reason: "no external data" } },
  controls: { "DASF 1": { status: "implemented", owner: "IAM", note: "Okta" }, "DASF 5": { status: "planned" } },
};

test("DASF 1.0 to 2.0 keeps every decision and lists what is new until it is decided", async () => {
  const p = await openPage(browser, srv.origin);
  const { page } = p;
  await page.goto(srv.url(""));
  await ready(page);
  const map = page.locator("ai-risk-map");
  await page.evaluate((a) => {
    const el = /** @type {any} */ (document.querySelector("ai-risk-map"));
    el.assessment = a;
    el.setAttribute("view", "assessment");
  }, OLD);
  const current = () => page.evaluate(() => /** @type {any} */ (document.querySelector("ai-risk-map")).assessment);
  assert.equal((await current()).schemaVersion, 3, "a version-1 document is held as version 3");

  // The catalog browser shows the assessment's version, before and after the move.
  const catalogVersion = async () => {
    await page.evaluate(() => document.querySelector("ai-risk-map")?.setAttribute("view", "catalog"));
    const v = await map.locator('select[data-key="flt:version"]').inputValue();
    await page.evaluate(() => document.querySelector("ai-risk-map")?.setAttribute("view", "assessment"));
    return v;
  };
  assert.equal(await catalogVersion(), "1.0");

  await map.locator('.arm-step-button[data-step="2"]').click();
  await map.locator('select[data-key="dasf"]').selectOption("2.0");
  const moved = await current();
  assert.equal(await catalogVersion(), "2.0");
  assert.equal(moved.dasf, "2.0");
  assert.deepEqual(moved.risks, OLD.risks);
  assert.deepEqual(moved.controls, OLD.controls);
  assert.deepEqual(moved.useCase, OLD.useCase);
  assert.equal(moved.catalogMigration.from, "1.0");
  assert.equal(moved.catalogMigration.newRisks.length, 7);
  assert.equal(moved.catalogMigration.newControls.length, 11);

  // Step 3: each new risk carries a "to review" mark; keeping one records the decision.
  await map.locator('.arm-step-button[data-step="3"]').click();
  const riskMarks = map.locator("[data-risk] .arm-review");
  assert.equal(await riskMarks.count(), 7);
  const first = moved.catalogMigration.newRisks[0];
  await map.locator(`[data-risk="${first}"] button[data-key="rev:${first}"]`).click();
  assert.equal(await riskMarks.count(), 6);
  assert.deepEqual((await current()).risks[first], { pertinent: true });

  // Step 5: new controls are marked too; setting a status is a decision.
  await map.locator('.arm-step-button[data-step="5"]').click();
  const controlMarks = map.locator("[data-control] .arm-review");
  const before = await controlMarks.count();
  assert.ok(before > 0, "new controls of pertinent risks are marked");
  const control = await controlMarks.first().locator("xpath=ancestor::*[@data-control][1]").getAttribute("data-control");
  await map.locator(`select[data-key="st:${control}"]`).selectOption("partial");
  assert.equal(await controlMarks.count(), before - 1);

  // The report says what is left to review.
  await page.evaluate(() => document.querySelector("ai-risk-map")?.setAttribute("view", "report"));
  const review = map.locator("[data-review] li");
  assert.equal(await review.count(), 6 + 10);
  // Each with its name, as the Markdown report lists them.
  assert.deepEqual(await review.filter({ hasText: "Control DASF 54" }).allTextContents(), ["Control DASF 54 Implement AI guardrails"]);
  assert.match((await map.locator(".arm-report").textContent()) ?? "", /New since DASF 1\.0, to review/);
  // The engine's sentence, which says what undecided items count as (new controls: not assessed).
  const line = await page.evaluate(() => /** @type {any} */ (document.querySelector("ai-risk-map")).report.review.line);
  assert.match(line, /each new control as not assessed/);
  assert.equal(await map.locator("[data-review]").locator("xpath=preceding-sibling::p[1]").textContent(), line);

  // Back to 1.0 would drop the decision just made on a 2.0 risk: refused, nothing changed.
  await openStep(page, 2);
  const kept = await current();
  await map.locator('select[data-key="dasf"]').selectOption("1.0");
  const alert = map.locator(".arm-error[role=alert]");
  await alert.waitFor();
  assert.match((await alert.textContent()) ?? "", /would be lost/);
  assert.deepEqual(await current(), kept);

  assert.deepEqual(await p.cspViolations(), []);
  assert.deepEqual(p.problems.errors, []);
  await p.context.close();
});
