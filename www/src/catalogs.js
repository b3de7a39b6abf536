// Catalogs of one's own in the page (a DASF compendium imported with `ai-risk-map
// import-compendium`, CoSAI, an organisation's extension): loaded from a file, checked and
// registered by the engine, and kept in this browser's storage beside the autosave so that an
// assessment made on one opens again. The page only stores and hands over the text: every
// check is the engine's.

import { fetchDocument, readDocument } from "./share.js";

/** @typedef {import("./engine.js").Engine} Engine */

/** Storage key prefix of the catalogs kept (every key the tool writes starts with `ai-risk-map:`). */
export const CATALOG_PREFIX = "ai-risk-map:catalog:";

/**
 * Register every catalog kept in storage, before the autosave is read (an assessment on a
 * catalog the engine does not know could not be restored). A kept catalog the engine refuses
 * stays where it is, untouched, and is reported.
 * @param {Engine} api
 * @returns {{problems: string[]}}
 */
export function restoreCatalogs(api) {
  /** @type {string[]} */
  const problems = [];
  /** @type {string[]} */
  let keys = [];
  try {
    keys = Object.keys(localStorage).filter((k) => k.startsWith(CATALOG_PREFIX)).sort();
  } catch {
    return { problems };
  }
  for (const key of keys) {
    try {
      const text = localStorage.getItem(key);
      if (text != null) api.registerCatalog(text);
    } catch (e) {
      problems.push(`the catalog kept under \u201c${key}\u201d could not be loaded (${/** @type {{message?: string}} */ (e)?.message ?? e}); it was left as it is`);
    }
  }
  return { problems };
}

/**
 * Load a catalog file: the engine decodes, reads and checks it (throwing its precise message,
 * with nothing registered, when it refuses), then it is kept in storage under its version.
 * @param {Engine} api
 * @param {File} file
 * @returns {Promise<{version: string, kept: boolean, components: number, stages: number}>}
 */
export async function loadCatalogFile(api, file) {
  const text = api.decodeDocument(await readDocument(file, "a catalog document", api.limits().maxDocumentBytes));
  const version = api.registerCatalog(text);
  let kept = true;
  try {
    localStorage.setItem(CATALOG_PREFIX + version, text);
  } catch {
    kept = false;
  }
  const cat = api.catalog(version);
  return { version, kept, components: cat.components.length, stages: cat.stages.length };
}

/**
 * The catalog text kept for a version, or null when the version is built in or not kept.
 * @param {string} version
 * @returns {string | null}
 */
export function keptCatalog(version) {
  try {
    return localStorage.getItem(CATALOG_PREFIX + version);
  } catch {
    return null;
  }
}

/**
 * Whether an engine error says the document names a catalog version that is not loaded.
 * @param {unknown} e
 */
export function needsCatalog(e) {
  const err = /** @type {{code?: string, path?: unknown[]}} */ (e);
  return err?.code === "unknown_id" && Array.isArray(err.path) && err.path.length === 1 && err.path[0] === "dasf";
}

/**
 * Fetch a catalog document (the `catalog` attribute of `<ai-risk-map>`) and register it;
 * returns its version. Throws with what went wrong: the download, the size, or the engine's
 * message when it refuses the catalog.
 * @param {Engine} api
 * @param {string} url
 * @returns {Promise<string>}
 */
export async function fetchCatalog(api, url) {
  const bytes = await fetchDocument(url, "catalog", api.limits().maxDocumentBytes);
  try {
    return api.registerCatalog(api.decodeDocument(bytes));
  } catch (e) {
    throw new Error(`The catalog at ${url} was not loaded: ${/** @type {{message?: string}} */ (e)?.message ?? e}`);
  }
}
