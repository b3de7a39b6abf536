// The diagram view: the engine's SVG, a summary of the component under the pointer or the
// focus, and a panel with the chosen component's risks and their controls.
import { h, fill, select, uid } from "./dom.js";
import { statuses, pct, count, levelChip, stateChip, statusLabel } from "./labels.js";

/** @typedef {import("./element.js").Ctx} Ctx */

const HINT = "Point at or focus a component for its summary; click it or press Enter to see its risks and controls. Arrow keys move between components.";

/**
 * Parse the engine's SVG text (escaped in Rust) into a node of this document.
 * @param {string} text
 * @returns {SVGSVGElement}
 */
export function svgNode(text) {
  const doc = new DOMParser().parseFromString(text, "image/svg+xml");
  const root = doc.documentElement;
  if (root.nodeName !== "svg") throw new Error("The engine returned a diagram that does not parse as SVG.");
  return /** @type {SVGSVGElement} */ (/** @type {unknown} */ (document.importNode(root, true)));
}

/**
 * Keep the engine's diagram in `box` fitted to its width: `draw` is told to use the engine's
 * one-column layout, whose text still reads, where the box is narrow (a phone), and is called
 * again when the width crosses the line. Returns what draws it now.
 * @param {HTMLElement} box
 * @param {(narrow: boolean) => void} draw
 */
export function fitted(box, draw) {
  let narrow = false;
  const wantsNarrow = () => box.clientWidth > 0 && box.clientWidth < 600;
  const redraw = () => draw((narrow = wantsNarrow()));
  const refit = () => {
    if (wantsNarrow() !== narrow) redraw();
  };
  new ResizeObserver(refit).observe(box);
  // A view is drawn before it is put in the page, where it has no width yet: look again as
  // soon as it is in, before the next frame, so that a phone's first frame is already the
  // one-column layout (the observer alone let one frame of the wide one through: a shift).
  queueMicrotask(refit);
  return redraw;
}

/**
 * The ids of the nodes in the drawn SVG, in document order.
 * @param {Element} box
 */
function nodes(box) {
  return /** @type {SVGGElement[]} */ ([...box.querySelectorAll(".arm-node[data-component]")]);
}

/**
 * The edit that sets a control's status (its owner and note stay).
 * @param {string} id
 * @param {string} status
 * @returns {import("./element.js").Edit}
 */
export const setStatus = (id, status) => ({ path: ["controls", id, "status"], value: status });

/**
 * A picker of a control's status, coloured as the status is, that sets it.
 * @param {Ctx} ctx
 * @param {string} id the control
 * @param {string} status
 * @param {Record<string, string>} attrs
 */
export function statusPicker(ctx, id, status, attrs) {
  return select(
    {
      ...attrs,
      class: `arm-status-select arm-status-${status}`,
      disabled: ctx.readonly,
      onchange: (/** @type {Event} */ e) => {
        const t = /** @type {HTMLSelectElement} */ (e.target);
        t.className = `arm-status-select arm-status-${t.value}`;
        // Redraw when this decides a control under review, so its mark goes.
        ctx.edit(setStatus(id, t.value), !!ctx.r.review?.controls.includes(id));
      },
    },
    statuses(),
    status,
  );
}

/**
 * What the team recorded on a control, where it is listed: not relied on for this risk (and
 * why), due date, evidence.
 * @param {Ctx} ctx
 * @param {{id: string, excluded?: string | null}} c
 */
function controlFacts(ctx, c) {
  const state = ctx.a.controls?.[c.id];
  const facts = [
    c.excluded != null ? `Not relied on for this risk${c.excluded ? `: ${c.excluded}` : ""}` : "",
    state?.due ? `Due ${state.due}` : "",
    state?.evidence?.length ? `Evidence: ${state.evidence.join("; ")}` : "",
  ].filter(Boolean);
  return facts.length ? h("span", { class: "arm-muted arm-block arm-evidence", text: facts.join(" \u00b7 ") }) : null;
}

