// The guard's rules, case by case (pkg-template/ui-server/guard.js): what a
// request to `moonshot-files ui` or `make demo` is answered with, before any
// socket. ui-server.test.mjs runs the same rules over real sockets.
//   node --test tests/ui/guard.test.mjs
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cookieName, decide, entryUrl, hostWithPort, readUpstream } from '../../pkg-template/ui-server/guard.js';

const TOKEN = 'a'.repeat(43);
const SESSION = 's'.repeat(43);
const PORT = 41234;
const HOST = `127.0.0.1:${PORT}`;
const COOKIE = `${cookieName(PORT)}=${SESSION}`;
const SERVER = { host: '127.0.0.1', port: PORT, token: TOKEN, session: SESSION, upstream: readUpstream('https://api.moonshot.cn/v1') };
const SPENT = { ...SERVER, spent: true };

/** What the guard decides for `url`; headers default to a same-origin call from the page, with the cookie. */
function decision(url, { method = 'GET', headers = {}, server = SERVER } = {}) {
  return decide({ method, url, headers: { host: HOST, cookie: COOKIE, 'sec-fetch-site': 'same-origin', ...headers } }, server);
}

const refused = (status, type) => ({ action: 'refuse', status, type });
/** The decision without its message (each case checks the status and type; one checks the words). */
const brief = ({ message, ...rest }) => rest;

describe('the Host', () => {
  test('only the printed address and port: any other name is a DNS-rebound one', () => {
    for (const host of ['evil.example', `evil.example:${PORT}`, `localhost:${PORT}`, `127.0.0.1:${PORT + 1}`, '127.0.0.1', `127.0.0.2:${PORT}`, `[::1]:${PORT}`]) {
      for (const url of ['/', '/v1/files', `/?token=${TOKEN}`, '/__moonshot/info']) {
        assert.deepEqual(brief(decision(url, { headers: { host } })), refused(403, 'permission_denied_error'), `${host} ${url}`);
      }
    }
    assert.deepEqual(brief(decide({ method: 'GET', url: '/', headers: {} }, SERVER)), refused(403, 'permission_denied_error'), 'no Host at all');
    assert.match(decision('/', { headers: { host: 'evil.example' } }).message, /only to 127\.0\.0\.1:41234/);
  });

  test('an IPv6 address is named in brackets, in the Host and the printed URL', () => {
    assert.equal(hostWithPort('::1', 8080), '[::1]:8080');
    assert.equal(entryUrl('::1', 8080, TOKEN), `http://[::1]:8080/?token=${TOKEN}`);
    const server = { ...SERVER, host: '::1' };
    assert.deepEqual(decision('/', { server, headers: { host: `[::1]:${PORT}` } }), { action: 'serve' });
    assert.equal(decision('/', { server }).action, 'refuse');
  });

  test('compared as a parsed address: another spelling of the same one passes, a Host with more in it does not', () => {
    const server = { ...SERVER, host: '::1' };
    for (const host of [`[0:0:0:0:0:0:0:1]:${PORT}`, `[0::1]:${PORT}`]) assert.equal(decision('/v1/files', { server, headers: { host } }).action, 'forward', host);
    for (const host of [`evil@127.0.0.1:${PORT}`, `127.0.0.1:${PORT}/x`, `127.0.0.1:${PORT}\\x`, `127.0.0.1:${PORT}?`, `127.0.0.1:${PORT}#`, `[::ffff:127.0.0.1]:${PORT}`]) {
      assert.deepEqual(brief(decision('/v1/files', { headers: { host } })), refused(403, 'permission_denied_error'), host);
    }
  });
});

