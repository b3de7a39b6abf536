// Hostile strings (issue 6, item 6): an assessment and a catalog whose every text field is an
// XSS, markup, link, formula or Unicode payload (tests/fixtures/hostile/), shown in every
// view of every face: the page, the element and the standalone element on a host page,
// embed.html and the widget's front end. No script may run, no element or attribute be
// injected, no request leave the origin, no CSP violation happen, and the layout must hold
// with a 100 KB name. Prints how many payloads each view showed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { setUp, ready } from "./helpers.mjs";
import { facePages, widgetState, guardedPage, assertSafe, assertLayout, tour, byAttribute } from "./faces.mjs";
import { PAYLOADS, LONE_SURROGATE_JSON, hostileAssessment, hostileCatalog, HOSTILE_VERSION } from "../fixtures/hostile/hostile.mjs";

const TEXTS = PAYLOADS.map(([, p]) => p);
const doc = hostileAssessment();
const docText = JSON.stringify(doc);
// Every catalog text is a payload followed by an unbroken run, so that every field also
// tests the layout with a word far wider than the screen.
const catalogText = JSON.stringify(hostileCatalog(HOSTILE_VERSION, TEXTS, "W".repeat(400)));
const onHostile = hostileAssessment({ dasf: HOSTILE_VERSION });
const ORIGINAL_TITLE = "AI Risk Map: DASF security assessment";
/** An assessment that the engine must refuse, naming a payload as an unknown control. */
const unknownId = JSON.stringify({ schema: "ai-risk-map/assessment", controls: { [TEXTS[0]]: { status: "implemented" } } });

const { srv, browser } = setUp({
  extra: {
    ...facePages(),
    "/data/hostile.json": docText,
    "/tools/risk-map/data/hostile.json": docText,
  },
});

/**
 * @param {string} face
 * @param {Record<string, number[]>} seen
 * @param {number} searches
 */
function report(face, seen, searches) {
  for (const [view, list] of Object.entries(seen)) console.log(`${face}: ${view}: ${list.length} of ${TEXTS.length} payloads shown`);
  console.log(`${face}: catalog: ${searches} payloads typed into the search`);
}

/**
 * The downloads say nothing a reader of them would run: Markdown without HTML, links or
 * broken tables, CSV without live formulas, SVG without script or links.
 * @param {number} gaps rows expected in the CSV
 */
function checkDownloads(gaps) {
  return async (/** @type {string} */ kind, /** @type {string} */ text) => {
    if (kind === "md") {
      assert.ok(!text.includes("<"), "Markdown: no raw < (HTML) anywhere");
      assert.doesNotMatch(text, /(^|[^\\])\[/m, "Markdown: no unescaped [ (link or image)");
      assert.doesNotMatch(text, /[\u0000-\u0008\u000b-\u001f]/, "Markdown: no control characters");
      const lines = text.split("\n");
      for (let i = 1; i < lines.length; i++) {
        const pipes = (/** @type {string} */ l) => (l.match(/(?<!\\)\|/g) ?? []).length;
        if (lines[i].startsWith("|") && lines[i - 1].startsWith("|")) assert.equal(pipes(lines[i]), pipes(lines[i - 1]), `Markdown table row ${i + 1} keeps its columns`);
      }
    } else if (kind === "csv") {
      const rows = parseCsv(text);
      assert.equal(rows.length, gaps + 1, "CSV: a row per gap");
      for (const row of rows) {
        assert.equal(row.length, rows[0].length, "CSV: every row has every column");
        for (const cell of row) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, `CSV: live formula ${JSON.stringify(cell.slice(0, 40))}`);
      }
    } else {
      // Read here rather than with the page's DOMParser: a parsed <style> counts as an inline
      // style under the page's CSP, which would blame the tool for the test's own parse.
      const found = [];
      const allowed = new Set(["svg", "title", "style", "defs", "marker", "path", "g", "rect", "circle", "text"]);
      const tags = [...text.matchAll(/<(\/?)([^\s/>]+)([^>]*)>/g)];
      for (const [, close, name, attrs] of tags) {
        if (!allowed.has(name)) found.push(`<${close}${name}>`);
        for (const [, attr] of attrs.matchAll(/\s([^\s=]+)="[^"]*"/g)) if (/^on|href$/i.test(attr)) found.push(`${attr}=`);
      }
      if ((text.match(/</g) ?? []).length !== tags.length) found.push("a < outside a tag");
      if (/pwned|evil/.test(/<style>([^<]*)<\/style>/.exec(text)?.[1] ?? "")) found.push("payload in the style sheet");
      assert.ok(text.includes("&lt;img src=x onerror=window.__pwned=1&gt;"), "SVG: the name is there, escaped");
      assert.deepEqual(found, [], "SVG download");
    }
  };
}

/**
 * RFC 4180 rows.
 * @param {string} text
 */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(cell), (cell = "");
    else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell), rows.push(row), (row = []), (cell = ""), i++;
    } else cell += c;
  }
  if (cell || row.length) row.push(cell), rows.push(row);
  return rows;
}

