// Nothing lost between tabs (issue 6, "Hardening", item 4): two tabs of the page share one
// autosave, and a tab never overwrites the other's save unseen. It warns instead, lets the user
// choose which version to keep, and keeps the other aside. Also: an autosave from before
// revisions still loads, and the theme choice is remembered.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { setUp, ready, ROOT } from "./helpers.mjs";

const KEY = "ai-risk-map:assessment";
const REVISION = "ai-risk-map:assessment:revision";
const KEPT = "ai-risk-map:kept:";

const { srv, browser } = setUp();

/** @typedef {import("playwright-core").Page} Page */

/** Console and page errors of every tab, checked at the end of each test. @type {string[]} */
let problems = [];

/**
 * Open the page in a new tab of `context`, as a user would open a second tab.
 * @param {import("playwright-core").BrowserContext} context
 */
async function tab(context) {
  const page = await context.newPage();
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.goto(srv.url(""));
  await ready(page);
  return page;
}

/** @param {import("playwright-core").BrowserContextOptions} [options] */
async function context(options = {}) {
  problems = [];
  return browser.newContext({ viewport: { width: 1360, height: 900 }, ...options });
}

/** @param {Page} page */
const nameIn = async (page) => (await page.evaluate(() => /** @type {any} */ (document.querySelector("ai-risk-map")).assessment)).useCase?.name;
/** The use-case name in the autosave. @param {Page} page */
const savedName = (page) => page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? "{}").useCase?.name, KEY);
/** Every kept-aside copy, by key. @param {Page} page @returns {Promise<Record<string, any>>} */
const keptCopies = (page) =>
  page.evaluate((prefix) => Object.fromEntries(Object.keys(localStorage).filter((k) => k.startsWith(prefix)).map((k) => [k, JSON.parse(localStorage.getItem(k) ?? "")])), KEPT);

/**
 * Type a new use-case name: one edit, autosaved once typing pauses (300 ms).
 * @param {Page} page
 * @param {string} name
 */
async function rename(page, name) {
  await page.locator("ai-risk-map").getByLabel("Name").fill(name);
  await page.waitForFunction((n) => /** @type {any} */ (document.querySelector("ai-risk-map")).assessment.useCase?.name === n, name);
  await page.waitForTimeout(600);
}

