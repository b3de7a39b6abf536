// The report a CISO reads first page first, and counts that agree: the summary is on the
// first printed page (the page's header is not printed), the downloaded SVG says which
// system and when, gaps come riskiest first, and every count the views show is the
// report's, with one plural rule (no "1 risks", no "n/a" beside "–").
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { setUp, openPage, ready, ROOT } from "./helpers.mjs";

const { srv, browser } = setUp();

const ARTIFACTS = join(ROOT, "tests/artifacts");
mkdirSync(ARTIFACTS, { recursive: true });
const example = JSON.parse(readFileSync(join(ROOT, "examples/rag-chatbot.assessment.json"), "utf8"));

/**
 * @param {import("playwright-core").Page} page
 * @param {unknown} assessment
 */
async function load(page, assessment) {
  await page.goto(srv.url(""));
  await ready(page);
  await page.evaluate((a) => {
    /** @type {any} */ (document.querySelector("ai-risk-map")).assessment = a;
  }, assessment);
}

/** @param {import("playwright-core").Page} page */
const report = (page) => page.evaluate(() => /** @type {any} */ (document.querySelector("ai-risk-map")).report);

// A4 less the 12 mm margins of page.css's @page rule, in CSS pixels (96 per inch).
const A4_CONTENT = { width: Math.floor((186 / 25.4) * 96), height: Math.floor((273 / 25.4) * 96) };

test("printed, the summary ends on the first page and the page's header is not printed", async () => {
  const p = await openPage(browser, srv.origin, { viewport: A4_CONTENT });
  const { page } = p;
  await load(page, example);
  await page.getByRole("button", { name: "Report", exact: true }).click();
  const map = page.locator("ai-risk-map");
  await map.locator(".arm-report [data-summary]").waitFor();
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.locator("header.head").isVisible(), false, "the page's header and blurb are not printed");
  const box = await map.locator(".arm-report [data-summary]").evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top + window.scrollY, bottom: r.bottom + window.scrollY };
  });
  assert.ok(box.bottom <= A4_CONTENT.height, `the summary ends at ${Math.round(box.bottom)} px, past the first page (${A4_CONTENT.height} px)`);
  // What the first page says: who, when, how far, the top risks and actions, what is in place.
  const first = await map.locator(".arm-report").evaluate((el, limit) => {
    const out = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const r = /** @type {Text} */ (n).parentElement?.getBoundingClientRect();
      if (r && r.bottom + window.scrollY <= limit && r.height > 0) out.push(n.textContent);
    }
    return out.join(" ");
  }, A4_CONTENT.height);
  for (const words of ["Customer support assistant (RAG)", "ML platform team", "J. Rivera", "2026-11-30", "covered overall", "10.6 Sensitive data output from a model", "Likelihood 3", "DASF 39", "DASF 1 SSO with IdP and MFA", "idp-mfa-policy"]) {
    assert.ok(first.includes(words), `page one says "${words}"`);
  }
  await page.pdf({ path: join(ARTIFACTS, "report.pdf"), format: "A4", printBackground: true });
  await p.context.close();
});

test("a mature assessment's summary still fits page one: the controls in place that cover most, all of them later", async () => {
  const p = await openPage(browser, srv.origin, { viewport: A4_CONTENT });
  const { page } = p;
  await page.goto(srv.url(""));
  await ready(page);
  // Every control implemented, each with two pieces of evidence and a note.
  await page.evaluate((a) => {
    const map = /** @type {any} */ (document.querySelector("ai-risk-map"));
    map.assessment = a;
    const controls = Object.fromEntries(map.report.controls.map((/** @type {any} */ c) => [c.id, { status: "implemented", owner: "Platform security", evidence: [`https://wiki.example.com/evidence/${c.id.replace(" ", "-")}`, "Quarterly review"], note: "Checked in the last audit." }]));
    map.assessment = { ...a, controls };
  }, example);
  await page.getByRole("button", { name: "Report", exact: true }).click();
  const map = page.locator("ai-risk-map");
  await map.locator(".arm-report [data-summary]").waitFor();
  const r = await report(page);
  assert.ok(r.summary.inPlaceTotal > r.summary.inPlace.length, `${r.summary.inPlaceTotal} in place`);
  assert.equal(r.summary.inPlaceLine, `${r.summary.inPlace.length} of ${r.summary.inPlaceTotal} controls, those relied on for the most risks; every one is listed under All controls in place.`);
  assert.equal(await map.locator("[data-in-place]").textContent(), r.summary.inPlaceLine);
  const all = map.locator("table", { has: page.locator("caption", { hasText: "Every implemented control" }) });
  assert.equal(await all.locator("tbody tr").count(), r.summary.inPlaceTotal);
  await page.emulateMedia({ media: "print" });
  const bottom = await map.locator(".arm-report [data-summary]").evaluate((el) => el.getBoundingClientRect().bottom + window.scrollY);
  assert.ok(bottom <= A4_CONTENT.height, `the summary ends at ${Math.round(bottom)} px, past the first page (${A4_CONTENT.height} px)`);
  await p.context.close();
});

