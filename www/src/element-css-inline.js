// The element's style sheet inside the bundle (minified text, www/build.mjs): the builds a
// host embeds, which must not need a file beside them for it.
import css from "./element.css";

/** @returns {string | Promise<string>} */
export const elementCss = () => css;
