// Benchmark the optimized wasm engine (pkg/, built by `bash scripts/build.sh`) under Node:
// the same calls the page makes, each timed RUNS times after a warm-up; prints the median
// and the minimum. Usage: node scripts/bench-wasm.mjs [RUNS]   (default 200)
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { execFileSync } from "node:child_process";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const pkg = path.join(root, "pkg");
const runs = Number(process.argv[2] ?? 200);

const engine = await import(path.join(pkg, "ai_risk_map.js"));
const bytes = fs.readFileSync(path.join(pkg, "ai_risk_map_bg.wasm"));

// `--first`: time the first catalog() call of a fresh engine and print it, wall time and the
// process's CPU time (a child process per sample: the first call happens once per instance).
// CPU time counts V8's background compiles too, and it holds still on a loaded machine.
if (process.argv[2] === "--first") {
  engine.initSync({ module: new WebAssembly.Module(bytes) });
  const cpu = process.cpuUsage();
  const t = performance.now();
  engine.catalog();
  const wall = performance.now() - t;
  const used = process.cpuUsage(cpu);
  console.log(wall, (used.user + used.system) / 1000);
  process.exit(0);
}

/** Median and minimum of `runs` timed calls of `f`, after one warm-up call. */
function time(name, f, n = runs) {
  f();
  const samples = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    f();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)];
  console.log(`${name.padEnd(52)} median ${fmt(median).padStart(10)}   min ${fmt(samples[0]).padStart(10)}   (${n} runs)`);
  return median;
}

function fmt(ms) {
  return ms >= 1 ? `${ms.toFixed(2)} ms` : `${(ms * 1000).toFixed(1)} µs`;
}

console.log(`ai-risk-map wasm benchmark (Node ${process.version}, ${(bytes.length / 1024).toFixed(0)} KB wasm)\n`);

let t = performance.now();
const module = new WebAssembly.Module(bytes);
const compile = performance.now() - t;
t = performance.now();
engine.initSync({ module });
const instantiate = performance.now() - t;
console.log(`${"compile the wasm module (once)".padEnd(52)} ${fmt(compile).padStart(17)}`);
console.log(`${"instantiate it, initSync (once)".padEnd(52)} ${fmt(instantiate).padStart(17)}`);
{
  // Node flags such as --liftoff-only go to the child processes too.
  const args = [...process.execArgv, fileURLToPath(import.meta.url), "--first"];
  const firsts = Array.from({ length: 9 }, () =>
    execFileSync(process.execPath, args, { encoding: "utf8" }).trim().split(" ").map(Number),
  );
  const median = (i) => firsts.map((f) => f[i]).sort((a, b) => a - b)[4];
  const min = (i) => Math.min(...firsts.map((f) => f[i]));
  console.log(
    `${"first catalog() of a fresh engine (9 processes)".padEnd(52)} median ${fmt(median(0)).padStart(10)}   min ${fmt(min(0)).padStart(10)}`,
  );
  console.log(
    `${"  the same, CPU time of the process".padEnd(52)} median ${fmt(median(1)).padStart(10)}   min ${fmt(min(1)).padStart(10)}`,
  );
}
t = performance.now();
engine.catalog();
console.log(`${"first catalog() call in this process".padEnd(52)} ${fmt(performance.now() - t).padStart(17)}`);
console.log();

const text = fs.readFileSync(path.join(root, "examples", "rag-chatbot.assessment.json"), "utf8");
const object = JSON.parse(text);

const evaluate = time("evaluate(example JSON text)", () => engine.evaluate(text));
time("evaluate(example object)", () => engine.evaluate(object));
time("parseAssessment(example JSON text)", () => engine.parseAssessment(text));
time('catalog() (DASF 2.0 to a JS object)', () => engine.catalog());
time('catalog("1.0")', () => engine.catalog("1.0"));
time("diagramSvg(null) (bare catalog)", () => engine.diagramSvg(null));
time("diagramSvg(example object)", () => engine.diagramSvg(object));
time("reportMarkdown(example object)", () => engine.reportMarkdown(object));
time("gapsCsv(example object)", () => engine.gapsCsv(object));
time('search("AML.T0051")', () => engine.search("AML.T0051"));
time('search("prompt injection")', () => engine.search("prompt injection"));

// A check that the figures are of a working engine, not of a thrown error.
const report = engine.evaluate(text);
if (report.risks.length !== 62 || typeof report.overall.coverage !== "number") {
  throw new Error("unexpected report from the wasm engine");
}
console.log(`\nSummary: evaluate example in wasm ${fmt(evaluate)}`);