/** @param {import("playwright-core").Page} page @param {string} [sel] */
const gapCount = (page, sel = "ai-risk-map") => page.locator(sel).first().evaluate((el) => /** @type {any} */ (el).report.gaps.length);

test("page: a hostile assessment imported, autosaved, shared and routed, in every view", async () => {
  const p = await guardedPage(browser, srv.origin);
  const { page } = p;
  const check = async (/** @type {string} */ what, /** @type {string[] | null} */ controls = []) => {
    await assertSafe(p, `page: ${what}`);
    // In print styles (controls null) the page's own buttons are hidden on purpose.
    await assertLayout(page, `page: ${what}`, controls ? [".views button", "#share", ...controls] : []);
  };
  await page.goto(srv.url(""));
  await ready(page);
  const map = page.locator("ai-risk-map");

  // Import, with a file name that is a payload too: the notice repeats it.
  const fileName = `${TEXTS[0]}.json`;
  await page.locator("#import").setInputFiles({ name: fileName, mimeType: "application/json", buffer: Buffer.from(docText) });
  await page.waitForFunction(() => /** @type {any} */ (document.querySelector("ai-risk-map")).assessment?.useCase?.name?.length > 100_000);
  assert.ok(((await page.locator("#notice").textContent()) ?? "").includes(`Imported \u201c${fileName}\u201d`), "the notice shows the file name as text");
  await check("after the import", ["#notice .dismiss"]);
  const stored = await map.evaluate((el) => /** @type {any} */ (el).assessment);
  assert.deepEqual(stored.useCase, doc.useCase, "every payload is kept exactly as written");
  assert.deepEqual(stored.controls, doc.controls);

  const seen = await tour({
    page,
    map,
    texts: TEXTS,
    searches: TEXTS,
    go: async (view) => {
      await page.locator(`.views button[data-view="${view}"]`).click();
      await map.locator(`.arm-body[data-view="${view}"]`).waitFor();
    },
    check,
    onDownload: checkDownloads(await gapCount(page)),
  });
  report("page", seen, TEXTS.length);
  assert.equal(seen.report.length, TEXTS.length, "the report shows every payload, as text");
  assert.ok(((await map.locator(".arm-report h2").textContent()) ?? "").startsWith(`Security assessment: ${TEXTS[0]} ${TEXTS[1]}`));
  assert.equal(await page.title(), ORIGINAL_TITLE, "the page title does not take the use case name");

  // Export: the same bytes come back, payloads and all.
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#export").click()]);
  assert.match(download.suggestedFilename(), /^[a-z0-9-]+\.assessment\.json$/);
  const { readFileSync } = await import("node:fs");
  assert.deepEqual(JSON.parse(readFileSync(/** @type {string} */ (await download.path()), "utf8")).useCase, doc.useCase);

  // Autosave: a reload brings it back and draws it again.
  await page.reload();
  await ready(page);
  await page.waitForFunction(() => /** @type {any} */ (document.querySelector("ai-risk-map")).assessment?.useCase?.name?.length > 100_000);
  await check("after a reload from the autosave");

  // Share link: the box shows it; opening it draws the same assessment.
  await page.locator("#share").click();
  await page.waitForFunction(() => /** @type {HTMLInputElement} */ (document.querySelector("#sharelink")).value !== "");
  await check("share link box", ["#copy", "#shareclose"]);
  const link = await page.locator("#sharelink").inputValue();
  await page.evaluate(() => localStorage.clear());
  await page.goto(link);
  await ready(page);
  await page.waitForFunction(() => /** @type {any} */ (document.querySelector("ai-risk-map")).assessment?.useCase?.name?.length > 100_000);
  await page.locator(".views button[data-view=report]").click();
  await map.locator(".arm-report h2").waitFor();
  await check("opened from the share link");

  // Hash routes: real ids, then payloads as ids, which the "not found" text repeats.
  await page.goto(srv.url("#risk/9.1"));
  await map.locator('[data-item="risk:9.1"]').waitFor();
  await page.goto(srv.url("#control/DASF%201"));
  await map.locator('[data-item="control:DASF 1"]').waitFor();
  for (const [i, text] of TEXTS.slice(0, 12).entries()) {
    await page.goto(srv.url(`#${i % 2 ? "risk" : "control"}/${encodeURIComponent(text)}`));
    await map.locator(".arm-detail h2", { hasText: "Not found" }).waitFor();
  }
  await check("hash routes with payloads as ids");

  // Messages that repeat what they were given: an unknown id, a lone surrogate, a field over
  // the size limit, a damaged share link. Each is refused and said as text.
  for (const [name, body, expect] of [
    [`${TEXTS[2]}.json`, unknownId, TEXTS[0]],
    ["surrogate.json", `{"schema":"ai-risk-map/assessment","useCase":{"name":${LONE_SURROGATE_JSON}}}`, "surrogate"],
    ["huge.json", JSON.stringify({ schema: "ai-risk-map/assessment", useCase: { name: "x".repeat(256 * 1024 + 1) } }), "262145"],
  ]) {
    await page.locator("#import").setInputFiles({ name, mimeType: "application/json", buffer: Buffer.from(body) });
    await page.locator("#alert p").waitFor();
    const said = (await page.locator("#alert").textContent()) ?? "";
    assert.ok(said.includes(`\u201c${name}\u201d was not imported`) && said.includes(expect), said.slice(0, 300));
    await page.locator("#alert .dismiss").click();
  }
  await page.goto(srv.url(`#a=${encodeURIComponent(TEXTS[1])}`));
  await ready(page);
  assert.match((await page.locator("#alert").textContent()) ?? "", /share link could not be opened/);
  await check("refusals said as text", ["#alert .dismiss"]);
  await p.context.close();
});

