// Shared by hostile.test.mjs and privacy.test.mjs: the pages that host each face of the tool
// on the test server (the element, the standalone element, the widget front end with a
// stand-in anywidget model), a guard installed in every page that records injected markup,
// CSP violations and dialogs as they happen, and a tour that visits every view of an element.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DIST, BASE_PATH, openPage } from "./helpers.mjs";

/** The element as a host page loads it: module script from the tool's folder. */
const ELEMENT_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Element host</title>
<link rel="icon" href="data:,"><script type="module" src="/host/host.js"></script></head>
<body><h1>Element host</h1><div id="slot"></div></body></html>`;
const ELEMENT_JS = `import "${BASE_PATH}ai-risk-map.js";
import { engine } from "${BASE_PATH}engine.js";
window.engine = engine;
window.hostReady = true;`;
const SOLO_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Standalone host</title>
<link rel="icon" href="data:,"><script type="module" src="/solo/solo.js"></script></head>
<body><h1>Standalone host</h1><div id="slot"></div></body></html>`;
const SOLO_JS = `import { engine } from "/solo/ai-risk-map.standalone.js";
window.engine = engine;
window.hostReady = true;`;

// The widget module on a plain page with a model that has anywidget's interface (get, set
// firing change:<name>, save_changes, on, off), as the notebook would give it.
const WIDGET_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Widget host</title>
<link rel="icon" href="data:,"><script type="module" src="/widget/harness.js"></script></head>
<body><h1>Widget host</h1><div id="slot"></div></body></html>`;
const WIDGET_JS = `import widget from "/widget/widget.js";
class Model {
  constructor(state) { this.state = state; this.handlers = new Map(); }
  get(k) { return this.state[k]; }
  set(k, v) { const same = JSON.stringify(v) === JSON.stringify(this.state[k]); this.state[k] = v; if (!same) this.emit("change:" + k); }
  save_changes() {}
  on(e, f) { if (!this.handlers.has(e)) this.handlers.set(e, new Set()); this.handlers.get(e).add(f); }
  off(e, f) { this.handlers.get(e)?.delete(f); }
  emit(e) { for (const f of [...(this.handlers.get(e) ?? [])]) f(); }
}
window.mount = (state) => {
  window.model = new Model(state);
  widget.render({ model: window.model, el: document.getElementById("slot") });
};
// A change made on the kernel side.
window.fromPython = (k, v) => { window.model.state[k] = v; window.model.emit("change:" + k); };
window.hostReady = true;`;

/** Test-only files for serve({extra}): host pages of the element, standalone and widget. */
export function facePages() {
  return {
    "/host/index.html": ELEMENT_PAGE,
    "/host/host.js": ELEMENT_JS,
    "/solo/index.html": SOLO_PAGE,
    "/solo/solo.js": SOLO_JS,
    "/solo/ai-risk-map.standalone.js": readFileSync(join(DIST, "ai-risk-map.standalone.js"), "utf8"),
    "/widget/index.html": WIDGET_PAGE,
    "/widget/harness.js": WIDGET_JS,
    "/widget/widget.js": readFileSync(join(DIST, "ai-risk-map.widget.js"), "utf8"),
  };
}

/** The widget's starting model state for an assessment. */
export const widgetState = (/** @type {any} */ assessment, view = "diagram") => ({
  assessment,
  report: {},
  selected: {},
  view,
  dasf: assessment?.dasf ?? "2.0",
  deployment: assessment?.deploymentModels ?? [],
  readonly: false,
  theme: "auto",
});

// Runs in every page before its own scripts. Records, as they happen and even if they are
// removed again: elements that can run script, load a resource or change the document's
// base (in the light DOM and in every shadow root, open or closed), on* attributes, any URL
// in a link or source attribute (href, src, data, ...) other than an in-page or blob: link,
// and CSP violations. A payload that ran shows as window.__pwned, read by assertSafe.
// The elements of the HTML file itself (its head's scripts and style sheets) are the page's
// own and are let through when the report is read.
function guard() {
  const w = /** @type {any} */ (window);
  /** @type {{el: Element, why: string}[]} */
  const hits = [];
  w.__csp = [];
  document.addEventListener("securitypolicyviolation", (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  const TAGS = new Set(["script", "img", "image", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "link", "meta", "style", "foreignobject", "use", "animate", "set", "video", "audio", "source", "portal", "form", "math"]);
  const own = new WeakSet();
  /** @param {Element} el */
  const bad = (el) => {
    const tag = el.localName.toLowerCase();
    const why = [];
    if (TAGS.has(tag)) why.push(`<${tag}>`);
    for (const a of el.attributes) {
      const name = a.name.toLowerCase();
      if (name.startsWith("on")) why.push(`${name}=`);
      // <ai-risk-map src> names a JSON document it fetches, not something the browser loads.
      if (tag !== "ai-risk-map" && /^(href|src|action|formaction|xlink:href|data|srcdoc|poster|background)$/.test(name)) {
        const v = a.value.replace(/[\s\u0000-\u001f]/g, "").toLowerCase();
        if (!(tag === "a" && (v.startsWith("#") || v.startsWith("blob:")))) why.push(`${name}="${a.value.slice(0, 60)}"`);
      }
      if (name === "style" && /url\(|expression/i.test(a.value)) why.push("style with url()");
    }
    return why.length ? `${why.join(" ")} on <${tag}${el.id ? `#${el.id}` : ""} class="${el.getAttribute("class") ?? ""}">` : null;
  };
  /** @param {Node} root @param {(el: Element) => void} visit */
  const walk = (root, visit) => {
    if (root.nodeType === 1) {
      visit(/** @type {Element} */ (root));
      const sr = /** @type {Element} */ (root).shadowRoot;
      if (sr) walk(sr, visit);
    }
    for (const kid of root.childNodes) walk(kid, visit);
  };
  /** @param {Element} el */
  const record = (el) => {
    const why = bad(el);
    if (why) hits.push({ el, why });
  };
  w.__armInjected = () => {
    const now = [];
    walk(document, (el) => {
      const why = bad(el);
      if (why) now.push({ el, why });
    });
    return [...hits, ...now].filter((h) => !own.has(h.el)).map((h) => h.why);
  };
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === "attributes") record(/** @type {Element} */ (r.target));
      for (const n of r.addedNodes) walk(n, record);
    }
  });
  const watch = (/** @type {Node} */ root) => observer.observe(root, { childList: true, subtree: true, attributes: true });
  watch(document);
  // Shadow roots are not seen by an observer of the document: watch each as it is made.
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attach.call(this, init);
    watch(root);
    return root;
  };
  // When parsing ends (before any module script runs), what is there is the HTML file.
  document.addEventListener("readystatechange", () => {
    if (document.readyState === "interactive") walk(document, (el) => own.add(el));
  });
}

/**
 * A page with the guard installed, dialogs recorded (and dismissed), and every request
 * recorded with its method.
 * @param {import("playwright-core").Browser} browser
 * @param {string} origin
 * @param {import("playwright-core").BrowserContextOptions} [options]
 */
export async function guardedPage(browser, origin, options = {}) {
  const p = await openPage(browser, origin, { acceptDownloads: true, ...options });
  const dialogs = /** @type {string[]} */ ([]);
  const requests = /** @type {{method: string, url: string}[]} */ ([]);
  const sockets = /** @type {string[]} */ ([]);
  p.page.on("dialog", (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  p.page.on("request", (r) => requests.push({ method: r.method(), url: r.url() }));
  p.page.on("websocket", (ws) => sockets.push(ws.url()));
  await p.page.addInitScript(guard);
  return { ...p, dialogs, requests, sockets };
}

/**
 * What must never happen, checked after each step: a script ran, a dialog opened, markup was
 * injected (now or earlier), a CSP violation, a page error, a request to another origin.
 * @param {Awaited<ReturnType<typeof guardedPage>>} p
 * @param {string} what
 */
export async function assertSafe(p, what) {
  const state = await p.page.evaluate(() => {
    const w = /** @type {any} */ (window);
    return { pwned: w.__pwned ?? null, injected: w.__armInjected(), csp: w.__csp };
  });
  assert.equal(state.pwned, null, `${what}: window.__pwned was set`);
  assert.deepEqual(p.dialogs, [], `${what}: dialogs`);
  assert.deepEqual([...new Set(state.injected)], [], `${what}: injected elements or attributes`);
  assert.deepEqual(state.csp, [], `${what}: CSP violations`);
  assert.deepEqual(p.problems.errors, [], `${what}: page errors`);
  assert.deepEqual(p.problems.foreign, [], `${what}: requests to other origins`);
  assert.deepEqual(p.sockets, [], `${what}: web sockets`);
}

/**
 * The layout holds: nothing makes the document or a main region wider than the viewport,
 * and the given controls are on screen horizontally with a size.
 * @param {import("playwright-core").Page} page
 * @param {string} what
 * @param {string[] | null} [controls] selectors (searched in the light DOM and open shadow roots)
 */
export async function assertLayout(page, what, controls = []) {
  const problems = await page.evaluate((sels) => {
    const out = [];
    const vw = document.documentElement.clientWidth;
    const tol = 4;
    if (document.documentElement.scrollWidth > vw + tol) out.push(`the document is ${document.documentElement.scrollWidth}px wide in a ${vw}px viewport`);
    /** @type {(Document | ShadowRoot)[]} */
    const roots = [document];
    for (let i = 0; i < roots.length; i++) for (const el of roots[i].querySelectorAll("*")) if (el.shadowRoot) roots.push(el.shadowRoot);
    const regions = "ai-risk-map, .arm-root, .arm-body, .arm-assess, .arm-step, .arm-score, .arm-report, .arm-panel, .arm-catalog, .arm-diagram-view, .arm-error, .arm-widget, .arm-widget-error, main, .messages, #notice, #alert, #sharebox, .head";
    for (const root of roots) {
      for (const el of root.querySelectorAll(regions)) {
        const box = el.getBoundingClientRect();
        if (box.width === 0 && box.height === 0) continue;
        if (el.scrollWidth > el.clientWidth + tol && getComputedStyle(el).overflowX === "visible") out.push(`${el.localName}.${el.className} overflows: ${el.scrollWidth} > ${el.clientWidth}`);
        if (box.right > vw + tol) out.push(`${el.localName}.${el.className} ends at ${Math.round(box.right)}px, past the ${vw}px viewport`);
      }
    }
    for (const sel of sels) {
      const found = roots.flatMap((r) => [...r.querySelectorAll(sel)]);
      if (!found.length) out.push(`no ${sel}`);
      for (const el of found) {
        const box = el.getBoundingClientRect();
        if (box.width < 8 || box.height < 8) out.push(`${sel} is ${box.width}x${box.height}`);
        if (box.left < -tol || box.right > vw + tol) out.push(`${sel} is off screen (${Math.round(box.left)}..${Math.round(box.right)})`);
      }
    }
    return out;
  }, controls ?? []);
  assert.deepEqual(problems, [], `${what}: layout`);
}

/**
 * Which of `texts` appear literally in the page: text, attribute values and form values, in
 * the light DOM and every open shadow root. Returns their indices.
 * @param {import("playwright-core").Page} page
 * @param {readonly string[]} texts
 */
export function shown(page, texts) {
  return page.evaluate((list) => {
    const parts = [];
    const walk = (/** @type {Node} */ node) => {
      if (node.nodeType === 3) parts.push(/** @type {Text} */ (node).data);
      if (node.nodeType === 1) {
        const el = /** @type {Element} */ (node);
        for (const a of el.attributes) parts.push(a.value);
        if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) parts.push(el.value);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
      for (const kid of node.childNodes) walk(kid);
    };
    walk(document);
    const all = parts.join("\u0001");
    return list.map((t, i) => (all.includes(t) ? i : -1)).filter((i) => i >= 0);
  }, texts);
}

/**
 * Visit every view and sub-view of one element: the five assessment steps with every
 * details open, the diagram with each component's panel, the catalog with a search for each
 * of `searches`, a risk and a control, and the report with its downloads and print styles.
 * `quick` opens three component panels rather than all, for faces that repeat another's code.
 * `go(view)` switches the view as the face's own user would. `check(what)` runs the safety
 * and layout assertions. Returns the indices of `texts` shown in each view.
 * @param {{
 *   page: import("playwright-core").Page,
 *   map: import("playwright-core").Locator,
 *   go: (view: string) => Promise<void>,
 *   check: (what: string, controls?: string[] | null) => Promise<void>,
 *   texts: readonly string[],
 *   searches?: readonly string[],
 *   onDownload?: (kind: string, text: string) => void | Promise<void>,
 *   quick?: boolean,
 * }} t
 */
export async function tour(t) {
  const { page, map, go, check, texts } = t;
  /** @type {Record<string, Set<number>>} */
  const seen = { assessment: new Set(), diagram: new Set(), catalog: new Set(), report: new Set() };
  const note = async (/** @type {string} */ view) => {
    for (const i of await shown(page, texts)) seen[view].add(i);
  };

  await go("assessment");
  for (const step of [1, 2, 3, 4, 5]) {
    await map.locator(`.arm-step-button[data-step="${step}"]`).click();
    await map.locator(`section.arm-step[data-step="${step}"]`).waitFor();
    await map.evaluate((el) => {
      for (const d of /** @type {ShadowRoot} */ (el.shadowRoot).querySelectorAll("details")) d.open = true;
    });
    await note("assessment");
    await check(`assessment step ${step}`, [".arm-step-button", ".arm-step-nav .arm-primary"]);
  }

  await go("diagram");
  const nodes = map.locator(".arm-diagram-box [data-component]");
  await nodes.first().waitFor();
  const all = await nodes.evaluateAll((els) => els.map((e) => /** @type {string} */ (e.getAttribute("data-component"))));
  // Quick: the first, the busiest (9) and the last component only.
  const ids = t.quick ? [...new Set([all[0], "9", all[all.length - 1]])].filter((id) => all.includes(id)) : all;
  for (const id of ids) {
    await map.locator(`.arm-diagram-box [data-component="${id}"]`).click();
    await map.locator(".arm-panel:not([hidden]) h2").waitFor();
    await note("diagram");
  }
  await map.locator(".arm-diagram-box [data-component]").first().hover();
  await note("diagram");
  await check("diagram with a component panel", [".arm-panel .arm-panel-head button", ".arm-diagram-box [data-component]"]);
  await page.keyboard.press("Escape");

  await go("catalog");
  const search = map.locator('input[type="search"]');
  await search.waitFor();
  await note("catalog");
  // The first query typed for real, the rest through the same input event in one call; each
  // must come back, as text, in the result line ("... match “query”").
  const [first, ...rest] = t.searches ?? [];
  if (first != null) await search.fill(first);
  const echoed = await search.evaluate((input, [qs, list]) => {
    const status = () => /** @type {ShadowRoot} */ (input.getRootNode()).querySelector('.arm-results-box [role="status"]')?.textContent ?? "";
    const found = [];
    for (const [i, q] of qs.entries()) {
      if (i > 0) {
        /** @type {HTMLInputElement} */ (input).value = q;
        input.dispatchEvent(new Event("input", { bubbles: true }));
      }
      if (status().includes(q.trim())) found.push(list.indexOf(q));
    }
    return found.filter((n) => n >= 0);
  }, /** @type {const} */ ([[first, ...rest].filter((q) => q != null), [...texts]]));
  for (const i of echoed) seen.catalog.add(i);
  await map.locator('.arm-results-box [role="status"]').waitFor();
  await note("catalog");
  await check(`catalog after ${t.searches?.length ?? 0} searches`, ['input[type="search"]']);
  await search.fill("");
  await map.locator(".arm-results [data-risk] button").first().click();
  await map.locator('.arm-detail[data-item^="risk:"]').waitFor();
  await map.evaluate((el) => {
    for (const d of /** @type {ShadowRoot} */ (el.shadowRoot).querySelectorAll("details")) d.open = true;
  });
  await note("catalog");
  await check("catalog: a risk", ['[data-key="back"]']);
  await map.locator(".arm-detail [data-control] button").first().click();
  await map.locator('.arm-detail[data-item^="control:"]').waitFor();
  await map.evaluate((el) => {
    for (const d of /** @type {ShadowRoot} */ (el.shadowRoot).querySelectorAll("details")) d.open = true;
  });
  await note("catalog");
  await check("catalog: a control", ['[data-key="back"]']);
  await map.locator('[data-key="back"]').click();

  await go("report");
  await map.locator(".arm-report h2").waitFor();
  await note("report");
  await check("report", ["[data-download]", '[data-action="print"]']);
  for (const kind of ["md", "csv", "svg"]) {
    const [download] = await Promise.all([page.waitForEvent("download"), map.locator(`[data-download="${kind}"]`).click()]);
    const text = readFileSync(/** @type {string} */ (await download.path()), "utf8");
    await t.onDownload?.(kind, text);
  }
  await map.locator('[data-action="print"]').click();
  await page.emulateMedia({ media: "print" });
  await check("report in print styles", null);
  await page.emulateMedia({ media: null });
  await check("report after the downloads and print");
  return Object.fromEntries(Object.entries(seen).map(([k, v]) => [k, [...v]]));
}

/**
 * Switch an element's view by its `view` attribute and wait until that view is drawn.
 * @param {import("playwright-core").Locator} map
 */
export const byAttribute = (map) => async (/** @type {string} */ view) => {
  await map.evaluate((el, v) => el.setAttribute("view", v), view);
  await map.locator(`.arm-body[data-view="${view}"]`).waitFor();
};
