// embed.html (the element full-window, set up by the query string), the example pages of
// www/examples/, and the npm package as a fresh project installs it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, mkdtempSync, mkdirSync, copyFileSync, rmSync, existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setUp, serve, openPage, ready, ROOT } from "./helpers.mjs";

const example = readFileSync(join(ROOT, "examples/rag-chatbot.assessment.json"), "utf8");
const exampleName = JSON.parse(example).useCase.name;

const { srv, browser } = setUp({ extra: { "/data/example.json": example, "/data/broken.json": '{ "schema": "ai-risk-map/assessment", ' } });

/** @param {{console: string[], errors: string[], foreign: string[]}} problems */
function clean(problems) {
  assert.deepEqual(problems.console, [], "no console errors");
  assert.deepEqual(problems.errors, [], "no page errors");
  assert.deepEqual(problems.foreign, [], "no request leaves the origin");
}

/** @param {import("playwright-core").Page} page */
const state = (page) =>
  page.evaluate(() => {
    const el = /** @type {any} */ (document.querySelector("ai-risk-map"));
    const root = el.shadowRoot;
    return {
      parent: el.parentElement?.id,
      view: root.querySelector(".arm-body")?.getAttribute("data-view"),
      dark: root.querySelector(".arm-root").classList.contains("arm-theme-dark"),
      readonly: el.hasAttribute("readonly"),
      dasf: el.assessment.dasf,
      deployment: el.assessment.deploymentModels,
      name: el.assessment.useCase?.name ?? "",
      error: root.querySelector(".arm-error")?.textContent ?? "",
      fill: el.getBoundingClientRect().height >= innerHeight - 1 && el.getBoundingClientRect().width >= innerWidth - 1,
    };
  });

test("embed.html honours view, dasf, deployment, component, theme and readonly", async () => {
  const p = await openPage(browser, srv.origin, { viewport: { width: 1000, height: 700 } });
  const { page } = p;
  await page.goto(srv.url("embed.html?view=diagram&dasf=1.0&deployment=rag_llm,fine_tuned_llm&component=9&theme=dark&readonly"));
  await ready(page);
  const s = await state(page);
  assert.equal(s.parent, "embed");
  assert.equal(s.view, "diagram");
  assert.equal(s.dasf, "1.0");
  assert.deepEqual(s.deployment, ["rag_llm", "fine_tuned_llm"]);
  assert.equal(s.dark, true);
  assert.equal(s.readonly, true);
  assert.ok(s.fill, "the element fills the window");
  const el = page.locator("ai-risk-map");
  await el.getByRole("region", { name: /Component 9/ }).waitFor();
  // Read-only reaches the editing view too.
  await page.evaluate(() => document.querySelector("ai-risk-map")?.setAttribute("view", "assessment"));
  assert.equal(await el.getByLabel("Name").evaluate((n) => /** @type {HTMLInputElement} */ (n).readOnly), true);
  clean(p.problems);
  assert.deepEqual(await p.cspViolations(), []);
  await p.context.close();

  // Another set: catalog view filtered to one component, light theme, editable; unknown
  // parameters are ignored.
  const q = await openPage(browser, srv.origin);
  await q.page.goto(srv.url("embed.html?view=catalog&component=9&theme=light&onclick=alert(1)&readonly=false"));
  await ready(q.page);
  const t = await state(q.page);
  assert.equal(t.view, "catalog");
  assert.equal(t.dasf, "2.0");
  assert.deepEqual(t.deployment, []);
  assert.equal(t.dark, false);
  assert.equal(t.readonly, false);
  assert.equal(await q.page.evaluate(() => document.querySelector("ai-risk-map")?.getAttributeNames().sort().join(",")), "component,theme,view");
  assert.equal(await q.page.locator("ai-risk-map").getByLabel("Component", { exact: true }).inputValue(), "9");
  clean(q.problems);
  await q.context.close();
});

