// The request log, as openai-node names it: `logLevel` ('off', 'error',
// 'warn', 'info', 'debug') or MOONSHOT_LOG, and a `logger` (console by
// default). At info, one line an attempt (method, path, status or how it
// failed, milliseconds, attempt, request id, the retry) and one a rate-limit
// wait; at debug, the attempt's line with its headers (secrets hidden) and
// the bodies' sizes. Never the key, a file's bytes or its text, at any level.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { Moonshot, InvalidArgumentError } from '../../pkg/index.mjs';
import { startMockServer } from '../../mock/server.mjs';
import { closedPort, notPreflight, rejection } from '../support/helpers.mjs';

const KEY = 'sk-mock-key-log-5e1d7c2a9b';
const LEVELS = ['off', 'error', 'warn', 'info', 'debug'];

let mock;
before(async () => {
  mock = await startMockServer({ seed: 'sample', apiKey: KEY });
});
after(() => mock.close());
beforeEach(() => {
  mock.reset({ seed: 'sample', apiKey: KEY, processingMs: 0, maxConcurrency: null, maxRpm: null, deprecation: null });
  mock.clearRequests();
});

/** A logger that keeps every line as `[method, line]`. */
function recorder() {
  const lines = [];
  const logger = Object.fromEntries(['error', 'warn', 'info', 'debug'].map((method) => [method, (line) => lines.push([method, line])]));
  return { lines, logger };
}

const client = (options = {}) => new Moonshot({ apiKey: KEY, baseURL: mock.url, ...options });
const apiRequests = () => notPreflight(mock.requests());

/** Runs `body` with process.env[name] set to `value` (undefined: unset), then puts it back. */
function withEnv(name, value, body) {
  const saved = process.env[name];
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
  try {
    return body();
  } finally {
    if (saved === undefined) delete process.env[name];
    else process.env[name] = saved;
  }
}

describe('at info, one line an attempt', () => {
  it('names the method, the path, the status, the time, the attempt and the request id the service gave', async () => {
    const { lines, logger } = recorder();
    const files = client({ logLevel: 'info', logger }).files;
    await files.list();
    await files.retrieve('l7ke0wy9iyrehym86kob');
    const ids = apiRequests().map((entry) => entry.requestId);
    assert.equal(ids.length, 2);
    assert.equal(lines.length, 2, lines.join('\n'));
    assert.deepEqual(
      lines.map(([method, line]) => [method, line.replace(/ in \d+ ms,/, ' in N ms,')]),
      [
        ['info', `moonshot-files: GET /files 200 in N ms, attempt 1, request id ${ids[0]}`],
        ['info', `moonshot-files: GET /files/l7ke0wy9iyrehym86kob 200 in N ms, attempt 1, request id ${ids[1]}`],
      ],
    );
  });

  it('a retried attempt says the wait before the next, and the next is attempt 2', async () => {
    mock.inject({ method: 'GET', path: '/v1/files', status: 503 });
    const { lines, logger } = recorder();
    await client({ logLevel: 'info', logger }).files.list();
    const [first, second] = apiRequests();
    assert.equal(lines.length, 2, lines.join('\n'));
    assert.match(lines[0][1], new RegExp(`^moonshot-files: GET /files 503 in \\d+ ms, attempt 1, request id ${first.requestId}; retrying in \\d+ ms$`));
    assert.match(lines[1][1], new RegExp(`^moonshot-files: GET /files 200 in \\d+ ms, attempt 2, request id ${second.requestId}$`));
  });

  it('an attempt with no answer says how it failed, and the last one says no retry', async () => {
    const { lines, logger } = recorder();
    const port = await closedPort();
    const files = new Moonshot({ apiKey: KEY, baseURL: `http://127.0.0.1:${port}/v1`, logLevel: 'info', logger, maxRetries: 1 }).files;
    await rejection(files.list());
    assert.equal(lines.length, 2, lines.join('\n'));
    assert.match(lines[0][1], /^moonshot-files: GET \/files connection refused in \d+ ms, attempt 1; retrying in \d+ ms$/);
    assert.match(lines[1][1], /^moonshot-files: GET \/files connection refused in \d+ ms, attempt 2$/);
  });

  it('a wait for a rate limit is a line of its own, and onRateLimit is still told', async () => {
    const { lines, logger } = recorder();
    const events = [];
    const files = client({ logLevel: 'info', logger, maxConcurrency: 1, onRateLimit: (event) => events.push(event) }).files;
    await Promise.all([files.list(), files.list()]);
    const waits = lines.filter(([, line]) => line.includes('rate limit'));
    assert.deepEqual(waits, [['info', 'moonshot-files: GET /files waits its turn under the rate limit (concurrency 1)']]);
    assert.deepEqual(events.map(({ ended, ...told }) => told), [{ limit: 'concurrency', limitValue: 1 }]);
    assert.equal(await events[0].ended, 'done', 'the logged wait still ends for the hook');
    assert.equal(lines.length, 3, 'two attempts and the wait');

    lines.length = 0;
    mock.inject({ status: 429, json: { error: { message: 'Your account org<ak> request reached organization max RPM: 3, please try again after 1 seconds', type: 'rate_limit_reached_error' } } });
    await client({ logLevel: 'info', logger, maxRetries: 1 }).files.list();
    assert.match(lines[0][1], /^moonshot-files: GET \/files 429 in \d+ ms, attempt 1, request id [\w-]+; retrying in 1\d\d\d ms$/);
    assert.match(lines[1][1], /^moonshot-files: GET \/files waits 1\d\d\d ms for the rate limit \(rpm 3\)$/);
  });
});

