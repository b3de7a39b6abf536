// How the element fits a host page (issue 14): `theme="auto"` follows the page's own light or
// dark by each common convention, toggled live; the documented custom properties reach
// inside; the layout follows the element's own width (no horizontal overflow in a phone or a
// documentation column); embed.html in a frame sandboxed with `allow-scripts` alone, and its
// parameters in the fragment, also behind a server that rewrites to clean URLs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { join, extname } from "node:path";
import { setUp, openPage, ready, ROOT, DIST, BASE_PATH } from "./helpers.mjs";

const example = readFileSync(join(ROOT, "examples/rag-chatbot.assessment.json"), "utf8");
const page = (/** @type {string} */ body, head = "") => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Host</title><link rel="icon" href="data:,">${head}
<script type="module" src="/tools/risk-map/ai-risk-map.js"></script></head><body>${body}</body></html>`;

const { srv, browser } = setUp({
  extra: {
    "/host/plain.html": page(`<h1>Plain</h1><ai-risk-map id="m" view="diagram"></ai-risk-map><ai-risk-map id="l" theme="light"></ai-risk-map><ai-risk-map id="d" theme="dark"></ai-risk-map>`),
    "/host/meta-dark.html": page(`<ai-risk-map id="m"></ai-risk-map>`, `<meta name="color-scheme" content="dark">`),
    "/host/styled.html": page(`<ai-risk-map id="m"></ai-risk-map>`, `<link rel="stylesheet" href="/host/styled.css">`),
    "/host/styled.css": `ai-risk-map { --ai-risk-map-font-family: "Courier New", monospace; --ai-risk-map-font-size: 18px;
      --ai-risk-map-accent: rgb(200, 0, 100); --ai-risk-map-accent-text: rgb(255, 255, 255); --ai-risk-map-background: rgb(250, 250, 240);
      --ai-risk-map-surface: rgb(240, 240, 220); --ai-risk-map-text: rgb(10, 20, 30); --ai-risk-map-border: rgb(1, 2, 3); --ai-risk-map-radius: 0px; }`,
    "/host/column.html": page(`<main class="col"><ai-risk-map id="m"></ai-risk-map></main>`, `<link rel="stylesheet" href="/host/column.css">`),
    "/host/column.css": "body { margin: 0; } .col { width: var(--w, 700px); margin: 0 auto; padding: 0 8px; }",
    "/host/sandbox.html": page(
      `<iframe id="f" title="AI Risk Map" sandbox="allow-scripts" width="1000" height="700" src="/tools/risk-map/embed.html#view=diagram&amp;deployment=rag_llm&amp;theme=dark"></iframe>`,
    ),
    "/host/sandbox-src.html": page(
      `<iframe id="f" title="AI Risk Map" sandbox="allow-scripts" width="1000" height="700" src="/tools/risk-map/embed.html#src=examples/rag-chatbot.assessment.json"></iframe>`,
    ),
    "/host/sandbox-noscript.html": page(`<iframe id="f" title="AI Risk Map" sandbox="" width="600" height="300" src="/tools/risk-map/embed.html"></iframe>`),
    "/data/example.json": example,
  },
});

/**
 * Whether the element `#id` is drawn dark.
 * @param {import("playwright-core").Page | import("playwright-core").Frame} p
 * @param {string} [id]
 */
const isDark = (p, id = "m") =>
  p.evaluate((i) => !!document.getElementById(i)?.shadowRoot?.querySelector(".arm-root.arm-theme-dark"), id);

/**
 * Run a change to the page and say whether the element is dark right after it: before the
 * next task, so a toggle is followed "at once" (the observer runs as a microtask).
 * @param {import("playwright-core").Page} p
 * @param {string} change JS statement run in the page
 */
const darkAfter = (p, change) =>
  p.evaluate(async (code) => {
    new Function(code)();
    await Promise.resolve();
    // #m, also once moved into #outer's shadow root.
    const m = document.getElementById("m") ?? document.getElementById("outer")?.shadowRoot?.getElementById("m");
    return !!m?.shadowRoot?.querySelector(".arm-root.arm-theme-dark");
  }, change);

