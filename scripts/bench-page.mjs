// Benchmark the built page (dist/) in headless Chromium, served like the tests serve it:
//   1. navigation start -> the first frame with a diagram (drawn into the HTML at build
//      time, or the engine's), next to the same for a static copy of
//      the drawn page (the HTML and style sheets, no script or wasm) in the same run; the
//      engine's own first diagram (the element's mark "ai-risk-map:diagram"); the layout
//      shift until then; and the bytes (gzip) that arrived before the first diagram;
//   2. a control status change -> the scores updated and the next frame painted (the first
//      change after the step is drawn, and the median of 21 more);
//   3. the engine session in Chromium: one status edit -> the engine's answer (the scores);
//   4. a large assessment (long notes on every control, just under the 8 MiB limit): one
//      keystroke in a note -> painted, one status change -> painted, the report view drawn;
//   5. a large user catalog (DASF ten times over: 620 risks, 640 controls), loaded from a
//      file: steps 3 and 5 drawn and painted, one status change on step 5 -> painted;
//   6. the first `catalog()` of a fresh engine, in a page of its own that only loads it;
//   7. the element in a host page (ai-risk-map.js, its wasm fetched after it): navigation ->
//      the first frame with a diagram (its first view, ai-risk-map.first-view.json), the same
//      with that file refused (the engine's diagram is then the first), and the engine's
//      diagram painted; served locally, and over a slow link (1.6 Mbit/s, 150 ms latency).
// Prints the median (and min/max) of RUNS runs. Usage: node scripts/bench-page.mjs [RUNS]
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { serve, launch, recordShifts, layoutShifts, DIST, BASE_PATH, openScaledCatalog, openStep } from "../tests/e2e/helpers.mjs";

const runs = Number(process.argv[2] ?? 10);
const staticCopy = readFileSync(join(DIST, "index.html"), "utf8")
  .replace(/<script[^>]*><\/script>\n?/g, "")
  .replace(/<link rel="(?:modulepreload|preload)"[^>]*>\n?/g, "");
// A page that loads the engine as the element does, then times its first catalog().
const firstCatalog = `import { engine } from "./ai-risk-map.js";
const api = await engine();
const t0 = performance.now();
api.catalog();
window.firstCatalog = performance.now() - t0;`;
const srv = await serve({
  extra: {
    [`${BASE_PATH}static-copy.html`]: staticCopy,
    [`${BASE_PATH}first-catalog.html`]: `<!doctype html><title>first catalog()</title><script type="module" src="first-catalog.js"></script>`,
    [`${BASE_PATH}first-catalog.js`]: firstCatalog,
    [`${BASE_PATH}host.html`]: `<!doctype html><html lang="en"><title>Host</title><link rel="icon" href="data:,"><script type="module" src="ai-risk-map.js"></script><h1>A wiki page</h1><ai-risk-map></ai-risk-map>`,
  },
});
const browser = await launch();
/** @type {Record<string, number[]>} */
const times = { fcp: [], staticFcp: [], mark: [], painted: [], cls: [], bytes: [], arrived: [], change: [], warm: [], engine: [], engineEach: [], engineKey: [], bigKey: [], bigStatus: [], bigReport: [], catStep3: [], catStep5: [], catStatus: [], firstCatalog: [], hostFirst: [], hostNoFirst: [], hostLive: [], slowFirst: [], slowNoFirst: [], slowLive: [] };
/** gzip size of a file of dist/ (or the static copy), as a server would send it. @type {Map<string, number>} */
const gz = new Map();
/** @param {string} url */
const gzipOf = (url) => {
  const name = decodeURIComponent(new URL(url).pathname.slice(BASE_PATH.length)) || "index.html";
  if (!gz.has(name)) gz.set(name, gzipSync(readFileSync(join(DIST, name)), { level: 9 }).length);
  return /** @type {number} */ (gz.get(name));
};

/**
 * Records, in the page, the first animation frame that has a diagram to paint (the
 * prerendered one, or the engine's) and the layout shifts.
 * @param {import("playwright-core").Page} page
 */
