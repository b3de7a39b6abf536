// The assessment view: the five steps of the method as a guided flow, with the engine's
// scores, open gaps and next best controls beside it, updated after every change.
import { h, morph, drawRows, select, uid, groupBy } from "./dom.js";
import { statuses, responsibilities, responsibilityHelp, pct, count, levelChip, levelLabel, stateChip } from "./labels.js";
import { setStatus, statusPicker } from "./view-diagram.js";
import { searchHits } from "./view-catalog.js";

/** @typedef {import("./element.js").Ctx} Ctx */
/** @typedef {import("./element.js").Assessment} Assessment */

const STEPS = [
  ["Use case", "Describe the AI system", "Name the system you are assessing, what it does and who owns it. This goes on the report."],
  ["Deployment", "Choose how it is deployed", "Pick every deployment model that describes the system. Only the risks of the chosen models apply; with none chosen, every risk applies."],
  ["Risks", "Confirm the pertinent risks", "These risks apply to the chosen deployment models, listed by component. Untick a risk that does not concern this system and say why: it stays in the report as set aside and is not scored. Rate likelihood and impact to rank the risks; include a risk the models do not flag if it concerns this system."],
  ["Threats", "Consider the threats behind each risk", "Each pertinent risk with the attack techniques and weaknesses it maps to (MITRE ATLAS and ATT&CK, OWASP Top 10 for LLM and ML). Use them to judge how exposed the system is."],
  ["Controls", "Record the controls in place", "Set the status of each control that mitigates a pertinent risk, with an owner, a due date, the evidence and a note; say for which risks the team does not rely on it. Bulk actions set every control of a component or a responsibility at once. Scores update as you go."],
];

/** Above this many rows, a step lays out only the rows in view (`.arm-long`, element.css). */
const LONG_STEP = 200;

/**
 * About how many rows a step lists: a control each on step 5, a risk each on steps 3 and 4.
 * @param {Ctx} ctx
 * @param {number} step
 */
function rowCount(ctx, step) {
  return step === 5 ? ctx.r.controls.length : step >= 3 ? ctx.r.risks.length : 0;
}

/**
 * Group items by component, in catalog order.
 * @template {{component: string}} T
 * @param {Ctx} ctx
 * @param {T[]} items
 * @returns {[import("../../pkg/ai_risk_map.js").Component, T[]][]}
 */
function byComponent(ctx, items) {
  const of = groupBy(items, (item) => item.component);
  return ctx.cat.components.flatMap((c) => {
    const list = of.get(c.id);
    return list ? [/** @type {[any, T[]]} */ ([c, list])] : [];
  });
}

/**
 * A group's title line: its name, then a note such as a count.
 * @param {string} title
 * @param {string} note
 * @param {boolean} [counted] with a place for how many rows the filters leave shown
 */
function heading(title, note, counted = false) {
  return h("summary", {}, h("span", { class: "arm-group-title", text: title }), h("span", { class: "arm-muted", text: ` \u00b7 ${note}` }, counted && h("span", { "data-count": "" })));
}

/**
 * A collapsible group that remembers being closed across redraws.
 * @param {Ctx} ctx
 * @param {string} key
 * @param {HTMLElement} summary its `heading`
 * @param {(Node | null)[]} body
 */
function group(ctx, key, summary, body) {
  const closed = ctx.ui.closed;
  const d = h("details", { class: "arm-group", open: !closed.has(key) }, summary, body);
  d.addEventListener("toggle", () => (d.open ? closed.delete(key) : closed.add(key)));
  return d;
}

/**
 * A labelled text field bound to a string of the assessment.
 * @param {Ctx} ctx
 * @param {string} label
 * @param {string} key
 * @param {string} value
 * @param {(v: string) => void} set what typing does with the text (an edit through the engine)
 * @param {{multiline?: boolean, hidden?: string, placeholder?: string, type?: string, help?: string}} [opts]
 */
function field(ctx, label, key, value, set, opts = {}) {
  const id = uid("arm-f");
  // What is typed while the field keeps the focus is one step for undo.
  let group = uid(key);
  const attrs = {
    id,
    value,
    "data-key": key,
    placeholder: opts.placeholder,
    readonly: ctx.readonly,
    onfocus: () => (group = uid(key)),
    oninput: (/** @type {Event} */ e) => {
      ctx.typing = group;
      try {
        set(/** @type {HTMLInputElement} */ (e.target).value);
      } finally {
        ctx.typing = null;
      }
    },
  };
  return h(
    "div",
    { class: "arm-field" },
    h("label", { for: id }, label, opts.hidden ? h("span", { class: "arm-sr", text: ` ${opts.hidden}` }) : null),
    opts.multiline ? h("textarea", { ...attrs, rows: "3" }) : h("input", { ...attrs, type: opts.type ?? "text" }),
    opts.help ? h("span", { class: "arm-muted arm-block", text: opts.help }) : null,
  );
}

/**
 * Change the team's decision on a risk (document v3: `pertinent`, `reason`, `likelihood`,
 * `impact`, `excludedControls`, `threatsReviewed`, `threatsNote`) as an edit of its entry:
 * `change` gets the decision, created when absent, and what it leaves saying nothing is
 * dropped (`tidy`).
 * @param {Ctx} ctx
 * @param {string} id
 * @param {(d: import("../../pkg/ai_risk_map.js").RiskDecision) => void} change
 * @param {boolean} [redraw]
 */
function decide(ctx, id, change, redraw = false) {
  ctx.editEntry("risks", id, (a) => {
    a.risks ??= {};
    change((a.risks[id] ??= {}));
    tidy(a, id);
  }, redraw);
}

/**
 * A checkbox that edits the assessment (disabled when the element is read-only); `set` gets
 * its new state.
 * @param {Ctx} ctx
 * @param {string} key its `data-key`, which keeps the focus on it across redraws
 * @param {boolean} checked
 * @param {(on: boolean) => void} set
 * @param {string} [id]
 */
