// `make test-wasm`: the Rust API's wasm tests (tests/wasm/main.rs) against a
// fresh mock, in Node (`node scripts/wasm-test.mjs node`) or in headless
// Chromium (`node scripts/wasm-test.mjs chrome`, with WASM_BINDGEN_USE_BROWSER=1
// and CHROMEDRIVER as the Makefile sets them).
//
// wasm-bindgen's test runner exits 0 when it skips: a suite it takes for
// Node's under `--chrome` (WASM_BINDGEN_USE_BROWSER unset or unread) prints
// "... so skipping" and nothing ran in the browser. So this passes only if
// wasm-pack passed, nothing was skipped, and tests/wasm/main.rs ran where
// asked (for Chromium, the runner said it drove Chrome) with tests passing.
import { spawn } from 'node:child_process';
import { startMockServer } from '../mock/server.mjs';

// The suite that must have run, and passed, where asked.
const SUITE = 'tests/wasm/main.rs';
const WHERE = {
  node: { args: ['--node'], place: 'Node' },
  chrome: { args: ['--headless', '--chrome'], ranThere: /^Running headless tests in Chrome on /m, place: 'headless Chromium' },
};

const where = WHERE[process.argv[2] ?? ''];
if (!where || process.argv.length !== 3) {
  console.error('usage: node scripts/wasm-test.mjs node|chrome');
  process.exit(2);
}

const mock = await startMockServer({ seed: 'sample' });
const command = ['wasm-pack', 'test', ...where.args];
// stderr (cargo's "Running ...") into the same pipe as stdout (the runner's
// lines), so each suite's lines stay in the order they were written.
const child = spawn('sh', ['-c', 'exec "$0" "$@" 2>&1', ...command], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, MOONSHOT_MOCK_URL: mock.url },
});
// Shown as it comes, and kept to be read once it ends.
let output = '';
child.stdout.setEncoding('utf8').on('data', (chunk) => {
  output += chunk;
  process.stdout.write(chunk);
});
const code = await new Promise((resolve) => {
  child.on('error', (err) => {
    console.error(`cannot run ${command[0]}: ${err.message}`);
    resolve(127);
  });
  child.on('close', (status, signal) => resolve(status ?? (signal ? 1 : 0)));
});
await mock.close();

// Cargo's "Running tests/wasm/main.rs (...)" starts the suite's output.
const suite = output.split(/^ +Running /m).find((part) => part.startsWith(`${SUITE} `)) ?? '';
const passed = Number(/^test result: ok\. (\d+) passed/m.exec(suite)?.[1] ?? 0);
const failures = [
  code !== 0 && `${command.join(' ')} exited with ${code}`,
  /skipping/i.test(output) && `the runner skipped: "${output.split('\n').find((line) => /skipping/i.test(line))?.trim()}"`,
  !suite && `cargo never ran ${SUITE}`,
  where.ranThere && !where.ranThere.test(suite) && `the runner never said it drove Chrome for ${SUITE} ("Running headless tests in Chrome on ...")`,
  passed === 0 && `no test of ${SUITE} passed (no "test result: ok. N passed" with N > 0)`,
].filter(Boolean);
if (failures.length > 0) {
  console.error(`\nthe wasm tests in ${where.place} did not run as they must:\n${failures.map((line) => `  - ${line}`).join('\n')}`);
  process.exit(code || 1);
}
console.error(`\n${SUITE} in ${where.place}: ${passed} passed`);
