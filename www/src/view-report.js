// The report view: the engine's report as a printable page, and the downloads (Markdown,
// CSV of the gaps, the diagram as SVG).
import { h, fill, download, slug } from "./dom.js";
import { pct, count, levelChip, stateChip, statusLabel, responsibilityLabel } from "./labels.js";
import { svgNode, fitted } from "./view-diagram.js";

/** @typedef {import("./element.js").Ctx} Ctx */

/**
 * @param {string[]} head
 * @param {(string | Node)[][]} rows
 * @param {string} caption
 * @param {boolean} [titled] a heading above already says what the table is: the caption is
 *   for assistive technology only
 * @param {number[]} [words] the columns of short words (statuses, owners, dates), which keep
 *   the room of a word when a wide table is squeezed
 */
function table(head, rows, caption, titled = false, words = []) {
  return h(
    "table",
    { class: "arm-table" },
    h("caption", { class: titled ? "arm-sr" : null, text: caption }),
    h("thead", {}, h("tr", {}, head.map((t) => h("th", { scope: "col", text: t })))),
    // Each cell names its column (data-label), which narrow screens show beside it.
    h("tbody", {}, rows.map((cells) => h("tr", {}, cells.map((c, i) => (i === 0 ? h("th", { scope: "row" }, c) : h("td", { "data-label": head[i], class: words.includes(i) ? "arm-words" : null }, c)))))),
  );
}

/**
 * A user's text longer than this shows its start, with the rest folded away behind a
 * disclosure. The gap table repeats a control's note for every risk it mitigates, so a
 * document near the size limit would otherwise lay out tens of megabytes of text and block
 * the tab for seconds; the whole text stays one click away.
 */
const FOLD_AFTER = 600;

/**
 * A note or evidence item, folded when long.
 * @param {string} text
 * @returns {string | Node}
 */
function userText(text) {
  if (text.length <= FOLD_AFTER) return text;
  // Cut after a space near the fold where there is one, and never between the two halves of
  // a surrogate pair.
  let cut = FOLD_AFTER;
  const space = text.lastIndexOf(" ", cut - 1);
  if (space > cut - 80) cut = space + 1;
  else if (/[\uD800-\uDBFF]/.test(text[cut - 1])) cut -= 1;
  return h(
    "span",
    { class: "arm-folded" },
    text.slice(0, cut),
    h("details", {}, h("summary", { text: `\u2026 the rest (${count(text.length - cut, "more character")})` }), text.slice(cut)),
  );
}

/**
 * Evidence items, one a line.
 * @param {string[]} items
 */
function evidence(items) {
  const shown = items.map(userText);
  // A folded item ends in its disclosure, a block that already ends the line.
  return h("span", { class: "arm-evidence" }, shown.flatMap((e, i) => (i && typeof shown[i - 1] === "string" ? [h("br"), e] : [e])));
}

/**
 * The risks and controls a move between versions added and nobody has decided on yet, each
 * with its name in the catalog moved to.
 * @param {import("../../pkg/ai_risk_map.js").Catalog} cat
 * @param {import("../../pkg/ai_risk_map.js").Review} review
 */
function reviewItems(cat, review) {
  /** @param {string} kind @param {{id: string, name: string}[]} all @param {string[]} ids */
  const named = (kind, all, ids) => {
    const names = new Map(all.map((x) => [x.id, x.name]));
    return ids.map((id) => `${kind} ${id} ${names.get(id) ?? ""}`.trimEnd());
  };
  return [...named("Risk", cat.risks, review.risks), ...named("Control", cat.controls, review.controls)];
}

