// Normal build: the wasm file and the catalog's long texts sit beside the bundle, wherever
// the bundle is served from.

/**
 * @param {typeof import("../../pkg/ai_risk_map.js").default} init
 * @param {typeof import("../../pkg/ai_risk_map.js").initSync} _initSync
 * @returns {Promise<unknown>}
 */
export function load(init, _initSync) {
  const url = new URL("./ai_risk_map_bg.wasm", import.meta.url);
  return init({ module_or_path: url }).catch((e) => {
    throw new Error(`The risk map's engine could not be loaded from ${url} (${e?.message ?? e}): the server must send that file, as application/wasm.`);
  });
}

/** The texts document of the built-in catalog (`ai-risk-map catalog --format texts`). */
export async function texts() {
  const response = await fetch(new URL("./dasf-2.0.texts.json", import.meta.url));
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.text();
}