function checkbox(ctx, key, checked, set, id) {
  return h("input", {
    type: "checkbox",
    id,
    checked,
    disabled: ctx.readonly,
    "data-key": key,
    onchange: (/** @type {Event} */ e) => set(/** @type {HTMLInputElement} */ (e.target).checked),
  });
}

/**
 * The ids of `order` that are in `list`, with `id` put in (`on`) or taken out: a choice of
 * catalog items, in catalog order, after a tick.
 * @param {string[]} order
 * @param {string[]} list
 * @param {string} id
 * @param {boolean} on
 */
const ticked = (order, list, id, on) => {
  const had = new Set(list);
  return order.filter((x) => (x === id ? on : had.has(x)));
};

/** @type {WeakMap<string[], Set<string>>} */
const sets = new WeakMap();

/**
 * The ids of a list of the report as a set, made once per list: asked once per row drawn, a
 * scan of the list each time would make a long list quadratic. (The report's members are
 * replaced, never changed in place, when an edit changes them.)
 * @param {string[]} list
 */
function setOf(list) {
  let set = sets.get(list);
  if (!set) sets.set(list, (set = new Set(list)));
  return set;
}

/**
 * Drop a risk's decision when it says nothing, so that the document stays as short as a
 * hand-written one. An empty text or list of exclusions says nothing: the engine leaves it
 * out when it writes the decision.
 * @param {Assessment} a
 * @param {string} id
 */
function tidy(a, id) {
  const d = a.risks?.[id];
  if (!d) return;
  const says = Object.values(d).some((v) => v !== "" && !(v && typeof v === "object" && !Object.keys(v).length));
  // A risk a catalog move added stays decided once looked at.
  if (!says && !a.catalogMigration?.newRisks?.includes(id)) delete a.risks?.[id];
}

/**
 * A 1-to-5 picker for a risk's likelihood or impact; blank leaves it unrated.
 * @param {Ctx} ctx
 * @param {string} riskId
 * @param {"likelihood" | "impact"} what
 * @param {string[]} words
 */
function rating(ctx, riskId, what, words) {
  const id = uid("arm-r");
  const value = ctx.a.risks?.[riskId]?.[what];
  return h(
    "div",
    { class: "arm-field arm-rating" },
    h("label", { for: id }, what === "likelihood" ? "Likelihood" : "Impact", h("span", { class: "arm-sr", text: ` of risk ${riskId}` })),
    select(
      {
        id,
        "data-key": `${what === "likelihood" ? "lk" : "im"}:${riskId}`,
        disabled: ctx.readonly,
        onchange: (/** @type {Event} */ e) => {
          const v = /** @type {HTMLSelectElement} */ (e.target).value;
          decide(ctx, riskId, (d) => {
            if (v) d[what] = Number(v);
            else delete d[what];
          });
        },
      },
      [["", "Not rated"], ...words.map((w, i) => /** @type {[string, string]} */ ([String(i + 1), `${i + 1} ${w}`]))],
      value == null ? "" : String(value),
    ),
  );
}

const LIKELIHOOD = ["rare", "unlikely", "possible", "likely", "almost certain"];
const IMPACT = ["negligible", "minor", "moderate", "major", "severe"];

/** @param {Ctx} ctx */
function stepUseCase(ctx) {
  const uc = ctx.a.useCase ?? {};
  return [
    field(ctx, "Name", "uc:name", uc.name ?? "", (v) => ctx.edit({ path: ["useCase", "name"], value: v }), { placeholder: "e.g. Support assistant (RAG)" }),
    field(ctx, "Description", "uc:desc", uc.description ?? "", (v) => ctx.edit({ path: ["useCase", "description"], value: v }), {
      multiline: true,
      placeholder: "What it does, for whom, with which data",
    }),
    field(ctx, "Owner", "uc:owner", uc.owner ?? "", (v) => ctx.edit({ path: ["useCase", "owner"], value: v }), { placeholder: "Team or person accountable" }),
    field(ctx, "Assessor", "assessor", ctx.a.assessor ?? "", (v) => ctx.edit({ path: ["assessor"], value: v || null }), { placeholder: "Who makes this assessment" }),
    field(ctx, "Assessed on", "assessedOn", ctx.a.assessedOn ?? "", (v) => ctx.edit({ path: ["assessedOn"], value: v || null }), { type: "date" }),
  ];
}

/**
 * For an item a catalog move added and nobody has decided on yet: a "to review" chip, and a
 * button that records the current choice as the decision.
 * @param {Ctx} ctx
 * @param {"risks" | "controls"} kind
 * @param {string} id
 * @param {import("./element.js").Edit} decide the edit that records the decision
 */
function reviewMark(ctx, kind, id, decide) {
  const review = ctx.r.review;
  if (!review || !setOf(review[kind]).has(id)) return [];
  const what = kind === "risks" ? `risk ${id} as pertinent` : `control ${id} as reviewed`;
  return [
    h("span", { class: "arm-chip arm-review", text: `New since DASF ${review.from}: to review` }),
    ctx.readonly
      ? null
      : h("button", { type: "button", class: "arm-button arm-small", "data-key": `rev:${id}`, text: kind === "risks" ? "Keep it" : "Reviewed", "aria-label": `Keep ${what}`, onclick: () => ctx.edit(decide, true) }),
  ];
}

