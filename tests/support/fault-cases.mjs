// The fault cases (a server that fails, lies or stalls), as ONE table run by tests/js/faults.test.mjs
// in Node and in headless Chromium. Each case:
//
//   {
//     name,
//     faults: [...] | (ctx) => [...],  // queued on the mock (mock/README.md); a function
//                                      // is called just before the case (it may note
//                                      // values in ctx for `expect`)
//     server: 'mock' | 'scripted' | 'refused',  // where the client points (default 'mock')
//     script: [...],                   // for 'scripted': steps of tests/support/fault-servers.mjs
//     call: 'list' | 'retrieve' | 'delete' | 'content' | 'extractedText',
//     id,                              // for the calls that take one (default 'file-fault')
//     options: { timeout, maxRetries },// per-call options, over DEFAULT_OPTIONS
//     abortInPause: true,              // the call is aborted as soon as the client sets up a
//                                      // pause: its timer must never fire (the call does not
//                                      // sit it out)
//     expect: {
//       class: 'TimeoutError', attempts, path, status, message: RegExp,
//     } | {
//       ok: true, check: (value) => void,
//     },
//     // either form may also say:
//     //   requests: n | [min, max]  requests the server received (preflights aside)
//     //   pauses: [[min, max], ...] the waits the client asked for before its retries,
//     //                             in order (tests/support/pauses.mjs); each must be
//     //                             over before the call settles, and with an exact
//     //                             `requests` each retry comes no earlier than its
//     //                             pause. Required when the call may retry; [] otherwise.
//     //                             `{ oneOf: [[...], [...]] }`: one of these lists.
//     //   minMs: n                  the call took at least n ms besides its pauses
//     //                             (its attempts' timeouts)
//     //   retryAt: (ctx) => ms      the pause asked for was the time left until this
//     //                             Unix time, and the retry came no earlier
//     //   otherRequests: 0          requests that reached the redirect's other origin
//     //   maxSentMiB: n             bytes the scripted server sent before the client left
//     //   peakRssMiB: n             (Node) process RSS growth during the call
//     //   node: {...}, browser: {...}  overrides for one environment
//     isolate: true,                   // the call may crash its process: Node runs it in a
//                                      // child process, Chromium watches for page errors
//   }
//
// No expectation is a ceiling on time, which a busy machine would break: a
// call's speed shows in the order of events, its attempts, its lower bounds
// and the pauses it asked for. A call that never settles is caught by the
// runner's hang detector.
//
// The "next ordinary files.list() on the same client" is the runner's, after
// every case.
import assert from 'node:assert/strict';

const MIB = 1024 * 1024;

/**
 * Every case's call options unless it says otherwise: no retries, and a
 * timeout that only a hung attempt reaches (the cases about timeouts set
 * their own).
 */
export const DEFAULT_OPTIONS = { timeout: 15_000, maxRetries: 0 };

/** The first retry's backoff: 500 ms, shortened by up to a quarter at random. */
const BACKOFF = [375, 500];
/** A pause of no time at all (`Retry-After: 0`, a date in the past). */
const NO_WAIT = [0, 0];
/**
 * How long the mock holds an answer that must never come in time: far past
 * any timeout it tests. Those timeouts are a second, so that the request
 * surely reaches the server first.
 */
const HELD_MS = 10_000;

/** The files the fault bodies are built from: valid, one with status_details. */
export const FILES = Object.freeze([
  { id: 'file-fault-0', object: 'file', bytes: 1000, created_at: 1780000000, filename: 'first.pdf', purpose: 'file-extract', status: 'ready' },
  {
    id: 'file-fault-1',
    object: 'file',
    bytes: 2048,
    created_at: 1780000100,
    filename: 'second.txt',
    purpose: 'batch',
    status: 'error',
    status_details: 'the file is not valid JSONL',
  },
  { id: 'file-fault-2', object: 'file', bytes: 0, created_at: 1780000200, filename: 'third.png', purpose: 'image', status: 'processing' },
]);

