// scripts/demo.mjs (the dashboard behind its proxy, against the mock or an
// upstream) in a child process, for the dashboard's tests and its benchmark.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const DEMO = fileURLToPath(new URL('../../scripts/demo.mjs', import.meta.url));

/**
 * Starts scripts/demo.mjs on a free port and waits for its `Dashboard: <url>`
 * line (and, against the mock, its `Mock control:` line). `env` is added to a
 * copy of this environment without MOONSHOT_*. Resolves to `{ url, origin,
 * against, upstream, mockOrigin, output(), stop() }`: `url` is the printed one,
 * with the token (a page opened at it gets the cookie the API calls need),
 * `origin` the server's, for requests of a test's own.
 */
export async function startDemo(env = {}) {
  const childEnv = { ...process.env, PORT: '0', ...env };
  for (const name of ['MOONSHOT_API_KEY', 'MOONSHOT_BASE_URL', 'MOONSHOT_UPSTREAM', 'MOONSHOT_PROXY_KEY', 'MOONSHOT_API_VERSION']) {
    if (!(name in env)) delete childEnv[name];
  }
  const child = spawn(process.execPath, [DEMO], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo did not print its URL in 30 s:\n${output}`)), 30_000);
    const onData = (chunk) => {
      output += chunk;
      const url = /^Dashboard: ((http:\/\/127\.0\.0\.1:\d+)\/\?token=[\w-]+) \((.*)\)$/m.exec(output);
      const upstream = /proxied to (\S+?),/.exec(output);
      const control = /^ {2}Mock control: (http:\/\/\S+)\/__mock /m.exec(output);
      if (url && upstream && (control || !url[3].includes('the mock'))) {
        clearTimeout(timer);
        resolve({ url: url[1], origin: url[2], against: url[3], upstream: upstream[1], mockOrigin: control?.[1] });
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`demo exited (${code ?? signal}) before printing its URL:\n${output}`));
    });
  });
  try {
    const info = await ready;
    return { ...info, output: () => output, stop: () => stopChild(child, exited) };
  } catch (error) {
    await stopChild(child, exited);
    throw error;
  }
}

async function stopChild(child, exited) {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
  return exited;
}

/** POSTs to the mock's control API (`reset`, `faults`); throws unless it answers 200. */
export async function mockControl(mockOrigin, path, body) {
  const res = await fetch(`${mockOrigin}/__mock/${path}`, { method: 'POST', body: JSON.stringify(body ?? {}) });
  if (res.status !== 200) throw new Error(`POST /__mock/${path}: ${res.status} ${await res.text()}`);
  return res.json();
}
