// `moonshot-files prune`: files.prune, for room under the account's limits.
// It only shows what it would delete (dryRun) unless --yes.
import { PURPOSES } from '../../lib/api-facts.js';
import { oneOf, readCount, readOlderThan, STATUSES, UsageError } from '../args.js';
import { describeError } from '../errors.js';
import { formatFileTable, formatJson, summarize } from '../file-table.js';
import { printable } from '../format.js';

/** @type {import('./index.js').Command} */
export default {
  name: 'prune',
  summary: 'delete files by purpose, status or age (shows them first)',
  usage: 'prune [--purpose P] [--status S] [--older-than AGE|DATE] [--keep-newest N] [--yes] [--json]',
  options: {
    purpose: { type: 'string', value: 'P', description: `only files of this purpose (${PURPOSES.join(', ')})` },
    status: { type: 'string', value: 'S', description: `only files in this state (${STATUSES.join(', ')}; ready takes ok too)` },
    'older-than': {
      type: 'string',
      value: 'AGE|DATE',
      description: 'only files uploaded longer ago than an age (30d, 12h, 90m, 2w, 1d12h)\nor before a date (2026-01-31, local midnight; 2026-01-31T12:00Z)',
    },
    'keep-newest': { type: 'string', value: 'N', description: 'spare the newest N of the matching files' },
    yes: { type: 'boolean', short: 'y', description: 'delete them (without it, only show them)' },
    json: { type: 'boolean', description: 'print the files as a JSON array' },
  },
  positionals: { min: 0, max: 0 },
  details:
    'Every filter given must hold. Without --yes it prints the files it would delete and\n' +
    'deletes nothing; with --yes it deletes them (it needs at least one filter) and prints\n' +
    'what went. If some cannot be deleted, it prints "ID  deleted" for those that went,\n' +
    'one error line each for the rest, and exits with 1.',
  examples: [
    'moonshot-files prune --status error',
    'moonshot-files prune --purpose file-extract --older-than 30d --yes',
    'moonshot-files prune --keep-newest 100 --yes',
  ],

  async run({ client, values, stdout, stderr, signal }) {
    const filter = {
      purpose: values.purpose === undefined ? undefined : oneOf('--purpose', values.purpose, PURPOSES),
      status: values.status === undefined ? undefined : oneOf('--status', values.status, STATUSES),
      olderThan: values['older-than'] === undefined ? undefined : readOlderThan(values['older-than']),
      keepNewest: values['keep-newest'] === undefined ? undefined : readCount('--keep-newest', values['keep-newest'], 0),
    };
    const dryRun = values.yes !== true;
    if (!dryRun && Object.values(filter).every((value) => value === undefined)) {
      throw new UsageError('prune --yes needs at least one of --purpose, --status, --older-than, --keep-newest (it would delete every file)');
    }
    let files;
    try {
      files = await client.files.prune({ ...filter, dryRun }, { signal });
    } catch (err) {
      if (err?.name !== 'PruneError') throw err;
      // Some went, some did not: each id once, as rm says it.
      for (const id of err.deleted) stdout.write(`${printable(id)}  deleted\n`);
      for (const { id, error } of err.failed) stderr.write(`moonshot-files: ${printable(id)} not deleted: ${describeError(error)}\n`);
      throw err;
    }
    if (values.json) stdout.write(formatJson(files));
    else if (files.length > 0) stdout.write(formatFileTable(files));
    if (dryRun) {
      stderr.write(
        files.length === 0 ? 'no file matches\n' : `would delete ${summarize(files)}; run again with --yes to delete them\n`,
      );
    } else {
      stderr.write(files.length === 0 ? 'no file matches; nothing deleted\n' : `deleted ${summarize(files)}\n`);
    }
  },
};