/** @param {Ctx} ctx */
function stepDeployment(ctx) {
  const chosen = ctx.a.deploymentModels ?? [];
  const versionId = uid("arm-v");
  const count = h("p", { class: "arm-note", "aria-live": "polite" });
  ctx.live(() => {
    count.textContent = `${ctx.r.overall.applicable} of ${ctx.cat.risks.length} risks of DASF ${ctx.cat.version} apply.`;
  });
  return [
    h(
      "div",
      { class: "arm-field arm-inline" },
      h("label", { for: versionId, text: "DASF version" }),
      select(
        {
          id: versionId,
          "data-key": "dasf",
          disabled: ctx.readonly,
          // The engine keeps every decision, records what the target adds for review, and
          // refuses (the edit is then undone and its message shown) a move that would drop one.
          onchange: (/** @type {Event} */ e) => ctx.migrate(/** @type {HTMLSelectElement} */ (e.target).value),
        },
        ctx.api.catalogVersions().map((v) => [v, `DASF ${v}`]),
        ctx.cat.version,
      ),
    ),
    h(
      "fieldset",
      { class: "arm-models" },
      h("legend", { text: "Deployment models" }),
      ctx.cat.deploymentModels.map((m) =>
        h(
          "label",
          { class: "arm-model", "data-model": m.id },
          checkbox(ctx, `dm:${m.id}`, chosen.includes(m.id), (on) =>
            ctx.edit({ path: ["deploymentModels"], value: ticked(ctx.cat.deploymentModels.map((d) => d.id), ctx.a.deploymentModels ?? [], m.id, on) }),
          ),
          h("span", {}, h("strong", { text: m.name }), h("span", { class: "arm-muted arm-block", text: m.description })),
        ),
      ),
    ),
    asPublished(ctx),
    scope(ctx),
    count,
  ];
}

/**
 * The catalog's errata, or the snapshot as published: the document's `asPublished`.
 * @param {Ctx} ctx
 */
function asPublished(ctx) {
  const errata = ctx.cat.errata ?? [];
  if (!errata.length) return null;
  const on = !!ctx.a.asPublished;
  return h(
    "div",
    { class: "arm-field arm-errata" },
    h(
      "label",
      { class: "arm-check" },
      checkbox(ctx, "aspublished", on, (v) => ctx.edit({ path: ["asPublished"], value: v || null }, true)),
      " Use the catalog as published, without its corrections",
    ),
    h("details", { class: "arm-more" },
      h("summary", { text: `${errata.length} corrections to the deployment models of the source ${on ? "(not applied)" : "(applied)"}` }),
      h("ul", {}, errata.map((e) => h("li", { "data-erratum": e.risk }, h("span", { class: "arm-id", text: e.risk }), ` ${e.reason}`))),
    ),
  );
}

/**
 * Which components are in scope: all unless the team narrows it (a system with no training
 * of its own, say). Out-of-scope components' risks are not applicable.
 * @param {Ctx} ctx
 */
function scope(ctx) {
  const all = ctx.cat.components.map((c) => c.id);
  const chosen = new Set(ctx.a.components ?? all);
  const names = new Map(ctx.cat.components.map((c) => [c.id, c.name]));
  return h(
    "fieldset",
    { class: "arm-models arm-scope" },
    h("legend", { text: "Components in scope" }),
    ctx.cat.stages.map((stage) =>
      h(
        "div",
        { class: "arm-scope-stage" },
        h("span", { class: "arm-muted", text: stage.name }),
        stage.components.map((id) =>
          h(
            "label",
            { class: "arm-check", "data-scope": id },
            checkbox(ctx, `scope:${id}`, chosen.has(id), (on) => {
              const next = ticked(all, ctx.a.components ?? all, id, on);
              // Every component ticked is the default: leave the field out.
              ctx.edit({ path: ["components"], value: next.length === all.length ? null : next });
            }),
            ` ${id}. ${names.get(id) ?? ""}`,
          ),
        ),
      ),
    ),
  );
}

/** @param {Ctx} ctx */
function stepRisks(ctx) {
  const risks = ctx.r.risks.filter((r) => r.state !== "not_applicable");
  const info = new Map(ctx.cat.risks.map((r) => [r.id, r]));
  const out = risks.length
    ? byComponent(ctx, risks).map(([comp, list]) => {
        const aside = list.filter((r) => r.state === "set_aside").length;
        return group(
          ctx,
          `r:${comp.id}`,
          heading(`Component ${comp.id}: ${comp.name}`, `${count(list.length, "risk")}${aside ? `, ${aside} set aside` : ""}`),
          list.map((r) => riskRow(ctx, r, info.get(r.id))),
        );
      })
    : [h("p", { text: "No risk applies: choose at least one component or deployment model." })];
  const nodes = [...out, notFlagged(ctx)].filter((n) => n != null);
  const { bar, refilter } = finder(ctx, {
    kind: "risk",
    key: "riskQuery",
    label: "Search the risks (id, name, text or component)",
    placeholder: "e.g. 9.1 or prompt injection",
    rows: () => nodes.flatMap((n) => [.../** @type {NodeListOf<HTMLElement>} */ (n.querySelectorAll("[data-risk]"))]),
  });
  refilter();
  return [bar, ...nodes];
}

/**
 * One applicable risk: kept or set aside, rated, and (when the team brought it in) a way back.
 * @param {Ctx} ctx
 * @param {import("../../pkg/ai_risk_map.js").Report["risks"][number]} r
 * @param {import("../../pkg/ai_risk_map.js").Risk | undefined} cat
 */
