// The <ai-risk-map> element on a host page of its own: two elements, hostile global CSS and
// the strict CSP. Attributes, the `assessment` property, events, `src`, the shared wasm.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { setUp, openPage, ROOT, DIST } from "./helpers.mjs";

const example = readFileSync(join(ROOT, "examples/rag-chatbot.assessment.json"), "utf8");
const HOST = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Host page</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="/host/host.css">
<script type="module" src="/host/host.js"></script>
</head><body><h1>Host page</h1>
<ai-risk-map id="a" view="diagram" dasf="2.0" deployment="rag_llm"></ai-risk-map>
<ai-risk-map id="b" view="catalog" dasf="1.0" theme="dark"></ai-risk-map>
<div id="more"></div>
</body></html>`;
const HOST_JS = `import "/tools/risk-map/ai-risk-map.js";
window.events = [];
for (const type of ["ai-risk-map-change", "ai-risk-map-select"]) {
  document.addEventListener(type, (e) => window.events.push({ type, target: e.target.id, detail: JSON.parse(JSON.stringify(e.detail)) }));
}`;
const HOST_CSS = "* { all: unset; } svg { display: none; } body { font-size: 40px; } h1 { color: rgb(255, 0, 0); display: block; }";
const SOLO = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Solo</title><link rel="icon" href="data:,">
<script type="module" src="./ai-risk-map.standalone.js"></script></head>
<body><ai-risk-map view="diagram"></ai-risk-map></body></html>`;

const { srv, browser } = setUp({
  extra: {
    "/host/index.html": HOST,
    "/host/host.js": HOST_JS,
    "/host/host.css": HOST_CSS,
    "/host/example.json": example,
    "/host/broken.json": "{ \"schema\": \"ai-risk-map/assessment\", ",
    // Past the document limit: refused while downloading, not read whole.
    "/host/huge.json": " ".repeat(9 * 1024 * 1024),
    "/solo/index.html": SOLO,
    "/solo/ai-risk-map.standalone.js": readFileSync(join(DIST, "ai-risk-map.standalone.js"), "utf8"),
  },
});

/** @param {import("playwright-core").Page} page */
async function both(page) {
  await page.goto(srv.url("/host/index.html"));
  await page.waitForFunction(() => [...document.querySelectorAll("ai-risk-map")].every((el) => el.shadowRoot?.querySelector(".arm-body[data-view]")));
}
/**
 * @param {import("playwright-core").Page} page
 * @param {string} id
 */
const get = (page, id) => page.evaluate((i) => /** @type {any} */ (document.getElementById(i)).assessment, id);

test("two elements draw under hostile host CSS and share one wasm instance", async () => {
  const p = await openPage(browser, srv.origin);
  const { page } = p;
  const wasm = /** @type {string[]} */ ([]);
  page.on("request", (r) => r.url().endsWith(".wasm") && wasm.push(r.url()));
  await both(page);
  const a = page.locator("#a");
  const b = page.locator("#b");
  assert.equal(await a.locator("[data-component]").count(), 12);
  const box = await a.locator('[data-component="9"]').boundingBox();
  assert.ok(box && box.width > 50 && box.height > 20, "the host's `svg { display: none }` does not reach the element");
  assert.match((await b.locator('.arm-results-box [role="status"]').textContent()) ?? "", /^55 risks/, "DASF 1.0 catalog");
  assert.equal(await b.locator(".arm-root.arm-theme-dark").count(), 1);
  assert.equal(await a.locator(".arm-root.arm-theme-dark").count(), 0);
  assert.equal(await page.evaluate(() => getComputedStyle(/** @type {Element} */ (document.querySelector("h1"))).color), "rgb(255, 0, 0)", "the element's CSS does not reach the host");
  const fontSize = await a.locator(".arm-tip").evaluate((el) => getComputedStyle(el).fontSize);
  assert.equal(fontSize, "15px", "the host's font size does not reach the element");
  // Several elements, one engine: the wasm is fetched once, even for an element added later.
  await page.evaluate(() => {
    const el = document.createElement("ai-risk-map");
    el.id = "c";
    el.setAttribute("view", "report");
    document.getElementById("more")?.append(el);
  });
  await page.locator("#c .arm-report").waitFor();
  assert.equal(wasm.length, 1, wasm.join(" "));
  assert.deepEqual(await p.cspViolations(), []);
  assert.deepEqual(p.problems.console, []);
  assert.deepEqual(p.problems.foreign, []);
  await p.context.close();
});