/** @param {Ctx} ctx */
export function diagramView(ctx) {
  const [view, box, tip, panel] = diagramFrame();
  const panelTitle = uid("arm-panel");
  panel.setAttribute("aria-labelledby", panelTitle);
  let first = true;
  /** @param {string} id */
  const focusNode = (id) => /** @type {SVGGElement | null} */ (box.querySelector(`[data-component="${CSS.escape(id)}"]`))?.focus();

  /** @param {string | null} id @param {boolean} [focusPanel] */
  const open = (id, focusPanel = false) => {
    ctx.ui.component = id;
    for (const n of nodes(box)) n.classList.toggle("arm-selected", n.dataset.component === id);
    drawPanel();
    if (id) {
      ctx.select("component", id);
      if (focusPanel) /** @type {HTMLElement | null} */ (panel.querySelector("h2"))?.focus();
    }
  };

  const draw = fitted(box, (narrow) => {
    const had = ctx.host.shadowRoot?.activeElement;
    const focused = had instanceof SVGElement ? had.closest(".arm-node")?.getAttribute("data-component") : null;
    /** @type {import("../../pkg/ai_risk_map.js").DiagramOptions} */
    const options = {};
    if (ctx.ui.component) options.selected = ctx.ui.component;
    if (narrow) options.narrow = true;
    box.replaceChildren(svgNode(ctx.session.diagramSvg(options)));
    for (const n of nodes(box)) n.setAttribute("aria-describedby", tip.id);
    if (focused) focusNode(focused);
    if (first) {
      first = false;
      performance.mark("ai-risk-map:diagram");
    }
  });

  const drawPanel = () => {
    const id = ctx.ui.component;
    const comp = id ? ctx.cat.components.find((c) => c.id === id) : null;
    panel.hidden = !comp;
    if (!comp) return panel.replaceChildren();
    const score = ctx.r.components.find((c) => c.id === comp.id);
    const stage = ctx.cat.stages.find((s) => s.id === comp.stage);
    const risks = ctx.r.risks.filter((r) => r.component === comp.id && r.state !== "not_applicable");
    const skipped = ctx.r.risks.filter((r) => r.component === comp.id && r.state === "not_applicable").length;
    const names = new Map(ctx.cat.controls.map((c) => [c.id, c.name]));
    const root = /** @type {ShadowRoot} */ (ctx.host.shadowRoot);
    const key = root.activeElement?.getAttribute("data-key");
    fill(panel,
      h(
        "div",
        { class: "arm-panel-head" },
        h("h2", { id: panelTitle, tabindex: "-1", text: `Component ${comp.id}: ${comp.name}` }),
        h("button", {
          type: "button",
          class: "arm-button arm-quiet",
          text: "Close",
          "aria-label": `Close the panel of component ${comp.id}`,
          onclick: () => {
            open(null);
            focusNode(comp.id);
          },
        }),
      ),
      h("p", { class: "arm-muted", text: `${stage?.name ?? ""} \u00b7 ${comp.description}` }),
      score &&
        h(
          "p",
          { class: "arm-score-line" },
          `${count(score.applicable, "applicable risk")}${score.setAside ? ` (${score.setAside} set aside)` : ""} \u00b7 ${pct(score.coverage)} covered \u00b7 residual risk `,
          levelChip(score.level),
        ),
      risks.length === 0 && h("p", { text: "No risk of this component applies to the chosen deployment models." }),
      h(
        "ul",
        { class: "arm-risk-list" },
        risks.map((r) =>
          h(
            "li",
            { class: "arm-risk", "data-risk": r.id },
            h(
              "div",
              { class: "arm-row-head" },
              h("span", { class: "arm-id", text: r.id }),
              h("span", { class: "arm-name", text: r.name }),
              stateChip(r.state),
              h("span", { class: "arm-muted", text: `${pct(r.coverage)} covered` }),
            ),
            // The engine's reason is why a risk is set aside, or else the team's remark on it.
            r.reason ? h("p", { class: "arm-muted", "data-reason": "", text: `${r.state === "set_aside" ? "Set aside" : "Team's note"}: ${r.reason}` }) : null,
            h(
              "ul",
              { class: "arm-control-list", "aria-label": `Controls for risk ${r.id}` },
              r.controls.map((c) =>
                h(
                  "li",
                  { class: "arm-control", "data-control": c.id },
                  h("span", { class: "arm-id", text: c.id }),
                  h("span", { class: "arm-name", text: names.get(c.id) ?? "" }),
                  ctx.readonly
                    ? h("span", { class: `arm-chip arm-status-${c.status}`, text: statusLabel(c.status) })
                    : statusPicker(ctx, c.id, c.status, { "aria-label": `Status of ${c.id} ${names.get(c.id) ?? ""}`, "data-key": `dg:${r.id}:${c.id}` }),
                  controlFacts(ctx, c),
                ),
              ),
            ),
          ),
        ),
      ),
      skipped ? h("p", { class: "arm-muted", text: `Not applicable to the chosen deployment models: ${count(skipped, "more risk")} of this component.` }) : null,
    );
    if (key) /** @type {HTMLElement | null} */ (panel.querySelector(`[data-key="${CSS.escape(key)}"]`))?.focus();
  };

  /** @param {Event} e */
  const nodeOf = (e) => /** @type {Element} */ (e.target).closest?.(".arm-node[data-component]");
  /** @param {Event} e */
  const summary = (e) => {
    const n = nodeOf(e);
    tip.textContent = n ? `${n.getAttribute("aria-label")}.` : HINT;
  };
  box.addEventListener("mouseover", summary);
  box.addEventListener("focusin", summary);
  box.addEventListener("mouseleave", () => (tip.textContent = HINT));
  box.addEventListener("click", (e) => {
    const n = nodeOf(e);
    if (n) open(n.getAttribute("data-component"), true);
  });
  box.addEventListener("keydown", (e) => {
    const n = nodeOf(e);
    if (!n) return;
    const all = nodes(box);
    const i = all.indexOf(/** @type {SVGGElement} */ (n));
    /** @type {number | null} */
    let next = null;
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      open(n.getAttribute("data-component"), true);
    } else if (e.key === "ArrowRight" || e.key === "ArrowDown") next = (i + 1) % all.length;
    else if (e.key === "ArrowLeft" || e.key === "ArrowUp") next = (i - 1 + all.length) % all.length;
    else if (e.key === "Home") next = 0;
    else if (e.key === "End") next = all.length - 1;
    if (next != null) {
      e.preventDefault();
      all[next].focus();
    }
  });
  panel.addEventListener("keydown", (e) => {
    if (e.key !== "Escape" || !ctx.ui.component) return;
    const id = ctx.ui.component;
    open(null);
    focusNode(id);
  });

  ctx.live(() => {
    draw();
    drawPanel();
  });
  return view;
}

/**
 * The diagram view's markup: the box the engine's SVG goes in, the tip under it, and the
 * panel of the chosen component beside them (hidden while none is). The live view and the
 * first view drawn before the engine arrives (first-view-url.js) are built by this one
 * function, so that the one takes the other's place without a shift. Returns the view and
 * those three parts of it.
 * @returns {[HTMLElement, HTMLElement, HTMLElement, HTMLElement]}
 */
export function diagramFrame() {
  const box = h("div", { class: "arm-diagram-box" });
  const tip = h("p", { class: "arm-tip", id: uid("arm-tip"), text: HINT });
  const panel = h("section", { class: "arm-panel", role: "region", hidden: true });
  return [h("div", { class: "arm-diagram-view" }, h("div", { class: "arm-diagram-main" }, box, tip), panel), box, tip, panel];
}