test("theme auto follows each host convention at once, and light/dark still force", async () => {
  for (const system of /** @type {const} */ (["light", "dark"])) {
    const p = await openPage(browser, srv.origin, { colorScheme: system });
    const pg = p.page;
    await pg.goto(srv.url("/host/plain.html"));
    await ready(pg, "#m");
    const other = system === "light" ? "dark" : "light";
    assert.equal(await isDark(pg), system === "dark", `no marker: the system's ${system}`);
    /** [convention, set it to the other scheme, undo] */
    const cases = [
      ["Docusaurus / pydata: <html data-theme>", `document.documentElement.dataset.theme = "${other}"`, `delete document.documentElement.dataset.theme`],
      ["Furo: <body data-theme>", `document.body.dataset.theme = "${other}"`, `document.body.dataset.theme = "auto"`],
      ["Material for MkDocs: data-md-color-scheme", `document.body.dataset.mdColorScheme = "${other === "dark" ? "slate" : "default"}"`, `delete document.body.dataset.mdColorScheme`],
      ["JupyterLab / Notebook 7 / Voilà: data-jp-theme-light", `document.body.dataset.jpThemeLight = "${other === "light"}"`, `delete document.body.dataset.jpThemeLight`],
      ["Bootstrap: data-bs-theme", `document.documentElement.dataset.bsTheme = "${other}"`, `delete document.documentElement.dataset.bsTheme`],
      ["VitePress / Tailwind: class on <html>", `document.documentElement.classList.add("${other}")`, `document.documentElement.classList.remove("${other}")`],
      ["VS Code: class on <body>", `document.body.classList.add("vscode-${other}")`, `document.body.classList.remove("vscode-${other}")`],
      ["CSS color-scheme on <html>", `document.documentElement.style.colorScheme = "${other}"`, `document.documentElement.style.colorScheme = ""`],
    ];
    for (const [name, set, undo] of cases) {
      assert.equal(await darkAfter(pg, set), other === "dark", `${name}: follows the page's ${other} (system ${system})`);
      assert.equal(await darkAfter(pg, undo), system === "dark", `${name}: back to the system's ${system}`);
    }
    // A marker nearer the element wins over one on <html>.
    await pg.evaluate((o) => {
      document.documentElement.dataset.theme = o === "dark" ? "light" : "dark";
      const wrap = document.createElement("div");
      wrap.className = o;
      wrap.id = "wrap";
      document.body.append(wrap);
      wrap.append(/** @type {Element} */ (document.getElementById("m")));
    }, other);
    assert.equal(await isDark(pg), other === "dark", "the nearest marker decides");
    // Inside another element's shadow root (as in the Jupyter widget), <body>'s marker still reaches.
    await pg.evaluate(() => {
      delete document.documentElement.dataset.theme;
      const outer = document.createElement("div");
      outer.id = "outer";
      document.body.append(outer);
      outer.attachShadow({ mode: "open" }).append(/** @type {Element} */ (document.getElementById("m")));
      document.getElementById("wrap")?.remove();
    });
    assert.equal(await darkAfter(pg, `document.body.dataset.mdColorScheme = "${other === "dark" ? "slate" : "default"}"`), other === "dark", "through a shadow root");
    // light and dark force, whatever the page says.
    assert.equal(await isDark(pg, "l"), false, "theme=light on a page marked dark or light");
    assert.equal(await isDark(pg, "d"), true, "theme=dark on a page marked dark or light");
    assert.deepEqual(p.problems.errors, []);
    await p.context.close();
  }
  // <meta name="color-scheme" content="dark"> on a light system.
  const q = await openPage(browser, srv.origin, { colorScheme: "light" });
  await q.page.goto(srv.url("/host/meta-dark.html"));
  await ready(q.page, "#m");
  assert.equal(await isDark(q.page), true, "the page's meta color-scheme");
  await q.context.close();
});