function riskRow(ctx, r, cat) {
  const out = r.state === "set_aside";
  const id = uid("arm-p");
  return h(
    "div",
    { class: `arm-row${out ? " arm-out" : ""}`, "data-risk": r.id },
    h(
      "div",
      { class: "arm-row-head" },
      checkbox(ctx, `p:${r.id}`, !out, (on) =>
        decide(ctx, r.id, (d) => {
          if (on) {
            // Kept: an included risk stays included; a flagged one needs no mark.
            if (r.scope === "included") d.pertinent = true;
            else delete d.pertinent;
            delete d.reason;
          } else {
            d.pertinent = false;
            d.reason = "";
          }
        }, true),
      id),
      h("label", { for: id }, h("span", { class: "arm-id", text: r.id }), " ", h("span", { class: "arm-name", text: r.name })),
      h("span", { class: "arm-chip arm-kind", text: cat?.kind === "ai" ? "AI-specific" : "Cyber" }),
      out ? h("span", { class: "arm-chip arm-state-set_aside", text: "Set aside" }) : null,
      r.scope === "included" ? h("span", { class: "arm-chip arm-included", text: "Included by the team" }) : null,
      r.scope === "included" && !ctx.readonly
        ? h("button", {
            type: "button",
            class: "arm-button arm-small",
            "data-key": `exclude:${r.id}`,
            text: "Remove",
            "aria-label": `Remove risk ${r.id} from scope`,
            onclick: () =>
              decide(ctx, r.id, (d) => {
                delete d.pertinent;
                delete d.reason;
              }, true),
          })
        : null,
      ...reviewMark(ctx, "risks", r.id, { path: ["risks", r.id, "pertinent"], value: true }),
    ),
    out
      ? field(ctx, "Reason for setting it aside", `reason:${r.id}`, r.reason ?? "", (v) => ctx.edit({ path: ["risks", r.id, "reason"], value: v }), { hidden: `(risk ${r.id})`, placeholder: "e.g. no training on customer data" })
      : h("div", { class: "arm-fields arm-ratings" }, rating(ctx, r.id, "likelihood", LIKELIHOOD), rating(ctx, r.id, "impact", IMPACT),
          r.priority != null ? h("p", { class: "arm-muted", "data-priority": r.id, text: `Priority ${r.priority.toFixed(1)} of 25` }) : null),
    r.scope === "included"
      ? field(ctx, "Why it is included", `why:${r.id}`, ctx.a.risks?.[r.id]?.reason ?? "", (v) => ctx.edit({ path: ["risks", r.id, "reason"], value: v }), { hidden: `(risk ${r.id})` })
      : null,
    cat && h("details", { class: "arm-more" }, h("summary", {}, "About this risk", h("span", { class: "arm-sr", text: ` ${r.id}` })), h("p", { text: cat.description })),
  );
}

/**
 * The risks the deployment models do not flag, collapsed, each with a way to bring it in.
 * @param {Ctx} ctx
 */
function notFlagged(ctx) {
  const list = ctx.r.risks.filter((r) => r.scope === "not_flagged");
  if (!list.length) return null;
  const d = h(
    "details",
    { class: "arm-group arm-not-flagged", open: !!ctx.ui.showNotFlagged },
    heading("Not flagged for your deployment models", count(list.length, "risk")),
    h("p", { class: "arm-muted", text: "The catalog does not tie these risks to the deployment models you chose. Include one that concerns this system anyway: it is then scored like the others." }),
    list.map((r) =>
      h(
        "div",
        { class: "arm-row", "data-risk": r.id, "data-not-flagged": "" },
        h(
          "div",
          { class: "arm-row-head" },
          h("span", { class: "arm-id", text: r.id }),
          h("span", { class: "arm-name", text: r.name }),
          ctx.readonly
            ? null
            : h("button", {
                type: "button",
                class: "arm-button arm-small",
                "data-key": `include:${r.id}`,
                text: "Include",
                "aria-label": `Include risk ${r.id}`,
                onclick: () => ctx.edit({ path: ["risks", r.id, "pertinent"], value: true }, true),
              }),
        ),
      ),
    ),
  );
  d.addEventListener("toggle", () => (ctx.ui.showNotFlagged = d.open));
  return d;
}

/** @param {Ctx} ctx */
function stepThreats(ctx) {
  const risks = ctx.r.risks.filter((r) => r.coverage != null);
  const info = new Map(ctx.cat.risks.map((r) => [r.id, r]));
  const threats = ctx.cat.crosswalks.filter((c) => c.threats);
  if (!risks.length) return [h("p", { text: "No pertinent risk: go back to step 3." })];
  const done = h("p", { class: "arm-note", "data-score": "threats" });
  ctx.live(() => {
    done.textContent = ctx.r.summary.threatsLine;
  });
  return [
    done,
    ...byComponent(ctx, risks).map(([comp, list]) =>
      group(
        ctx,
        `t:${comp.id}`,
        heading(`Component ${comp.id}: ${comp.name}`, count(list.length, "risk")),
        list.map((r) => threatRow(ctx, r, info.get(r.id)?.crosswalk ?? {}, threats)),
      ),
    ),
  ];
}

/**
 * One pertinent risk in step 4: the techniques and weaknesses it maps to, by standard, with
 * their names where the catalog has them, and the team's review of them.
 * @param {Ctx} ctx
 * @param {import("../../pkg/ai_risk_map.js").Report["risks"][number]} r
 * @param {Record<string, string[] | undefined>} walk
 * @param {import("../../pkg/ai_risk_map.js").Catalog["crosswalks"]} threats
 */
