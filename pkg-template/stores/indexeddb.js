// moonshot-files/stores/indexeddb: where `files.ensure` remembers which file
// holds which bytes, in the page's (or worker's) IndexedDB, so a reload or
// another tab of the same origin reuses the upload. A storage adapter only:
// what to remember and when is the client's (ensure, in the wasm).
//
// One object store, `uploads`, of file ids by key. Each call is its own
// transaction: IndexedDB runs a write whole or not at all, and orders the
// writes of a key, whichever tab makes them.

const STORE = 'uploads';

/**
 * A store for `files.ensure(upload, { store })` in the IndexedDB database `name`.
 * @param {{ name?: string }} [options]  `name`: default `moonshot-files`
 */
export function indexedDBStore({ name = 'moonshot-files' } = {}) {
  /** @type {Promise<IDBDatabase> | undefined} */
  let opened;
  /** @returns {Promise<IDBDatabase>} */
  const open = () =>
    (opened ??= new Promise((resolve, reject) => {
      const request = indexedDB.open(name, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => {
        const db = request.result;
        // Another tab upgrading the database: let it, and open again next time.
        db.onversionchange = () => {
          db.close();
          opened = undefined;
        };
        resolve(db);
      };
      request.onerror = () => {
        opened = undefined;
        reject(request.error);
      };
    }));
  /**
   * @param {IDBTransactionMode} mode
   * @param {(store: IDBObjectStore) => IDBRequest} action
   * @returns {Promise<unknown>}
   */
  const run = async (mode, action) => {
    const db = await open();
    return new Promise((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const request = action(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = transaction.onabort = () => reject(transaction.error ?? request.error);
    });
  };
  return {
    name,
    /** @param {string} key  @returns {Promise<string | undefined>} */
    async get(key) {
      const fileId = await run('readonly', (store) => store.get(key));
      return typeof fileId === 'string' ? fileId : undefined;
    },
    /** @param {string} key  @param {string} fileId  @returns {Promise<void>} */
    async set(key, fileId) {
      await run('readwrite', (store) => store.put(fileId, key));
    },
    /** @param {string} key  @returns {Promise<void>} */
    async delete(key) {
      await run('readwrite', (store) => store.delete(key));
    },
  };
}
