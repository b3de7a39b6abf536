// The page's build of the element: its style sheet is element.css beside the script, the file
// the page's prerendered first view already links, rather than a second copy inside the
// script. Fetched (not a <link> in the shadow root) so that the element's rules are in place
// before it first draws, as when they are inside the bundle. The first view's request has
// already put the file in the HTTP cache, which answers this one (a server that forbids
// caching, with no-store, sends it twice).

/** @returns {Promise<string>} */
export async function elementCss() {
  const response = await fetch(new URL("./element.css", import.meta.url));
  if (!response.ok) throw new Error(`the style sheet element.css could not be loaded: HTTP ${response.status}`);
  return response.text();
}
