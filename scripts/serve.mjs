// The static server of dist/, as a production host should serve it: the page's CSP as a header,
// on 127.0.0.1 only, and each file's precompressed copy (FILE.gz, which www/build.mjs writes)
// to a browser that accepts gzip, as nginx's gzip_static or Caddy's `precompressed gzip` do.
// `npm start` runs it; the end-to-end tests and the benchmarks import `serve`.
//
//   node scripts/serve.mjs [PORT]     serve dist/ at / until Ctrl-C (PORT: 8000, or $PORT)
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join, extname, normalize, dirname } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const DIST = join(ROOT, "dist");
/** The page's Content Security Policy: no inline script or style, wasm allowed, same origin only. */
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".svg": "image/svg+xml",
};

/**
 * Serve dist/ at `base` on 127.0.0.1 (`port` 0: a free one). `extra` maps absolute URL paths
 * to file contents (test-only pages). Returns {origin, url(path), requests, close()}.
 * @param {{base?: string, port?: number, extra?: Record<string, string>}} [opts]
 */
export async function serve({ base = "/", port = 0, extra = {} } = {}) {
  if (!existsSync(join(DIST, "index.html"))) throw new Error("dist/ is missing: run `npm run build` first");
  /** @type {string[]} */
  const requests = [];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    requests.push(path);
    const headers = { "Content-Security-Policy": CSP, "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" };
    if (path in extra) {
      res.writeHead(200, { ...headers, "Content-Type": TYPES[extname(path)] ?? "text/plain" });
      return res.end(extra[path]);
    }
    if (!path.startsWith(base)) {
      res.writeHead(404, headers);
      return res.end("not found");
    }
    let rel = normalize(path.slice(base.length));
    if (rel.startsWith("..")) {
      res.writeHead(403, headers);
      return res.end();
    }
    if (rel === "." || rel.endsWith("/")) rel = join(rel, "index.html");
    const file = join(DIST, rel);
    const type = { "Content-Type": TYPES[extname(rel)] ?? "application/octet-stream" };
    const gzip = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? "")) && existsSync(file + ".gz");
    try {
      const body = await readFile(gzip ? file + ".gz" : file);
      const encoding = gzip ? { "Content-Encoding": "gzip" } : {};
      res.writeHead(200, { ...headers, ...type, ...encoding, Vary: "Accept-Encoding" });
      res.end(body);
    } catch {
      res.writeHead(404, headers);
      res.end("not found");
    }
  });
  await new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(undefined)));
  const address = server.address();
  const bound = typeof address === "object" && address ? address.port : 0;
  const origin = `http://127.0.0.1:${bound}`;
  return {
    origin,
    requests,
    /** @param {string} [path] relative to `base`, or absolute when it starts with / */
    url: (path = "") => (path.startsWith("/") ? origin + path : origin + base + path),
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve(undefined)); }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2] ?? process.env.PORT ?? 8000);
  const srv = await serve({ port });
  console.log(`serving dist/ on ${srv.url()} (Ctrl-C stops it)`);
}
