// The classes the wasm core makes (Moonshot, Files), as every entry exports
// them (with the core's free functions: fileRef, imagePart, videoPart), with
// what only JS can give them: the caller's lines in an error's
// stack, the upload sources a platform has besides a Blob, and a client that
// prints as its settings. Every call still runs in the core, written once.
import { Files, Moonshot, fileRef, imagePart, videoPart } from './moonshot_files.js';

/** The methods that return a promise of the service's answer (each a method of the core's Files). */
const CALLS = /** @type {const} */ (['list', 'create', 'retrieve', 'delete', 'content', 'download', 'extractedText', 'waitForProcessing', 'extract', 'deleteMany', 'prune', 'usage', 'makeRoom', 'ensure', 'findUploaded']);
/** The methods whose first argument holds the upload's `file`. */
const UPLOADS = new Set(['create', 'extract', 'ensure', 'findUploaded']);

for (const name of CALLS) {
  const call = /** @type {unknown} */ (Files.prototype[name]);
  if (typeof call !== 'function') throw new Error(`moonshot-files: the core has no Files.${name}`);
  // An async function: V8 (Node, Deno, Chromium, workerd) and JavaScriptCore
  // (Bun) give an error stamped after its await the frames of every caller
  // awaiting it, which an error made inside wasm lacks.
  const wrapped = {
    /** @param {...unknown} args */
    async [name](...args) {
      if (UPLOADS.has(name) && isObject(args[0])) args[0] = await withBlob(args[0]);
      try {
        return await call.apply(this, args);
      } catch (err) {
        if (err instanceof Error && typeof Error.captureStackTrace === 'function') Error.captureStackTrace(err, wrapped);
        throw err;
      }
    },
  }[name];
  const value = name === 'list' ? iterable(wrapped) : wrapped;
  Object.defineProperty(Files.prototype, name, { value, writable: true, configurable: true });
}

/**
 * `list` whose promise is also async-iterable, openai-node's convention:
 * `for await (const file of client.files.list({ pageSize: 100 }))` yields
 * every file, asking for each next page by its `next_page_token` (the
 * dated API's); a compatible list is one answer, its `data`.
 * @param {(this: Files, params?: object, options?: object) => Promise<any>} list
 */
function iterable(list) {
  /** @this {Files} @param {any} params @param {any} options */
  return function (params, options) {
    const first = list.call(this, params, options);
    const files = this;
    return Object.assign(first, {
      async *[Symbol.asyncIterator]() {
        let page = await first;
        for (;;) {
          yield* page.items ?? page.data;
          if (typeof page.next_page_token !== 'string' || page.next_page_token === '') return;
          page = await list.call(files, { ...params, pageToken: page.next_page_token }, options);
        }
      },
    });
  };
}

// `console.log(client)`, `util.inspect` and JSON show the settings, never the key.
const INSPECT = Symbol.for('nodejs.util.inspect.custom');
Object.defineProperty(Moonshot.prototype, INSPECT, {
  /**
   * Node's `util.inspect` hook, given its depth, options and inspect function.
   * @this {Moonshot}
   * @param {number} [depth]
   * @param {object} [options]
   * @param {(value: unknown, options?: object) => string} [inspect]
   */
  value(depth, options, inspect) {
    const settings = this.toJSON();
    return `Moonshot ${typeof inspect === 'function' ? inspect(settings, options) : JSON.stringify(settings)}`;
  },
  configurable: true,
});

/** @param {unknown} value @returns {value is Record<PropertyKey, unknown>} */
function isObject(value) {
  return typeof value === 'object' && value !== null;
}

/**
 * The upload's params with its `file` as a Blob where it came as a fetch
 * `Response`, a Node `fs.ReadStream` or another async iterable of bytes; its
 * name from the source where the params give none. A stream of a file on
 * disk is read by the platform from the disk (fs.openAsBlob); any other is
 * read once, each chunk into a Blob of its own as it comes, so no byte is
 * held twice.
 * @param {Record<string, unknown>} params
 */
async function withBlob(params) {
  const { file } = params;
  if (!isObject(file) || file instanceof Blob || file instanceof ArrayBuffer || ArrayBuffer.isView(file)) return params;
  let blob;
  let name;
  if (typeof Response === 'function' && file instanceof Response) {
    blob = await file.blob();
    name = nameOfUrl(file.url);
  } else if (wholeFileStream(file) && openAsBlob()) {
    // A Node fs.ReadStream of a whole file: the platform reads it from disk
    // as it sends; the stream itself is let go unread.
    const path = /** @type {string} */ (file.path);
    /** @type {{ destroy?: () => void }} */ (file).destroy?.();
    blob = await openAsBlob()(path);
    name = baseName(path);
  } else if (typeof file[Symbol.asyncIterator] === 'function') {
    const parts = [];
    for await (const chunk of /** @type {AsyncIterable<unknown>} */ (/** @type {unknown} */ (file))) {
      parts.push(new Blob([typeof chunk === 'string' ? chunk : /** @type {BlobPart} */ (chunk)]));
    }
    blob = new Blob(parts);
    name = typeof file.path === 'string' ? baseName(file.path) : undefined;
  } else {
    return params;
  }
  return { ...params, file: blob, ...(params.filename === undefined && name ? { filename: name } : {}) };
}

/** A Node `fs.ReadStream` of a whole file (no `start` or `end` given), not yet read. */
function wholeFileStream(/** @type {Record<string, any>} */ file) {
  return typeof file.path === 'string' && typeof file.pipe === 'function' && file.start === undefined && file.end === Infinity && file.bytesRead === 0;
}

/** `fs.openAsBlob` where the runtime has it (Node 20.16+, Deno, Bun), else undefined. */
function openAsBlob() {
  const process = /** @type {any} */ (globalThis).process;
  const fs = typeof process?.getBuiltinModule === 'function' ? process.getBuiltinModule('node:fs') : undefined;
  return typeof fs?.openAsBlob === 'function' ? fs.openAsBlob : undefined;
}

/** @param {string} path */
function baseName(path) {
  return path.split(/[\\/]/).pop() || undefined;
}

/** @param {string} url */
function nameOfUrl(url) {
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '') || undefined;
  } catch {
    return undefined;
  }
}

export { Files, Moonshot, fileRef, imagePart, videoPart };
export default Moonshot;
