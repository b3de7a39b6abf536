// embed.html: one <ai-risk-map>, configured from the page's query string, for wiki iframe
// macros. Only known parameters are passed on, each to the attribute of the same name:
//   ?view=diagram&dasf=2.0&deployment=rag_llm&component=9&theme=dark&readonly&src=my.json
// `src` is resolved against embed.html itself, and the page's CSP keeps it same-origin.
import "./element.js";

/** Parameters copied to attributes as they are. */
const VALUE_PARAMS = ["view", "dasf", "deployment", "component", "theme", "src"];

/**
 * Build the element for a query string.
 * @param {URLSearchParams} params
 * @returns {HTMLElement}
 */
export function embedElement(params) {
  const el = document.createElement("ai-risk-map");
  for (const name of VALUE_PARAMS) {
    const value = params.get(name);
    if (value != null && value !== "") el.setAttribute(name, value);
  }
  // `readonly` is a flag: present (or any value but false/0/no) means read-only.
  const ro = params.get("readonly");
  if (ro != null && !/^(false|0|no)$/i.test(ro)) el.setAttribute("readonly", "");
  return el;
}

const params = new URLSearchParams(location.search);
const title = params.get("title");
if (title) document.title = title;
const host = document.getElementById("embed") ?? document.body;
host.replaceChildren(embedElement(params));
