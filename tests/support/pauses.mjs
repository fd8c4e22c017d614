// The pauses the package decides on, as it asks for them: it waits before a
// retry (and between the polls of waitForProcessing) by calling the global
// setTimeout from its wasm, through wasm-bindgen's import shim (`function
// (arg0, arg1) { return setTimeout(arg0, arg1); }`, called by the wasm
// itself), which looks the global up at each call. So a
// test that wraps the global around a call sees the exact delays the client
// chose, whatever the machine's load. (Per-attempt timeouts are
// AbortSignal.timeout(), not setTimeout: they are not seen here.)
//
// recordPauses uses nothing but globals: tests/js/faults.test.mjs puts its
// source into a page, so the same recorder runs in Node and in Chromium.

/**
 * Records the package's pauses until `stop()`. Each pause is `{ ms, at, fired }`:
 * the delay asked for, Date.now() when it was asked for, and whether its timer
 * has fired (a pause an abort cut short has its timer cleared: it never fires).
 * Every other setTimeout (the platform's HTTP client, the test's own) passes
 * through unrecorded. `onPause(pause)`, if given, runs once the package has
 * set up the pause (a microtask later): a test may abort the call then, so
 * that the abort comes during the pause by the order of events.
 */
export function recordPauses({ onPause } = {}) {
  const platformSetTimeout = globalThis.setTimeout;
  const pauses = [];
  // Whether this setTimeout's caller was called by wasm code: the stack's
  // lines are the Error, the wrapper below, the caller, and the caller's
  // caller, here a wasm frame (V8 writes `wasm://wasm/…:wasm-function[N]`, in
  // Node and in Chromium). The package's import shim is the only JS the wasm
  // calls that calls setTimeout; a test's or the platform's callback that
  // does is called from JS, a frame further. (Inside this function: the page
  // of tests/js/faults.test.mjs is given its source alone.)
  const calledByTheWasm = (stack) => /wasm:\/\/wasm\/|wasm-function\[/.test(String(stack).split('\n')[3] ?? '');
  globalThis.setTimeout = function setTimeout(handler, ms, ...args) {
    const at = Date.now();
    if (typeof handler !== 'function' || !calledByTheWasm(new Error().stack)) {
      return Reflect.apply(platformSetTimeout, this, [handler, ms, ...args]);
    }
    const pause = { ms, at, fired: false };
    pauses.push(pause);
    if (onPause) queueMicrotask(() => onPause(pause));
    const fire = function (...values) {
      pause.fired = true;
      return Reflect.apply(handler, this, values);
    };
    return Reflect.apply(platformSetTimeout, this, [fire, ms, ...args]);
  };
  return {
    pauses,
    stop: () => {
      globalThis.setTimeout = platformSetTimeout;
    },
  };
}

