// Privacy and CSP (issue 6, item 7), for every face: the page, the element and the
// standalone element on a host page, embed.html and the widget's front end, each served
// with the strict CSP of helpers.mjs. Each is used (a status edited, views changed, the
// report downloaded); then no request may have left the origin (or been anything but a
// GET), no CSP violation may have happened, and storage must hold nothing but the page's own
// `ai-risk-map:` keys: the element, embed.html and the widget write nothing at all.
// (page.test.mjs, element.test.mjs and embed.test.mjs check requests and CSP along their
// own flows; this file adds the storage audit and covers every face with one flow.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { setUp, ready } from "./helpers.mjs";
import { facePages, widgetState, guardedPage, byAttribute } from "./faces.mjs";

/** The prefix of every key the tool writes (crates/wasm/src/storage.rs). */
const PREFIX = "ai-risk-map:";

const { srv, browser } = setUp({ extra: facePages() });

// Runs before the page's scripts: records every write to Web Storage, every IndexedDB open,
// every cookie set and every Cache Storage open, including ones undone before the audit.
function recordWrites() {
  const w = /** @type {any} */ (window);
  w.__writes = [];
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    w.__writes.push(`${this === sessionStorage ? "session" : "local"}Storage ${key}`);
    return setItem.call(this, key, value);
  };
  const open = IDBFactory.prototype.open;
  IDBFactory.prototype.open = function (name, version) {
    w.__writes.push(`indexedDB ${name}`);
    return open.call(this, name, version);
  };
  const cookie = /** @type {PropertyDescriptor} */ (Object.getOwnPropertyDescriptor(Document.prototype, "cookie"));
  Object.defineProperty(Document.prototype, "cookie", {
    get() {
      return cookie.get?.call(this);
    },
    set(v) {
      w.__writes.push(`cookie ${String(v).split("=")[0]}`);
      cookie.set?.call(this, v);
    },
  });
  if (self.caches) {
    const cacheOpen = CacheStorage.prototype.open;
    CacheStorage.prototype.open = function (name) {
      w.__writes.push(`caches ${name}`);
      return cacheOpen.call(this, name);
    };
  }
}

/**
 * Open a face with the recorders installed.
 * @param {string} path
 */
async function use(path) {
  const p = await guardedPage(browser, srv.origin);
  await p.page.addInitScript(recordWrites);
  await p.page.goto(srv.url(path));
  return p;
}

/**
 * Everything the face left behind, and what it did on the way.
 * @param {Awaited<ReturnType<typeof use>>} p
 * @param {string} face
 * @param {boolean} mayWrite whether the face may write localStorage keys (under PREFIX only)
 */
async function audit(p, face, mayWrite) {
  const { page, context } = p;
  const left = await page.evaluate(async () => ({
    writes: /** @type {any} */ (window).__writes,
    local: Object.keys(localStorage),
    session: Object.keys(sessionStorage),
    indexedDB: (await indexedDB.databases()).map((d) => d.name),
    caches: self.caches ? await caches.keys() : [],
    serviceWorkers: navigator.serviceWorker ? (await navigator.serviceWorker.getRegistrations()).length : 0,
    cookie: document.cookie,
    csp: /** @type {any} */ (window).__csp,
  }));
  const mine = (/** @type {string} */ k) => mayWrite && k.startsWith(PREFIX);
  assert.deepEqual(left.local.filter((k) => !mine(k)), [], `${face}: localStorage keys`);
  assert.deepEqual(left.writes.filter((/** @type {string} */ w) => !(w.startsWith("localStorage ") && mine(w.slice(13)))), [], `${face}: storage writes`);
  assert.deepEqual(left.session, [], `${face}: sessionStorage`);
  assert.deepEqual(left.indexedDB, [], `${face}: IndexedDB`);
  assert.deepEqual(left.caches, [], `${face}: Cache Storage`);
  assert.equal(left.serviceWorkers, 0, `${face}: service workers`);
  assert.equal(left.cookie, "", `${face}: document.cookie`);
  assert.deepEqual(await context.cookies(), [], `${face}: cookies`);
  assert.deepEqual(left.csp, [], `${face}: CSP violations`);
  assert.deepEqual(await p.cspViolations(), [], `${face}: CSP violations`);
  assert.deepEqual(p.problems.console.filter((m) => /Content.Security.Policy|Refused to/i.test(m)), [], `${face}: CSP messages`);
  assert.deepEqual(p.problems.foreign, [], `${face}: requests to other origins`);
  const off = p.requests.filter((r) => !(r.url.startsWith(srv.origin + "/") || r.url.startsWith("data:") || r.url.startsWith("blob:" + srv.origin)));
  assert.deepEqual(off, [], `${face}: every request stays on the origin`);
  assert.deepEqual(p.requests.filter((r) => r.method !== "GET"), [], `${face}: nothing is sent (only GETs)`);
  assert.deepEqual(p.sockets, [], `${face}: web sockets`);
  assert.deepEqual(p.dialogs, [], `${face}: dialogs`);
  assert.deepEqual(p.problems.errors, [], `${face}: page errors`);
  const paths = [...new Set(p.requests.map((r) => new URL(r.url).pathname))];
  console.log(`${face}: ${p.requests.length} requests, all GET to ${srv.origin}: ${paths.join(" ")}; storage keys: ${left.local.join(" ") || "none"}`);
  return left;
}

