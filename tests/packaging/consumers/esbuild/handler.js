// A Lambda-style function: one module exporting a handler, bundled by
// esbuild for Node (CommonJS, everything inlined) and required by the
// runtime. It uploads a file from disk by fs.openAsBlob.
import { openAsBlob } from 'node:fs';
import { Moonshot, AuthenticationError } from 'moonshot-files';
import { probe, UPLOAD_NAME } from './probe.mjs';

export async function handler() {
  const fromDisk = [{ how: 'openAsBlob', file: await openAsBlob(UPLOAD_NAME) }];
  return probe({ Moonshot, AuthenticationError }, {}, fromDisk); // the key and base URL come from the environment
}
