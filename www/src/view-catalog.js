// The catalog browser: search (the engine's) and filters over the risks and controls of a
// DASF version, and a view of each risk and control with its mapping and provenance.
import { h, select, uid, groupBy } from "./dom.js";
import { responsibilities, responsibilityLabel, responsibilityHelp } from "./labels.js";

/** @typedef {import("./element.js").Ctx} Ctx */
/** @typedef {import("../../pkg/ai_risk_map.js").Catalog} Catalog */
/** @typedef {import("../../pkg/ai_risk_map.js").Risk} Risk */
/** @typedef {import("../../pkg/ai_risk_map.js").Control} Control */


/**
 * The catalog the browser shows: its own version filter, else the assessment's.
 * @param {Ctx} ctx
 */
function catalogOf(ctx) {
  const v = ctx.ui.filters.version || ctx.cat.version;
  return v === ctx.cat.version ? ctx.cat : ctx.api.catalog(v);
}

/**
 * What the engine's search finds in a catalog, by `kind:id`, with its score. A component's
 * name finds the component's risks, at the component's score unless a risk scores higher.
 * @param {Ctx} ctx
 * @param {string} q
 * @param {Catalog} cat
 */
export function searchHits(ctx, q, cat) {
  /** @type {Map<string, number>} */
  const hits = new Map();
  /** @type {Map<string, import("../../pkg/ai_risk_map.js").Risk[]> | null} the risks of each component, made when first needed */
  let risksOf = null;
  for (const hit of ctx.api.search(q, cat.version)) {
    if (hit.kind === "component") {
      risksOf ??= groupBy(cat.risks, (r) => r.component);
      for (const { id } of risksOf.get(hit.id) ?? []) hits.set(`risk:${id}`, Math.max(hits.get(`risk:${id}`) ?? 0, hit.score));
    } else hits.set(`${hit.kind}:${hit.id}`, hit.score);
  }
  return hits;
}

/**
 * A button that opens an item of the catalog.
 * @param {Ctx} ctx
 * @param {"risk" | "control"} kind
 * @param {string} id
 * @param {string} name
 */
function itemLink(ctx, kind, id, name) {
  return h(
    "button",
    {
      type: "button",
      class: "arm-link",
      "data-key": `open:${kind}:${id}`,
      onclick: () => {
        ctx.ui.item = { kind, id };
        ctx.render();
        ctx.select(kind, id);
      },
    },
    h("span", { class: "arm-id", text: id }),
    ` ${name}`,
  );
}

/**
 * The crosswalk of an item as a definition list, names from the catalog's crosswalk tables.
 * @param {Catalog} cat
 * @param {Record<string, string[] | undefined>} walk
 */
function crosswalk(cat, walk) {
  const rows = cat.crosswalks.filter((cw) => walk[cw.id]?.length);
  if (!rows.length) return h("p", { class: "arm-muted", text: "No crosswalk entries." });
  return h(
    "dl",
    { class: "arm-crosswalk" },
    rows.flatMap((cw) => [
      h("dt", { text: `${cw.name}${cw.threats ? " (threats)" : ""}` }),
      h(
        "dd",
        {},
        h("ul", {}, (walk[cw.id] ?? []).map((id) => h("li", {}, h("code", { text: id }), cw.entries[id] ? ` ${cw.entries[id]}` : ""))),
      ),
    ]),
  );
}

/**
 * Where the mapping comes from: the catalog's provenance and the item's own notes.
 * @param {Catalog} cat
 * @param {string[] | undefined} notes
 */
function provenance(cat, notes) {
  return h(
    "section",
    { class: "arm-provenance", "aria-label": "About this mapping" },
    h("h3", { text: "About this mapping" }),
    notes?.length ? h("ul", { class: "arm-item-notes" }, notes.map((n) => h("li", { text: n }))) : null,
    h("p", { class: "arm-muted", text: `Source: ${cat.provenance.source} (published ${cat.provenance.published}).` }),
    h("details", {}, h("summary", { text: "Notes on the whole catalog" }), h("ul", {}, cat.provenance.notes.map((n) => h("li", { text: n })))),
  );
}

/**
 * @param {Ctx} ctx
 * @param {Catalog} cat
 * @param {Risk} r
 */
