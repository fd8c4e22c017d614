// A file's bytes to stdout or to a file, as they come from the service (never
// held whole), and the check that keeps bytes that are no text off a
// terminal, where they would garble the screen or drive it. No import of the
// package: tests/cli/format.test.mjs runs it as units.
import { once } from 'node:events';

// Looked at before the first byte is written to a terminal: most files that
// are not text show it in their first bytes, and then nothing is printed.
const HOLD_BYTES = 64 * 1024;

// Control characters a text file does not hold: all but tab, newline, form
// feed and carriage return, with DEL and the C1 controls (an 8-bit CSI).
const CONTROL = /[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]/;

/**
 * `check(bytes)` for consecutive chunks, then `end()`: each says whether the
 * bytes so far are text (UTF-8 with no control character but \t \n \f \r).
 */
export function createTextCheck() {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let text = true;
  const see = (decode) => {
    if (!text) return false;
    try {
      text = !CONTROL.test(decode());
    } catch {
      text = false; // not UTF-8
    }
    return text;
  };
  return {
    check: (bytes) => see(() => decoder.decode(bytes, { stream: true })),
    // A multi-byte character cut off at the end is no text either.
    end: () => see(() => decoder.decode()),
  };
}

/** Writes `bytes` to `out`, waiting while its buffer is full. */
async function write(out, bytes) {
  if (!out.write(bytes)) await once(out, 'drain');
}

/**
 * Writes `body` (a web ReadableStream of bytes) to `out` chunk by chunk as it
 * arrives; resolves to the number of bytes written. With `terminal`, only
 * text: the first 64 KiB are checked before any is written and each later
 * chunk before it is, and bytes that are not text reject with `refused()`'s
 * error (the rest of the stream is cancelled).
 * @param {AsyncIterable<Uint8Array>} body
 * @param {NodeJS.WritableStream} out
 * @param {{ terminal?: boolean, refused?: () => Error }} [options]
 */
export async function writeBody(body, out, { terminal = false, refused = () => new Error('the bytes are not text') } = {}) {
  const text = terminal ? createTextCheck() : null;
  let held = [];
  let heldBytes = 0;
  let written = 0;
  const flush = async () => {
    for (const chunk of held) await write(out, chunk);
    written += heldBytes;
    held = [];
    heldBytes = 0;
  };
  for await (const chunk of body) {
    const bytes = chunk instanceof Uint8Array ? chunk : new Uint8Array(chunk);
    if (text && !text.check(bytes)) throw refused();
    if (text && written === 0 && heldBytes + bytes.length <= HOLD_BYTES) {
      held.push(bytes);
      heldBytes += bytes.length;
      continue;
    }
    await flush();
    await write(out, bytes);
    written += bytes.length;
  }
  if (text && !text.end()) throw refused();
  await flush();
  return written;
}
