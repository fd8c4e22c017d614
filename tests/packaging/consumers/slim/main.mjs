// The escape hatch, for a runtime no entry fits: `moonshot-files/slim` has
// no wasm of its own, and is given the package's .wasm file
// (`moonshot-files/wasm`) once, before the first client. It uploads a file
// from disk by fs.openAsBlob.
import { openAsBlob } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { init, Moonshot, AuthenticationError } from 'moonshot-files/slim';
import { probe, UPLOAD_NAME } from './probe.mjs';

await init(await readFile(new URL(import.meta.resolve('moonshot-files/wasm'))));

const fromDisk = [{ how: 'openAsBlob', file: await openAsBlob(UPLOAD_NAME) }];
console.log(JSON.stringify(await probe({ Moonshot, AuthenticationError }, {}, fromDisk)));
