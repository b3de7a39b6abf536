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
  // In place: the views hold this report object.
  const report = /** @type {Row} */ (/** @type {unknown} */ (r));
  const next = patched(report, change.report);
  for (const key of change.report.unset ?? []) delete report[key];
  Object.assign(report, next);
}

/** @typedef {Record<string, any>} Row */

/**
 * An object with an object patch applied: members set and unset, each changed list member
 * rebuilt, each changed object member patched in turn.
 * @param {Row} was
 * @param {import("../../pkg/ai_risk_map.js").ObjectPatch<Row>} change
 * @returns {Row}
 */
function patched(was, change) {
  const row = { ...was, ...change.set };
  for (const key of change.unset ?? []) delete row[key];
  const lists = /** @type {[string, unknown[]][]} */ (Object.entries(change.lists ?? {}));
  for (const [key, list] of lists) row[key] = relisted(was[key], list);
  const objects = /** @type {[string, import("../../pkg/ai_risk_map.js").ObjectPatch<Row>][]} */ (
    Object.entries(change.objects ?? {})
  );
  for (const [key, inner] of objects) row[key] = patched(was[key], inner);
  return row;
}

/**
 * A changed list rebuilt from the list it was: a number is the position of the same item in
 * the old list, and a negative one -k the k old items after the previous item's old
 * position; `[position, object patch]` that item patched; anything else a new item.
 * @param {Row[]} was
 * @param {unknown[]} items
 * @returns {Row[]}
 */
function relisted(was, items) {
  /** @type {Row[]} */
  const list = [];
  let next = 0; // the old position after the previous item's
  for (const item of items) {
    if (typeof item === "number" && item < 0) {
      for (const end = next - item; next < end; next++) list.push(was[next]);
    } else if (typeof item === "number") {
      list.push(was[item]);
      next = item + 1;
    } else if (Array.isArray(item)) {
      const [at, change] = item;
      list.push(patched(was[at], change));
      next = at + 1;
    } else list.push(/** @type {Row} */ (item));
  }
  return list;
}
