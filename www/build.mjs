// Build the front end into dist/ with esbuild: the page (index.html, page.js, page.css), the
// element as ai-risk-map.js (wasm loaded from beside it) and ai-risk-map.standalone.js (wasm
// inside), and the wasm itself copied from pkg/. The page imports the element file rather
// than bundling a second copy of it. Quiet unless something fails.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync, existsSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const www = join(root, "www");
const out = join(root, "dist");

if (!existsSync(join(root, "pkg/ai_risk_map_bg.wasm"))) {
  console.error("www/build.mjs: pkg/ai_risk_map_bg.wasm is missing; run scripts/build.sh first.");
  process.exit(1);
}
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

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

/** The page imports the element from the element's own file in dist/. @type {import("esbuild").Plugin} */
const elementExternal = {
  name: "element-external",
  setup(b) {
    b.onResolve({ filter: /^\.\/element\.js$/ }, () => ({ path: "./ai-risk-map.js", external: true }));
  },
};

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
  build({ ...common, entryPoints: [join(www, "src/element.js")], outfile: join(out, "ai-risk-map.js"), plugins: [wasmLoader("url")] }),
  build({
    ...common,
    entryPoints: [join(www, "src/element.js")],
    outfile: join(out, "ai-risk-map.standalone.js"),
    plugins: [wasmLoader("embedded")],
    loader: { ...common.loader, ".wasm": "binary" },
  }),
  build({ ...common, entryPoints: [join(www, "src/page.js")], outfile: join(out, "page.js"), plugins: [elementExternal] }),
  build({ ...common, entryPoints: [join(www, "src/page.css")], outfile: join(out, "page.css"), loader: {} }),
  // The Jupyter widget's anywidget module (www/widget/), wasm inside; python/ ships it.
  build({
    ...common,
    entryPoints: [join(www, "widget/index.js")],
    outfile: join(out, "ai-risk-map.widget.js"),
    plugins: [wasmLoader("embedded")],
    loader: { ...common.loader, ".wasm": "binary" },
  }),
]);
copyFileSync(join(root, "pkg/ai_risk_map_bg.wasm"), join(out, "ai_risk_map_bg.wasm"));
writeFileSync(join(out, "index.html"), readFileSync(join(www, "index.html"), "utf8"));
