// Issue 13 on the page and the element: a document whose normalised form crosses the size
// limit (share link at start, in an open tab, import), full storage, one decoding rule for
// import, share links and `src`, the search cap, `src` loading states and the `assessment`
// property's refusal of "".
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";
import { setUp, openPage, ready, ROOT } from "./helpers.mjs";
import { realCatalog } from "../fixtures/hostile/hostile.mjs";

const limits = readFileSync(join(ROOT, "src/limits.rs"), "utf8");
/** @param {string} name */
const constant = (name) => {
  const m = new RegExp(`pub const ${name}: usize = ([^;]+);`).exec(limits);
  if (!m) throw new Error(`${name} not found in src/limits.rs`);
  return Number(Function(`return ${m[1].replaceAll("_", "")}`)());
};
const MAX_DOCUMENT_BYTES = constant("MAX_DOCUMENT_BYTES");
const MAX_QUERY_CHARS = constant("MAX_QUERY_CHARS");
const example = readFileSync(join(ROOT, "examples/rag-chatbot.assessment.json"), "utf8");

/**
 * A compact document of exactly `size` bytes whose normalised form is about 1 KB longer:
 * every risk decided as `{}` (which gains `"pertinent":true`), notes on every control.
 * @param {number} size
 */
function nearLimit(size) {
  const cat = realCatalog();
  const risks = Object.fromEntries(cat.risks.map((/** @type {{id: string}} */ r) => [r.id, {}]));
  const ids = cat.controls.map((/** @type {{id: string}} */ c) => c.id);
  const doc = (/** @type {number[]} */ notes) =>
    JSON.stringify({
      schema: "ai-risk-map/assessment",
      risks,
      controls: Object.fromEntries(ids.map((/** @type {string} */ id, /** @type {number} */ i) => [id, { status: "planned", note: "n".repeat(notes[i]) }])),
    });
  const room = size - doc(ids.map(() => 0)).length;
  const text = doc(ids.map((/** @type {string} */ _, /** @type {number} */ i) => Math.floor(room / ids.length) + (i < room % ids.length ? 1 : 0)));
  assert.equal(text.length, size);
  return text;
}

/** @param {string} text */
const shareData = (text) => deflateRawSync(Buffer.from(text)).toString("base64url");

const { srv, browser } = setUp();

/** @param {import("playwright-core").Page} page */
const alertText = (page) => page.locator("#alert").textContent().then((t) => t ?? "");
/** @param {import("playwright-core").Page} page */
const current = (page) => page.evaluate(() => /** @type {any} */ (document.querySelector("ai-risk-map")).assessment);

