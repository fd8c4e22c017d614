#!/usr/bin/env node
// `make smoke`: a user's own end-to-end check of their account with the
// built package (pkg/index.mjs). It lists the files, uploads a small text
// file under a name of its own, waits for it, reads its text back, deletes
// it and lists again. One line a step, with its time and the ids of the
// service's answer (Msh-Request-Id, X-Msh-Trace-Id): the lines to send to
// Moonshot's support or to us when a step fails. Never prints the key.
//
//   MOONSHOT_API_KEY   required (missing: exit 2)
//   MOONSHOT_BASE_URL  default https://api.moonshot.cn/v1
//
// Exit status: 0 every step passed; 1 a step failed; 2 no key or no pkg/;
// 130 Ctrl-C. On every path it deletes what it uploaded (found by its id, or
// by its unique name when the upload's answer was lost) and nothing else.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DEFAULT_BASE_URL = 'https://api.moonshot.cn/v1';
const EXIT = Object.freeze({ ok: 0, failed: 1, usage: 2, interrupted: 130 });
// A small file is processed in seconds; past this the wait step fails.
const MAX_WAIT_MS = 120_000;
const POLL_MS = 1_000;

const apiKey = process.env.MOONSHOT_API_KEY?.trim();
const baseURL = process.env.MOONSHOT_BASE_URL?.trim() || DEFAULT_BASE_URL;

/** A line on stdout, the key hidden should any message quote it back. */
function say(line) {
  process.stdout.write(`${apiKey ? line.split(apiKey).join('[redacted]') : line}\n`);
}

function usage(message) {
  process.stderr.write(`smoke: ${message}\n`);
  process.exit(EXIT.usage);
}

if (!apiKey) usage('MOONSHOT_API_KEY is not set: run MOONSHOT_API_KEY=sk-... make smoke');
const entry = fileURLToPath(new URL('../pkg/index.mjs', import.meta.url));
if (!existsSync(entry)) usage('pkg/ is not built: run make build (make smoke builds it)');
const { Moonshot, NotFoundError } = await import(entry);

// The ids of each answer of the step under way, in order: the client hands
// this wrapper every request, and the answer's headers are read here.
let answers = [];
async function recordingFetch(url, init) {
  const response = await fetch(url, init);
  answers.push({ requestId: response.headers.get('msh-request-id'), traceId: response.headers.get('x-msh-trace-id') });
  return response;
}

let client;
try {
  client = new Moonshot({ apiKey, baseURL, fetch: recordingFetch });
} catch (err) {
  // A base URL the client refuses (not http(s), plain http to another host).
  usage(describe(err));
}

/** A step failed: its line is printed already. */
class StepFailed extends Error {}

/**
 * Runs one step and prints its line: name, ok or FAILED, time, the ids of
 * its last answer (those an error carries, if it failed), what it found.
 */
async function step(name, action) {
  answers = [];
  const started = performance.now();
  let outcome;
  let detail;
  let ids = {};
  try {
    detail = await action();
    outcome = 'ok';
  } catch (err) {
    outcome = signal.aborted ? 'STOPPED' : 'FAILED';
    detail = describe(err);
    ids = { requestId: err?.requestId, traceId: err?.traceId };
  }
  const ms = Math.round(performance.now() - started);
  const last = answers.at(-1) ?? {};
  const requestId = ids.requestId ?? last.requestId ?? '-';
  const traceId = ids.traceId ?? last.traceId ?? '-';
  const count = answers.length > 1 ? ` (${answers.length} answers)` : '';
  say(`${name.padEnd(8)} ${outcome.padEnd(7)} ${String(ms).padStart(6)} ms  request ${requestId}  trace ${traceId}  ${detail}${count}`);
  if (outcome !== 'ok') throw new StepFailed(name);
}

/** `Class status: message`, on one line. */
function describe(err) {
  if (!(err instanceof Error)) return `Error: ${String(err)}`;
  /** The package's errors carry their answer's status. @type {{ name: string, status?: unknown }} */
  const fields = err;
  const status = Number.isInteger(fields.status) ? ` ${fields.status}` : '';
  return `${err.name}${status}: ${String(err.message).replace(/\s*\n\s*/g, ' ')}`;
}