const watch = async (page) => {
  await recordShifts(page);
  await page.addInitScript(() => {
    const w = /** @type {any} */ (window);
    const look = (/** @type {number} */ t) => {
      const svg =
        document.getElementById("first-view")?.shadowRoot?.querySelector("svg") ??
        document.querySelector("ai-risk-map")?.shadowRoot?.querySelector("svg");
      if (svg) w.__diagramAt = t;
      else requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
};

/**
 * When the first frame with the diagram was painted, and the resources that had arrived.
 * @param {import("playwright-core").Page} page
 */
const firstPaint = (page) =>
  page.evaluate(
    () =>
      new Promise((resolve) => {
        const check = () => {
          const at = /** @type {any} */ (window).__diagramAt;
          if (at === undefined) return requestAnimationFrame(check);
          const arrived = performance
            .getEntriesByType("resource")
            .filter((r) => /** @type {PerformanceResourceTiming} */ (r).responseEnd <= at)
            .map((r) => r.name);
          resolve({ at, arrived });
        };
        check();
      }),
  );

/**
 * The element in the host page: when the first frame with a diagram and the engine's
 * diagram were painted, with or without its first view, on the local link or a slow one.
 * @param {{firstView: boolean, slow: boolean}} how
 */
async function hostLoad({ firstView, slow }) {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  if (!firstView) await page.route("**/ai-risk-map.first-view.json", (route) => route.fulfill({ status: 404, body: "" }));
  if (slow) {
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 0.75e6 / 8 });
  }
  await watch(page);
  await page.goto(srv.url("host.html"), { waitUntil: "commit" });
  const paint = /** @type {any} */ (await firstPaint(page));
  const live = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const check = () => {
          if (performance.getEntriesByName("ai-risk-map:diagram")[0]) requestAnimationFrame(() => setTimeout(() => resolve(performance.now())));
          else requestAnimationFrame(check);
        };
        check();
      }),
  );
  await context.close();
  return { first: paint.at, live: /** @type {number} */ (live) };
}

