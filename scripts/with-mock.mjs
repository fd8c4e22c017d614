// Runs a command with a fresh mock server beside it (its base URL in
// MOONSHOT_MOCK_URL), then stops the mock: `node scripts/with-mock.mjs wasm-pack test --node`.
import { spawn } from 'node:child_process';
import { startMockServer } from '../mock/server.mjs';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node scripts/with-mock.mjs COMMAND [ARGS...]');
  process.exit(2);
}
const mock = await startMockServer({ seed: 'sample' });
const child = spawn(command, args, {
  stdio: 'inherit',
  env: { ...process.env, MOONSHOT_MOCK_URL: mock.url },
});
const code = await new Promise((resolve) => {
  child.on('error', (err) => {
    console.error(`cannot run ${command}: ${err.message}`);
    resolve(127);
  });
  child.on('exit', (status, signal) => resolve(status ?? (signal ? 1 : 0)));
});
await mock.close();
process.exit(code);
