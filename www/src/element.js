// <ai-risk-map>: the diagram, the five-step assessment, the catalog browser and the report,
// drawn in an open shadow root from what the wasm engine returns. The element holds UI state
// only (which view, step, item); every score, applicability decision and validation is the
// engine's.
import { baseSheet, styled } from "./element-sheet.js";
import { firstView } from "first-view";
import { engine, catalogTexts, warmUpEdits } from "./engine.js";
import { h, furtherErrors } from "./dom.js";
import { useLabels } from "./labels.js";
import { fetchDocument } from "./share.js";
import { applyChange } from "./session.js";
import { fetchCatalog } from "./catalogs.js";
import { follow as followPage, unfollow as unfollowPage, hostIsDark } from "./theme.js";
// The views last: the bundle then keeps them together, which compresses better.
import { diagramView } from "./view-diagram.js";
import { assessView } from "./view-assess.js";
import { catalogView } from "./view-catalog.js";
import { reportView } from "./view-report.js";

export { engine };

/** @typedef {import("./engine.js").Engine} Engine */
/** @typedef {import("../../pkg/ai_risk_map.js").Assessment} Assessment */
/** @typedef {import("../../pkg/ai_risk_map.js").Report} Report */
/** @typedef {import("../../pkg/ai_risk_map.js").Catalog} Catalog */
/** @typedef {import("../../pkg/ai_risk_map.js").Session} Session */
/** @typedef {import("../../pkg/ai_risk_map.js").Edit} Edit */
/** @typedef {import("../../pkg/ai_risk_map.js").SessionChange} SessionChange */
/** @typedef {"diagram" | "assessment" | "catalog" | "report"} View */
/**
 * Where the element is: a view, with the step of the assessment or the item of the catalog.
 * @typedef {{view: View, step?: number, item?: {kind: "risk" | "control", id: string} | null}} Place
 */

/** The views, the first the default. */
export const VIEWS = ["diagram", "assessment", "catalog", "report"];

/** The diagram's style sheet, shared like the element's own (element-sheet.js). @type {CSSStyleSheet | undefined} */
let diagramSheet;

/**
 * What a view needs: the engine, the current assessment and report, and ways to change them.
 * One per element.
 */
export class Ctx {
  /**
   * @param {AiRiskMap} host
   * @param {Engine} api
   * @param {HTMLElement} body
   */
  constructor(host, api, body) {
    this.host = host;
    this.api = api;
    this.body = body;
    /** @type {Session} */
    let session;
    try {
      session = this.blank();
    } catch (e) {
      // A dasf or deployment attribute the engine refuses: say why, start from a blank one.
      host.showError(e);
      session = new api.Session(null);
    }
    /** The assessment, held by the engine; edits go through it. */
    this.session = session;
    /** What the views read: a mirror of the engine's document, patched after each edit. @type {Assessment} */
    this.a = session.assessment();
    /** @type {Report} */
    this.r = session.report();
    /** @type {Catalog} */
    this.cat = api.catalog(this.a.dasf, !!this.a.asPublished);
    /** The catalog's edition: as published (true) or with its errata. */
    this.published = !!this.a.asPublished;
    /** The text field being typed in, while it has the focus: its edits make one undo step. @type {string | null} */
    this.typing = null;
    /** The place last drawn, as JSON, to tell when it changes. */
    this.placeKey = "";
    /** Live updaters of the current render, run after every change of the report. @type {(() => void)[]} */
    this.updaters = [];
    /** UI state that outlives a render. */
    this.ui = {
      step: 1,
      /** @type {string | null} */ component: host.getAttribute("component"),
      /** @type {{kind: "risk" | "control", id: string} | null} */ item: null,
      query: "",
      /** Step 3's and step 5's search boxes. */ riskQuery: "",
      controlQuery: "",
      /** @type {Record<string, string>} */ filters: {},
      /** Groups the user closed, by key. */ closed: new Set(),
      openOnly: false,
      focusStep: false,
      /** Step 3's list of risks the deployment models do not flag is open. */ showNotFlagged: false,
      /** Controls whose exclusions list the user opened, by id. @type {Set<string>} */ exclusions: new Set(),
    };
  }

  /** A session on a blank assessment, on the element's `dasf` and `deployment`. */
  blank() {
    const host = this.host;
    return new this.api.Session(null, host.getAttribute("dasf") || null, listAttr(host.getAttribute("deployment")));
  }

