// The property check of the engine session, shared by the Node test (tests/js/session.test.mjs)
// and the Chromium one (tests/e2e/session.test.mjs): seeded random edit sequences applied
// through Session.apply and folded in by www/src/session.js's applyChange must leave the same
// document and the same report as exporting the document and evaluating it afresh.
// Plain ES module with no imports, so the browser loads the very same file.

/** A small seeded generator (xorshift32), so that a failure can be replayed. @param {number} seed */
export function random(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 2 ** 32;
  };
}

/** A random edit on the catalog's ids: statuses, notes, owners, decisions, scope. */
export function randomEdit(/** @type {() => number} */ rnd, /** @type {any} */ cat) {
  const pick = (/** @type {any[]} */ list) => list[Math.floor(rnd() * list.length)];
  const control = pick(cat.controls).id;
  const risk = pick(cat.risks).id;
  const statuses = ["implemented", "partial", "planned", "not_implemented", "not_applicable"];
  const kinds = [
    () => ({ path: ["controls", control, "status"], value: pick(statuses) }),
    () => ({ path: ["controls", control, "owner"], value: pick(["", "IAM", "ML \u00e9quipe"]) }),
    () => ({ path: ["controls", control, "note"], value: "n".repeat(Math.floor(rnd() * 40)) }),
    () => ({ path: ["controls", control], value: null }),
    () => ({ path: ["risks", risk, "pertinent"], value: rnd() < 0.5 }),
    () => ({ path: ["risks", risk, "reason"], value: pick(["", "internal only"]) }),
    () => ({ path: ["risks", risk], value: null }),
    () => ({ path: ["useCase", "name"], value: pick(["Bot", "", "Assistant"]) }),
    () => ({ path: ["asPublished"], value: rnd() < 0.5 ? true : null }),
    () => ({ path: ["deploymentModels"], value: cat.deploymentModels.filter(() => rnd() < 0.3).map((/** @type {any} */ d) => d.id) }),
    () => ({ path: ["components"], value: rnd() < 0.3 ? null : cat.components.filter(() => rnd() < 0.7).map((/** @type {any} */ c) => c.id) }),
  ];
  return pick(kinds)();
}

/**
 * Where two JSON values first differ (strictly: same types, same keys in any order, same
 * array lengths), as a list of segments; null when they are equal.
 * @param {unknown} a
 * @param {unknown} b
 * @param {(string | number)[]} [at]
 * @returns {(string | number)[] | null}
 */
export function firstDifference(a, b, at = []) {
  if (Object.is(a, b)) return null;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return at;
  if (Array.isArray(a) !== Array.isArray(b)) return at;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return [...at, "length"];
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], [...at, i]);
      if (d) return d;
    }
    return null;
  }
  const x = /** @type {Record<string, unknown>} */ (a);
  const y = /** @type {Record<string, unknown>} */ (b);
  for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) {
    if (!(k in x) || !(k in y)) return [...at, k];
    const d = firstDifference(x[k], y[k], [...at, k]);
    if (d) return d;
  }
  return null;
}

/** The value at a path, for a failure message. */
const at = (/** @type {any} */ v, /** @type {(string | number)[]} */ path) => path.reduce((o, k) => (o == null ? o : o[k]), v);

/**
 * Run `steps` random edit batches from `seed` on a session opened on `start` (a JSON text, or
 * null for a blank assessment). After each batch, the mirror kept by applyChange must equal
 * the parsed export, and the report the evaluation of the export. Returns null when every step
 * agrees, or a description of the first disagreement that names the seed to replay it.
 * @param {any} api the engine module (Session, catalog, evaluate, parseAssessment)
 * @param {(a: any, r: any, change: any) => void} applyChange www/src/session.js's
 * @param {string | null} start
 * @param {number} seed
 * @param {number} steps
 * @returns {string | null}
 */
export function checkEdits(api, applyChange, start, seed, steps) {
  const session = new api.Session(start);
  try {
    const a = session.assessment();
    const r = session.report();
    const cat = api.catalog(a.dasf);
    const rnd = random(seed);
    for (let step = 0; step < steps; step++) {
      const batch = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => randomEdit(rnd, cat));
      const change = session.apply(batch);
      applyChange(a, r, change);
      const exported = session.toJson();
      for (const [part, mine, full] of [["document", a, api.parseAssessment(exported)], ["report", r, api.evaluate(exported)]]) {
        const d = firstDifference(mine, full);
        if (d) {
          return `seed ${seed}, step ${step}: the ${part} differs at ${JSON.stringify(d)}: ` +
            `session ${JSON.stringify(at(mine, d))}, full evaluation ${JSON.stringify(at(full, d))}; ` +
            `edits ${JSON.stringify(batch)}`;
        }
      }
    }
    return null;
  } finally {
    session.free?.();
  }
}
