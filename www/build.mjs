// Build the front end into dist/ with esbuild: the page (index.html, page.js, page.css), the
// element as ai-risk-map.js (wasm loaded from beside it) and ai-risk-map.standalone.js (wasm
// inside), and the wasm itself copied from pkg/. The page bundles its own build of the
// element, which takes its style sheet from element.css (already loaded for the first view)
// rather than carrying a second copy; ai-risk-map.js carries it, for hosts.
// Quiet unless something fails.
import { build, transform } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync, rmSync } from "node:fs";
import { gzip as zopfliGzip } from "@gfx/zopfli";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, join } from "node:path";
import { cpSync } from "node:fs";
import { execFileSync } from "node:child_process";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const www = join(root, "www");
const out = join(root, "dist");

if (!existsSync(join(root, "pkg/ai_risk_map_bg.wasm"))) {
  console.error("www/build.mjs: pkg/ai_risk_map_bg.wasm is missing; run scripts/build.sh first.");
  process.exit(1);
}
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
// The element's style sheet, which the page's prerendered first view links and the page's build
// of the element fetches (the builds for hosts carry it inside).
writeFileSync(join(out, "element.css"), await minifiedCss(join(www, "src/element.css")));

// The built-in catalog's long texts, which the wasm leaves out (feature split-texts): written
// by the engine (the native CLI, built by scripts/build.sh before this script), fetched by
// the page after its first paint and bundled into the single-file builds.
const cli = join(root, "target/release/ai-risk-map");
if (!existsSync(cli)) {
  console.error("www/build.mjs: target/release/ai-risk-map is missing; run scripts/build.sh first.");
  process.exit(1);
}
/**
 * A style sheet minified as esbuild minifies a .css entry point: for the copies the page links
 * and for the text the element puts in its shadow root, which would otherwise ship with every
 * comment and indent.
 * @param {string} path
 */
async function minifiedCss(path) {
  return (await transform(readFileSync(path, "utf8"), { loader: "css", minify: true })).code;
}
/** CSS imported as text (the element's style sheet), minified. @type {import("esbuild").Plugin} */
const cssText = {
  name: "css-text",
  setup(b) {
    b.onLoad({ filter: /\.css$/ }, async (args) => ({ contents: await minifiedCss(args.path), loader: "text" }));
  },
};

const textsFile = join(out, "dasf-2.0.texts.json");
writeFileSync(textsFile, execFileSync(cli, ["catalog", "--format", "texts"]));
/** The texts document as a module, for the single-file builds. @type {import("esbuild").Plugin} */
const textsModule = {
  name: "catalog-texts",
  setup(b) {
    b.onResolve({ filter: /^catalog-texts$/ }, () => ({ path: textsFile }));
    b.onLoad({ filter: /dasf-2\.0\.texts\.json$/ }, () => ({ contents: readFileSync(textsFile, "utf8"), loader: "text" }));
  },
};

/**
 * Resolve "wasm-loader" to how the bundle gets its wasm.
 * @param {"url" | "embedded"} how
 * @returns {import("esbuild").Plugin}
 */
const wasmLoader = (how) => ({
  name: "wasm-loader",
  setup(b) {
    b.onResolve({ filter: /^wasm-loader$/ }, () => ({ path: join(www, "src", how === "url" ? "wasm-url.js" : "wasm-embedded.js") }));
  },
});

/**
 * The page with its first view drawn in: the diagram of the built-in catalog for a blank
 * assessment, drawn by the engine (the CLI) as the element first draws it, inside the
 * element's own markup and style sheets (a declarative shadow root: the same CSS, so the
 * same layout). It paints before any script or wasm arrives; the page then puts the live
 * element in its place, drawn before the next frame.
 * @param {string} html
 */
