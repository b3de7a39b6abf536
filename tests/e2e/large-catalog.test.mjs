// A user catalog four times the size of DASF (248 risks, 256 controls): it loads from a file
// like any catalog, and its long steps lay out only the rows in view, each still reachable
// from the keyboard and drawn in full once in view. A DASF-sized step lays out every row.
import { test } from "node:test";
import assert from "node:assert/strict";
import { setUp, openPage, ready, openScaledCatalog, openStep } from "./helpers.mjs";

const { srv, browser } = setUp();

test("a large user catalog: long steps lay out the rows in view, and every row is reachable", async () => {
  const p = await openPage(browser, srv.origin);
  const { page } = p;
  await page.goto(srv.url(""));
  await ready(page);
  const map = page.locator("ai-risk-map");
  // DASF 2.0 first: step 5 is not long.
  await openStep(page, 5);
  assert.equal(await map.locator(".arm-step.arm-long").count(), 0);

  // The built-in catalog four times over.
  await openScaledCatalog(page, 4);
  await map.locator('.arm-step-button[data-step="5"]').click();
  const rows = map.locator(".arm-step.arm-long .arm-control-row");
  assert.ok((await rows.count()) > 200, "step 5 lists every control, as a long step");
  assert.equal(await rows.first().evaluate((r) => getComputedStyle(r).contentVisibility), "auto");

  // The last row, far below: reached by the keyboard (focus), it is drawn in full and its
  // status edit lands in the document.
  const last = rows.last();
  const id = await last.getAttribute("data-control");
  const status = last.locator(`select[data-key="st:${id}"]`);
  await status.focus();
  await status.selectOption("implemented");
  const box = await last.boundingBox();
  assert.ok(box && box.height > 40, "the row in view is laid out in full");
  assert.ok(await status.isVisible());
  const doc = await page.evaluate(() => /** @type {any} */ (document.querySelector("ai-risk-map")).assessment);
  assert.equal(doc.controls[/** @type {string} */ (id)].status, "implemented");
  assert.deepEqual(p.problems.errors, []);
  assert.deepEqual(await p.cspViolations(), []);
});
