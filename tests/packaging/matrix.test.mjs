// The consumer matrix: the packed package installed into real projects,
// each built the way the README tells a user and proving real calls against
// the mock (list; upload a Blob, and a file from disk whose bytes must
// arrive whole; a 401 caught as AuthenticationError by instanceof); the
// examples/, run the same way; and the READMEs' examples, run and
// type-checked as written in those projects. Browser consumers run in
// headless Chromium. consumers/README.md lists them; harness/ holds the
// machinery, suites/ the tests.
//
// Run: node --test tests/packaging/matrix.test.mjs   (needs a built pkg/;
// PACKAGE_TARBALL=x.tgz tries another tarball)
import { after, before } from 'node:test';
import path from 'node:path';
import { planInstalls, ROOT } from './harness/apps.mjs';
import { closeChromium } from './harness/browser.mjs';
import { timingReport, writeTimings } from './harness/timings.mjs';

// The suites register their tests in this order; installs go ahead in the same order.
import './suites/runtimes.mjs';
import './suites/bundlers.mjs';
import './suites/servers.mjs';
import './suites/examples.mjs';
import './suites/readme-where.mjs';
import './suites/readme-run.mjs';
import './suites/readme-types.mjs';

const APPS = [
  ...['node-esm', 'node-cjs', 'typescript', 'deno', 'bun', 'slim'],
  ...['esbuild', 'vite', 'webpack', 'rollup', 'no-bundler'],
  ...['nextjs', 'cloudflare-workers'],
].map((name) => ['consumers', name]);
const EXAMPLES = ['node', 'nextjs', 'cloudflare-worker', 'browser-proxy'].map((name) => ['examples', name]);

before(() => planInstalls([...APPS, ...EXAMPLES]));

after(async () => {
  await closeChromium();
  writeTimings(path.join(ROOT, 'test-results/packaging-matrix-times.json'));
  console.log(timingReport());
});