describe('the token link', () => {
  test('the right token sets an HttpOnly, SameSite=Strict cookie holding the session secret, not the token, and redirects to the page without it', () => {
    assert.deepEqual(decision(`/?token=${TOKEN}`, { headers: { cookie: undefined, 'sec-fetch-site': 'none' } }), {
      action: 'enter',
      location: '/',
      cookie: `moonshot_files_ui_${PORT}=${SESSION}; Path=/; HttpOnly; SameSite=Strict`,
    });
    // The page's own query (a saved view) stays.
    assert.equal(decision(`/?sort=bytes&token=${TOKEN}&q=a%20b`).location, '/?sort=bytes&q=a+b');
    assert.equal(decision(`/?token=${TOKEN}`, { method: 'HEAD' }).action, 'enter');
  });

  test('a wrong, empty or longer token is refused, and so is a token link sent as a form', () => {
    for (const token of ['b'.repeat(43), '', TOKEN.slice(1), `${TOKEN}a`, TOKEN.toUpperCase()]) {
      assert.deepEqual(brief(decision(`/?token=${encodeURIComponent(token)}`)), refused(403, 'permission_denied_error'), token);
    }
    assert.match(decision('/?token=x').message, /printed/);
    assert.deepEqual(brief(decision(`/?token=${TOKEN}`, { method: 'POST' })), refused(405, 'invalid_request_error'));
  });

  test('works once: once spent, the link is refused with a page that says what to do, unless the browser holds the session already', () => {
    const again = decision(`/?token=${TOKEN}`, { server: { ...SPENT, command: 'npx moonshot-files ui' }, headers: { cookie: undefined } });
    assert.deepEqual(brief(again), { ...refused(403, 'permission_denied_error'), page: true });
    assert.match(again.message, /used already.*Use the tab it opened, or restart npx moonshot-files ui/);
    // The same browser opening the link again goes on to the page, and gets no new cookie.
    assert.deepEqual(decision(`/?token=${TOKEN}`, { server: SPENT }), { action: 'enter', location: '/', cookie: null });
    // The token itself is no credential, spent or not.
    for (const server of [SERVER, SPENT]) {
      assert.deepEqual(brief(decision('/v1/files', { server, headers: { cookie: `${cookieName(PORT)}=${TOKEN}` } })), refused(403, 'permission_denied_error'));
    }
  });

  test("redirects only within this server's origin, however the path is spelled", () => {
    for (const path of ['/.//evil.com/', '//evil.com/', '/\\evil.com/', '/.\\\\evil.com/', '/%2e//evil.com/', '/./\\/evil.com/', '/a/..//evil.com/']) {
      const { action, location } = decision(`${path}?token=${TOKEN}`);
      assert.equal(action, 'enter', path);
      assert.match(location, /^\/(?![/\\])/, `${path} -> ${location}`);
      assert.equal(new URL(location, `http://${HOST}`).origin, `http://${HOST}`, `${path} -> ${location}`);
    }
  });

  test("the page's own files need no token: they hold nothing secret", () => {
    for (const url of ['/', '/index.html', '/assets/main-x1.js', '/moonshot-files/index.js', '/?sort=bytes']) {
      assert.deepEqual(decision(url, { headers: { cookie: undefined } }), { action: 'serve' }, url);
    }
  });
});