test("the diagram's SVG download says which system and when", async () => {
  const p = await openPage(browser, srv.origin);
  const { page } = p;
  await load(page, example);
  await page.getByRole("button", { name: "Report", exact: true }).click();
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("ai-risk-map").getByRole("button", { name: "Diagram as SVG" }).click()]);
  const svg = readFileSync(/** @type {string} */ (await download.path()), "utf8");
  const caption = [...svg.matchAll(/<text class="arm-caption"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).join(" ");
  assert.match(caption, /Customer support assistant \(RAG\)/);
  assert.match(caption, /assessed on 2026-11-30/);
  await p.context.close();
});

test("gaps come riskiest first in the report view, as the engine ranks them", async () => {
  const p = await openPage(browser, srv.origin);
  const { page } = p;
  await load(page, example);
  await page.getByRole("button", { name: "Report", exact: true }).click();
  const map = page.locator("ai-risk-map");
  const table = map.locator("table", { has: page.locator("caption", { hasText: "Open risk\u2013control pairs" }) });
  const rows = await table.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [tr.querySelector("th")?.textContent ?? "", tr.querySelectorAll("td")[0]?.textContent ?? ""]));
  const r = await report(page);
  assert.equal(rows.length, r.gaps.length);
  const priorities = rows.map(([, p]) => (p === "Not rated" ? -1 : Number(p)));
  assert.ok(priorities.some((x) => x > 0), "the example rates some risks");
  for (let i = 1; i < priorities.length; i++) assert.ok(priorities[i] <= priorities[i - 1], `gap ${i} (${rows[i][0]}) after a lower priority`);
  assert.deepEqual(rows.map(([risk]) => risk.split(" ")[0]), r.gaps.map((/** @type {any} */ g) => g.risk));
  await p.context.close();
});

test("counts agree between the diagram, the panel and the report, with one plural rule", async () => {
  const p = await openPage(browser, srv.origin);
  const { page } = p;
  await load(page, example);
  const map = page.locator("ai-risk-map");
  const r = await report(page);
  await page.getByRole("button", { name: "Diagram", exact: true }).click();
  await map.locator('[data-component="8"]').waitFor();
  const stats = await map.locator(".arm-node").evaluateAll((gs) => Object.fromEntries(gs.map((g) => [g.getAttribute("data-component"), g.querySelector(".arm-node-stats")?.textContent ?? ""])));
  for (const c of r.components.filter((/** @type {any} */ c) => c.inScope && c.applicable > 0)) {
    assert.match(stats[c.id], new RegExp(`^${c.applicable} risks?\\b`), `component ${c.id}: "${stats[c.id]}" against ${c.applicable} applicable`);
  }
  // Evaluation (6): one risk of two set aside, and said so.
  assert.match(stats["6"], /^2 risks, 1 set aside/);
  await map.locator('[data-component="8"]').click();
  const line = await map.locator(".arm-panel .arm-score-line").textContent();
  const eight = r.components.find((/** @type {any} */ c) => c.id === "8");
  assert.match(line ?? "", new RegExp(`^${eight.applicable} applicable risks?`));
  // A remark on a risk that is not set aside does not read as "Set aside".
  await map.locator('[data-component="9"]').click();
  for (const risk of r.risks.filter((/** @type {any} */ x) => x.component === "9" && x.reason && x.state !== "not_applicable")) {
    const said = await map.locator(`.arm-panel [data-risk="${risk.id}"] [data-reason]`).textContent();
    assert.equal(said?.startsWith("Set aside"), risk.state === "set_aside", `${risk.id} (${risk.state}): ${said}`);
  }
  await page.getByRole("button", { name: "Report", exact: true }).click();
  const row = map.locator("table", { has: page.locator("caption", { hasText: "Scores by component" }) }).locator("tr", { has: page.locator("th", { hasText: /^8\. / }) });
  assert.equal(await row.locator('td[data-label="Applicable"]').textContent(), String(eight.applicable));
  // Every view: no "1 risks", no "n/a" (an empty score is an en dash everywhere).
  const texts = [];
  const text = () => map.evaluate((el) => /** @type {ShadowRoot} */ (el.shadowRoot).querySelector(".arm-body")?.textContent ?? "");
  texts.push(["report", await text()]);
  await page.getByRole("button", { name: "Assess", exact: true }).click();
  for (const step of [1, 2, 3, 4, 5]) {
    await map.locator(`.arm-step-button[data-step="${step}"]`).click();
    await map.locator(`section.arm-step[data-step="${step}"]`).waitFor();
    texts.push([`step ${step}`, await text()]);
  }
  for (const [where, t] of texts) {
    assert.doesNotMatch(t, /(^|[^\d.])1 (risks|controls|gaps|points|components)\b/, `${where} pluralises one`);
    assert.doesNotMatch(t, /\bn\/a\b/, `${where} says n/a`);
  }
  await p.context.close();
});

