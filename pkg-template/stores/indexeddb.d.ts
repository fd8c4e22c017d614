import type { UploadStore } from '../index.js';

/** A store in IndexedDB, as `indexedDBStore` gives it: the methods `files.ensure` calls, and its database's name. */
export interface IndexedDBStore extends UploadStore {
  /** The IndexedDB database that holds the entries (object store `uploads`). */
  readonly name: string;
  get(key: string): Promise<string | undefined>;
  set(key: string, fileId: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/**
 * Where `files.ensure(upload, { store })` remembers which file holds which
 * bytes in a page or worker: the IndexedDB database `name` (default
 * `moonshot-files`) of the origin, kept across reloads and shared by its tabs.
 */
export function indexedDBStore(options?: { name?: string }): IndexedDBStore;
