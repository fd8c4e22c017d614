// Run by test/faults.test.mjs for the fault cases that may crash the process
// running the call (`isolate: true`): runs the call and prints one JSON line,
// its outcome (as fault-runner.mjs gives it); then, once a line comes on
// stdin, an ordinary list on the same client, and a second line with how
// that went. Each line also gives every uncaught exception or unhandled
// rejection seen meanwhile (which, without the handlers below, would have
// ended the process).
// Usage: node fault-child.mjs '<spec as JSON, with baseURL and key>'
// Without an argument (as when `node --test test/` runs every file) it does nothing.
import { once } from 'node:events';

import { recover, runCase } from './fault-runner.mjs';

const [json] = process.argv.slice(2);
if (json) await main(JSON.parse(json));

async function main(spec) {
  const uncaught = [];
  process.on('uncaughtException', (err) => uncaught.push(`uncaught ${err?.name}: ${err?.message}`));
  process.on('unhandledRejection', (err) => uncaught.push(`unhandled rejection ${err?.name}: ${err?.message}`));
  const sdk = await import('../../pkg/index.mjs');
  const client = new sdk.Moonshot({ apiKey: spec.key, baseURL: spec.baseURL });
  const outcome = await runCase(sdk, client, spec);
  process.stdout.write(`${JSON.stringify({ outcome, uncaught: uncaught.splice(0) })}\n`);
  await once(process.stdin, 'data');
  const recovery = await recover(client, spec.watchdogMs);
  process.stdout.write(`${JSON.stringify({ recovery, uncaught })}\n`);
  process.exit(0);
}