describe('API calls', () => {
  test('go to the one upstream with the path and query as they came', () => {
    assert.deepEqual(decision('/v1/files'), { action: 'forward', target: 'https://api.moonshot.cn/v1/files' });
    assert.deepEqual(decision('/v1/files/a%20b/content?x=1&y=%2e'), { action: 'forward', target: 'https://api.moonshot.cn/v1/files/a%20b/content?x=1&y=%2e' });
    assert.equal(decision('/v1/files/file-1', { method: 'DELETE' }).target, 'https://api.moonshot.cn/v1/files/file-1');
    const proxied = { ...SERVER, upstream: readUpstream('http://127.0.0.1:9000/api/v1/') };
    assert.equal(decision('/v1/files?x', { server: proxied }).target, 'http://127.0.0.1:9000/api/v1/files?x');
  });

  test('need the cookie the token link set: none, a wrong one, or another port\'s is refused', () => {
    const cookies = [undefined, '', `${cookieName(PORT)}=${'b'.repeat(43)}`, `${cookieName(PORT + 1)}=${SESSION}`, `x=1; ${cookieName(PORT)}=`, `${SESSION}`];
    for (const cookie of cookies) {
      for (const url of ['/v1/files', '/__moonshot/info']) {
        assert.deepEqual(brief(decision(url, { headers: { cookie } })), refused(403, 'permission_denied_error'), `${cookie} ${url}`);
      }
    }
    assert.match(decision('/v1/files', { headers: { cookie: undefined } }).message, /URL its server printed/);
    assert.equal(decision('/v1/files', { headers: { cookie: `theme=dark; ${COOKIE}; other=1` } }).action, 'forward', 'among other cookies');
  });

  test('pass when any cookie of the name holds the session: a second one set by a page on another port locks no one out', () => {
    const decoy = `${cookieName(PORT)}=decoy`;
    for (const cookie of [`${decoy}; ${COOKIE}`, `${COOKIE}; ${decoy}`, `${decoy}; ${decoy}; ${COOKIE}`]) {
      assert.equal(decision('/v1/files', { headers: { cookie } }).action, 'forward', cookie);
    }
    assert.deepEqual(brief(decision('/v1/files', { headers: { cookie: `${decoy}; ${decoy}` } })), refused(403, 'permission_denied_error'));
  });

  test('only GET, POST and DELETE: any other method is 405, saying which are taken', () => {
    for (const method of ['PUT', 'PATCH', 'TRACE', 'OPTIONS', 'PROPFIND', 'MKCOL', 'CONNECT', 'HEAD', 'get']) {
      const answer = decision('/v1/files/file-1', { method });
      assert.deepEqual(brief(answer), { ...refused(405, 'invalid_request_error'), allow: 'GET, POST, DELETE' }, method);
    }
    for (const method of ['GET', 'POST', 'DELETE']) assert.equal(decision('/v1/files/file-1', { method }).action, 'forward', method);
  });

  test('a file id with an encoded /, \\ or control character is 400: upstream it would be another path', () => {
    for (const id of ['a%2Fb', 'a%2fb', '%2F', 'a%5Cb', 'a%5cb', 'a%00b', 'a%0Ab', 'a%0d%0aX-Evil:%201', 'a%1Fb', 'a%7Fb', 'a%zzb', 'a%']) {
      for (const path of [`/v1/files/${id}`, `/v1/files/${id}/content`, `/v1/files/file-1/${id}`]) {
        assert.deepEqual(brief(decision(path)), refused(400, 'invalid_request_error'), path);
      }
    }
    for (const id of ['file-1', 'a%20b', 'a%2Bb', 'caf%C3%A9']) assert.equal(decision(`/v1/files/${id}/content`).action, 'forward', id);
  });

  test('from another site are refused, by Sec-Fetch-Site or by Origin', () => {
    const cases = [
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { 'sec-fetch-site': undefined, origin: 'http://evil.example' },
      { 'sec-fetch-site': undefined, origin: `http://localhost:${PORT}` },
      { 'sec-fetch-site': undefined, origin: 'null' },
    ];
    for (const headers of cases) {
      assert.deepEqual(brief(decision('/v1/files', { method: 'POST', headers })), refused(403, 'permission_denied_error'), JSON.stringify(headers));
    }
    // The page's own calls (and a tool that sends no browser headers) pass.
    for (const headers of [{ origin: `http://${HOST}` }, { 'sec-fetch-site': 'none' }, { 'sec-fetch-site': undefined }]) {
      assert.equal(decision('/v1/files', { method: 'POST', headers }).action, 'forward', JSON.stringify(headers));
    }
  });

  test('only /v1/files and under it, in normal form: no empty, `.`, `..` or encoded-dot segments', () => {
    const cases = [
      ['/v1/models', 404, 'resource_not_found_error'],
      ['/v1', 404, 'resource_not_found_error'],
      ['/v1/', 404, 'resource_not_found_error'],
      ['/v1/filesx', 404, 'resource_not_found_error'],
      ['/v1/files/', 404, 'resource_not_found_error'],
      ['/v1/files//x', 404, 'resource_not_found_error'],
      ['/v1/files/../models', 400, 'invalid_request_error'],
      ['/v1/files/./x', 400, 'invalid_request_error'],
      ['/v1/files/%2e%2e/models', 400, 'invalid_request_error'],
      ['/v1/files/%2E%2e/models', 400, 'invalid_request_error'],
      ['/v1/files/%2e', 400, 'invalid_request_error'],
      ['/v1/files/.%2E', 400, 'invalid_request_error'],
      ['/v1/files\\..\\models', 400, 'invalid_request_error'],
      ['/v1/../v1/files', 400, 'invalid_request_error'],
      ['/x/../v1/files', 400, 'invalid_request_error'],
      ['http://evil.example/v1/files', 400, 'invalid_request_error'],
      ['*', 400, 'invalid_request_error'],
    ];
    for (const [url, status, type] of cases) assert.deepEqual(brief(decision(url)), refused(status, type), url);
    // A dot inside a segment is a file id's business.
    assert.equal(decision('/v1/files/a.b%2e/content').action, 'forward');
  });

  test('without an upstream: 503, the reason said', () => {
    const answer = decision('/v1/files', { server: { ...SERVER, upstream: null } });
    assert.deepEqual(brief(answer), refused(503, 'server_error'));
    assert.match(answer.message, /no upstream/);
  });
});