function riskDetail(ctx, cat, r) {
  const comp = cat.components.find((c) => c.id === r.component);
  const stage = cat.stages.find((s) => s.id === r.stage);
  const models = cat.deploymentModels.filter((m) => r.deployment.includes(m.id));
  const controls = new Map(cat.controls.map((c) => [c.id, c]));
  return [
    h("h2", { tabindex: "-1", class: "arm-detail-title" }, h("span", { class: "arm-id", text: `Risk ${r.id}` }), ` ${r.name}`),
    h(
      "p",
      { class: "arm-muted" },
      `Component ${r.component}: ${comp?.name ?? ""} \u00b7 ${stage?.name ?? ""} \u00b7 ${r.kind === "ai" ? "AI-specific" : "Cyber"} risk \u00b7 since DASF ${r.introduced}`,
      r.otherVersionName ? ` \u00b7 named \u201c${r.otherVersionName}\u201d in the other version` : "",
    ),
    h("p", { text: r.description }),
    h("h3", { text: "Deployment models" }),
    models.length
      ? h("dl", { class: "arm-models-list" }, models.flatMap((m) => [h("dt", { text: m.name }), h("dd", { class: "arm-muted", text: m.description })]))
      : h("p", { text: "None listed" }),
    h("h3", { text: `Mitigating controls (${r.controls.length})` }),
    h("ul", { class: "arm-links" }, r.controls.map((id) => h("li", { "data-control": id }, itemLink(ctx, "control", id, controls.get(id)?.name ?? "")))),
    h("h3", { text: "Crosswalk" }),
    crosswalk(cat, r.crosswalk),
    provenance(cat, r.notes),
  ];
}

/**
 * @param {Ctx} ctx
 * @param {Catalog} cat
 * @param {Control} c
 */
function controlDetail(ctx, cat, c) {
  const risks = new Map(cat.risks.map((r) => [r.id, r]));
  const resp = responsibilityLabel(c.responsibility);
  return [
    h("h2", { tabindex: "-1", class: "arm-detail-title" }, h("span", { class: "arm-id", text: c.id }), ` ${c.name}`),
    h("p", { class: "arm-muted", text: `${c.controlType} \u00b7 ${resp} \u00b7 ${c.operator} \u00b7 ${c.novelty} \u00b7 since DASF ${c.introduced}` }),
    h("p", { class: "arm-muted", "data-help": c.responsibility }, h("strong", { text: `${resp}: ` }), responsibilityHelp(c.responsibility)),
    h("p", { text: c.description }),
    h("h3", { text: "Implementation" }),
    h("p", { text: c.implementation }),
    h("h3", { text: `Risks it mitigates (${c.risks.length})` }),
    h("ul", { class: "arm-links" }, c.risks.map((id) => h("li", { "data-risk": id }, itemLink(ctx, "risk", id, risks.get(id)?.name ?? "")))),
    h("h3", { text: "Crosswalk" }),
    crosswalk(cat, c.crosswalk),
    provenance(cat, c.notes),
  ];
}

/**
 * @param {Ctx} ctx
 * @param {Catalog} cat
 */
function list(ctx, cat) {
  const f = ctx.ui.filters;
  const q = ctx.ui.query.trim();
  const hits = q ? searchHits(ctx, q, cat) : null;
  // The stage, component and deployment filters choose risks, and the controls of those risks.
  /** @param {Risk} r */
  const riskFits = (r) =>
    (!f.stage || r.stage === f.stage) && (!f.component || r.component === f.component) && (!f.deployment || r.deployment.includes(f.deployment));
  const fitting = new Set(cat.risks.filter(riskFits).map((r) => r.id));
  /** @param {Risk} r */
  const riskOk = (r) => fitting.has(r.id) && (!hits || hits.has(`risk:${r.id}`));
  /** @param {Control} c */
  const controlOk = (c) =>
    (!f.responsibility || c.responsibility === f.responsibility) &&
    (!(f.stage || f.component || f.deployment) || c.risks.some((id) => fitting.has(id))) &&
    (!hits || hits.has(`control:${c.id}`));
  /** @template {{id: string}} T @param {T[]} items @param {string} kind */
  const rank = (items, kind) => (hits ? [...items].sort((a, b) => (hits.get(`${kind}:${b.id}`) ?? 0) - (hits.get(`${kind}:${a.id}`) ?? 0)) : items);
  const risks = f.kind === "control" || f.responsibility ? [] : rank(cat.risks.filter(riskOk), "risk");
  const controls = f.kind === "risk" ? [] : rank(cat.controls.filter(controlOk), "control");
  const comps = new Map(cat.components.map((c) => [c.id, c.name]));
  return [
    h("p", { class: "arm-muted", role: "status", text: `${risks.length} risks and ${controls.length} controls${q ? ` match \u201c${q}\u201d` : ""}.` }),
    risks.length
      ? h(
          "section",
          { "aria-label": "Risks" },
          h("h2", { text: "Risks" }),
          h("ul", { class: "arm-links arm-results" }, risks.map((r) => h("li", { "data-risk": r.id }, itemLink(ctx, "risk", r.id, r.name), h("span", { class: "arm-muted", text: ` \u00b7 ${comps.get(r.component) ?? ""}` })))),
        )
      : null,
    controls.length
      ? h(
          "section",
          { "aria-label": "Controls" },
          h("h2", { text: "Controls" }),
          h("ul", { class: "arm-links arm-results" }, controls.map((c) => h("li", { "data-control": c.id }, itemLink(ctx, "control", c.id, c.name)))),
        )
      : null,
  ];
}

