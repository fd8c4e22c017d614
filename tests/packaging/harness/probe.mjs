// What every consumer proves, wherever it runs: it lists the files, uploads
// a Blob made in memory and the files it has from disk (a file-backed Blob,
// or in a page the File of an <input type=file>), ensures one of them twice
// (uploaded, then reused: the key's SHA-256 is the runtime's node:crypto's
// or the wasm's, and must be the bytes' either way), and catches a wrong
// key's 401 as an AuthenticationError. The test copies this file into each
// consumer as probe.mjs; the consumer imports the package its own way and
// hands the classes over (and its client, where it makes one itself). The
// probe never throws: it returns what it saw as plain JSON, and the test
// decides whether that is right, checking the bytes that arrived.

/** The file the test puts beside each consumer (upload-fixture.mjs), and the input a page offers it to. */
export const UPLOAD_NAME = 'upload.bin';
export const UPLOAD_INPUT = 'probe-upload';

/**
 * `files`: [{ how, file }], each uploaded under UPLOAD_NAME unless it is a
 * File, which keeps its own name; `how` names where it came from.
 */
export async function probe({ Moonshot, AuthenticationError, client: given }, options = {}, files = []) {
  const seen = {};
  try {
    const client = given ?? new Moonshot(options);
    const list = await client.files.list();
    seen.object = list.object;
    seen.isPlainObject = Object.getPrototypeOf(list) === Object.prototype && Array.isArray(list.data);
    seen.filenames = list.data.map((file) => file.filename);
    seen.firstFile = list.data[0];
    seen.uploaded = await client.files.create({ file: new Blob(['hello']), filename: 'hello.txt', purpose: 'file-extract' });
    seen.fromDisk = [];
    for (const { how, file } of files) {
      const params = file instanceof File ? { file, purpose: 'file-extract' } : { file, filename: UPLOAD_NAME, purpose: 'file-extract' };
      // One failed upload is reported beside the others: the test compares what arrived.
      seen.fromDisk.push(
        await client.files.create(params).then(
          (created) => ({ how, size: file.size, created }),
          (err) => ({ how, size: file.size, failed: { name: err?.name, message: err?.message ?? String(err) } }),
        ),
      );
    }
    // The first file from disk (its bytes come in chunks), else the Blob.
    const [{ file } = { file: new Blob(['hello']) }] = files;
    const store = new Map();
    const ensured = [];
    for (let i = 0; i < 2; i++) {
      const { file: got, reused } = await client.files.ensure({ file, filename: UPLOAD_NAME, purpose: 'file-extract' }, { store });
      ensured.push({ id: got.id, reused });
    }
    seen.ensured = { key: [...store.keys()].find((key) => key.startsWith('sha256:')), ensured };
    try {
      await new Moonshot({ ...options, apiKey: 'sk-wrong-key' }).files.list();
      seen.wrongKey = 'no error';
    } catch (err) {
      seen.wrongKey = {
        name: err?.name,
        isAuthenticationError: err instanceof AuthenticationError,
        isError: err instanceof Error,
        status: err?.status,
        type: err?.type,
        requestId: err?.requestId,
        message: err?.message,
      };
    }
  } catch (err) {
    seen.failed = { name: err?.name, message: err?.message ?? String(err), stack: err?.stack };
  }
  return seen;
}

/** On a page: the File the user picks in an <input type=file> the probe adds (the test picks it with Playwright). */
function pickedFile() {
  const input = document.createElement('input');
  input.type = 'file';
  input.id = UPLOAD_INPUT;
  // A classic script in the <head> runs before there is a body.
  (document.body ?? document.documentElement).append(input);
  return new Promise((resolve) => input.addEventListener('change', () => resolve(input.files[0]), { once: true }));
}

/**
 * On a test page: runs the probe where the query string says (`in=worker`:
 * in the worker `startWorker()` returns, else on the page itself), with the
 * mock's base URL and key from the query and the file picked in the page's
 * input (a worker is sent the File); sets globalThis.probeResult.
 */
export function probePage(classes, startWorker) {
  const params = new URLSearchParams(location.search);
  // A page holds a key only in a test: a real one calls a proxy that holds it.
  const options = { baseURL: params.get('base'), apiKey: params.get('key'), dangerouslyAllowBrowser: true };
  const done = (seen) => {
    globalThis.probeResult = seen;
  };
  const picked = pickedFile();
  if (params.get('in') !== 'worker') {
    picked.then((file) => probe(classes, options, [{ how: 'input', file }])).then(done);
    return;
  }
  const worker = startWorker();
  // The worker says 'ready' once it listens: a message sent before that,
  // while its imports still load, could reach no handler and be lost.
  worker.onmessage = (event) =>
    event.data === 'ready' ? picked.then((file) => worker.postMessage({ options, file })) : done(event.data);
  // A worker that fails to load or throws says no more than this.
  worker.onerror = (event) => done({ failed: { name: 'WorkerError', message: event.message || 'the worker failed to load' } });
}

/** In a worker: runs the probe with the options and File the page posts, posts back what it saw. */
export function answerProbes(classes) {
  self.onmessage = async ({ data: { options, file } }) => self.postMessage(await probe(classes, options, [{ how: 'input', file }]));
  self.postMessage('ready');
}
