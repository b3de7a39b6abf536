// The static page: one <ai-risk-map> element for the whole flow, plus what only a page does:
// hash routes, autosave, share links, export and import of the JSON, and the theme.
import { engine, undoKey, VIEWS } from "./element.js";
import { styled } from "./element-sheet.js";
import { h, download, slug, furtherErrors } from "./dom.js";
import { readDocument } from "./share.js";
import { encodeShare, decodeShare } from "./share.js";
import { restoreCatalogs, loadCatalogFile, keptCatalog, needsCatalog } from "./catalogs.js";

/** @typedef {import("./element.js").AiRiskMap} AiRiskMap */
/** @typedef {import("./element.js").Assessment} Assessment */
/** @typedef {import("./element.js").Report} Report */

/** @typedef {import("./element.js").Place} Place */

/**
 * The place an address names: `#assess/3` (a step), `#report`, `#diagram`, `#catalog`,
 * `#risk/9.1` and `#control/DASF%201` (an item of the catalog); null for anything else.
 * @param {string} hash
 * @returns {Place | null}
 */
function placeOf(hash) {
  const step = /^#assess(?:ment)?(?:\/([1-5]))?$/.exec(hash);
  if (step) return { view: "assessment", step: step[1] ? Number(step[1]) : undefined };
  const item = /^#(risk|control)\/(.+)$/.exec(hash);
  if (item) {
    let id = item[2];
    try {
      id = decodeURIComponent(id);
    } catch {
      /* keep it as written */
    }
    return { view: "catalog", item: { kind: /** @type {"risk" | "control"} */ (item[1]), id } };
  }
  const view = hash.slice(1);
  if (VIEWS.includes(view)) return { view: /** @type {import("./element.js").View} */ (view), item: null };
  return null;
}

/**
 * The address of a place (see `placeOf`).
 * @param {Place} place
 */
function routeOf(place) {
  if (place.view === "assessment") return `#assess/${place.step ?? 1}`;
  if (place.view === "catalog" && place.item) return `#${place.item.kind}/${encodeURIComponent(place.item.id)}`;
  return `#${place.view}`;
}
// Storage keys (the tool writes only under `ai-risk-map:`). The revision key is written by the
// engine's saveAutosave (crates/wasm/src/storage.rs); the page only listens for changes to it.
const REVISION_KEY = "ai-risk-map:assessment:revision";
const THEME_KEY = "ai-risk-map:theme";
/** How long typing must pause before the autosave (ms). */
const SAVE_DELAY_MS = 300;

/** @param {string} id */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
const notice = $("notice");
const alertBox = $("alert");

/**
 * Say something to the user, with optional action buttons.
 * @param {HTMLElement} where
 * @param {string} text
 * @param {...({label: string, run: () => void} | undefined)} actions
 */
function say(where, text, ...actions) {
  const p = h("p", { text });
  for (const action of actions) {
    if (!action) continue;
    p.append(" ", button(action.label, () => {
      where.replaceChildren();
      action.run();
    }));
  }
  p.append(" ", h("button", { type: "button", class: "dismiss", text: "Dismiss", onclick: () => where.replaceChildren() }));
  where.replaceChildren(p);
}
/**
 * @param {string} text
 * @param {() => void} run
 * @param {string} [label] what a screen reader says instead of the text
 */
const button = (text, run, label) => h("button", { type: "button", text, "aria-label": label, onclick: run });
/**
 * Take the file chosen in a file input; the input is then cleared, so that choosing the same
 * file again is a change too.
 * @param {string} id
 * @param {(file: File) => void} take
 */
function onFile(id, take) {
  const input = /** @type {HTMLInputElement} */ ($(id));
  input.addEventListener("change", () => {
    const file = input.files?.[0];
    input.value = "";
    if (file) take(file);
  });
}
/** @param {unknown} e */
const messageOf = (e) => /** @type {{message?: string}} */ (e)?.message ?? String(e);