const LIST = '/v1/files';
const ONE = '/v1/files/*';
const list = (data, extra = {}) => ({ object: 'list', data, ...extra });
/** A 200 whose body is `json` (any value, even a broken one) on `path`. */
const answer = (json, path = LIST) => [{ path, status: 200, json }];
/** A 200 whose body is this text, as application/json unless said otherwise. */
const text = (body, path = LIST, type = 'application/json') => [{ path, status: 200, body, headers: { 'content-type': type } }];
const html = (title) => `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;

const without = (object, field) => Object.fromEntries(Object.entries(object).filter(([name]) => name !== field));
const kindOf = (value) => (value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`);

// ---- wrong types, nulls and missing fields in every field of FileObject ----

const STRING_FIELDS = ['id', 'object', 'filename', 'purpose', 'status'];
const INTEGER_FIELDS = ['bytes', 'created_at'];
const REQUIRED = [...STRING_FIELDS.slice(0, 2), ...INTEGER_FIELDS, ...STRING_FIELDS.slice(2)];

/** [field, bad value, what the client must say] for every field, every wrong JSON kind. */
function badValues() {
  const cases = [];
  for (const field of STRING_FIELDS) {
    for (const value of [42, true, { a: 1 }, ['a'], null]) cases.push([field, value, `expected a string, got ${kindOf(value)}`]);
  }
  for (const field of INTEGER_FIELDS) {
    for (const value of ['12', 1.5, true, { n: 1 }, [1], null]) {
      cases.push([field, value, `expected an integer, got ${kindOf(value)}`]);
    }
    cases.push([field, 2 ** 53, 'expected an integer, got one beyond 2^53 (unsafe in JS)']);
  }
  for (const value of [42, true, { a: 1 }, ['a']]) {
    cases.push(['status_details', value, `expected a string or null, got ${kindOf(value)}`]);
  }
  return cases;
}


