// What `theme="auto"` means: the host page's own light or dark, read from where documentation
// sites and notebooks put it, and followed as the page changes it.
//
// In order, the first that decides wins:
// 1. a light/dark marker on the element's nearest marked ancestor (across shadow roots, up to
//    <html>): the attribute and class conventions of common hosts (table below);
// 2. the `color-scheme` the element inherits from the page's CSS, when it names one scheme;
// 3. the page's `<meta name="color-scheme">`, when it names one scheme;
// 4. the operating system's preference (`prefers-color-scheme`).
// One MutationObserver per document watches <html> and <body> for the attributes below, so a
// site's toggle is followed at once; a change of the system preference is followed as well.

/**
 * Attributes that hosts set to their light or dark mode, with how to read a value: "dark",
 * "light", or null for a value that does not decide (such as Furo's "auto").
 * @type {Record<string, (value: string) => "dark" | "light" | null>}
 */
const ATTRIBUTES = {
  // Furo (on <body>), Docusaurus and pydata-sphinx-theme (on <html>), many others.
  "data-theme": word,
  // Bootstrap 5.3.
  "data-bs-theme": word,
  // Material for MkDocs (on <body>): "slate" is its dark scheme, "default" its light one.
  "data-md-color-scheme": (v) => (v === "slate" ? "dark" : v === "default" ? "light" : word(v)),
  // JupyterLab, Notebook 7 and Voilà (on <body>).
  "data-jp-theme-light": (v) => (v === "true" ? "light" : v === "false" ? "dark" : null),
  "data-color-mode": word,
};

/** Classes that mark a dark or a light page (VitePress and Tailwind's `.dark`, VS Code's webviews). */
const DARK_CLASSES = ["dark", "dark-mode", "theme-dark", "vscode-dark", "vscode-high-contrast"];
const LIGHT_CLASSES = ["light", "light-mode", "theme-light", "vscode-light", "vscode-high-contrast-light"];

/** What the observer watches on <html> and <body>. */
const WATCHED = [...Object.keys(ATTRIBUTES), "class", "style"];

/**
 * "dark" or "light" when a value names exactly one of them.
 * @param {string} value
 * @returns {"dark" | "light" | null}
 */
function word(value) {
  const v = value.toLowerCase();
  const d = /\bdark\b/.test(v);
  const l = /\blight\b/.test(v);
  return d === l ? null : d ? "dark" : "light";
}

/**
 * The marker an element carries itself, if any.
 * @param {Element} el
 * @returns {"dark" | "light" | null}
 */
function marker(el) {
  for (const [name, read] of Object.entries(ATTRIBUTES)) {
    const v = el.getAttribute(name);
    if (v != null) {
      const r = read(v.trim());
      if (r) return r;
    }
  }
  const list = el.classList;
  // High-contrast light in VS Code also carries "vscode-high-contrast": light classes first.
  if (LIGHT_CLASSES.some((c) => list.contains(c))) return "light";
  if (DARK_CLASSES.some((c) => list.contains(c))) return "dark";
  return null;
}

/**
 * The parent of a node in the flat tree the user sees: past a shadow root, its host.
 * @param {Element} el
 * @returns {Element | null}
 */
function up(el) {
  if (el.parentElement) return el.parentElement;
  const root = el.getRootNode();
  return root instanceof ShadowRoot ? root.host : null;
}

const system = typeof matchMedia === "function" ? matchMedia("(prefers-color-scheme: dark)") : null;

/**
 * Whether `host` should be drawn dark under `theme="auto"`.
 * @param {Element} host
 * @returns {boolean}
 */
export function hostIsDark(host) {
  for (let el = up(host); el; el = up(el)) {
    const m = marker(el);
    if (m) return m === "dark";
  }
  if (host.isConnected) {
    const css = word(getComputedStyle(host).colorScheme || "");
    if (css) return css === "dark";
    const meta = document.querySelector('meta[name="color-scheme"]')?.getAttribute("content");
    const declared = meta ? word(meta) : null;
    if (declared) return declared === "dark";
  }
  return !!system?.matches;
}

/** Elements that follow the page, each with its redraw. @type {Map<Element, () => void>} */
const followers = new Map();
/** @type {MutationObserver | null} */
let observer = null;
/** @type {Element | null} */
let watchedBody = null;

function notify() {
  // <body> may have been replaced since the observer started (some hosts swap it): watch the new one.
  if (document.body && document.body !== watchedBody) watch(document.body);
  for (const redraw of followers.values()) redraw();
}

/** @param {Element} el */
function watch(el) {
  observer?.observe(el, { attributes: true, attributeFilter: WATCHED });
  if (el === document.body) watchedBody = el;
}

/**
 * Call `redraw` whenever the page's light or dark may have changed, until `unfollow`.
 * @param {Element} el
 * @param {() => void} redraw
 */
export function follow(el, redraw) {
  followers.set(el, redraw);
  if (!observer && typeof MutationObserver === "function") {
    observer = new MutationObserver(notify);
    watch(document.documentElement);
    if (document.body) watch(document.body);
    else document.addEventListener("DOMContentLoaded", notify, { once: true });
    system?.addEventListener("change", notify);
  } else if (document.body && document.body !== watchedBody) {
    watch(document.body);
  }
}

/** @param {Element} el */
export function unfollow(el) {
  followers.delete(el);
}
