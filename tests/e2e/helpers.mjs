// Shared by the end-to-end tests and the benchmark: a static server for dist/ under a
// sub-path (with the page's CSP as a header), and a Chromium that stays off the network.
import { chromium } from "playwright-core";
import { before, after } from "node:test";
import { serve as serveDist } from "../../scripts/serve.mjs";

export { ROOT, DIST, CSP } from "../../scripts/serve.mjs";
export const BASE_PATH = "/tools/risk-map/";

/**
 * Serve dist/ at BASE_PATH on 127.0.0.1 (random port), as `npm start` serves it (the CSP
 * header, precompressed files): see scripts/serve.mjs. `extra` maps absolute URL paths to
 * file contents for test-only pages. Returns {origin, url(path), requests, close()}.
 * @param {{extra?: Record<string, string>}} [opts]
 */
export function serve(opts = {}) {
  return serveDist({ base: BASE_PATH, extra: opts.extra });
}

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launch() {
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

/** @typedef {Awaited<ReturnType<typeof serve>>} Server */

/**
 * The server and the browser of a test file: `serve(opts)` and `launch()` before its tests,
 * both closed after them. They are returned at once, as stand-ins that forward to the real
 * ones once started, so that a file declares them in one line and its tests use them as they
 * are; used before the tests start, they throw.
 * @param {Parameters<typeof serve>[0]} [opts]
 * @returns {{srv: Server, browser: import("playwright-core").Browser}}
 */
export function setUp(opts) {
  /** @type {Server | undefined} */
  let server;
  /** @type {import("playwright-core").Browser | undefined} */
  let browser;
  before(async () => {
    server = await serve(opts);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  return { srv: standIn(() => server, "the server"), browser: standIn(() => browser, "the browser") };
}

/**
 * An object that forwards every property read to `get()`, methods bound to it.
 * @template {object} T
 * @param {() => T | undefined} get
 * @param {string} what
 * @returns {T}
 */
function standIn(get, what) {
  return /** @type {T} */ (new Proxy({}, {
    get(_, key) {
      const target = get();
      if (!target) throw new Error(`${what} is not started: use it inside a test`);
      const value = Reflect.get(target, key);
      return typeof value === "function" ? value.bind(target) : value;
    },
  }));
}

/**
 * A fresh context and page that record console errors, CSP violations, page errors and every
 * request that leaves the server's origin.
 * @param {import("playwright-core").Browser} browser
 * @param {string} origin
 * @param {import("playwright-core").BrowserContextOptions} [options]
 */
export async function openPage(browser, origin, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, ...options });
  const page = await context.newPage();
  const problems = { console: /** @type {string[]} */ ([]), csp: /** @type {string[]} */ ([]), foreign: /** @type {string[]} */ ([]), errors: /** @type {string[]} */ ([]) };
  page.on("console", (m) => {
    if (m.type() === "error" || /Content.Security.Policy|Refused to/i.test(m.text())) problems.console.push(m.text());
  });
  page.on("pageerror", (e) => problems.errors.push(String(e)));
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith("data:") && !u.startsWith("blob:" + origin)) problems.foreign.push(u);
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const w = /** @type {any} */ (window);
      (w.__csp ??= []).push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  const cspViolations = async () => [...problems.csp, ...(await page.evaluate(() => /** @type {any} */ (window).__csp ?? []))];
  return { context, page, problems, cspViolations };
}

/**
 * Hold back the engine's wasm for `page` until the returned `release()` is called, which lets
 * it through or, with `broken`, answers that it is not there: what the element shows before
 * its engine arrives, as long as a test needs.
 * @param {import("playwright-core").Page} page
 * @param {{broken?: boolean}} [opts]
 * @returns {Promise<() => void>}
 */
export async function holdWasm(page, opts = {}) {
  /** @type {() => void} */
  let release = () => {};
  const held = new Promise((resolve) => (release = () => resolve(undefined)));
  await page.route("**/ai_risk_map_bg.wasm", async (route) => {
    await held;
    await (opts.broken ? route.fulfill({ status: 404, body: "" }) : route.continue());
  });
  return release;
}

/**
 * Record every layout shift of the page from its start, to read with `layoutShifts`.
 * @param {import("playwright-core").Page} page
 */
export function recordShifts(page) {
  return page.addInitScript(() => {
    const w = /** @type {any} */ (window);
    w.__shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__shifts.push(/** @type {any} */ (e).value);
    }).observe({ type: "layout-shift", buffered: true });
  });
}

/**
 * The layout shifts recorded so far (see `recordShifts`), each its score; `forget` starts
 * the record afresh.
 * @param {import("playwright-core").Page} page
 * @param {boolean} [forget]
 * @returns {Promise<number[]>}
 */
export function layoutShifts(page, forget = false) {
  return page.evaluate((forget) => {
    const w = /** @type {any} */ (window);
    const shifts = w.__shifts;
    if (forget) w.__shifts = [];
    return shifts;
  }, forget);
}

/**
 * Wait until the page's element has drawn its first view.
 * @param {import("playwright-core").Page} page
 * @param {string} [selector]
 */
export async function ready(page, selector = "ai-risk-map") {
  await page.waitForFunction((sel) => {
    const el = /** @type {any} */ (document.querySelector(sel));
    return el?.shadowRoot?.querySelector(".arm-body[data-view]") != null;
  }, selector);
}

/**
 * Load a user catalog `times` times the size of the built-in DASF 2.0 (each copy's risk and
 * control ids suffixed `.0`, `.1`…) through the page's file input, as a user loads one, and
 * start an assessment on it in the assessment view. Returns the catalog's version.
 * @param {import("playwright-core").Page} page
 * @param {number} times
 */
export async function openScaledCatalog(page, times) {
  const version = `dasf-x${times}`;
  const text = await page.evaluate(
    async ([times, version]) => {
      const { engine } = await import("./ai-risk-map.js");
      const base = (await engine()).catalog();
      const cat = { ...base, version, errata: [], risks: /** @type {any[]} */ ([]), controls: /** @type {any[]} */ ([]) };
      delete (/** @type {any} */ (cat)).errataApplied;
      for (let k = 0; k < Number(times); k++) {
        for (const r of base.risks) cat.risks.push({ ...r, id: `${r.id}.${k}`, controls: r.controls.map((c) => `${c}.${k}`) });
        for (const c of base.controls) cat.controls.push({ ...c, id: `${c.id}.${k}`, risks: c.risks.map((r) => `${r}.${k}`) });
      }
      return JSON.stringify(cat);
    },
    [times, version],
  );
  await page.locator("#catalogfile").setInputFiles({ name: `${version}.json`, mimeType: "application/json", buffer: Buffer.from(text) });
  await page.getByText("Loaded the catalog").waitFor();
  await page.evaluate((version) => {
    const el = /** @type {any} */ (document.querySelector("ai-risk-map"));
    el.assessment = { schema: "ai-risk-map/assessment", dasf: version, deploymentModels: ["rag_llm"] };
    el.setAttribute("view", "assessment");
  }, version);
  return version;
}

/**
 * Show the page's element in the assessment view, at `step` (1 to 5), as a user gets there.
 * @param {import("playwright-core").Page} page
 * @param {number} step
 */
export async function openStep(page, step) {
  await page.evaluate(() => document.querySelector("ai-risk-map")?.setAttribute("view", "assessment"));
  await page.locator(`ai-risk-map .arm-step-button[data-step="${step}"]`).click();
}
