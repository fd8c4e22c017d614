// A Lambda-style function: one module exporting a handler, bundled by
// esbuild for Node (CommonJS, everything inlined) and required by the runtime.
import { Moonshot, AuthenticationError } from 'moonshot-files';
import { probe } from './probe.mjs';

export async function handler() {
  return probe({ Moonshot, AuthenticationError }); // the key and base URL come from the environment
}