function threatRow(ctx, r, walk, threats) {
  const lines = threats
    .map((cw) => /** @type {const} */ ([cw, walk[cw.id] ?? []]))
    .filter(([, ids]) => ids.length)
    .map(([cw, ids]) =>
      h(
        "li",
        { "data-standard": cw.id },
        h("span", { class: "arm-std", text: `${cw.name}: ` }),
        ids.flatMap((tid, i) => [
          i ? "; " : "",
          h("span", { class: "arm-threat", "data-threat": tid }, h("code", { text: tid }), cw.entries[tid] ? ` ${cw.entries[tid]}` : ""),
        ]),
      ),
    );
  const id = uid("arm-tr");
  const reviewed = !!ctx.a.risks?.[r.id]?.threatsReviewed;
  return h(
    "div",
    { class: "arm-row arm-threat-row", "data-risk": r.id },
    h("div", { class: "arm-row-head" }, h("span", { class: "arm-id", text: r.id }), h("span", { class: "arm-name", text: r.name }), stateChip(r.state)),
    lines.length
      ? h("ul", { class: "arm-threats", "aria-label": `Threats behind risk ${r.id}` }, lines)
      : h("p", { class: "arm-muted", text: "The catalog maps no threat ids to this risk." }),
    h(
      "div",
      { class: "arm-threat-review" },
      h(
        "label",
        { class: "arm-check", for: id },
        checkbox(ctx, `tr:${r.id}`, reviewed, (on) =>
          decide(ctx, r.id, (d) => {
            if (on) d.threatsReviewed = true;
            else delete d.threatsReviewed;
          }),
        id),
        " Threats reviewed",
        h("span", { class: "arm-sr", text: ` for risk ${r.id}` }),
      ),
      field(ctx, "Note", `tn:${r.id}`, ctx.a.risks?.[r.id]?.threatsNote ?? "", (v) => decide(ctx, r.id, (d) => (d.threatsNote = v)), { hidden: `on the threats of risk ${r.id}`, placeholder: "What the team concluded, e.g. exposed through the public chat" }),
    ),
  );
}

/**
 * A status picker plus an Apply button, for a bulk action.
 * @param {Ctx} ctx
 * @param {string} key
 * @param {string} what which controls, after "every control"
 * @param {() => string[]} ids
 * @param {HTMLElement[]} [choice] a labelled picker of which controls, before the status (the
 *   main bulk action, over a component)
 */
function bulk(ctx, key, what, ids, choice) {
  const id = uid("arm-b");
  const pick = select({ id, "data-key": `${key}:s` }, statuses(), "implemented");
  return h(
    "div",
    { class: choice ? "arm-bulk arm-bulk-main" : "arm-bulk" },
    choice,
    h("label", { for: id }, choice ? "to" : `Set every control ${what} to`),
    pick,
    h("button", {
      type: "button",
      class: "arm-button",
      "data-key": `${key}:go`,
      text: "Apply",
      "aria-label": `Apply to every control ${what}`,
      onclick: () => ctx.edit(ids().map((c) => setStatus(c, pick.value)), true),
    }),
  );
}

/**
 * A search box over the rows of a step (the engine's search, as in the catalog browser),
 * plus any other filters the step has, with a count of what they leave shown. Filtering
 * hides rows without rebuilding the step, so typing keeps its place.
 * @param {Ctx} ctx
 * @param {{kind: "risk" | "control", key: "riskQuery" | "controlQuery", label: string, placeholder: string, rows: () => HTMLElement[], keep?: (id: string) => boolean, filters?: Node[]}} o
 */
function finder(ctx, o) {
  const id = uid("arm-q");
  const count = h("p", { class: "arm-muted arm-shown", role: "status", "data-shown": o.kind });
  const noun = o.kind === "risk" ? "risks" : "controls";
  const refilter = () => {
    const q = ctx.ui[o.key].trim();
    // As in the catalog browser (a component's name finds its risks).
    const hits = q ? searchHits(ctx, q, ctx.cat) : null;
    const rows = o.rows();
    let shown = 0;
    for (const row of rows) {
      const rid = row.dataset[o.kind] ?? "";
      row.hidden = !((!hits || hits.has(`${o.kind}:${rid}`)) && (!o.keep || o.keep(rid)));
      if (!row.hidden) shown += 1;
    }
    // A group with nothing left shown is hidden too; the others say how many they show.
    for (const [g, mine] of groupBy(rows, (r) => r.closest("details"))) {
      if (!g) continue;
      const left = mine.filter((r) => !r.hidden).length;
      g.hidden = left === 0;
      const n = g.querySelector(":scope > summary [data-count]");
      if (n) n.textContent = left === mine.length ? "" : ` (${left} shown)`;
    }
    count.textContent = shown === rows.length ? `All ${rows.length} ${noun} shown.` : `Showing ${shown} of ${rows.length} ${noun}; the filters above hide the others.`;
  };
  const bar = h(
    "div",
    { class: "arm-finder" },
    h(
      "div",
      { class: "arm-search", role: "search" },
      h("label", { for: id, text: o.label }),
      h("input", {
        type: "search",
        id,
        value: ctx.ui[o.key],
        "data-key": o.key,
        maxlength: ctx.api.limits().maxQueryChars,
        placeholder: o.placeholder,
        oninput: (/** @type {Event} */ e) => {
          ctx.ui[o.key] = /** @type {HTMLInputElement} */ (e.target).value;
          refilter();
        },
      }),
    ),
    ...(o.filters ?? []),
    count,
  );
  return { bar, refilter };
}

