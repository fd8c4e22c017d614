// The steps every consumer's tests share: its app and mock, its npm
// scripts, and the probe read back from a script, a page or a worker.
import { after, before, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { app, appLabel, removeDir } from './apps.mjs';
import { readProbe, serveStatic } from './browser.mjs';
import { API_KEY, assertProbe, startMock, unexpectedProblems } from './expect.mjs';
import { run, runForJson } from './processes.mjs';
import { timed } from './timings.mjs';
import { writeUpload } from './upload-fixture.mjs';

/** A server-side app's environment: the mock's key and base URL. */
export const mockEnv = (mock) => ({ MOONSHOT_API_KEY: API_KEY, MOONSHOT_BASE_URL: mock.url });

// How many describes registered for each app and have not finished: the
// app is installed once and removed after the last of them.
const users = new Map();

/**
 * In a describe: the app (consumers/<name> or examples/<name>) installed and
 * a fresh mock, both cleaned up after. Gives { name, dir, mock } once ready.
 * Several describes may share an app (one install).
 */
export function consumer(name, kind = 'consumers') {
  const state = { name: appLabel(kind, name) };
  const key = `${kind}/${name}`;
  users.set(key, (users.get(key) ?? 0) + 1);
  let failed;
  before(async () => {
    const installed = app(kind, name).then(
      (dir) => dir,
      (err) => {
        failed = err;
      },
    );
    [state.dir, state.mock] = await Promise.all([installed, startMock()]);
  });
  // A failed install fails each test with its words (a failed `before`
  // would only count them as cancelled).
  beforeEach(() => {
    if (failed) throw failed;
  });
  after(async () => {
    await state.mock?.close();
    users.set(key, users.get(key) - 1);
    if (users.get(key) === 0) removeDir(state.dir);
  });
  return state;
}

/**
 * `fn` run once, by the first caller; later callers get the same promise.
 * settled() gives its value, or undefined if it failed or never ran.
 */
export function once(fn) {
  let promise;
  const call = () => (promise ??= fn());
  call.settled = () => promise?.catch(() => undefined);
  return call;
}

/** `npm run <script>` in the app, timed as its build. */
export const build = (state, script) =>
  timed(state.name, 'build', () => run('npm', ['run', '--silent', script], { cwd: state.dir }));

/**
 * `npm run <script>` with the mock in its environment and the file to upload
 * beside it; checks the probe it printed, `fromDisk` the ways it uploads
 * that file (assertProbe).
 */
export async function probeScript(state, { script = 'start', fromDisk = [] } = {}) {
  state.mock.fresh();
  writeUpload(state.dir);
  const seen = await timed(state.name, 'run', () =>
    runForJson('npm', ['run', '--silent', script], { cwd: state.dir, env: mockEnv(state.mock) }),
  );
  assertProbe(seen, state.mock, fromDisk);
  return seen;
}

/**
 * Has Chromium open `page` of a browser consumer served at `origin`, pick
 * the file to upload, and checks the probe it ran. `where`: 'page' or
 * 'worker' (probePage in probe.mjs).
 */
export async function probeInChromium(state, origin, page, where = 'page') {
  state.mock.fresh();
  const upload = writeUpload(state.dir);
  const query = new URLSearchParams({ base: state.mock.url, key: API_KEY, in: where });
  const { seen, problems } = await timed(state.name, 'run', () => readProbe(`${origin}/${page}?${query}`, { upload }));
  assertProbe(seen, state.mock, ['input']);
  assert.deepEqual(unexpectedProblems(problems), []);
}

/** Serves `root` as a plain web server would; probes each [page, where]. */
export async function probeServed(state, root, pages) {
  const server = await serveStatic(root);
  try {
    for (const [page, where] of pages) await probeInChromium(state, server.url, page, where);
  } finally {
    await server.close();
  }
}
