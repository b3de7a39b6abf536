// Share links: the assessment's JSON, deflated (CompressionStream "deflate-raw") and written
// in base64url, so a whole assessment fits in the URL fragment, which browsers never send.
// The base64url layer is the engine's (shareEncode/shareDecode), so a damaged link gets the
// same length limit and the same precise message on every face; deflate is the browser's.

/** @typedef {{ shareEncode(bytes: Uint8Array): string, shareDecode(text: string): Uint8Array, decodeDocument(bytes: Uint8Array): string, limits(): { maxDocumentBytes: number } }} ShareCodec */

/**
 * Text to a compact URL-safe string.
 * @param {ShareCodec} api the engine
 * @param {string} text
 */
export async function encodeShare(api, text) {
  const bytes = /** @type {Uint8Array<ArrayBuffer>} */ (new TextEncoder().encode(text));
  const packed = new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream("deflate-raw")));
  return api.shareEncode(new Uint8Array(await packed.arrayBuffer()));
}

/**
 * Read a byte stream whole, giving up as soon as it passes `limit` bytes: a hostile or
 * mistaken source (a deflate bomb, a huge file behind a URL) cannot fill the tab's memory.
 * @param {ReadableStream<Uint8Array>} stream
 * @param {number} limit
 * @param {() => Error} tooBig the error when the limit is passed
 * @param {() => Error} broken the error when the stream fails
 * @returns {Promise<Uint8Array>}
 */
export async function readLimited(stream, limit, tooBig, broken) {
  const reader = stream.getReader();
  /** @type {Uint8Array[]} */
  const chunks = [];
  let size = 0;
  for (;;) {
    let step;
    try {
      step = await reader.read();
    } catch {
      throw broken();
    }
    if (step.done) break;
    size += step.value.length;
    if (size > limit) {
      // Cancelling stops the source; its error, if any, is no longer of interest.
      reader.cancel().catch(() => {});
      throw tooBig();
    }
    chunks.push(step.value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * Download a document for the engine to read (an assessment or a catalog), giving up as soon
 * as it passes `limit` bytes. Throws with what went wrong: the server's answer, the size, or
 * why the download stopped (the signal's reason when it was aborted).
 * @param {string} url relative to the document
 * @param {"assessment" | "catalog"} what
 * @param {number} limit
 * @param {AbortSignal} [signal]
 * @returns {Promise<Uint8Array>}
 */
export async function fetchDocument(url, what, limit, signal) {
  const res = await fetch(new URL(url, document.baseURI), { signal });
  if (!res.ok) throw new Error(`Could not load the ${what} at ${url}: the server answered ${res.status} ${res.statusText}.`);
  return readLimited(
    res.body ?? new Blob().stream(),
    limit,
    () => new Error(`Did not load the ${what} at ${url}: it is larger than ${limit / 1048576} MB, more than any ${what} document; is it the right file?`),
    () => signal?.reason ?? new TypeError("the download was interrupted"),
  );
}

/**
 * The bytes of a file the user chose, for the engine to decode; refused before reading when
 * it is larger than `limit` (a multi-gigabyte file would stall the tab just being read).
 * @param {File} file
 * @param {string} what what the file should be, for the message ("an assessment file")
 * @param {number} limit
 */
export async function readDocument(file, what, limit) {
  if (file.size > limit) {
    const n = (/** @type {number} */ b) => b.toLocaleString("en");
    throw new Error(`it is ${n(file.size)} bytes, and ${what} is at most ${n(limit)} bytes (${limit / 1048576} MiB); is it the right file?`);
  }
  return new Uint8Array(await file.arrayBuffer());
}

/**
 * Inflate deflate-raw data, giving up as soon as the output passes `limit` bytes (for a
 * link, the largest document the engine reads: a small hostile link, a "deflate bomb",
 * cannot fill the tab's memory).
 * @param {Uint8Array} bytes
 * @param {number} limit
 * @returns {Promise<Uint8Array>}
 */
export function inflate(bytes, limit) {
  const input = new Blob([/** @type {Uint8Array<ArrayBuffer>} */ (bytes)]).stream();
  const mb = Math.round(limit / (1024 * 1024));
  return readLimited(
    input.pipeThrough(new DecompressionStream("deflate-raw")),
    limit,
    () => new Error(`the link expands to more than ${mb} MB, more than any assessment this page opens, so it was not opened: it is damaged or was not made by this page. Ask for a new link, or for the exported JSON file.`),
    () => new Error("the data in the link does not decompress; was it cut short or changed? Copy the whole link again."),
  );
}

/**
 * The text back from a share string; throws an Error saying what is wrong with it (the
 * engine's AiRiskMapError for a bad base64url string).
 * @param {ShareCodec} api the engine
 * @param {string} data
 */
export async function decodeShare(api, data) {
  const plain = await inflate(api.shareDecode(data), api.limits().maxDocumentBytes);
  // The engine's one decoding rule (UTF-8, a leading BOM skipped), as for files.
  return api.decodeDocument(plain);
}
