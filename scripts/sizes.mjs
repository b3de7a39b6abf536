// Print raw, gzip and brotli sizes of files, and of the whole page when dist/ exists.
// Usage: node scripts/sizes.mjs [label=bytes ...] FILE...
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
function measure(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}
function line(name, m) {
  console.log(`${name.padEnd(44)} raw ${kb(m.raw).padStart(9)}  gzip ${kb(m.gzip).padStart(9)}  brotli ${kb(m.brotli).padStart(9)}`);
}

for (const arg of process.argv.slice(2)) {
  const eq = arg.indexOf("=");
  if (eq > 0 && !existsSync(arg)) {
    console.log(`${arg.slice(0, eq).padEnd(44)} raw ${kb(Number(arg.slice(eq + 1))).padStart(9)}`);
    continue;
  }
  line(arg, measure(readFileSync(arg)));
}

// The page as a browser downloads it: index.html and every same-origin file it references
// (page script and styles, the element module and the wasm it preloads), each compressed on
// its own as a web server would.
if (existsSync("dist/index.html")) {
  const html = readFileSync("dist/index.html", "utf8");
  const refs = [...html.matchAll(/(?:src|href)="\.\/([^"#?]+)"/g)].map((m) => join("dist", m[1]));
  const page = ["dist/index.html", ...new Set(refs)].filter((p) => existsSync(p));
  const total = { raw: 0, gzip: 0, brotli: 0 };
  for (const p of page) {
    const m = measure(readFileSync(p));
    for (const k of Object.keys(total)) total[k] += m[k];
  }
  line(`assessment page (${page.map((p) => p.slice(5)).join(", ")})`, total);
}