async function main() {
  // With the element's style sheet in place too, so that it draws styled the moment it
  // replaces the prerendered view.
  const [api] = await Promise.all([engine(), styled]);
  // Catalogs loaded on an earlier visit, registered before the autosave that may need one.
  const kept = restoreCatalogs(api);
  if (kept.problems.length) say(alertBox, `Saved catalogs: ${kept.problems.join("; ")}.`);
  /** A share link that needs a catalog not loaded yet: opened once that catalog is. @type {string | null} */
  let pendingShare = null;
  const el = /** @type {AiRiskMap} */ (document.createElement("ai-risk-map"));
  el.id = "map";
  /**
   * The footer names the catalog the assessment is on, as the engine's report names it: a
   * catalog loaded from a file as much as a built-in one. (Null before the element starts.)
   * @param {Report | null} r
   */
  const about = (r) => {
    if (!r) return;
    const text = `Scores, gaps and reports are computed by the ai-risk-map engine ${api.engineVersion()} (WebAssembly) from the ${r.framework} ${r.dasf} catalog. Nothing is sent anywhere.`;
    // Written only when it differs: new text lays out the whole page again, after every edit.
    if ($("about").textContent !== text) $("about").textContent = text;
  };
  /** Open a document in the element (which may refuse it) and name its catalog. @param {Assessment | null} a */
  const show = (a) => {
    el.assessment = a;
    about(el.report);
  };

  // The autosave revision this tab last loaded or saved. Each save names it, and the engine
  // refuses the save when another tab has saved since, so neither tab overwrites the other's
  // work unseen: the user chooses which version to keep, and the other is kept aside.
  /** @type {string | null} */
  let revision = null;
  // Set when a change of this tab is not saved, whatever the reason (another tab saved
  // first, storage is full or off): closing the tab then asks first.
  let unsaved = false;
  // Set when a corrupt autosave could not be moved aside (storage full): it stays in place
  // and this tab does not autosave over it.
  let autosaveOff = false;

  /** @param {Assessment | string} a the document, or its JSON text @returns {boolean} whether it was saved */
  const save = (a) => {
    if (autosaveOff) {
      unsaved = true;
      return false;
    }
    try {
      const next = api.saveAutosave(a, revision);
      if (next === undefined) {
        unsaved = true;
        clash();
        return false;
      }
      revision = next;
      unsaved = false;
      return true;
    } catch (e) {
      unsaved = true;
      say(alertBox, `Could not save your work in this browser: ${messageOf(e)}`);
      return false;
    }
  };
  /**
   * A document as the engine writes it: indented unless that would take a document near the
   * size limit over it, so that an export always imports again. Throws when the engine
   * refuses the document.
   * @param {Assessment | null} a
   */
  const jsonOf = (a) => {
    const session = new api.Session(a);
    try {
      return session.toJson();
    } finally {
      session.free();
    }
  };
  /** @param {Assessment} a */
  const exportJson = (a) => download(`${slug(a.useCase?.name ?? "")}.assessment.json`, `${jsonOf(a)}\n`, "application/json");

  /** Read the autosave and its revision, telling the user if it was corrupt and moved aside. */
  const restore = () => {
    const saved = api.loadAutosave();
    revision = saved.revision;
    if (saved.keptInPlace) {
      autosaveOff = true;
      say(alertBox, `Your saved assessment could not be read (${saved.error ?? "unknown error"}), and this browser's storage is too full to keep a copy aside, so it was left as it is and this tab does not save your changes. Export your work to keep it, and free some storage.`);
    } else if (saved.movedAsideTo) {
      say(alertBox, `Your saved assessment could not be read (${saved.error ?? "unknown error"}), so it was kept aside in this browser's storage under the key \u201c${saved.movedAsideTo}\u201d and a new assessment was started.`);
    }
    return saved.assessment;
  };

  // Another tab saved since this one last loaded or saved. Shown once, not at every
  // keystroke, until the user chooses; whichever version is set aside is kept in storage
  // and offered as a download.
  const clash = () => {
    if (alertBox.querySelector("[data-clash]")) return;
    say(
      alertBox,
      "Another tab has saved a different version of this assessment, so this tab no longer saves your changes. Choose the version to keep; the other one is kept aside in this browser's storage.",
      { label: "Load the other tab's version", run: loadOther },
      { label: "Keep this tab's version", run: keepMine },
    );
    alertBox.firstElementChild?.setAttribute("data-clash", "");
  };
  const loadOther = () => {
    const mine = /** @type {Assessment} */ (el.assessment);
    try {
      const key = api.keepAside(mine);
      show(restore());
      unsaved = false;
      showKept();
      say(notice, `Loaded the other tab's version. This tab's version was kept aside under the key \u201c${key}\u201d.`, { label: "Export this tab's version", run: () => exportJson(mine) });
    } catch (e) {
      say(alertBox, `Could not load the other tab's version, so this tab's is unchanged: ${messageOf(e)}`);
    }
  };
  const keepMine = () => {
    try {
      const other = restore();
      const key = other && api.keepAside(other);
      if (!save(/** @type {Assessment} */ (el.assessment))) return;
      showKept();
      const kept = other && key ? { label: "Export the other tab's version", run: () => exportJson(other) } : undefined;
      say(notice, `Saved this tab's version.${key ? ` The other tab's version was kept aside under the key \u201c${key}\u201d.` : ""}`, kept);
    } catch (e) {
      say(alertBox, `Could not save this tab's version: ${messageOf(e)}`);
    }
  };

  // --- Assessments kept aside -------------------------------------------------------------
  // Whatever replaces the work in this tab (a new assessment, an import, a copy of a shared
  // one, another tab's version) first puts the work aside under the tool's own storage keys
  // (`ai-risk-map:kept:<time>`), and the page offers each one back, on every visit, until
  // the user discards it.
  const keptBox = h("section", { id: "kept", "aria-label": "Assessments kept aside" });
  const sharedBar = h("div", { id: "sharedbar" });
  $("notice").before(sharedBar);
  alertBox.after(keptBox);
  const blank = jsonOf(null);
  /** @param {string | null} text the document's JSON, as the engine writes it */
  const isBlank = (text) => text == null || text === blank;
  /** @param {string} text */
  const nameOf = (text) => {
    try {
      return String(JSON.parse(text)?.useCase?.name ?? "").trim();
    } catch {
      return "";
    }
  };
  /** @param {string} text */
  const described = (text) => {
    const name = nameOf(text);
    // A name is the user's text: a long one is cut, so that a message stays a message.
    const short = [...name].length > 80 ? `${[...name].slice(0, 79).join("")}\u2026` : name;
    return short ? `\u201c${short}\u201d` : "an unnamed assessment";
  };
  /**
   * Keep the work of this tab aside, if there is any. Returns the key, or null for a blank
   * assessment (nothing to keep). Throws when storage refuses: the caller then changes
   * nothing.
   * @param {string | null} text
   */
  const keepWork = (text) => {
    if (isBlank(text)) return null;
    return api.keepAside(/** @type {string} */ (text));
  };
  const showKept = () => {
    /** @type {import("../../pkg/ai_risk_map.js").KeptAssessment[]} */
    let list = [];
    try {
      list = api.keptAside();
    } catch {
      /* storage is off: nothing can have been kept */
    }
    keptBox.replaceChildren();
    if (!list.length) return;
    const ul = h("ul");
    for (const k of list) {
      const when = new Date(k.keptAt).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });
      const which = `${described(k.text)} kept ${when}`;
      const li = h("li", { "data-kept": k.key }, h("span", { text: `${described(k.text)}, kept ${when}, key \u201c${k.key}\u201d. ` }));
      li.append(
        button("Open it", () => openKept(k.key, k.text), `Open ${which}`),
        " ",
        button("Export it", () => download(`${slug(nameOf(k.text))}.assessment.json`, k.text, "application/json"), `Export ${which}`),
        " ",
        button("Discard it", () => {
          try {
            api.discardKept(k.key);
            say(notice, `Discarded ${described(k.text)} (key \u201c${k.key}\u201d).`);
          } catch (e) {
            say(alertBox, `Could not discard it: ${messageOf(e)}`);
          }
          showKept();
          /** @type {HTMLElement | null} */ (keptBox.querySelector("button") ?? $("app"))?.focus();
        }, `Discard ${which}`),
      );
      ul.append(li);
    }
    keptBox.append(
      h("h2", { text: list.length === 1 ? "An assessment is kept aside in this browser" : `${list.length} assessments are kept aside in this browser` }),
      h("p", { text: "Earlier work that something replaced in this page. It stays here, under the storage key shown, until you discard it." }),
      ul,
    );
  };
  /**
   * Open a kept assessment as the work of this tab; the work it replaces is kept aside in
   * its turn, so this is a swap, never a loss.
   * @param {string} key
   * @param {string} text
   */
  const openKept = (key, text) => {
    let a;
    try {
      a = api.parseAssessment(text);
    } catch (e) {
      say(alertBox, `The assessment kept under \u201c${key}\u201d does not open, so it stays kept (export it to look at it): ${messageOf(e)}`);
      return;
    }
    if (replace(a, `Opened ${described(text)}, which was kept aside.`)) {
      try {
        api.discardKept(key);
      } catch {
        /* it stays listed: nothing lost */
      }
      showKept();
    }
  };

  /**
   * Make `next` the work of this tab, keeping the current work aside first. Returns false,
   * changing nothing, when the current work could not be kept.
   * @param {Assessment} next
   * @param {string} what what was done, for the notice
   * @param {string} [refused] what was not done, for the alert when the work could not be kept
   */
  const replace = (next, what, refused = "Your current assessment could not be kept aside, so it was not replaced (export it first)") => {
    flush();
    let key;
    try {
      key = keepWork(ownText());
    } catch (e) {
      say(alertBox, `${refused}: ${messageOf(e)}`);
      return false;
    }
    leaveShared();
    show(next);
    alertBox.replaceChildren();
    save(/** @type {Assessment} */ (el.assessment));
    say(notice, key ? `${what} Your previous assessment is kept aside under the key \u201c${key}\u201d: see below.` : what);
    showKept();
    return true;
  };

  // --- Share links: a recipient sees the report, read-only ----------------------------------
  /** The shared assessment on screen (read-only), if one is. @type {Assessment | null} */
  let shared = null;
  /** This tab's own work, as it was when a shared assessment was opened over it. @type {Assessment | null} */
  let ownWork = null;
  /**
   * This tab's own work as the engine writes it: while a shared assessment is on screen, the
   * latest autosave (another tab may have saved since; reading it also takes its revision),
   * else what the tab had; otherwise the element's.
   * @returns {string | null}
   */
  const ownText = () => {
    if (!shared) return el.toJson();
    const doc = savedWork();
    if (doc == null) return null;
    try {
      return jsonOf(doc);
    } catch {
      return JSON.stringify(doc);
    }
  };
  /** This tab's own work as saved (the autosave, which reads its revision too), else as it was in memory. */
  const savedWork = () => {
    try {
      return restore() ?? ownWork;
    } catch {
      return ownWork; // storage is off: the copy in memory
    }
  };
  const leaveShared = () => {
    if (!shared) return;
    shared = null;
    el.removeAttribute("readonly");
    sharedBar.replaceChildren();
  };
  /** Go back from a shared assessment to this tab's own work, as saved. */
  const backToMine = () => {
    leaveShared();
    show(savedWork());
    ownWork = null;
    el.navigate({ view: "assessment", step: 1 });
    say(notice, "Back to your own assessment.");
  };
  /** Make the shared assessment this tab's work, keeping the previous work aside. */
  const editCopy = () => {
    if (!shared) return;
    if (!replace(shared, "You are editing a copy of the shared assessment.", "Your own assessment could not be kept aside, so the shared one was not copied over it (export yours first)")) return;
    ownWork = null;
    el.navigate({ view: "assessment", step: 1 });
  };
  /**
   * Show a shared assessment: its report, read-only, this tab's work left as saved.
   * @param {Assessment} a
   */
  const showShared = (a) => {
    if (!shared) {
      flush();
      ownWork = /** @type {Assessment} */ (el.assessment);
    }
    shared = a;
    el.setAttribute("readonly", "");
    show(a);
    sharedBar.replaceChildren(
      h(
        "p",
        { text: `You are looking at a shared assessment, ${described(JSON.stringify(a))}, read-only. Your own work is unchanged and still saved in this browser. ` },
        button("Edit a copy", editCopy),
        " ",
        button("Back to my assessment", backToMine),
      ),
    );
    el.navigate({ view: "report" });
  };
  /**
   * Read a share link's fragment and show it; on failure the current work stays.
   * @param {string} data
   */
  const openShared = async (data) => {
    // The fragment holds a whole assessment: it leaves the address bar once read.
    history.replaceState(null, "", location.pathname + location.search);
    try {
      showShared(api.parseAssessment(await decodeShare(api, data)));
      return true;
    } catch (e) {
      if (needsCatalog(e)) {
        pendingShare = data;
        say(alertBox, `This share link needs a catalog that is not loaded in this browser, so your current assessment was kept: ${messageOf(e)}. Load that catalog's file with \u201cLoad catalog\u201d to open the link.`);
      } else {
        say(alertBox, `This share link could not be opened, so your current assessment was kept: ${messageOf(e)}`);
      }
      return false;
    }
  };

  // The starting assessment: the autosave.
  try {
    const start = restore();
    if (start) show(start);
  } catch (e) {
    say(alertBox, `Could not read your saved work: ${messageOf(e)}`);
  }
  el.setAttribute("view", "assessment");
  el.setAttribute("theme", themeSelect.value);
  $("app").replaceChildren(el);

  // Another tab's save rewrites the revision (storage events come from other tabs only): warn
  // now, rather than at this tab's next change.
  addEventListener("storage", (e) => {
    // A shared assessment on screen is not saved, so another tab's save is no clash.
    if (e.key === REVISION_KEY && e.newValue !== revision && !shared) clash();
    if (e.key == null || e.key.startsWith("ai-risk-map:kept:")) showKept();
  });
  // Edits are saved once typing pauses: serialising and checking the whole document at
  // every keystroke would cost a large assessment far more than the edit. A save still due
  // is made at once when the tab is hidden or closed (local storage is synchronous).
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let due;
  function flush() {
    if (due === undefined) return;
    clearTimeout(due);
    due = undefined;
    const text = el.toJson();
    if (text !== null) save(text);
  }
  // Work this tab could not save (another tab saved first) is kept aside as the tab goes,
  // once: closing a tab never loses it.
  let keptOnLeave = false;
  addEventListener("pagehide", () => {
    flush();
    if (unsaved && !keptOnLeave && !shared) {
      try {
        keepWork(el.toJson());
        keptOnLeave = true;
      } catch {
        /* storage is full or off: the beforeunload question was the last chance */
      }
    }
  });
  document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && flush());
  // Work not saved, whatever the reason (another tab saved first, storage full): ask before
  // the tab closes.
  addEventListener("beforeunload", (e) => {
    flush();
    if (unsaved) e.preventDefault();
  });

  el.addEventListener("ai-risk-map-change", (e) => {
    // An edit may move the assessment to another catalog (a migration, or its undo).
    about(/** @type {CustomEvent} */ (e).detail.report);
    keptOnLeave = false;
    clearTimeout(due);
    due = setTimeout(flush, SAVE_DELAY_MS);
    if (!$("sharebox").hidden) $("sharebox").hidden = true;
  });

  // --- Routes: every step and view has an address; Back and Forward move through them. ------
  // While a route from the address is being applied, the element's answer replaces the
  // history entry (writing it in its usual form) instead of adding one.
  let applying = 0;
  el.addEventListener("ai-risk-map-navigate", (e) => {
    const next = routeOf(/** @type {CustomEvent} */ (e).detail);
    if (next === location.hash) return;
    if (applying > 0) history.replaceState(null, "", next);
    else history.pushState(null, "", next);
  });

  const navButtons = /** @type {HTMLButtonElement[]} */ ([...document.querySelectorAll("[data-view]")]);
  const markView = () => {
    for (const b of navButtons) b.setAttribute("aria-pressed", String(b.dataset.view === el.view));
  };
  new MutationObserver(markView).observe(el, { attributes: true, attributeFilter: ["view"] });
  for (const b of navButtons) {
    b.addEventListener("click", () => el.navigate({ view: /** @type {import("./element.js").View} */ (b.dataset.view) }));
  }

  /** Go where an address says. @param {string} hash */
  const go = async (hash) => {
    if (hash.startsWith("#a=")) {
      applying += 1;
      try {
        await openShared(hash.slice(3));
      } finally {
        applying -= 1;
      }
      return;
    }
    const place = placeOf(hash);
    if (!place) return;
    applying += 1;
    try {
      await el.navigate(place);
    } finally {
      applying -= 1;
    }
  };
  const route = () => go(location.hash);
  addEventListener("popstate", route);
  addEventListener("hashchange", route);
  // The address the page was opened with, read before the element first draws (which writes
  // its own place); that first place replaces the entry rather than adding one.
  const opened = location.hash;
  applying += 1;
  try {
    await el.ready;
    await go(opened);
    if (!opened) history.replaceState(null, "", routeOf({ view: el.view, step: el.step, item: null }));
  } finally {
    applying -= 1;
  }
  markView();
  showKept();

  // Undo and redo from anywhere on the page (the element takes them when it has the focus).
  document.addEventListener("keydown", (e) => {
    if (e.defaultPrevented || e.target === el) return;
    const t = /** @type {HTMLElement} */ (e.target);
    if (t.closest?.("input, textarea, select, [contenteditable]")) return;
    const back = undoKey(e);
    if (back == null || el.view === "catalog") return;
    e.preventDefault();
    if (back) el.undo();
    else el.redo();
  });

  $("new").addEventListener("click", () => {
    if (replace(api.newAssessment(), "Started a new assessment.")) el.navigate({ view: "assessment", step: 1 });
  });
  /** The catalog an assessment needs, when it is not built in: a note, and a way to export it. @param {Assessment} a */
  const catalogNeeded = (a) => {
    const text = keptCatalog(a.dasf ?? "");
    return text == null ? null : {
      note: `needs the catalog “${a.dasf}”, which is not built in: whoever opens it loads that catalog file first.`,
      action: { label: "Export the catalog", run: () => download(`${a.dasf}.catalog.json`, text, "application/json") },
    };
  };
  $("export").addEventListener("click", () => {
    const a = /** @type {Assessment} */ (el.assessment);
    exportJson(a);
    const need = catalogNeeded(a);
    if (need) say(notice, `Exported the assessment. It ${need.note}`, need.action);
  });
  onFile("catalogfile", async (file) => {
    try {
      const c = await loadCatalogFile(api, file);
      const where = c.kept ? "" : " It is loaded for this visit only: this browser's storage is full or off.";
      const shared = pendingShare;
      const action = shared
        ? { label: "Open the share link", run: async () => { pendingShare = null; await openShared(shared); } }
        : { label: "Start an assessment on it", run: () => { if (replace(api.newAssessment(c.version), `Started a new assessment on the catalog “${c.version}”.`)) el.navigate({ view: "assessment", step: 1 }); } };
      say(notice, `Loaded the catalog “${file.name}”: version ${c.version}, ${c.stages} stages, ${c.components} components.${where}`, action);
    } catch (e) {
      say(alertBox, `“${file.name}” was not loaded as a catalog, and nothing changed: ${messageOf(e)}`);
    }
  });
  onFile("import", async (file) => {
    try {
      // The engine decodes: UTF-8 only (a leading BOM is skipped), anything else refused
      // with its byte offset, as on every face.
      const a = api.parseAssessment(api.decodeDocument(await readDocument(file, "an assessment file", api.limits().maxDocumentBytes)));
      replace(a, `Imported \u201c${file.name}\u201d.`);
    } catch (e) {
      say(alertBox, `\u201c${file.name}\u201d was not imported, and your current assessment is unchanged: ${messageOf(e)}`);
      const more = furtherErrors(e);
      if (more) alertBox.append(more);
    }
  });
  const link = /** @type {HTMLInputElement} */ ($("sharelink"));
  $("share").addEventListener("click", async () => {
    const data = await encodeShare(api, JSON.stringify(el.assessment));
    link.value = `${location.href.split("#")[0]}#a=${data}`;
    const need = catalogNeeded(/** @type {Assessment} */ (el.assessment));
    $("shareneeds").textContent = need ? `This link ${need.note} Send the catalog file along (Export JSON offers it).` : "";
    $("shareneeds").hidden = !need;
    $("sharebox").hidden = false;
    link.focus();
    link.select();
  });
  $("copy").addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(link.value);
      say(notice, "The share link is on the clipboard.");
    } catch {
      link.select();
      say(notice, "Select the link and copy it (Ctrl+C or \u2318C).");
    }
  });
  $("shareclose").addEventListener("click", () => {
    $("sharebox").hidden = true;
    $("share").focus();
  });
  about(el.report);
}

// The theme chosen on an earlier visit; never chosen means "auto", which follows the system.
const themeSelect = /** @type {HTMLSelectElement} */ ($("theme"));
const applyTheme = () => {
  document.documentElement.dataset.theme = themeSelect.value;
  document.getElementById("map")?.setAttribute("theme", themeSelect.value);
};
try {
  const chosen = localStorage.getItem(THEME_KEY);
  if (chosen === "light" || chosen === "dark") themeSelect.value = chosen;
} catch {
  /* storage is off: follow the system */
}
applyTheme();
themeSelect.addEventListener("change", () => {
  applyTheme();
  try {
    localStorage.setItem(THEME_KEY, themeSelect.value);
  } catch {
    /* storage is off: the choice lasts for this visit */
  }
});

main().catch((e) => {
  $("app").replaceChildren();
  say(alertBox, `The risk map could not start: ${messageOf(e)}`);
});
