// Print raw, gzip and brotli sizes of files, and of the whole page when dist/ exists.
// Usage: node scripts/sizes.mjs [label=bytes ...] FILE...
// "gzip" is what a browser downloads: the precompressed FILE.gz that www/build.mjs writes
// (zopfli) where there is one, else gzip -9; "gzip -9" is what a host that compresses each
// response itself at its best level would send.
import { readFileSync, existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
/** @param {string} path */
function measure(path) {
  const bytes = readFileSync(path);
  const gzip9 = gzipSync(bytes, { level: 9 }).length;
  return {
    raw: bytes.length,
    gzip: existsSync(path + ".gz") ? statSync(path + ".gz").size : gzip9,
    gzip9,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}
function line(name, m) {
  console.log(`${name.padEnd(44)} raw ${kb(m.raw).padStart(9)}  gzip ${kb(m.gzip).padStart(9)}  gzip -9 ${kb(m.gzip9).padStart(9)}  brotli ${kb(m.brotli).padStart(9)}`);
}

for (const arg of process.argv.slice(2)) {
  const eq = arg.indexOf("=");
  if (eq > 0 && !existsSync(arg)) {
    console.log(`${arg.slice(0, eq).padEnd(44)} raw ${kb(Number(arg.slice(eq + 1))).padStart(9)}`);
    continue;
  }
  line(arg, measure(arg));
}

// The page as a browser downloads it: index.html and every same-origin file it references
// (the page's script, which carries the element, the page's style sheet, the wasm it preloads,
// the style sheets of the prerendered first view, which the element then reuses) plus the
// catalog texts the element fetches after the first paint, each compressed on its own as the
// server sends it (its .gz). And what the first diagram needs: the page's HTML (the diagram is drawn
// into it at build time) and the style sheets it links, before any script or wasm.
// Budgets (gzip, as sent): the whole page 170 KB, the first diagram 60 KB. Over a budget
// the build fails, so that no change lands that breaks one; SIZE_BUDGETS=warn only warns, for
// trying something out locally.
const BUDGET_PAGE = 170 * 1024;
const BUDGET_FIRST_DIAGRAM = 60 * 1024;
if (existsSync("dist/index.html")) {
  const html = readFileSync("dist/index.html", "utf8");
  const refs = [...html.matchAll(/(?:src|href)="\.\/([^"#?]+)"/g)].map((m) => join("dist", m[1]));
  const fetched = ["dist/dasf-2.0.texts.json"];
  const page = ["dist/index.html", ...new Set([...refs, ...fetched])].filter((p) => existsSync(p));
  const sum = (/** @type {string[]} */ files) => {
    const total = { raw: 0, gzip: 0, gzip9: 0, brotli: 0 };
    for (const p of files) {
      const m = measure(p);
      for (const k of Object.keys(total)) total[k] += m[k];
    }
    return total;
  };
  const total = sum(page);
  line(`assessment page, everything (${page.map((p) => p.slice(5)).join(", ")})`, total);
  const sheets = [...html.matchAll(/<link rel="stylesheet" href="\.\/([^"#?]+)"/g)].map((m) => join("dist", m[1]));
  const first = ["dist/index.html", ...new Set(sheets)].filter((p) => existsSync(p));
  const firstTotal = sum(first);
  line(`before the first diagram (${first.map((p) => p.slice(5)).join(", ")})`, firstTotal);
  const over = [];
  if (total.gzip > BUDGET_PAGE) over.push(`the whole page is ${kb(total.gzip)} gzip, over its budget of ${kb(BUDGET_PAGE)}`);
  if (firstTotal.gzip > BUDGET_FIRST_DIAGRAM) over.push(`the first diagram needs ${kb(firstTotal.gzip)} gzip, over its budget of ${kb(BUDGET_FIRST_DIAGRAM)}`);
  console.log(`budgets (gzip, as sent): whole page ${kb(total.gzip)} of ${kb(BUDGET_PAGE)}; first diagram ${kb(firstTotal.gzip)} of ${kb(BUDGET_FIRST_DIAGRAM)}`);
  if (over.length) {
    console.error(`sizes: OVER BUDGET: ${over.join("; ")}. Cut it back (node scripts/sizes.mjs FILE... shows each file); SIZE_BUDGETS=warn builds anyway while you do.`);
    if (process.env.SIZE_BUDGETS !== "warn") process.exit(1);
  }
}