function schemaCases() {
  const cases = [];
  // In a list: the second file is the broken one, so the index is checked too.
  for (const [field, value, message] of badValues()) {
    cases.push({
      name: `list: data[1].${field} = ${JSON.stringify(value)} is refused`,
      faults: answer(list([FILES[0], { ...FILES[1], [field]: value }, FILES[2]])),
      call: 'list',
      expect: { class: 'InvalidResponseError', attempts: 1, requests: 1, status: 200, path: `data[1].${field}`, message: new RegExp(escape(message)) },
    });
  }
  for (const field of REQUIRED) {
    cases.push({
      name: `list: data[1] without ${field} is refused`,
      faults: answer(list([FILES[0], without(FILES[1], field), FILES[2]])),
      call: 'list',
      expect: { class: 'InvalidResponseError', attempts: 1, path: 'data[1]', message: new RegExp(`missing field \`${field}\``) },
    });
  }
  // One file alone (retrieve): the path starts at the root. One wrong kind,
  // null, and absence per field.
  for (const field of REQUIRED) {
    const wrong = STRING_FIELDS.includes(field) ? 7 : 'seven';
    for (const value of [wrong, null]) {
      cases.push({
        name: `retrieve: ${field} = ${JSON.stringify(value)} is refused`,
        faults: answer({ ...FILES[0], [field]: value }, ONE),
        call: 'retrieve',
        expect: { class: 'InvalidResponseError', attempts: 1, requests: 1, path: field, message: /expected (a string|an integer), got/ },
      });
    }
    cases.push({
      name: `retrieve: no ${field} is refused`,
      faults: answer(without(FILES[0], field), ONE),
      call: 'retrieve',
      expect: { class: 'InvalidResponseError', attempts: 1, path: '', message: new RegExp(`missing field \`${field}\``) },
    });
  }
  cases.push({
    name: 'retrieve: status_details = 5 is refused',
    faults: answer({ ...FILES[0], status_details: 5 }, ONE),
    call: 'retrieve',
    expect: { class: 'InvalidResponseError', attempts: 1, path: 'status_details', message: /expected a string or null, got a number/ },
  });
  // status_details is optional: absent or null is fine.
  for (const [label, file] of [
    ['null', { ...FILES[0], status_details: null }],
    ['absent', without(FILES[1], 'status_details')],
  ]) {
    cases.push({
      name: `list: status_details ${label} is accepted`,
      faults: answer(list([file])),
      call: 'list',
      expect: { ok: true, requests: 1, check: (value) => assert.deepEqual(value, list([file])) },
    });
  }
  // The list itself.
  for (const [label, body, path, message] of [
    ['data = null', { object: 'list', data: null }, 'data', /expected an array, got null/],
    ['data = {}', { object: 'list', data: {} }, 'data', /expected an array, got an object/],
    ['data = "[]"', { object: 'list', data: '[]' }, 'data', /expected an array, got a string/],
    ['no data', { object: 'list' }, '', /missing field `data`/],
    ['object = 1', { object: 1, data: [] }, 'object', /expected a string, got a number/],
    ['no object', { data: [] }, '', /missing field `object`/],
    ['a bare array', [FILES[0]], '', /expected the list object, got an array/],
    ['null', null, '', /expected the list object, got null/],
    ['a number', 42, '', /expected the list object, got a number/],
    ['data[0] = null', { object: 'list', data: [null] }, 'data[0]', /expected a file object, got null/],
    ['data[2] = "file-x"', { object: 'list', data: [FILES[0], FILES[1], 'file-x'] }, 'data[2]', /expected a file object, got a string/],
  ]) {
    cases.push({
      name: `list: ${label} is refused`,
      faults: answer(body),
      call: 'list',
      expect: { class: 'InvalidResponseError', attempts: 1, path, message },
    });
  }
  // A deletion.
  for (const [label, body, path] of [
    ['deleted = "yes"', { id: 'file-fault', object: 'file', deleted: 'yes' }, 'deleted'],
    ['deleted = null', { id: 'file-fault', object: 'file', deleted: null }, 'deleted'],
    ['no deleted', { id: 'file-fault', object: 'file' }, ''],
    ['id = 1', { id: 1, object: 'file', deleted: true }, 'id'],
  ]) {
    cases.push({
      name: `delete: ${label} is refused`,
      faults: [{ method: 'DELETE', path: ONE, status: 200, json: body }],
      call: 'delete',
      expect: { class: 'InvalidResponseError', attempts: 1, requests: 1, path },
    });
  }
  return cases;
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// ---- what is kept rather than refused ----

const keptCases = () => {
  const odd = {
    ...FILES[0],
    purpose: 'audio',
    status: 'queued',
    color: 'blue',
    nested: { a: [1, 2, { deep: null }] },
    bytes: 1e3, // 1e3 is an integer to JSON
  };
  const body = list([odd, FILES[1]], { has_more: false, first_id: 'file-fault-0' });
  return [
    {
      name: 'unknown fields, an unknown purpose and an unknown status are kept',
      faults: answer(body),
      call: 'list',
      expect: {
        ok: true,
        requests: 1,
        check: (value) => {
          assert.deepEqual(value, body);
          assert.equal(value.data[0].purpose, 'audio');
          assert.equal(value.data[0].status, 'queued');
          assert.deepEqual(value.data[0].nested, { a: [1, 2, { deep: null }] });
          assert.equal(value.has_more, false);
        },
      },
    },
    {
      name: 'retrieve: unknown fields and values are kept',
      faults: answer(odd, ONE),
      call: 'retrieve',
      expect: { ok: true, check: (value) => assert.deepEqual(value, odd) },
    },
    {
      // The official spec gives `bytes` as an integer with no minimum.
      name: 'a negative size, which the spec allows, is kept',
      faults: answer(list([{ ...FILES[0], bytes: -1 }])),
      call: 'list',
      expect: { ok: true, check: (value) => assert.equal(value.data[0].bytes, -1) },
    },
    {
      name: 'a lone surrogate escaped in a filename ("\\ud800") is passed through as is',
      faults: answer(list([{ ...FILES[0], filename: 'a\ud800b.txt' }])),
      call: 'list',
      expect: { ok: true, check: (value) => assert.equal(value.data[0].filename, 'a\ud800b.txt') },
    },
  ];
};

// Keys that are also names on Object.prototype. The JSON is valid and they
// are unknown fields, so they must be kept like any other, and a validator
// that looked them up in a plain object would find Object.prototype's
// members instead (refusing the answer, or throwing inside the wasm call).
const prototypeKeyCases = () => {
  const fileWith = (key, value) => `{"id":"file-fault-0","object":"file","bytes":1,"created_at":1,"filename":"a.txt","purpose":"batch","status":"ready","${key}":${value}}`;
  return [
    ['a file with "constructor": 1', `{"object":"list","data":[${fileWith('constructor', '1')}]}`, (v) => assert.equal(Object.getOwnPropertyDescriptor(v.data[0], 'constructor')?.value, 1)],
    ['a file with "toString": "x"', `{"object":"list","data":[${fileWith('toString', '"x"')}]}`, (v) => assert.equal(Object.getOwnPropertyDescriptor(v.data[0], 'toString')?.value, 'x')],
    ['a file with "hasOwnProperty": "x"', `{"object":"list","data":[${fileWith('hasOwnProperty', '"x"')}]}`, (v) => assert.equal(v.data.length, 1)],
    ['a file with "__proto__": {"a": 1}', `{"object":"list","data":[${fileWith('__proto__', '{"a":1}')}]}`, (v) => assert.equal(v.data.length, 1)],
    ['a list with "valueOf": 1', `{"object":"list","data":[],"valueOf":1}`, (v) => assert.deepEqual(v.data, [])],
    ['a list with "__proto__": {}', `{"__proto__":{},"object":"list","data":[]}`, (v) => assert.deepEqual(v.data, [])],
  ].map(([label, body, check]) => ({
    name: `${label} (an unknown field named like an Object.prototype member) is kept`,
    faults: text(body),
    call: 'list',
    isolate: true,
    expect: { ok: true, requests: 1, check },
  })).concat({
    name: 'an error body with "constructor" and "toString" keys: BadRequestError with its message',
    faults: [{ path: LIST, status: 400, body: '{"toString":1,"error":{"constructor":"x","message":"bad page","type":"invalid_request_error"}}', headers: { 'content-type': 'application/json' } }],
    call: 'list',
    isolate: true,
    expect: { class: 'BadRequestError', attempts: 1, requests: 1, status: 400, message: /^400 bad page$/ },
  });
};

// ---- the network and the service misbehaving ----

const networkCases = () => [
  {
    name: 'connection refused: retried, then ConnectionError',
    server: 'refused',
    call: 'list',
    options: { maxRetries: 1 },
    expect: {
      class: 'ConnectionError',
      attempts: 2,
      pauses: [BACKOFF],
      node: { message: /ECONNREFUSED/ },
      browser: { message: /Failed to fetch/ },
    },
  },
  {
    name: 'reset before the headers, once: the retry succeeds',
    faults: [{ path: LIST, action: 'drop-before-headers' }],
    call: 'list',
    options: { maxRetries: 1 },
    // Chromium itself resends a request whose reused connection dies before
    // any answer, so there the client may never see the first reset.
    expect: {
      ok: true,
      requests: 2,
      pauses: [BACKOFF],
      browser: { pauses: { oneOf: [[], [BACKOFF]] } },
      check: (value) => assert.equal(value.object, 'list'),
    },
  },
  {
    name: 'reset before the headers, every time: ConnectionError after the retries',
    faults: [{ path: LIST, action: 'drop-before-headers', times: 4 }],
    call: 'list',
    options: { maxRetries: 1 },
    expect: { class: 'ConnectionError', attempts: 2, pauses: [BACKOFF], node: { requests: 2 }, browser: { requests: [2, 4] } },
  },
  {
    name: 'reset in the middle of the body: ConnectionError, retried',
    faults: [{ path: LIST, action: 'drop-mid-body', times: 2 }],
    call: 'list',
    options: { maxRetries: 1 },
    expect: { class: 'ConnectionError', attempts: 2, requests: 2, pauses: [BACKOFF] },
  },
  {
    name: 'reset in the middle of a retrieve body, once: the retry succeeds',
    faults: [
      { path: ONE, status: 200, json: FILES[1], action: 'drop-mid-body' },
      { path: ONE, status: 200, json: FILES[1] },
    ],
    call: 'retrieve',
    options: { maxRetries: 1 },
    expect: { ok: true, requests: 2, pauses: [BACKOFF], check: (value) => assert.deepEqual(value, FILES[1]) },
  },
  {
    // The answer is held far longer than the timeout: had the client waited
    // for it, the call would succeed.
    name: 'headers that never come: TimeoutError',
    faults: [{ path: LIST, delayMs: HELD_MS }],
    call: 'list',
    options: { timeout: 1000 },
    expect: { class: 'TimeoutError', attempts: 1, requests: 1, minMs: 1000, message: /timed out after 1000 ms/ },
  },
  {
    name: 'headers that never come, twice: TimeoutError after a retry',
    faults: [{ path: LIST, delayMs: HELD_MS, times: 2 }],
    call: 'list',
    options: { timeout: 1000, maxRetries: 1 },
    expect: { class: 'TimeoutError', attempts: 2, requests: 2, pauses: [BACKOFF], minMs: 2 * 1000, message: /timed out after 1000 ms/ },
  },
  {
    name: 'a body dripping slower than the timeout: TimeoutError',
    // The sample list (~1.6 KB) in 16-byte drops every 100 ms: ~10 s, which a
    // client whose timeout stopped at the headers would sit out, and succeed.
    faults: [{ path: LIST, action: 'drip', dripBytes: 16, dripMs: 100 }],
    call: 'list',
    options: { timeout: 1000 },
    expect: { class: 'TimeoutError', attempts: 1, requests: 1, minMs: 1000, message: /timed out after 1000 ms/ },
  },
  {
    // ~1.6 KB in 512-byte drops 20 ms apart: the body comes in pieces, over
    // ~60 ms, well inside the (default) timeout.
    name: 'a body dripping fast enough is no error',
    faults: [{ path: LIST, action: 'drip', dripBytes: 512, dripMs: 20 }],
    call: 'list',
    expect: { ok: true, requests: 1, check: (value) => assert.equal(value.data.length, 9) },
  },
  {
    name: 'a body cut short of its Content-Length: ConnectionError',
    faults: [{ path: LIST, action: 'truncate' }],
    call: 'list',
    expect: { class: 'ConnectionError', attempts: 1, requests: 1 },
  },
  {
    name: 'a truncated JSON document (complete HTTP answer): InvalidResponseError at the root',
    faults: text(JSON.stringify(list(FILES)).slice(0, 150)),
    call: 'list',
    expect: { class: 'InvalidResponseError', attempts: 1, requests: 1, status: 200, path: '', message: /the body is not one JSON document/ },
  },
  ...[502, 503, 504].map((status) => {
    const title = { 502: '502 Bad Gateway', 503: '503 Service Temporarily Unavailable', 504: '504 Gateway Time-out' }[status];
    return {
      name: `an HTML ${status} page: InternalServerError after the retry`,
      faults: [{ path: LIST, status, body: html(title), headers: { 'content-type': 'text/html' }, times: 2 }],
      call: 'list',
      options: { maxRetries: 1 },
      expect: { class: 'InternalServerError', attempts: 2, requests: 2, pauses: [BACKOFF], status, message: new RegExp(escape(title)) },
    };
  }),
  {
    name: 'an HTML 502 page, then the service: the retry succeeds',
    faults: [{ path: LIST, status: 502, body: html('502 Bad Gateway'), headers: { 'content-type': 'text/html', 'retry-after-ms': '0' } }],
    call: 'list',
    options: { maxRetries: 1 },
    expect: { ok: true, requests: 2, pauses: [NO_WAIT], check: (value) => assert.equal(value.data.length, 9) },
  },
  {
    name: 'an empty 200 (no Content-Type): InvalidResponseError',
    faults: [{ path: LIST, status: 200 }],
    call: 'list',
    expect: { class: 'InvalidResponseError', attempts: 1, requests: 1, status: 200, path: '', message: /the body is not one JSON document/ },
  },
  {
    name: 'an empty 200 application/json: InvalidResponseError',
    faults: text(''),
    call: 'list',
    expect: { class: 'InvalidResponseError', attempts: 1, path: '', message: /the body is not one JSON document/ },
  },
  {
    name: 'a 204 to a retrieve: InvalidResponseError',
    faults: [{ path: ONE, status: 204 }],
    call: 'retrieve',
    expect: { class: 'InvalidResponseError', attempts: 1, status: 204, path: '' },
  },
  {
    name: 'a 204 to a delete: InvalidResponseError (the API promises a deletion object)',
    faults: [{ method: 'DELETE', path: ONE, status: 204 }],
    call: 'delete',
    expect: { class: 'InvalidResponseError', attempts: 1, status: 204, path: '' },
  },
  {
    // Documented behaviour: the Content-Type is not checked; the body is.
    name: 'a 200 text/html whose body is the valid JSON list: accepted (the body is trusted, not the type)',
    faults: text(JSON.stringify(list(FILES)), LIST, 'text/html; charset=utf-8'),
    call: 'list',
    expect: { ok: true, requests: 1, check: (value) => assert.deepEqual(value, list(FILES)) },
  },
  {
    name: 'a 200 text/plain whose body is the valid JSON list: accepted',
    faults: text(JSON.stringify(list(FILES)), LIST, 'text/plain'),
    call: 'list',
    expect: { ok: true, check: (value) => assert.deepEqual(value, list(FILES)) },
  },
  {
    name: 'a 200 text/html with an HTML page (a captive portal): InvalidResponseError',
    faults: text(html('Log in to the Wi-Fi'), LIST, 'text/html'),
    call: 'list',
    expect: { class: 'InvalidResponseError', attempts: 1, requests: 1, status: 200, path: '', message: /the body is not one JSON document/ },
  },
  {
    name: 'a 200 application/json with an HTML page: InvalidResponseError',
    faults: text(html('200 OK')),
    call: 'list',
    expect: { class: 'InvalidResponseError', attempts: 1, path: '', message: /the body is not one JSON document/ },
  },
  {
    name: 'a JSON document followed by garbage: InvalidResponseError',
    faults: text(`${JSON.stringify(list(FILES))} trailing`),
    call: 'list',
    expect: { class: 'InvalidResponseError', attempts: 1, path: '', message: /the body is not one JSON document/ },
  },
];

// ---- invalid UTF-8: raw bytes, so the scripted server sends them ----

/** Bytes from strings (as UTF-8) and arrays of raw byte values. */
const bytes = (...parts) => Buffer.concat(parts.map((part) => Buffer.from(part)));
/** A file object whose filename is these parts (strings and raw bytes). */
const fileBytes = (...filename) =>
  bytes('{"id":"file-utf8","object":"file","bytes":5,"created_at":1780000000,"filename":"', ...filename, '","purpose":"file-extract","status":"ready"}');
const JSON_TYPE = { 'content-type': 'application/json' };

const utf8Cases = () => [
  {
    // Decoded as fetch decodes text: each invalid byte becomes U+FFFD.
    name: 'invalid UTF-8 (0xff 0xfe, a lone 0xc3) inside a filename: kept as U+FFFD, no crash',
    server: 'scripted',
    script: [{ kind: 'raw', headers: JSON_TYPE, body: bytes('{"object":"list","data":[', fileBytes('bad-', [0xff, 0xfe], '-', [0xc3], '.txt'), ']}') }],
    call: 'list',
    expect: { ok: true, requests: 1, check: (value) => assert.equal(value.data[0].filename, 'bad-\uFFFD\uFFFD-\uFFFD.txt') },
  },
  {
    name: 'invalid UTF-8 in a retrieve answer: kept as U+FFFD',
    server: 'scripted',
    script: [{ kind: 'raw', headers: JSON_TYPE, body: fileBytes([0xff]) }],
    call: 'retrieve',
    expect: { ok: true, check: (value) => assert.equal(value.filename, '\uFFFD') },
  },
  {
    name: 'invalid UTF-8 between the JSON tokens: InvalidResponseError',
    server: 'scripted',
    script: [{ kind: 'raw', headers: JSON_TYPE, body: bytes('{"object":"list",', [0xff], '"data":[]}') }],
    call: 'list',
    expect: { class: 'InvalidResponseError', attempts: 1, requests: 1, path: '', message: /the body is not one JSON document/ },
  },
  {
    name: 'a UTF-8 byte order mark before the JSON: accepted (fetch strips it)',
    server: 'scripted',
    script: [{ kind: 'raw', headers: JSON_TYPE, body: bytes([0xef, 0xbb, 0xbf], JSON.stringify(list([FILES[0]]))) }],
    call: 'list',
    expect: { ok: true, check: (value) => assert.deepEqual(value, list([FILES[0]])) },
  },
  {
    name: 'invalid UTF-8 in an HTML 500 page: InternalServerError quoting U+FFFD',
    server: 'scripted',
    script: [{ kind: 'raw', status: 500, headers: { 'content-type': 'text/html' }, body: bytes('<h1>Erreur ', [0xe9], 'chec</h1>') }],
    call: 'list',
    expect: { class: 'InternalServerError', attempts: 1, requests: 1, status: 500, message: /Erreur \uFFFDchec/ },
  },
  {
    name: 'invalid UTF-8 in an error body\'s message: AuthenticationError quoting U+FFFD',
    server: 'scripted',
    script: [{ kind: 'raw', status: 401, headers: { 'content-type': 'application/json' }, body: bytes('{"error":{"message":"cl', [0xe9], ' invalide","type":"invalid_authentication_error"}}') }],
    call: 'list',
    expect: { class: 'AuthenticationError', attempts: 1, status: 401, message: /cl\uFFFD invalide/ },
  },
  {
    name: 'invalid UTF-8 in extracted content: returned with U+FFFD',
    server: 'scripted',
    script: [{ kind: 'raw', headers: { 'content-type': 'text/plain' }, body: bytes('caf', [0xe9], ' ', [0xf0, 0x9f], '!') }],
    call: 'content',
    expect: { ok: true, check: (value) => assert.equal(value, 'caf\uFFFD \uFFFD!') },
  },
];

// ---- bodies past the 64 MiB cap ----

const CAP_MESSAGE = /larger than 67108864 bytes/;

/** A gzip body of 80 KB that inflates to an 80 MiB list, with these headers. */
const gzipBomb = (name, headers) => ({
  name,
  server: 'scripted',
  script: [{ kind: 'gzip', bytes: 80 * MIB, headers }],
  call: 'list',
  expect: { class: 'InvalidResponseError', attempts: 1, requests: 1, path: '', message: CAP_MESSAGE, node: { peakRssMiB: 160 } },
});

const bigCases = () => [
  {
    name: 'a 200 declaring Content-Length 80 MiB: InvalidResponseError at once, the body left unread',
    server: 'scripted',
    script: [{ kind: 'declared', bytes: 80 * MIB }],
    call: 'list',
    // "At once": the server could send no more than its socket buffers hold.
    expect: { class: 'InvalidResponseError', attempts: 1, requests: 1, status: 200, path: '', message: CAP_MESSAGE, maxSentMiB: 16, node: { peakRssMiB: 32 } },
  },
  {
    // 256 MiB chunked, with no length: the client must stop reading at 64 MiB.
    // (The body is a valid list once whole: without the cap the call succeeds.)
    name: 'an endless chunked 200 (up to 256 MiB): InvalidResponseError once 64 MiB are read',
    server: 'scripted',
    script: [{ kind: 'endless', bytes: 256 * MIB }],
    call: 'list',
    // Past what the client read, the server's socket buffers hold a few MiB
    // (Node), Chromium's network stack a few tens (it reads ahead).
    expect: {
      class: 'InvalidResponseError',
      attempts: 1,
      requests: 1,
      path: '',
      message: CAP_MESSAGE,
      node: { maxSentMiB: 80, peakRssMiB: 160 },
      browser: { maxSentMiB: 128 },
    },
  },
  // 80 KB on the wire, 80 MiB once decompressed (a valid list).
  gzipBomb('a gzip body expanding to 80 MiB: InvalidResponseError once 64 MiB are decoded'),
  // Cross-origin, the page sees the exposed list but not Content-Encoding:
  // the client must not take the missing header for a plain body.
  gzipBomb(
    'a gzip body expanding to 80 MiB, its exposed headers readable but not naming Content-Encoding: refused at 64 MiB',
    { 'access-control-expose-headers': 'access-control-expose-headers, x-request-id' },
  ),
];

// ---- Retry-After: a 429 with the header, then the service ----

const rateLimited = (value) => [{ path: LIST, status: 429, headers: { 'retry-after': value } }];

const retryAfterCases = () => [
  ...[
    ['0', NO_WAIT],
    ['-10', BACKOFF],
    ['inf', BACKOFF],
    ['nan', BACKOFF],
    ['soon, please', BACKOFF],
    ['', BACKOFF],
    ['Wed, 21 Oct 2015 07:28:00 GMT', NO_WAIT],
  ].map(([value, pause]) => ({
    name: `Retry-After: ${JSON.stringify(value)} then a 200: retried after ${pause === NO_WAIT ? 'no wait' : 'the normal backoff (the value is ignored)'}`,
    faults: rateLimited(value),
    call: 'list',
    options: { maxRetries: 1 },
    expect: { ok: true, requests: 2, pauses: [pause], check: (page) => assert.equal(page.data.length, 9) },
  })),
  {
    // An HTTP date has whole seconds: one 1-2 s ahead, so that the wait
    // cannot be mistaken for the 0.375-0.5 s backoff.
    name: 'Retry-After: an HTTP date 1-2 s ahead then a 200: the retry comes at that date',
    faults: (ctx) => {
      const now = Date.now();
      ctx.at = Math.ceil((now + 1000) / 1000) * 1000;
      return rateLimited(new Date(ctx.at).toUTCString());
    },
    call: 'list',
    options: { maxRetries: 1 },
    expect: { ok: true, requests: 2, pauses: [[0, 2000]], retryAt: (ctx) => ctx.at, check: (page) => assert.equal(page.data.length, 9) },
  },
  {
    // Honoured (up to 120 s): the call is still waiting when the caller gives up.
    name: 'Retry-After: "120": the client waits (aborted during the wait: AbortError, one request)',
    faults: rateLimited('120'),
    call: 'list',
    options: { maxRetries: 1 },
    abortInPause: true,
    expect: { class: 'AbortError', attempts: 1, requests: 1, pauses: [[120_000, 120_000]] },
  },
  {
    name: 'Retry-After: "121": RateLimitError at once, no retry',
    faults: rateLimited('121'),
    call: 'list',
    options: { maxRetries: 2 },
    expect: { class: 'RateLimitError', attempts: 1, requests: 1, status: 429, pauses: [] },
  },
];

// ---- a redirect to another origin ----

const redirectCases = () => [
  ...[302, 301, 303, 307, 308].map((status) => ({
    name: `a ${status} redirect to another origin: ConnectionError, nothing (and no key) reaches it`,
    server: 'scripted',
    script: [{ kind: 'redirect', status }],
    call: 'list',
    expect: {
      class: 'ConnectionError',
      attempts: 1,
      requests: 1,
      otherRequests: 0,
      // redirect: 'manual' hands the redirect back unfollowed, in every
      // runtime, so the error can say what happened. A 301/308 is
      // cacheable: the ordinary call after it shows that a browser's
      // retry goes past the cache (src/transport/fetch.rs).
      message: /redirect, which is never followed/,
    },
  })),
  {
    name: 'a 302 redirect of a retrieve, every time: ConnectionError after the retry, nothing reaches the other origin',
    server: 'scripted',
    script: [{ kind: 'redirect' }, { kind: 'redirect' }],
    call: 'retrieve',
    options: { maxRetries: 1 },
    expect: { class: 'ConnectionError', attempts: 2, requests: 2, pauses: [BACKOFF], otherRequests: 0 },
  },
];

/** The table. */
export const FAULT_CASES = [
  ...networkCases(),
  ...schemaCases(),
  ...keptCases(),
  ...prototypeKeyCases(),
  ...utf8Cases(),
  ...bigCases(),
  ...retryAfterCases(),
  ...redirectCases(),
];

// Names identify cases in the test output: they must be unique. A case whose
// call may retry says which pauses it expects.
{
  const seen = new Set();
  for (const fault of FAULT_CASES) {
    if (seen.has(fault.name)) throw new Error(`two fault cases are named ${fault.name}`);
    seen.add(fault.name);
    const mayRetry = { ...DEFAULT_OPTIONS, ...fault.options }.maxRetries > 0;
    for (const env of ['node', 'browser']) {
      if (mayRetry && expectationsIn(fault, env).pauses === undefined) throw new Error(`fault case ${fault.name} may retry: say the pauses it expects`);
    }
  }
}

/**
 * The expectations of `fault` in `env` ('node' or 'browser'): its own, with
 * that environment's overrides; a call that may not retry makes no pause.
 */
export function expectationsIn(fault, env) {
  const { node, browser, ...common } = fault.expect;
  const mayRetry = { ...DEFAULT_OPTIONS, ...fault.options }.maxRetries > 0;
  return { ...(mayRetry ? {} : { pauses: [] }), ...common, ...(env === 'node' ? node : browser) };
}
