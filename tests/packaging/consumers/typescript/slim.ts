// The escape hatch's types, in a browser project and in a Node one (no DOM
// lib): `init` takes the wasm's URL, a Response or its bytes; `initSync` the bytes.
import { init, initSync, Moonshot, AuthenticationError } from 'moonshot-files/slim';

export async function start(bytes: Uint8Array, url: URL): Promise<Moonshot> {
  await init(url);
  await init(fetch(url));
  initSync(bytes);
  return new Moonshot({ apiKey: 'sk-example' });
}

export const isAuthError = (err: unknown): boolean => err instanceof AuthenticationError;