async function firstView(html) {
  const svg = execFileSync(cli, ["catalog", "--format", "svg"], { encoding: "utf8" }).trim();
  if (!svg.startsWith("<svg") || /<script|<style|style=/i.test(svg)) throw new Error("www/build.mjs: unexpected SVG from the CLI");
  writeFileSync(join(out, "diagram.css"), await minifiedCss(join(root, "src/render/diagram.css")));
  // The same text as view-diagram.js's HINT (tests/e2e/first-paint.test.mjs compares them).
  const hint = "Point at or focus a component for its summary; click it or press Enter to see its risks and controls. Arrow keys move between components.";
  const view =
    `<div id="first-view" class="first-view"><template shadowrootmode="open">` +
    `<link rel="stylesheet" href="./diagram.css"><link rel="stylesheet" href="./element.css">` +
    `<div class="arm-root"><div class="arm-error" role="alert"></div><div class="arm-loading" role="status"></div>` +
    `<div class="arm-body" data-view="diagram"><div class="arm-diagram-view"><div class="arm-diagram-main">` +
    `<div class="arm-diagram-box">${svg}</div><p class="arm-tip">${hint}</p></div>` +
    `<section class="arm-panel" hidden></section></div></div></div></template></div>`;
  const loading = '<p class="loading">Loading the risk map&hellip;</p>';
  if (!html.includes(loading)) throw new Error("www/build.mjs: index.html has no loading placeholder to replace");
  // The style sheets load with the page's own, so the first paint already has them.
  const head = '<link rel="stylesheet" href="./page.css">';
  return html
    .replace(loading, view)
    .replace(head, `${head}\n<link rel="preload" href="./element.css" as="style">\n<link rel="preload" href="./diagram.css" as="style">`);
}

/**
 * Resolve "element-css" to where the element's style sheet comes from: inside the bundle
 * (the builds a host embeds) or element.css beside it (the page's own build, whose first view
 * has already loaded that file).
 * @param {"inline" | "url"} how
 * @returns {import("esbuild").Plugin}
 */
const elementCss = (how) => ({
  name: "element-css",
  setup(b) {
    b.onResolve({ filter: /^element-css$/ }, () => ({ path: join(www, "src", `element-css-${how}.js`) }));
  },
});

/**
 * Resolve "first-view" to the element's first view for hosts (ai-risk-map.js, whose wasm
 * comes after it) or to none (the page, whose HTML holds its own; the single-file builds).
 * @param {"url" | "none"} how
 * @returns {import("esbuild").Plugin}
 */
const firstViewModule = (how) => ({
  name: "first-view",
  setup(b) {
    b.onResolve({ filter: /^first-view$/ }, () => ({ path: join(www, "src", `first-view-${how}.js`) }));
  },
});

const common = {
  bundle: true,
  format: /** @type {const} */ ("esm"),
  minify: true,
  target: ["es2022"],
  legalComments: /** @type {const} */ ("none"),
  loader: { ".css": /** @type {const} */ ("text") },
  logLevel: /** @type {const} */ ("warning"),
};

await Promise.all([
  build({ ...common, entryPoints: [join(www, "src/element.js")], outfile: join(out, "ai-risk-map.js"), plugins: [cssText, wasmLoader("url"), elementCss("inline"), firstViewModule("url")] }),
  build({
    ...common,
    entryPoints: [join(www, "src/element.js")],
    outfile: join(out, "ai-risk-map.standalone.js"),
    plugins: [cssText, wasmLoader("embedded"), textsModule, elementCss("inline"), firstViewModule("none")],
    loader: { ...common.loader, ".wasm": "binary" },
  }),
  build({ ...common, entryPoints: [join(www, "src/page.js")], outfile: join(out, "page.js"), plugins: [wasmLoader("url"), elementCss("url"), firstViewModule("none")] }),
  build({ ...common, entryPoints: [join(www, "src/page.css")], outfile: join(out, "page.css"), loader: {} }),
  // The Jupyter widget's anywidget module (www/widget/), wasm inside; python/ ships it.
  build({
    ...common,
    entryPoints: [join(www, "widget/index.js")],
    outfile: join(out, "ai-risk-map.widget.js"),
    plugins: [cssText, wasmLoader("embedded"), textsModule, elementCss("inline"), firstViewModule("none")],
    loader: { ...common.loader, ".wasm": "binary" },
  }),
]);
copyFileSync(join(root, "pkg/ai_risk_map_bg.wasm"), join(out, "ai_risk_map_bg.wasm"));
// The element's first view for hosts (www/src/first-view-url.js): the diagram of the
// built-in catalog for a blank assessment, in both layouts, with its CSS, drawn by the very
// wasm the element then runs, so that the live view replaces it with the same picture.
{
  const engine = await import(pathToFileURL(join(root, "pkg/ai_risk_map.js")).href);
  engine.initSync({ module: readFileSync(join(root, "pkg/ai_risk_map_bg.wasm")) });
  const blank = engine.newAssessment();
  const drawn = {
    dasf: blank.dasf,
    css: engine.diagramCss(),
    wide: engine.diagramSvg(blank),
    narrow: engine.diagramSvg(blank, { narrow: true }),
  };
  writeFileSync(join(out, "ai-risk-map.first-view.json"), JSON.stringify(drawn));
}
writeFileSync(join(out, "index.html"), await firstView(readFileSync(join(www, "index.html"), "utf8")));

