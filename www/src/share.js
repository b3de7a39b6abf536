// Share links: the assessment's JSON, deflated (CompressionStream "deflate-raw") and written
// in base64url, so a whole assessment fits in the URL fragment, which browsers never send.

/**
 * @param {Uint8Array} bytes
 * @param {CompressionStream | DecompressionStream} stream
 * @returns {Promise<Uint8Array>}
 */
async function pipe(bytes, stream) {
  const out = new Response(new Blob([/** @type {Uint8Array<ArrayBuffer>} */ (bytes)]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

/**
 * Text to a compact URL-safe string.
 * @param {string} text
 */
export async function encodeShare(text) {
  const packed = await pipe(new TextEncoder().encode(text), new CompressionStream("deflate-raw"));
  let bin = "";
  for (let i = 0; i < packed.length; i += 0x8000) bin += String.fromCharCode(...packed.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * The text back from a share string; throws an Error saying what is wrong with it.
 * @param {string} data
 */
export async function decodeShare(data) {
  if (!/^[A-Za-z0-9_-]*$/.test(data)) throw new Error("the link holds characters that base64url does not use; was it cut or changed?");
  let bin;
  try {
    bin = atob(data.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    throw new Error("the link is not valid base64url; was it cut short?");
  }
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(await pipe(bytes, new DecompressionStream("deflate-raw")));
  } catch {
    throw new Error("the data in the link does not decompress; was it cut short or changed?");
  }
}
