// The checks an upload batch passes before anything is sent: the file's type
// against what its purpose accepts, its size, the account's limits, and a
// file of the same name and size already there. Pure (no DOM): tested in
// Node by tests/dashboard/logic.test.mjs.
import { FORMATS, LIMITS } from './facts.js';
import { formatBytes, formatCount } from './format.js';

/** The extension of a file name, lowercase with its dot (`.pdf`), or '' when it has none. */
export function extensionOf(name) {
  const match = /\.[^./\\]+$/.exec(name);
  return match ? match[0].toLocaleLowerCase('en-US') : '';
}

/** What the file picker offers for a purpose: its extensions, comma-separated (empty: anything). */
export function acceptFor(purpose) {
  return (FORMATS[purpose] ?? []).join(',');
}

/** What the picker's note says a purpose takes: `image takes .jpeg .jpg … and 3 more.`; '' when anything goes. */
export function describeAccepted(purpose) {
  const accepted = acceptFor(purpose).split(',').filter(Boolean);
  if (accepted.length === 0) return '';
  const shown = accepted.length > 6 ? `${accepted.slice(0, 6).join(' ')} and ${formatCount(accepted.length - 6)} more` : accepted.join(' ');
  return `${purpose} takes ${shown}.`;
}

/**
 * Decides, file by file, what of a batch may be sent. `files` are `{ name,
 * size }` (File objects); `account` is what the account holds or is already
 * uploading: `{ count, bytes, files }` (`files`: `{ filename, bytes, id }` of
 * each, for the same-name check). Returns one `{ file, ok, reason, duplicateOf }`
 * per file, in order: `ok` false with the reason it is not sent (`forRoom`:
 * the account has no room for it, which deleting files would make); `duplicateOf`
 * names a file of the same name and size already there (or earlier in the
 * batch), which the page asks about before sending. A refused file leaves
 * room for the next.
 */
export function planUploads(files, account, purpose) {
  let count = account.count;
  let bytes = account.bytes;
  const seen = new Map();
  for (const file of account.files ?? []) seen.set(sameKey(file.filename, file.bytes), file);
  return files.map((file) => {
    const fileReason = fileRefusal(file, purpose);
    if (fileReason) return { file, ok: false, reason: fileReason, duplicateOf: null, forRoom: false };
    const roomReason = roomRefusal(file, count, bytes);
    if (roomReason) return { file, ok: false, reason: roomReason, duplicateOf: null, forRoom: true };
    count += 1;
    bytes += file.size;
    const key = sameKey(file.name, file.size);
    const duplicateOf = seen.get(key) ?? null;
    if (!duplicateOf) seen.set(key, { filename: file.name, bytes: file.size, id: null });
    return { file, ok: true, reason: '', duplicateOf, forRoom: false };
  });
}

const sameKey = (name, size) => `${size}\u0000${name}`;

/** Why the service would refuse the file itself (its type, its size), or ''. */
function fileRefusal(file, purpose) {
  const accepted = FORMATS[purpose];
  if (accepted && !accepted.includes(extensionOf(file.name))) {
    const ext = extensionOf(file.name);
    const list = accepted.length > 8 ? `${accepted.slice(0, 8).join(' ')} and ${formatCount(accepted.length - 8)} more` : accepted.join(' ');
    return `Not sent: ${ext ? `a ${ext} file` : 'a file without an extension'} is not accepted as ${purpose} (it takes ${list}).`;
  }
  if (file.size === 0) return 'Not sent: the file is empty (0 bytes), and the service refuses empty files.';
  if (file.size > LIMITS.maxFileBytes) {
    return `Not sent: ${formatBytes(file.size)} is over the limit of ${formatBytes(LIMITS.maxFileBytes)} per file.`;
  }
  return '';
}

/** Why the account has no room for the file (its file count, its bytes in all), or ''. */
function roomRefusal(file, count, bytes) {
  if (count >= LIMITS.maxFiles) {
    return `Not sent: the account would hold more than ${formatCount(LIMITS.maxFiles)} files. Delete some first.`;
  }
  if (bytes + file.size > LIMITS.maxTotalBytes) {
    const left = Math.max(0, LIMITS.maxTotalBytes - bytes);
    return `Not sent: the account would pass ${formatBytes(LIMITS.maxTotalBytes)} in all (${formatBytes(left)} left). Delete some files first.`;
  }
  return '';
}
