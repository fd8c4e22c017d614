// Files still processing are followed with one list call every few seconds,
// whatever their number (a call per file would meet the rate limit), and only
// while the page is visible. An upload waits on its file through `watch(id)`.
import { FileProcessingError, NotFoundError } from 'moonshot-files';

const POLL_MS = 3_000;

/** `refresh()` lists quietly (createLoader's `load({ quiet: true })`). */
export function createFollower(store, refresh) {
  const waiting = new Map(); // id -> [{ resolve, reject }]
  let timer = null;

  const processing = () => store.list().some((file) => file.status === 'processing');

  function schedule() {
    if (timer || !processing() || document.hidden) return;
    timer = setTimeout(async () => {
      try {
        await refresh();
      } finally {
        timer = null;
        schedule();
      }
    }, POLL_MS);
  }

  // Settles the uploads waiting on a file that has left `processing`.
  function settle() {
    for (const [id, waiters] of waiting) {
      const file = store.get(id);
      if (file?.status === 'processing') continue;
      waiting.delete(id);
      for (const { resolve, reject } of waiters) {
        // The errors files.waitForProcessing would give.
        if (!file) reject(new NotFoundError('The file was deleted.'));
        else if (file.status === 'error') reject(new FileProcessingError(file.status_details || 'processing failed', { fileId: id, statusDetails: file.status_details ?? undefined }));
        else resolve(file);
      }
    }
  }

  // After every change: settle what waits, and poll while any file is processing.
  store.subscribe(() => {
    settle();
    schedule();
  });
  document.addEventListener('visibilitychange', schedule);

  return {
    /** Resolves with the file once it has left `processing`; rejects if it failed or went away. */
    watch(id) {
      return new Promise((resolve, reject) => {
        const list = waiting.get(id) ?? [];
        list.push({ resolve, reject });
        waiting.set(id, list);
        settle();
        schedule();
      });
    },
  };
}