/**
 * The element on a host page (module or standalone build): the `assessment` property, a
 * `src` attribute, every attribute and `show()` given payloads, and each payload alone as
 * the use case name, owner and description.
 * @param {string} face
 * @param {string} path
 * @param {boolean} quick
 */
async function elementFace(face, path, quick) {
  const p = await guardedPage(browser, srv.origin);
  const { page } = p;
  await page.goto(srv.url(path));
  await page.waitForFunction(() => /** @type {any} */ (window).hostReady);
  const check = async (/** @type {string} */ what, /** @type {string[]} */ controls = []) => {
    await assertSafe(p, `${face}: ${what}`);
    await assertLayout(page, `${face}: ${what}`, controls);
  };
  await page.evaluate((d) => {
    const el = /** @type {any} */ (document.createElement("ai-risk-map"));
    el.id = "m";
    el.assessment = d;
    document.getElementById("slot")?.append(el);
  }, doc);
  await ready(page, "#m");
  const map = page.locator("#m");
  const seen = await tour({
    page,
    map,
    texts: TEXTS,
    searches: TEXTS,
    go: byAttribute(map),
    check,
    onDownload: checkDownloads(await gapCount(page, "#m")),
    quick,
  });
  report(face, seen, TEXTS.length);
  // The rest exercises element code that the standalone build shares unchanged.
  if (quick) return p.context.close();

  // Attributes and show() with payloads: refused or not found, said as text. The element
  // handles both synchronously, so one call tries them all.
  const said = await map.evaluate((el, texts) => {
    const root = /** @type {ShadowRoot} */ (el.shadowRoot);
    const out = [];
    for (const name of ["dasf", "deployment", "component", "view", "theme"]) {
      for (const text of texts) {
        el.setAttribute(name, text);
        // deployment is a comma-separated list: the error names the first bad item.
        const named = name === "deployment" ? text.split(",")[0].trim() : text;
        if ((name === "dasf" || name === "deployment") && !root.querySelector(".arm-error")?.textContent?.includes(named)) out.push(`${name}: the error does not repeat ${text}`);
      }
      el.removeAttribute(name);
    }
    el.setAttribute("dasf", "2.0");
    for (const text of texts) {
      /** @type {any} */ (el).show("control", text);
      if (!root.querySelector(".arm-detail h2")?.textContent?.includes("Not found")) out.push(`show(${text}) is not "not found"`);
    }
    return out;
  }, TEXTS.slice(0, 12));
  assert.deepEqual(said, []);
  await check("attributes and show() with payloads");

  // Each payload alone in each use case field, drawn as the diagram and the report (in one
  // go: the element draws synchronously, and the guard records whatever passes through).
  const drawn = await map.evaluate((el, texts) => {
    let n = 0;
    for (const text of texts) {
      /** @type {any} */ (el).assessment = { schema: "ai-risk-map/assessment", useCase: { name: text, owner: text, description: text }, controls: { "DASF 1": { status: "partial", owner: text, note: text } } };
      for (const view of ["diagram", "report"]) {
        el.setAttribute("view", view);
        if (el.shadowRoot?.querySelector(".arm-body")?.textContent?.includes(text.slice(0, 20))) n++;
      }
    }
    return n;
  }, TEXTS);
  assert.ok(drawn >= TEXTS.length, `the payloads were drawn (${drawn})`);
  await check(`${TEXTS.length} payloads alone as name, owner, description, control owner and note`, ["[data-download]"]);
  console.log(`${face}: diagram and report: each of ${TEXTS.length} payloads alone in 5 fields`);

  // src: read-only, from the server; and a src that is itself a payload (a relative URL that
  // does not exist), which the error repeats.
  await page.evaluate(() => {
    const el = document.createElement("ai-risk-map");
    el.id = "s";
    el.setAttribute("view", "report");
    el.setAttribute("src", "/data/hostile.json");
    document.getElementById("slot")?.append(el);
  });
  await page.waitForFunction(() => /** @type {any} */ (document.getElementById("s"))?.assessment?.useCase?.name?.length > 100_000);
  const ro = page.locator("#s");
  for (const view of ["diagram", "assessment", "catalog", "report"]) await byAttribute(ro)(view);
  await ro.evaluate((el) => el.setAttribute("view", "assessment"));
  await ro.locator(".arm-step-button[data-step='5']").click();
  await ro.locator("section.arm-step[data-step='5']").waitFor();
  await ro.evaluate((el, src) => el.setAttribute("src", src), TEXTS[2]);
  await ro.locator(".arm-error p").waitFor();
  assert.ok(((await ro.locator(".arm-error").textContent()) ?? "").includes(TEXTS[2]));
  await check("src read-only, and a payload as src");
  await p.context.close();
}

