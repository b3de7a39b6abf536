// Normal build: the wasm file sits beside the bundle, wherever the bundle is served from.

/**
 * @param {typeof import("../../pkg/ai_risk_map.js").default} init
 * @param {typeof import("../../pkg/ai_risk_map.js").initSync} _initSync
 * @returns {Promise<unknown>}
 */
export function load(init, _initSync) {
  return init({ module_or_path: new URL("./ai_risk_map_bg.wasm", import.meta.url) });
}
