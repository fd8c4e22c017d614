// The list request: one at a time, given up after about 15 s (7 s a try, one
// retry), cancellable, and never leaving Refresh stuck. A person's Refresh
// replaces a list in flight; a quiet one (the follower's) never replaces
// anything and is skipped while another runs.
import { files } from './api.js';
import { viewList } from './file-view.js';

// Per attempt, and the retries after the first: 7 + ~1 (backoff) + 7 s.
export const LIST_OPTIONS = Object.freeze({ timeout: 7_000, maxRetries: 1 });

/**
 * `load({ quiet })` lists the files into the store; `cancel()` gives up the
 * one in flight. `subscribe(fn)` hears `{ running, quiet, startedAt }`
 * whenever a request starts or ends.
 */
export function createLoader(store) {
  let current = null; // { controller, quiet, startedAt }
  const listeners = new Set();
  const tell = () => {
    const status = { running: Boolean(current), quiet: current?.quiet ?? false, startedAt: current?.startedAt ?? 0 };
    for (const listener of listeners) listener(status);
  };

  async function load({ quiet = false } = {}) {
    if (current && quiet) return;
    current?.controller.abort();
    const controller = new AbortController();
    const request = { controller, quiet, startedAt: performance.now() };
    current = request;
    tell();
    // A quiet refresh keeps the page as it is; a person's shows it is loading.
    // Either way, what changes here while the list is on its way wins over it.
    const token = store.loading({ quiet });
    try {
      const list = await (await files).list({ ...LIST_OPTIONS, signal: controller.signal });
      if (current !== request) return;
      store.loaded(viewList(list), token);
    } catch (error) {
      if (current !== request) return;
      if (controller.signal.aborted) store.cancelled();
      else if (!quiet) store.failed(error);
      // A quiet refresh that failed leaves the table as it was; the next one tries again.
    } finally {
      if (current === request) {
        current = null;
        tell();
      }
    }
  }

  return {
    load,
    cancel: () => current?.controller.abort(),
    get running() {
      return Boolean(current);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
