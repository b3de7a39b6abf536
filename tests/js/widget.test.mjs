// The Jupyter widget's front end (dist/ai-risk-map.widget.js, the anywidget module shipped in
// the Python wheel) on a plain page, with a stand-in for anywidget's model: render, clicks
// and control changes reach the model, model changes reach the element, several widgets
// live side by side, cleanup lets go of the model. The report is the kernel's (the engine
// computes it in Python, and it is not a synced trait), so the view must never write it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFileSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");
const BUNDLE = join(ROOT, "dist/ai-risk-map.widget.js");

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Widget</title>
<link rel="icon" href="data:,"><script type="module" src="/harness.js"></script></head>
<body><div id="one"></div><div id="two"></div></body></html>`;

// A model with anywidget's interface: get, set (firing change:<name> when the value
// changes), save_changes (counted, with what it would send), on, off.
const HARNESS = `import widget from "/widget.js";
class FakeModel {
  constructor(state) { this.state = structuredClone(state); this.handlers = new Map(); this.saved = []; this.dirty = new Set(); }
  get(name) { return this.state[name]; }
  set(name, value) {
    const before = JSON.stringify(this.state[name]);
    this.state[name] = value;
    this.dirty.add(name);
    if (JSON.stringify(value) !== before) this.emit("change:" + name);
  }
  save_changes() { this.saved.push([...this.dirty].sort()); this.dirty.clear(); }
  on(event, cb) { if (!this.handlers.has(event)) this.handlers.set(event, new Set()); this.handlers.get(event).add(cb); }
  off(event, cb) { this.handlers.get(event)?.delete(cb); }
  emit(event) { for (const cb of [...(this.handlers.get(event) ?? [])]) cb(this, this.state[event.slice(7)]); }
  listeners() { let n = 0; for (const s of this.handlers.values()) n += s.size; return n; }
}
window.models = {};
window.cleanups = {};
window.mount = (id, state) => {
  const model = new FakeModel(state);
  window.models[id] = model;
  window.cleanups[id] = widget.render({ model, el: document.getElementById(id) });
};
// What Python would send: a change made on the kernel side.
window.fromPython = (id, name, value) => {
  const m = window.models[id];
  m.state[name] = value;
  m.emit("change:" + name);
};
window.state = (id) => JSON.parse(JSON.stringify({ ...window.models[id].state, saved: window.models[id].saved }));
`;

const blank = (deployment) => ({
  schema: "ai-risk-map/assessment",
  schemaVersion: 2,
  useCase: { name: "", description: "", owner: "" },
  dasf: "2.0",
  deploymentModels: deployment,
  risks: {},
  controls: {},
});
const initial = (deployment = ["rag_llm"]) => ({
  assessment: blank(deployment),
  selected: {},
  view: "diagram",
  dasf: "2.0",
  deployment,
  readonly: false,
  theme: "auto",
});

/** @type {import("node:http").Server} */
let server;
let origin = "";
/** @type {import("playwright-core").Browser} */
let browser;
/** @type {string[]} */
const requests = [];

before(async () => {
  if (!existsSync(BUNDLE)) throw new Error("dist/ai-risk-map.widget.js is missing: run scripts/build.sh first");
  const files = { "/": PAGE, "/harness.js": HARNESS, "/widget.js": readFileSync(BUNDLE, "utf8") };
  server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    requests.push(path);
    if (!(path in files)) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { "Content-Type": path === "/" ? "text/html; charset=utf-8" : "text/javascript; charset=utf-8", "Cache-Control": "no-store" });
    res.end(files[/** @type {keyof typeof files} */ (path)]);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});
after(async () => {
  await browser?.close();
  await new Promise((resolve) => {
    server?.closeAllConnections();
    server ? server.close(() => resolve(undefined)) : resolve(undefined);
  });
});

async function open() {
  const context = await browser.newContext({ viewport: { width: 1300, height: 900 } });
  const page = await context.newPage();
  /** @type {string[]} */
  const errors = [];
  /** @type {string[]} */
  const foreign = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("request", (r) => !r.url().startsWith(origin) && !r.url().startsWith("data:") && foreign.push(r.url()));
  await page.goto(origin + "/");
  await page.waitForFunction(() => typeof (/** @type {any} */ (window).mount) === "function");
  return { context, page, errors, foreign };
}

/**
 * @param {import("playwright-core").Page} page
 * @param {string} id
 */
const state = (page, id) => page.evaluate((i) => /** @type {any} */ (window).state(i), id);

/**
 * @param {import("playwright-core").Page} page
 * @param {string} id
 * @param {object} s
 */
async function mount(page, id, s) {
  await page.evaluate(([i, st]) => /** @type {any} */ (window).mount(i, st), /** @type {const} */ ([id, s]));
  // Drawn once the engine is up: the element has its own report to draw from.
  await page.waitForFunction(
    (i) => /** @type {any} */ (document.querySelector(`#${i} .arm-widget`))?.shadowRoot.querySelector("ai-risk-map").report?.schema === "ai-risk-map/report",
    id,
  );
}

/**
 * The report the element itself drew from, to check what it shows.
 * @param {import("playwright-core").Page} page
 * @param {string} id
 */
const shownReport = (page, id) =>
  page.evaluate((i) => /** @type {any} */ (document.querySelector(`#${i} .arm-widget`))?.shadowRoot.querySelector("ai-risk-map").report, id);