/**
 * A filter select bound to ctx.ui.filters[key].
 * @param {Ctx} ctx
 * @param {string} key
 * @param {string} label
 * @param {[string, string][]} options
 * @param {() => void} redraw
 */
function filter(ctx, key, label, options, redraw) {
  const id = uid("arm-flt");
  return h(
    "div",
    { class: "arm-field" },
    h("label", { for: id, text: label }),
    select(
      {
        id,
        "data-key": `flt:${key}`,
        onchange: (/** @type {Event} */ e) => {
          ctx.ui.filters[key] = /** @type {HTMLSelectElement} */ (e.target).value;
          if (key === "version") ctx.ui.filters.component = ctx.ui.filters.stage = "";
          redraw();
        },
      },
      options,
      ctx.ui.filters[key] ?? "",
    ),
  );
}

/** @param {Ctx} ctx */
export function catalogView(ctx) {
  ctx.ui.filters.version ||= ctx.cat.version;
  const cat = catalogOf(ctx);
  const item = ctx.ui.item;
  if (item) {
    const found = item.kind === "risk" ? cat.risks.find((r) => r.id === item.id) : cat.controls.find((c) => c.id === item.id);
    const back = h("button", {
      type: "button",
      class: "arm-button arm-quiet",
      "data-key": "back",
      text: "\u2190 All risks and controls",
      onclick: () => {
        ctx.ui.item = null;
        ctx.render();
      },
    });
    const body = found
      ? item.kind === "risk"
        ? riskDetail(ctx, cat, /** @type {Risk} */ (found))
        : controlDetail(ctx, cat, /** @type {Control} */ (found))
      : [h("h2", { tabindex: "-1", text: "Not found" }), h("p", { text: `DASF ${cat.version} has no ${item.kind} \u201c${item.id}\u201d.` })];
    const view = h("article", { class: "arm-catalog arm-detail", "data-item": `${item.kind}:${item.id}` }, back, ...body);
    queueMicrotask(() => {
      if (!ctx.host.shadowRoot?.activeElement || ctx.host.shadowRoot.activeElement === document.body) /** @type {HTMLElement | null} */ (view.querySelector("h2"))?.focus();
    });
    return view;
  }
  const results = h("div", { class: "arm-results-box" });
  const redraw = () => results.replaceChildren(...list(ctx, catalogOf(ctx)).filter((n) => n != null));
  const searchId = uid("arm-q");
  const box = h(
    "div",
    { class: "arm-catalog" },
    h(
      "div",
      { class: "arm-search", role: "search" },
      h("label", { for: searchId, text: "Search risks and controls (text or a crosswalk id such as AML.T0051, LLM01, AC-3)" }),
      h("input", {
        type: "search",
        id: searchId,
        value: ctx.ui.query,
        "data-key": "q",
        // The engine uses this much of a query and no more; a paste is cut to it here.
        maxlength: ctx.api.limits().maxQueryChars,
        placeholder: "e.g. prompt injection",
        oninput: (/** @type {Event} */ e) => {
          ctx.ui.query = /** @type {HTMLInputElement} */ (e.target).value;
          redraw();
        },
      }),
    ),
    h(
      "div",
      { class: "arm-filters" },
      filter(ctx, "version", "DASF version", ctx.api.catalogVersions().map((v) => [v, v]), () => ctx.render()),
      filter(ctx, "kind", "Show", [["", "Risks and controls"], ["risk", "Risks only"], ["control", "Controls only"]], redraw),
      filter(ctx, "stage", "Stage", [["", "All stages"], ...cat.stages.map((s) => /** @type {[string, string]} */ ([s.id, s.name]))], redraw),
      filter(ctx, "component", "Component", [["", "All components"], ...cat.components.map((c) => /** @type {[string, string]} */ ([c.id, `${c.id}. ${c.name}`]))], redraw),
      filter(ctx, "deployment", "Deployment model", [["", "All models"], ...cat.deploymentModels.map((m) => /** @type {[string, string]} */ ([m.id, m.name]))], redraw),
      filter(ctx, "responsibility", "Responsibility (controls)", [["", "Any"], ...responsibilities()], redraw),
    ),
    h(
      "details",
      { class: "arm-provenance" },
      h("summary", { text: `About this catalog: ${cat.framework} ${cat.version}` }),
      h("p", { text: `Source: ${cat.provenance.source} (published ${cat.provenance.published}).` }),
      h("ul", {}, cat.provenance.notes.map((n) => h("li", { text: n }))),
    ),
    results,
  );
  redraw();
  return box;
}