// embed.html (the element full-window, set up by query parameters, for iframe macros), the
// example pages, and the npm package's extra files: the engine entry point (the same engine
// instance as the element's, by importing it) and the TypeScript declarations.
// embed.js is a classic script, and so is ai-risk-map.classic.js (the element with the wasm and
// texts inside), which embed.js loads in a frame sandboxed without allow-same-origin, where
// modules and fetches from the frame's opaque origin would be refused (www/src/embed.js).
await Promise.all([
  build({ ...common, format: "iife", entryPoints: [join(www, "src/embed.js")], outfile: join(out, "embed.js") }),
  build({
    ...common,
    format: "iife",
    entryPoints: [join(www, "src/element.js")],
    outfile: join(out, "ai-risk-map.classic.js"),
    plugins: [cssText, wasmLoader("embedded"), textsModule, elementCss("inline"), firstViewModule("none")],
    loader: { ...common.loader, ".wasm": "binary" },
    // Only the wasm-bindgen glue's fetching init reads import.meta.url; this build never calls it.
    logOverride: { "empty-import-meta": "silent" },
  }),
  build({ ...common, entryPoints: [join(www, "src/embed.css")], outfile: join(out, "embed.css"), loader: {} }),
]);
copyFileSync(join(www, "embed.html"), join(out, "embed.html"));
cpSync(join(www, "examples"), join(out, "examples"), { recursive: true });
copyFileSync(join(root, "examples/rag-chatbot.assessment.json"), join(out, "examples/rag-chatbot.assessment.json"));
copyFileSync(join(www, "ai-risk-map.d.ts"), join(out, "ai-risk-map.d.ts"));
copyFileSync(join(root, "pkg/ai_risk_map.d.ts"), join(out, "ai_risk_map.d.ts"));
writeFileSync(join(out, "engine.js"), 'export { engine } from "./ai-risk-map.js";\n');
writeFileSync(
  join(out, "engine.d.ts"),
  'export { engine } from "./ai-risk-map.js";\nexport type { Engine } from "./ai-risk-map.js";\nexport type * from "./ai_risk_map.js";\n',
);

// Every file a browser fetches from dist/ also as FILE.gz, compressed once here with zopfli
// (gzip format, 4 to 7% smaller than gzip -9) for hosts that send precompressed files
// (nginx gzip_static, Caddy `precompressed gzip`, scripts/serve.mjs). The Jupyter widget's
// bundle is not served: the Python package carries it.
{
  const served = /\.(html|js|css|wasm|json|svg)$/;
  /** @param {string} dir */
  const files = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : served.test(e.name) && e.name !== "ai-risk-map.widget.js" ? [join(dir, e.name)] : []);
  for (const file of files(out)) {
    const bytes = readFileSync(file);
    // 15 iterations for the page's files; 5 for the single-file builds of over 400 KB, where
    // more cost seconds of build time for a few hundred bytes.
    const numiterations = bytes.length > 400_000 ? 5 : 15;
    const compressed = await new Promise((resolve, reject) =>
      zopfliGzip(bytes, { numiterations }, (err, data) => (err ? reject(err) : resolve(data))));
    writeFileSync(file + ".gz", compressed);
  }
}

// What each build costs a reader, compressed as a server would send it.
{
  const gz = (/** @type {string[]} */ ...files) => files.reduce((n, f) => n + readFileSync(join(out, f + ".gz")).length, 0);
  const kb = (/** @type {number} */ n) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`gzip: ai-risk-map.js + ai_risk_map_bg.wasm ${kb(gz("ai-risk-map.js", "ai_risk_map_bg.wasm"))}` +
    ` (${kb(gz("ai-risk-map.js"))} + ${kb(gz("ai_risk_map_bg.wasm"))}), its first view ${kb(gz("ai-risk-map.first-view.json"))};` +
    ` ai-risk-map.standalone.js ${kb(gz("ai-risk-map.standalone.js"))}`);
}
