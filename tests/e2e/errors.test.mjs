// A document with several errors, refused in real headless Chromium: the page's import says
// the first error as before and lists the next few below it, with how many more there are;
// the element shows the same in its own error box (a document given by `src`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { setUp, openPage, ready, openStep } from "./helpers.mjs";

// Seven unknown controls: the first is the error, three more are listed, three counted.
const controls = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`X ${i}`, { status: "planned" }]));
const bad = JSON.stringify({ schema: "ai-risk-map/assessment", controls });

const { srv, browser } = setUp({ extra: { "/data/several.json": bad } });

test("an import refused for several errors shows the first and lists the next few", async () => {
  const { context, page, problems } = await openPage(browser, srv.origin);
  try {
    await page.goto(srv.url(""));
    await ready(page);
    const before = await page.evaluate(() => JSON.stringify(/** @type {any} */ (document.querySelector("ai-risk-map")).assessment));
    await page.locator("#import").setInputFiles({ name: "several.json", mimeType: "application/json", buffer: Buffer.from(bad) });
    await page.locator("#alert ul.more-errors").waitFor();
    const first = (await page.locator("#alert p").first().textContent()) ?? "";
    assert.match(first, /\u201cseveral\.json\u201d was not imported.*unknown control `X 0` at `controls\.X 0`/s);
    const items = await page.locator("#alert ul.more-errors li").allTextContents();
    assert.equal(items.length, 4, items.join("\n"));
    assert.match(items[0], /unknown control `X 1` at `controls\.X 1`/);
    assert.match(items[2], /unknown control `X 3` at `controls\.X 3`/);
    assert.equal(items[3], "and 3 more errors");
    assert.equal(await page.evaluate(() => JSON.stringify(/** @type {any} */ (document.querySelector("ai-risk-map")).assessment)), before);
    // Dismissing clears the list with the message.
    await page.locator("#alert .dismiss").click();
    assert.equal(await page.locator("#alert ul").count(), 0);

    // The element, given the document by `src`: refused, the same list in its error box.
    await page.evaluate(() => document.querySelector("ai-risk-map")?.setAttribute("src", "/data/several.json"));
    const box = page.locator("ai-risk-map .arm-error");
    await box.locator("ul.more-errors").waitFor();
    assert.match((await box.locator("p").textContent()) ?? "", /^unknown control `X 0` at `controls\.X 0`/);
    assert.deepEqual((await box.locator("li").allTextContents()).map((t) => t.replace(/ at .*/, "")), [
      "unknown control `X 1`",
      "unknown control `X 2`",
      "unknown control `X 3`",
      "and 3 more errors",
    ]);
    assert.equal(await page.evaluate(() => JSON.stringify(/** @type {any} */ (document.querySelector("ai-risk-map")).assessment)), before);
    assert.deepEqual([...problems.console, ...problems.errors], []);
  } finally {
    await context.close();
  }
});

test("an edit refused as it is typed marks the field and says why beside it", async () => {
  const { context, page, problems } = await openPage(browser, srv.origin, { viewport: { width: 390, height: 800 } });
  try {
    await page.goto(srv.url(""));
    await ready(page);
    await openStep(page, 5);
    const json = () => page.evaluate(() => /** @type {any} */ (document.querySelector("ai-risk-map")).toJson());
    const before = await json();
    const note = page.locator('ai-risk-map section.arm-step [data-control="DASF 1"]').getByLabel("Note");
    // Half of a character, as a paste cut between the two halves of an emoji leaves it.
    await note.focus();
    await note.evaluate((el) => {
      /** @type {HTMLTextAreaElement} */ (el).value = "before \ud83d after";
      el.dispatchEvent(new Event("input", { bubbles: true }));
    });
    assert.equal(await note.getAttribute("aria-invalid"), "true");
    const describedBy = await note.getAttribute("aria-describedby");
    assert.ok(describedBy);
    // The message is the element right after the field, and it is the engine's.
    const beside = await note.evaluate((el) => [el.nextElementSibling?.id, el.nextElementSibling?.textContent]);
    assert.equal(beside[0], describedBy);
    assert.match(beside[1] ?? "", /controls\.DASF 1\.note.*half of a character/);
    assert.ok(await page.locator("ai-risk-map .arm-field-error").isVisible());
    // What was typed stays in the field; the document is unchanged.
    assert.equal(await note.evaluate((el) => /** @type {HTMLTextAreaElement} */ (el).value === "before \ud83d after"), true);
    assert.equal(await json(), before);
    // The next keystroke the engine takes clears the mark and the message.
    await note.fill("before after");
    assert.equal(await note.getAttribute("aria-invalid"), null);
    assert.equal(await note.getAttribute("aria-describedby"), null);
    assert.equal(await page.locator("ai-risk-map .arm-field-error").count(), 0);
    assert.equal(await page.locator("ai-risk-map .arm-error").textContent(), "");
    assert.equal(JSON.parse(await json()).controls["DASF 1"].note, "before after");
    // An error that refuses no edit (a document given by `src`) leaves the focused field alone.
    await note.focus();
    await page.evaluate(() => document.querySelector("ai-risk-map")?.setAttribute("src", "/data/several.json"));
    await page.locator("ai-risk-map .arm-error p").waitFor();
    assert.equal(await note.getAttribute("aria-invalid"), null);
    assert.equal(await page.locator("ai-risk-map .arm-field-error").count(), 0);
    assert.deepEqual([...problems.console, ...problems.errors], []);
  } finally {
    await context.close();
  }
});
