// Which hosts are this machine's: where plain http may carry the key, and
// which listen addresses need no warning. The same rule as the client's own
// base-URL check (src/config.rs, is_loopback); tests/vectors/loopback.json
// holds both to it.
//
// `localhost` and 127.0.0.0/8 and ::1, in any spelling node:net reads as an
// address; not names under `.localhost`: outside a browser they go to
// whatever resolver the system has, which may answer with any address, and
// the key would cross the network in clear.
import { isIP } from 'node:net';

/** Whether `host` (a URL's host, IPv6 in brackets, or a bare address) is loopback. */
export function isLoopback(host) {
  const name = String(host).toLowerCase();
  if (name === 'localhost') return true;
  const bracketed = name.startsWith('[') && name.endsWith(']');
  const address = bracketed ? name.slice(1, -1) : name;
  const family = isIP(address);
  if (family === 4) return !bracketed && address.startsWith('127.');
  // Zone ids (fe80::1%eth0) are no loopback; the URL parser writes ::1 one way.
  if (family === 6 && !address.includes('%')) return new URL(`http://[${address}]/`).hostname === '[::1]';
  return false;
}
