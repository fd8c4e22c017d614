// The local files `upload` and `extract` send, checked before anything is
// sent: `upload a b c` with a missing or oversized `c` uploads none, rather
// than two and an error.
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { LIMITS } from '../lib/api-facts.js';
import { UsageError } from './args.js';
import { formatBytes } from './format.js';

/** `{ path, filename, size }` of a regular, non-empty file within the service's limit. */
export function checkLocalFile(path) {
  let stats;
  try {
    stats = statSync(path);
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${err.code === 'ENOENT' ? 'no such file' : err.code || err.message}`);
  }
  if (!stats.isFile()) throw new UsageError(`${path} is not a file`);
  if (stats.size === 0) throw new UsageError(`${path} is empty: the service refuses empty files`);
  if (stats.size > LIMITS.maxFileBytes) {
    throw new UsageError(`${path} is ${formatBytes(stats.size)}: the service takes at most ${formatBytes(LIMITS.maxFileBytes)} a file`);
  }
  return { path, filename: basename(path), size: stats.size };
}