/** @param {Ctx} ctx */
function stepControls(ctx) {
  const info = new Map(ctx.cat.controls.map((c) => [c.id, c]));
  const riskNames = new Map(ctx.cat.risks.map((r) => [r.id, r.name]));
  const rows = new Map(ctx.r.controls.map((c) => [c.id, c]));
  const reliedOn = scoredRisksByControl(ctx.r);
  const pertinent = ctx.r.risks.filter((r) => r.state !== "not_applicable" && r.state !== "set_aside");
  if (!rows.size) return [h("p", { text: "No control mitigates a pertinent risk: go back to steps 2 and 3." })];
  const comps = byComponent(ctx, pertinent);
  const compId = uid("arm-c");
  const compPick = select({ id: compId, "data-key": "bc:c" }, comps.map(([c]) => [c.id, `${c.id}. ${c.name}`]), comps[0]?.[0].id ?? "");
  const compIds = () => [...new Set(pertinent.filter((r) => r.component === compPick.value).flatMap((r) => r.controls.map((c) => c.id)))];
  const out = [];
  if (!ctx.readonly) out.push(bulk(ctx, "bc", "of the chosen component", compIds, [h("label", { for: compId, text: "Set every control of component" }), compPick]));
  /** @type {HTMLElement[]} */
  const listed = [];
  // Every control that mitigates a pertinent risk, whatever its status, by responsibility
  // (the engine's order and words): implemented ones stay here to be changed back.
  for (const [code, label] of responsibilities()) {
    const list = ctx.r.controls.filter((c) => c.responsibility === code);
    if (!list.length) continue;
    const rowEls = list.map((row) => controlRow(ctx, row, info.get(row.id), riskNames, reliedOn));
    listed.push(...rowEls);
    out.push(
      group(
        ctx,
        `c:${code}`,
        heading(label, count(list.length, "control"), true),
        [
          h("p", { class: "arm-muted arm-help", "data-help": code, text: responsibilityHelp(code) }),
          ctx.readonly ? null : bulk(ctx, `br:${code}`, `in ${label}`, () => list.map((c) => c.id)),
          ...rowEls,
        ],
      ),
    );
  }
  // Controls the team excluded for every risk they mitigate: listed, so they can come back.
  const left = [...new Set(pertinent.flatMap((r) => r.controls.filter((c) => c.excluded != null).map((c) => c.id)))].filter((id) => !rows.has(id));
  if (left.length) {
    const rowEls = left.map((id) =>
      controlRow(ctx, { id, name: info.get(id)?.name ?? "", status: ctx.a.controls?.[id]?.status ?? "not_assessed", risks: [] }, info.get(id), riskNames, reliedOn),
    );
    listed.push(...rowEls);
    out.push(
      group(
        ctx,
        "c:excluded",
        heading("Not relied on for any risk", count(left.length, "control"), true),
        rowEls,
      ),
    );
  }
  // The status filter: the report says which controls are still a gap for some risk.
  const openCount = ctx.r.controls.filter((c) => c.open).length;
  const { bar, refilter } = finder(ctx, {
    kind: "control",
    key: "controlQuery",
    label: "Search the controls (id, name or text)",
    placeholder: "e.g. DASF 5 or access",
    rows: () => listed,
    keep: (id) => !ctx.ui.openOnly || !!rows.get(id)?.open,
    filters: [
      h(
        "label",
        { class: "arm-check arm-filter" },
        h("input", {
          type: "checkbox",
          checked: !!ctx.ui.openOnly,
          "data-key": "openonly",
          onchange: (/** @type {Event} */ e) => {
            ctx.ui.openOnly = /** @type {HTMLInputElement} */ (e.target).checked;
            refilter();
          },
        }),
        ` Show only controls that are not implemented yet (${openCount} of ${listed.length})`,
      ),
    ],
  });
  refilter();
  return [bar, ...out];
}

/**
 * @param {Ctx} ctx
 * @param {Pick<import("../../pkg/ai_risk_map.js").Report["controls"][number], "id" | "name" | "status" | "risks">} row
 * @param {import("../../pkg/ai_risk_map.js").Control | undefined} cat
 * @param {Map<string, string>} riskNames
 * @param {ScoredByControl} reliedOn
 */
function controlRow(ctx, row, cat, riskNames, reliedOn) {
  const state = ctx.a.controls?.[row.id];
  const sid = uid("arm-s");
  const hidden = `of ${row.id}`;
  return h(
    "div",
    { class: "arm-row arm-control-row", "data-control": row.id },
    h("div", { class: "arm-row-head" }, h("span", { class: "arm-id", text: row.id }), h("span", { class: "arm-name", text: row.name }), ...reviewMark(ctx, "controls", row.id, setStatus(row.id, row.status))),
    h(
      "p",
      { class: "arm-covers" },
      `Mitigates ${count(row.risks.length, "pertinent risk")}: `,
      row.risks.flatMap((id, i) => [i ? ", " : "", riskLink(ctx, id, riskNames.get(id) ?? "")]),
    ),
    h(
      "div",
      { class: "arm-fields" },
      h(
        "div",
        { class: "arm-field" },
        h("label", { for: sid }, "Status", h("span", { class: "arm-sr", text: ` ${hidden}` })),
        statusPicker(ctx, row.id, row.status, { id: sid, "data-key": `st:${row.id}` }),
      ),
      field(ctx, "Owner", `ow:${row.id}`, state?.owner ?? "", (v) => ctx.edit({ path: ["controls", row.id, "owner"], value: v }), { hidden }),
      field(ctx, "Note", `no:${row.id}`, state?.note ?? "", (v) => ctx.edit({ path: ["controls", row.id, "note"], value: v }), { hidden }),
      field(ctx, "Due", `due:${row.id}`, state?.due ?? "", (v) => ctx.edit({ path: ["controls", row.id, "due"], value: v || null }), { hidden, type: "date" }),
    ),
    field(ctx, "Evidence", `ev:${row.id}`, (state?.evidence ?? []).join("\n"), (v) => {
      const lines = v.split("\n").map((l) => l.trim()).filter(Boolean);
      ctx.edit({ path: ["controls", row.id, "evidence"], value: lines.length ? lines : null });
    }, { hidden, multiline: true, placeholder: "Links or statements, one a line", help: "One item a line: a link, a ticket, an audit report." }),
    exclusions(ctx, row.id, reliedOn.get(row.id) ?? []),
    cat &&
      h(
        "details",
        { class: "arm-more" },
        h("summary", {}, "What it covers and how to implement it", h("span", { class: "arm-sr", text: ` (${row.id})` })),
        h("p", { text: cat.description }),
        h("p", {}, h("strong", { text: "Implementation: " }), cat.implementation),
        h("p", { class: "arm-muted", text: `${cat.controlType} \u00b7 ${cat.operator}` }),
        h("ul", {}, row.risks.map((id) => h("li", {}, h("span", { class: "arm-id", text: id }), ` ${riskNames.get(id) ?? ""}`))),
      ),
  );
}

