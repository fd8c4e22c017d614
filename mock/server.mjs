#!/usr/bin/env node
// An in-memory mock of the Moonshot AI Files API, for the client's tests and the
// dashboard. Start it with startMockServer(), or from the shell (see README.md).
import { setMaxListeners } from 'node:events';
import http from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { existsSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { authState, handleApi } from './api.mjs';
import { DATED_VERSION, IdempotencyKeys, checkDeprecation } from './dated.mjs';
import { FaultQueue, faultResponse } from './faults.mjs';
import { RateLimiter, checkLimit } from './limiter.mjs';
import { FileStore } from './store.mjs';
import { ApiError, invalidRequest, json, writeResponse } from './wire.mjs';

const DEFAULTS = Object.freeze({
  apiKey: 'sk-mock-key',
  seed: 'sample',
  processingMs: 0,
  processingError: null,
  maxConcurrency: null,
  maxRpm: null,
  deprecation: null,
});
const SERVICE_OPTIONS = Object.keys(DEFAULTS);

// The log keeps the latest requests only, so a long-running mock does not grow.
const LOG_LIMIT = 10_000;
// A control request's JSON body (faults with big bodies, seeds of many files).
const CONTROL_BODY_LIMIT = 16 * 1024 * 1024;

/**
 * Start the mock. Options: `port` (0: any free port), `host`, and the service options
 * `apiKey`, `seed` ('sample', 'none', a file count, or an array of partial
 * FileObjects), `processingMs` (how long an upload stays 'processing'),
 * `processingError` (null, or the `status_details` of uploads that end in 'error'),
 * the rate limits `maxConcurrency` and `maxRpm` (null: none), and `deprecation`
 * (null, or `{ sunset }` an RFC 3339 date-time: every dated answer then carries
 * `Deprecation: true` and `Sunset`).
 */
export async function startMockServer(options = {}) {
  const { port = 0, host = '127.0.0.1', ...service } = options;
  const ctx = createContext(serviceOptions(service));
  const server = http.createServer((req, res) => answer(ctx, req, res));
  await /** @type {Promise<void>} */ (
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, resolve);
    })
  );
  const actualPort = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
  return {
    url: `${origin}/v1`,
    origin,
    port: actualPort,
    store: ctx.store,
    /** Stop listening and cut every open connection. */
    close: () => closeServer(server, ctx),
    /** Back to the start options, each overridable: `{ seed, apiKey, processingMs, processingError, maxConcurrency, maxRpm, deprecation }`. Clears the faults, the kept Idempotency-Key answers and the minute's count. */
    reset: (overrides) => ctx.reset(overrides),
    /** Queue a fault, or an array of faults; returns how many are queued. */
    inject: (fault) => ctx.faults.push(fault),
    /** The log of requests received outside /__mock/, oldest first. */
    requests: () => ctx.log.list(),
    clearRequests: () => ctx.log.clear(),
  };
}

// Checks the service options and fills in their defaults (the seed is checked by the store).
function serviceOptions(options) {
  for (const key of Object.keys(options)) {
    if (!SERVICE_OPTIONS.includes(key)) throw new TypeError(`unknown mock option "${key}"`);
  }
  const resolved = { ...DEFAULTS, ...options };
  if (typeof resolved.apiKey !== 'string' || resolved.apiKey === '') {
    throw new TypeError('apiKey must be a non-empty string');
  }
  const { processingMs } = resolved;
  if (typeof processingMs !== 'number' || !Number.isFinite(processingMs) || processingMs < 0) {
    throw new TypeError('processingMs must be a non-negative number');
  }
  const { processingError } = resolved;
  if (processingError !== null && (typeof processingError !== 'string' || processingError === '')) {
    throw new TypeError('processingError must be null or a non-empty string');
  }
  resolved.maxConcurrency = checkLimit('maxConcurrency', resolved.maxConcurrency);
  resolved.maxRpm = checkLimit('maxRpm', resolved.maxRpm);
  resolved.deprecation = checkDeprecation(resolved.deprecation);
  return resolved;
}

