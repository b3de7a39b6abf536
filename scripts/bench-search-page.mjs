// How long one keystroke in the catalog search takes on the built page (dist/, in
// Chromium): the input event's handler runs the engine's search and redraws the results,
// all within one task, so this is the time the tab cannot draw a frame. Typed queries and
// pastes up to 100 KB. A measurement, not a test; prints medians.
// Usage: node scripts/bench-search-page.mjs [RUNS]
import { serve, launch, openPage, ready } from "../tests/e2e/helpers.mjs";

const runs = Number(process.argv[2] ?? 5);
const srv = await serve();
const browser = await launch();
try {
  const { page } = await openPage(browser, srv.origin);
  await page.goto(srv.url("#catalog"));
  await ready(page, "#map");
  const words = "model data training access prompt the of and to a in for is on with by".split(" ");
  /** @param {number} bytes */
  const paste = (bytes) => {
    let s = "";
    for (let i = 0; s.length < bytes; i++) s += `${words[i % words.length]} `;
    return s.slice(0, bytes);
  };
  const queries = [
    ["typed: \"p\"", "p"],
    ["typed: \"prompt injection\"", "prompt injection"],
    ["pasted 1 KB", paste(1024)],
    ["pasted 10 KB", paste(10 * 1024)],
    ["pasted 100 KB", paste(100 * 1024)],
  ];
  console.log(`catalog search keystroke on the page (median of ${runs}, Chromium headless)`);
  for (const [name, q] of queries) {
    const ms = await page.evaluate(([query, n]) => {
      const map = /** @type {HTMLElement} */ (document.querySelector("#map"));
      const input = /** @type {HTMLInputElement} */ (map.shadowRoot?.querySelector('input[type="search"]'));
      const samples = [];
      for (let i = 0; i < n; i++) {
        input.value = "";
        input.dispatchEvent(new Event("input", { bubbles: true }));
        const t = performance.now();
        // What a paste does: the browser applies maxlength, then fires input.
        input.setRangeText(query, 0, input.value.length, "end");
        input.dispatchEvent(new Event("input", { bubbles: true }));
        samples.push(performance.now() - t);
      }
      samples.sort((a, b) => a - b);
      return samples[Math.floor(n / 2)];
    }, /** @type {const} */ ([q, runs]));
    console.log(`${name.padEnd(30)} ${ms.toFixed(1).padStart(8)} ms`);
  }
} finally {
  await browser.close();
  await srv.close();
}