/**
 * A risk id that opens the risk in the catalog (Back returns here).
 * @param {Ctx} ctx
 * @param {string} id
 * @param {string} name
 */
function riskLink(ctx, id, name) {
  return h("button", {
    type: "button",
    class: "arm-link",
    "data-risk-link": id,
    "aria-label": `Risk ${id} ${name}`,
    title: name,
    text: id,
    onclick: () => ctx.host.navigate({ view: "catalog", item: { kind: "risk", id } }),
  });
}

/** @typedef {{control: string, risk: import("../../pkg/ai_risk_map.js").RiskResult, excluded: string | null | undefined}} ReliedOn */
/** @typedef {Map<string, ReliedOn[]>} ScoredByControl */

/**
 * For each control, the scored risks that list it and whether the team excluded it there, in
 * the report's order: one pass over the risks, so that drawing every control's list stays
 * linear in the size of the catalog.
 * @param {import("../../pkg/ai_risk_map.js").Report} report
 * @returns {ScoredByControl}
 */
function scoredRisksByControl(report) {
  const pairs = report.risks.filter((risk) => risk.coverage != null).flatMap((risk) => risk.controls.map((c) => ({ control: c.id, risk, excluded: c.excluded })));
  return groupBy(pairs, (pair) => pair.control);
}

/**
 * Which of the scored risks a control is relied on for: unticking excludes it for that risk
 * (with a reason), so the risk's coverage is over the controls the team did choose.
 * @param {Ctx} ctx
 * @param {string} control
 * @param {ReliedOn[]} scored
 */
function exclusions(ctx, control, scored) {
  if (!scored.length) return null;
  const excluded = scored.filter((s) => s.excluded != null).length;
  return h(
    "details",
    { class: "arm-more arm-exclusions", open: excluded > 0 || ctx.ui.exclusions.has(control) },
    h("summary", {}, `Relied on for ${scored.length - excluded} of ${count(scored.length, "risk")}`, h("span", { class: "arm-sr", text: ` (${control})` })),
    scored.map(({ risk: r, excluded: ex }) => {
      const id = uid("arm-x");
      return h(
        "div",
        { class: "arm-exclusion", "data-exclusion": `${control}|${r.id}` },
        h(
          "label",
          { for: id, class: "arm-check" },
          checkbox(ctx, `ex:${control}:${r.id}`, ex == null, (on) => {
            ctx.ui.exclusions.add(control);
            decide(ctx, r.id, (d) => {
              d.excludedControls ??= {};
              if (on) delete d.excludedControls[control];
              else d.excludedControls[control] = "";
            }, true);
          }, id),
          ` Relied on for risk ${r.id} ${r.name}`,
        ),
        ex != null
          ? field(ctx, "Why not", `exr:${control}:${r.id}`, ex, (v) => ctx.edit({ path: ["risks", r.id, "excludedControls", control], value: v }), { hidden: `(control ${control}, risk ${r.id})` })
          : null,
      );
    }),
  );
}

/**
 * @param {Ctx} ctx
 * @param {HTMLElement} mini the one-line summary kept in view on narrow screens
 */
function scoreboard(ctx, mini) {
  const progressId = uid("arm-progress");
  const said = h("p", { class: "arm-sr", role: "status" });
  const overall = h("div", { class: "arm-overall", "data-score": "overall" });
  const progress = h("div", { class: "arm-progress-line", "data-score": "progress" });
  const risks = h("p", { class: "arm-muted", "data-score": "risks" });
  const stages = h("tbody");
  const components = h("tbody");
  const gaps = h("p", { "data-score": "gaps" });
  const next = h("div");
  const warnings = h("div");
  /** @param {string} caption @param {HTMLElement} rows */
  const table = (caption, rows) =>
    h(
      "table",
      { class: "arm-table arm-compact" },
      h("caption", { text: caption }),
      h("thead", {}, h("tr", {}, h("th", { scope: "col", text: "Name" }), h("th", { scope: "col", text: "Covered" }), h("th", { scope: "col", text: "Residual" }))),
      rows,
    );
  /** @param {{id: string, name: string, coverage: number | null, level: string}} s */
  const scoreRow = (s) =>
    h("tr", { "data-score": s.id }, h("th", { scope: "row", text: `${s.id}. ${s.name}` }), h("td", { text: pct(s.coverage) }), h("td", {}, levelChip(s.level)));
  // Each part is drawn again only when the report objects it shows are new: an edit's answer
  // leaves the unchanged parts of the report as the same objects (session.js), so a status
  // edit redraws the overall figures and a few rows, not the whole box.
  /** @type {Map<HTMLElement, unknown>} */
  const shown = new Map();
  /** @param {HTMLElement} box @param {unknown} from @param {() => (Node | string | null)[]} draw */
  const part = (box, from, draw) => {
    if (shown.get(box) === from) return;
    shown.set(box, from);
    morph(box, draw());
  };
  ctx.live(() => {
    const r = ctx.r;
    const o = r.overall;
    const p = r.summary.progress;
    const assessed = `${p.assessed} of ${p.total} controls assessed`;
    morph(mini, `${pct(o.coverage)} covered \u00b7 residual risk `, levelChip(o.level), ` \u00b7 ${assessed}`);
    const line = `Overall ${pct(o.coverage)} covered, residual risk ${levelLabel(o.level).toLowerCase()}.`;
    if (said.textContent !== line) said.textContent = line;
    part(overall, o, () => [h("span", { class: "arm-big", text: pct(o.coverage) }), h("span", {}, " covered overall \u00b7 residual risk "), levelChip(o.level)]);
    part(progress, p, () => [
      h("label", { for: progressId, text: `Progress: ${assessed}` }),
      h("progress", { id: progressId, max: String(Math.max(1, p.total)), value: String(p.assessed) }),
    ]);
    if (risks.textContent !== r.summary.risksLine) risks.textContent = r.summary.risksLine;
    drawRows(stages, r.stages, scoreRow);
    drawRows(components, r.components.filter((c) => c.inScope), scoreRow);
    if (gaps.textContent !== r.summary.gapsLine) gaps.textContent = r.summary.gapsLine;
    part(next, r.nextControls, () => [
      r.nextControls.length
        ? h(
            "ol",
            { class: "arm-next" },
            r.nextControls.slice(0, 5).map((n) =>
              h(
                "li",
                { "data-control": n.id },
                h("span", { class: "arm-id", text: n.id }),
                ` ${n.name} `,
                h("span", { class: "arm-muted", text: `(+${(n.gain * 100).toFixed(1)} points, ${count(n.risks.length, "risk")})` }),
                ctx.readonly
                  ? null
                  : h("button", {
                      type: "button",
                      class: "arm-button arm-small",
                      "data-key": `next:${n.id}`,
                      text: "Mark implemented",
                      "aria-label": `Mark ${n.id} ${n.name} implemented`,
                      onclick: () => ctx.edit(setStatus(n.id, "implemented"), true),
                    }),
              ),
            ),
          )
        : h("p", { text: "Every control of a pertinent risk is implemented." }),
    ]);
    part(warnings, r.warnings, () => [r.warnings.length ? h("ul", { class: "arm-warnings" }, r.warnings.map((w) => h("li", { text: w }))) : null]);
  });
  const body = h(
    "div",
    { class: "arm-score-body" },
    overall,
    progress,
    risks,
    table("By stage", stages),
    table("By component", components),
    h("h3", { text: "Open gaps" }),
    gaps,
    h("h3", { text: "Next best controls" }),
    next,
    warnings,
  );
  return h("aside", { class: "arm-score", "aria-label": "Scores" }, h("h2", { text: "Scores" }), said, body);
}

