// The escape hatch, for a runtime no entry fits: `moonshot-files/slim` has
// no wasm of its own, and is given the package's .wasm file
// (`moonshot-files/wasm`) once, before the first client.
import { readFile } from 'node:fs/promises';
import { init, Moonshot, AuthenticationError } from 'moonshot-files/slim';
import { probe } from './probe.mjs';

await init(await readFile(new URL(import.meta.resolve('moonshot-files/wasm'))));

console.log(JSON.stringify(await probe({ Moonshot, AuthenticationError })));
