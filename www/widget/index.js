// The Jupyter widget's front end: an anywidget module whose view is an <ai-risk-map> element
// plus a row of view tabs. It only wires the element to the widget model; the element draws
// with the wasm engine bundled into this file (nothing is fetched from any host).
//
// Model traits: assessment (two-way), selected (set here), view, dasf, deployment, readonly,
// theme (set from Python; view also from the tabs). The report is the kernel's: the engine
// computes it there on every change of the assessment; it is not synced, and this view
// never writes one.
import { AiRiskMap } from "../src/element.js";
import css from "./widget.css";

// element.js defines <ai-risk-map> as it loads; using the class by name keeps it in the
// bundle even where package.json's "sideEffects" would let a bare import be dropped.
if (!customElements.get("ai-risk-map")) customElements.define("ai-risk-map", AiRiskMap);

/**
 * The slice of anywidget's model this view uses.
 * @typedef {{
 *   get(name: string): any,
 *   set(name: string, value: any): void,
 *   save_changes(): void,
 *   on(event: string, callback: (...args: any[]) => void): void,
 *   off(event?: string | null, callback?: ((...args: any[]) => void) | null): void,
 * }} Model
 */

const VIEWS = /** @type {const} */ ([
  ["diagram", "Diagram"],
  ["assessment", "Assessment"],
  ["catalog", "Catalog"],
  ["report", "Report"],
]);

/** The tabs' style sheet, shared by every view (constructable sheets can be adopted many times). */
const sheet = new CSSStyleSheet();
sheet.replaceSync(css);

/**
 * JSON text with object keys sorted, to compare documents whose members come in different
 * orders (Python's dicts and the engine's output).
 * @param {unknown} value
 * @returns {string}
 */
function canonical(value) {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/**
 * Draw one view of a RiskMap widget into `el`. Several views of one model, and many models
 * on one page, each get their own element; the wasm engine is shared by all of them.
 * @param {{ model: Model, el: HTMLElement }} args
 * @returns {() => void} cleanup
 */
function render({ model, el }) {
  const map = /** @type {AiRiskMap} */ (document.createElement("ai-risk-map"));
  const tabs = document.createElement("div");
  tabs.className = "arm-widget-tabs";
  tabs.setAttribute("role", "toolbar");
  tabs.setAttribute("aria-label", "Risk map views");
  /** @type {Map<string, HTMLButtonElement>} */
  const buttons = new Map();
  for (const [id, label] of VIEWS) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "arm-widget-tab";
    b.textContent = label;
    b.dataset.view = id;
    b.addEventListener("click", () => {
      map.setAttribute("view", id);
    });
    buttons.set(id, b);
    tabs.append(b);
  }
  const error = document.createElement("p");
  error.className = "arm-widget-error";
  error.setAttribute("role", "alert");
  error.hidden = true;
  // The tabs live in a shadow root of their own, out of reach of the notebook's styles.
  const host = document.createElement("div");
  host.className = "arm-widget";
  const root = host.attachShadow({ mode: "open" });
  root.adoptedStyleSheets = [sheet];
  root.append(tabs, error, map);
  el.replaceChildren(host);

  /** While this view writes to the model, the change events it causes are its own echo. */
  let writing = false;
  /** @param {Record<string, unknown>} values */
  const write = (values) => {
    writing = true;
    try {
      for (const [k, v] of Object.entries(values)) model.set(k, v);
      model.save_changes();
    } finally {
      writing = false;
    }
  };

  /** @param {unknown} e */
  const showError = (e) => {
    error.hidden = e == null;
    error.textContent = e == null ? "" : String(/** @type {any} */ (e)?.message ?? e);
  };

  const attributes = () => {
    const set = (/** @type {string} */ name, /** @type {string | null} */ value) => {
      if (value == null || value === "") map.removeAttribute(name);
      else if (map.getAttribute(name) !== value) map.setAttribute(name, value);
    };
    set("view", model.get("view") || "diagram");
    // dasf and deployment also live inside the assessment; Python changes both, but the two
    // changes can arrive one after the other. Take the attributes only once they agree, so the
    // element never tries a version the assessment's ids do not fit.
    const a = model.get("assessment");
    const dasf = model.get("dasf") || null;
    const deployment = (model.get("deployment") ?? []).join(",");
    const empty = !a || Object.keys(a).length === 0;
    if (empty || a.dasf === dasf) set("dasf", dasf);
    if (empty || (a.deploymentModels ?? []).join(",") === deployment) set("deployment", deployment);
    set("theme", model.get("theme") || null);
    if (model.get("readonly")) set("readonly", "");
    else map.removeAttribute("readonly");
  };

  /** Show the model's assessment when it differs from the element's. */
  const follow = () => {
    const a = model.get("assessment");
    const has = a && typeof a === "object" && Object.keys(a).length > 0;
    if (has && canonical(a) !== canonical(map.assessment)) {
      try {
        map.assessment = a;
        showError(null);
      } catch (e) {
        // Python validates first, so this means the two disagree: say so, keep the last state.
        showError(e);
      }
    }
  };

  const onModel = () => {
    if (writing) return;
    follow();
    attributes();
  };
  const onSelected = () => {
    if (writing) return;
    const s = model.get("selected");
    if (!s || !s.id) return;
    if (s.kind === "component") map.setAttribute("component", String(s.id));
    else if (s.kind === "risk" || s.kind === "control") map.show(s.kind, String(s.id));
  };

  /** @param {Event} e */
  const onChange = (e) => {
    const { assessment } = /** @type {CustomEvent} */ (e).detail;
    showError(null);
    write({ assessment });
  };
  /** @param {Event} e */
  const onSelect = (e) => {
    const { kind, id } = /** @type {CustomEvent} */ (e).detail;
    write({ selected: { kind, id } });
  };
  const markView = () => {
    const v = map.view;
    for (const [id, b] of buttons) b.setAttribute("aria-pressed", String(id === v));
    if (model.get("view") !== v) write({ view: v });
  };
  // The element changes its own view too ("See the report", show()): keep the tabs and the
  // model in step with it.
  const observer = new MutationObserver(markView);
  observer.observe(map, { attributes: true, attributeFilter: ["view"] });

  attributes();
  const initial = model.get("assessment");
  if (initial && Object.keys(initial).length) {
    try {
      map.assessment = initial;
    } catch (e) {
      showError(e);
    }
  }
  markView();
  let alive = true;
  map.ready.then(() => {
    if (alive) follow();
  });

  map.addEventListener("ai-risk-map-change", onChange);
  map.addEventListener("ai-risk-map-select", onSelect);
  model.on("change:assessment", onModel);
  model.on("change:selected", onSelected);
  for (const name of ["view", "dasf", "deployment", "theme", "readonly"]) model.on(`change:${name}`, onModel);

  return () => {
    alive = false;
    observer.disconnect();
    map.removeEventListener("ai-risk-map-change", onChange);
    map.removeEventListener("ai-risk-map-select", onSelect);
    model.off("change:assessment", onModel);
    model.off("change:selected", onSelected);
    for (const name of ["view", "dasf", "deployment", "theme", "readonly"]) model.off(`change:${name}`, onModel);
  };
}

export default { render };
