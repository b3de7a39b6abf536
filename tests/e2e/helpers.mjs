// Shared by the end-to-end tests and the benchmark: a static server for dist/ under a
// sub-path (with the page's CSP as a header), and a Chromium that stays off the network.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join, extname, normalize, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { before, after } from "node:test";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");
export const DIST = join(ROOT, "dist");
export const BASE_PATH = "/tools/risk-map/";
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".svg": "image/svg+xml",
};

/**
 * Serve dist/ at BASE_PATH on 127.0.0.1 (random port). `extra` maps absolute URL paths to
 * file contents for test-only pages. Returns {origin, url(path), requests, close()}.
 * @param {{extra?: Record<string, string>}} [opts]
 */
export async function serve(opts = {}) {
  if (!existsSync(join(DIST, "index.html"))) throw new Error("dist/ is missing: run `npm run build` first");
  const extra = opts.extra ?? {};
  /** @type {string[]} */
  const requests = [];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    requests.push(path);
    const headers = { "Content-Security-Policy": CSP, "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" };
    if (path in extra) {
      res.writeHead(200, { ...headers, "Content-Type": TYPES[extname(path)] ?? "text/plain" });
      return res.end(extra[path]);
    }
    if (!path.startsWith(BASE_PATH)) {
      res.writeHead(404, headers);
      return res.end("not found");
    }
    let rel = normalize(path.slice(BASE_PATH.length));
    if (rel.startsWith("..")) {
      res.writeHead(403, headers);
      return res.end();
    }
    if (rel === "." || rel.endsWith("/")) rel = join(rel, "index.html");
    try {
      const body = await readFile(join(DIST, rel));
      res.writeHead(200, { ...headers, "Content-Type": TYPES[extname(rel)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404, headers);
      res.end("not found");
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    requests,
    /** @param {string} [path] relative to the sub-path, or absolute when it starts with / */
    url: (path = "") => (path.startsWith("/") ? origin + path : origin + BASE_PATH + path),
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve(undefined)); }),
  };
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