test("a document whose normalised form is over the limit: refused with its size at start, in an open tab and on import", async () => {
  const text = nearLimit(MAX_DOCUMENT_BYTES - 100);
  const p = await openPage(browser, srv.origin);
  const { page } = p;

  // Starting from the link: the app starts, says why the link was not opened.
  await page.goto(`${srv.url("")}#a=${shareData(text)}`);
  await ready(page);
  let said = await alertText(page);
  assert.match(said, /share link could not be opened/);
  assert.match(said, /too large: the document once normalised \((\d+) bytes/);
  assert.doesNotMatch(said, /could not start/);
  const written = Number(/once normalised \((\d+) bytes/.exec(said)?.[1]);
  assert.ok(written > MAX_DOCUMENT_BYTES, `${written}`);
  await page.locator("ai-risk-map").getByLabel("Name").fill("Still usable");
  assert.equal((await current(page)).useCase.name, "Still usable");

  // The same link opened in this tab: a message, the assessment unchanged, no uncaught error.
  const before = await current(page);
  await page.locator("#alert .dismiss").click();
  await page.evaluate((data) => { location.hash = `#a=${data}`; }, shareData(text));
  await page.locator("#alert p").waitFor();
  said = await alertText(page);
  assert.match(said, /share link could not be opened.*once normalised/s);
  assert.deepEqual(await current(page), before);

  // Import: the engine's size for this one, the exact byte counts for a file over the limit.
  await page.locator("#import").setInputFiles({ name: "near.json", mimeType: "application/json", buffer: Buffer.from(text) });
  await page.waitForFunction(() => /near\.json/.test(document.querySelector("#alert")?.textContent ?? ""));
  assert.match(await alertText(page), new RegExp(`was not imported.*once normalised \\(${written} bytes`, "s"));
  const over = Buffer.alloc(MAX_DOCUMENT_BYTES + 100, 0x20);
  await page.locator("#import").setInputFiles({ name: "over.json", mimeType: "application/json", buffer: over });
  await page.waitForFunction(() => /over\.json/.test(document.querySelector("#alert")?.textContent ?? ""));
  const bytes = (/** @type {number} */ n) => n.toLocaleString("en");
  assert.match(await alertText(page), new RegExp(`it is ${bytes(MAX_DOCUMENT_BYTES + 100)} bytes, and an assessment file is at most ${bytes(MAX_DOCUMENT_BYTES)} bytes`));
  assert.deepEqual(await current(page), before);
  assert.deepEqual(p.problems.errors, [], "page errors");
});

test("an unknown id from a share link is echoed as a short excerpt, not in full", async () => {
  const p = await openPage(browser, srv.origin);
  const { page } = p;
  const id = `${"X".repeat(100)}${"y".repeat(2900)}`;
  const doc = JSON.stringify({ schema: "ai-risk-map/assessment", controls: { [id]: { status: "planned" } } });
  await page.goto(`${srv.url("")}#a=${shareData(doc)}`);
  await ready(page);
  const said = await alertText(page);
  assert.match(said, /unknown control `X+\u2026 \(3000 characters\)`/);
  assert.ok(said.length < 600, `${said.length} characters: ${said}`);
  assert.ok(!said.includes("Xy"), "the tail of the id is not shown");
  assert.deepEqual(p.problems.errors, [], "page errors");
});

test("one decoding rule: import and src refuse Latin-1 and UTF-16 with the offset, accept a leading BOM", async () => {
  const p = await openPage(browser, srv.origin);
  const { page } = p;
  await page.goto(srv.url(""));
  await ready(page);
  const latin1 = Buffer.from('{"schema": "ai-risk-map/assessment", "useCase": {"name": "Caf\xe9"}}', "latin1");
  const offset = latin1.indexOf(0xe9);
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(example, "utf16le")]);
  const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(example)]);
  for (const [name, buffer, expected] of /** @type {const} */ ([
    ["latin1.json", latin1, new RegExp(`byte 0xE9 at byte offset ${offset} is not UTF-8`)],
    ["utf16.json", utf16, /UTF-16 \(little-endian, with a byte-order mark\), not UTF-8/],
  ])) {
    await page.locator("#import").setInputFiles({ name, mimeType: "application/json", buffer });
    await page.waitForFunction((n) => (document.querySelector("#alert")?.textContent ?? "").includes(n), name);
    assert.match(await alertText(page), expected);
  }
  await page.locator("#import").setInputFiles({ name: "bom.json", mimeType: "application/json", buffer: bom });
  await page.waitForFunction(() => /Imported .bom\.json/.test(document.querySelector("#notice")?.textContent ?? ""));
  assert.equal((await current(page)).useCase.name, JSON.parse(example).useCase.name);

  // The element's src, the same rule.
  const files = { "latin1.json": latin1, "utf16.json": utf16, "bom.json": bom };
  await page.route("**/files/*.json", (route) => {
    const name = /** @type {keyof typeof files} */ (route.request().url().split("/").pop());
    return route.fulfill({ status: 200, contentType: "application/json", body: files[name] });
  });
  const map = page.locator("ai-risk-map");
  for (const [name, expected] of /** @type {const} */ ([
    ["latin1.json", new RegExp(`byte 0xE9 at byte offset ${offset} is not UTF-8`)],
    ["utf16.json", /UTF-16/],
  ])) {
    await map.evaluate((el, n) => el.setAttribute("src", `/files/${n}`), name);
    // Wait for this file's message, not for any message: the previous file's may still show.
    await page
      .waitForFunction(
        ([source, flags]) => new RegExp(source, flags).test(document.querySelector("ai-risk-map")?.shadowRoot?.querySelector(".arm-error")?.textContent ?? ""),
        [expected.source, expected.flags],
        { timeout: 10_000 },
      )
      .catch(() => {});
    assert.match((await map.locator(".arm-error").textContent()) ?? "", expected);
    await map.evaluate((el) => el.removeAttribute("src"));
  }
  // Start from a blank assessment, so that the BOM file's arrival shows.
  await page.evaluate(() => { /** @type {any} */ (document.querySelector("ai-risk-map")).assessment = null; });
  await map.evaluate((el) => el.setAttribute("src", "/files/bom.json"));
  await page.waitForFunction((name) => /** @type {any} */ (document.querySelector("ai-risk-map")).assessment?.useCase?.name === name, JSON.parse(example).useCase.name);
  assert.equal((await map.locator(".arm-error").textContent()) ?? "", "");
  assert.deepEqual(p.problems.errors, [], "page errors");
});