describe('/__moonshot/info', () => {
  test("the upstream's origin, never its path or the key, and the server's command; GET only", () => {
    assert.deepEqual(decision('/__moonshot/info'), { action: 'info', body: { upstream: 'https://api.moonshot.cn', command: null } });
    assert.deepEqual(decision('/__moonshot/info', { server: { ...SERVER, upstream: null } }).body, { upstream: null, command: null });
    assert.deepEqual(decision('/__moonshot/info', { server: { ...SERVER, command: 'make demo' } }).body, {
      upstream: 'https://api.moonshot.cn',
      command: 'make demo',
    });
    assert.deepEqual(brief(decision('/__moonshot/info', { method: 'POST' })), refused(405, 'invalid_request_error'));
    assert.deepEqual(brief(decision('/__moonshot/other')), refused(404, 'resource_not_found_error'));
    assert.deepEqual(brief(decision('/__moonshot/info', { headers: { 'sec-fetch-site': 'cross-site' } })), refused(403, 'permission_denied_error'));
  });
});

describe('readUpstream', () => {
  test('a base URL: its path without the trailing slash, /v1 for a bare origin', () => {
    assert.deepEqual(readUpstream('https://api.moonshot.cn/v1'), { base: 'https://api.moonshot.cn/v1', origin: 'https://api.moonshot.cn' });
    assert.deepEqual(readUpstream('https://api.moonshot.ai/v1/'), { base: 'https://api.moonshot.ai/v1', origin: 'https://api.moonshot.ai' });
    assert.deepEqual(readUpstream('https://proxy.example'), { base: 'https://proxy.example/v1', origin: 'https://proxy.example' });
    assert.equal(readUpstream('http://127.0.0.1:9000/v1').base, 'http://127.0.0.1:9000/v1');
    assert.equal(readUpstream('http://localhost:9000/v1').base, 'http://localhost:9000/v1');
    assert.equal(readUpstream('http://[::1]:9000/v1').base, 'http://[::1]:9000/v1');
  });

  test('refuses what would leak the key or is no base: plain http off this machine, credentials, a query, other schemes', () => {
    const cases = [
      ['http://api.moonshot.cn/v1', /https/],
      ['https://user:pass@api.moonshot.cn/v1', /plain http\(s\) URL/],
      ['https://api.moonshot.cn/v1?x=1', /plain http\(s\) URL/],
      ['https://api.moonshot.cn/v1#x', /plain http\(s\) URL/],
      ['ftp://api.moonshot.cn/v1', /plain http\(s\) URL/],
      ['api.moonshot.cn/v1', /not a URL/],
    ];
    for (const [text, message] of cases) assert.throws(() => readUpstream(text), message, text);
  });
});