test("element: a hostile assessment by property and by src, payloads in attributes, in every view", () => elementFace("element", "/host/index.html", false));
// The standalone build runs the same element code with the wasm inside: the tour only.
test("standalone element: the same", () => elementFace("standalone element", "/solo/index.html", true));

test("embed.html: a hostile assessment by src, payloads in every parameter and the title", async () => {
  const p = await guardedPage(browser, srv.origin);
  const { page } = p;
  const check = async (/** @type {string} */ what, /** @type {string[]} */ controls = []) => {
    await assertSafe(p, `embed.html: ${what}`);
    await assertLayout(page, `embed.html: ${what}`, controls);
  };
  const title = TEXTS[6];
  await page.goto(srv.url(`embed.html?view=assessment&src=data/hostile.json&title=${encodeURIComponent(title)}`));
  await ready(page);
  await page.waitForFunction(() => /** @type {any} */ (document.querySelector("ai-risk-map")).assessment?.useCase?.name?.length > 100_000);
  assert.equal(await page.title(), title, "the title parameter becomes the title, as text");
  const map = page.locator("ai-risk-map");
  const seen = await tour({
    page,
    map,
    texts: TEXTS,
    searches: TEXTS,
    quick: true,
    go: byAttribute(map),
    check,
    onDownload: checkDownloads(await gapCount(page)),
  });
  report("embed.html", seen, TEXTS.length);

  // Every parameter a payload at once; then a javascript: src.
  const q = new URLSearchParams();
  for (const [i, name] of ["view", "dasf", "deployment", "component", "theme", "title", "readonly"].entries()) q.set(name, TEXTS[i]);
  await page.goto(srv.url(`embed.html?${q}`));
  await ready(page);
  await map.locator(".arm-error p").waitFor();
  assert.ok(((await map.locator(".arm-error").textContent()) ?? "").includes(TEXTS[1]), "the refused dasf is named, as text");
  assert.equal(await page.title(), TEXTS[5]);
  await check("every parameter a payload");
  await p.context.close();

  // A src that is not on embed.html's origin (a javascript: URL, another host) is stopped by
  // embed.html's CSP, as embed.js intends: nothing is requested, nothing runs, the element
  // says it could not load it, and the one violation is the refused connection.
  for (const src of [TEXTS[4], "http://evil.example/x.json"]) {
    const q = await guardedPage(browser, srv.origin);
    await q.page.goto(srv.url(`embed.html?src=${encodeURIComponent(src)}`));
    await q.page.locator("ai-risk-map .arm-error p").waitFor();
    assert.ok(((await q.page.locator("ai-risk-map .arm-error").textContent()) ?? "").includes(src));
    const csp = await q.page.evaluate(() => /** @type {any} */ (window).__csp);
    assert.ok(csp.length > 0 && csp.every((/** @type {string} */ v) => v.startsWith("connect-src ")), csp.join(", "));
    await q.page.evaluate(() => (/** @type {any} */ (window).__csp.length = 0));
    await assertSafe(q, `embed.html with src=${src}`);
    assert.ok(q.requests.every((r) => r.url.startsWith(srv.origin)), "nothing requested elsewhere");
    await q.context.close();
  }
});

