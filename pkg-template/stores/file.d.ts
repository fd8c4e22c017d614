import type { UploadStore } from '../index.js';

/** A store in files, as `fileStore` gives it: the methods `files.ensure` calls, and where it keeps them. */
export interface FileStore extends UploadStore {
  /** The folder that holds the entries, one file a key. */
  readonly dir: string;
  get(key: string): Promise<string | undefined>;
  set(key: string, fileId: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/**
 * Where `files.ensure(upload, { store })` remembers which file holds which
 * bytes: files in `dir` (default: the user's cache directory, see
 * `defaultDir`), one a key, each written whole (to a file of its own, then
 * renamed over the entry), so two processes may share it. Node, Deno and Bun.
 */
export function fileStore(options?: { dir?: string }): FileStore;

/** The default folder: %LOCALAPPDATA% on Windows, ~/Library/Caches on macOS, $XDG_CACHE_HOME or ~/.cache elsewhere; then moonshot-files/uploads. */
export function defaultDir(): string;
