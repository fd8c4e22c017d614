// The token link a dashboard server prints (`http://127.0.0.1:PORT/?token=...`),
// opened the way a browser opens it, for tests that then call the server
// themselves: the cookie it sets, ready for a Cookie header.
import assert from 'node:assert/strict';

/** GETs `url` without following the redirect; resolves to the `name=value` of the cookie it set. */
export async function tokenCookie(url) {
  const res = await fetch(url, { redirect: 'manual' });
  assert.equal(res.status, 303, `${url}: the token link redirects`);
  const [cookie] = res.headers.getSetCookie();
  assert.ok(cookie, `${url}: the token link sets a cookie`);
  return cookie.split(';', 1)[0];
}