/**
 * The Undo or Redo button: the engine's history, like Ctrl+Z and Shift+Ctrl+Z. It stays
 * focusable when there is nothing to take (aria-disabled), so pressing it again does not
 * lose the keyboard's place.
 * @param {Ctx} ctx
 * @param {boolean} back
 */
function historyButton(ctx, back) {
  const b = h("button", {
    type: "button",
    class: "arm-button arm-small",
    "data-key": back ? "undo" : "redo",
    "aria-keyshortcuts": back ? "Control+Z Meta+Z" : "Control+Shift+Z Meta+Shift+Z",
    text: back ? "\u21b6 Undo" : "\u21b7 Redo",
    onclick: () => ctx.step(back),
  });
  ctx.live(() => {
    const none = (back ? ctx.session.undoSteps : ctx.session.redoSteps) === 0;
    b.setAttribute("aria-disabled", String(none));
    b.title = none ? (back ? "Nothing to undo" : "Nothing to redo") : back ? "Undo the last change (Ctrl+Z or \u2318Z)" : "Redo (Shift+Ctrl+Z or \u21e7\u2318Z)";
  });
  return b;
}

/** @param {Ctx} ctx */
export function assessView(ctx) {
  const step = Math.min(5, Math.max(1, ctx.ui.step));
  const [, title, intro] = STEPS[step - 1];
  const headingId = uid("arm-step");
  /** @param {number} n */
  const go = (n) => {
    ctx.ui.step = n;
    ctx.ui.focusStep = true;
    ctx.render();
  };
  const content = [stepUseCase, stepDeployment, stepRisks, stepThreats, stepControls][step - 1](ctx);
  const heading = h("h2", { id: headingId, tabindex: "-1", text: `Step ${step} of 5: ${title}` });
  const mini = h("p", { class: "arm-mini", "aria-hidden": "true" });
  const undo = historyButton(ctx, true);
  const redo = historyButton(ctx, false);
  const view = h(
    "div",
    { class: "arm-assess" },
    h(
      "nav",
      { "aria-label": "Assessment steps" },
      h(
        "ol",
        { class: "arm-steps" },
        STEPS.map(([name], i) =>
          h(
            "li",
            {},
            h(
              "button",
              {
                type: "button",
                class: "arm-step-button",
                "data-step": String(i + 1),
                "aria-current": step === i + 1 ? "step" : null,
                onclick: () => go(i + 1),
              },
              h("span", { class: "arm-step-n", text: String(i + 1) }),
              h("span", { text: name }),
            ),
          ),
        ),
      ),
      ctx.readonly ? null : h("div", { class: "arm-history", role: "group", "aria-label": "Undo and redo" }, undo, redo),
    ),
    h(
      "div",
      { class: "arm-assess-grid" },
      h(
        "section",
        { class: `arm-step${rowCount(ctx, step) > LONG_STEP ? " arm-long" : ""}`, "aria-labelledby": headingId, "data-step": String(step) },
        mini,
        heading,
        h("p", { class: "arm-intro", text: intro }),
        ...content,
        h(
          "div",
          { class: "arm-step-nav" },
          step > 1 ? h("button", { type: "button", class: "arm-button arm-quiet", text: `\u2190 Back: ${STEPS[step - 2][0]}`, onclick: () => go(step - 1) }) : h("span"),
          step < 5
            ? h("button", { type: "button", class: "arm-button arm-primary", text: `Next: ${STEPS[step][0]} \u2192`, onclick: () => go(step + 1) })
            : h("button", { type: "button", class: "arm-button arm-primary", text: "See the report \u2192", onclick: () => ctx.host.setAttribute("view", "report") }),
        ),
      ),
      scoreboard(ctx, mini),
    ),
  );
  if (ctx.ui.focusStep) {
    ctx.ui.focusStep = false;
    queueMicrotask(() => heading.focus());
  }
  return view;
}