test("attribute changes update the element", async () => {
  const p = await openPage(browser, srv.origin);
  const { page } = p;
  await both(page);
  const a = page.locator("#a");
  assert.deepEqual((await get(page, "a")).deploymentModels, ["rag_llm"]);
  const rag = await page.evaluate(() => /** @type {any} */ (document.getElementById("a")).report.overall.applicable);

  await page.evaluate(() => document.getElementById("a")?.setAttribute("deployment", "predictive_ml,external_models"));
  assert.deepEqual((await get(page, "a")).deploymentModels, ["predictive_ml", "external_models"]);
  assert.notEqual(await page.evaluate(() => /** @type {any} */ (document.getElementById("a")).report.overall.applicable), rag);

  await page.evaluate(() => document.getElementById("a")?.setAttribute("component", "9"));
  await a.getByRole("region", { name: /Component 9/ }).waitFor();
  assert.equal(await a.locator('[data-component="9"].arm-selected').count(), 1);

  await page.evaluate(() => document.getElementById("a")?.setAttribute("view", "report"));
  await a.locator(".arm-report").waitFor();
  await page.evaluate(() => document.getElementById("a")?.setAttribute("view", "assessment"));
  await a.locator("section.arm-step").waitFor();

  await page.evaluate(() => document.getElementById("a")?.setAttribute("dasf", "1.0"));
  assert.equal((await get(page, "a")).dasf, "1.0");
  await page.evaluate(() => document.getElementById("a")?.setAttribute("theme", "dark"));
  assert.equal(await a.locator(".arm-root.arm-theme-dark").count(), 1);
  await page.evaluate(() => document.getElementById("a")?.setAttribute("theme", "light"));
  assert.equal(await a.locator(".arm-root.arm-theme-dark").count(), 0);

  await page.evaluate(() => document.getElementById("a")?.setAttribute("readonly", ""));
  assert.equal(await a.getByLabel("Name").evaluate((el) => /** @type {HTMLInputElement} */ (el).readOnly), true);
  assert.equal(await a.getByRole("button", { name: /Mark .* implemented/ }).count(), 0);
  await page.evaluate(() => document.getElementById("a")?.removeAttribute("readonly"));
  assert.equal(await a.getByLabel("Name").evaluate((el) => /** @type {HTMLInputElement} */ (el).readOnly), false);
  assert.deepEqual(p.problems.errors, []);
  await p.context.close();
});

test("the assessment property round-trips and refuses an invalid document", async () => {
  const p = await openPage(browser, srv.origin);
  const { page } = p;
  await both(page);
  const doc = JSON.parse(example);
  const got = await page.evaluate((d) => {
    const el = /** @type {any} */ (document.getElementById("a"));
    el.assessment = d;
    const first = el.assessment;
    el.assessment = first;
    return { first, second: el.assessment, report: el.report };
  }, doc);
  assert.deepEqual(got.first, got.second);
  assert.equal(got.first.useCase.name, doc.useCase.name);
  assert.deepEqual(got.first.controls, doc.controls);
  assert.deepEqual(got.first.risks, doc.risks);
  assert.deepEqual(got.first.deploymentModels, doc.deploymentModels);
  assert.ok(got.report.overall.coverage > 0);
  // The diagram follows the new assessment.
  assert.match((await page.locator('#a [data-component="9"]').getAttribute("aria-label")) ?? "", /coverage [1-9]/);

  const refused = await page.evaluate(() => {
    const el = /** @type {any} */ (document.getElementById("a"));
    try {
      el.assessment = { schema: "ai-risk-map/assessment", controls: { "DASF 1": { status: "sort of" } } };
      return null;
    } catch (e) {
      const err = /** @type {any} */ (e);
      return { name: err.name, code: err.code, path: err.path, still: el.assessment.useCase.name };
    }
  });
  assert.ok(refused);
  assert.equal(refused.name, "AiRiskMapError");
  assert.equal(refused.code, "invalid_document");
  assert.deepEqual(refused.path, ["controls", "DASF 1", "status"]);
  assert.equal(refused.still, doc.useCase.name);
  // Two elements hold their own assessments.
  assert.deepEqual((await get(page, "b")).controls, {});
  await p.context.close();
});