function createContext(initial) {
  // Every delayed or dripping fault listens to it, and there may be many.
  const closing = new AbortController();
  setMaxListeners(0, closing.signal);
  const ctx = {
    apiKey: initial.apiKey,
    store: new FileStore(initial),
    faults: new FaultQueue(),
    log: new RequestLog(),
    limiter: new RateLimiter(initial),
    deprecation: initial.deprecation,
    // The dated uploads' kept answers, by Idempotency-Key.
    idempotency: new IdempotencyKeys(),
    // API requests (not control requests nor preflights) not yet answered.
    inFlight: 0,
    // Aborted on close, to cut short delays and drips.
    closing,
    reset(overrides = {}) {
      const options = serviceOptions({ ...initial, ...overrides });
      ctx.store.reset(options);
      ctx.apiKey = options.apiKey;
      ctx.faults.clear();
      ctx.limiter = new RateLimiter(options);
      ctx.deprecation = options.deprecation;
      ctx.idempotency.clear();
    },
  };
  return ctx;
}

async function closeServer(server, ctx) {
  ctx.closing.abort();
  const closed = /** @type {Promise<void>} */ (new Promise((resolve) => server.close(() => resolve())));
  server.closeAllConnections();
  await closed;
}

async function answer(ctx, req, res) {
  // The service's own id of an answer (a UUID), and the shape asked for: a request
  // naming a version is answered in the dated shapes (an unknown one with their 400).
  const version = req.headers['kimi-api-version'];
  const call = { requestId: randomUUID(), dated: version !== undefined, version };
  try {
    await route(ctx, req, res, call);
  } catch (error) {
    // Once the server is closing or the answer has begun, a clean error body is no longer possible.
    if (ctx.closing.signal.aborted || res.headersSent) {
      res.destroy();
      return;
    }
    await writeResponse(res, new ApiError(500, 'server_error', `mock failure: ${error.message}`).toResponse(call));
  }
}

async function route(ctx, req, res, call) {
  // The service's trace id: 32 hex digits.
  const { requestId } = call;
  const traceId = randomBytes(16).toString('hex');
  const { path, search } = splitRawUrl(req.url);
  res.setHeader('Msh-Request-Id', requestId);
  res.setHeader('X-Msh-Trace-Id', traceId);
  for (const [name, value] of Object.entries(corsHeaders(req, call))) res.setHeader(name, value);
  // A retired version says so on every answer it gets, errors and faults included.
  if (ctx.deprecation && call.version === DATED_VERSION) {
    res.setHeader('Deprecation', 'true');
    res.setHeader('Sunset', ctx.deprecation.sunset);
  }

  if (path.startsWith('/__mock/')) {
    const response = req.method === 'OPTIONS' ? { status: 204 } : await asResponse(() => control(ctx, req, path));
    return writeResponse(res, response);
  }

  const entry = ctx.log.add(logEntry(req, ctx.apiKey, requestId, traceId, path, search));
  res.once('finish', () => {
    entry.status = res.statusCode;
  });
  // A preflight carries no credentials; faults are for the requests that follow it.
  if (req.method === 'OPTIONS') return writeResponse(res, { status: 204 });

  // In flight from its arrival until its answer is sent or its connection is gone.
  ctx.inFlight += 1;
  entry.inFlight = ctx.inFlight;
  res.once('close', () => {
    ctx.inFlight -= 1;
  });
  // The account's limits: a request without its key is the 401's, not counted.
  if (entry.headers.authorization === 'valid') {
    const refusal = ctx.limiter.admit(performance.now(), ctx.inFlight);
    if (refusal) {
      // The dated API says the wait in Retry-After (integer seconds) too; the message has it.
      // Every refusal of the limiter names its wait ("… after N seconds").
      /** @type {Record<string, string>} */
      const headers = call.dated ? { 'retry-after': /** @type {RegExpExecArray} */ (/after (\d+) seconds/.exec(refusal))[1] } : {};
      return writeResponse(res, new ApiError(429, 'rate_limit_reached_error', refusal, headers).toResponse(call));
    }
  }

  const fault = ctx.faults.take(req.method, path);
  if (!fault) return writeResponse(res, await asResponse(() => handleApi(ctx, req, path, entry, call), call));
  entry.fault = true;
  return answerWithFault(ctx, req, res, path, entry, fault, call);
}