test("embed.html shows a src assessment, and a bad src's reason inside the element", async () => {
  const p = await openPage(browser, srv.origin);
  const { page } = p;
  await page.goto(srv.url("embed.html?view=report&src=/data/example.json"));
  await ready(page);
  await page.waitForFunction((n) => /** @type {any} */ (document.querySelector("ai-risk-map")).assessment.useCase?.name === n, exampleName);
  const ok = await state(page);
  assert.equal(ok.view, "report");
  assert.equal(ok.error, "");
  clean(p.problems);

  // A src relative to embed.html, as the docs' snippets use it.
  await page.goto(srv.url("embed.html?src=examples/rag-chatbot.assessment.json"));
  await ready(page);
  await page.waitForFunction((n) => /** @type {any} */ (document.querySelector("ai-risk-map")).assessment.useCase?.name === n, exampleName);

  const errorOf = async (/** @type {string} */ src) => {
    await page.goto(srv.url(`embed.html?src=${encodeURIComponent(src)}`));
    await ready(page);
    await page.waitForFunction(() => document.querySelector("ai-risk-map")?.shadowRoot?.querySelector(".arm-error")?.textContent);
    const s = await state(page);
    assert.equal(s.view, "diagram", "the element still draws");
    return s.error;
  };
  assert.match(await errorOf("/data/missing.json"), /missing\.json.*404/);
  assert.match(await errorOf("/data/broken.json"), /\S/);
  // Another origin is refused by the page's CSP, and said so in the element.
  assert.match(await errorOf("http://192.0.2.1/a.json"), /Could not load the assessment/);
  assert.deepEqual(p.problems.errors, []);
  await p.context.close();
});

/**
 * Wait until every <ai-risk-map> of the page and of its frames has drawn.
 * @param {import("playwright-core").Page} page
 */
async function allDrawn(page) {
  let count = 0;
  for (const frame of page.frames()) {
    await frame.waitForLoadState();
    const n = await frame.evaluate(() => document.querySelectorAll("ai-risk-map").length);
    if (n === 0) continue;
    count += n;
    await frame.waitForFunction(() => [...document.querySelectorAll("ai-risk-map")].every((el) => el.shadowRoot?.querySelector(".arm-body[data-view]")));
  }
  return count;
}

test("the example pages load with no console error and no request off the origin", async () => {
  const expected = { "index.html": 0, "plain-html.html": 1, "two-elements.html": 2, "iframe.html": 2, "standalone.html": 1 };
  for (const [file, n] of Object.entries(expected)) {
    const p = await openPage(browser, srv.origin);
    const { page } = p;
    await page.goto(srv.url(`examples/${file}`));
    if (file === "iframe.html") await page.waitForFunction(() => document.querySelectorAll("iframe").length === 2);
    // Lazy frames load once scrolled to.
    await page.evaluate(() => scrollTo(0, document.body.scrollHeight));
    if (file === "iframe.html") await page.waitForFunction(() => [...document.querySelectorAll("iframe")].every((f) => f.contentDocument?.querySelector("ai-risk-map")));
    assert.equal(await allDrawn(page), n, `${file}: elements drawn`);
    if (file === "two-elements.html") {
      await page.waitForFunction((name) => [...document.querySelectorAll("ai-risk-map")].every((el) => /** @type {any} */ (el).assessment.useCase?.name === name), exampleName);
      assert.equal(p.problems.console.length + p.problems.errors.length, 0);
    }
    if (file === "plain-html.html") {
      await page.getByRole("button", { name: /Load the RAG chatbot example/ }).click();
      await page.waitForFunction((name) => document.getElementById("score")?.textContent?.startsWith(name), exampleName);
      assert.match((await page.locator("#score").textContent()) ?? "", /coverage \d+%/);
    }
    clean(p.problems);
    assert.deepEqual(await p.cspViolations(), [], file);
    await p.context.close();
  }
});

