// embed.html's parameters: from the query string and from the fragment, the fragment winning.
// The fragment is the one to recommend: it never reaches the server, so a server that
// rewrites `embed.html?…` to a clean URL `/embed` (and drops the query) cannot lose it.

/** Parameters copied to attributes as they are. */
const VALUE_PARAMS = ["view", "dasf", "deployment", "component", "theme", "src"];

/**
 * The parameters of a location: its query, overridden name by name by its fragment
 * (`embed.html#view=diagram&deployment=rag_llm`).
 * @param {{search: string, hash: string}} loc
 * @returns {URLSearchParams}
 */
export function embedParams(loc) {
  const params = new URLSearchParams(loc.search);
  const fragment = new URLSearchParams(loc.hash.replace(/^#/, ""));
  for (const name of new Set(fragment.keys())) params.set(name, fragment.get(name) ?? "");
  return params;
}

/**
 * Set an element's attributes from the parameters: only the known ones, each to the
 * attribute of the same name; any other attribute of those names is removed.
 * @param {Element} el
 * @param {URLSearchParams} params
 */
export function configure(el, params) {
  for (const name of VALUE_PARAMS) {
    const value = params.get(name);
    if (value != null && value !== "") el.setAttribute(name, value);
    else el.removeAttribute(name);
  }
  // `readonly` is a flag: present (or any value but false/0/no) means read-only.
  const ro = params.get("readonly");
  el.toggleAttribute("readonly", ro != null && !/^(false|0|no)$/i.test(ro));
}