describe('at debug, the attempt line goes to debug with the headers and the sizes', () => {
  it('what was sent and what came back, the authorization hidden, the sizes in bytes', async () => {
    const { lines, logger } = recorder();
    const files = client({ logLevel: 'debug', logger, defaultHeaders: { 'x-proxy-token': 'proxy-secret-31', 'x-team': 'blue' } }).files;
    const list = await files.list();
    const bytes = Buffer.byteLength(JSON.stringify(list));
    await files.create({ file: new Blob(['héllo']), filename: 'h.txt', purpose: 'file-extract' });
    assert.deepEqual(lines.map(([method]) => method), ['debug', 'debug']);
    const [listed, created] = lines.map(([, line]) => line);
    assert.match(listed, /^moonshot-files: GET \/files 200 in \d+ ms, attempt 1, request id [\w-]+; sent \{accept: application\/json \| authorization: \*\*\* \| x-proxy-token: \*\*\* \| x-team: blue\}, no body; answered \{.*\}, \d+ bytes$/);
    assert.match(listed, /answered \{.*content-type: application\/json.*\| msh-request-id: [\w-]+/);
    assert.equal(Number(/(\d+) bytes$/.exec(listed)[1]), Number(/content-length: (\d+)/.exec(listed)[1]), 'the body as it came, in bytes');
    assert.ok(bytes > 100, 'a real list');
    assert.match(created, /^moonshot-files: POST \/files 200 .*; sent \{.*content-type: multipart\/form-data; boundary=[^}]+\}, \d+ bytes; answered/);
    assert.doesNotMatch(listed + created, /proxy-secret-31|Bearer/);
  });

  it('a download streamed to the caller is said to be, and not read', async () => {
    const { lines, logger } = recorder();
    const answer = await client({ logLevel: 'debug', logger }).files.download('8i1oh10ng104zq227mbj');
    assert.match(lines[0][1], /^moonshot-files: GET \/files\/8i1oh10ng104zq227mbj\/content 200 .*; sent \{accept: \*\/\* \| authorization: \*\*\*\}, no body; answered \{.*\}, streamed to the caller$/);
    assert.ok((await answer.text()).length > 0, 'the body left whole for the caller');
  });
});

