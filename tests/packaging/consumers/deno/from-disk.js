// The same, uploading a file from disk too (so it may read): by node:fs's
// openAsBlob, the one way to a Blob of a file Deno has (Deno 2.9 reads the
// file into memory for it: Deno has no Blob backed by a file).
import { openAsBlob } from 'node:fs';
import { Moonshot, AuthenticationError } from 'moonshot-files';
import { probe, UPLOAD_NAME } from './probe.mjs';

const fromDisk = [{ how: 'openAsBlob', file: await openAsBlob(UPLOAD_NAME) }];
console.log(JSON.stringify(await probe({ Moonshot, AuthenticationError }, {}, fromDisk)));