test("the documented custom properties reach inside the element", async () => {
  const p = await openPage(browser, srv.origin);
  await p.page.goto(srv.url("/host/styled.html"));
  await ready(p.page, "#m");
  const seen = await p.page.evaluate(() => {
    const root = /** @type {ShadowRoot} */ (document.getElementById("m")?.shadowRoot);
    const cs = (/** @type {string} */ sel) => getComputedStyle(/** @type {Element} */ (root.querySelector(sel)));
    return {
      font: cs(".arm-root").fontFamily,
      size: cs(".arm-root").fontSize,
      text: cs(".arm-root").color,
      background: cs(".arm-root").backgroundColor,
      tipBorder: cs(".arm-tip").borderLeftColor,
      tipBackground: cs(".arm-tip").backgroundColor,
      radius: cs(".arm-tip").borderTopRightRadius,
    };
  });
  assert.match(seen.font, /Courier New/);
  assert.equal(seen.size, "18px");
  assert.equal(seen.text, "rgb(10, 20, 30)");
  assert.equal(seen.background, "rgb(250, 250, 240)");
  assert.equal(seen.tipBorder, "rgb(200, 0, 100)", "accent");
  assert.equal(seen.tipBackground, "rgb(240, 240, 220)", "surface");
  assert.equal(seen.radius, "0px");
  // The panel's border once a component is open.
  await p.page.locator("#m [data-component='9']").click();
  const border = await p.page.evaluate(() => getComputedStyle(/** @type {Element} */ (document.getElementById("m")?.shadowRoot?.querySelector(".arm-panel"))).borderTopColor);
  assert.equal(border, "rgb(1, 2, 3)");
  await p.context.close();
});

/**
 * The widest any part of the element reaches past its own right edge, in px, and the page's
 * horizontal overflow.
 * @param {import("playwright-core").Page} p
 */
const overflow = (p) =>
  p.evaluate(() => {
    const host = /** @type {HTMLElement} */ (document.getElementById("m"));
    const right = host.getBoundingClientRect().right;
    let worst = 0;
    /** @type {string} */
    let what = "";
    for (const el of /** @type {ShadowRoot} */ (host.shadowRoot).querySelectorAll("*")) {
      const r = el.getBoundingClientRect();
      if (r.width === 0) continue;
      if (r.right - right > worst) {
        worst = r.right - right;
        what = `${el.tagName.toLowerCase()}.${el.getAttribute("class") ?? ""}`;
      }
    }
    return { element: Math.round(worst), what, page: document.documentElement.scrollWidth - document.documentElement.clientWidth };
  });

test("laid out by its own width: no horizontal overflow at 390 px nor in a 700 px column", async () => {
  for (const [label, viewport, column] of /** @type {const} */ ([
    ["phone 390 px", { width: 390, height: 844 }, "374px"],
    ["700 px docs column", { width: 1360, height: 900 }, "700px"],
    ["Notebook 7 cell, 1,120 px", { width: 1360, height: 900 }, "1120px"],
  ])) {
    const p = await openPage(browser, srv.origin, { viewport });
    const pg = p.page;
    await pg.goto(srv.url("/host/column.html"));
    await pg.evaluate((w) => document.documentElement.style.setProperty("--w", w), column);
    await ready(pg, "#m");
    const el = pg.locator("#m");
    const views = /** @type {[string, () => Promise<void>][]} */ ([
      ["diagram", async () => {}],
      ["diagram, component 9 open", async () => { await el.locator("[data-component='9']").click(); await el.getByRole("region", { name: /Component 9/ }).waitFor(); }],
      ["assessment", async () => { await pg.evaluate(() => document.getElementById("m")?.setAttribute("view", "assessment")); }],
      ["catalog", async () => { await pg.evaluate(() => document.getElementById("m")?.setAttribute("view", "catalog")); }],
      ["report", async () => { await pg.evaluate(() => document.getElementById("m")?.setAttribute("view", "report")); }],
    ]);
    for (const [view, go] of views) {
      await go();
      if (column === "700px" && view === "diagram, component 9 open") {
        // The panel scrolls within a screen's height rather than running the page on.
        const height = await el.evaluate((m) => m.getBoundingClientRect().height);
        assert.ok(height < 2000, `${label}: the element is ${Math.round(height)} px tall with a component open`);
      }
      const o = await overflow(pg);
      assert.ok(o.element <= 1, `${label}, ${view}: ${o.what} reaches ${o.element} px past the element's edge`);
      assert.ok(o.page <= 0, `${label}, ${view}: the page scrolls sideways by ${o.page} px`);
    }
    if (column === "1120px") {
      // The side panel beside the diagram keeps control names readable (not a letter a line).
      await pg.evaluate(() => document.getElementById("m")?.setAttribute("view", "diagram"));
      await el.locator("[data-component='9']").click();
      const narrowest = await pg.evaluate(() =>
        Math.min(...[...(document.getElementById("m")?.shadowRoot?.querySelectorAll(".arm-panel .arm-control .arm-name") ?? [])].map((n) => n.getBoundingClientRect().width)),
      );
      assert.ok(narrowest >= 120, `control names in the panel are at least 120 px wide (narrowest ${narrowest})`);
    }
    await pg.screenshot({ path: join(ROOT, "tests/artifacts", `host-fit-${column}.png`), fullPage: false });
    assert.deepEqual(p.problems.errors, []);
    await p.context.close();
  }
});

