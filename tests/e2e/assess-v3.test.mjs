// Document v3 in the page: a risk the deployment models do not flag is brought into scope,
// risks are rated, a control gets evidence, another a due date, a third is excluded for one
// risk with a reason, the catalog can be used as published, and all of it shows in the
// report view (screen and print) and in the Markdown download, summary first.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { setUp, openPage, ready, openStep } from "./helpers.mjs";

const { srv, browser } = setUp();

/** @param {import("playwright-core").Page} page */
const current = (page) => page.evaluate(() => /** @type {any} */ (document.querySelector("ai-risk-map")).assessment);
/** @param {import("playwright-core").Page} page */
const report = (page) => page.evaluate(() => /** @type {any} */ (document.querySelector("ai-risk-map")).report);

test("include a risk, rate it, record evidence, a due date and an exclusion, and see them in the report", async () => {
  const p = await openPage(browser, srv.origin);
  const { page } = p;
  await page.goto(srv.url(""));
  await ready(page);
  const map = page.locator("ai-risk-map");
  await page.evaluate(() => {
    const el = /** @type {any} */ (document.querySelector("ai-risk-map"));
    el.assessment = {
      schema: "ai-risk-map/assessment",
      useCase: { name: "Support bot", owner: "ML platform" },
      deploymentModels: ["rag_llm", "foundational_llm"],
    };
    el.setAttribute("view", "assessment");
  });

  // Step 1: who assessed it, and when.
  await map.locator('.arm-step-button[data-step="1"]').click();
  await map.getByLabel("Assessor").fill("J. Rivera");
  await map.getByLabel("Assessed on").fill("2026-11-30");
  assert.equal((await current(page)).assessedOn, "2026-11-30");
  assert.equal((await current(page)).assessor, "J. Rivera");

  // Step 3: prompt injection is in scope for RAG; 2.1 is not flagged until included.
  await map.locator('.arm-step-button[data-step="3"]').click();
  assert.equal(await map.locator('.arm-step [data-risk="9.1"]:not([data-not-flagged])').count(), 1, "9.1 applies to RAG");
  const hidden = map.locator("details.arm-not-flagged");
  assert.equal(await hidden.evaluate((d) => /** @type {HTMLDetailsElement} */ (d).open), false, "listed collapsed");
  await hidden.locator("summary").click();
  await map.getByRole("button", { name: "Include risk 2.1" }).click();
  assert.deepEqual((await current(page)).risks["2.1"], { pertinent: true });
  const included = map.locator('.arm-step [data-risk="2.1"]:not([data-not-flagged])');
  assert.match((await included.textContent()) ?? "", /Included by the team/);
  assert.equal((await report(page)).risks.find((/** @type {any} */ r) => r.id === "2.1").scope, "included");

  await map.getByLabel("Likelihood of risk 9.1", { exact: true }).selectOption("4");
  await map.getByLabel("Impact of risk 9.1", { exact: true }).selectOption("5");
  assert.deepEqual((await current(page)).risks["9.1"], { likelihood: 4, impact: 5 });
  assert.equal((await report(page)).risks.find((/** @type {any} */ r) => r.id === "9.1").priority, 20);

  // Step 5: evidence, a due date, an exclusion with its reason.
  await map.locator('.arm-step-button[data-step="5"]').click();
  await map.getByLabel("Status of DASF 1", { exact: true }).selectOption("implemented");
  await map.getByLabel("Evidence of DASF 1", { exact: true }).fill("https://wiki.example.com/idp-mfa\nAudit 2026-Q3");
  await map.getByLabel("Status of DASF 54").selectOption("planned");
  await map.getByLabel("Due of DASF 54").fill("2027-01-31");
  const a5 = await current(page);
  assert.deepEqual(a5.controls["DASF 1"], { status: "implemented", evidence: ["https://wiki.example.com/idp-mfa", "Audit 2026-Q3"] });
  assert.deepEqual(a5.controls["DASF 54"], { status: "planned", due: "2027-01-31" });

  const row = map.locator('.arm-step [data-control="DASF 30"]').first();
  await row.locator(".arm-exclusions > summary").click();
  await row.getByLabel("Relied on for risk 9.1", { exact: false }).uncheck();
  await map.getByLabel("Why not (control DASF 30, risk 9.1)").fill("The provider hosts the model");
  assert.deepEqual((await current(page)).risks["9.1"].excludedControls, { "DASF 30": "The provider hosts the model" });
  const r9 = (await report(page)).risks.find((/** @type {any} */ r) => r.id === "9.1");
  assert.equal(r9.controls.find((/** @type {any} */ c) => c.id === "DASF 30").excluded, "The provider hosts the model");

  // The diagram's panel lists the same facts beside each control.
  await page.evaluate(() => document.querySelector("ai-risk-map")?.setAttribute("view", "diagram"));
  await map.locator('.arm-node[data-component="9"]').click();
  const panel9 = map.locator('.arm-panel [aria-label="Controls for risk 9.1"]');
  assert.match((await panel9.locator('[data-control="DASF 30"]').textContent()) ?? "", /Not relied on for this risk: The provider hosts the model/);
  assert.match((await panel9.locator('[data-control="DASF 54"]').textContent()) ?? "", /Due 2027-01-31/);
  assert.match((await panel9.locator('[data-control="DASF 1"]').textContent()) ?? "", /Evidence: https:\/\/wiki\.example\.com\/idp-mfa; Audit 2026-Q3/);

  // The report view: the summary first, then the rest; everything recorded shows.
  await page.evaluate(() => document.querySelector("ai-risk-map")?.setAttribute("view", "report"));
  const view = map.locator(".arm-report");
  await view.locator("[data-summary]").waitFor();
  const text = (await view.textContent()) ?? "";
  const at = (/** @type {string} */ needle) => {
    const i = text.indexOf(needle);
    assert.ok(i >= 0, `the report shows ${needle}`);
    return i;
  };
  assert.ok(at("J. Rivera") < at("Top risks"));
  assert.ok(at("2026-11-30") < at("Top risks"));
  assert.ok(at("Top risks") < at("Scores by stage") && at("Scores by stage") < at("Open gaps by priority"));
  const summary = (await view.locator("[data-summary]").textContent()) ?? "";
  assert.match(summary, /9\.1 Prompt inject/);
  assert.match(summary, /https:\/\/wiki\.example\.com\/idp-mfa/);
  // The planned control's due date, on its gap rows.
  const gap = view.locator("table", { hasText: "Open risk" }).locator("tr", { hasText: "DASF 54" }).first();
  assert.match((await gap.textContent()) ?? "", /Planned.*2027-01-31/);
  assert.match(text, /DASF 30 Encrypt models.*The provider hosts the model/);
  assert.match(text, /Risks brought into scope.*2\.1/);
  // The errata as the engine words them: how many, and what each adds, by model name.
  const shown = await report(page);
  const errata = view.locator("[data-errata]");
  assert.equal(await errata.locator("p").textContent(), shown.errataLine);
  assert.match(shown.errataLine, /\(20 errata\)/);
  assert.equal(await errata.locator("li").count(), 20);
  assert.match((await errata.locator("li", { hasText: "5.4" }).textContent()) ?? "", /^5\.4 also applies to Fine-tuned LLMs: /);

  // Print: the summary is on paper too, with the evidence and the due date.
  await page.emulateMedia({ media: "print" });
  assert.ok(await view.locator("[data-summary]").isVisible());
  assert.ok(await view.getByText("Audit 2026-Q3").first().isVisible());
  assert.ok(await view.getByText("2027-01-31").first().isVisible());
  await page.emulateMedia({ media: "screen" });

  // The Markdown download opens with the summary and carries the same facts.
  const [download] = await Promise.all([page.waitForEvent("download"), map.locator('[data-download="md"]').click()]);
  const md = readFileSync(/** @type {string} */ (await download.path()), "utf8");
  const mdAt = (/** @type {string} */ needle) => {
    const i = md.indexOf(needle);
    assert.ok(i >= 0, `the Markdown has ${needle}`);
    return i;
  };
  assert.ok(mdAt("## Summary") < mdAt("## Coverage by stage"));
  assert.ok(mdAt("- Assessor: J. Rivera") < mdAt("## Summary"));
  assert.ok(mdAt("### Controls in place") < mdAt("Audit 2026"));
  mdAt("2027-01-31");
  mdAt("The provider hosts the model");

  // As published: the snapshot's flags, so prompt injection no longer applies to RAG.
  await openStep(page, 2);
  await map.locator('[data-key="aspublished"]').check();
  assert.equal((await current(page)).asPublished, true);
  const published = await report(page);
  assert.equal(published.asPublished, true);
  assert.equal(published.risks.find((/** @type {any} */ r) => r.id === "9.1").state, "not_applicable");
  await map.locator('[data-key="aspublished"]').uncheck();
  assert.equal((await current(page)).asPublished, undefined);
  assert.notEqual((await report(page)).risks.find((/** @type {any} */ r) => r.id === "9.1").state, "not_applicable");

  assert.deepEqual(await p.cspViolations(), [], "CSP violations");
  assert.deepEqual(p.problems.console, [], "console errors");
  assert.deepEqual(p.problems.errors, [], "page errors");
  await p.context.close();
});
