// The element's own first view in a host page (issue 12 item 5): where a host loads
// ai-risk-map.js, the diagram of the built-in catalog, drawn by the engine at build time
// (ai-risk-map.first-view.json), paints before the wasm arrives; the live view then takes its
// place with the same picture, without a shift. An element set to show anything else, or
// without the file, shows its loading line as before.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { setUp, openPage, ready, holdWasm, recordShifts, layoutShifts, ROOT, DIST } from "./helpers.mjs";

const catalog = JSON.parse(readFileSync(join(ROOT, "src/catalog/data/dasf-2.0.json"), "utf8"));
const drawn = JSON.parse(readFileSync(join(DIST, "ai-risk-map.first-view.json"), "utf8"));
const host = (/** @type {string} */ body) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Host</title><link rel="icon" href="data:,">
<script type="module" src="/tools/risk-map/ai-risk-map.js"></script></head><body><h1>Wiki page</h1>${body}<p>After the map.</p></body></html>`;

const { srv, browser } = setUp({
  extra: {
    "/host/first.html": host(`<ai-risk-map id="m"></ai-risk-map>`),
    "/host/first-src.html": host(`<ai-risk-map id="m" src="/tools/risk-map/examples/rag-chatbot.assessment.json"></ai-risk-map>`),
    "/host/first-1.0.html": host(`<ai-risk-map id="m" dasf="1.0"></ai-risk-map>`),
  },
});

/**
 * Open `path` with the wasm held back until the returned `release()` is called, which lets
 * it through or, with `broken`, answers that it is not there.
 * @param {import("playwright-core").Page} page
 * @param {string} path
 * @param {{broken?: boolean}} [opts]
 */
async function openHeld(page, path, opts = {}) {
  const release = await holdWasm(page, opts);
  await recordShifts(page);
  await page.goto(srv.url(path));
  return release;
}

/**
 * The element's view as drawn now: whether the live view is there, the first view's state,
 * and where the diagram is.
 * @param {import("playwright-core").Page} page
 */
const look = (page) =>
  page.evaluate(() => {
    const root = /** @type {ShadowRoot} */ (document.getElementById("m")?.shadowRoot);
    const body = /** @type {HTMLElement} */ (root.querySelector(".arm-body"));
    const svg = root.querySelector(".arm-diagram-box svg");
    const view = root.querySelector(".arm-diagram-view");
    const r = svg?.getBoundingClientRect();
    return {
      live: body.hasAttribute("data-view"),
      busy: body.getAttribute("aria-busy"),
      inert: view instanceof HTMLElement ? view.inert : null,
      text: body.textContent?.slice(0, 40) ?? "",
      spoken: root.querySelector(".arm-body > .arm-sr")?.textContent ?? null,
      ids: [...root.querySelectorAll(".arm-node[data-component]")].map((n) => n.getAttribute("data-component")),
      viewBox: svg?.getAttribute("viewBox") ?? null,
      frameFill: svg ? getComputedStyle(/** @type {Element} */ (svg.querySelector(".arm-stage-frame"))).fill : null,
      tip: root.querySelector(".arm-tip")?.textContent ?? null,
      rect: r ? [r.left, r.top, r.width, r.height].map(Math.round) : null,
    };
  });

/**
 * Wait until the element shows a diagram, first view or live.
 * @param {import("playwright-core").Page} page
 */
const diagramShown = (page) => page.waitForFunction(() => document.getElementById("m")?.shadowRoot?.querySelector(".arm-diagram-box svg") != null);

/** @param {string} svg */
const viewBoxOf = (svg) => /viewBox="([^"]+)"/.exec(svg)?.[1];

for (const [name, width, layout] of /** @type {const} */ ([
  ["a desktop column", 1360, "wide"],
  ["a phone", 390, "narrow"],
])) {
  test(`in ${name}, the engine's diagram (${layout}) paints before the wasm arrives, and the live view replaces it in place`, async () => {
    const { context, page, problems, cspViolations } = await openPage(browser, srv.origin, { viewport: { width, height: 900 } });
    const release = await openHeld(page, "/host/first.html");
    await diagramShown(page);
    const before = await look(page);
    assert.equal(before.live, false, "the engine is held back, so this is the first view");
    assert.deepEqual(before.ids, catalog.stages.flatMap((/** @type {any} */ s) => s.components));
    assert.equal(before.viewBox, viewBoxOf(drawn[layout]), `the ${layout} layout`);
    assert.notEqual(before.frameFill, "rgb(0, 0, 0)", "styled by the engine's diagram CSS");
    assert.equal(before.inert, true, "nothing to choose until the engine is there");
    assert.equal(before.busy, "true");
    assert.equal(before.spoken, "Loading the risk map\u2026");
    assert.ok(srv.requests.some((p) => p.endsWith("/ai-risk-map.first-view.json")));
    const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
    assert.deepEqual(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), []);
    // From here on, no shift: the host's text below the element moved once already, as the
    // diagram took the loading line's place (as it would when the engine drew it).
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await layoutShifts(page, true);

    release();
    await ready(page, "#m");
    await page.waitForTimeout(200);
    const after = await look(page);
    assert.equal(after.live, true);
    assert.equal(after.busy, null);
    assert.equal(after.inert, false);
    assert.equal(after.spoken, null);
    assert.deepEqual(after.ids, before.ids);
    assert.equal(after.viewBox, before.viewBox);
    assert.deepEqual(after.rect, before.rect, "the diagram stays where it was");
    assert.equal(after.tip, before.tip);
    const live = await page.evaluate(async () => {
      const api = await import("/tools/risk-map/ai-risk-map.js").then((m) => m.engine());
      return { wide: api.diagramSvg(api.newAssessment()), narrow: api.diagramSvg(api.newAssessment(), { narrow: true }) };
    });
    assert.deepEqual(live, { wide: drawn.wide, narrow: drawn.narrow }, "the first view is the engine's own drawing");
    const shifts = await layoutShifts(page);
    assert.equal(shifts.reduce((/** @type {number} */ a, /** @type {number} */ b) => a + b, 0), 0, `layout shifts as the engine took over: ${JSON.stringify(shifts)}`);
    assert.deepEqual(problems.errors, []);
    assert.deepEqual(problems.console, []);
    assert.deepEqual(await cspViolations(), []);
    await context.close();
  });
}

