// Drives a running JupyterLab for test_jupyterlab_e2e.py with playwright-core and Debian's
// Chromium: opens the notebook, runs it, clicks a component of the widget, changes a
// control's status, re-runs the cell that prints the kernel's view of the widget, sets an
// assessment from Python and checks the view follows. Prints one JSON line with what it saw.
// Usage: node jupyterlab_driver.mjs BASE_URL NOTEBOOK_NAME SCREENSHOT_PATH
import { chromium } from "playwright-core";

const [base, notebook, screenshot] = process.argv.slice(2);
const RESULT = /^RESULT (.*)$/m;

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
/** @type {Record<string, unknown>} */
const seen = { foreign: [], errors: [] };
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const origin = new URL(base).origin;
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith("data:") && !u.startsWith("blob:")) /** @type {string[]} */ (seen.foreign).push(u);
  });
  page.on("pageerror", (e) => /** @type {string[]} */ (seen.errors).push(String(e)));

  await page.goto(`${base}lab/tree/${notebook}`);
  await page.waitForFunction(() => {
    const app = /** @type {any} */ (window).jupyterapp;
    const nb = app?.shell?.currentWidget;
    return nb?.content?.widgets?.length > 0 && nb.sessionContext?.session?.kernel?.status === "idle";
  });

  /** Run one cell by index and wait until the kernel is idle again. */
  const run = async (/** @type {number} */ index) => {
    const before = await page.evaluate(async (i) => {
      const app = /** @type {any} */ (window).jupyterapp;
      const nb = app.shell.currentWidget;
      const count = nb.content.widgets[i].model.executionCount;
      nb.content.activeCellIndex = i;
      app.commands.execute("notebook:run-cell");
      return count;
    }, index);
    await page.waitForFunction(([i, was]) => {
      const nb = /** @type {any} */ (window).jupyterapp.shell.currentWidget;
      const count = nb.content.widgets[i].model.executionCount;
      return count != null && count !== was && nb.sessionContext.session.kernel.status === "idle";
    }, /** @type {const} */ ([index, before]));
  };
  /** The RESULT line the kernel printed in cell `index`, parsed. */
  const result = async (/** @type {number} */ index) => {
    const text = await page.evaluate((i) => /** @type {any} */ (window).jupyterapp.shell.currentWidget.content.widgets[i].node.querySelector(".jp-OutputArea")?.textContent ?? "", index);
    const m = RESULT.exec(text);
    if (!m) throw new Error(`cell ${index} printed no RESULT line: ${text.slice(0, 500)}`);
    return JSON.parse(m[1]);
  };
  /** Re-run cell `index` until `ok(result)` (the view's messages reach the kernel between cells). */
  const until = async (/** @type {number} */ index, /** @type {(r: any) => boolean} */ ok) => {
    let last;
    for (let i = 0; i < 20; i++) {
      await run(index);
      last = await result(index);
      if (ok(last)) return last;
      await page.waitForTimeout(250);
    }
    return last;
  };

  const started = Date.now();
  await run(0);
  const widget = page.locator(".jp-OutputArea .arm-widget").first();
  await widget.locator('[data-component="9"]').waitFor();
  seen.renderMs = Date.now() - started;
  seen.before = await until(1, (r) => r.coverage != null);

  await widget.locator('[data-component="9"]').click();
  const panel = widget.getByRole("region", { name: /Component 9/ });
  await panel.locator('[data-control="DASF 54"] select').first().selectOption("implemented");
  seen.after = await until(1, (r) => r.status === "implemented" && r.coverage > 0);
  await widget.evaluate((el) => el.scrollIntoView({ block: "start" }));
  await page.screenshot({ path: screenshot, fullPage: false });

  // Python -> view: cell 2 sets an assessment; the view shows it and sends its report back.
  await run(2);
  seen.pythonSet = await until(3, (r) => r.report_dasf1 === "implemented");
  seen.elementDasf1 = await widget.locator("ai-risk-map").evaluate((el) => /** @type {any} */ (el).assessment.controls["DASF 1"]?.status ?? null);
  // A second widget in the same notebook, and the first one still answers.
  await run(4);
  await page.locator(".jp-OutputArea .arm-widget").nth(1).locator('[data-component="12"]').waitFor();
  seen.widgets = await page.locator(".jp-OutputArea .arm-widget").count();
  seen.firstStillComponents = await widget.locator("[data-component]").count();
  console.log(JSON.stringify(seen));
} finally {
  await browser.close();
}