  get readonly() {
    return this.host.hasAttribute("readonly") || this.host.hasAttribute("src");
  }

  /** Take the catalog of the assessment's version; the catalog browser then shows it too. */
  follow() {
    // The edition too: as published (no errata) when the assessment asks for it.
    const a = this.a;
    const published = !!a.asPublished;
    if (this.cat.version === a.dasf && this.published === published) return;
    const moved = this.cat.version !== a.dasf;
    this.cat = this.api.catalog(a.dasf, published);
    this.published = published;
    if (moved) this.ui.filters.version = "";
  }

  /**
   * Open another document (an object or JSON text; null for a blank one on the element's
   * `dasf` and `deployment`) and redraw. Throws `AiRiskMapError`, changing nothing, when the
   * engine refuses it.
   * @param {Assessment | string | null} doc
   */
  open(doc) {
    const next = doc == null ? this.blank() : new this.api.Session(doc);
    this.session.free();
    this.session = next;
    this.a = next.assessment();
    this.r = next.report();
    this.follow();
    this.render();
  }

  /**
   * Apply edits through the engine (one step, all or nothing), fold in what it answers,
   * update the view and tell listeners. An edit the engine refuses changes nothing; its
   * message is shown.
   * @param {Edit | Edit[]} edits
   * @param {boolean} [redraw] rebuild the whole view (when the edit changes what is listed)
   */
  edit(edits, redraw = false) {
    if (this.readonly) return;
    // Keystrokes in one text field, while it keeps the focus, are one step for undo.
    this.#take(() => this.session.apply(edits, this.typing ?? undefined), redraw);
  }

  /**
   * Change one risk or control entry with a function, as an edit of that entry: the function
   * gets a scratch document holding only the entry (and the catalog move record), never the
   * whole assessment, and the engine checks the result like any edit.
   * @param {"risks" | "controls"} map
   * @param {string} id
   * @param {(a: Assessment) => void} change
   * @param {boolean} [redraw]
   */
  editEntry(map, id, change, redraw = false) {
    const entries = /** @type {Record<string, unknown>} */ ({});
    const current = this.a[map]?.[id];
    if (current) entries[id] = structuredClone(current);
    /** @type {Assessment} */
    const scratch = { schema: this.a.schema, catalogMigration: this.a.catalogMigration, [map]: entries };
    change(scratch);
    this.edit({ path: [map, id], value: scratch[map]?.[id] ?? null }, redraw);
  }

  /**
   * Move the assessment to another catalog version through the engine's migration, which
   * keeps every decision or refuses (then nothing changes and the message is shown).
   * @param {string} version
   */
  migrate(version) {
    if (this.readonly) return;
    this.#take(() => this.session.migrate(version), true);
  }

  /**
   * Take back the latest step (`back`) or make again the latest one taken back, through the
   * engine's history, and redraw. Returns whether there was a step to take.
   * @param {boolean} back
   */
  step(back) {
    if (this.readonly) return false;
    const took = this.#take(() => (back ? this.session.undo() : this.session.redo()), true);
    if (took != null) this.host.say(took ? (back ? "Undone." : "Redone.") : back ? "Nothing to undo." : "Nothing to redo.");
    return !!took;
  }