test("Planned and Partial differ in colour and in a cue that is not colour", async () => {
  const p = await openPage(browser, srv.origin);
  const { page } = p;
  await load(page, example);
  const map = page.locator("ai-risk-map");
  await page.getByRole("button", { name: "Assess", exact: true }).click();
  await map.locator('.arm-step-button[data-step="5"]').click();
  await map.locator('section.arm-step[data-step="5"]').waitFor();
  const look = (/** @type {string} */ status) =>
    map.locator(`select.arm-status-${status}`).first().evaluate((el) => {
      const s = getComputedStyle(el);
      return { shadow: s.boxShadow, image: s.backgroundImage, border: s.borderStyle };
    });
  const planned = await look("planned");
  const partial = await look("partial");
  assert.notDeepEqual(planned, partial);
  assert.match(planned.image, /repeating-linear-gradient/, "planned: a dashed stripe");
  assert.equal(planned.border, "dashed");
  assert.equal(partial.border, "solid");
  // The chips, as the read-only panel and the catalog draw them.
  const chips = await map.evaluate((el) => {
    const root = /** @type {ShadowRoot} */ (el.shadowRoot);
    const of = (/** @type {string} */ status) => {
      const chip = document.createElement("span");
      chip.className = `arm-chip arm-status-${status}`;
      chip.textContent = status;
      root.querySelector(".arm-body")?.append(chip);
      const s = getComputedStyle(chip);
      const out = { bg: s.backgroundColor, border: s.borderStyle };
      chip.remove();
      return out;
    };
    return { planned: of("planned"), partial: of("partial") };
  });
  assert.notEqual(chips.planned.bg, chips.partial.bg);
  assert.equal(chips.planned.border, "dashed");
  await p.context.close();
});

test("a long note is folded in the report view: its start shows, the rest opens on demand, nothing is cut", async () => {
  const p = await openPage(browser, srv.origin);
  const { page } = p;
  // A note far over the fold, repeated by the gap table for each risk its control mitigates.
  const note = `Start of the note. ${"details ".repeat(2000)}End of the note.`;
  const doc = structuredClone(example);
  doc.controls["DASF 54"] = { ...doc.controls["DASF 54"], note };
  await load(page, doc);
  await page.getByRole("button", { name: "Report", exact: true }).click();
  const map = page.locator("ai-risk-map");
  const cell = map.locator(".arm-report tbody td .arm-folded").filter({ hasText: "Start of the note." }).first();
  await cell.waitFor();
  const details = cell.locator("details");
  assert.equal(await details.evaluate((d) => /** @type {HTMLDetailsElement} */ (d).open), false, "the rest starts folded");
  const height = () => details.evaluate((d) => d.getBoundingClientRect().height);
  const folded = await height();
  assert.ok(folded < 60, `folded, the rest takes one line (${folded} px)`);
  await details.locator("summary").click();
  const opened = await height();
  assert.ok(opened > 10 * folded, `opened, the rest is laid out (${opened} px)`);
  assert.equal(((await cell.textContent()) ?? "").replace(/\u2026 the rest \(\d+ more characters\)/, ""), note, "the whole note is there, once");
  await p.context.close();
});