/** @param {Ctx} ctx */
export function reportView(ctx) {
  const box = h("div", { class: "arm-report" });
  // The diagram, fitted to the report's width.
  const pictureBox = h("div", { class: "arm-report-picture" });
  const drawPicture = fitted(pictureBox, (narrow) => {
    // A picture here, not a control: the nodes keep their labels but take no focus.
    const picture = svgNode(ctx.session.diagramSvg(narrow ? { narrow: true } : {}));
    for (const n of picture.querySelectorAll(".arm-node")) {
      n.removeAttribute("tabindex");
      n.setAttribute("role", "img");
    }
    pictureBox.replaceChildren(picture);
  });
  const base = () => slug(ctx.a.useCase?.name ?? "");
  const actions = h(
    "div",
    { class: "arm-actions", role: "group", "aria-label": "Download the report" },
    h("button", {
      type: "button",
      class: "arm-button",
      "data-download": "md",
      text: "Markdown report",
      onclick: () => download(`${base()}-report.md`, ctx.session.reportMarkdown(), "text/markdown"),
    }),
    h("button", {
      type: "button",
      class: "arm-button",
      "data-download": "csv",
      text: "Gaps as CSV",
      onclick: () => download(`${base()}-gaps.csv`, ctx.session.gapsCsv(), "text/csv"),
    }),
    h("button", {
      type: "button",
      class: "arm-button",
      "data-download": "svg",
      text: "Diagram as SVG",
      onclick: () => download(`${base()}-diagram.svg`, ctx.session.diagramSvg({ standalone: true }), "image/svg+xml"),
    }),    h("button", { type: "button", class: "arm-button arm-primary", "data-action": "print", text: "Print or save as PDF", onclick: () => window.print() }),
  );
  ctx.live(() => {
    const r = ctx.r;
    const models = ctx.cat.deploymentModels.filter((m) => r.deploymentModels.includes(m.id)).map((m) => m.name);
    const aside = r.risks.filter((x) => x.state === "set_aside");
    const included = r.risks.filter((x) => x.scope === "included");
    // Step 4: the pertinent risks whose threats were reviewed, or that carry a conclusion
    // written before the review was done.
    const reviewed = r.risks.filter((x) => x.coverage != null && (x.threatsReviewed || x.threatsNote));
    const controlNames = new Map(r.controls.map((c) => [c.id, c.name]));
    /** @type {[string, string, string][]} */
    const excluded = r.risks
      .filter((x) => x.coverage != null)
      .flatMap((x) => x.controls.filter((c) => c.excluded != null).map((c) => /** @type {[string, string, string]} */ ([`${x.id} ${x.name}`, `${c.id} ${controlNames.get(c.id) ?? ""}`, c.excluded ?? ""])));
    const names = new Map(ctx.cat.components.map((c) => [c.id, c.name]));
    drawPicture();
    const s = r.summary;
    fill(box, 
      h("h2", { text: `Security assessment: ${r.useCase.name || "Untitled AI system"}` }),
      h(
        "dl",
        { class: "arm-meta" },
        h("dt", { text: "System" }),
        h("dd", { text: r.useCase.name || "Untitled AI system" }),
        h("dt", { text: "Owner" }),
        h("dd", { text: r.useCase.owner || "Not given" }),
        h("dt", { text: "Assessor" }),
        h("dd", { text: s.assessor || "Not given" }),
        h("dt", { text: "Assessed on" }),
        h("dd", { text: s.assessedOn ?? "Not dated" }),
        h("dt", { text: "Framework" }),
        h("dd", { "data-edition": "", text: r.editionLine }),
        h("dt", { text: "Deployment models" }),
        h("dd", { text: models.join(", ") || "None chosen: every risk applies" }),
      ),
      r.useCase.description ? h("p", { text: r.useCase.description }) : null,
      actions,
      h(
        "section",
        { class: "arm-summary", "data-summary": "" },
        h("h3", { text: "Summary" }),
        h(
          "div",
          { class: "arm-overall", "data-score": "overall" },
          h("span", { class: "arm-big", text: pct(r.overall.coverage) }),
          h("span", {}, " covered overall \u00b7 residual risk "),
          levelChip(r.overall.level),
        ),
        h("p", { "data-progress": "", text: s.standing }),
        h("h4", { text: "Top risks" }),
        s.topRisks.length
          ? table(
              ["Risk", "Priority", "Coverage", "Why"],
              s.topRisks.map((t) => [`${t.id} ${t.name}`, t.priority == null ? "Not rated" : t.priority.toFixed(1), pct(t.coverage), t.why]),
              "The riskiest open risks, by priority", true,
            )
          : h("p", { text: "No open risk." }),
        h("h4", { text: "Top actions" }),
        s.topActions.length
          ? table(
              ["Control", "Status", "Owner", "Due", "Mitigates"],
              s.topActions.map((n) => [`${n.id} ${n.name}`, statusLabel(n.status), n.owner, n.due ?? "", `${n.risks.join(", ")} (+${(n.gain * 100).toFixed(1)} points)`]),
              "The next controls, with owner and due date", true,
            )
          : h("p", { text: "None: every control of a pertinent risk is implemented." }),
        h("h4", { text: "Controls in place" }),
        s.inPlaceLine ? h("p", { class: "arm-muted", "data-in-place": "", text: s.inPlaceLine }) : null,
        s.inPlace.length
          ? table(
              ["Control", "Owner", "Evidence", "Note"],
              s.inPlace.map((c) => [`${c.id} ${c.name}`, c.owner, evidence(c.evidence), userText(c.note ?? "")]),
              "Implemented controls and their evidence",
              true,
              [1],
            )
          : h("p", { text: "None recorded as implemented yet." }),
      ),
      h("figure", { class: "arm-report-diagram" }, pictureBox, h("figcaption", { class: "arm-muted", text: "Components coloured by residual risk." })),
      table(
        ["Stage", "Applicable", "Set aside", "Coverage", "Residual risk"],
        r.stages.map((s) => [`${s.id}. ${s.name}`, String(s.applicable), String(s.setAside), pct(s.coverage), levelChip(s.level)]),
        "Scores by stage",
      ),
      table(
        ["Component", "Applicable", "Set aside", "Coverage", "Residual risk"],
        r.components.filter((c) => c.inScope).map((c) => [`${c.id}. ${c.name}`, String(c.applicable), String(c.setAside), pct(c.coverage), levelChip(c.level)]),
        "Scores by component",
      ),
      h("h3", { text: "Next best controls" }),
      r.nextControls.length
        ? h("ol", {}, r.nextControls.map((n) => h("li", { "data-control": n.id }, h("span", { class: "arm-id", text: n.id }), ` ${n.name} (+${(n.gain * 100).toFixed(1)} points; mitigates ${n.risks.join(", ")})`)))
        : h("p", { text: "None: every control of a pertinent risk is implemented." }),
      h("h3", { text: `Open gaps by priority (${count(r.gaps.length, "gap")})` }),
      r.gaps.length
        ? table(
            ["Risk", "Priority", "Control", "Status", "Responsibility", "Owner", "Due", "Evidence and note"],
            r.gaps.map((g) => [
              `${g.risk} ${g.riskName} (component ${g.component}: ${names.get(g.component) ?? ""})`,
              g.priority == null ? "Not rated" : g.priority.toFixed(1),
              `${g.control} ${g.controlName}`,
              statusLabel(g.status),
              responsibilityLabel(g.responsibility),
              g.owner,
              g.due ?? "",
              evidence([...g.evidence, ...(g.note ? [g.note] : [])]),
            ]),
            "Open risk\u2013control pairs, riskiest first",
            false,
            [1, 3, 4, 5, 6],
          )
        : h("p", { text: "No open gap." }),
      s.threatsReviewed.total
        ? h(
            "section",
            { "data-threats": "" },
            h("h3", { text: "Threats reviewed" }),
            h("p", { text: s.threatsLine }),
            reviewed.length
              ? table(
                  ["Risk", "Reviewed", "Note"],
                  reviewed.map((x) => [`${x.id} ${x.name}`, x.threatsReviewed ? "Yes" : "Not yet", userText(x.threatsNote ?? "")]),
                  "Risks whose threats the team reviewed, with its conclusions",
                  true,
                  [1],
                )
              : null,
          )
        : null,
      s.inPlaceTotal > s.inPlace.length
        ? [
            h("h3", { text: "All controls in place" }),
            table(
              ["Control", "Owner", "Evidence", "Note"],
              r.controls.filter((c) => c.status === "implemented").map((c) => [`${c.id} ${c.name}`, c.owner, evidence(c.evidence), userText(c.note ?? "")]),
              "Every implemented control and its evidence",
              false,
              [1],
            ),
          ]
        : null,
      excluded.length
        ? [
            h("h3", { text: "Controls not relied on" }),
            table(["Risk", "Control", "Reason"], excluded.map(([risk, control, why]) => [risk, control, why || "no reason given"]), "Controls the team excluded for a risk"),
          ]
        : null,
      included.length
        ? [
            h("h3", { text: "Risks brought into scope" }),
            h("ul", {}, included.map((x) => h("li", { "data-risk": x.id }, h("span", { class: "arm-id", text: x.id }), ` ${x.name}${x.reason ? `: ${x.reason}` : ""}`))),
          ]
        : null,
      aside.length
        ? [
            h("h3", { text: "Risks set aside" }),
            h("ul", {}, aside.map((x) => h("li", { "data-risk": x.id }, h("span", { class: "arm-id", text: x.id }), ` ${x.name}: `, x.reason || "no reason given", " ", stateChip(x.state)))),
          ]
        : null,
      r.review
        ? [
            h("h3", { text: `New since DASF ${r.review.from}, to review` }),
            h("p", { text: r.review.line }),
            h("ul", { "data-review": "" }, reviewItems(ctx.cat, r.review).map((t) => h("li", { text: t }))),
          ]
        : null,
      r.warnings.length ? [h("h3", { text: "Warnings" }), h("ul", {}, r.warnings.map((w) => h("li", { text: w })))] : null,
      h("h3", { text: "Method and sources" }),
      h("p", { class: "arm-muted", text: r.scoring }),
      h("div", { "data-errata": "" },
        h("p", { class: "arm-muted", text: r.errataLine }),
        r.errata.length ? h("ul", { class: "arm-muted" }, r.errata.map((e) => h("li", {}, h("span", { class: "arm-id", text: e.risk }), ` ${e.change}: ${e.reason}`))) : null,
      ),
      h("p", { class: "arm-muted", text: `Catalog: ${r.catalogSource}. ${r.generator}.` }),
      h("ul", { class: "arm-muted" }, r.catalogNotes.map((n) => h("li", { text: n }))),
    );
  });
  return box;
}
