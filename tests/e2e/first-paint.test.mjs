// The page's first view is in its HTML (issue 12 item 5): the diagram drawn by the engine at
// build time paints before any script or wasm arrives; the live element takes its place with
// no layout shift; the catalog's long texts, left out of the wasm, arrive after the first
// paint, under the strict CSP.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { setUp, openPage, ready, recordShifts, layoutShifts, ROOT, DIST } from "./helpers.mjs";

const catalog = JSON.parse(readFileSync(join(ROOT, "src/catalog/data/dasf-2.0.json"), "utf8"));

const { srv, browser } = setUp();

test("the diagram is in the HTML: drawn with JavaScript disabled, every component of the catalog", async () => {
  const { context, page, cspViolations } = await openPage(browser, srv.origin, { javaScriptEnabled: false });
  await page.goto(srv.url(""));
  const drawn = await page.evaluate(() => {
    const root = document.getElementById("first-view")?.shadowRoot;
    const svg = root?.querySelector("svg.arm-diagram");
    const box = svg?.getBoundingClientRect();
    return {
      ids: [...(root?.querySelectorAll(".arm-node[data-component]") ?? [])].map((n) => n.getAttribute("data-component")),
      width: box?.width ?? 0,
      height: box?.height ?? 0,
      // Styled by the engine's diagram CSS: the stage frames are filled, not black.
      frameFill: root ? getComputedStyle(/** @type {Element} */ (root.querySelector(".arm-stage-frame"))).fill : "",
      scripts: document.scripts.length,
    };
  });
  assert.deepEqual(drawn.ids, catalog.stages.flatMap((/** @type {any} */ s) => s.components));
  assert.deepEqual([...drawn.ids].sort(), catalog.components.map((/** @type {any} */ c) => c.id).sort());
  assert.ok(drawn.width > 600 && drawn.height > 400, JSON.stringify(drawn));
  assert.notEqual(drawn.frameFill, "rgb(0, 0, 0)");
  assert.deepEqual(await cspViolations(), []);
  await context.close();
});

test("it is the engine's drawing: the same SVG the live element draws for a blank assessment", async () => {
  const { context, page } = await openPage(browser, srv.origin);
  const html = readFileSync(join(DIST, "index.html"), "utf8");
  const prerendered = /<div class="arm-diagram-box">(<svg[\s\S]*?<\/svg>)<\/div>/.exec(html)?.[1];
  assert.ok(prerendered, "the built page holds the SVG");
  await page.goto(srv.url("#diagram"));
  await ready(page);
  const live = await page.evaluate(async () => {
    const el = /** @type {any} */ (document.querySelector("ai-risk-map"));
    const api = await import("./ai-risk-map.js").then((m) => m.engine());
    return {
      svg: api.diagramSvg(api.newAssessment()),
      tip: el.shadowRoot.querySelector(".arm-tip")?.textContent,
    };
  });
  assert.equal(prerendered, live.svg);
  assert.ok(html.includes(`<p class="arm-tip">${live.tip}</p>`), "the prerendered hint is the view's");
  await context.close();
});

test("the engine takes over without a layout shift or a blank frame", async () => {
  const { context, page, problems, cspViolations } = await openPage(browser, srv.origin);
  await recordShifts(page);
  await page.addInitScript(() => {
    const w = /** @type {any} */ (window);
    // Every frame until the element is drawn: was a diagram on screen?
    w.__frames = [];
    const look = () => {
      const first = document.getElementById("first-view")?.shadowRoot?.querySelector("svg");
      const live = document.querySelector("ai-risk-map")?.shadowRoot?.querySelector("svg");
      const svg = first ?? live;
      w.__frames.push({ first: !!first, live: !!live, top: svg ? Math.round(svg.getBoundingClientRect().top) : null, height: svg ? Math.round(svg.getBoundingClientRect().height) : null });
      if (!live) requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
  await page.goto(srv.url("#diagram"));
  await ready(page);
  await page.waitForTimeout(300);
  const shifts = await layoutShifts(page);
  const frames = await page.evaluate(() => /** @type {any} */ (window).__frames);
  const cls = shifts.reduce((/** @type {number} */ a, /** @type {number} */ b) => a + b, 0);
  assert.equal(cls, 0, `cumulative layout shift ${cls}`);
  // Frames before the parser reaches the view have nothing yet; from the first diagram on,
  // every frame has one (the prerendered, then the live), in the same place.
  const from = frames.findIndex((/** @type {any} */ f) => f.top !== null);
  assert.ok(from >= 0 && frames[from].first, `the prerendered diagram comes first: ${JSON.stringify(frames)}`);
  const drawn = frames.slice(from);
  assert.ok(drawn.every((/** @type {any} */ f) => f.top !== null), `a frame without a diagram: ${JSON.stringify(frames)}`);
  assert.ok(drawn.at(-1).live, "the live element drew");
  const positions = new Set(drawn.map((/** @type {any} */ f) => `${f.top}/${f.height}`));
  assert.equal(positions.size, 1, `the diagram moved: ${JSON.stringify(frames)}`);
  assert.equal(await page.locator("#first-view").count(), 0, "the prerendered view is gone");
  assert.deepEqual(problems.errors, []);
  assert.deepEqual(await cspViolations(), []);
  await context.close();
});

test("the long texts arrive after the first paint, under the strict CSP", async () => {
  const { context, page, problems, cspViolations } = await openPage(browser, srv.origin);
  /** @type {string[]} */
  const order = [];
  page.on("request", (r) => {
    const name = r.url().split("/").pop() ?? "";
    if (/\.(wasm|json)$/.test(name)) order.push(name);
  });
  await page.goto(srv.url("#catalog"));
  await ready(page);
  const risk = catalog.risks.find((/** @type {any} */ r) => r.id === "9.1");
  const control = catalog.controls.find((/** @type {any} */ c) => c.id === "DASF 1");
  const host = page.locator("ai-risk-map");
  // Open the catalog entries and wait for their descriptions (the catalog view's details).
  await page.waitForFunction(() => /** @type {any} */ (document.querySelector("ai-risk-map")).shadowRoot.textContent.length > 0);
  await host.evaluate((el) => el.show("risk", "9.1"));
  await page.waitForFunction((text) => /** @type {any} */ (document.querySelector("ai-risk-map")).shadowRoot.textContent.includes(text), risk.description.slice(0, 60));
  await host.evaluate((el) => el.show("control", "DASF 1"));
  await page.waitForFunction((text) => /** @type {any} */ (document.querySelector("ai-risk-map")).shadowRoot.textContent.includes(text), control.implementation.slice(0, 60));
  assert.deepEqual(order.slice(0, 2), ["ai_risk_map_bg.wasm", "dasf-2.0.texts.json"]);
  assert.deepEqual(problems.errors, []);
  assert.deepEqual(problems.console, []);
  assert.deepEqual(await cspViolations(), []);
  await context.close();
});
