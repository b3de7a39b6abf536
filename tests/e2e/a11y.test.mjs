// axe (WCAG 2.0/2.1/2.2 A and AA rules) on every view of the page, in light and dark themes,
// with an assessment that has every kind of status, a set-aside risk and an open panel.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { setUp, openPage, ready, ROOT } from "./helpers.mjs";

const { srv, browser } = setUp();

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const example = JSON.parse(readFileSync(join(ROOT, "examples/rag-chatbot.assessment.json"), "utf8"));

/**
 * @param {import("playwright-core").Page} page
 * @param {string} what
 */
async function axe(page, what) {
  const t0 = Date.now();
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const found = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("\n    ")}`);
  if (process.env.AXE_TIMES) console.log(what, Date.now() - t0, "ms");
  assert.deepEqual(found, [], `${what}:\n${found.join("\n")}`);
}

for (const scheme of /** @type {const} */ (["light", "dark"])) {
  test(`axe finds no violation on any view (${scheme})`, async () => {
    const p = await openPage(browser, srv.origin, { colorScheme: scheme });
    const { page } = p;
    await page.goto(srv.url(""));
    await ready(page);
    await page.evaluate((a) => {
      /** @type {any} */ (document.querySelector("ai-risk-map")).assessment = a;
    }, example);
    const map = page.locator("ai-risk-map");
    assert.equal(await map.locator(".arm-root.arm-theme-dark").count(), scheme === "dark" ? 1 : 0);
    for (const step of [1, 2, 3, 4, 5]) {
      await map.locator(`.arm-step-button[data-step="${step}"]`).click();
      await map.locator(`section.arm-step[data-step="${step}"]`).waitFor();
      if (step === 3 || step === 5) {
        for (const d of await map.locator("details.arm-more").all()) await d.evaluate((el) => el.setAttribute("open", ""));
      }
      await axe(page, `assessment step ${step}`);
    }
    // A refused edit: the field marked invalid, with the message beside it.
    const note = map.locator('section.arm-step [data-control="DASF 1"]').getByLabel("Note");
    await note.focus();
    await note.evaluate((el) => {
      /** @type {HTMLTextAreaElement} */ (el).value = "half \ud83d";
      el.dispatchEvent(new Event("input", { bubbles: true }));
    });
    await map.locator(".arm-field-error").waitFor();
    await axe(page, "step 5 with a refused edit");
    await page.getByRole("button", { name: "Diagram", exact: true }).click();
    await map.locator('[data-component="9"]').click();
    await map.getByRole("region", { name: /Component 9/ }).waitFor();
    await axe(page, "diagram with panel");
    await page.getByRole("button", { name: "Catalog", exact: true }).click();
    await map.locator(".arm-results").first().waitFor();
    await axe(page, "catalog list");
    await map.locator('.arm-results [data-risk="9.12"] button').click();
    await map.locator('[data-item="risk:9.12"]').waitFor();
    await axe(page, "catalog risk");
    await map.locator('.arm-detail [data-control] button').first().click();
    await map.locator('[data-item^="control:"]').waitFor();
    await axe(page, "catalog control");
    await page.getByRole("button", { name: "Report", exact: true }).click();
    await map.locator(".arm-report").waitFor();
    await axe(page, "report");
    await page.getByRole("button", { name: "Share link" }).click();
    await page.locator("#sharebox").waitFor();
    await axe(page, "share box");
    assert.deepEqual(await p.cspViolations(), []);
    assert.deepEqual(p.problems.foreign, []);
    await p.context.close();
  });
}

test("the theme toggle switches page and element to dark and back", async () => {
  const p = await openPage(browser, srv.origin, { colorScheme: "light" });
  const { page } = p;
  await page.goto(srv.url("#diagram"));
  await ready(page);
  const map = page.locator("ai-risk-map");
  await page.getByLabel("Theme").selectOption("dark");
  assert.equal(await map.locator(".arm-root.arm-theme-dark").count(), 1);
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, "rgb(20, 24, 29)");
  await axe(page, "diagram, dark by toggle");
  await page.getByLabel("Theme").selectOption("light");
  assert.equal(await map.locator(".arm-root.arm-theme-dark").count(), 0);
  await p.context.close();
});
