// The attacks both servers that hold the key must refuse: `moonshot-files ui`
// (tests/ui/ui-server.test.mjs) and `make demo` (tests/dashboard/demo.test.mjs)
// share one guard (pkg-template/ui-server/guard.js), and this one table holds
// both to it. Each is sent with the session cookie unless it says otherwise,
// to a server whose stand-in upstream records what reaches it: nothing may.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import { connect } from 'node:net';

/** The table for a server on `port`, whose session cookie is `cookie` and whose (spent) token is `token`. */
export function attacks({ port, cookie, token }) {
  const name = cookie.split('=', 1)[0];
  const denied = [403, 'permission_denied_error'];
  return [
    ['another site, by Sec-Fetch-Site', { headers: { 'sec-fetch-site': 'cross-site' } }, ...denied],
    ['a sibling site, by Sec-Fetch-Site', { headers: { 'sec-fetch-site': 'same-site' } }, ...denied],
    ['a foreign Origin', { method: 'POST', headers: { origin: 'http://evil.example' } }, ...denied],
    ['an opaque Origin', { method: 'POST', headers: { origin: 'null' } }, ...denied],
    ['no session', { headers: { cookie: '' } }, ...denied],
    ['a wrong session', { headers: { cookie: `${name}=not-the-session` } }, ...denied],
    ['the token as the cookie', { headers: { cookie: `${name}=${token}` } }, ...denied],
    // DNS rebinding: only the printed address and port (Vite's own host check may refuse a name first, in its own words).
    ['a foreign Host', { headers: { host: `evil.example:${port}` } }, 403, null],
    ['localhost for 127.0.0.1', { headers: { host: `localhost:${port}` } }, ...denied],
    ['another port', { headers: { host: `127.0.0.1:${port + 1}` } }, ...denied],
    ['another path', { path: '/v1/models' }, 404, 'resource_not_found_error'],
    ['a dot-dot path', { path: '/v1/files/../models' }, 400, 'invalid_request_error'],
    ['an encoded dot-dot path', { path: '/v1/files/%2e%2e/models' }, 400, 'invalid_request_error'],
    ['an empty segment', { path: '/v1/files//x' }, 404, 'resource_not_found_error'],
    ['an encoded / in the id', { path: '/v1/files/a%2Fb/content' }, 400, 'invalid_request_error'],
    ['an encoded \\ in the id', { path: '/v1/files/a%5Cb' }, 400, 'invalid_request_error'],
    ['a CR LF in the id', { path: '/v1/files/a%0D%0AX-Evil:%201' }, 400, 'invalid_request_error'],
    ...['PUT', 'PATCH', 'TRACE', 'OPTIONS', 'PROPFIND', 'MKCOL'].map((method) => [`${method}`, { method, path: '/v1/files/file-1' }, 405, 'invalid_request_error']),
  ];
}

/** A raw request (fetch would not let a test set Host); resolves to status, headers and body text. */
export function send(origin, path, { method = 'GET', headers = {} } = {}) {
  const target = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: target.hostname, port: target.port, method, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject).end();
  });
}

/** The first line a server answers a raw request with. */
async function firstLine(port, lines) {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  socket.write([...lines, '', ''].join('\r\n'));
  const [chunk] = await once(socket, 'data');
  socket.destroy();
  return chunk.toString().split('\r\n', 1)[0];
}

/**
 * Sends every attack to the server at `origin` and checks each is refused as
 * the table says, that `received` (the stand-in upstream's log) stays empty,
 * and the same: an upload that asks for 100 Continue without the session gets
 * its refusal and no 100, and the spent token link redirects nowhere but here.
 */
export async function assertAttacksRefused(origin, { cookie, token, received }) {
  const port = Number(new URL(origin).port);
  received.length = 0;
  const table = attacks({ port, cookie, token });
  for (const [label, { path = '/v1/files', method, headers = {} }, status, type] of table) {
    const res = await send(origin, path, { method, headers: { cookie, ...headers } });
    assert.equal(res.status, status, label);
    if (type) assert.equal(JSON.parse(res.body).error.type, type, label);
  }
  const expect = ['POST /v1/files HTTP/1.1', `Host: 127.0.0.1:${port}`, 'Content-Length: 5', 'Expect: 100-continue'];
  assert.equal(await firstLine(port, expect), 'HTTP/1.1 403 Forbidden', 'Expect: 100-continue without the session');
  for (const path of ['/.//evil.com/', '//evil.com/', '/\\evil.com/']) {
    const res = await send(origin, `${path}?token=${token}`, { headers: { cookie } });
    assert.equal(res.status, 303, path);
    assert.equal(new URL(res.headers.location, origin).origin, origin, `${path} -> ${res.headers.location}`);
  }
  assert.deepEqual(received, [], 'nothing reached the upstream');
  return table.length;
}