test("an element set to open a document or another catalog version waits for the engine, as before", async () => {
  for (const path of ["/host/first-src.html", "/host/first-1.0.html"]) {
    const { context, page, problems } = await openPage(browser, srv.origin);
    const release = await openHeld(page, path);
    await page.waitForFunction(() => document.getElementById("m")?.shadowRoot?.querySelector(".arm-body") != null);
    await page.waitForTimeout(300);
    const before = await look(page);
    assert.equal(before.live, false, path);
    assert.equal(before.ids.length, 0, `${path}: no diagram before the engine`);
    assert.match(before.text, /^Loading the risk map/, path);
    release();
    await ready(page, "#m");
    assert.deepEqual(problems.errors, [], path);
    await context.close();
  }
});

test("without the first view's file, the element shows its loading line and then starts as before", async () => {
  const { context, page, problems } = await openPage(browser, srv.origin);
  await page.route("**/ai-risk-map.first-view.json", (route) => route.fulfill({ status: 404, body: "" }));
  const release = await openHeld(page, "/host/first.html");
  await page.waitForTimeout(300);
  const before = await look(page);
  assert.equal(before.ids.length, 0);
  assert.match(before.text, /^Loading the risk map/);
  release();
  await ready(page, "#m");
  const after = await look(page);
  assert.deepEqual(after.ids, catalog.stages.flatMap((/** @type {any} */ s) => s.components));
  assert.equal(await page.evaluate(() => document.getElementById("m")?.shadowRoot?.querySelector(".arm-error")?.textContent), "");
  assert.deepEqual(problems.errors, []);
  await context.close();
});

test("when the engine cannot start, the element says why and what to do, and nothing is left loading", async () => {
  const { context, page } = await openPage(browser, srv.origin);
  // The host serves no wasm (a deployment that forgot the file), after the first view.
  const release = await openHeld(page, "/host/first.html", { broken: true });
  await diagramShown(page);
  assert.equal((await look(page)).busy, "true");
  release();
  const error = await page.waitForFunction(() => document.getElementById("m")?.shadowRoot?.querySelector(".arm-error")?.textContent);
  assert.match(String(await error.jsonValue()), /engine could not be loaded from http:\/\/127\.0\.0\.1:\d+\/tools\/risk-map\/ai_risk_map_bg\.wasm .*404.*the server must send that file, as application\/wasm/);
  const after = await look(page);
  assert.equal(after.live, false);
  assert.equal(after.busy, null);
  assert.equal(after.text, "", "no picture and no loading line under the error");
  await context.close();
});
