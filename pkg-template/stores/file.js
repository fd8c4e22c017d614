// moonshot-files/stores/file: where `files.ensure` remembers which file holds
// which bytes, in files on disk, so a later run (or another process) reuses
// the upload. For Node, Deno and Bun (node:fs). A storage adapter only: what
// to remember and when is the client's (ensure, in the wasm).
//
// One file a key, named by the key's SHA-256 (a key holds spaces, a URL and a
// colon, which no file name may). A write goes to a file of its own first,
// then is renamed over the entry: a rename replaces a file whole, so a reader
// (or another process writing the same key at once) sees the old entry or
// the new one, never half of one. The last writer wins, which for a file id
// of the same bytes is as good as the first.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';

/**
 * The user's cache directory for this package: %LOCALAPPDATA% on Windows,
 * ~/Library/Caches on macOS, $XDG_CACHE_HOME or ~/.cache elsewhere.
 * @returns {string}
 */
export function defaultDir() {
  const env = process.env;
  const base =
    process.platform === 'win32'
      ? env.LOCALAPPDATA || join(homedir(), 'AppData', 'Local')
      : process.platform === 'darwin'
        ? join(homedir(), 'Library', 'Caches')
        : env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'moonshot-files', 'uploads');
}

/** @param {string} key */
const nameOf = (key) => `${createHash('sha256').update(key).digest('hex')}.json`;

/** @param {unknown} err */
const missing = (err) => /** @type {{ code?: string }} */ (err)?.code === 'ENOENT';

/**
 * A store for `files.ensure(upload, { store })` in the files of `dir`.
 * @param {{ dir?: string }} [options]  `dir`: default, the user's cache directory (defaultDir())
 */
export function fileStore({ dir = defaultDir() } = {}) {
  return {
    dir,
    /** @param {string} key  @returns {Promise<string | undefined>} */
    async get(key) {
      let text;
      try {
        text = await readFile(join(dir, nameOf(key)), 'utf8');
      } catch (err) {
        if (missing(err)) return undefined;
        throw err;
      }
      // An entry that is not ours (edited by hand, another key's) is no entry:
      // ensure uploads again and writes it anew.
      try {
        const entry = JSON.parse(text);
        return entry?.key === key && typeof entry.fileId === 'string' ? entry.fileId : undefined;
      } catch {
        return undefined;
      }
    },
    /** @param {string} key  @param {string} fileId  @returns {Promise<void>} */
    async set(key, fileId) {
      await mkdir(dir, { recursive: true });
      const entry = join(dir, nameOf(key));
      const own = `${entry}.${randomUUID()}.tmp`;
      await writeFile(own, JSON.stringify({ key, fileId }));
      try {
        await rename(own, entry);
      } catch (err) {
        await rm(own, { force: true });
        throw err;
      }
    },
    /** @param {string} key  @returns {Promise<void>} */
    async delete(key) {
      await rm(join(dir, nameOf(key)), { force: true });
    },
  };
}
