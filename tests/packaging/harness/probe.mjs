// What every consumer proves, wherever it runs: it lists the files, uploads
// a Blob, and catches a wrong key's 401 as an AuthenticationError. The test
// copies this file into each consumer as probe.mjs; the consumer imports the
// package its own way and hands the classes over. The probe never throws: it
// returns what it saw as plain JSON, and the test decides whether that is right.
export async function probe({ Moonshot, AuthenticationError }, options = {}) {
  const seen = {};
  try {
    const client = new Moonshot(options);
    const list = await client.files.list();
    seen.object = list.object;
    seen.isPlainObject = Object.getPrototypeOf(list) === Object.prototype && Array.isArray(list.data);
    seen.filenames = list.data.map((file) => file.filename);
    seen.firstFile = list.data[0];
    seen.uploaded = await client.files.create({ file: new Blob(['hello']), filename: 'hello.txt', purpose: 'file-extract' });
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

/**
 * On a test page: runs the probe where the query string says (`in=worker`:
 * in the worker `startWorker()` returns, else on the page itself), with the
 * mock's base URL and key from the query; sets globalThis.probeResult.
 */
export function probePage(classes, startWorker) {
  const params = new URLSearchParams(location.search);
  // A page holds a key only in a test: a real one calls a proxy that holds it.
  const options = { baseURL: params.get('base'), apiKey: params.get('key'), dangerouslyAllowBrowser: true };
  const done = (seen) => {
    globalThis.probeResult = seen;
  };
  if (params.get('in') !== 'worker') {
    probe(classes, options).then(done);
    return;
  }
  const worker = startWorker();
  // The worker says 'ready' once it listens: a message sent before that,
  // while its imports still load, could reach no handler and be lost.
  worker.onmessage = (event) => (event.data === 'ready' ? worker.postMessage(options) : done(event.data));
  // A worker that fails to load or throws says no more than this.
  worker.onerror = (event) => done({ failed: { name: 'WorkerError', message: event.message || 'the worker failed to load' } });
}

/** In a worker: runs the probe with the options the page posts, posts back what it saw. */
export function answerProbes(classes) {
  self.onmessage = async (event) => self.postMessage(await probe(classes, event.data));
  self.postMessage('ready');
}
