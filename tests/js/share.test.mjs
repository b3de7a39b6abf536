// The share-link codec with the real engine (pkg/, built by scripts/build.sh) for the
// base64url layer, and Node's CompressionStream for deflate, as a browser has them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { deflateRawSync } from "node:zlib";
import { initSync, shareDecode, shareEncode, decodeDocument, limits } from "../../pkg/ai_risk_map.js";
import { encodeShare, decodeShare, inflate } from "../../www/src/share.js";

initSync({ module: readFileSync(new URL("../../pkg/ai_risk_map_bg.wasm", import.meta.url)) });
const api = { shareDecode, shareEncode, decodeDocument, limits };
// The limit as the engine gives it: no face restates it.
const MAX_DOCUMENT_BYTES = limits().maxDocumentBytes;

/** @param {Uint8Array} bytes */
const base64url = (bytes) => Buffer.from(bytes).toString("base64url");

test("round-trips text, including non-ASCII, as base64url without padding", async () => {
  const text = JSON.stringify({ useCase: { name: "Assistant \u00e9\u4e2d\ud83d\ude00", description: "x".repeat(5000) } });
  const data = await encodeShare(api, text);
  assert.match(data, /^[A-Za-z0-9_-]+$/);
  assert.ok(data.length < text.length / 4, "repetitive JSON compresses");
  assert.equal(await decodeShare(api, data), text);
});

test("the engine's base64url is the standard one", () => {
  const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7919) % 256);
  for (const n of [0, 1, 2, 3, 4, 999, 1000]) {
    const part = bytes.subarray(0, n);
    assert.equal(shareEncode(part), base64url(part));
    assert.deepEqual(shareDecode(base64url(part)), part);
  }
});

test("large inputs survive", async () => {
  const text = Array.from({ length: 40000 }, (_, i) => String.fromCharCode(32 + ((i * 7919) % 90))).join("");
  assert.equal(await decodeShare(api, await encodeShare(api, text)), text);
});

test("damaged data is refused with a reason", async () => {
  const data = await encodeShare(api, '{"schema":"ai-risk-map/assessment"}');
  await assert.rejects(decodeShare(api, `${data}!`), (e) => {
    assert.equal(/** @type {any} */ (e).name, "AiRiskMapError");
    assert.equal(/** @type {any} */ (e).code, "invalid_argument");
    assert.match(String(/** @type {any} */ (e).message), new RegExp(`\`!\` \\(U\\+0021\\) at character ${data.length + 1}, which base64url does not use`));
    return true;
  });
  await assert.rejects(decodeShare(api, "A"), /cut short/);
  await assert.rejects(decodeShare(api, data.slice(0, 4 * Math.floor(data.length / 8))), /does not decompress/);
  await assert.rejects(decodeShare(api, "AAAAAAAA"), /does not decompress/);
  // The engine's one decoding rule, as for files: UTF-16 and Latin-1 are named, a BOM skipped.
  await assert.rejects(decodeShare(api, base64url(deflateRawSync(Buffer.from([0xff, 0xfe, 0x80])))), /UTF-16 \(little-endian, with a byte-order mark\)/);
  await assert.rejects(decodeShare(api, base64url(deflateRawSync(Buffer.from("caf\xe9", "latin1")))), /byte 0xE9 at byte offset 3 is not UTF-8/);
  assert.equal(await decodeShare(api, base64url(deflateRawSync(Buffer.from("\ufeff{}", "utf8")))), "{}");
});

test("a deflate bomb is refused while it inflates", async () => {
  // About 12 KB of link that would inflate to 9 MiB of spaces.
  const bomb = base64url(deflateRawSync(Buffer.alloc(9 * 1024 * 1024, 0x20), { level: 9 }));
  assert.ok(bomb.length < 16 * 1024, `${bomb.length} characters`);
  const started = performance.now();
  await assert.rejects(decodeShare(api, bomb), /expands to more than 8 MB.*Ask for a new link/);
  // It stops at the cap rather than inflating everything first.
  assert.ok(performance.now() - started < 5000);
});

test("the cap is exact: up to the limit inflates, one byte more does not", async () => {
  const packed = deflateRawSync(Buffer.alloc(1000, 0x61));
  assert.equal((await inflate(packed, 1000)).length, 1000);
  await assert.rejects(inflate(packed, 999), /expands to more than/);
  // A document as large as the engine accepts still opens.
  const big = deflateRawSync(Buffer.alloc(MAX_DOCUMENT_BYTES, 0x20));
  assert.equal((await inflate(big, MAX_DOCUMENT_BYTES)).length, MAX_DOCUMENT_BYTES);
});

test("an over-long link is refused by the engine before any work", () => {
  assert.throws(() => shareDecode("A".repeat(12 * 1024 * 1024)), (e) => {
    assert.equal(/** @type {any} */ (e).code, "too_large");
    return true;
  });
});