  /**
   * Fold what the engine answers to a change into the mirror and the report, update the view
   * (rebuild it with `redraw`) and tell listeners. Returns true when done, false when the
   * engine had nothing to change (an empty history), null when it refused: then nothing
   * changed and its message is shown.
   * @param {() => SessionChange | null} change
   * @param {boolean} redraw
   */
  #take(change, redraw) {
    try {
      const answer = change();
      if (!answer) return false;
      applyChange(this.a, this.r, answer);
      this.follow();
    } catch (e) {
      this.host.showError(e, true);
      return null;
    }
    this.host.showError(null);
    if (redraw) this.render();
    else for (const update of this.updaters) update();
    this.changed();
    return true;
  }

  /** Tell listeners the assessment changed. The document is serialised only if asked for. */
  changed() {
    const session = this.session;
    const report = this.r;
    this.tell("change", {
      get assessment() {
        return session.assessment();
      },
      report,
    });
  }

  /**
   * Tell listeners what the user chose.
   * @param {"component" | "risk" | "control"} kind
   * @param {string} id
   */
  select(kind, id) {
    this.tell("select", { kind, id });
  }

  /**
   * Dispatch the element's event `ai-risk-map-<name>`, which leaves its shadow root.
   * @param {"change" | "select" | "navigate"} name
   * @param {unknown} detail
   */
  tell(name, detail) {
    this.host.dispatchEvent(new CustomEvent(`ai-risk-map-${name}`, { bubbles: true, composed: true, detail }));
  }

  /**
   * Register a function to run after every change while the current view is shown.
   * @param {() => void} update
   */
  live(update) {
    this.updaters.push(update);
    update();
  }

  /** Rebuild the current view, keeping keyboard focus on the same control. */
  render() {
    const root = /** @type {ShadowRoot} */ (this.host.shadowRoot);
    const key = root.activeElement?.getAttribute("data-key");
    this.updaters = [];
    const view = this.host.view;
    const node =
      view === "diagram" ? diagramView(this)
      : view === "catalog" ? catalogView(this)
      : view === "report" ? reportView(this)
      : assessView(this);
    this.body.replaceChildren(node);
    this.body.setAttribute("data-view", view);
    if (key) /** @type {HTMLElement | null} */ (root.querySelector(`[data-key="${CSS.escape(key)}"]`))?.focus();
    // Tell the host when the place changed (a page writes it in the address, for Back).
    /** @type {Place} */
    const place = view === "assessment" ? { view, step: this.ui.step } : view === "catalog" ? { view, item: this.ui.item } : { view };
    const placeKey = JSON.stringify(place);
    if (placeKey !== this.placeKey) {
      this.placeKey = placeKey;
      this.tell("navigate", place);
    }
  }
}

/**
 * Whether a key press asks to undo (true), to redo (false), or neither (null).
 * @param {KeyboardEvent} e
 * @returns {boolean | null}
 */
export function undoKey(e) {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  const key = e.key.toLowerCase();
  if (key === "z") return !e.shiftKey;
  if (key === "y" && !e.shiftKey) return false;
  return null;
}