/** A check of what came back: throws with what was expected. */
function expect(ok, message) {
  if (!ok) throw new Error(message);
}

// A name no other file has, so the clean-up can find this upload even when
// its answer was lost, and can never take another file for it.
const token = randomBytes(8).toString('hex');
const filename = `moonshot-files-smoke-${token}.txt`;
const text = `moonshot-files smoke check ${token}\n`;

let uploadSent = false;
let uploadedId;
let deleted = false;

// Ctrl-C aborts the step under way (never the upload: its answer names what
// to delete), then the clean-up runs; a second one leaves at once.
const controller = new AbortController();
const { signal } = controller;
function interrupt() {
  if (signal.aborted) {
    process.stderr.write(`smoke: stopped; ${filename} may be left on the account\n`);
    process.exit(EXIT.interrupted);
  }
  controller.abort();
}
process.on('SIGINT', interrupt);
process.on('SIGTERM', interrupt);

async function run() {
  await step('list', async () => {
    const { data } = await client.files.list({ signal });
    return `${data.length} files`;
  });
  await step('upload', async () => {
    uploadSent = true;
    const file = await client.files.create({ file: new Blob([text]), filename, purpose: 'file-extract' });
    uploadedId = file.id;
    expect(file.filename === filename, `the service named it ${JSON.stringify(file.filename)}, not ${filename}`);
    expect(file.bytes === Buffer.byteLength(text), `the service counted ${file.bytes} bytes of ${Buffer.byteLength(text)}`);
    signal.throwIfAborted();
    return `${file.id} ${filename}`;
  });
  await step('wait', async () => {
    const file = await client.files.waitForProcessing(uploadedId, { pollInterval: POLL_MS, maxWait: MAX_WAIT_MS, signal });
    return `status ${file.status}`;
  });
  await step('content', async () => {
    const extracted = await client.files.extractedText(uploadedId, { signal });
    expect(extracted.includes(token), `the text did not come back: got ${JSON.stringify(extracted.slice(0, 200))}`);
    return `${extracted.length} characters, the text came back`;
  });
  await step('delete', async () => {
    const answer = await client.files.delete(uploadedId, { signal });
    expect(answer.deleted === true && answer.id === uploadedId, `the answer was ${JSON.stringify(answer)}`);
    deleted = true;
    return `${uploadedId} deleted`;
  });
  await step('list', async () => {
    const { data } = await client.files.list({ signal });
    expect(!data.some((file) => file.id === uploadedId), `${uploadedId} is still listed`);
    return `${data.length} files, ${uploadedId} gone`;
  });
}

// Deletes this run's upload: by its id, and any file of its unique name (an
// upload whose answer was lost, or a retried one the service kept twice).
async function cleanUp() {
  if (!uploadSent || deleted) return;
  await step('cleanup', async () => {
    const ids = new Set(uploadedId ? [uploadedId] : []);
    let listError;
    try {
      for (const file of (await client.files.list()).data) if (file.filename === filename) ids.add(file.id);
    } catch (err) {
      listError = err;
    }
    for (const id of ids) {
      try {
        await client.files.delete(id);
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
      }
    }
    if (listError && ids.size === 0) throw listError;
    deleted = true;
    return ids.size > 0 ? `deleted ${[...ids].join(', ')}` : 'nothing was stored';
  });
}

say(`smoke: checking ${baseURL} with MOONSHOT_API_KEY (a file named ${filename})`);
/** @type {number} */
let status = EXIT.ok;
try {
  await run();
  say('smoke: every step passed');
} catch (err) {
  status = signal.aborted ? EXIT.interrupted : EXIT.failed;
  // A step's failure is on its line; anything else is this script's own.
  if (!(err instanceof StepFailed)) process.stderr.write(`smoke: ${describe(err)}\n`);
}
try {
  await cleanUp();
} catch (err) {
  if (!(err instanceof StepFailed)) process.stderr.write(`smoke: ${describe(err)}\n`);
  say(`smoke: ${filename} could not be deleted: delete it with \`npx moonshot-files rm ID\``);
  status = EXIT.failed;
}
if (status === EXIT.interrupted) say('smoke: interrupted');
else if (status !== EXIT.ok) say('smoke: FAILED; send us the lines above (their request ids), never the key');
process.exit(status);