test("events fire with the documented detail", async () => {
  const p = await openPage(browser, srv.origin);
  const { page } = p;
  await both(page);
  const a = page.locator("#a");
  await a.locator('[data-component="9"]').click();
  const panel = a.getByRole("region", { name: /Component 9/ });
  await panel.waitFor();
  const select = panel.locator('[data-control="DASF 54"] select').first();
  await select.selectOption("implemented");
  await page.locator("#b .arm-results [data-risk] button").first().click();
  await page.locator("#b .arm-detail [data-control] button").first().click();
  const events = await page.evaluate(() => /** @type {any} */ (window).events);
  const selects = events.filter((/** @type {any} */ e) => e.type === "ai-risk-map-select");
  assert.deepEqual(selects[0], { type: "ai-risk-map-select", target: "a", detail: { kind: "component", id: "9" } });
  assert.equal(selects[1].target, "b");
  assert.equal(selects[1].detail.kind, "risk");
  assert.equal(selects[2].detail.kind, "control");
  assert.match(selects[2].detail.id, /^DASF \d+$/);
  const changes = events.filter((/** @type {any} */ e) => e.type === "ai-risk-map-change");
  assert.equal(changes.length, 1);
  assert.equal(changes[0].target, "a");
  assert.equal(changes[0].detail.assessment.controls["DASF 54"].status, "implemented");
  assert.equal(changes[0].detail.report.schema, "ai-risk-map/report");
  assert.ok(changes[0].detail.report.risks.some((/** @type {any} */ r) => r.controls.some((/** @type {any} */ c) => c.id === "DASF 54" && c.status === "implemented")));
  await p.context.close();
});

test("src shows an assessment read-only; a bad src says why inside the element", async () => {
  const p = await openPage(browser, srv.origin);
  const { page } = p;
  await both(page);
  await page.evaluate(() => {
    for (const [id, src] of [["ok", "/host/example.json"], ["missing", "/host/nope.json"], ["broken", "/host/broken.json"], ["huge", "/host/huge.json"]]) {
      const el = document.createElement("ai-risk-map");
      el.id = id;
      el.setAttribute("view", "assessment");
      el.setAttribute("src", src);
      document.getElementById("more")?.append(el);
    }
  });
  const ok = page.locator("#ok");
  await page.waitForFunction(() => /** @type {any} */ (document.getElementById("ok")).assessment?.useCase?.name);
  assert.equal((await get(page, "ok")).useCase.name, JSON.parse(example).useCase.name);
  assert.equal(await ok.getByLabel("Name").evaluate((el) => /** @type {HTMLInputElement} */ (el).readOnly), true);
  await page.locator("#missing .arm-error p").waitFor();
  assert.match((await page.locator("#missing .arm-error").textContent()) ?? "", /nope\.json.*404/);
  await page.locator("#broken .arm-error p").waitFor();
  assert.match((await page.locator("#broken .arm-error").textContent()) ?? "", /EOF|end|JSON/i);
  await page.locator("#huge .arm-error p").waitFor();
  assert.match((await page.locator("#huge .arm-error").textContent()) ?? "", /huge\.json.*larger than 8 MB/);
  // Nothing else broke.
  assert.equal(await page.locator("#a [data-component]").count(), 12);
  assert.deepEqual(p.problems.errors, []);
  await p.context.close();
});

test("the standalone build works alone from a directory that holds nothing else", async () => {
  const p = await openPage(browser, srv.origin);
  const { page } = p;
  const wasm = /** @type {string[]} */ ([]);
  page.on("request", (r) => r.url().endsWith(".wasm") && wasm.push(r.url()));
  await page.goto(srv.url("/solo/index.html"));
  await page.locator('ai-risk-map [data-component="12"]').waitFor();
  assert.deepEqual(wasm, []);
  assert.deepEqual(await p.cspViolations(), []);
  assert.deepEqual(p.problems.console, []);
  await p.context.close();
});
