// The account's limits (the API doc's "Limits", counted in binary units as the
// service does) and the check an upload batch passes before anything is sent.
// Pure (no DOM): tested in Node by ../logic.test.mjs.
import { formatBytes, formatCount } from './format.js';

export const LIMITS = Object.freeze({
  maxFiles: 1000,
  maxFileBytes: 100 * 1024 * 1024,
  maxTotalBytes: 10 * 1024 * 1024 * 1024,
});

/** The purposes the API documents, in the order the upload form offers them. */
export const PURPOSES = Object.freeze([
  { value: 'file-extract', label: 'file-extract', hint: 'text for chat' },
  { value: 'image', label: 'image', hint: 'vision' },
  { value: 'video', label: 'video', hint: 'video understanding' },
  { value: 'batch', label: 'batch', hint: 'JSONL batch jobs' },
]);

/**
 * Decides, file by file, what of a batch may be sent. `files` are `{ name,
 * size }` (File objects); `account` is what the account holds or is already
 * uploading: `{ count, bytes }`. Returns one `{ file, ok, reason }` per file,
 * in order; a file refused for the account's limits leaves room for the next.
 */
export function planUploads(files, account) {
  let count = account.count;
  let bytes = account.bytes;
  return files.map((file) => {
    const reason = refusal(file, count, bytes);
    if (reason) return { file, ok: false, reason };
    count += 1;
    bytes += file.size;
    return { file, ok: true, reason: '' };
  });
}

function refusal(file, count, bytes) {
  if (file.size === 0) return 'Not sent: the file is empty (0 bytes), and the service refuses empty files.';
  if (file.size > LIMITS.maxFileBytes) {
    return `Not sent: ${formatBytes(file.size)} is over the limit of ${formatBytes(LIMITS.maxFileBytes)} per file.`;
  }
  if (count >= LIMITS.maxFiles) {
    return `Not sent: the account would hold more than ${formatCount(LIMITS.maxFiles)} files. Delete some first.`;
  }
  if (bytes + file.size > LIMITS.maxTotalBytes) {
    const left = Math.max(0, LIMITS.maxTotalBytes - bytes);
    return `Not sent: the account would pass ${formatBytes(LIMITS.maxTotalBytes)} in all (${formatBytes(left)} left). Delete some files first.`;
  }
  return '';
}
