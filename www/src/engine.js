// The one wasm engine of a page. Every <ai-risk-map> element and the page itself await the
// same module-level promise, so the wasm is fetched, compiled and instantiated once.
// How the bytes arrive is chosen at build time: "wasm-loader" resolves to wasm-url.js
// (fetch the .wasm beside this script) or to wasm-embedded.js (bytes inside the bundle).
//
// The wasm leaves out the built-in catalog's long texts (descriptions, implementation
// notes) so that the first view comes sooner; they are handed to the engine after the first
// paint (`catalogTexts`), from dasf-2.0.texts.json beside this script or from the bundle.
import init, * as api from "../../pkg/ai_risk_map.js";
import { load, texts } from "wasm-loader";

/** @typedef {typeof api} Engine */

/** @type {Promise<Engine> | undefined} */
let ready;
/** @type {Promise<boolean> | undefined} */
let textsReady;
/** @type {Promise<void> | undefined} */
let warmed;

/**
 * The engine, loaded on first use and shared by every caller afterwards.
 * @returns {Promise<Engine>}
 */
export function engine() {
  ready ??= load(init, api.initSync).then(() => api);
  return ready;
}

/** The next moment after the first paint: after a frame where there are frames. */
const afterPaint = () =>
  new Promise((resolve) => {
    if (typeof requestAnimationFrame === "function") requestAnimationFrame(() => setTimeout(resolve));
    else setTimeout(resolve);
  });

/**
 * The built-in catalog's long texts, loaded into the engine once, after the first paint.
 * Resolves to whether they are there (false when they could not be fetched: the facts and
 * short texts are all there regardless).
 * @returns {Promise<boolean>}
 */
export function catalogTexts() {
  textsReady ??= engine().then(async (e) => {
    if (e.catalogHasTexts()) return true;
    await afterPaint();
    try {
      e.loadCatalogTexts(await texts());
      return true;
    } catch (err) {
      console.warn("ai-risk-map: the catalog's descriptions could not be loaded:", err);
      return false;
    }
  });
  return textsReady;
}

/**
 * The next idle moment, where browsers say when that is: resolves to how many milliseconds
 * it has (a guess where they do not).
 * @returns {Promise<number>}
 */
const idle = () =>
  new Promise((resolve) => {
    if (typeof requestIdleCallback === "function") requestIdleCallback((d) => resolve(d.timeRemaining()), { timeout: 2000 });
    else setTimeout(() => resolve(10), 200);
  });

/** Edits the warm-up makes: enough for V8 to optimise the edit path, not only compile it. */
const WARM_UP_EDITS = 24;

/**
 * Once per page, in its idle moments: status edits through a throwaway session on a blank
 * assessment, so that V8 has compiled and optimised the engine's edit path before the
 * person's first edit. Without it the first edits run the wasm's baseline code: 2 to 4 ms
 * each in Chromium, against under half a millisecond once optimised. No session of the
 * person's is touched.
 * @param {string} controlId a control of the built-in catalog
 */
export function warmUpEdits(controlId) {
  warmed ??= engine().then(async (e) => {
    const session = new e.Session(null);
    try {
      for (let done = 0; done < WARM_UP_EDITS; ) {
        const until = performance.now() + (await idle()) - 2;
        do {
          session.apply([{ path: ["controls", controlId, "status"], value: done % 2 ? "planned" : "partial" }]);
          done++;
        } while (done < WARM_UP_EDITS && performance.now() < until);
      }
    } finally {
      session.free();
    }
  });
}
