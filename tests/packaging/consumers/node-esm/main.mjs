// A Node ESM user: `import`, and no options, so the client takes its key and
// base URL from MOONSHOT_API_KEY and MOONSHOT_BASE_URL. Prints what it saw.
import { createRequire } from 'node:module';
import { Moonshot, AuthenticationError } from 'moonshot-files';
import { probe } from './probe.mjs';

const seen = await probe({ Moonshot, AuthenticationError });

// import and require() must give the same classes, so errors caught in mixed
// ESM/CommonJS code still pass `instanceof`.
const required = createRequire(import.meta.url)('moonshot-files');
seen.sameClassesAsRequire = required.Moonshot === Moonshot && required.AuthenticationError === AuthenticationError;

console.log(JSON.stringify(seen));
