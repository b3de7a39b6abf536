// Catalogs of one's own in the page: a 13-component, 5-stage catalog (a DASF 3.0-shaped
// compendium imported with `ai-risk-map import-compendium`, tests/fixtures/compendium) is
// loaded from a file, drawn whole, kept with the autosave across a reload, named by the share
// link and the export, and needed by a share link opened elsewhere; a bad catalog is refused
// with the engine's message and nothing changes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { setUp, serve, openPage, ready, ROOT } from "./helpers.mjs";

const FIXTURE = join(ROOT, "tests/fixtures/compendium/dasf-3.0-shaped.catalog.json");
const ARTIFACTS = join(ROOT, "tests/artifacts");

const { srv, browser } = setUp();
mkdirSync(ARTIFACTS, { recursive: true });

/** @param {import("playwright-core").Page} page */
const diagramBoxes = (page) =>
  page.evaluate(() => {
    const root = /** @type {ShadowRoot} */ (document.querySelector("ai-risk-map")?.shadowRoot);
    const svg = /** @type {SVGSVGElement} */ (root.querySelector("svg.arm-diagram"));
    const box = (/** @type {Element} */ e) => {
      const r = e.getBoundingClientRect();
      return { x: r.x, y: r.y, w: r.width, h: r.height };
    };
    return {
      svg: box(svg),
      nodes: [...root.querySelectorAll(".arm-node[data-component]")].map((n) => ({ id: n.getAttribute("data-component"), ...box(n.querySelector(".arm-node-box") ?? n) })),
      stages: [...root.querySelectorAll(".arm-stage")].map((s) => [...s.querySelectorAll(".arm-stage-title")].map((t) => t.textContent).join(" ")),
    };
  });

test("a 13-component catalog loads from a file, is drawn whole and survives a reload", async () => {
  const { page, problems, context } = await openPage(browser, srv.origin);
  await page.goto(srv.url(""));
  await ready(page);
  // The footer names the catalog in use, the built-in one and then the one loaded.
  const about = page.locator("#about");
  await about.getByText("from the Databricks AI Security Framework (DASF) 2.0 catalog.").waitFor();
  await page.locator("#catalogfile").setInputFiles(FIXTURE);
  const notice = page.locator("#notice");
  await notice.getByText("version 3.0-compendium, 5 stages, 13 components").waitFor();
  await notice.getByRole("button", { name: "Start an assessment on it" }).click();
  const current = () => page.evaluate(() => /** @type {any} */ (document.querySelector("ai-risk-map")).assessment);
  assert.equal((await current()).dasf, "3.0-compendium");
  assert.match(await about.textContent() ?? "", /from the Databricks AI Security Framework \(DASF\) 3\.0-compendium catalog\./);

  await page.locator('nav [data-view="diagram"]').click();
  const map = page.locator("ai-risk-map");
  await map.locator('.arm-node[data-component="13"]').waitFor();
  const drawn = await diagramBoxes(page);
  assert.deepEqual(drawn.nodes.map((n) => n.id).sort((a, b) => Number(a) - Number(b)), Array.from({ length: 13 }, (_, i) => String(i + 1)));
  assert.deepEqual(drawn.stages, ["Data operations", "Model operations", "Model deployment and serving", "Operations and platform", "Agentic AI"]);
  // Every node inside the drawing, and no two overlapping.
  for (const n of drawn.nodes) {
    assert.ok(n.x >= drawn.svg.x - 1 && n.x + n.w <= drawn.svg.x + drawn.svg.w + 1 && n.y + n.h <= drawn.svg.y + drawn.svg.h + 1, `node ${n.id} inside`);
  }
  for (const a of drawn.nodes) {
    for (const b of drawn.nodes) {
      if (a.id >= /** @type {string} */ (b.id)) continue;
      const apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
      assert.ok(apart, `nodes ${a.id} and ${b.id} overlap`);
    }
  }
  // The new component's panel lists its risks (sub-components 13A to 13C).
  await map.locator('.arm-node[data-component="13"]').click();
  for (const id of ["13A.1", "13B.1", "13C.1"]) await map.locator(".arm-panel").getByText(id, { exact: false }).first().waitFor();
  await page.screenshot({ path: join(ARTIFACTS, "catalog-13-components.png"), fullPage: true });

  // The catalog is kept with the autosave: after a reload the assessment opens on it.
  await page.waitForTimeout(400);
  await page.reload();
  await ready(page);
  assert.equal((await current()).dasf, "3.0-compendium");
  await about.getByText("3.0-compendium catalog.").waitFor();
  await page.locator('nav [data-view="diagram"]').click();
  await map.locator('.arm-node[data-component="13"]').waitFor();
  assert.equal(await map.locator(".arm-node[data-component]").count(), 13);

  // The share link says which catalog it needs.
  await page.locator("#share").click();
  const needs = page.locator("#shareneeds");
  // The link is made asynchronously (compressed): wait for it.
  await needs.getByText("needs the catalog").waitFor();
  assert.match(await needs.textContent() ?? "", /needs the catalog \u201c3\.0-compendium\u201d/);
  const link = await page.locator("#sharelink").inputValue();

  // So does the export, which offers the catalog file too.
  const [exported] = await Promise.all([page.waitForEvent("download"), page.locator("#export").click()]);
  assert.match(exported.suggestedFilename(), /\.assessment\.json$/);
  await notice.getByText("needs the catalog \u201c3.0-compendium\u201d").waitFor();
  const [catalogFile] = await Promise.all([page.waitForEvent("download"), notice.getByRole("button", { name: "Export the catalog" }).click()]);
  assert.equal(catalogFile.suggestedFilename(), "3.0-compendium.catalog.json");
  assert.deepEqual(JSON.parse(readFileSync(/** @type {string} */ (await catalogFile.path()), "utf8")), JSON.parse(readFileSync(FIXTURE, "utf8")));
  assert.deepEqual(problems.errors, []);
  assert.deepEqual(problems.console, []);
  await context.close();

  // Elsewhere (a browser without the catalog), the link is refused with what it needs, and
  // opens once the catalog file is loaded.
  const other = await openPage(browser, srv.origin);
  await other.page.goto(srv.url(""));
  await ready(other.page);
  await other.page.goto(link);
  const alert = other.page.locator("#alert");
  await alert.getByText("needs a catalog that is not loaded").waitFor();
  assert.match(await alert.textContent() ?? "", /3\.0-compendium/);
  const otherCurrent = () => other.page.evaluate(() => /** @type {any} */ (document.querySelector("ai-risk-map")).assessment);
  assert.equal((await otherCurrent()).dasf, "2.0", "the current assessment is kept");
  await other.page.locator("#catalogfile").setInputFiles(FIXTURE);
  await other.page.locator("#notice").getByRole("button", { name: "Open the share link" }).click();
  // The shared assessment is shown (read-only, the page's own work kept aside), on the catalog.
  await other.page.getByText("You are looking at a shared assessment").waitFor();
  assert.equal((await otherCurrent()).dasf, "3.0-compendium");
  assert.deepEqual(other.problems.errors, []);
  await other.context.close();
});

