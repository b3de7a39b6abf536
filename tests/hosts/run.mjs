// Real-host tests (issue 14), run by scripts/test-hosts.sh once the hosts are installed:
// MkDocs Material, Sphinx with Furo, VitePress, Jupyter Notebook 7 and Voilà. For each, a site
// or notebook is made from the recipe in docs/embedding.md (the sources beside this file), the
// host builds or serves it on 127.0.0.1, and headless Chromium checks that the map draws its
// 12 components, answers a click, does not scroll the page sideways, and follows the host's
// own dark-mode switch. Screenshots go to tests/artifacts/hosts/.
//
// Usage: node tests/hosts/run.mjs [host...]   (default: all)
// Environment: HOSTS_VENV (a venv with tests/hosts/requirements.txt and the ai-risk-map
// wheel), HOSTS_VITEPRESS (a folder where tests/hosts/vitepress/package.json is installed).
import { spawn, execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { cpSync, symlinkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, openSync, closeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, extname, normalize, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { holdWasm, launch } from "../e2e/helpers.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, "../..");
const DIST = join(ROOT, "dist");
const ART = join(ROOT, "tests/artifacts/hosts");
const VENV = process.env.HOSTS_VENV ?? "";
const VITEPRESS = process.env.HOSTS_VITEPRESS ?? "";
/** The element's files a documentation site copies (docs/embedding.md, section 1). */
const FILES = ["ai-risk-map.js", "ai_risk_map_bg.wasm", "dasf-2.0.texts.json", "ai-risk-map.first-view.json"];

mkdirSync(ART, { recursive: true });
const work = mkdtempSync(join(tmpdir(), "ai-risk-map-hosts-"));
/** Processes started here, stopped by PID (their process group) at the end. @type {import("node:child_process").ChildProcess[]} */
const started = [];

/** @param {string} msg */
function fail(msg) {
  throw new Error(msg);
}

/**
 * Run a command to completion, its output into a log file; throw with the log's tail if it fails.
 * @param {string} cmd @param {string[]} args @param {{cwd: string, env?: NodeJS.ProcessEnv}} opts
 */
function run(cmd, args, opts) {
  try {
    execFileSync(cmd, args, { ...opts, stdio: "pipe", encoding: "utf8", timeout: 180_000 });
  } catch (e) {
    const err = /** @type {{stdout?: string, stderr?: string}} */ (e);
    fail(`${cmd} ${args.join(" ")} failed:\n${(err.stdout ?? "").slice(-2000)}\n${(err.stderr ?? "").slice(-3000)}`);
  }
}

/**
 * Start a server process in its own process group; output to `log`.
 * @param {string} cmd @param {string[]} args @param {{cwd: string, env?: NodeJS.ProcessEnv}} opts @param {string} log
 */
function start(cmd, args, opts, log) {
  const fd = openSync(log, "w");
  const child = spawn(cmd, args, { ...opts, stdio: ["ignore", fd, fd], detached: true });
  closeSync(fd);
  started.push(child);
  return child;
}

/** Wait until `url` answers 200, or fail with the log. @param {string} url @param {string} log @param {import("node:child_process").ChildProcess} child */
async function up(url, log, child) {
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode != null) fail(`the server exited:\n${readFileSync(log, "utf8").slice(-3000)}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) fail(`${url} did not answer:\n${readFileSync(log, "utf8").slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/**
 * Stop a server started here: its process group, by PID; SIGKILL if still there after 10 s.
 * @param {import("node:child_process").ChildProcess} child
 */
async function stop(child) {
  if (!child.pid || child.exitCode != null || child.signalCode != null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const kill = (/** @type {NodeJS.Signals} */ sig) => {
    try {
      process.kill(-(/** @type {number} */ (child.pid)), sig);
    } catch {
      // already gone
    }
  };
  kill("SIGTERM");
  const timer = setTimeout(() => kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

const TYPES = /** @type {Record<string, string>} */ ({
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".css": "text/css",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".woff2": "font/woff2",
});

/**
 * Serve a built site's folder on 127.0.0.1, as a static host would (index.html for folders;
 * `.html` added to clean URLs, as VitePress's links expect).
 * @param {string} dir
 */
async function serveDir(dir) {
  const server = createServer((req, res) => {
    let path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname));
    if (path.includes("..")) {
      res.writeHead(403);
      return res.end();
    }
    if (path.endsWith("/")) path += "index.html";
    for (const candidate of [path, `${path}.html`]) {
      try {
        const body = readFileSync(join(dir, candidate));
        res.writeHead(200, { "Content-Type": TYPES[extname(candidate)] ?? "application/octet-stream" });
        return res.end(body);
      } catch {
        // next
      }
    }
    res.writeHead(404);
    res.end("not found");
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const addr = server.address();
  const origin = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
  return { origin, close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve(undefined)); }) };
}

/** A free port on 127.0.0.1. */
async function freePort() {
  const s = createServer();
  await new Promise((resolve) => s.listen(0, "127.0.0.1", () => resolve(undefined)));
  const addr = s.address();
  await new Promise((resolve) => s.close(() => resolve(undefined)));
  return typeof addr === "object" && addr ? addr.port : fail("no port");
}

/** @param {string} to */
function copyElement(to) {
  mkdirSync(to, { recursive: true });
  for (const f of FILES) cpSync(join(DIST, f), join(to, f));
}

/** What was seen of the map in a host, and how long the host took. @typedef {{host: string, components: number, ms: number, shots: string[]}} Seen */

/**
 * The checks every host passes: 12 components drawn, a click opens the component's panel, no
 * sideways scrolling, light to start with, then dark after `toDark` (the host's own switch),
 * the element's background the host's in both. Screenshots before and after.
 * @param {import("playwright-core").Page} page
 * @param {string} host
 * @param {() => Promise<void>} toDark
 * @param {{native?: boolean}} [opts] native: the recipe hands the host's colours over
 */
async function check(page, host, toDark, opts = {}) {
  const map = page.locator("ai-risk-map").first();
  await map.locator("[data-component='9']").waitFor({ timeout: 60_000 });
  const components = await map.locator("[data-component]").count();
  if (components !== 12) fail(`${host}: ${components} components drawn, not 12`);
  const dark = () => map.evaluate((el) => !!el.shadowRoot?.querySelector(".arm-root.arm-theme-dark"));
  if (await dark()) fail(`${host}: the map is dark on the host's light page`);
  await map.locator("[data-component='9']").click();
  await map.getByRole("region", { name: /Component 9/ }).waitFor();
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  if (sideways > 0) fail(`${host}: the page scrolls sideways by ${sideways} px once a component is open`);
  /** The element's background and the host's around it. */
  const colours = () =>
    map.evaluate((el) => {
      const bg = (/** @type {Element} */ e) => getComputedStyle(e).backgroundColor;
      let around = "";
      for (let e = el.parentElement; e; e = e.parentElement) {
        const c = bg(e);
        if (c !== "rgba(0, 0, 0, 0)" && c !== "transparent") {
          around = c;
          break;
        }
      }
      return { element: bg(/** @type {Element} */ (el.shadowRoot?.querySelector(".arm-root"))), around };
    });
  if (opts.native) {
    const c = await colours();
    if (c.element !== c.around) fail(`${host}: the map's background ${c.element} is not the page's ${c.around} (light)`);
  }
  await map.scrollIntoViewIfNeeded();
  const shots = [join(ART, `${host}-light.png`), join(ART, `${host}-dark.png`)];
  await page.screenshot({ path: shots[0] });
  await toDark();
  try {
    await page.waitForFunction((el) => !!el?.shadowRoot?.querySelector(".arm-root.arm-theme-dark"), await map.elementHandle(), { timeout: 10_000 });
  } catch {
    fail(`${host}: the map did not follow the host's switch to dark`);
  }
  if (opts.native) {
    const c = await colours();
    if (c.element !== c.around) fail(`${host}: the map's background ${c.element} is not the page's ${c.around} (dark)`);
  }
  await page.screenshot({ path: shots[1] });
  return { components, shots };
}

/** @param {import("playwright-core").Browser} browser */
async function newPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: "light" });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  /** @type {string[]} */
  const errors = [];
  /** Errors thrown inside the host's own bundles (Notebook 7 throws one about a settings schema
   * in this test's fresh config): counted, not failed on. @type {string[]} */
  const hostErrors = [];
  page.on("pageerror", (e) => {
    const text = `${e.stack ?? e}`;
    if (/\/static\/(notebook|lab|voila)\//.test(text.split("\n")[1] ?? "")) hostErrors.push(text.slice(0, 300));
    else errors.push(text.slice(0, 600));
  });
  return { context, page, errors, hostErrors };
}

const py = (/** @type {string} */ bin) => join(VENV, "bin", bin);

/** @type {Record<string, (browser: import("playwright-core").Browser) => Promise<{components: number, shots: string[]}>>} */
const HOSTS = {
  async "mkdocs-material"(browser) {
    const site = join(work, "mkdocs");
    cpSync(join(HERE, "mkdocs"), site, { recursive: true });
    copyElement(join(site, "docs/risk-map"));
    run(py("mkdocs"), ["build", "--quiet", "--site-dir", join(site, "site")], { cwd: site });
    const srv = await serveDir(join(site, "site"));
    const { context, page, errors } = await newPage(browser);
    try {
      // The element shows the built-in diagram: it paints its first view (drawn at build
      // time, ai-risk-map.first-view.json) while its wasm, held back here, is on its way.
      const release = await holdWasm(page);
      await page.goto(`${srv.origin}/`);
      const firstView = await page.waitForFunction(() => {
        const root = document.querySelector("ai-risk-map")?.shadowRoot;
        const body = root?.querySelector(".arm-body");
        const nodes = root?.querySelectorAll(".arm-diagram-box .arm-node[data-component]").length ?? 0;
        return body && !body.hasAttribute("data-view") && nodes ? nodes : 0;
      });
      if ((await firstView.jsonValue()) !== 12) fail("mkdocs-material: the first view does not draw the 12 components");
      release();
      // Material's palette switch: the label of the next scheme's radio button.
      const seen = await check(page, "mkdocs-material", () => page.locator("label[title='Switch to dark mode']").first().click(), { native: true });
      if (errors.length) fail(`mkdocs-material: page errors ${errors.join("; ")}`);
      return seen;
    } finally {
      await context.close();
      await srv.close();
    }
  },

  async "sphinx-furo"(browser) {
    const site = join(work, "sphinx");
    cpSync(join(HERE, "sphinx"), site, { recursive: true });
    copyElement(join(site, "_static/risk-map"));
    run(py("sphinx-build"), ["-q", "-b", "html", site, join(site, "_build")], { cwd: site });
    const srv = await serveDir(join(site, "_build"));
    const { context, page, errors } = await newPage(browser);
    try {
      await page.goto(`${srv.origin}/index.html`);
      // Furo's toggle cycles auto -> dark -> light on a light system.
      const seen = await check(page, "sphinx-furo", () => page.locator("button.theme-toggle:visible").first().click(), { native: true });
      if (errors.length) fail(`sphinx-furo: page errors ${errors.join("; ")}`);
      return seen;
    } finally {
      await context.close();
      await srv.close();
    }
  },

  async vitepress(browser) {
    const site = join(work, "vitepress");
    cpSync(join(HERE, "vitepress/docs"), join(site, "docs"), { recursive: true });
    copyElement(join(site, "docs/public/risk-map"));
    // VitePress resolves "vitepress" from the site's node_modules: the installed one.
    symlinkSync(join(VITEPRESS, "node_modules"), join(site, "node_modules"), "dir");
    run(process.execPath, [join(site, "node_modules/vitepress/bin/vitepress.js"), "build", "docs"], { cwd: site });
    const srv = await serveDir(join(site, "docs/.vitepress/dist"));
    const { context, page, errors } = await newPage(browser);
    /** @type {string[]} */
    const warnings = [];
    page.on("console", (m) => /hydration|mismatch/i.test(m.text()) && warnings.push(m.text()));
    try {
      await page.goto(`${srv.origin}/`);
      const seen = await check(page, "vitepress", () => page.locator("button.VPSwitchAppearance").first().click(), { native: true });
      if (errors.length) fail(`vitepress: page errors ${errors.join("; ")}`);
      if (warnings.length) fail(`vitepress: ${warnings.join("; ")}`);
      return seen;
    } finally {
      await context.close();
      await srv.close();
    }
  },

  async "notebook7"(browser) {
    const { dir, env, port } = await jupyterDirs("notebook");
    const log = join(dir, "server.log");
    const child = start(
      py("jupyter-notebook"),
      ["--allow-root", "--no-browser", "--ip=127.0.0.1", `--port=${port}`, "--port-retries=0", "--IdentityProvider.token=", "--ServerApp.password=",
        "--JupyterNotebookApp.expose_app_in_browser=True", `--ServerApp.root_dir=${join(dir, "notebooks")}`],
      { cwd: dir, env },
      log,
    );
    const base = `http://127.0.0.1:${port}/`;
    await up(`${base}api/status`, log, child);
    const { context, page, errors } = await newPage(browser);
    try {
      await page.goto(`${base}notebooks/map.ipynb`);
      await page.waitForFunction(() => {
        const nb = /** @type {any} */ (window).jupyterapp?.shell?.currentWidget;
        return nb?.content?.widgets?.length > 0 && nb.sessionContext?.session?.kernel?.status === "idle";
      }, undefined, { timeout: 90_000 });
      await page.evaluate(() => /** @type {any} */ (window).jupyterapp.commands.execute("notebook:run-all-cells"));
      // Notebook 7's own theme switch (Settings > Theme > JupyterLab Dark) runs this command.
      const seen = await check(page, "notebook7", () => page.evaluate(() => /** @type {any} */ (window).jupyterapp.commands.execute("apputils:change-theme", { theme: "JupyterLab Dark" })));
      if (errors.length) fail(`notebook7: page errors ${errors.join("; ")}`);
      return seen;
    } finally {
      await context.close();
    }
  },

  async voila(browser) {
    const { dir, env, port } = await jupyterDirs("voila");
    const log = join(dir, "server.log");
    const child = start(
      py("voila"),
      ["--no-browser", `--port=${port}`, "--Voila.ip=127.0.0.1", "--show_tracebacks=True", join(dir, "notebooks/map.ipynb")],
      { cwd: dir, env },
      log,
    );
    const base = `http://127.0.0.1:${port}/`;
    await up(base, log, child);
    const { context, page, errors } = await newPage(browser);
    try {
      await page.goto(base);
      // Voilà has no switch of its own: the reader picks the theme in the URL (`?theme=dark`).
      const seen = await check(page, "voila", async () => {
        await page.goto(`${base}?theme=dark`);
        await page.locator("ai-risk-map [data-component='9']").waitFor({ timeout: 60_000 });
      });
      if (errors.length) fail(`voila: page errors ${errors.join("; ")}`);
      return seen;
    } finally {
      await context.close();
    }
  },
};

/** A notebook showing the widget, in fresh Jupyter folders. @param {string} name */
async function jupyterDirs(name) {
  const dir = join(work, name);
  mkdirSync(join(dir, "notebooks"), { recursive: true });
  const cell = (/** @type {string} */ source) => ({ cell_type: "code", execution_count: null, metadata: {}, outputs: [], source });
  writeFileSync(
    join(dir, "notebooks/map.ipynb"),
    JSON.stringify({
      cells: [cell('from ai_risk_map import RiskMap\nRiskMap(view="diagram", deployment=["rag_llm"])')],
      metadata: { kernelspec: { name: "python3", display_name: "Python 3", language: "python" } },
      nbformat: 4,
      nbformat_minor: 5,
    }),
  );
  const labconfig = join(dir, "config/labconfig");
  mkdirSync(labconfig, { recursive: true });
  // No "news" prompt over the notebook.
  writeFileSync(join(labconfig, "page_config.json"), JSON.stringify({ disabledExtensions: { "@jupyterlab/apputils-extension:announcements": true } }));
  const env = {
    ...process.env,
    PATH: `${join(VENV, "bin")}:${process.env.PATH}`,
    JUPYTER_CONFIG_DIR: join(dir, "config"),
    JUPYTER_DATA_DIR: join(dir, "data"),
    JUPYTER_RUNTIME_DIR: join(dir, "runtime"),
    IPYTHONDIR: join(dir, "ipython"),
    JUPYTER_PLATFORM_DIRS: "1",
  };
  return { dir, env, port: await freePort() };
}

const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(HOSTS);
for (const h of wanted) if (!(h in HOSTS)) fail(`unknown host ${h}; known: ${Object.keys(HOSTS).join(", ")}`);
if (!existsSync(join(DIST, "ai-risk-map.js"))) fail("dist/ is missing: run `npm run build` first");

const browser = await launch();
let failed = 0;
try {
  for (const host of wanted) {
    const t0 = Date.now();
    try {
      const seen = await HOSTS[host](browser);
      console.log(`ok   ${host}: ${seen.components} components, click, dark switch followed (${((Date.now() - t0) / 1000).toFixed(1)} s); ${seen.shots.map((s) => s.slice(ROOT.length + 1)).join(", ")}`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${host} (${((Date.now() - t0) / 1000).toFixed(1)} s): ${e instanceof Error ? e.message : e}`);
    } finally {
      // Stop this host's servers by PID (their process groups: kernels included).
      for (const child of started.splice(0)) await stop(child);
    }
  }
} finally {
  await browser.close();
  rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