/**
 * Use an element: a status in step 5, the diagram panel, the catalog, the report and its
 * three downloads.
 * @param {import("playwright-core").Page} page
 * @param {import("playwright-core").Locator} map
 * @param {(view: string) => Promise<void>} go
 */
async function exercise(page, map, go) {
  await go("assessment");
  await map.locator('.arm-step-button[data-step="5"]').click();
  await map.locator('section.arm-step [data-control="DASF 54"] select').first().selectOption("implemented");
  await map.locator('section.arm-step [data-control="DASF 54"] input').first().fill("Platform team");
  await go("diagram");
  await map.locator('[data-component="9"]').click();
  await map.locator('.arm-panel [data-control="DASF 1"] select').first().selectOption("partial");
  await go("catalog");
  await map.locator('input[type="search"]').fill("prompt injection");
  await map.locator(".arm-results [data-risk] button").first().click();
  await go("report");
  for (const kind of ["md", "csv", "svg"]) {
    await Promise.all([page.waitForEvent("download"), map.locator(`[data-download="${kind}"]`).click()]);
  }
  const a = await map.evaluate((el) => /** @type {any} */ (el).assessment);
  assert.equal(a.controls["DASF 54"].status, "implemented", "the edit took");
  assert.equal(a.controls["DASF 1"].status, "partial", "the panel edit took");
}

test("page: only its own ai-risk-map: keys, nothing sent, no CSP violation", async () => {
  const p = await use("");
  const { page } = p;
  await ready(page);
  const map = page.locator("ai-risk-map");
  await exercise(page, map, async (view) => {
    await page.locator(`.views button[data-view="${view}"]`).click();
    await map.locator(`.arm-body[data-view="${view}"]`).waitFor();
  });
  await Promise.all([page.waitForEvent("download"), page.locator("#export").click()]);
  await page.locator("#theme").selectOption("dark");
  await page.locator("#share").click();
  await page.waitForFunction(() => /** @type {HTMLInputElement} */ (document.querySelector("#sharelink")).value !== "");
  const used = await audit(p, "page", true);
  assert.ok(used.local.includes("ai-risk-map:assessment"), "the autosave is there");
  // A corrupt autosave is moved aside under the tool's prefix: still its own keys.
  await page.evaluate(() => localStorage.setItem("ai-risk-map:assessment", "{ corrupt"));
  await page.reload();
  await ready(page);
  const left = await audit(p, "page after a corrupt autosave", true);
  assert.ok(left.local.some((k) => k.startsWith("ai-risk-map:corrupt:")), "the corrupt save was kept aside");
  await p.context.close();
});

for (const [face, path] of [["element", "/host/index.html"], ["standalone element", "/solo/index.html"]]) {
  test(`${face}: writes nothing to storage, sends nothing, no CSP violation`, async () => {
    const p = await use(path);
    const { page } = p;
    await page.waitForFunction(() => /** @type {any} */ (window).hostReady);
    await page.evaluate(() => {
      const el = document.createElement("ai-risk-map");
      el.setAttribute("deployment", "rag_llm");
      document.getElementById("slot")?.append(el);
    });
    await ready(page);
    const map = page.locator("ai-risk-map");
    await exercise(page, map, byAttribute(map));
    const left = await audit(p, face, false);
    assert.deepEqual(left.local, []);
    await p.context.close();
  });
}

test("embed.html: writes nothing to storage, sends nothing, no CSP violation", async () => {
  const p = await use("embed.html?view=assessment&deployment=rag_llm");
  const { page } = p;
  await ready(page);
  const map = page.locator("ai-risk-map");
  await exercise(page, map, byAttribute(map));
  const left = await audit(p, "embed.html", false);
  assert.deepEqual(left.local, []);
  await p.context.close();
});

test("widget front end: writes nothing to storage, sends nothing, no CSP violation", async () => {
  const p = await use("/widget/index.html");
  const { page } = p;
  await page.waitForFunction(() => /** @type {any} */ (window).hostReady);
  await page.evaluate((s) => /** @type {any} */ (window).mount(s), widgetState({ schema: "ai-risk-map/assessment", dasf: "2.0", deploymentModels: ["rag_llm"] }));
  await page.waitForFunction(() => /** @type {any} */ (document.querySelector(".arm-widget")?.shadowRoot?.querySelector("ai-risk-map"))?.report?.schema === "ai-risk-map/report");
  const map = page.locator("ai-risk-map");
  await exercise(page, map, async (view) => {
    await page.locator(`.arm-widget-tab[data-view="${view}"]`).click();
    await map.locator(`.arm-body[data-view="${view}"]`).waitFor();
  });
  assert.equal(await page.evaluate(() => /** @type {any} */ (window).model.state.assessment.controls["DASF 54"].status), "implemented", "the model heard the edit");
  const left = await audit(p, "widget", false);
  assert.deepEqual(left.local, []);
  await p.context.close();
});
