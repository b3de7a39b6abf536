// The assessment page end to end: dist/ served under a sub-path with the CSP header, in
// headless Chromium. Covers issue 3's list.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setUp, openPage, ready, ROOT, openStep } from "./helpers.mjs";

const ARTIFACTS = join(ROOT, "tests/artifacts");

const { srv, browser } = setUp();
mkdirSync(ARTIFACTS, { recursive: true });

/** @param {import("playwright-core").Page} page */
const current = (page) => page.evaluate(() => /** @type {any} */ (document.querySelector("ai-risk-map")).assessment);
/** @param {import("playwright-core").Page} page */
const overall = (page) => page.locator('.arm-score [data-score="overall"] .arm-big').textContent();

/**
 * Everything a page must not do, checked at the end of each test.
 * @param {Awaited<ReturnType<typeof openPage>>} p
 */
async function clean(p) {
  assert.deepEqual(await p.cspViolations(), [], "CSP violations");
  assert.deepEqual(p.problems.console, [], "console errors");
  assert.deepEqual(p.problems.errors, [], "page errors");
  assert.deepEqual(p.problems.foreign, [], "requests to other origins");
}

test("the five steps of a RAG assessment, with scores that follow the controls", async () => {
  const p = await openPage(browser, srv.origin);
  const { page } = p;
  await page.goto(srv.url(""));
  await ready(page);
  const map = page.locator("ai-risk-map");

  // Step 1: the use case.
  await assert.doesNotReject(map.locator('section[data-step="1"]').waitFor());
  await map.getByLabel("Name").fill("Support assistant");
  await map.getByLabel("Description").fill("Answers customer questions from the help centre");
  await map.getByLabel("Owner").fill("Platform team");
  await map.getByRole("button", { name: /Next: Deployment/ }).click();

  // Step 2: deployment models, each with its line of description.
  const models = map.locator("[data-model]");
  assert.equal(await models.count(), 6);
  assert.match((await map.locator('[data-model="rag_llm"]').textContent()) ?? "", /retriev/i);
  const before = await map.locator(".arm-note").textContent();
  await map.locator('[data-model="rag_llm"] input').check();
  await page.waitForFunction(() => !/^62 of/.test(document.querySelector("ai-risk-map")?.shadowRoot?.querySelector(".arm-note")?.textContent ?? ""));
  const afterModels = await map.locator(".arm-note").textContent();
  assert.notEqual(afterModels, before);
  assert.match(afterModels ?? "", /^\d+ of 62 risks/);
  await map.getByRole("button", { name: /Next: Risks/ }).click();

  // Step 3: pertinent risks by component; set one aside with a reason.
  assert.ok((await map.locator(".arm-step [data-risk]").count()) > 10);
  assert.equal(await map.locator('.arm-step [data-risk="5.1"]:not([data-not-flagged])').count(), 0, "a predictive-only risk is not listed for RAG");
  assert.equal(await map.locator('.arm-not-flagged [data-risk="5.1"]').count(), 1, "but offered under the risks not flagged");
  const applicable = await page.evaluate(() => /** @type {any} */ (document.querySelector("ai-risk-map")).report.overall.scored);
  await map.locator('[data-risk="1.3"] input[type="checkbox"]').uncheck();
  await map.getByLabel("Reason for setting it aside (risk 1.3)").fill("Answers come from curated articles only");
  const a3 = await current(page);
  assert.deepEqual(a3.risks["1.3"], { pertinent: false, reason: "Answers come from curated articles only" });
  assert.equal(await page.evaluate(() => /** @type {any} */ (document.querySelector("ai-risk-map")).report.overall.scored), applicable - 1);
  await map.getByRole("button", { name: /Next: Threats/ }).click();

  // Step 4: the threats behind each pertinent risk, with names from the crosswalk tables.
  assert.equal(await map.locator('.arm-step [data-risk="1.3"]').count(), 0, "a set-aside risk has no threats to consider");
  const threats = map.locator('.arm-step [data-risk="9.12"] [data-threat]');
  assert.ok((await threats.count()) > 0);
  /** @param {string} id the line of the standard that holds threat `id` */
  const line = (id) => map.locator('.arm-step [data-risk="9.12"] li', { has: page.locator(`[data-threat="${id}"]`) });
  assert.match((await line("LLM01").textContent()) ?? "", /OWASP.*LLM01 Prompt Injection/);
  assert.match((await line("AML.T0054").textContent()) ?? "", /ATLAS.*AML\.T0054 \S/);
  await map.getByRole("button", { name: /Next: Controls/ }).click();

  // Step 5: controls; a status change moves the scores.
  const score0 = await overall(page);
  assert.equal(score0, "0%");
  const row = map.locator('.arm-step [data-control="DASF 54"]');
  assert.match((await row.textContent()) ?? "", /Mitigates \d+ pertinent risk/);
  await row.getByLabel("Status of DASF 54").selectOption("implemented");
  await page.waitForFunction(() => document.querySelector("ai-risk-map")?.shadowRoot?.querySelector('.arm-score [data-score="overall"] .arm-big')?.textContent !== "0%");
  const score1 = await overall(page);
  assert.notEqual(score1, score0);
  await row.getByLabel("Owner of DASF 54").fill("ML platform");
  await row.getByLabel("Note of DASF 54").fill("Guardrails on the gateway");
  assert.deepEqual((await current(page)).controls["DASF 54"], { status: "implemented", owner: "ML platform", note: "Guardrails on the gateway" });

  // Bulk: every control of a responsibility category, then of a component.
  const report = await page.evaluate(() => /** @type {any} */ (document.querySelector("ai-risk-map")).report);
  const config = report.responsibility.find((/** @type {any} */ r) => r.responsibility === "configuration").controls;
  assert.ok(config.length > 3);
  const group = map.locator("details.arm-group", { hasText: "Configuration" });
  await group.getByRole("button", { name: /Apply to every control in Configuration/ }).click();
  const a5 = await current(page);
  for (const id of config) assert.equal(a5.controls[id]?.status, "implemented", id);
  const score2 = await overall(page);
  assert.notEqual(score2, score1);
  await map.getByLabel("Set every control of component").selectOption("9");
  await map.locator(".arm-bulk-main select").nth(1).selectOption("partial");
  await map.getByRole("button", { name: "Apply to every control of the chosen component" }).click();
  const a6 = await current(page);
  for (const r of report.risks.filter((/** @type {any} */ r) => r.component === "9" && r.state !== "not_applicable")) {
    for (const c of r.controls) assert.equal(a6.controls[c.id]?.status, "partial", c.id);
  }
  // The scores by stage and component are shown and come from the engine's report: after
  // the bulk edits (rows are drawn again only when their figures change), and after an undo,
  // every row reads as the report now says.
  const stageRows = map.locator(".arm-score tr[data-score]");
  assert.ok((await stageRows.count()) >= 4 + 10);
  const rowsMatchReport = async () => {
    const r = await page.evaluate(() => /** @type {any} */ (document.querySelector("ai-risk-map")).report);
    const pct = (/** @type {number | null} */ v) => (v == null ? "\u2013" : `${Math.round(v * 100)}%`);
    const want = [...r.stages, ...r.components.filter((/** @type {any} */ c) => c.inScope)].map((/** @type {any} */ s) => [`${s.id}. ${s.name}`, pct(s.coverage)]);
    const shown = await stageRows.evaluateAll((rows) => rows.map((row) => [row.children[0].textContent, row.children[1].textContent]));
    assert.deepEqual(shown, want);
    assert.equal(await overall(page), pct(r.overall.coverage));
  };
  await rowsMatchReport();
  // A status edit through its select (the scores are updated in place, not redrawn).
  const status = map.locator(".arm-control-row select[data-key^='st:']").first();
  await status.selectOption(((await status.inputValue()) === "planned" ? "not_implemented" : "planned"));
  await rowsMatchReport();
  await page.keyboard.press("Control+Z");
  await rowsMatchReport();
  const next = map.locator(".arm-score .arm-next li");
  assert.ok((await next.count()) > 0);
  assert.match((await map.locator('.arm-score [data-score="gaps"]').textContent()) ?? "", /^\d+ open gaps? \(risk/);

  // The autosave holds every change: a reload brings the same assessment back.
  const saved = await current(page);
  await page.reload();
  await ready(page);
  assert.deepEqual(await current(page), saved);

  // Report: summary and the downloads.
  await page.getByRole("button", { name: "Report", exact: true }).click();
  await map.locator(".arm-report").waitFor();
  assert.match((await map.locator(".arm-report h2").first().textContent()) ?? "", /Support assistant/);
  for (const [kind, pattern] of [["md", /^# /m], ["csv", /^risk_id,risk_name,/], ["svg", /^<svg/]]) {
    const [download] = await Promise.all([page.waitForEvent("download"), map.locator(`[data-download="${kind}"]`).click()]);
    const text = readFileSync(/** @type {string} */ (await download.path()), "utf8");
    assert.match(text, /** @type {RegExp} */ (pattern), kind);
    assert.ok(download.suggestedFilename().startsWith("support-assistant"), download.suggestedFilename());
  }
  await clean(p);
  await p.context.close();
});

test("the diagram: summary on focus, panel on Enter, arrow keys, screenshot kept", async () => {
  const p = await openPage(browser, srv.origin);
  const { page } = p;
  await page.goto(srv.url("#diagram"));
  await ready(page);
  const map = page.locator("ai-risk-map");
  const nodes = map.locator(".arm-diagram-box [data-component]");
  assert.equal(await nodes.count(), 12);
  await nodes.first().focus();
  assert.match((await map.locator(".arm-tip").textContent()) ?? "", /^Component 1: Raw Data/);
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.evaluate(() => document.querySelector("ai-risk-map")?.shadowRoot?.activeElement?.getAttribute("data-component")), "2");
  await page.keyboard.press("End");
  await page.keyboard.press("ArrowLeft");
  assert.equal(await page.evaluate(() => document.querySelector("ai-risk-map")?.shadowRoot?.activeElement?.getAttribute("data-component")), "11");
  await nodes.nth(8).focus();
  await page.keyboard.press("Enter");
  const panel = map.getByRole("region", { name: /Component 9/ });
  await panel.waitFor();
  assert.ok((await panel.locator("[data-risk]").count()) > 0);
  assert.ok((await panel.locator("[data-control]").count()) > 0);
  assert.equal(await map.locator('[data-component="9"].arm-selected').count(), 1);
  await page.keyboard.press("Escape");
  assert.equal(await panel.count(), 0);
  await nodes.nth(8).click();
  await panel.waitFor();
  await page.screenshot({ path: join(ARTIFACTS, "diagram.png") });
  await clean(p);
  await p.context.close();
});

test("share link restores the same assessment in a fresh context; a damaged one keeps the current", async () => {
  const example = JSON.parse(readFileSync(join(ROOT, "examples/rag-chatbot.assessment.json"), "utf8"));
  const p = await openPage(browser, srv.origin, { permissions: ["clipboard-read", "clipboard-write"] });
  await p.page.goto(srv.url(""));
  await ready(p.page);
  await p.page.evaluate((a) => {
    /** @type {any} */ (document.querySelector("ai-risk-map")).assessment = a;
  }, example);
  const original = await current(p.page);
  await p.page.getByRole("button", { name: "Share link" }).click();
  // Encoding is asynchronous (CompressionStream): wait for the link to be filled in.
  await p.page.waitForFunction(() => /** @type {HTMLInputElement} */ (document.querySelector("#sharelink")).value !== "");
  const link = await p.page.locator("#sharelink").inputValue();
  assert.match(link, /\/tools\/risk-map\/#a=[A-Za-z0-9_-]+$/);
  await clean(p);
  await p.context.close();

  const q = await openPage(browser, srv.origin);
  await q.page.goto(link);
  await ready(q.page);
  // The element draws before the link is decoded (asynchronously): wait for the shared bar.
  await q.page.locator("#sharedbar", { hasText: "shared assessment" }).waitFor();
  assert.deepEqual(await current(q.page), original);
  assert.match((await q.page.locator("#sharedbar").textContent()) ?? "", /shared assessment/);
  assert.equal(new URL(q.page.url()).hash, "#report", "the fragment is cleared once read: the report is shown");

  // A damaged link: an error, and the assessment (the copy made of the link's) is kept.
  await q.page.getByRole("button", { name: "Edit a copy" }).click();
  await q.page.goto(`${link.slice(0, -12)}xx!`);
  await ready(q.page);
  assert.match((await q.page.locator("#alert").textContent()) ?? "", /share link could not be opened/);
  assert.deepEqual(await current(q.page), original);
  await q.page.goto(`${srv.url("")}#a=${link.split("#a=")[1].slice(0, 40)}`);
  await ready(q.page);
  assert.match((await q.page.locator("#alert").textContent()) ?? "", /could not be opened/);
  assert.deepEqual(await current(q.page), original);
  await clean(q);
  await q.context.close();
});

test("export then import gives the same assessment; a malformed import is refused with the engine's reason", async () => {
  const p = await openPage(browser, srv.origin);
  const { page } = p;
  await page.goto(srv.url(""));
  await ready(page);
  const example = readFileSync(join(ROOT, "examples/rag-chatbot.assessment.json"), "utf8");
  await page.locator("#import").setInputFiles({ name: "rag.json", mimeType: "application/json", buffer: Buffer.from(example) });
  await page.waitForFunction(() => /** @type {any} */ (document.querySelector("ai-risk-map")).assessment?.deploymentModels?.length > 0);
  const imported = await current(page);
  assert.deepEqual(imported.deploymentModels, JSON.parse(example).deploymentModels);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export JSON" }).click()]);
  const exported = readFileSync(/** @type {string} */ (await download.path()), "utf8");
  assert.deepEqual(JSON.parse(exported), imported);

  await page.getByRole("button", { name: "New", exact: true }).click();
  assert.notDeepEqual(await current(page), imported);
  await page.locator("#import").setInputFiles({ name: "back.json", mimeType: "application/json", buffer: Buffer.from(exported) });
  await page.waitForFunction(() => /** @type {any} */ (document.querySelector("ai-risk-map")).assessment?.deploymentModels?.length > 0);
  assert.deepEqual(await current(page), imported);

  for (const [name, body, reason] of [
    ["broken.json", "{ not json", /invalid|JSON|expected/i],
    ["wrong.json", JSON.stringify({ ...JSON.parse(exported), controls: { "DASF 1": { status: "done" } } }), /status|controls/i],
    ["future.json", JSON.stringify({ ...JSON.parse(exported), schemaVersion: 4 }), /schemaVersion 1 to 3/],
    // Refused by its size before it is read.
    ["huge.json", " ".repeat(9 * 1024 * 1024), /9,437,184 bytes.*at most 8,388,608 bytes \(8 MiB\)/],
  ]) {
    await page.locator("#import").setInputFiles({ name: String(name), mimeType: "application/json", buffer: Buffer.from(String(body)) });
    await page.locator("#alert p").waitFor();
    const text = (await page.locator("#alert").textContent()) ?? "";
    assert.match(text, new RegExp(`${String(name).replace(".", "\\.")}.*not imported`));
    assert.match(text, /** @type {RegExp} */ (reason));
    assert.deepEqual(await current(page), imported, "the current assessment is untouched");
    await page.locator("#alert .dismiss").click();
  }
  await clean(p);
  await p.context.close();
});

test("hash routes open a risk and a control; a corrupt autosave is moved aside and reported", async () => {
  const p = await openPage(browser, srv.origin);
  const { page } = p;
  await page.goto(srv.url("#risk/9.1"));
  await ready(page);
  const map = page.locator("ai-risk-map");
  await map.locator('[data-item="risk:9.1"]').waitFor();
  assert.match((await map.locator(".arm-detail-title").textContent()) ?? "", /Risk 9\.1/);
  assert.ok((await map.locator(".arm-provenance").count()) > 0, "the mapping shows its provenance");
  await page.goto(srv.url("#control/DASF%201"));
  await map.locator('[data-item="control:DASF 1"]').waitFor();
  // Following a link inside the detail updates the address.
  await map.locator('.arm-detail [data-risk="1.1"] button').click();
  await map.locator('[data-item="risk:1.1"]').waitFor();
  assert.equal(new URL(page.url()).hash, "#risk/1.1");
  await page.goBack();
  await map.locator('[data-item="control:DASF 1"]').waitFor();

  // Search by crosswalk id and by text.
  await map.getByRole("button", { name: "\u2190 All risks and controls" }).click();
  await map.getByLabel(/Search risks and controls/).fill("AML.T0051");
  await page.waitForFunction(() => (document.querySelector("ai-risk-map")?.shadowRoot?.querySelectorAll(".arm-results [data-risk]").length ?? 99) < 20);
  assert.ok((await map.locator('.arm-results [data-risk="9.1"]').count()) === 1);
  await map.getByLabel("DASF version").selectOption("1.0");
  await map.getByLabel(/Search risks and controls/).fill("");
  assert.match((await map.locator('.arm-results-box [role="status"]').textContent()) ?? "", /^55 risks/);

  await page.evaluate(() => localStorage.setItem("ai-risk-map:assessment", "{ corrupt"));
  await page.reload();
  await ready(page);
  assert.match((await page.locator("#alert").textContent()) ?? "", /kept aside .*ai-risk-map:corrupt:/);
  const keys = await page.evaluate(() => Object.keys(localStorage));
  assert.ok(keys.some((k) => k.startsWith("ai-risk-map:corrupt:")));
  await clean(p);
  await p.context.close();
});

test("the page works from its sub-path with relative URLs only", async () => {
  const html = readFileSync(join(ROOT, "dist/index.html"), "utf8");
  for (const m of html.matchAll(/(?:href|src)="([^"]+)"/g)) {
    assert.ok(m[1].startsWith("./") || m[1].startsWith("#") || m[1].startsWith("data:"), m[1]);
  }
  assert.ok(srv.requests.some((r) => r === "/tools/risk-map/ai_risk_map_bg.wasm"));
  assert.ok(!srv.requests.some((r) => !r.startsWith("/tools/risk-map/")), srv.requests.filter((r) => !r.startsWith("/tools/risk-map/")).join(" "));
  writeFileSync(join(ARTIFACTS, "requests.txt"), [...new Set(srv.requests)].join("\n"));
});

test("step 2 narrows the components in scope; their risks stop applying", async () => {
  const p = await openPage(browser, srv.origin);
  const { page } = p;
  await page.goto(srv.url(""));
  await ready(page);
  const map = page.locator("ai-risk-map");
  await openStep(page, 2);
  assert.equal(await map.locator("[data-scope] input:checked").count(), 12, "all twelve in scope by default");
  const applicable = () => page.evaluate(() => /** @type {any} */ (document.querySelector("ai-risk-map")).report.overall.applicable);
  const before = await applicable();
  await map.getByLabel("1. Raw data").uncheck();
  let a = await current(page);
  assert.deepEqual(a.components, ["2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"]);
  const report = await page.evaluate(() => /** @type {any} */ (document.querySelector("ai-risk-map")).report);
  assert.ok(report.risks.filter((/** @type {any} */ r) => r.component === "1").every((/** @type {any} */ r) => r.state === "not_applicable"));
  assert.ok((await applicable()) < before);
  await map.locator(".arm-scope").screenshot({ path: join(ARTIFACTS, "scope.png") });
  await map.getByLabel("1. Raw data").check();
  a = await current(page);
  assert.equal(a.components, undefined, "all ticked again is the default, left out");
  assert.equal(await applicable(), before);
  await clean(p);
  await p.context.close();
});
