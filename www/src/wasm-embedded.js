// Standalone build: the wasm bytes and the catalog's long texts are inside the bundle
// (esbuild's binary and text loaders), for hosts that accept a single file.
import bytes from "../../pkg/ai_risk_map_bg.wasm";
import catalogTexts from "catalog-texts";

/**
 * @param {typeof import("../../pkg/ai_risk_map.js").default} _init
 * @param {typeof import("../../pkg/ai_risk_map.js").initSync} initSync
 * @returns {Promise<unknown>}
 */
export async function load(_init, initSync) {
  return initSync({ module: bytes });
}

/** The texts document of the built-in catalog, bundled. */
export async function texts() {
  return catalogTexts;
}
