// Standalone build: the wasm bytes are inside the bundle (esbuild's binary loader), for
// hosts that accept a single file.
import bytes from "../../pkg/ai_risk_map_bg.wasm";

/**
 * @param {typeof import("../../pkg/ai_risk_map.js").default} _init
 * @param {typeof import("../../pkg/ai_risk_map.js").initSync} initSync
 * @returns {Promise<unknown>}
 */
export async function load(_init, initSync) {
  return initSync({ module: bytes });
}