test("render, click a component, set a control: assessment and selected reach the model, the report does not", async () => {
  const { context, page, errors, foreign } = await open();
  await mount(page, "one", initial());
  const w = page.locator("#one");
  assert.equal(await w.locator("[data-component]").count(), 12);
  let s = await state(page, "one");
  assert.deepEqual((await shownReport(page, "one")).deploymentModels, ["rag_llm"]);
  assert.deepEqual(s.saved, [], "drawing sends nothing to the kernel");

  await w.locator('[data-component="9"]').click();
  await page.waitForFunction(() => /** @type {any} */ (window).models.one.state.selected?.id === "9");
  s = await state(page, "one");
  assert.deepEqual(s.selected, { kind: "component", id: "9" });

  const panel = w.getByRole("region", { name: /Component 9/ });
  await panel.locator('[data-control="DASF 54"] select').first().selectOption("implemented");
  s = await state(page, "one");
  assert.equal(s.assessment.controls["DASF 54"].status, "implemented");
  assert.equal(s.report, undefined, "the report is the kernel's to compute, and not synced");
  assert.ok(s.saved.every((/** @type {string[]} */ names) => !names.includes("report")), JSON.stringify(s.saved));
  assert.deepEqual(s.saved.at(-1), ["assessment"]);
  const shown = await shownReport(page, "one");
  assert.ok(shown.overall.coverage > 0, `coverage ${shown.overall.coverage}`);
  assert.deepEqual(errors, []);
  assert.deepEqual(foreign, []);
  assert.deepEqual([...new Set(requests)].sort(), ["/", "/harness.js", "/widget.js"], "nothing but the page and the bundle is fetched");
  await context.close();
});

test("changes from Python: assessment, view and selection reach the element, without echo", async () => {
  const { context, page, errors } = await open();
  await mount(page, "one", initial());
  const w = page.locator("#one");
  const saves = (await state(page, "one")).saved.length;
  const doc = { ...blank(["rag_llm"]), useCase: { name: "Support bot", description: "", owner: "" }, controls: { "DASF 1": { status: "implemented" }, "DASF 54": { status: "partial" } } };
  await page.evaluate((d) => /** @type {any} */ (window).fromPython("one", "assessment", d), doc);
  await page.waitForFunction(() => /** @type {any} */ (document.querySelector("#one .arm-widget"))?.shadowRoot.querySelector("ai-risk-map").report?.overall?.coverage > 0);
  let s = await state(page, "one");
  assert.deepEqual(s.assessment, doc, "the model's assessment is not rewritten by the view");
  assert.equal((await shownReport(page, "one")).useCase.name, "Support bot");
  assert.deepEqual(s.saved.slice(saves), [], "the view sends nothing back");
  const element = await page.evaluateHandle(() => /** @type {any} */ (document.querySelector("#one .arm-widget"))?.shadowRoot.querySelector("ai-risk-map"));
  assert.equal(await element.evaluate((el) => /** @type {any} */ (el).assessment.controls["DASF 54"].status), "partial");

  await page.evaluate(() => /** @type {any} */ (window).fromPython("one", "view", "report"));
  await w.locator(".arm-report").waitFor();
  assert.equal(await w.getByRole("button", { name: "Report", exact: true }).getAttribute("aria-pressed"), "true");

  // The tabs change the view, and the model hears of it.
  await w.getByRole("button", { name: "Assessment", exact: true }).click();
  await w.locator("section.arm-step").waitFor();
  s = await state(page, "one");
  assert.equal(s.view, "assessment");

  await page.evaluate(() => /** @type {any} */ (window).fromPython("one", "selected", { kind: "control", id: "DASF 1" }));
  await w.locator('ai-risk-map[view="catalog"]').waitFor();
  assert.equal((await state(page, "one")).view, "catalog");

  // dasf and deployment from Python, together with the assessment, as the kernel sends them.
  await page.evaluate(() => {
    const m = /** @type {any} */ (window).models.one;
    m.state.deployment = ["predictive_ml"];
    m.state.assessment = { ...m.state.assessment, deploymentModels: ["predictive_ml"], controls: {} };
    m.emit("change:deployment");
    m.emit("change:assessment");
  });
  await page.waitForFunction(() => /** @type {any} */ (document.querySelector("#one .arm-widget"))?.shadowRoot.querySelector("ai-risk-map").report?.deploymentModels?.[0] === "predictive_ml");
  assert.equal(await element.evaluate((el) => el.getAttribute("deployment")), "predictive_ml");
  assert.equal(await w.locator(".arm-error p").count(), 0, "no error shown on the way");
  assert.deepEqual(errors, []);
  await context.close();
});

test("two widgets keep their own state; cleanup lets go of the model", async () => {
  const { context, page, errors } = await open();
  await mount(page, "one", initial(["rag_llm"]));
  await mount(page, "two", { ...initial(["predictive_ml"]), view: "assessment" });
  const one = page.locator("#one");
  await one.locator('[data-component="9"]').click();
  await one.getByRole("region", { name: /Component 9/ }).locator('[data-control="DASF 54"] select').first().selectOption("partial");
  const a = await state(page, "one");
  const b = await state(page, "two");
  assert.equal(a.assessment.controls["DASF 54"].status, "partial");
  assert.deepEqual(b.assessment.controls, {});
  assert.deepEqual((await shownReport(page, "two")).deploymentModels, ["predictive_ml"]);
  assert.deepEqual(b.selected, {});
  assert.ok(await page.locator("#two section.arm-step").count() > 0);

  const remaining = await page.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.cleanups.two();
    return w.models.two.listeners();
  });
  assert.equal(remaining, 0, "every model listener is removed");
  // After cleanup the element no longer writes to the model.
  const before = (await state(page, "two")).saved.length;
  await page.locator("#two").getByRole("button", { name: "Diagram", exact: true }).click();
  await page.locator('#two [data-component="3"]').click();
  assert.equal((await state(page, "two")).saved.length, before);
  assert.deepEqual(errors, []);
  await context.close();
});
