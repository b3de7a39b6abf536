// embed.html: one <ai-risk-map>, configured from the page's query string and fragment, for
// wiki iframe macros. Only known parameters are passed on (embed-params.js):
//   #view=diagram&dasf=2.0&deployment=rag_llm&component=9&theme=dark&readonly&src=my.json
// `src` is resolved against embed.html itself, and the page's CSP keeps it same-origin.
//
// This file is a classic script, so that it loads in a frame sandboxed with `allow-scripts`
// alone: such a frame has an opaque origin ("null"), from which module scripts, import() and
// fetch() are CORS requests that a server without `Access-Control-Allow-Origin` refuses. There
// it loads ai-risk-map.classic.js (a classic script with the wasm and the catalog texts inside:
// nothing fetched); elsewhere the module ai-risk-map.js with the wasm beside it, as any page.
import { embedParams, configure } from "./embed-params.js";

const place = document.getElementById("embed") ?? document.body;
const script = /** @type {HTMLScriptElement | null} */ (document.currentScript);
const base = script?.src || document.baseURI;

/** Say in the frame what went wrong and what would fix it. @param {string} text */
function fail(text) {
  const p = document.createElement("p");
  p.className = "embed-error";
  p.setAttribute("role", "alert");
  p.textContent = text;
  place.replaceChildren(p);
}

/** Draw the element, or, after a change of the fragment, set it up anew. */
function show() {
  const params = embedParams(location);
  const title = params.get("title");
  if (title) document.title = title;
  let el = place.querySelector("ai-risk-map");
  if (!el) {
    el = document.createElement("ai-risk-map");
    place.replaceChildren(el);
  }
  configure(el, params);
}

/** @param {string} file */
const url = (file) => new URL(file, base).href;
const opaque = self.origin === "null";
const element = opaque ? "ai-risk-map.classic.js" : "ai-risk-map.js";

show();
/** @type {Promise<unknown>} */
const loaded = opaque
  ? new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = url(element);
      s.onload = resolve;
      s.onerror = reject;
      document.head.append(s);
    })
  : import(url(element));
loaded.then(
  // A host that changes only the frame's fragment changes what it shows, with no reload.
  () => addEventListener("hashchange", show),
  () =>
    fail(
      `The AI Risk Map could not load ${url(element)}. ` +
        (opaque
          ? "This frame is sandboxed without allow-same-origin; it needs sandbox=\"allow-scripts\" at least, and the server must serve that file."
          : "Check that the file is on the server beside embed.html, and that the server sends .js as text/javascript and .wasm as application/wasm."),
    ),
);