/** @param {string | null} value */
function listAttr(value) {
  const list = (value ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  return list.length ? list : null;
}

/**
 * The `<ai-risk-map>` custom element.
 *
 * Attributes: `view` (diagram | assessment | catalog | report), `dasf` (1.0 | 2.0),
 * `deployment` (comma-separated model ids), `component` (focus one component), `src`
 * (URL of an assessment JSON, shown read-only), `readonly`, `theme` (light | dark | auto:
 * the host page's light or dark, see theme.js), `catalog` (URL of a catalog document of one's
 * own, loaded when the element starts and whenever it changes; a blank assessment is then on
 * it unless `dasf` says otherwise).
 * Property: `assessment`. Events: `ai-risk-map-change` ({assessment, report}) and
 * `ai-risk-map-select` ({kind, id}).
 */
export class AiRiskMap extends HTMLElement {
  static observedAttributes = ["view", "dasf", "deployment", "component", "src", "readonly", "theme", "catalog"];

  /** @type {Ctx | null} */
  #ctx = null;
  /** @type {Assessment | null} */
  #pending = null;
  #wrap;
  #error;
  #body;
  /** @type {Promise<void>} */
  ready;
  #srcToken = 0;
  /** Counts `catalog` loads: only the latest one's outcome is shown. */
  #catalogToken = 0;
  /** The `dasf` this element set from its `catalog` (not the host's): a new catalog replaces it. @type {string | null} */
  #catalogDasf = null;
  /** @type {AbortController | null} */
  #abort = null;
  #status;
  /** Announcements for screen readers only (undo, redo). */
  #said;
  /** The message of a refused edit beside the field it was typed in (see `showError`). */
  #refusal = h("p", { class: "arm-field-error", id: "arm-refusal" });
  /** That field, marked invalid until the next answer. @type {Element | null} */
  #refused = null;

  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    root.adoptedStyleSheets = [baseSheet];
    this.#error = h("div", { class: "arm-error", role: "alert" });
    this.#status = h("div", { class: "arm-loading", role: "status" });
    this.#body = h("div", { class: "arm-body", text: "Loading the risk map\u2026" });
    this.#said = h("p", { class: "arm-sr", role: "status" });
    this.#wrap = h("div", { class: "arm-root" }, this.#error, this.#status, this.#said, this.#body);
    root.append(this.#wrap);
    this.ready = Promise.all([engine(), styled]).then(
      ([api]) => this.#start(api),
      (e) => {
        // Nothing is on its way any more (nor is a first view of any use): only why.
        this.#body.replaceChildren();
        this.#body.removeAttribute("aria-busy");
        this.showError(e);
      },
    );
    // Ctrl+Z / Cmd+Z undo, with Shift (or Ctrl+Y) redo: the engine's history, also inside
    // text fields, whose own undo would bypass it.
    this.addEventListener("keydown", (e) => {
      const back = undoKey(e);
      if (back == null || !this.#ctx || this.#ctx.readonly) return;
      // Not from a search box (its own undo is the one meant), nor in the catalog, where no
      // edit of the assessment shows.
      const from = e.composedPath()[0];
      if ((from instanceof HTMLInputElement && from.type === "search") || this.view === "catalog") return;
      e.preventDefault();
      this.#ctx.step(back);
    });
  }

  /** Take back the latest edit; false when there is none. */
  undo() {
    return this.#ctx?.step(true) ?? false;
  }

  /** Make again the latest edit taken back; false when there is none. */
  redo() {
    return this.#ctx?.step(false) ?? false;
  }

  /**
   * Say something to screen readers (a polite status).
   * @param {string} text
   */
  say(text) {
    this.#said.textContent = "";
    queueMicrotask(() => (this.#said.textContent = text));
  }

  connectedCallback() {
    // `auto` follows the page the element is in (theme.js): start following it now.
    followPage(this, () => this.#theme());
    this.#theme();
    // Where the host loads ai-risk-map.js: the diagram drawn at build time, until the engine is here.
    firstView?.(this);
  }

  disconnectedCallback() {
    unfollowPage(this);
  }

  /** @param {Engine} api */
  async #start(api) {
    // A catalog of one's own comes first: the blank assessment, and any `src`, may need it.
    const catalogUrl = this.getAttribute("catalog");
    if (catalogUrl) await this.#loadCatalog(api, catalogUrl);
    useLabels(api);
    if (!diagramSheet) {
      diagramSheet = new CSSStyleSheet();
      diagramSheet.replaceSync(api.diagramCss());
    }
    /** @type {ShadowRoot} */ (this.shadowRoot).adoptedStyleSheets = [diagramSheet, baseSheet];
    // Set by a first view (first-view-url.js), which the live view now replaces.
    this.#body.removeAttribute("aria-busy");
    const ctx = new Ctx(this, api, this.#body);
    this.#ctx = ctx;
    if (this.#pending != null) {
      const a = this.#pending;
      this.#pending = null;
      try {
        ctx.open(a);
      } catch (e) {
        this.showError(e);
        ctx.render();
      }
    } else {
      ctx.render();
    }
    // The long texts of the built-in catalog come after the first paint: take them, and
    // redraw the views that show them.
    catalogTexts().then((loaded) => {
      if (!loaded || this.#ctx !== ctx || !["1.0", "2.0"].includes(ctx.cat.version)) return;
      ctx.cat = api.catalog(ctx.cat.version, !!ctx.a.asPublished);
      const view = this.view;
      if (view === "catalog" || view === "assessment" || (view === "diagram" && ctx.ui.component)) ctx.render();
    });
    const first = ctx.cat.controls[0];
    if (first && ["1.0", "2.0"].includes(ctx.cat.version)) warmUpEdits(first.id);
    if (this.hasAttribute("src")) return this.#load(/** @type {string} */ (this.getAttribute("src")));
    if (this.hasAttribute("component")) this.#focusComponent();
  }

  /** The view shown: one of diagram, assessment, catalog, report. @returns {View} */
  get view() {
    const v = this.getAttribute("view") ?? "diagram";
    return /** @type {View} */ (VIEWS.includes(v) ? v : "diagram");
  }
  set view(v) {
    this.setAttribute("view", v);
  }

  /**
   * The assessment shown: a copy of the document, or null before the engine has loaded and
   * nothing was set. Setting validates it with the engine; an invalid one throws
   * `AiRiskMapError` and changes nothing.
   * @returns {Assessment | null}
   */
  get assessment() {
    if (this.#ctx) return this.#ctx.session.assessment();
    return this.#pending ? structuredClone(this.#pending) : null;
  }
  set assessment(value) {
    // Only null (or undefined) means "start blank"; any other value, "" included, is a
    // document and goes through the engine, which refuses a bad one.
    if (!this.#ctx) {
      this.#pending = value == null ? null : structuredClone(value);
      return;
    }
    this.#ctx.open(value ?? null);
    this.showError(null);
  }

  /**
   * The assessment as JSON text, as exported and saved; null before the engine has loaded.
   * Serialised on each call: for saving and exporting, not for every keystroke.
   * @returns {string | null}
   */
  toJson() {
    if (this.#ctx) return this.#ctx.session.toJson();
    return this.#pending ? JSON.stringify(this.#pending) : null;
  }

  /** The report of the current assessment (a copy), or null before the engine has loaded. */
  get report() {
    return this.#ctx ? structuredClone(this.#ctx.r) : null;
  }

  /** The step of the assessment view, 1 to 5. */
  get step() {
    return this.#ctx?.ui.step ?? 1;
  }

  /**
   * Go to a place: a view, a step of the assessment, an item of the catalog (null: the
   * list). Resolves once it is drawn.
   * @param {Place} place
   * @returns {Promise<void>}
   */
  navigate(place) {
    const go = () => {
      const ctx = /** @type {Ctx} */ (this.#ctx);
      if (place.step != null && place.step !== ctx.ui.step) {
        ctx.ui.step = Math.min(5, Math.max(1, place.step));
        if (place.view === "assessment" && this.view === "assessment") ctx.ui.focusStep = true;
      }
      if (place.item !== undefined) ctx.ui.item = place.item;
      if (this.view !== place.view) this.setAttribute("view", place.view);
      else ctx.render();
    };
    if (this.#ctx) {
      go();
      return Promise.resolve();
    }
    return this.ready.then(go);
  }

  /**
   * Open a risk or a control of the catalog in the catalog view.
   * @param {"risk" | "control"} kind
   * @param {string} id
   */
  show(kind, id) {
    this.navigate({ view: "catalog", item: { kind, id } });
  }

  /**
   * @param {string} name
   * @param {string | null} old
   * @param {string | null} value
   */
  attributeChangedCallback(name, old, value) {
    if (old === value) return;
    if (name === "theme") return this.#theme();
    const ctx = this.#ctx;
    if (!ctx) return;
    if (name === "catalog") {
      if (value) this.#loadCatalog(ctx.api, value, true);
      // A download under way for the old value is no longer wanted.
      else this.#catalogToken++;
    } else if (name === "src") {
      if (value) this.#load(value);
      else {
        // A download under way for the old value is no longer wanted.
        this.#srcToken++;
        this.#abort?.abort();
        this.#loaded();
        ctx.render();
      }
    } else if (name === "dasf" || name === "deployment") {
      const a = structuredClone(ctx.a);
      if (name === "dasf" && value) a.dasf = value;
      if (name === "deployment") a.deploymentModels = listAttr(value) ?? [];
      try {
        ctx.open(a);
        this.showError(null);
      } catch (e) {
        this.showError(e);
      }
    } else if (name === "component") {
      ctx.ui.component = value;
      this.#focusComponent();
    } else {
      ctx.render();
    }
  }

  #focusComponent() {
    const ctx = /** @type {Ctx} */ (this.#ctx);
    ctx.ui.filters.component = ctx.ui.component ?? "";
    ctx.render();
  }

  /**
   * How long a `src` download may take, in milliseconds, before it is given up with a
   * message (a stalled server would otherwise leave a blank assessment on screen).
   */
  static srcTimeout = 30000;

  /** @param {string} url */
  async #load(url) {
    const ctx = /** @type {Ctx} */ (this.#ctx);
    const token = ++this.#srcToken;
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    const seconds = AiRiskMap.srcTimeout / 1000;
    const timer = setTimeout(() => abort.abort(new Error(`Did not load the assessment at ${url}: no answer within ${seconds} seconds. Is the server up?`)), AiRiskMap.srcTimeout);
    this.#status.textContent = `Loading the assessment from ${url}\u2026`;
    this.#body.setAttribute("aria-busy", "true");
    let text;
    try {
      // The engine's one decoding rule: UTF-8 only, a leading BOM skipped.
      text = ctx.api.decodeDocument(await fetchDocument(url, "assessment", ctx.api.limits().maxDocumentBytes, abort.signal));
    } catch (e) {
      if (token !== this.#srcToken) return;
      this.#loaded();
      const reason = abort.signal.aborted ? abort.signal.reason : e;
      // In a frame sandboxed without allow-same-origin every fetch is a CORS request from
      // the origin "null": say so, since the browser's own message does not reach the reader.
      const sandboxed = self.origin === "null" ? " This frame is sandboxed without allow-same-origin: the server must send Access-Control-Allow-Origin for the file." : "";
      const msg = reason instanceof TypeError ? `Could not load the assessment at ${url}: ${reason.message}.${sandboxed}` : reason;
      return this.showError(msg);
    } finally {
      clearTimeout(timer);
    }
    if (token !== this.#srcToken) return;
    this.#loaded();
    try {
      ctx.open(text);
      this.showError(null);
    } catch (e) {
      return this.showError(e);
    }
    ctx.changed();
  }

  /**
   * Load the catalog document at `url` into the engine; a refusal (download, size, the
   * engine's checks) is shown inside the element and changes nothing. The element then
   * follows it unless the host chose a `dasf`: a blank assessment is on it, and with `reopen`
   * (a later change of the attribute) the assessment shown moves to it, or the `src`
   * document, which names its own catalog, is read again.
   * @param {Engine} api
   * @param {string} url
   * @param {boolean} [reopen]
   */
  async #loadCatalog(api, url, reopen = false) {
    const token = ++this.#catalogToken;
    let version;
    try {
      version = await fetchCatalog(api, url);
    } catch (e) {
      if (token === this.#catalogToken) this.showError(e);
      return;
    }
    if (token !== this.#catalogToken) return;
    if (reopen) this.showError(null);
    if (reopen && this.hasAttribute("src")) return this.#load(/** @type {string} */ (this.getAttribute("src")));
    const dasf = this.getAttribute("dasf");
    if (dasf != null && dasf !== this.#catalogDasf) return;
    this.#catalogDasf = version;
    if (dasf !== version) return this.setAttribute("dasf", version);
    // The same version again, from a changed document: no attribute changes, so take the
    // new catalog and reopen here.
    const ctx = this.#ctx;
    if (!reopen || !ctx) return;
    ctx.cat = api.catalog(version, ctx.published);
    this.attributeChangedCallback("dasf", null, version);
  }

  /** The end of a `src` download, whatever its outcome. */
  #loaded() {
    this.#status.textContent = "";
    this.#body.removeAttribute("aria-busy");
  }

  /** `light` and `dark` force a theme; anything else (`auto`, none) follows the host page. */
  #theme() {
    const t = this.getAttribute("theme");
    const isDark = t === "dark" || (t !== "light" && hostIsDark(this));
    this.#wrap.classList.toggle("arm-theme-dark", isDark);
  }

  /**
   * Show an error inside the element (null clears it). Engine errors carry their message and
   * the JSON path they are about. `refused`: the error refuses an edit, whose text field (the
   * one with the focus) is marked too; other errors (a file, a catalog) leave fields alone.
   * @param {unknown} e
   * @param {boolean} [refused]
   */
  showError(e, refused = false) {
    this.#refused?.removeAttribute("aria-invalid");
    this.#refused?.removeAttribute("aria-describedby");
    this.#refused = null;
    this.#refusal.remove();
    if (e == null) {
      this.#error.replaceChildren();
      return;
    }
    // The engine's messages already name the place in the document; a document with
    // several errors shows the first few of the others below the first.
    const err = /** @type {{message?: string}} */ (e);
    const message = typeof e === "string" ? e : err.message ?? String(e);
    this.#error.replaceChildren(h("p", { text: message }), furtherErrors(e) ?? "");
    // An edit refused as it was typed: the field keeps the text, is marked invalid and gets
    // the message beside it, where the person is looking (the line above can be a screen
    // away on a phone). Text fields only: a box or a list in a row has no room below it.
    const field = refused ? this.shadowRoot?.activeElement : null;
    if (field?.matches("textarea, input:not([type=checkbox])")) {
      this.#refusal.textContent = message;
      field.after(this.#refusal);
      field.setAttribute("aria-invalid", "true");
      field.setAttribute("aria-describedby", this.#refusal.id);
      this.#refused = field;
    }
  }
}

if (!customElements.get("ai-risk-map")) customElements.define("ai-risk-map", AiRiskMap);
