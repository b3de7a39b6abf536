// The builds without a first view of the element's own (see first-view-url.js): the page,
// whose HTML holds it, and the single-file builds, whose engine arrives with the script.

/** @type {typeof import("./first-view-url.js").firstView | undefined} */
export const firstView = undefined;
