// The assessment flow of issue 11, end to end on the built page under the strict CSP:
// controls stay listed (defect 1), undo and redo (defect 2), share links never lose work
// (defect 3), routes with Back and Forward (defect 4), and step 4's threat review.
import { test } from "node:test";
import assert from "node:assert/strict";
import AxeBuilder from "@axe-core/playwright";
import { setUp, openPage, ready } from "./helpers.mjs";

const { srv, browser } = setUp();

const RAG = { schema: "ai-risk-map/assessment", schemaVersion: 3, useCase: { name: "Mine" }, deploymentModels: ["rag_llm"] };
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** @param {import("playwright-core").Page} page */
const current = (page) => page.evaluate(() => /** @type {any} */ (document.querySelector("ai-risk-map")).assessment);
/**
 * @param {import("playwright-core").Page} page
 * @param {object} a
 */
const load = (page, a) => page.evaluate((doc) => { /** @type {any} */ (document.querySelector("ai-risk-map")).assessment = doc; }, a);
/** @param {import("playwright-core").Page} page */
/**
 * A control's field in step 5, by its label and the control id.
 * @param {import("playwright-core").Locator} map
 * @param {string} label
 * @param {string} id
 */
const fieldOf = (map, label, id) => map.getByLabel(`${label} of ${id}`, { exact: true });
/** @param {import("playwright-core").Page} page */
const heading = (page) => page.locator("ai-risk-map").locator("section.arm-step h2").first().textContent();
/** The autosave has caught up with the element. @param {import("playwright-core").Page} page */
const saved = (page) =>
  page.waitForFunction(() => {
    const text = localStorage.getItem("ai-risk-map:assessment");
    return text != null && JSON.stringify(JSON.parse(text)) === JSON.stringify(/** @type {any} */ (document.querySelector("ai-risk-map")).assessment);
  });

/**
 * @param {import("playwright-core").Page} page
 * @param {string} what
 */