test("embed.html in a frame sandboxed with allow-scripts alone draws, takes clicks and reads the fragment", async () => {
  const p = await openPage(browser, srv.origin);
  const pg = p.page;
  await pg.goto(srv.url("/host/sandbox.html"));
  const frame = /** @type {import("playwright-core").Frame} */ (await (await pg.waitForSelector("#f")).contentFrame());
  await frame.waitForFunction(() => document.querySelector("ai-risk-map")?.shadowRoot?.querySelector(".arm-body[data-view]"));
  assert.equal(await frame.evaluate(() => self.origin), "null", "the frame's origin is opaque");
  assert.equal(await frame.locator("ai-risk-map [data-component]").count(), 12);
  assert.equal(await frame.evaluate(() => !!document.querySelector("ai-risk-map")?.shadowRoot?.querySelector(".arm-theme-dark")), true, "theme from the fragment");
  assert.deepEqual(await frame.evaluate(() => /** @type {any} */ (document.querySelector("ai-risk-map")).assessment.deploymentModels), ["rag_llm"]);
  await frame.locator("ai-risk-map [data-component='9']").click();
  await frame.locator("ai-risk-map").getByRole("region", { name: /Component 9/ }).waitFor();
  // A new fragment from the host changes the view with no reload.
  await pg.evaluate(() => { const f = /** @type {HTMLIFrameElement} */ (document.getElementById("f")); f.src = f.src.replace(/#.*/, "#view=catalog&component=9"); });
  await frame.waitForFunction(() => document.querySelector("ai-risk-map")?.shadowRoot?.querySelector(".arm-body")?.getAttribute("data-view") === "catalog");
  assert.deepEqual(p.problems.console, [], "no console error");
  assert.deepEqual(p.problems.errors, []);
  await p.context.close();

  // An assessment by src from the sandboxed frame: the server sends no CORS header, and the
  // frame says what is needed.
  const q = await openPage(browser, srv.origin);
  await q.page.goto(srv.url("/host/sandbox-src.html"));
  const f2 = /** @type {import("playwright-core").Frame} */ (await (await q.page.waitForSelector("#f")).contentFrame());
  await f2.waitForFunction(() => document.querySelector("ai-risk-map")?.shadowRoot?.querySelector(".arm-error")?.textContent);
  assert.match(await f2.evaluate(() => document.querySelector("ai-risk-map")?.shadowRoot?.querySelector(".arm-error")?.textContent ?? ""), /sandboxed without allow-same-origin.*Access-Control-Allow-Origin/);
  await q.context.close();

  // sandbox="" (no scripts at all): the frame says what it needs.
  const r = await openPage(browser, srv.origin);
  await r.page.goto(srv.url("/host/sandbox-noscript.html"));
  const f3 = /** @type {import("playwright-core").Frame} */ (await (await r.page.waitForSelector("#f")).contentFrame());
  await f3.waitForLoadState();
  assert.match(await f3.locator("body").innerText(), /needs at least sandbox="allow-scripts"/);
  await r.context.close();
});

test("embed.html: the fragment wins over the query, and survives a clean-URL redirect that drops the query", async () => {
  const p = await openPage(browser, srv.origin);
  await p.page.goto(srv.url("embed.html?view=report&theme=light#view=catalog&theme=dark&readonly"));
  await ready(p.page);
  const s = await p.page.evaluate(() => {
    const el = /** @type {HTMLElement} */ (document.querySelector("ai-risk-map"));
    return { view: el.getAttribute("view"), theme: el.getAttribute("theme"), readonly: el.hasAttribute("readonly") };
  });
  assert.deepEqual(s, { view: "catalog", theme: "dark", readonly: true });
  await p.context.close();

  // A server like `docusaurus serve`: /…/embed.html?x=y answers 301 to /…/embed, query gone.
  const html = readFileSync(join(DIST, "embed.html"));
  const clean = createServer((req, res) => {
    const u = new URL(req.url ?? "/", "http://x");
    if (u.pathname === `${BASE_PATH}embed.html`) {
      res.writeHead(301, { Location: `${BASE_PATH}embed` });
      return res.end();
    }
    if (u.pathname === `${BASE_PATH}embed`) {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      return res.end(html);
    }
    // The files beside it, as they are.
    const types = { ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".json": "application/json" };
    const file = u.pathname.startsWith(BASE_PATH) ? u.pathname.slice(BASE_PATH.length) : "";
    try {
      if (!/^[\w.-]+$/.test(file)) throw new Error("not a file of dist/");
      const body = readFileSync(join(DIST, file));
      res.writeHead(200, { "Content-Type": /** @type {Record<string, string>} */ (types)[extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((resolve) => clean.listen(0, "127.0.0.1", () => resolve(undefined)));
  const addr = clean.address();
  const origin = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
  try {
    const q = await openPage(browser, origin);
    await q.page.goto(`${origin}${BASE_PATH}embed.html?view=report#view=catalog&component=9`);
    assert.match(q.page.url(), /\/embed#view=catalog&component=9$/);
    await ready(q.page);
    assert.equal(await q.page.evaluate(() => document.querySelector("ai-risk-map")?.getAttribute("view")), "catalog");
    await q.context.close();
  } finally {
    clean.closeAllConnections();
    await new Promise((resolve) => clean.close(() => resolve(undefined)));
  }
});

test("docs/embedding.md quotes the recipes the real-host tests build (tests/hosts/)", () => {
  const doc = readFileSync(join(ROOT, "docs/embedding.md"), "utf8");
  const file = (/** @type {string} */ f) => readFileSync(join(ROOT, "tests/hosts", f), "utf8");
  // The stylesheets, whole (their comments aside).
  for (const f of ["mkdocs/docs/stylesheets/risk-map.css", "sphinx/_static/risk-map.css", "vitepress/docs/.vitepress/theme/risk-map.css"]) {
    const css = file(f).replace(/\/\*[\s\S]*?\*\/\s*/g, "").trim();
    assert.ok(doc.includes("```css\n" + css + "\n```"), `docs/embedding.md quotes tests/hosts/${f} as it is`);
  }
  // The lines that load the element and keep Vue off it.
  /** @type {[string, string][]} */
  const lines = [
    ["mkdocs/mkdocs.yml", "extra_javascript:\n  - path: risk-map/ai-risk-map.js\n    type: module"],
    ["sphinx/conf.py", 'html_js_files = [("risk-map/ai-risk-map.js", {"type": "module"})]'],
    ["vitepress/docs/.vitepress/config.mjs", 'head: [["script", { type: "module", src: "/risk-map/ai-risk-map.js" }]]'],
    ["vitepress/docs/.vitepress/config.mjs", 'compilerOptions: { isCustomElement: (tag) => tag === "ai-risk-map" }'],
  ];
  for (const [f, line] of lines) {
    assert.ok(file(f).includes(line), `tests/hosts/${f} has ${line}`);
    assert.ok(doc.includes(line), `docs/embedding.md has ${line}`);
  }
});
