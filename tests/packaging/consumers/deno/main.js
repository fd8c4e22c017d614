// A Deno script in an npm project (package.json and node_modules), run with
// only the permissions the README names: no options, so the key and base
// URL come from MOONSHOT_API_KEY and MOONSHOT_BASE_URL.
import { Moonshot, AuthenticationError } from 'moonshot-files';
import { probe } from './probe.mjs';

console.log(JSON.stringify(await probe({ Moonshot, AuthenticationError })));
