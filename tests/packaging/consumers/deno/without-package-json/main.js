// A Deno script with no package.json: the package by its npm: specifier,
// fetched and cached by Deno itself. The test runs it from a folder of its
// own, with the registry pointed at the tarball under test.
import { Moonshot, AuthenticationError } from 'npm:moonshot-files';
import { probe } from './probe.mjs';

console.log(JSON.stringify(await probe({ Moonshot, AuthenticationError })));