try {
  for (let i = 0; i < runs; i++) {
    // The static copy first, then the page, in fresh contexts (no cache between them).
    {
      const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
      const page = await context.newPage();
      await watch(page);
      await page.goto(srv.url("static-copy.html"), { waitUntil: "commit" });
      const paint = /** @type {any} */ (await firstPaint(page));
      times.staticFcp.push(paint.at);
      // The static copy has no script or wasm: all it loads is what the first diagram needs.
      const loaded = await page.evaluate(() => performance.getEntriesByType("resource").map((r) => r.name));
      times.bytes.push(gzipSync(staticCopy, { level: 9 }).length + loaded.reduce((n, u) => n + gzipOf(u), 0));
      await context.close();
    }
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    const page = await context.newPage();
    await watch(page);
    await page.goto(srv.url("#diagram"), { waitUntil: "commit" });
    const paint = /** @type {any} */ (await firstPaint(page));
    times.fcp.push(paint.at);
    times.arrived.push(gzipOf(srv.url("")) + paint.arrived.reduce((/** @type {number} */ n, /** @type {string} */ u) => n + gzipOf(u), 0));
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
    await page.waitForTimeout(300);
    times.cls.push((await layoutShifts(page)).reduce((a, b) => a + b, 0));

    await openStep(page, 5);
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
    // The same, once the page has run a few edits (the first one above also pays for code
    // that runs for the first time): the median of 21 changes back and forth, each made at
    // another point of a frame (as a user's would be), so that the figure is not just the
    // wait for the next frame.
    times.warm.push(
      await page.evaluate(async () => {
        const root = /** @type {ShadowRoot} */ (document.querySelector("ai-risk-map")?.shadowRoot);
        const sel = /** @type {HTMLSelectElement} */ (root.querySelector('section.arm-step [data-control="DASF 54"] select'));
        const samples = [];
        for (let k = 0; k < 21; k++) {
          await new Promise((resolve) => setTimeout(resolve, 20 + ((k * 7) % 17)));
          samples.push(
            await new Promise((resolve) => {
              const t0 = performance.now();
              sel.value = k % 2 ? "implemented" : "planned";
              sel.dispatchEvent(new Event("change", { bubbles: true }));
              requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0)));
            }),
          );
        }
        return samples.sort((a, b) => a - b)[10];
      }),
    );

    // The engine alone, in this page's wasm: a status edit answered by the session. The
    // page's clock ticks in steps of 0.1 ms, so edits are timed in batches of 20 and each
    // batch gives its mean: DASF 5 (mapped to 27 risks, the most of any control) over and
    // over, every control of the report in turn (the typical edit), and keystrokes in one
    // control's owner field (one step for undo, grouped as the element groups them).
    const engineTimes = await page.evaluate(async () => {
      const { engine } = await import("./ai-risk-map.js");
      const api = await engine();
      const text = await (await fetch("./examples/rag-chatbot.assessment.json")).text();
      const s = new api.Session(text);
      const ids = s.report().controls.map((/** @type {{id: string}} */ c) => c.id);
      const statuses = ["implemented", "planned", "partial", "not_implemented"];
      const BATCH = 20;
      /** The median of 21 batches' means, the k-th edit made by `edit(k)`. @param {(k: number) => void} edit */
      const batches = (edit) => {
        const means = [];
        for (let b = 0, k = 0; b < 21; b++) {
          const t0 = performance.now();
          for (let i = 0; i < BATCH; i++, k++) edit(k);
          means.push((performance.now() - t0) / BATCH);
        }
        return means.sort((a, b) => a - b)[10];
      };
      /** @param {(k: number) => string} control */
      const statusEdits = (control) => batches((k) => s.apply({ path: ["controls", control(k), "status"], value: statuses[k % 4] }));
      const heaviest = statusEdits(() => "DASF 5");
      const each = statusEdits((k) => ids[k % ids.length]);
      const keystroke = batches((k) => s.apply({ path: ["controls", "DASF 5", "owner"], value: `Data governance${k % 2 ? "" : " team"}` }, "owner"));
      s.free();
      return { heaviest, each, keystroke };
    });
    times.engine.push(engineTimes.heaviest);
    times.engineEach.push(engineTimes.each);
    times.engineKey.push(engineTimes.keystroke);

    // A large assessment: every control with a long note, the whole just under the limit.
    const big = await page.evaluate(async () => {
      const el = /** @type {any} */ (document.querySelector("ai-risk-map"));
      const doc = JSON.parse(await (await fetch("./examples/rag-chatbot.assessment.json")).text());
      const ids = el.report.controls.map((/** @type {any} */ c) => c.id);
      const per = Math.floor((7.9 * 1024 * 1024) / ids.length);
      for (const id of ids) doc.controls[id] = { ...(doc.controls[id] ?? { status: "planned" }), note: `${id} `.padEnd(per, "n") };
      el.assessment = doc;
      return ids.length;
    });
    if (!big) throw new Error("no controls");
    await page.locator('.arm-step-button[data-step="5"]').click();
    const bigTimes = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const el = /** @type {any} */ (document.querySelector("ai-risk-map"));
          const root = /** @type {ShadowRoot} */ (el.shadowRoot);
          const note = /** @type {HTMLTextAreaElement} */ (root.querySelector('[data-control="DASF 54"] textarea, [data-control="DASF 54"] [data-key^="no:"]'));
          const sel = /** @type {HTMLSelectElement} */ (root.querySelector('[data-control="DASF 54"] select'));
          const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
          (async () => {
            let t0 = performance.now();
            note.value += "x";
            note.dispatchEvent(new Event("input", { bubbles: true }));
            await frame();
            const key = performance.now() - t0;
            t0 = performance.now();
            sel.value = sel.value === "implemented" ? "planned" : "implemented";
            sel.dispatchEvent(new Event("change", { bubbles: true }));
            await frame();
            const status = performance.now() - t0;
            t0 = performance.now();
            el.setAttribute("view", "report");
            await frame();
            const report = performance.now() - t0;
            resolve({ key, status, report });
          })();
        }),
    );
    times.bigKey.push(/** @type {any} */ (bigTimes).key);
    times.bigStatus.push(/** @type {any} */ (bigTimes).status);
    times.bigReport.push(/** @type {any} */ (bigTimes).report);

    // A large user catalog, loaded as a user loads one (the page's file input).
    await openScaledCatalog(page, 10);
    const catTimes = await page.evaluate(async () => {
      const el = /** @type {any} */ (document.querySelector("ai-risk-map"));
      const root = /** @type {ShadowRoot} */ (el.shadowRoot);
      const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
      await frame();
      const step = async (/** @type {number} */ n) => {
        const t0 = performance.now();
        /** @type {HTMLElement} */ (root.querySelector(`.arm-step-button[data-step="${n}"]`)).click();
        await frame();
        return performance.now() - t0;
      };
      const step3 = await step(3);
      const step5 = await step(5);
      const sel = /** @type {HTMLSelectElement} */ (root.querySelector('.arm-control-row select[data-key^="st:"]'));
      const t0 = performance.now();
      sel.value = "implemented";
      sel.dispatchEvent(new Event("change", { bubbles: true }));
      await frame();
      return { step3, step5, status: performance.now() - t0 };
    });
    times.catStep3.push(catTimes.step3);
    times.catStep5.push(catTimes.step5);
    times.catStatus.push(catTimes.status);
    await context.close();

    // The first catalog() of a fresh engine (a new page: a new wasm instance).
    const fresh = await browser.newContext();
    const blank = await fresh.newPage();
    await blank.goto(srv.url("first-catalog.html"));
    await blank.waitForFunction(() => /** @type {any} */ (window).firstCatalog !== undefined);
    times.firstCatalog.push(await blank.evaluate(() => /** @type {any} */ (window).firstCatalog));
    await fresh.close();

    for (const slow of [false, true]) {
      const withFirst = await hostLoad({ firstView: true, slow });
      const without = await hostLoad({ firstView: false, slow });
      times[slow ? "slowFirst" : "hostFirst"].push(withFirst.first);
      times[slow ? "slowLive" : "hostLive"].push(withFirst.live);
      times[slow ? "slowNoFirst" : "hostNoFirst"].push(without.first);
    }
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
line("navigation -> first frame with the diagram", times.fcp);
line("navigation -> the same in its static copy", times.staticFcp);
console.log(`${"first diagram: page / static copy (medians)".padEnd(52)} ${(median(times.fcp) / median(times.staticFcp)).toFixed(2)}x`);
line("navigation -> the engine's first diagram in the DOM", times.mark);
line("navigation -> the engine's first diagram painted", times.painted);
console.log(`${"layout shift until then (CLS, max over runs)".padEnd(52)} ${Math.max(...times.cls).toFixed(4)}`);
console.log(`${"bytes the first diagram needs (gzip: HTML + its CSS)".padEnd(52)} ${(median(times.bytes) / 1024).toFixed(1)} KB`);
console.log(`${"bytes arrived by then, served locally (gzip, median)".padEnd(52)} ${(median(times.arrived) / 1024).toFixed(1)} KB`);
line("control status change -> scores updated and painted", times.change);
line("the same, warm (median of 21 changes in each run)", times.warm);
/** The same with microseconds, for the engine's answers. @param {string} label @param {number[]} xs */
const fine = (label, xs) =>
  console.log(`${label.padEnd(52)} median ${median(xs).toFixed(3).padStart(7)} ms   (min ${Math.min(...xs).toFixed(3)}, max ${Math.max(...xs).toFixed(3)}, n=${xs.length})`);
fine("engine session: DASF 5 status edit -> answer", times.engine);
fine("engine session: each control's status in turn", times.engineEach);
fine("engine session: keystroke in an owner field", times.engineKey);
line("7.9 MB assessment: keystroke in a note -> painted", times.bigKey);
line("7.9 MB assessment: status change -> painted", times.bigStatus);
line("7.9 MB assessment: report view drawn", times.bigReport);
line("catalog 10x DASF: step 3 (620 risks) painted", times.catStep3);
line("catalog 10x DASF: step 5 (640 controls) painted", times.catStep5);
line("catalog 10x DASF: status change -> painted", times.catStatus);
line("first catalog() of a fresh engine, in a page", times.firstCatalog);
line("host page: navigation -> first frame with a diagram", times.hostFirst);
line("  the same without the element's first view", times.hostNoFirst);
line("  the engine's diagram painted", times.hostLive);
line("host page, slow link: first frame with a diagram", times.slowFirst);
line("  the same without the element's first view", times.slowNoFirst);
line("  the engine's diagram painted", times.slowLive);