describe('the levels', () => {
  /** The lines a client at `level` writes for a list, a retried list and a retired version's answer. */
  async function linesAt(level) {
    mock.reset({ seed: 'sample', apiKey: KEY, deprecation: { sunset: '2027-03-01T00:00:00Z' } });
    mock.inject({ method: 'GET', path: '/v1/files', status: 500 });
    const { lines, logger } = recorder();
    await client({ logLevel: level, logger, apiVersion: '2026-09-01-beta' }).files.list();
    return lines;
  }

  it('each takes the lines of those before it; the default is warn, with the retired-version warning through the logger', async () => {
    const at = {};
    for (const level of LEVELS) at[level] = await linesAt(level);
    assert.deepEqual(at.off, []);
    assert.deepEqual(at.error, []);
    assert.deepEqual(at.warn.map(([method]) => method), ['warn']);
    assert.match(at.warn[0][1], /^moonshot-files: the service says the Files API version 2026-09-01-beta is deprecated and will refuse it after 2027-03-01T00:00:00Z/);
    assert.deepEqual(at.info.map(([method]) => method), ['warn', 'info', 'info'], 'the warning the first answer brought, the failed attempt, its retry');
    assert.deepEqual(at.debug.map(([method]) => method), ['warn', 'debug', 'debug']);
    assert.match(at.info[1][1], /^moonshot-files: GET \/files 500 /);
    const { lines, logger } = recorder();
    mock.inject({ method: 'GET', path: '/v1/files', status: 500 });
    await client({ logger, apiVersion: '2026-09-01-beta' }).files.list();
    assert.deepEqual(lines, at.warn, 'no logLevel: warn');
  });

  it('MOONSHOT_LOG sets the level on a server; the option wins; a name outside the five is refused, naming where it came from', async () => {
    const { lines, logger } = recorder();
    await withEnv('MOONSHOT_LOG', 'info', () => client({ logger })).files.list();
    assert.equal(lines.length, 1);
    await withEnv('MOONSHOT_LOG', 'info', () => client({ logger, logLevel: 'off' })).files.list();
    assert.equal(lines.length, 1, 'logLevel off over MOONSHOT_LOG=info');
    for (const name of ['verbose', 'INFO', 'trace']) {
      withEnv('MOONSHOT_LOG', name, () =>
        assert.throws(() => client(), (err) => {
          assert.ok(err instanceof InvalidArgumentError);
          assert.equal(err.message, `MOONSHOT_LOG must be one of off, error, warn, info, debug (got "${name}").`);
          return true;
        }),
      );
    }
    assert.throws(() => client({ logLevel: 'verbose' }), {
      name: 'InvalidArgumentError',
      message: 'In the client options, logLevel must be one of off, error, warn, info, debug (got "verbose").',
    });
    assert.throws(() => client({ logger: { info() {} } }), {
      name: 'InvalidArgumentError',
      message: 'In the client options, logger must be an object with error, warn, info and debug methods (console, pino, ...).',
    });
  });

  it('without a logger the lines go to the console, by the level\'s method', async () => {
    const seen = [];
    const saved = console.info;
    console.info = (...args) => seen.push(args);
    try {
      await client({ logLevel: 'info' }).files.list();
    } finally {
      console.info = saved;
    }
    assert.equal(seen.length, 1);
    assert.match(seen[0][0], /^moonshot-files: GET \/files 200 in \d+ ms, attempt 1, request id /);
  });

  it('a logger of a class keeps its `this`, and one that throws does not fail the call', async () => {
    class Collector {
      lines = [];
      error(line) { this.lines.push(line); }
      warn(line) { this.lines.push(line); }
      info(line) { this.lines.push(line); }
      debug(line) { this.lines.push(line); }
    }
    const collector = new Collector();
    await client({ logLevel: 'info', logger: collector }).files.list();
    assert.equal(collector.lines.length, 1);
    const throwing = { error() {}, warn() {}, debug() {}, info() { throw new Error('the logger broke'); } };
    const list = await client({ logLevel: 'info', logger: throwing }).files.list();
    assert.equal(list.object, 'list');
  });
});

describe('never the key, nor a file\'s bytes or its text', () => {
  it('at every level, in every line of every call, its failures and its rate limits', async () => {
    const CONTENT = 'the-file-content-7c1f0e';
    for (const level of LEVELS) {
      mock.reset({ seed: 'sample', apiKey: KEY, processingMs: 0, deprecation: { sunset: '2027-03-01T00:00:00Z' } });
      const { lines, logger } = recorder();
      // The key also under a header name that says nothing of it: hidden by its value.
      const files = client({ logLevel: level, logger, apiVersion: '2026-09-01-beta', defaultHeaders: { 'x-forwarded-key-copy': KEY }, maxRetries: 1 }).files;
      const uploaded = await files.create({ file: new Blob([CONTENT]), filename: 'c.txt', purpose: 'file-extract' });
      await files.retrieve(uploaded.id);
      assert.equal(await files.extractedText(uploaded.id), CONTENT, 'the mock gives the text back');
      await files.content(uploaded.id);
      await (await files.download(uploaded.id)).text();
      const { text } = await files.extract({ file: new Blob([CONTENT]), filename: 'd.txt' }, { pollInterval: 1 });
      assert.equal(text, CONTENT);
      await files.delete(uploaded.id);
      mock.inject({ status: 429, json: { error: { message: 'max concurrency: 1, please try again after 0.01 seconds', type: 'rate_limit_reached_error' } } });
      await files.list();
      const wrong = new Moonshot({ apiKey: KEY + '-wrong', baseURL: mock.url, logLevel: level, logger });
      await rejection(wrong.files.list());
      if (level === 'off' || level === 'error') assert.deepEqual(lines, [], level);
      else assert.ok(lines.length > 0, level);
      for (const [, line] of lines) {
        assert.ok(!line.includes(KEY), `${level}: the key in ${line}`);
        assert.ok(!line.includes(CONTENT), `${level}: the file's bytes or text in ${line}`);
      }
      if (level === 'debug') assert.ok(lines.some(([, line]) => line.includes('x-forwarded-key-copy: ***')), 'hidden by its value');
    }
  });
});
