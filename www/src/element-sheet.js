// The element's own style sheet: one constructable sheet, adopted by every element of the
// page. Where its rules come from is chosen at build time ("element-css"): inside the bundle,
// or element.css beside the page's build of the element.
import { elementCss } from "element-css";

export const baseSheet = new CSSStyleSheet();
const css = elementCss();
/**
 * Settles once the sheet holds its rules: at once where the bundle carries them, after the
 * fetch in the page's build (rejected, with the reason, when that fails).
 * @type {Promise<void>}
 */
export const styled =
  typeof css === "string"
    ? Promise.resolve(baseSheet.replaceSync(css))
    : css.then((text) => baseSheet.replaceSync(text));
