// Runs one fault case's call with the package, as plain data the test can
// check. The same functions run in Node and, by their source, in Chromium
// (test/faults.test.mjs puts them into its page), so both environments are
// held to the same steps. They use nothing but their arguments and globals.

/**
 * Calls `client.files[spec.call]` and says how it settled.
 * spec: { call, id, options, abortAfterMs, expectClass, watchdogMs, key }
 * An answer that never settles is reported (`hung`) after watchdogMs.
 */
export async function runCase(sdk, client, spec) {
  const options = { ...spec.options };
  if (spec.abortAfterMs !== undefined) options.signal = AbortSignal.timeout(spec.abortAfterMs);
  const args = spec.call === 'list' ? [options] : [spec.id, options];
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
  clearTimeout(watchdog);
  const ms = performance.now() - started;
  if (outcome.hung) return { hung: true, ms };
  // JSON keeps every string as it was (lone surrogates are escaped), where a
  // structured copy out of the page might not.
  if (outcome.resolved) return { resolved: true, value: JSON.stringify(outcome.value), ms };
  const err = outcome.error;
  const Expected = spec.expectClass ? sdk[spec.expectClass] : undefined;
  const forms = [String(err?.message), String(err), JSON.stringify(err), String(err?.stack), JSON.stringify({ ...err })];
  return {
    resolved: false,
    ms,
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
