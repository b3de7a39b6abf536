// Benchmark the built page (dist/) in headless Chromium, served like the tests serve it:
//   1. navigation start -> the first diagram in the DOM (the element's performance mark
//      "ai-risk-map:diagram"), and -> the next frame painted after it;
//   2. a control status change -> the scores updated and the next frame painted.
// Prints the median (and min/max) of RUNS runs. Usage: node scripts/bench-page.mjs [RUNS]
import { serve, launch } from "../tests/e2e/helpers.mjs";

const runs = Number(process.argv[2] ?? 10);
const srv = await serve();
const browser = await launch();
/** @type {Record<string, number[]>} */
const times = { mark: [], painted: [], change: [] };

try {
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    const page = await context.newPage();
    await page.goto(srv.url("#diagram"), { waitUntil: "commit" });
    const first = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const check = () => {
            const mark = performance.getEntriesByName("ai-risk-map:diagram")[0];
            if (mark) requestAnimationFrame(() => setTimeout(() => resolve({ mark: mark.startTime, painted: performance.now() })));
            else requestAnimationFrame(check);
          };
          check();
        }),
    );
    times.mark.push(first.mark);
    times.painted.push(first.painted);

    await page.evaluate(() => document.querySelector("ai-risk-map")?.setAttribute("view", "assessment"));
    await page.locator('.arm-step-button[data-step="5"]').click();
    await page.locator('section.arm-step[data-step="5"] [data-control] select').first().waitFor();
    const change = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const root = /** @type {ShadowRoot} */ (document.querySelector("ai-risk-map")?.shadowRoot);
          const big = /** @type {Element} */ (root.querySelector('.arm-score [data-score="overall"] .arm-big'));
          const box = /** @type {Element} */ (root.querySelector(".arm-score-body"));
          const sel = /** @type {HTMLSelectElement} */ (root.querySelector('section.arm-step [data-control="DASF 54"] select'));
          const before = big.textContent;
          const t0 = performance.now();
          sel.value = "implemented";
          sel.dispatchEvent(new Event("change", { bubbles: true }));
          const now = /** @type {Element} */ (box.querySelector('[data-score="overall"] .arm-big'));
          if (now.textContent === before) return resolve(-1);
          requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0)));
        }),
    );
    if (change < 0) throw new Error("the scores did not change");
    times.change.push(/** @type {number} */ (change));
    await context.close();
  }
} finally {
  await browser.close();
  await srv.close();
}

/** @param {number[]} xs */
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
/** @param {string} label @param {number[]} xs */
const line = (label, xs) =>
  console.log(`${label.padEnd(52)} median ${median(xs).toFixed(1).padStart(7)} ms   (min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)}, n=${xs.length})`);
line("navigation -> first diagram in the DOM", times.mark);
line("navigation -> first diagram painted", times.painted);
line("control status change -> scores updated and painted", times.change);
