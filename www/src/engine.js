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

/** The next idle moment, where browsers say when that is. */
const idle = () =>
  new Promise((resolve) => {
    if (typeof requestIdleCallback === "function") requestIdleCallback(() => resolve(undefined), { timeout: 2000 });
    else setTimeout(resolve, 200);
  });

/**
 * Once per page, when it is idle: one status edit through a throwaway session on a blank
 * assessment, so that V8 compiles the engine's edit path before the person's first edit
 * (which otherwise pays for it: 6 to 9 ms more in Chromium). No session of the person's is
 * touched.
 * @param {string} controlId a control of the built-in catalog
 */
export function warmUpEdits(controlId) {
  warmed ??= engine().then(async (e) => {
    await idle();
    const session = new e.Session(null);
    try {
      session.apply([{ path: ["controls", controlId, "status"], value: "partial" }]);
    } finally {
      session.free();
    }
  });
}
