// The server `npm start` runs (scripts/serve.mjs): precompressed files to a browser that
// accepts gzip, the files themselves otherwise, and every precompressed file the build wrote
// is the current file's bytes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:http";
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { serve, DIST, CSP } from "../../scripts/serve.mjs";

/**
 * GET a URL without decoding its body.
 * @param {string} url
 * @param {Record<string, string>} headers
 * @returns {Promise<{status: number | undefined, headers: import("node:http").IncomingHttpHeaders, body: Buffer}>}
 */
function get(url, headers) {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      /** @type {Buffer[]} */
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on("error", reject).end();
  });
}

test("every file the page fetches has a precompressed copy of its current bytes", () => {
  const page = ["index.html", "page.js", "page.css", "element.css", "diagram.css", "ai_risk_map_bg.wasm", "dasf-2.0.texts.json"];
  for (const name of page) {
    assert.ok(existsSync(join(DIST, name + ".gz")), `dist/${name}.gz is missing`);
  }
  const all = readdirSync(DIST, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".gz"));
  assert.ok(all.length >= page.length);
  for (const gz of all) {
    const original = join(DIST, gz.slice(0, -3));
    assert.deepEqual(gunzipSync(readFileSync(join(DIST, gz))), readFileSync(original), `dist/${gz} is not dist/${gz.slice(0, -3)}`);
  }
});

test("the server sends the precompressed file only to a client that accepts gzip", async () => {
  const srv = await serve({ base: "/app/" });
  try {
    const wasm = readFileSync(join(DIST, "ai_risk_map_bg.wasm"));
    const zipped = await get(srv.url("ai_risk_map_bg.wasm"), { "Accept-Encoding": "gzip, deflate, br" });
    assert.equal(zipped.status, 200);
    assert.equal(zipped.headers["content-encoding"], "gzip");
    assert.equal(zipped.headers["content-type"], "application/wasm");
    assert.equal(zipped.headers["vary"], "Accept-Encoding");
    assert.equal(zipped.headers["content-security-policy"], CSP);
    assert.deepEqual(zipped.body, readFileSync(join(DIST, "ai_risk_map_bg.wasm.gz")));
    assert.ok(zipped.body.length < wasm.length / 2);

    const plain = await get(srv.url("ai_risk_map_bg.wasm"), {});
    assert.equal(plain.headers["content-encoding"], undefined);
    assert.deepEqual(plain.body, wasm);

    const index = await get(srv.url(""), { "Accept-Encoding": "br;q=1, gzip;q=0.5" });
    assert.equal(index.headers["content-type"], "text/html; charset=utf-8");
    assert.deepEqual(gunzipSync(index.body), readFileSync(join(DIST, "index.html")));

    assert.equal((await get(srv.url("nothing-here.js"), { "Accept-Encoding": "gzip" })).status, 404);
    assert.equal((await get(srv.url("/elsewhere/index.html"), {})).status, 404);
  } finally {
    await srv.close();
  }
});
