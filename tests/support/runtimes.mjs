// Runs the same test scenario with the built package in Node (pkg/index.mjs)
// and in headless Chromium (pkg/index.js, from another origin than the
// mock's), so each behaviour is proven in both. A scenario is a function
// `(sdk, { baseURL, apiKey }, arg) => result` that uses nothing but its
// arguments and globals (in Chromium it runs from its source) and returns
// plain data; `describeError` turns what a call rejected with into such data.
import * as sdk from '../../pkg/index.mjs';
import { launchChromium } from './chromium.mjs';
import { serveFolder } from './static-server.mjs';

/** What an error is, as plain data: class, fields, and its class chain. */
export function describeError(sdk, err) {
  const chain = [];
  for (let p = Object.getPrototypeOf(err); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) chain.push(p.constructor.name);
  return {
    name: err?.name,
    chain,
    moonshot: err instanceof sdk.MoonshotError,
    message: String(err?.message),
    status: err?.status,
    attempts: err?.attempts,
    fileId: err?.fileId,
    cause: err?.cause ? describeError(sdk, err.cause) : undefined,
    deleted: err?.deleted,
    failed: err?.failed?.map(({ id, error }) => ({ id, name: error?.name, status: error?.status })),
  };
}

const PAGE = `<!doctype html><meta charset="utf-8"><title>moonshot-files scenarios</title>
<script type="module">
  import * as sdk from '/index.js';
  ${describeError}
  window.scenario = (source, context, arg) => {
    const run = new Function('return (' + source + ')')();
    const wrapped = { ...context, describeError: (err) => describeError(sdk, err) };
    return run(sdk, wrapped, arg);
  };
  document.title = 'ready';
</script>`;

/** Node: the scenario in this process. */
export function nodeRuntime() {
  return {
    name: 'Node',
    async start() {},
    async stop() {},
    run: (scenario, context, arg) => scenario(sdk, { ...context, describeError: (err) => describeError(sdk, err) }, arg),
  };
}

/** Chromium: the scenario in a page that loaded the package as a module. */
export function chromiumRuntime() {
  let site;
  let browser;
  let page;
  const pageErrors = [];
  return {
    name: 'Chromium',
    async start() {
      site = await serveFolder(new URL('../../pkg/', import.meta.url).pathname, { '/': PAGE });
      browser = await launchChromium();
      page = await browser.newPage();
      page.on('pageerror', (err) => pageErrors.push(String(err)));
      await page.goto(`${site.origin}/`);
      await page.waitForFunction(() => document.title === 'ready');
    },
    async stop() {
      await browser?.close();
      await site?.close();
    },
    /** Errors thrown in the page outside any scenario's promise. */
    pageErrors: () => [...pageErrors],
    run: (scenario, context, arg) =>
      page.evaluate(([source, context, arg]) => window.scenario(source, context, arg), [String(scenario), context, arg]),
  };
}

export const RUNTIMES = [nodeRuntime, chromiumRuntime];