test("a stalled src shows that it is loading, then times out with a message", async () => {
  const p = await openPage(browser, srv.origin);
  const { page } = p;
  await page.goto(srv.url(""));
  await ready(page);
  // The request is never answered.
  await page.route("**/stall.json", () => {});
  const map = page.locator("ai-risk-map");
  await map.evaluate((el) => {
    /** @type {any} */ (customElements.get("ai-risk-map")).srcTimeout = 1500;
    el.setAttribute("src", "/stall.json");
  });
  await map.locator(".arm-loading").waitFor();
  assert.match((await map.locator(".arm-loading").textContent()) ?? "", /Loading the assessment from \/stall\.json/);
  assert.equal(await map.locator(".arm-body").getAttribute("aria-busy"), "true");
  await map.locator(".arm-error p").waitFor({ timeout: 10000 });
  assert.match((await map.locator(".arm-error").textContent()) ?? "", /Did not load the assessment at \/stall\.json: no answer within 1\.5 seconds/);
  assert.equal(await map.locator(".arm-loading").textContent(), "");
  assert.equal(await map.locator(".arm-body").getAttribute("aria-busy"), null);
  assert.deepEqual(p.problems.errors, [], "page errors");
});

test("setting the element's assessment to \"\" is refused like any bad value", async () => {
  const p = await openPage(browser, srv.origin);
  const { page } = p;
  await page.goto(srv.url(""));
  await ready(page);
  await page.locator("ai-risk-map").getByLabel("Name").fill("Kept");
  const result = await page.evaluate(() => {
    const el = /** @type {any} */ (document.querySelector("ai-risk-map"));
    const out = [];
    for (const value of ["", "  ", "{", 0, false]) {
      try {
        el.assessment = value;
        out.push("accepted");
      } catch (e) {
        out.push(/** @type {any} */ (e).code);
      }
    }
    return { out, name: el.assessment.useCase.name };
  });
  assert.deepEqual(result.out, ["invalid_document", "invalid_document", "invalid_json", "invalid_document", "invalid_document"]);
  assert.equal(result.name, "Kept", "nothing changed");
});

test("the search box takes the engine's query cap: a 100 KB paste is cut to it", async () => {
  const p = await openPage(browser, srv.origin);
  const { page } = p;
  await page.goto(srv.url("#catalog"));
  await ready(page);
  const search = page.locator("ai-risk-map").locator('input[type="search"]');
  assert.equal(Number(await search.getAttribute("maxlength")), MAX_QUERY_CHARS);
  await search.focus();
  await page.keyboard.insertText("prompt injection ".repeat(6000));
  const value = await search.inputValue();
  assert.equal(value.length, MAX_QUERY_CHARS);
  await page.locator("ai-risk-map").locator('.arm-results-box [role="status"]').waitFor();
  assert.deepEqual(p.problems.errors, [], "page errors");
});

/** Make every write to localStorage fail as a full quota does. */
const fillStorage = () => {
  Storage.prototype.setItem = function () {
    throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
  };
};

test("storage full: unsaved work prompts before unload", async () => {
  const p = await openPage(browser, srv.origin);
  const { page } = p;
  await page.goto(srv.url(""));
  await ready(page);
  await page.evaluate(fillStorage);
  await page.locator("ai-risk-map").getByLabel("Name").fill("Not saved");
  // The autosave runs once typing pauses.
  await page.locator("#alert").getByText(/Could not save your work in this browser/).waitFor();
  const dialog = page.waitForEvent("dialog", { timeout: 5000 });
  await page.close({ runBeforeUnload: true });
  const d = await dialog;
  assert.equal(d.type(), "beforeunload");
  await d.accept();
});

test("a corrupt autosave with storage full: left in place, no false clash, and unload prompts", async () => {
  const p = await openPage(browser, srv.origin);
  const { page } = p;
  await page.goto(srv.url(""));
  await ready(page);
  await page.evaluate(() => {
    localStorage.setItem("ai-risk-map:assessment", "{ corrupt");
    localStorage.setItem("ai-risk-map:assessment:revision", "1-earlier");
  });
  await page.addInitScript(fillStorage);
  await page.reload();
  await ready(page);
  let said = await alertText(page);
  assert.match(said, /could not be read.*too full to keep a copy aside.*does not save your changes/s);
  await page.locator("ai-risk-map").getByLabel("Name").fill("Typed after");
  said = await alertText(page);
  assert.doesNotMatch(said, /Another tab/);
  assert.equal(await page.evaluate(() => localStorage.getItem("ai-risk-map:assessment")), "{ corrupt", "the corrupt save is kept");
  const dialog = page.waitForEvent("dialog", { timeout: 5000 });
  await page.close({ runBeforeUnload: true });
  const d = await dialog;
  assert.equal(d.type(), "beforeunload");
  await d.accept();
});