async function answerWithFault(ctx, req, res, path, entry, fault, call) {
  const { signal } = ctx.closing;
  // Held until the fault's last request has come (a closing server cuts them all).
  if (fault.allTaken) await fault.allTaken;
  if (fault.delayMs > 0) await sleep(fault.delayMs, undefined, { signal });
  // The request never reached the service: nothing is handled.
  if (fault.action === 'drop-before-headers') {
    res.destroy();
    return;
  }
  let response = faultResponse(fault, call);
  if (!response) {
    const real = await asResponse(() => handleApi(ctx, req, path, entry, call), call);
    // The service did its work (an upload is stored, its answer kept), but no answer comes back.
    if (fault.action === 'drop-after-handling') {
      res.destroy();
      return;
    }
    response = { ...real, headers: { ...real.headers, ...fault.headers } };
  }
  await writeResponse(res, response, fault, signal);
}

// The raw path and query, exactly as the client sent them (still percent-encoded).
function splitRawUrl(url) {
  const index = url.indexOf('?');
  return index < 0 ? { path: url, search: '' } : { path: url.slice(0, index), search: url.slice(index) };
}

// CORS for a page on another origin: any origin, the API's methods, and the
// Authorization, Content-Type, x-* and dated (version, idempotency) headers a
// preflight asks for. A dated answer also exposes its retirement headers.
const DATED_REQUEST_HEADERS = ['kimi-api-version', 'idempotency-key'];

function corsHeaders(req, call) {
  const requested = (req.headers['access-control-request-headers'] ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name.startsWith('x-') || DATED_REQUEST_HEADERS.includes(name));
  const exposed = ['msh-request-id', 'x-msh-trace-id', 'retry-after', 'retry-after-ms'];
  if (call.dated) exposed.push('deprecation', 'sunset');
  return {
    'access-control-allow-origin': '*',
    'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
    'access-control-allow-headers': ['Authorization', 'Content-Type', ...new Set(requested)].join(', '),
    'access-control-expose-headers': exposed.join(', '),
    'access-control-max-age': '600',
    vary: 'Access-Control-Request-Headers',
  };
}

/** @returns {Promise<import('./wire.mjs').WireResponse>} */
async function asResponse(handler, call) {
  try {
    return await handler();
  } catch (error) {
    if (error instanceof ApiError) return error.toResponse(call);
    throw error;
  }
}

// ---- the request log ----

// What a test may check about a request. The Authorization value is never kept,
// only whether it was missing, valid or invalid.
function logEntry(req, apiKey, requestId, traceId, path, search) {
  const headers = {
    authorization: authState(req, apiKey),
    'content-type': req.headers['content-type'] ?? null,
    'content-length': req.headers['content-length'] ?? null,
  };
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith('x-') || DATED_REQUEST_HEADERS.includes(name)) headers[name] = value;
  }
  return {
    requestId,
    traceId,
    receivedAt: Date.now(),
    method: req.method,
    path,
    search,
    headers,
    // Set for API requests (not preflights): how many were in flight when it came, itself included.
    inFlight: null,
    fault: false,
    status: null,
  };
}

class RequestLog {
  #entries = [];

