// The file every consumer uploads from disk (or, in a page, through an
// <input type=file>): 300 KiB that are not UTF-8, with CR LF and
// boundary-like lines among them, so a file sent empty, cut short or
// re-encoded arrives with another size or sha256 than this one's.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { UPLOAD_NAME } from './probe.mjs';

function fixtureBytes(size) {
  const bytes = Buffer.alloc(size);
  // xorshift32: the same bytes every run, every value from 0 to 255.
  let x = 0x9e3779b9;
  for (let i = 0; i < size; i += 1) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  // A byte-order mark gone wrong, a lone continuation byte, NUL, and a line
  // a multipart parser could take for a boundary.
  Buffer.from('\xff\xfe\x80\x00\r\n--x\r\n', 'latin1').copy(bytes, 0);
  Buffer.from('\r\n------moonshot\r\n\xc3', 'latin1').copy(bytes, size >> 1);
  return bytes;
}

const bytes = fixtureBytes(300 * 1024);

export const UPLOAD = {
  name: UPLOAD_NAME,
  bytes,
  size: bytes.length,
  sha256: createHash('sha256').update(bytes).digest('hex'),
};

/** Writes the file into `dir` (where a consumer runs); returns its path. */
export function writeUpload(dir) {
  const file = path.join(dir, UPLOAD.name);
  fs.writeFileSync(file, UPLOAD.bytes);
  return file;
}
