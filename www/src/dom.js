// A tiny DOM builder. Text always goes in as text nodes or textContent, never as markup.

/** @typedef {string | number | boolean | null | undefined | ((e: any) => void)} AttrValue */
/** @typedef {Node | string | null | undefined | false} Kid */

/** Keys set as DOM properties rather than attributes. */
const PROPS = new Set(["value", "checked", "disabled", "selected", "hidden", "open"]);

/**
 * Create an element. `on*` keys add listeners, `text` sets textContent, a few form keys are
 * properties, everything else is an attribute (`true` gives an empty attribute).
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, AttrValue>} [attrs]
 * @param {...(Kid | Kid[])} kids
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs = {}, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "text") el.textContent = String(v);
    else if (PROPS.has(k)) /** @type {any} */ (el)[k] = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const kid of kids.flat()) {
    if (kid != null && kid !== false) el.append(kid);
  }
  return el;
}

/**
 * Make an element's children like `kids` (built afresh with h()) while keeping the nodes that
 * stay alike: a text is set where it differs, attributes and form properties where they
 * changed, and only a node of another tag (or another `data-key`, as its listeners are another
 * item's) is replaced. A view redrawn after every edit then changes on screen, and costs
 * style and layout, only where its figures did.
 * @param {Element} el
 * @param {...(Kid | Kid[])} kids
 */
export function morph(el, ...kids) {
  const next = kids.flat().filter((k) => k != null && k !== false).map((k) => (typeof k === "string" ? document.createTextNode(k) : k));
  const old = [...el.childNodes];
  next.forEach((n, i) => {
    const o = old[i];
    if (!o) return el.append(n);
    if (o.nodeName !== n.nodeName || (n instanceof Element && n.getAttribute("data-key") !== /** @type {Element} */ (o).getAttribute("data-key"))) return o.replaceWith(n);
    if (!(n instanceof Element)) {
      if (o.nodeValue !== n.nodeValue) o.nodeValue = n.nodeValue;
      return;
    }
    const e = /** @type {Element} */ (o);
    for (const { name } of [...e.attributes]) if (!n.hasAttribute(name)) e.removeAttribute(name);
    for (const { name, value } of n.attributes) if (e.getAttribute(name) !== value) e.setAttribute(name, value);
    for (const p of PROPS) if (/** @type {any} */ (e)[p] !== /** @type {any} */ (n)[p]) /** @type {any} */ (e)[p] = /** @type {any} */ (n)[p];
    morph(e, [...n.childNodes]);
  });
  for (const o of old.slice(next.length)) o.remove();
}

/** The node drawn for each row object, by the element that lists them (see `drawRows`). */
const drawnRows = new WeakMap();

/**
 * Make `el`'s children one node per item, drawn by `draw`, reusing the node drawn before for
 * the same item object. A report's rows stay the same objects while they do not change (an
 * edit's answer replaces only the rows that changed, session.js), so only those are drawn
 * again, and the others keep their nodes, untouched.
 * @template {object} T
 * @param {Element} el
 * @param {T[]} items
 * @param {(item: T) => Node} draw
 */
export function drawRows(el, items, draw) {
  /** @type {WeakMap<T, Node>} */
  let drawn = drawnRows.get(el);
  if (!drawn) drawnRows.set(el, (drawn = new WeakMap()));
  const nodes = items.map((item) => {
    let node = drawn.get(item);
    if (!node) drawn.set(item, (node = draw(item)));
    return node;
  });
  const kept = new Set(nodes);
  nodes.forEach((node, i) => {
    const at = el.childNodes[i];
    if (at === node) return;
    // A row drawn again takes the place of its old node; anything else is moved in.
    if (at && !kept.has(at)) el.replaceChild(node, at);
    else el.insertBefore(node, at ?? null);
  });
  while (el.childNodes.length > items.length) /** @type {ChildNode} */ (el.lastChild).remove();
}

/**
 * Replace an element's children, skipping empty kids.
 * @param {Element} el
 * @param {...(Kid | Kid[])} kids
 */
export function fill(el, ...kids) {
  el.replaceChildren(...kids.flat().filter((k) => k != null && k !== false));
}

/**
 * A `<select>` of `[value, label]` options with `value` chosen.
 * @param {Record<string, AttrValue>} attrs
 * @param {[string, string][]} options
 * @param {string} value
 */
export function select(attrs, options, value) {
  return h("select", attrs, options.map(([v, label]) => h("option", { value: v, selected: v === value, text: label })));
}

/** A unique id for label/aria wiring inside one shadow root. */
let counter = 0;
/** @param {string} prefix */
export function uid(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}

/**
 * Items grouped by a key, each group in the items' order: one pass, so that drawing a list of
 * groups stays linear in the number of items (a filter per group would not).
 * @template T, K
 * @param {Iterable<T>} items
 * @param {(item: T) => K} keyOf
 * @returns {Map<K, T[]>}
 */
export function groupBy(items, keyOf) {
  /** @type {Map<K, T[]>} */
  const groups = new Map();
  for (const item of items) {
    const key = keyOf(item);
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/**
 * Offer text as a file download (Blob + object URL + download attribute).
 * @param {string} name
 * @param {string} text
 * @param {string} type
 */
export function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * A file-name-safe slug of a use case name.
 * @param {string} name
 */
export function slug(name) {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "ai-system";
}

/**
 * The further errors of an engine error (a document can have several; its message is the
 * first): a list of the next few messages, then how many more there are. Null when there is
 * only the one.
 * @param {unknown} e
 * @param {number} [shown] how many further messages to list
 * @returns {HTMLUListElement | null}
 */
export function furtherErrors(e, shown = 3) {
  if (typeof e !== "object" || e === null) return null;
  const err = /** @type {{errors?: unknown, moreErrors?: unknown}} */ (e);
  const rest = Array.isArray(err.errors) ? err.errors.slice(1) : [];
  const hidden = Math.max(0, rest.length - shown) + (typeof err.moreErrors === "number" ? err.moreErrors : 0);
  if (rest.length === 0 && hidden === 0) return null;
  const items = rest.slice(0, shown).map((/** @type {{message?: unknown}} */ x) => h("li", { text: String(x?.message ?? x) }));
  if (hidden > 0) items.push(h("li", { text: `and ${hidden} more error${hidden === 1 ? "" : "s"}` }));
  return h("ul", { class: "more-errors", "aria-label": "Further errors" }, items);
}
