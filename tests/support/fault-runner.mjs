// Runs one fault case's call with the package, as plain data the test can
// check. The same functions run in Node and, by their source, in Chromium
// (tests/js/faults.test.mjs puts them and recordPauses into its page), so both
// environments are held to the same steps. They use nothing but their
// arguments, globals and recordPauses.
import { recordPauses } from './pauses.mjs';

/**
 * Calls `client.files[spec.call]` and says how it settled, how long it took
 * and the pauses the client asked for meanwhile (recordPauses).
 * spec: { call, id, options, abortInPause, expectClass, watchdogMs, key }
 * With abortInPause the call is aborted as soon as the client sets up a pause.
 * A call that never settles is reported (`hung`) after watchdogMs, a hang
 * detector far past any case's own time.
 */
export async function runCase(sdk, client, spec) {
  const options = { ...spec.options };
  const args = spec.call === 'list' ? [options] : [spec.id, options];
  // Start at the beginning of a turn of the event loop: Node arms timers
  // (AbortSignal.timeout too) from the loop's clock, read when the turn began,
  // so a call started late in a long turn would see its timeout fire early by
  // the clock that times it.
  await new Promise((resolve) => setTimeout(resolve, 1));
  const controller = new AbortController();
  if (spec.abortInPause) options.signal = controller.signal;
  const recording = recordPauses({ onPause: () => spec.abortInPause && controller.abort() });
  const started = performance.now();
  let watchdog;
  const outcome = await Promise.race([
    client.files[spec.call](...args).then(
      (value) => ({ resolved: true, value }),
      (error) => ({ resolved: false, error }),
    ),
    new Promise((resolve) => {
      watchdog = setTimeout(() => resolve({ hung: true }), spec.watchdogMs);
    }),
  ]);
  const ms = performance.now() - started;
  // As they were when the call settled: a pause still pending then was cut short.
  const pauses = recording.pauses.map((pause) => ({ ...pause }));
  recording.stop();
  clearTimeout(watchdog);
  if (outcome.hung) return { hung: true, ms, pauses };
  // JSON keeps every string as it was (lone surrogates are escaped), where a
  // structured copy out of the page might not.
  if (outcome.resolved) return { resolved: true, value: JSON.stringify(outcome.value), ms, pauses };
  const err = outcome.error;
  const Expected = spec.expectClass ? sdk[spec.expectClass] : undefined;
  const forms = [String(err?.message), String(err), JSON.stringify(err), String(err?.stack), JSON.stringify({ ...err })];
  return {
    resolved: false,
    ms,
    pauses,
    name: err?.name,
    constructorName: err?.constructor?.name,
    isExpected: typeof Expected === 'function' && err instanceof Expected,
    isMoonshot: err instanceof sdk.MoonshotError,
    isError: err instanceof Error,
    message: String(err?.message),
    status: err?.status,
    type: err?.type,
    attempts: err?.attempts,
    path: err?.path,
    keyLeaked: spec.key ? forms.some((form) => form.includes(spec.key)) : false,
  };
}

/** The ordinary call after a case: the file count, or what went wrong. */
export async function recover(client, watchdogMs) {
  let watchdog;
  const outcome = await Promise.race([
    client.files.list().then(
      (page) => ({ files: page.data.length }),
      (error) => ({ error: `${error.name}: ${error.message}` }),
    ),
    new Promise((resolve) => {
      watchdog = setTimeout(() => resolve({ error: `no answer in ${watchdogMs} ms` }), watchdogMs);
    }),
  ]);
  clearTimeout(watchdog);
  return outcome;
}
