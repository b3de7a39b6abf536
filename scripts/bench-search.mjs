// How long a catalog search takes in the optimized wasm engine (pkg/, or the folder given),
// for a typed query and for pasted ones up to 100 KB: the figures behind the query cap
// (MAX_QUERY_CHARS in src/limits.rs). A measurement, not a test; prints medians.
// Usage: node scripts/bench-search.mjs [PKG_DIR] [RUNS]
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const pkg = path.resolve(process.argv[2] ?? path.join(root, "pkg"));
const runs = Number(process.argv[3] ?? 5);

const engine = await import(path.join(pkg, "ai_risk_map.js"));
engine.initSync({ module: fs.readFileSync(path.join(pkg, "ai_risk_map_bg.wasm")) });
engine.catalog();

// A paste of ordinary words: most of them occur in the catalog, the worst case for a
// search where every term must match.
const words = "model data training access prompt the of and to a in for is on with by".split(" ");
/** @param {number} bytes */
const paste = (bytes) => {
  let s = "";
  for (let i = 0; s.length < bytes; i++) s += `${words[i % words.length]} `;
  return s.slice(0, bytes);
};
const queries = [
  ["typed: \"prompt injection\"", "prompt injection"],
  ["typed: \"AML.T0051\"", "AML.T0051"],
  ["pasted 1 KB", paste(1024)],
  ["pasted 10 KB", paste(10 * 1024)],
  ["pasted 100 KB", paste(100 * 1024)],
];
console.log(`catalog search in ${path.relative(process.cwd(), pkg) || "."} (median of ${runs})`);
for (const [name, q] of queries) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    engine.search(q);
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  console.log(`${name.padEnd(30)} ${samples[Math.floor(runs / 2)].toFixed(2).padStart(10)} ms`);
}