test("npm pack: the tarball installs into a fresh project, resolves through exports, types check, and draws", async () => {
  const tmp = mkdtempSync(join(tmpdir(), "ai-risk-map-pack-"));
  try {
    const tgz = execFileSync("npm", ["pack", "--silent", "--pack-destination", tmp], { cwd: ROOT, encoding: "utf8" }).trim().split("\n").pop() ?? "";
    assert.ok(existsSync(join(tmp, tgz)), `npm pack wrote ${tgz}`);
    const proj = join(tmp, "consumer");
    mkdirSync(proj);
    writeFileSync(join(proj, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true, type: "module" }));
    execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--silent", join(tmp, tgz)], { cwd: proj, encoding: "utf8" });

    // The exports map: every entry resolves, nothing outside it does.
    const req = createRequire(join(proj, "package.json"));
    for (const spec of ["ai-risk-map", "ai-risk-map/standalone", "ai-risk-map/engine", "ai-risk-map/ai_risk_map_bg.wasm", "ai-risk-map/ai-risk-map.first-view.json", "ai-risk-map/types"]) {
      assert.ok(existsSync(req.resolve(spec)), spec);
    }
    assert.throws(() => req.resolve("ai-risk-map/dist/page.js"));

    // The declarations, checked strictly (no skipLibCheck) from a TypeScript consumer.
    writeFileSync(
      join(proj, "check.ts"),
      `import type { AiRiskMap, AiRiskMapChangeDetail, AiRiskMapSelectDetail } from "ai-risk-map";
import { engine, type Assessment, type Report } from "ai-risk-map/engine";
import "ai-risk-map/standalone";
const el = document.createElement("ai-risk-map");
const typed: AiRiskMap = el;
el.addEventListener("ai-risk-map-change", (e) => { const d: AiRiskMapChangeDetail = e.detail; const c: number | null = d.report.overall.coverage; void c; });
el.addEventListener("ai-risk-map-select", (e) => { const d: AiRiskMapSelectDetail = e.detail; const k: "component" | "risk" | "control" = d.kind; void k; });
document.addEventListener("ai-risk-map-select", (e) => void e.detail.id);
el.assessment = { schema: "ai-risk-map/assessment", dasf: "2.0", deploymentModels: ["rag_llm"] };
const r: Report | null = el.report;
el.show("risk", "9.1");
el.view = "catalog";
// @ts-expect-error not a view
el.view = "map";
void el.ready.then(async () => { const api = await engine(); const a: Assessment = api.newAssessment("2.0", ["rag_llm"]); void api.evaluate(a).overall.level; });
void typed; void r;
`,
    );
    writeFileSync(
      join(proj, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: "es2022", module: "esnext", moduleResolution: "bundler", lib: ["es2022", "esnext.disposable", "dom", "dom.iterable"], types: [] }, files: ["check.ts"] }),
    );
    execFileSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], { cwd: proj, encoding: "utf8" });

    // A page of the consumer, bundled by esbuild from the installed package; the wasm is
    // copied beside the bundle from its exports entry.
    writeFileSync(
      join(proj, "app.js"),
      `import { AiRiskMap } from "ai-risk-map";
import { engine } from "ai-risk-map/engine";
const el = new AiRiskMap();
el.setAttribute("view", "diagram");
el.setAttribute("deployment", "rag_llm");
document.body.append(el);
window.checked = el.ready.then(async () => ({ version: (await engine()).engineVersion(), same: customElements.get("ai-risk-map") === AiRiskMap }));
`,
    );
    const { build } = await import(join(ROOT, "node_modules/esbuild/lib/main.js"));
    const outDir = join(proj, "public");
    await build({ absWorkingDir: proj, entryPoints: ["app.js"], bundle: true, format: "esm", outfile: join(outDir, "app.js"), logLevel: "error" });
    copyFileSync(req.resolve("ai-risk-map/ai_risk_map_bg.wasm"), join(outDir, "ai_risk_map_bg.wasm"));
    copyFileSync(req.resolve("ai-risk-map/dasf-2.0.texts.json"), join(outDir, "dasf-2.0.texts.json"));

    const app = await serve({
      extra: {
        "/app/index.html": `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Consumer</title><link rel="icon" href="data:,"><script type="module" src="./app.js"></script></head><body></body></html>`,
        "/app/app.js": readFileSync(join(outDir, "app.js"), "utf8"),
        // @ts-ignore the helper sends a Buffer as it is
        "/app/ai_risk_map_bg.wasm": readFileSync(join(outDir, "ai_risk_map_bg.wasm")),
        "/app/dasf-2.0.texts.json": readFileSync(join(outDir, "dasf-2.0.texts.json"), "utf8"),
      },
    });
    try {
      const p = await openPage(browser, app.origin);
      const { page } = p;
      await page.goto(app.url("/app/index.html"));
      await ready(page);
      const checked = await page.evaluate(() => /** @type {any} */ (window).checked);
      assert.match(checked.version, /^\d+\.\d+/);
      assert.equal(checked.same, true);
      assert.equal(await page.locator("ai-risk-map [data-component]").count(), 12, "the diagram is drawn");
      clean(p.problems);
      await p.context.close();
    } finally {
      await app.close();
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