/** The warning and the notices pass axe's WCAG A and AA rules. @param {Page} page */
async function axe(page) {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).include(".messages").analyze();
  assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.help}`), []);
}
/** @param {Page} page */
const clashShown = (page) => page.getByRole("alert").getByText(/Another tab has saved a different version/).waitFor();
/** @param {Page} page */
const alertText = async (page) => (await page.locator("#alert").textContent()) ?? "";

/**
 * Tab A edits, then tab B opens (with A's save) and edits: A is behind B.
 * @param {import("playwright-core").BrowserContext} ctx
 */
async function twoTabs(ctx) {
  const a = await tab(ctx);
  await rename(a, "A1");
  const b = await tab(ctx);
  assert.equal(await nameIn(b), "A1", "the second tab opens the first tab's save");
  await rename(b, "B1");
  assert.equal(await savedName(a), "B1");
  return { a, b };
}

test("another tab's save is not overwritten: this tab warns at once, and its next save is refused", async () => {
  const ctx = await context();
  const { a, b } = await twoTabs(ctx);
  // The storage event warns A without waiting for an edit.
  await clashShown(a);
  assert.equal(await alertText(b), "", "the tab that saved last is not warned");
  // A's edits stay in A and are not saved over B's.
  await rename(a, "A2");
  assert.equal(await savedName(a), "B1");
  assert.equal(await a.locator("#alert p").count(), 1, "one warning, not one per change");
  for (const label of ["Load the other tab's version", "Keep this tab's version", "Dismiss"]) {
    assert.equal(await a.getByRole("alert").getByRole("button", { name: label, exact: true }).count(), 1, label);
  }
  await axe(a);

  // The save-time check on its own, without the storage event: a revision written by this very
  // tab (which gets no event for it) stands for another tab's save.
  await a.getByRole("button", { name: "Dismiss" }).click();
  await a.evaluate((key) => localStorage.setItem(key, "1-another-tab"), REVISION);
  await rename(a, "A3");
  await clashShown(a);
  assert.equal(await savedName(a), "B1");
  assert.equal(problems.join("\n"), "");
  await ctx.close();
});

test("'Load the other tab's version' keeps this tab's version aside and offers it as a download", async () => {
  const ctx = await context();
  const { a, b } = await twoTabs(ctx);
  await clashShown(a);
  await rename(a, "A2");
  // By keyboard: the choice is a real button.
  await a.getByRole("button", { name: "Load the other tab's version" }).focus();
  await a.keyboard.press("Enter");
  assert.equal(await nameIn(a), "B1");
  assert.equal(await alertText(a), "");
  const kept = await keptCopies(a);
  assert.deepEqual(Object.values(kept).map((k) => k.useCase.name), ["A2"], "this tab's version is kept aside");
  const [key] = Object.keys(kept);
  assert.match((await a.locator("#notice").textContent()) ?? "", new RegExp(`Loaded the other tab's version.*kept aside under the key .${key}.`));
  const [download] = await Promise.all([a.waitForEvent("download"), a.getByRole("button", { name: "Export this tab's version" }).click()]);
  assert.equal(JSON.parse(readFileSync(/** @type {string} */ (await download.path()), "utf8")).useCase.name, "A2");
  await axe(a);

  // A is in step again: its next edit is saved, and now B is the one warned.
  await rename(a, "A3");
  assert.equal(await savedName(a), "A3");
  assert.equal(await alertText(a), "");
  await clashShown(b);
  assert.equal(problems.join("\n"), "");
  await ctx.close();
});

test("'Keep this tab's version' saves it deliberately and keeps the other tab's aside", async () => {
  const ctx = await context();
  const { a, b } = await twoTabs(ctx);
  await clashShown(a);
  await rename(a, "A2");
  await a.getByRole("button", { name: "Keep this tab's version" }).click();
  assert.equal(await savedName(a), "A2");
  assert.equal(await alertText(a), "");
  const kept = await keptCopies(a);
  assert.deepEqual(Object.values(kept).map((k) => k.useCase.name), ["B1"], "the other tab's version is kept aside");
  assert.match((await a.locator("#notice").textContent()) ?? "", new RegExp(`Saved this tab's version. The other tab's version was kept aside under the key .${Object.keys(kept)[0]}.`));
  const [download] = await Promise.all([a.waitForEvent("download"), a.getByRole("button", { name: "Export the other tab's version" }).click()]);
  assert.equal(JSON.parse(readFileSync(/** @type {string} */ (await download.path()), "utf8")).useCase.name, "B1");
  await rename(a, "A3");
  assert.equal(await savedName(a), "A3", "A saves normally again");

  // B is told, and its own choice works the same way: B's unsaved edit is kept too.
  await clashShown(b);
  await rename(b, "B2");
  assert.equal(await savedName(b), "A3");
  await b.getByRole("button", { name: "Load the other tab's version" }).click();
  assert.equal(await nameIn(b), "A3");
  const names = Object.values(await keptCopies(b)).map((k) => k.useCase.name).sort();
  assert.deepEqual(names, ["B1", "B2"], "every losing version is kept");
  assert.equal(problems.join("\n"), "");
  await ctx.close();
});

test("closing a tab whose changes were refused asks first", async () => {
  const ctx = await context();
  const { a } = await twoTabs(ctx);
  await clashShown(a);
  await rename(a, "A2");
  const dialog = a.waitForEvent("dialog");
  await a.close({ runBeforeUnload: true });
  const d = await dialog;
  assert.equal(d.type(), "beforeunload");
  await d.accept();
  assert.equal(problems.join("\n"), "");
  await ctx.close();
});

