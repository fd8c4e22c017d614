// The platform plumbing of `transport::fetch` (fetch.rs beside it imports
// these by `#[wasm_bindgen(module)]`): loops that only wire JS objects
// together, cheaper here than as wasm closures (docs/DESIGN.md, Platform
// plumbing in JS).

/**
 * The body read to its end and decoded, or `null` past `cap` bytes (the
 * stream is then cancelled: no more is read). Each chunk is decoded as it
 * comes (a character split between two is kept for the next) and the texts
 * joined once: faster than gathering the bytes into one buffer first
 * (docs/DESIGN.md, History).
 * @param {ReadableStream<Uint8Array<ArrayBuffer>>} stream
 * @param {number} cap
 * @returns {Promise<string | null>}
 */
export async function readCapped(stream, cap) {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const texts = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > cap) {
      reader.cancel().catch(() => {});
      return null;
    }
    texts.push(decoder.decode(value, { stream: true }));
  }
  texts.push(decoder.decode());
  return texts.join('');
}

/**
 * Every header, as "name: value" lines (XMLHttpRequest's
 * `getAllResponseHeaders()` form), for the debug log.
 * @param {Headers} headers
 * @returns {string}
 */
export function headerLines(headers) {
  let lines = '';
  for (const [name, value] of headers) lines += name + ': ' + value + '\r\n';
  return lines;
}

/**
 * A stream of the parts' bytes, one slice of `plan` (flat `[part, start,
 * end]` triples, `slice_plan`'s) each time fetch pulls, nothing read ahead.
 * @param {Blob[]} parts
 * @param {Float64Array} plan
 * @param {((sent: number) => void) | undefined} onSent  told the bytes handed over so far
 * @returns {ReadableStream<Uint8Array<ArrayBuffer>>}
 */
export function sliceStream(parts, plan, onSent) {
  let next = 0;
  let sent = 0;
  return new ReadableStream(
    {
      async pull(controller) {
        if (next >= plan.length) return controller.close();
        const [part, start, end] = plan.subarray(next, (next += 3));
        controller.enqueue(new Uint8Array(await parts[part].slice(start, end).arrayBuffer()));
        sent += end - start;
        if (onSent) onSent(sent);
      },
    },
    { highWaterMark: 0 },
  );
}
