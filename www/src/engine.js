// The one wasm engine of a page. Every <ai-risk-map> element and the page itself await the
// same module-level promise, so the wasm is fetched, compiled and instantiated once.
// How the bytes arrive is chosen at build time: "wasm-loader" resolves to wasm-url.js
// (fetch the .wasm beside this script) or to wasm-embedded.js (bytes inside the bundle).
import init, * as api from "../../pkg/ai_risk_map.js";
import { load } from "wasm-loader";

/** @typedef {typeof api} Engine */

/** @type {Promise<Engine> | undefined} */
let ready;

/**
 * The engine, loaded on first use and shared by every caller afterwards.
 * @returns {Promise<Engine>}
 */
export function engine() {
  ready ??= load(init, api.initSync).then(() => api);
  return ready;
}