test("a single tab never sees the warning", async () => {
  const ctx = await context();
  const a = await tab(ctx);
  const revisions = new Set();
  for (const name of ["one", "two", "three"]) {
    await rename(a, name);
    revisions.add(await a.evaluate((key) => localStorage.getItem(key), REVISION));
  }
  assert.equal(revisions.size, 3, "every save writes a new revision");
  await a.reload();
  await ready(a);
  assert.equal(await nameIn(a), "three");
  await rename(a, "four");
  await a.getByRole("button", { name: "New", exact: true }).click();
  const example = readFileSync(join(ROOT, "examples/rag-chatbot.assessment.json"));
  await a.locator("#import").setInputFiles({ name: "rag.json", mimeType: "application/json", buffer: example });
  await a.waitForFunction(() => /** @type {any} */ (document.querySelector("ai-risk-map")).assessment?.deploymentModels?.length > 0);
  await rename(a, "five");
  assert.equal(await savedName(a), "five");
  // A second tab that only reads does not disturb the first.
  const b = await tab(ctx);
  await rename(a, "six");
  assert.equal(await alertText(a), "");
  // Only what New replaced is kept aside ("four"); the blank assessment the import
  // replaced had nothing to keep. No clash put anything aside.
  assert.deepEqual(Object.values(await keptCopies(a)).map((k) => k.useCase?.name), ["four"]);
  await b.close();
  assert.equal(problems.join("\n"), "");
  await ctx.close();
});

test("an autosave from before revisions (the plain assessment JSON) still loads and is saved over", async () => {
  const ctx = await context();
  const a = await tab(ctx);
  const example = readFileSync(join(ROOT, "examples/rag-chatbot.assessment.json"), "utf8");
  await a.evaluate(([key, revision, text]) => {
    localStorage.clear();
    localStorage.setItem(key, text);
    localStorage.removeItem(revision);
  }, [KEY, REVISION, example]);
  await a.reload();
  await ready(a);
  assert.equal(await nameIn(a), JSON.parse(example).useCase.name);
  assert.equal(await alertText(a), "");
  // Two tabs opened on it both start with no revision: the first save wins, the second is warned.
  const b = await tab(ctx);
  await rename(a, "upgraded");
  assert.equal(await savedName(a), "upgraded");
  assert.ok(await a.evaluate((key) => localStorage.getItem(key), REVISION), "the save wrote a revision");
  await clashShown(b);
  assert.equal(await alertText(a), "");
  assert.equal(problems.join("\n"), "");
  await ctx.close();
});

test("the theme choice is remembered; never chosen, the system's setting applies", async () => {
  const ctx = await context({ colorScheme: "dark" });
  const a = await tab(ctx);
  /** @param {Page} page */
  const background = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  /** @param {Page} page */
  const elementDark = (page) => page.evaluate(() => document.querySelector("ai-risk-map")?.shadowRoot?.querySelector(".arm-root")?.classList.contains("arm-theme-dark"));
  assert.equal(await a.getByLabel("Theme").inputValue(), "auto");
  assert.equal(await background(a), "rgb(20, 24, 29)", "dark, as the system is");
  assert.equal(await elementDark(a), true);

  await a.getByLabel("Theme").selectOption("light");
  await a.reload();
  await ready(a);
  assert.equal(await a.getByLabel("Theme").inputValue(), "light");
  assert.equal(await background(a), "rgb(255, 255, 255)");
  assert.equal(await elementDark(a), false);
  assert.equal(await a.evaluate(() => localStorage.getItem("ai-risk-map:theme")), "light");

  await a.getByLabel("Theme").selectOption("auto");
  await a.reload();
  await ready(a);
  assert.equal(await a.getByLabel("Theme").inputValue(), "auto");
  assert.equal(await background(a), "rgb(20, 24, 29)");
  // A value the page does not know (edited by hand) falls back to the system's setting.
  await a.evaluate(() => localStorage.setItem("ai-risk-map:theme", "purple"));
  await a.reload();
  await ready(a);
  assert.equal(await a.getByLabel("Theme").inputValue(), "auto");
  assert.equal(problems.join("\n"), "");
  await ctx.close();
});