test("a catalog the engine refuses is not loaded, and nothing changes", async () => {
  const { page, problems, context } = await openPage(browser, srv.origin);
  await page.goto(srv.url(""));
  await ready(page);
  const before = await page.evaluate(() => /** @type {any} */ (document.querySelector("ai-risk-map")).assessment);
  const bad = JSON.parse(readFileSync(FIXTURE, "utf8"));
  bad.version = "broken-1";
  bad.risks[0].controls.push("DASF 999");
  await page.locator("#catalogfile").setInputFiles({ name: "broken.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(bad)) });
  const alert = page.locator("#alert");
  await alert.getByText("\u201cbroken.json\u201d was not loaded as a catalog, and nothing changed").waitFor();
  assert.match(await alert.textContent() ?? "", /risk 1\.1 refers to control `DASF 999`, which the catalog does not have/);
  const versions = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("ai-risk-map:catalog:")));
  assert.deepEqual(versions, []);
  assert.deepEqual(await page.evaluate(() => /** @type {any} */ (document.querySelector("ai-risk-map")).assessment), before);
  assert.deepEqual(problems.errors, []);
  await context.close();
});

test("the element loads a catalog from its `catalog` attribute and draws it; a bad one is refused inside it", async () => {
  const fixture = readFileSync(FIXTURE, "utf8");
  const host = (/** @type {string} */ attrs) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title><link rel="icon" href="data:,">
<script type="module" src="/tools/risk-map/ai-risk-map.js"></script></head><body><ai-risk-map ${attrs}></ai-risk-map></body></html>`;
  const local = await serve({
    extra: {
      "/el/good.html": host('catalog="/el/catalog.json" view="diagram"'),
      "/el/bad.html": host('catalog="/el/broken.json" view="diagram"'),
      "/el/catalog.json": fixture,
      "/el/broken.json": JSON.stringify({ ...JSON.parse(fixture), version: "2.0" }),
    },
  });
  try {
    const { page, problems, context } = await openPage(browser, local.origin);
    await page.goto(local.url("/el/good.html"));
    await ready(page);
    const map = page.locator("ai-risk-map");
    await map.locator('.arm-node[data-component="13"]').waitFor();
    assert.equal(await map.locator(".arm-node[data-component]").count(), 13);
    assert.equal(await map.getAttribute("dasf"), "3.0-compendium");
    assert.deepEqual(problems.errors, []);

    await page.goto(local.url("/el/bad.html"));
    await ready(page);
    const error = map.locator(".arm-error");
    await error.getByText("The catalog at /el/broken.json was not loaded").waitFor();
    assert.match(await error.textContent() ?? "", /built-in DASF version/);
    // The built-in catalog is drawn instead.
    assert.equal(await map.locator(".arm-node[data-component]").count(), 12);

    // Changed later, the attribute loads the new catalog, and the element moves to it.
    await map.evaluate((el) => el.setAttribute("catalog", "/el/catalog.json"));
    await map.locator('.arm-node[data-component="13"]').waitFor();
    assert.equal(await map.getAttribute("dasf"), "3.0-compendium");
    assert.equal(await error.textContent(), "", "the earlier refusal is cleared");
    // A bad one is refused with the same message, and the catalog drawn stays.
    await map.evaluate((el) => el.setAttribute("catalog", "/el/broken.json"));
    await error.getByText("The catalog at /el/broken.json was not loaded").waitFor();
    assert.equal(await map.locator(".arm-node[data-component]").count(), 13);
    assert.equal(await map.getAttribute("dasf"), "3.0-compendium");
    assert.deepEqual(problems.errors, []);
    await context.close();
  } finally {
    await local.close();
  }
});