async function axe(page, what) {
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const found = result.violations.map((v) => `${v.id}: ${v.help} ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
  assert.deepEqual(found, [], `${what}:\n${found.join("\n")}`);
}

/**
 * Everything a page must not do, checked at the end of each test.
 * @param {Awaited<ReturnType<typeof openPage>>} p
 */
async function clean(p) {
  assert.deepEqual(await p.cspViolations(), [], "CSP violations");
  assert.deepEqual(p.problems.console, [], "console errors");
  assert.deepEqual(p.problems.errors, [], "page errors");
  assert.deepEqual(p.problems.foreign, [], "requests to other origins");
}

test("step 5 keeps every control listed whatever its status; only a chosen filter hides, and says how many", async () => {
  const p = await openPage(browser, srv.origin);
  const { page } = p;
  await page.goto(srv.url("#assess/5"));
  await ready(page);
  await load(page, RAG);
  const map = page.locator("ai-risk-map");
  await map.locator('section.arm-step[data-step="5"]').waitFor();
  const rows = map.locator(".arm-step [data-control]");
  const total = await rows.count();
  assert.ok(total > 20, `${total} controls listed`);
  await fieldOf(map, "Status", "DASF 1").selectOption("implemented");
  await map.locator('.arm-step-button[data-step="4"]').click();
  await map.locator('section.arm-step[data-step="4"]').waitFor();
  await map.locator('.arm-step-button[data-step="5"]').click();
  await map.locator('section.arm-step[data-step="5"]').waitFor();
  assert.equal(await rows.count(), total, "no control vanished");
  assert.equal(await fieldOf(map, "Status", "DASF 1").inputValue(), "implemented");
  assert.ok(await fieldOf(map, "Status", "DASF 1").isVisible());
  assert.match((await map.locator('[data-shown="control"]').textContent()) ?? "", new RegExp(`^All ${total} controls shown`));

  // The filter the user ticks hides the implemented one, and the count says so.
  const filter = map.getByLabel(/Show only controls that are not implemented yet/);
  assert.match((await filter.locator("xpath=..").textContent()) ?? "", new RegExp(`\\(${total - 1} of ${total}\\)`));
  await filter.check();
  assert.equal(await map.locator('.arm-step [data-control="DASF 1"]').isVisible(), false);
  assert.match((await map.locator('[data-shown="control"]').textContent()) ?? "", new RegExp(`^Showing ${total - 1} of ${total} controls`));
  await filter.uncheck();
  assert.ok(await map.locator('.arm-step [data-control="DASF 1"]').isVisible());

  // The search box narrows the list the same way (the engine's search).
  await map.getByLabel(/Search the controls/).fill("DASF 1");
  assert.ok(await map.locator('.arm-step [data-control="DASF 1"]').isVisible());
  const shown = await map.locator(".arm-step [data-control]:visible").count();
  assert.ok(shown < total && shown >= 1, `${shown} shown`);
  assert.match((await map.locator('[data-shown="control"]').textContent()) ?? "", new RegExp(`^Showing ${shown} of ${total}`));
  await map.getByLabel(/Search the controls/).fill("");
  assert.equal(await map.locator(".arm-step [data-control]:visible").count(), total);

  // Step 3 has one too.
  await map.locator('.arm-step-button[data-step="3"]').click();
  await map.getByLabel(/Search the risks/).fill("9.1");
  assert.ok(await map.locator('.arm-step [data-risk="9.1"]').isVisible());
  assert.equal(await map.locator('.arm-step [data-risk="1.1"]').isVisible(), false);
  // A component's name finds its risks, as in the catalog browser; groups left empty hide.
  // ("Inference Requests" matches component 9's name and no risk's own text.)
  await map.getByLabel(/Search the risks/).fill("Inference Requests");
  const serving = await page.evaluate(() => /** @type {any} */ (document.querySelector("ai-risk-map")).report.risks.filter((/** @type {any} */ r) => r.component === "9" && r.state !== "not_applicable").map((/** @type {any} */ r) => r.id));
  assert.ok(serving.length > 1);
  for (const id of serving) assert.ok(await map.locator(`.arm-step [data-risk="${id}"]`).isVisible(), `risk ${id} of component 9`);
  assert.equal(await map.locator(".arm-step [data-risk]:visible").count(), serving.length);
  // Of the components' groups only component 9's is left (the closed group of risks not
  // flagged for these models keeps its own risks of component 9).
  const groups = await map.locator(".arm-step details.arm-group:visible > summary").allTextContents();
  assert.deepEqual(groups.filter((g) => g.startsWith("Component")).map((g) => g.split(":")[0]), ["Component 9"]);
  await clean(p);
  await p.context.close();
});

test("undo and redo: a bulk action over a Planned status, the keys, and one step per text field", async () => {
  const p = await openPage(browser, srv.origin);
  const { page } = p;
  await page.goto(srv.url("#assess/5"));
  await ready(page);
  await load(page, RAG);
  const map = page.locator("ai-risk-map");
  const first = map.locator(".arm-score .arm-next li").first();
  const id = /** @type {string} */ (await first.getAttribute("data-control"));
  await fieldOf(map, "Status", id).selectOption("planned");
  assert.equal((await current(page)).controls[id].status, "planned");
  await map.locator(`.arm-score .arm-next li[data-control="${id}"]`).getByRole("button", { name: /Mark .* implemented/ }).click();
  assert.equal((await current(page)).controls[id].status, "implemented");

  // The button takes it back to Planned, as it was; the keys redo and undo again.
  await map.getByRole("button", { name: /Undo/ }).click();
  assert.equal((await current(page)).controls[id].status, "planned");
  assert.equal(await fieldOf(map, "Status", id).inputValue(), "planned");
  await page.keyboard.press("Control+Shift+Z");
  assert.equal((await current(page)).controls[id].status, "implemented");
  await page.keyboard.press("Control+Z");
  assert.equal((await current(page)).controls[id].status, "planned");

  // A bulk action over a responsibility group is one step.
  const before = await current(page);
  const group = map.locator("details.arm-group", { hasText: "Configuration" }).first();
  await group.getByRole("button", { name: /Apply to every control in Configuration/ }).click();
  assert.notDeepEqual(await current(page), before);
  await map.getByRole("button", { name: /Undo/ }).click();
  assert.deepEqual(await current(page), before);
  await map.getByRole("button", { name: /Redo/ }).click();
  assert.notDeepEqual(await current(page), before);
  await map.getByRole("button", { name: /Undo/ }).click();

  // Typing in a field is one step, even inside the field (its own undo is the engine's).
  const owner = fieldOf(map, "Owner", id);
  await owner.click();
  await owner.pressSequentially("Platform");
  assert.equal((await current(page)).controls[id].owner, "Platform");
  await page.keyboard.press("Control+Z");
  assert.equal((await current(page)).controls[id].owner ?? "", "");
  assert.equal((await current(page)).controls[id].status, "planned", "only the typing was taken back");
  // The history lasts the whole visit: across steps too.
  await map.locator('.arm-step-button[data-step="1"]').click();
  await map.getByLabel("Name").fill("Bot");
  await map.locator('.arm-step-button[data-step="5"]').click();
  await map.getByRole("button", { name: /Undo/ }).click();
  assert.equal((await current(page)).useCase.name, "Mine");
  await map.getByRole("button", { name: /Undo/ }).click();
  assert.equal((await current(page)).controls[id]?.status ?? "not_assessed", "not_assessed", "back to before the first edit");
  await clean(p);
  await p.context.close();
});

test("every step and view has an address; Back and Forward move through them", async () => {
  const p = await openPage(browser, srv.origin);
  const { page } = p;
  await page.goto(srv.url(""));
  await ready(page);
  const map = page.locator("ai-risk-map");
  const hash = () => new URL(page.url()).hash;
  assert.equal(hash(), "#assess/1");
  await map.getByRole("button", { name: /Next: Deployment/ }).click();
  assert.equal(hash(), "#assess/2");
  await map.getByRole("button", { name: /Next: Risks/ }).click();
  assert.equal(hash(), "#assess/3");
  await page.goBack();
  await page.waitForFunction(() => /Step 2 of 5/.test(document.querySelector("ai-risk-map")?.shadowRoot?.querySelector("section.arm-step h2")?.textContent ?? ""));
  await page.goBack();
  await page.waitForFunction(() => /Step 1 of 5/.test(document.querySelector("ai-risk-map")?.shadowRoot?.querySelector("section.arm-step h2")?.textContent ?? ""));
  assert.equal(hash(), "#assess/1");
  await page.goForward();
  await page.waitForFunction(() => /Step 2 of 5/.test(document.querySelector("ai-risk-map")?.shadowRoot?.querySelector("section.arm-step h2")?.textContent ?? ""));
  assert.match((await heading(page)) ?? "", /Step 2 of 5/);

  // A reload stays where it was.
  await page.reload();
  await ready(page);
  await map.locator('section.arm-step[data-step="2"]').waitFor();
  assert.equal(hash(), "#assess/2");

  // The views, and the catalog's items.
  await page.getByRole("button", { name: "Report", exact: true }).click();
  assert.equal(hash(), "#report");
  await page.reload();
  await ready(page);
  await map.locator(".arm-report").waitFor();
  assert.equal(hash(), "#report");
  await page.getByRole("button", { name: "Catalog", exact: true }).click();
  assert.equal(hash(), "#catalog");
  await map.locator('.arm-results [data-risk="9.1"] button').click();
  assert.equal(hash(), "#risk/9.1");
  await page.goBack();
  await page.waitForFunction(() => document.querySelector("ai-risk-map")?.shadowRoot?.querySelector("[data-item]") == null);
  assert.equal(hash(), "#catalog");
  await page.goForward();
  await map.locator('[data-item="risk:9.1"]').waitFor();
  await page.goBack();
  await page.goBack();
  await map.locator(".arm-report").waitFor();
  await page.goBack();
  await map.locator('section.arm-step[data-step="2"]').waitFor();

  // An address opened directly, and a risk id in step 5 that links to the risk.
  await page.goto(srv.url("#assess/5"));
  await map.locator('section.arm-step[data-step="5"]').waitFor();
  await load(page, RAG);
  const link = map.locator('.arm-step [data-control="DASF 1"] [data-risk-link]').first();
  const risk = await link.getAttribute("data-risk-link");
  await link.click();
  await map.locator(`[data-item="risk:${risk}"]`).waitFor();
  await page.goBack();
  await map.locator('section.arm-step[data-step="5"]').waitFor();
  await clean(p);
  await p.context.close();
});

/**
 * A share link of `doc`, made by the page in a context of its own.
 * @param {object} doc
 */
async function shareLink(doc) {
  const p = await openPage(browser, srv.origin);
  await p.page.goto(srv.url(""));
  await ready(p.page);
  await load(p.page, doc);
  await p.page.locator("#share").click();
  await p.page.waitForFunction(() => /** @type {HTMLInputElement} */ (document.querySelector("#sharelink")).value !== "");
  const link = await p.page.locator("#sharelink").inputValue();
  await p.context.close();
  return link;
}

const SHARED = { ...RAG, useCase: { name: "Theirs" }, controls: { "DASF 1": { status: "planned" } } };

test("a share link opened over work in the same tab: read-only report, the work kept, Edit a copy keeps it aside", async () => {
  const link = await shareLink(SHARED);
  const p = await openPage(browser, srv.origin);
  const { page } = p;
  await page.goto(srv.url(""));
  await ready(page);
  const map = page.locator("ai-risk-map");
  await map.getByLabel("Name").fill("Mine");
  await saved(page);
  await page.evaluate((h) => { location.hash = h; }, new URL(link).hash);
  await map.locator(".arm-report").waitFor();
  assert.equal((await current(page)).useCase.name, "Theirs");
  assert.equal(await page.locator("ai-risk-map[readonly]").count(), 1, "read-only");
  assert.match((await page.locator("#sharedbar").textContent()) ?? "", /shared assessment.*read-only/);
  assert.equal(new URL(page.url()).hash, "#report");
  await axe(page, "shared report");

  // A reload brings the work back: the link never replaced it.
  await page.reload();
  await ready(page);
  assert.equal((await current(page)).useCase.name, "Mine");

  // Edit a copy: the copy becomes the work, the earlier work is kept aside and offered.
  await page.evaluate((h) => { location.hash = h; }, new URL(link).hash);
  await page.getByRole("button", { name: "Edit a copy" }).click();
  assert.equal((await current(page)).useCase.name, "Theirs");
  assert.equal(await page.locator("ai-risk-map[readonly]").count(), 0);
  assert.match((await page.locator("#notice").textContent()) ?? "", /kept aside under the key \u201cai-risk-map:kept:\d+/);
  await page.reload();
  await ready(page);
  assert.equal((await current(page)).useCase.name, "Theirs");
  const kept = page.locator("#kept li");
  assert.equal(await kept.count(), 1);
  assert.match((await kept.textContent()) ?? "", /\u201cMine\u201d.*key \u201cai-risk-map:kept:/);
  await axe(page, "kept aside");
  await kept.getByRole("button", { name: /^Open/ }).click();
  assert.equal((await current(page)).useCase.name, "Mine");
  // Opening it was a swap: the copy is kept aside in its turn.
  assert.match((await page.locator("#kept li").textContent()) ?? "", /\u201cTheirs\u201d/);
  await page.locator("#kept li").getByRole("button", { name: /^Discard/ }).click();
  assert.equal(await page.locator("#kept li").count(), 0);
  await clean(p);
  await p.context.close();
});

test("New while a shared assessment is shown keeps the user's own work aside, not the shared one", async () => {
  const link = await shareLink(SHARED);
  const p = await openPage(browser, srv.origin);
  const { page } = p;
  await page.goto(srv.url(""));
  await ready(page);
  await page.locator("ai-risk-map").getByLabel("Name").fill("Mine");
  await saved(page);
  await page.evaluate((h) => { location.hash = h; }, new URL(link).hash);
  await page.locator("ai-risk-map").locator(".arm-report").waitFor();
  await page.getByRole("button", { name: "New", exact: true }).click();
  assert.equal(await page.locator("ai-risk-map[readonly]").count(), 0);
  assert.equal((await current(page)).useCase?.name ?? "", "");
  const kept = await page.locator("#kept li").allTextContents();
  assert.equal(kept.length, 1, kept.join("\n"));
  assert.match(kept[0], /\u201cMine\u201d/);
  await clean(p);
  await p.context.close();
});

test("a share link opened in a second tab that outlives the first: the earlier work is recoverable after a reload", async () => {
  const link = await shareLink(SHARED);
  const p = await openPage(browser, srv.origin);
  const first = p.page;
  await first.goto(srv.url(""));
  await ready(first);
  await first.locator("ai-risk-map").getByLabel("Name").fill("Mine");
  await saved(first);
  const second = await p.context.newPage();
  await second.goto(link);
  await ready(second);
  await second.locator("ai-risk-map").locator(".arm-report").waitFor();
  assert.equal((await current(second)).useCase.name, "Theirs");
  // The first tab goes on working, then is closed.
  await first.locator("ai-risk-map").getByLabel("Owner").fill("Platform team");
  const firstClosed = first.waitForEvent("close");
  await first.close({ runBeforeUnload: true });
  await firstClosed;
  await second.reload();
  await ready(second);
  await second.evaluate(() => { location.hash = "#assess/1"; });
  await second.locator("ai-risk-map").locator('section.arm-step[data-step="1"]').waitFor();
  const mine = await current(second);
  assert.deepEqual([mine.useCase.name, mine.useCase.owner], ["Mine", "Platform team"]);

  // Again, with Edit a copy in the second tab while the first still works on.
  const third = await p.context.newPage();
  await third.goto(link);
  await ready(third);
  await third.getByRole("button", { name: "Edit a copy" }).click();
  await second.locator("ai-risk-map").getByLabel("Owner").fill("Platform team 2");
  // Its autosave is refused (the copy was saved since): the page asks before closing; leave.
  await second.locator("#alert [data-clash]").waitFor();
  await second.waitForTimeout(400);
  second.on("dialog", (d) => d.accept());
  const closed = second.waitForEvent("close");
  await second.close({ runBeforeUnload: true });
  await closed;
  await third.reload();
  await ready(third);
  assert.equal((await current(third)).useCase.name, "Theirs");
  const kept = await third.locator("#kept li").allTextContents();
  assert.ok(kept.some((t) => /\u201cMine\u201d/.test(t)), kept.join("\n"));
  // The second tab's last edit, refused by the autosave once the copy was saved, was kept
  // aside as the tab closed.
  const texts = await third.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("ai-risk-map:kept:")).map((k) => localStorage.getItem(k)));
  assert.ok(texts.some((t) => JSON.parse(t ?? "{}").useCase?.owner === "Platform team 2"), "the last edit is kept");
  await p.context.close();
});

test("step 4 lists each pertinent risk's threats with their names; the review and its note are saved in the document", async () => {
  const p = await openPage(browser, srv.origin);
  const { page } = p;
  await page.goto(srv.url("#assess/4"));
  await ready(page);
  await load(page, RAG);
  const map = page.locator("ai-risk-map");
  await map.locator('section.arm-step[data-step="4"]').waitFor();
  const row = map.locator('.arm-step [data-risk="9.1"]');
  assert.match((await row.locator('[data-threat="AML.T0051"]').textContent()) ?? "", /AML\.T0051 \S+/);
  assert.match((await map.locator('[data-score="threats"]').textContent()) ?? "", /^Threats reviewed for 0 of \d+ pertinent risks/);
  await row.getByLabel("Threats reviewed for risk 9.1").check();
  await row.getByLabel("Note on the threats of risk 9.1").fill("Public chat: exposed");
  assert.deepEqual((await current(page)).risks["9.1"], { threatsReviewed: true, threatsNote: "Public chat: exposed" });
  assert.match((await map.locator('[data-score="threats"]').textContent()) ?? "", /^Threats reviewed for 1 of/);
  await saved(page);
  await page.reload();
  await ready(page);
  assert.equal(await map.locator('.arm-step [data-risk="9.1"]').getByLabel("Threats reviewed for risk 9.1").isChecked(), true);
  await axe(page, "step 4");
  // Taken back, the review and its note leave a decision that says nothing: it is dropped.
  await row.getByLabel("Threats reviewed for risk 9.1").uncheck();
  await row.getByLabel("Note on the threats of risk 9.1").fill("");
  assert.equal((await current(page)).risks?.["9.1"], undefined);
  await clean(p);
  await p.context.close();
});

/**
 * Press Tab until the focused element (inside the element's shadow root too) matches, and
 * say how many presses it took; fails after `max`.
 * @param {import("playwright-core").Page} page
 * @param {string} selector
 * @param {number} [max]
 */
async function tabTo(page, selector, max = 400, key = "Tab") {
  for (let i = 0; i < max; i++) {
    const hit = await page.evaluate((sel) => {
      /** @type {Element | null} */
      let a = document.activeElement;
      while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
      return a?.matches(sel) ?? false;
    }, selector);
    if (hit) return i;
    await page.keyboard.press(key);
  }
  throw new Error(`Tab never reached ${selector}`);
}

test("the whole flow with the keyboard only", async () => {
  const p = await openPage(browser, srv.origin);
  const { page } = p;
  await page.goto(srv.url(""));
  await ready(page);
  const map = page.locator("ai-risk-map");
  await tabTo(page, '[data-key="uc:name"]');
  await page.keyboard.type("Support bot");
  await tabTo(page, "button.arm-primary");
  await page.keyboard.press("Enter");
  await map.locator('section.arm-step[data-step="2"]').waitFor();
  await tabTo(page, '[data-key="dm:rag_llm"]');
  await page.keyboard.press("Space");
  await tabTo(page, "button.arm-primary");
  await page.keyboard.press("Enter");
  await map.locator('section.arm-step[data-step="3"]').waitFor();
  await tabTo(page, '[data-key="lk:9.1"]');
  await page.keyboard.press("4");
  await tabTo(page, "button.arm-primary");
  await page.keyboard.press("Enter");
  await map.locator('section.arm-step[data-step="4"]').waitFor();
  await tabTo(page, '[data-key="tr:9.1"]');
  await page.keyboard.press("Space");
  await tabTo(page, "button.arm-primary");
  await page.keyboard.press("Enter");
  await map.locator('section.arm-step[data-step="5"]').waitFor();
  await tabTo(page, '[data-key="st:DASF 1"]');
  await page.keyboard.press("i");
  let a = await current(page);
  assert.equal(a.useCase.name, "Support bot");
  assert.deepEqual(a.deploymentModels, ["rag_llm"]);
  assert.equal(a.risks["9.1"].likelihood, 4);
  assert.equal(a.risks["9.1"].threatsReviewed, true);
  assert.equal(a.controls["DASF 1"].status, "implemented");
  await page.keyboard.press("Control+Z");
  assert.equal((await current(page)).controls?.["DASF 1"], undefined);
  await page.keyboard.press("Control+Shift+Z");
  assert.equal((await current(page)).controls["DASF 1"].status, "implemented");
  // Back up to the page's views: the report.
  await tabTo(page, 'button[data-view="report"]', 100, "Shift+Tab");
  await page.keyboard.press("Enter");
  await map.locator(".arm-report").waitFor();
  assert.equal(new URL(page.url()).hash, "#report");
  await page.goBack();
  await map.locator('section.arm-step[data-step="5"]').waitFor();
  a = await current(page);
  assert.equal(a.controls["DASF 1"].status, "implemented");
  await clean(p);
  await p.context.close();
});
