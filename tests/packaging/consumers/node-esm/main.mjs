// A Node ESM user: `import`, and `new Moonshot()` with no options, so the
// client takes its key and base URL from MOONSHOT_API_KEY and
// MOONSHOT_BASE_URL; it uploads a file from disk by fs.openAsBlob (a Blob
// backed by the file). Prints what it saw.
import { openAsBlob } from 'node:fs';
import { createRequire } from 'node:module';
import { Moonshot, AuthenticationError } from 'moonshot-files';
import { probe, UPLOAD_NAME } from './probe.mjs';

const fromDisk = [{ how: 'openAsBlob', file: await openAsBlob(UPLOAD_NAME) }];
const seen = await probe({ Moonshot, AuthenticationError, client: new Moonshot() }, {}, fromDisk);

// import and require() must give the same classes, so errors caught in mixed
// ESM/CommonJS code still pass `instanceof`.
const required = createRequire(import.meta.url)('moonshot-files');
seen.sameClassesAsRequire = required.Moonshot === Moonshot && required.AuthenticationError === AuthenticationError;

console.log(JSON.stringify(seen));
