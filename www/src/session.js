// The front end's side of an engine session: the engine holds the assessment and answers
// each edit with what changed; this folds that answer into the plain objects the views draw
// from (a mirror of the document, and the report). It decides nothing: every value comes
// from the engine as it is.

/** @typedef {import("../../pkg/ai_risk_map.js").Assessment} Assessment */
/** @typedef {import("../../pkg/ai_risk_map.js").Report} Report */
/** @typedef {import("../../pkg/ai_risk_map.js").SessionChange} SessionChange */

/**
 * Fold an engine answer into the document mirror and the report, in place.
 * @param {Assessment} a
 * @param {Report} r
 * @param {SessionChange} change
 */
export function applyChange(a, r, change) {
  const doc = /** @type {Record<string, any>} */ (a);
  for (const { path, value } of change.document) {
    if (path.length === 1) {
      if (value === null) delete doc[path[0]];
      else doc[path[0]] = value;
      continue;
    }
    // An entry of `risks` or `controls`.
    const [map, id] = path;
    const entries = (doc[map] ??= {});
    if (value === null) delete entries[id];
    else entries[id] = value;
  }
  const { lists, ...members } = change.report;
  Object.assign(r, members);
  const report = /** @type {Record<string, Row[]>} */ (/** @type {unknown} */ (r));
  for (const [name, items] of Object.entries(lists)) report[name] = relisted(report[name], items);
}

/** @typedef {Record<string, unknown>} Row */

/**
 * A changed list rebuilt from the list it was: a number is the position of the same item in
 * the old list; `[position, members, removed?, lists?]` that item with `members` replaced,
 * the members named in `removed` gone, and each list member in `lists` rebuilt in turn;
 * anything else a new item.
 * @param {Row[]} was
 * @param {unknown[]} items
 * @returns {Row[]}
 */
function relisted(was, items) {
  return items.map((item) => {
    if (typeof item === "number") return was[item];
    if (!Array.isArray(item)) return /** @type {Row} */ (item);
    const [at, members, removed = [], lists = {}] =
      /** @type {[number, Row, string[]?, Record<string, unknown[]>?]} */ (item);
    const row = { ...was[at], ...members };
    for (const key of removed) delete row[key];
    for (const [key, list] of Object.entries(lists)) row[key] = relisted(/** @type {Row[]} */ (was[at][key]), list);
    return row;
  });
}
