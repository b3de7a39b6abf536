// The share-link codec on its own (Node has CompressionStream, atob and btoa).
import { test } from "node:test";
import assert from "node:assert/strict";
import { encodeShare, decodeShare } from "../../www/src/share.js";

test("round-trips text, including non-ASCII, as base64url without padding", async () => {
  const text = JSON.stringify({ useCase: { name: "Assistant \u00e9\u4e2d\ud83d\ude00", description: "x".repeat(5000) } });
  const data = await encodeShare(text);
  assert.match(data, /^[A-Za-z0-9_-]+$/);
  assert.ok(data.length < text.length / 4, "repetitive JSON compresses");
  assert.equal(await decodeShare(data), text);
});

test("large inputs survive the chunked base64 step", async () => {
  const text = Array.from({ length: 40000 }, (_, i) => String.fromCharCode(32 + ((i * 7919) % 90))).join("");
  assert.equal(await decodeShare(await encodeShare(text)), text);
});

test("damaged data is refused with a reason", async () => {
  const data = await encodeShare('{"schema":"ai-risk-map/assessment"}');
  await assert.rejects(decodeShare(`${data}!`), /characters that base64url does not use/);
  await assert.rejects(decodeShare("A"), /not valid base64url/);
  await assert.rejects(decodeShare(data.slice(0, 4 * Math.floor(data.length / 8))), /does not decompress/);
  await assert.rejects(decodeShare("AAAAAAAA"), /does not decompress/);
});
