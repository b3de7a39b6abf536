// The element's first view where a host page loads ai-risk-map.js, whose wasm (about 116 KB)
// is fetched from beside it: the diagram of the built-in catalog, drawn by the same engine at
// build time into ai-risk-map.first-view.json (a few KB, beside the script too), is shown
// while the wasm is on its way, and the live view takes its place when the engine is ready.
// The page does not need this (its HTML holds its first view), nor do the single-file
// builds (their engine arrives with the script): they resolve "first-view" to
// first-view-none.js (www/build.mjs).
import { h } from "./dom.js";
import { diagramFrame, fitted, svgNode } from "./view-diagram.js";
import { baseSheet, styled } from "./element-sheet.js";

/**
 * What www/build.mjs writes: the catalog version drawn (the engine's default), the engine's
 * diagram CSS, and the diagram in its two layouts.
 * @typedef {{dasf: string, css: string, wide: string, narrow: string}} Drawn
 */

/** Fetched once, however many elements a page has. @type {Promise<Drawn | null> | undefined} */
let drawn;
/** The elements that have asked already: each draws its first view once at most. */
const asked = new WeakSet();
/** Attributes that make the element first draw something else than the built-in diagram. */
const OTHER_START = ["src", "catalog", "deployment", "component"];

/**
 * The body of `el` if `el`, not started yet, will first draw the diagram of a built-in
 * catalog (of version `dasf` when given) for a blank assessment: what the first view shows.
 * @param {import("./element.js").AiRiskMap} el
 * @param {string} [dasf]
 * @returns {HTMLElement | null}
 */
function bodyToDraw(el, dasf) {
  const body = el.shadowRoot?.querySelector(".arm-body");
  const shows =
    body instanceof HTMLElement &&
    // Set by the element's live view: the engine is there.
    !body.hasAttribute("data-view") &&
    // Nor when the engine could not start: the element says why, and nothing is on its way.
    !el.shadowRoot?.querySelector(".arm-error")?.textContent &&
    el.view === "diagram" &&
    (dasf == null || (el.getAttribute("dasf") ?? dasf) === dasf) &&
    !OTHER_START.some((name) => el.hasAttribute(name)) &&
    // No document set to open once the engine is there.
    el.toJson() == null;
  return shows ? body : null;
}

/**
 * Draw the first view into the element `el` when it arrives, if `el` still shows the
 * built-in diagram then and the engine is not there yet. Without the file (not deployed,
 * refused by the host's policy) the element shows its loading line until the engine draws,
 * as it would without this.
 * @param {import("./element.js").AiRiskMap} el
 */
export async function firstView(el) {
  if (asked.has(el) || !bodyToDraw(el)) return;
  asked.add(el);
  drawn ??= fetch(new URL("./ai-risk-map.first-view.json", import.meta.url))
    .then((response) => (response.ok ? response.json() : null))
    .catch(() => null);
  const d = await drawn;
  await styled;
  const body = d && bodyToDraw(el, d.dasf);
  const root = el.shadowRoot;
  if (!d || !body || !root) return;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(d.css);
  root.adoptedStyleSheets = [sheet, baseSheet];
  const [view, box] = diagramFrame();
  // The layout the live view picks for the same width (see `fitted`).
  fitted(box, (narrow) => box.replaceChildren(svgNode(narrow ? d.narrow : d.wide)))();
  // A picture until the engine is there: nothing in it can be focused or chosen yet, and
  // screen readers still hear the element's loading line, now out of sight.
  view.inert = true;
  body.setAttribute("aria-busy", "true");
  // (No `data-view` on the body: that marks the live view.)
  body.replaceChildren(h("p", { class: "arm-sr", text: body.textContent ?? "" }), view);
}
