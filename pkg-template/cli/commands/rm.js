// `moonshot-files rm ID...`: files.deleteMany, one line per id in the
// order given; it goes through every id whatever fails.
import { describeError } from '../errors.js';
import { printable } from '../format.js';

const OUTCOME = { deleted: 'deleted', not_found: 'not found', failed: 'failed' };

/** @type {import('./index.js').Command} */
export default {
  name: 'rm',
  summary: 'delete files',
  usage: 'rm ID... [--force]',
  options: {
    force: { type: 'boolean', short: 'f', description: 'a missing file is no failure (as rm -f)' },
  },
  positionals: { min: 1, max: Infinity, names: 'ID...' },
  details:
    'Prints "ID  deleted", "ID  not found: <error>" or "ID  failed: <error>" for each id, the\n' +
    'error with its class, status and request id; exits with 0 when every file was deleted,\n' +
    '1 when any was not found (unless --force) or failed.',
  examples: ['moonshot-files rm clg681objj8g9m7n4je0 cn1s7kqlnl9e5oqr8p1g', "moonshot-files ls --purpose batch --json | jq -r '.[].id' | xargs -r moonshot-files rm"],

  async run({ client, values, positionals, stdout, stderr, signal }) {
    const results = await client.files.deleteMany(positionals, { signal });
    for (const { id, status, error } of results) {
      const outcome = OUTCOME[status] ?? printable(status);
      // A missing id's error too: its class, status and request id are what support asks for.
      stdout.write(`${printable(id)}  ${outcome}${error ? `: ${describeError(error)}` : ''}\n`);
    }
    const missed = results.filter(({ status }) => status !== 'deleted' && !(status === 'not_found' && values.force));
    if (missed.length === 0) return 0;
    stderr.write(`moonshot-files: ${missed.length} of ${results.length} not deleted\n`);
    return 1;
  },
};