  add(entry) {
    this.#entries.push(entry);
    if (this.#entries.length > LOG_LIMIT) this.#entries.shift();
    return entry;
  }

  list() {
    return structuredClone(this.#entries);
  }

  clear() {
    this.#entries = [];
  }
}

// ---- the control API, for tests: /__mock/* ----

const CONTROL = {
  '/__mock/reset': { POST: resetControl },
  '/__mock/faults': { POST: faultsControl },
  '/__mock/requests': { GET: (ctx) => json(200, ctx.log.list()), DELETE: clearRequestsControl },
};

async function control(ctx, req, path) {
  const methods = CONTROL[path];
  if (!methods) throw new ApiError(404, 'resource_not_found_error', `no route for ${req.method} ${path}`);
  const handler = methods[req.method];
  if (!handler) {
    throw new ApiError(405, 'invalid_request_error', `method ${req.method} is not allowed on ${path}`, {
      allow: Object.keys(methods).join(', '),
    });
  }
  return handler(ctx, req);
}

async function resetControl(ctx, req) {
  const overrides = (await readJson(req)) ?? {};
  if (overrides === null || typeof overrides !== 'object' || Array.isArray(overrides)) {
    throw invalidRequest(
      'the reset body must be a JSON object: { seed, apiKey, processingMs, processingError, maxConcurrency, maxRpm, deprecation }',
    );
  }
  asBadRequest(() => ctx.reset(overrides));
  return json(200, { ok: true, files: ctx.store.size });
}

async function faultsControl(ctx, req) {
  const faults = await readJson(req);
  const queued = asBadRequest(() => ctx.faults.push(faults));
  return json(200, { ok: true, queued });
}

function clearRequestsControl(ctx) {
  ctx.log.clear();
  return json(200, { ok: true });
}

// Option and fault checks throw TypeError; over HTTP that is the caller's mistake.
function asBadRequest(action) {
  try {
    return action();
  } catch (error) {
    if (error instanceof TypeError) throw invalidRequest(error.message);
    throw error;
  }
}

// The JSON body, or undefined when there is none.
async function readJson(req) {
  let text = '';
  for await (const chunk of req) {
    text += chunk;
    if (text.length > CONTROL_BODY_LIMIT) throw invalidRequest('control request body too large');
  }
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalidRequest(`invalid JSON body: ${error.message}`);
  }
}

// ---- command line ----

const USAGE = `usage: node mock/server.mjs [--port N] [--host H] [--api-key K] [--seed sample|none|N] [--processing-ms N] [--processing-error TEXT] [--max-concurrency N] [--max-rpm N] [--deprecation-sunset DATE]`;

async function main(args) {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      'api-key': { type: 'string', default: DEFAULTS.apiKey },
      seed: { type: 'string', default: DEFAULTS.seed },
      'processing-ms': { type: 'string', default: '0' },
      'processing-error': { type: 'string' },
      'max-concurrency': { type: 'string' },
      'max-rpm': { type: 'string' },
      'deprecation-sunset': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const server = await startMockServer({
    port: integerFlag('--port', values.port),
    host: values.host,
    apiKey: values['api-key'],
    seed: /^\d+$/.test(values.seed) ? Number(values.seed) : values.seed,
    processingMs: integerFlag('--processing-ms', values['processing-ms']),
    processingError: values['processing-error'] ?? null,
    maxConcurrency: limitFlag('--max-concurrency', values['max-concurrency']),
    maxRpm: limitFlag('--max-rpm', values['max-rpm']),
    deprecation: values['deprecation-sunset'] === undefined ? null : { sunset: values['deprecation-sunset'] },
  });
  console.log(`moonshot mock: ${server.url} (api key: ${values['api-key']})`);
  const stop = () => server.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function integerFlag(name, value) {
  if (!/^\d+$/.test(value)) throw new TypeError(`${name} must be a non-negative integer, not "${value}"`);
  return Number(value);
}

// A limit's flag: absent is no limit.
function limitFlag(name, value) {
  if (value === undefined) return null;
  if (!/^[1-9]\d*$/.test(value)) throw new TypeError(`${name} must be a positive integer, not "${value}"`);
  return Number(value);
}

// Started as `node mock/server.mjs`, maybe through a symlink: Node runs the
// file the link points to, so the two are compared as real paths.
const isMain = (script) => script !== undefined && existsSync(script) && realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));

if (isMain(process.argv[1])) {
  main(process.argv.slice(2)).catch((error) => {
    // parseArgs and the option checks throw TypeError: a usage mistake.
    console.error(`moonshot mock: ${error.message}${error instanceof TypeError ? `\n${USAGE}` : ''}`);
    process.exitCode = 2;
  });
}