test("the threat review of step 4 shows after the gaps: which pertinent risks were reviewed, with the team's notes", async () => {
  const p = await openPage(browser, srv.origin, { viewport: A4_CONTENT });
  const { page } = p;
  const doc = structuredClone(example);
  doc.risks["9.1"] = { ...doc.risks["9.1"], threatsReviewed: true, threatsNote: "Exposed through the public chat" };
  doc.risks["9.8"] = { ...doc.risks["9.8"], threatsNote: "Half done" };
  await load(page, doc);
  await page.getByRole("button", { name: "Report", exact: true }).click();
  const map = page.locator("ai-risk-map");
  const section = map.locator(".arm-report [data-threats]");
  await section.waitFor();
  const r = await report(page);
  assert.match(await section.locator("p").first().textContent() ?? "", new RegExp(`^Threats reviewed for 1 of ${r.summary.threatsReviewed.total} pertinent risks\\.$`));
  const rows = await section.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("th, td")].map((c) => c.textContent)));
  assert.deepEqual(rows.map((row) => [row[0]?.split(" ")[0], row[1], row[2]]), [["9.1", "Yes", "Exposed through the public chat"], ["9.8", "Not yet", "Half done"]]);
  // After the gaps, and not on the first printed page.
  const gaps = map.locator("table", { has: page.locator("caption", { hasText: "Open risk\u2013control pairs" }) });
  const top = (/** @type {import("playwright-core").Locator} */ l) => l.evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
  assert.ok((await top(section)) > (await top(gaps)));
  await page.emulateMedia({ media: "print" });
  assert.ok((await top(section)) > A4_CONTENT.height);
  await p.context.close();
});

test("before any control has a status the report counts no open gaps; after, it counts them", async () => {
  const p = await openPage(browser, srv.origin);
  const { page } = p;
  await page.goto(srv.url("#report"));
  await ready(page);
  const progress = page.locator("ai-risk-map").locator("[data-progress]");
  assert.match((await progress.textContent()) ?? "", /Open gaps are counted once the status of a control is recorded\.$/);
  assert.doesNotMatch((await progress.textContent()) ?? "", /open gap/);
  await load(page, example);
  await page.getByRole("button", { name: "Report", exact: true }).click();
  const { gaps: { length: gaps }, summary } = await report(page);
  assert.ok(gaps > 0);
  assert.match((await progress.textContent()) ?? "", new RegExp(`${gaps} open gaps \\(risk\u2013control pairs\\)\\.$`));
  // The engine's sentence, as the Markdown report has it too: the page writes none of its own.
  assert.equal(await progress.textContent(), summary.standing);
  await p.context.close();
});

test("the score panel and the report view show the engine's sentences as they are, before and after the first status", async () => {
  const p = await openPage(browser, srv.origin);
  const { page } = p;
  await page.goto(srv.url(""));
  await ready(page);
  const map = page.locator("ai-risk-map");
  const panel = (/** @type {string} */ what) => map.locator(`.arm-score [data-score="${what}"]`).textContent();
  let { summary } = await report(page);
  assert.equal(summary.gapsLine, "Open gaps are counted once the status of a control is recorded.");
  assert.equal(await panel("gaps"), summary.gapsLine);
  assert.equal(await panel("risks"), summary.risksLine);
  await load(page, example);
  const r = await report(page);
  summary = r.summary;
  assert.equal(summary.gapsLine, `${r.gaps.length} open gaps (risk\u2013control pairs).`);
  assert.match(summary.risksLine, /^\d+ applicable risks: \d+ scored \(\d+ covered, \d+ partly covered, \d+ open\), \d+ set aside\.$/);
  assert.equal(await panel("gaps"), summary.gapsLine);
  assert.equal(await panel("risks"), summary.risksLine);
  await page.getByRole("button", { name: "Report", exact: true }).click();
  assert.match(r.editionLine, new RegExp(`^${r.framework.replace(/[()]/g, "\\$&")} ${r.dasf}, with \\d+ errata applied$`));
  assert.equal(await map.locator("[data-edition]").textContent(), r.editionLine);
  await p.context.close();
});
