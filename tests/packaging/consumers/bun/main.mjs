// A Bun script: no options, so the key and base URL come from
// MOONSHOT_API_KEY and MOONSHOT_BASE_URL. It uploads a file from disk both
// ways Bun has one as a Blob backed by the file: Bun.file() and node:fs's
// openAsBlob.
import { openAsBlob } from 'node:fs';
import { Moonshot, AuthenticationError } from 'moonshot-files';
import { probe, UPLOAD_NAME } from './probe.mjs';

const fromDisk = [
  { how: 'Bun.file', file: Bun.file(UPLOAD_NAME) },
  { how: 'openAsBlob', file: await openAsBlob(UPLOAD_NAME) },
];
console.log(JSON.stringify(await probe({ Moonshot, AuthenticationError }, {}, fromDisk)));
