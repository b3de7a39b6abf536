// The static page: one <ai-risk-map> element for the whole flow, plus what only a page does:
// hash routes, autosave, share links, export and import of the JSON, and the theme.
import { engine } from "./element.js";
import { download, slug } from "./dom.js";
import { encodeShare, decodeShare } from "./share.js";
import { restoreCatalogs, loadCatalogFile, keptCatalog, needsCatalog } from "./catalogs.js";

/** @typedef {import("./element.js").AiRiskMap} AiRiskMap */
/** @typedef {import("./element.js").Assessment} Assessment */

const VIEWS = ["assessment", "diagram", "catalog", "report"];
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
  const p = document.createElement("p");
  p.textContent = text;
  for (const action of actions) {
    if (!action) continue;
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = action.label;
    b.addEventListener("click", () => {
      where.replaceChildren();
      action.run();
    });
    p.append(" ", b);
  }
  const close = document.createElement("button");
  close.type = "button";
  close.className = "dismiss";
  close.textContent = "Dismiss";
  close.addEventListener("click", () => where.replaceChildren());
  p.append(" ", close);
  where.replaceChildren(p);
}
/** @param {unknown} e */
const messageOf = (e) => /** @type {{message?: string}} */ (e)?.message ?? String(e);

async function main() {
  const api = await engine();
  // Catalogs loaded on an earlier visit, registered before the autosave that may need one.
  const kept = restoreCatalogs(api);
  if (kept.problems.length) say(alertBox, `Saved catalogs: ${kept.problems.join("; ")}.`);
  /** A share link that needs a catalog not loaded yet: opened once that catalog is. @type {string | null} */
  let pendingShare = null;
  const el = /** @type {AiRiskMap} */ (document.createElement("ai-risk-map"));
  el.id = "map";

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
  /** @param {Assessment} a */
  const exportJson = (a) => {
    // Written by the engine: indented unless that would take a document near the size limit
    // over it, so that an export always imports again.
    const session = new api.Session(a);
    const text = `${session.toJson()}\n`;
    session.free();
    download(`${slug(a.useCase?.name ?? "")}.assessment.json`, text, "application/json");
  };

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
      el.assessment = restore();
      unsaved = false;
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
      const kept = other && key ? { label: "Export the other tab's version", run: () => exportJson(other) } : undefined;
      say(notice, `Saved this tab's version.${key ? ` The other tab's version was kept aside under the key \u201c${key}\u201d.` : ""}`, kept);
    } catch (e) {
      say(alertBox, `Could not save this tab's version: ${messageOf(e)}`);
    }
  };

  /**
   * Replace the assessment, offering to undo.
   * @param {Assessment} next
   * @param {string} what
   */
  const replace = (next, what) => {
    const before = el.assessment;
    el.assessment = next;
    alertBox.replaceChildren();
    save(/** @type {Assessment} */ (el.assessment));
    say(notice, what, before ? { label: "Undo", run: () => { el.assessment = before; save(before); } } : undefined);
  };

  // The starting assessment: a share link wins over the autosave.
  /** @type {Assessment | null} */
  let start = null;
  try {
    start = restore();
  } catch (e) {
    say(alertBox, `Could not read your saved work: ${messageOf(e)}`);
  }
  /**
   * Read a share link's fragment; on success it becomes the assessment (undoable).
   * @param {string} data
   * @param {Assessment | null} previous
   * @returns {Promise<Assessment | null>}
   */
  const openShared = async (data, previous) => {
    history.replaceState(null, "", location.pathname + location.search);
    try {
      const a = api.parseAssessment(await decodeShare(api, data));
      const undo = previous ? { label: "Go back to my previous assessment", run: () => { el.assessment = previous; save(previous); } } : undefined;
      say(notice, "Opened the assessment from the share link.", undo);
      return a;
    } catch (e) {
      if (needsCatalog(e)) {
        pendingShare = data;
        say(alertBox, `This share link needs a catalog that is not loaded in this browser, so your current assessment was kept: ${messageOf(e)}. Load that catalog's file with “Load catalog” to open the link.`);
      } else {
        say(alertBox, `This share link could not be opened, so your current assessment was kept: ${messageOf(e)}`);
      }
      return null;
    }
  };
  if (location.hash.startsWith("#a=")) {
    const a = await openShared(location.hash.slice(3), start);
    if (a) {
      start = a;
      save(a);
    }
  }
  if (start) el.assessment = start;
  el.setAttribute("view", "assessment");
  el.setAttribute("theme", themeSelect.value);
  $("app").replaceChildren(el);

  // Another tab's save rewrites the revision (storage events come from other tabs only): warn
  // now, rather than at this tab's next change.
  addEventListener("storage", (e) => {
    if (e.key === REVISION_KEY && e.newValue !== revision) clash();
  });
  // Edits are saved once typing pauses: serialising and checking the whole document at
  // every keystroke would cost a large assessment far more than the edit. A save still due
  // is made at once when the tab is hidden or closed (local storage is synchronous).
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let due;
  const flush = () => {
    if (due === undefined) return;
    clearTimeout(due);
    due = undefined;
    const text = el.toJson();
    if (text !== null) save(text);
  };
  addEventListener("pagehide", flush);
  document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && flush());
  // Work not saved, whatever the reason (another tab saved first, storage full): ask before
  // the tab closes.
  addEventListener("beforeunload", (e) => {
    flush();
    if (unsaved) e.preventDefault();
  });

  el.addEventListener("ai-risk-map-change", () => {
    clearTimeout(due);
    due = setTimeout(flush, SAVE_DELAY_MS);
    $("sharebox").hidden = true;
  });
  el.addEventListener("ai-risk-map-select", (e) => {
    const { kind, id } = /** @type {CustomEvent} */ (e).detail;
    if ((kind === "risk" || kind === "control") && el.view === "catalog") {
      const next = `#${kind}/${encodeURIComponent(id)}`;
      if (location.hash !== next) history.pushState(null, "", next);
    }
  });

  const navButtons = /** @type {HTMLButtonElement[]} */ ([...document.querySelectorAll("[data-view]")]);
  const markView = () => {
    for (const b of navButtons) b.setAttribute("aria-pressed", String(b.dataset.view === el.view));
  };
  new MutationObserver(markView).observe(el, { attributes: true, attributeFilter: ["view"] });
  for (const b of navButtons) {
    b.addEventListener("click", () => {
      const view = /** @type {string} */ (b.dataset.view);
      el.setAttribute("view", view);
      history.pushState(null, "", `#${view}`);
    });
  }

  const route = async () => {
    if (location.hash.startsWith("#a=")) {
      const a = await openShared(location.hash.slice(3), el.assessment);
      if (a) {
        try {
          el.assessment = a;
          save(a);
        } catch (e) {
          say(alertBox, `This share link could not be opened, so your current assessment was kept: ${messageOf(e)}`);
        }
      }
      return;
    }
    const m = /^#(risk|control)\/(.+)$/.exec(location.hash);
    if (m) {
      let id = m[2];
      try {
        id = decodeURIComponent(id);
      } catch {
        /* keep it as written */
      }
      el.show(/** @type {"risk" | "control"} */ (m[1]), id);
    } else if (VIEWS.includes(location.hash.slice(1))) {
      el.setAttribute("view", location.hash.slice(1));
    }
  };
  addEventListener("popstate", route);
  addEventListener("hashchange", route);
  route();
  markView();

  $("new").addEventListener("click", () => {
    replace(api.newAssessment(), "Started a new assessment.");
    el.setAttribute("view", "assessment");
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
  const catalogInput = /** @type {HTMLInputElement} */ ($("catalogfile"));
  catalogInput.addEventListener("change", async () => {
    const file = catalogInput.files?.[0];
    catalogInput.value = "";
    if (!file) return;
    try {
      const c = await loadCatalogFile(api, file);
      const where = c.kept ? "" : " It is loaded for this visit only: this browser's storage is full or off.";
      const shared = pendingShare;
      const action = shared
        ? { label: "Open the share link", run: async () => { pendingShare = null; const a = await openShared(shared, el.assessment); if (a) { el.assessment = a; save(a); } } }
        : { label: "Start an assessment on it", run: () => { replace(api.newAssessment(c.version), `Started a new assessment on the catalog “${c.version}”.`); el.setAttribute("view", "assessment"); } };
      say(notice, `Loaded the catalog “${file.name}”: version ${c.version}, ${c.stages} stages, ${c.components} components.${where}`, action);
    } catch (e) {
      say(alertBox, `“${file.name}” was not loaded as a catalog, and nothing changed: ${messageOf(e)}`);
    }
  });
  const input = /** @type {HTMLInputElement} */ ($("import"));
  input.addEventListener("change", async () => {
    const file = input.files?.[0];
    input.value = "";
    if (!file) return;
    try {
      // Checked before reading: a multi-gigabyte file would stall the tab just being read.
      const limit = api.limits().maxDocumentBytes;
      if (file.size > limit) {
        const bytes = (/** @type {number} */ n) => n.toLocaleString("en");
        throw new Error(`it is ${bytes(file.size)} bytes, and an assessment file is at most ${bytes(limit)} bytes (${limit / 1048576} MiB); is it the right file?`);
      }
      // The engine decodes: UTF-8 only (a leading BOM is skipped), anything else refused
      // with its byte offset, as on every face.
      const a = api.parseAssessment(api.decodeDocument(new Uint8Array(await file.arrayBuffer())));
      replace(a, `Imported \u201c${file.name}\u201d.`);
    } catch (e) {
      say(alertBox, `\u201c${file.name}\u201d was not imported, and your current assessment is unchanged: ${messageOf(e)}`);
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
  $("about").textContent = `Scores, gaps and reports are computed by the ai-risk-map engine ${api.engineVersion()} (WebAssembly) from the built-in DASF catalog. Nothing is sent anywhere.`;
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