test("widget front end: a hostile assessment as the model value, payloads from Python", async () => {
  const p = await guardedPage(browser, srv.origin);
  const { page } = p;
  const check = async (/** @type {string} */ what, /** @type {string[] | null} */ controls = []) => {
    await assertSafe(p, `widget: ${what}`);
    await assertLayout(page, `widget: ${what}`, controls ? [".arm-widget-tab", ...controls] : []);
  };
  await page.goto(srv.url("/widget/index.html"));
  await page.waitForFunction(() => /** @type {any} */ (window).hostReady);
  await page.evaluate((s) => /** @type {any} */ (window).mount(s), widgetState(doc, "diagram"));
  // The widget's element has the document (the report stays in the kernel, not in the model).
  await page.waitForFunction(() => /** @type {any} */ (document.querySelector(".arm-widget")?.shadowRoot?.querySelector("ai-risk-map"))?.report?.useCase?.name?.length > 100_000);
  const map = page.locator("ai-risk-map");
  const seen = await tour({
    page,
    map,
    texts: TEXTS,
    searches: TEXTS,
    quick: true,
    go: async (view) => {
      await page.locator(`.arm-widget-tab[data-view="${view}"]`).click();
      await map.locator(`.arm-body[data-view="${view}"]`).waitFor();
    },
    check,
    onDownload: checkDownloads(await gapCount(page)),
  });
  report("widget", seen, TEXTS.length);

  // From Python: payloads as the selection, the view and the theme; an assessment the
  // engine refuses (a payload as an id; a lone surrogate) is said in the widget's error line.
  for (const text of TEXTS.slice(0, 8)) {
    await page.evaluate((t) => /** @type {any} */ (window).fromPython("selected", { kind: "risk", id: t }), text);
    await map.locator(".arm-detail h2", { hasText: "Not found" }).waitFor();
    await page.evaluate((t) => /** @type {any} */ (window).fromPython("theme", t), text);
    await page.evaluate((t) => /** @type {any} */ (window).fromPython("view", t), text);
  }
  await page.evaluate((t) => /** @type {any} */ (window).fromPython("assessment", JSON.parse(t)), unknownId);
  await page.locator(".arm-widget-error:not([hidden])").waitFor();
  assert.ok(((await page.locator(".arm-widget-error").textContent()) ?? "").includes(TEXTS[0]));
  await page.evaluate(() => /** @type {any} */ (window).fromPython("assessment", { schema: "ai-risk-map/assessment", useCase: { name: "\ud800" } }));
  await page.waitForFunction(() => /surrogate/.test(document.querySelector(".arm-widget")?.shadowRoot?.querySelector(".arm-widget-error")?.textContent ?? ""));
  await check("payloads from Python", [".arm-widget-error"]);
  await p.context.close();
});

/**
 * Each face that can load a catalog (the page through its "Load catalog" file input, whose
 * engine is inside page.js; the others through the engine module, the same instance as the
 * element's), opened with an assessment on `version`. The widget has no way to load one.
 * @type {[string, (p: Awaited<ReturnType<typeof guardedPage>>, text: string, a: object) => Promise<import("playwright-core").Locator>][]}
 */
const CATALOG_FACES = [
  ["page", async ({ page }, text, a) => {
    await page.goto(srv.url("#diagram"));
    await ready(page);
    await page.locator("#catalogfile").setInputFiles({ name: "hostile.catalog.json", mimeType: "application/json", buffer: Buffer.from(text) });
    await page.locator("#notice").getByText(`version ${HOSTILE_VERSION},`).waitFor();
    await page.evaluate((d) => {
      /** @type {any} */ (document.querySelector("ai-risk-map")).assessment = d;
    }, a);
    return page.locator("ai-risk-map");
  }],
  ...["/host/index.html", "/solo/index.html"].map((path) => /** @type {const} */ ([path.startsWith("/host") ? "element" : "standalone element", async (/** @type {any} */ { page }, /** @type {string} */ text, /** @type {object} */ a) => {
    await page.goto(srv.url(path));
    await page.waitForFunction(() => /** @type {any} */ (window).hostReady);
    await page.evaluate(async ([t, d]) => {
      (await /** @type {any} */ (window).engine()).registerCatalog(t);
      const el = /** @type {any} */ (document.createElement("ai-risk-map"));
      el.id = "m";
      el.assessment = d;
      document.getElementById("slot")?.append(el);
    }, /** @type {const} */ ([text, a]));
    await ready(page, "#m");
    return page.locator("#m");
  }])),
  ["embed.html", async ({ page }, text, a) => {
    await page.goto(srv.url("embed.html?view=diagram"));
    await ready(page);
    await page.evaluate(async ([t, d]) => {
      const { engine } = await import("./engine.js");
      (await engine()).registerCatalog(t);
      /** @type {any} */ (document.querySelector("ai-risk-map")).assessment = d;
    }, /** @type {const} */ ([text, a]));
    return page.locator("ai-risk-map");
  }],
];

for (const [face, open] of CATALOG_FACES) {
  test(`${face} on a hostile catalog: every catalog text a payload, in every view`, async () => {
    const p = await guardedPage(browser, srv.origin);
    const { page } = p;
    const map = await open(p, catalogText, onHostile);
    const check = async (/** @type {string} */ what, /** @type {string[]} */ controls = []) => {
      await assertSafe(p, `${face} on the hostile catalog: ${what}`);
      await assertLayout(page, `${face} on the hostile catalog: ${what}`, controls);
    };
    const seen = await tour({
      page,
      map,
      texts: TEXTS,
      searches: TEXTS,
      quick: face !== "element",
      go: byAttribute(map),
      check,
      onDownload: checkDownloads(await map.evaluate((el) => /** @type {any} */ (el).report.gaps.length)),
    });
    report(`${face} on the hostile catalog`, seen, TEXTS.length);
    for (const view of ["assessment", "diagram", "catalog", "report"]) assert.equal(seen[view].length, TEXTS.length, `${view} shows every payload, as text`);
    await p.context.close();
  });
}
