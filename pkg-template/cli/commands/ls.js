// `moonshot-files ls`: the account's files, oldest first, as the API lists them.
import { PURPOSES } from '../../lib/api-facts.js';
import { oneOf } from '../args.js';
import { formatFileTable, formatJson, summarize } from '../file-table.js';

/** @type {import('./index.js').Command} */
export default {
  name: 'ls',
  summary: 'list the files of the account',
  usage: 'ls [--purpose P] [--json]',
  options: {
    purpose: { type: 'string', value: 'P', description: `only files of this purpose (${PURPOSES.join(', ')})` },
    json: { type: 'boolean', description: 'print the files as a JSON array' },
  },
  positionals: { min: 0, max: 0 },
  details: 'Columns: ID, PURPOSE, STATUS, SIZE, CREATED (local time), FILENAME; oldest first.\nThe count and total size go to stderr.',
  examples: ['moonshot-files ls', 'moonshot-files ls --purpose image', "moonshot-files ls --json | jq -r '.[].id'"],

  async run({ client, values, stdout, stderr, signal }) {
    const purpose = values.purpose === undefined ? undefined : oneOf('--purpose', values.purpose, PURPOSES);
    // The library filters (the service lists every file); the flag was checked above, in the CLI's words.
    // No pageSize: on the dated API too the service answers the whole list at
    // once (one request, not one a page), `items` in place of `data`. It lists
    // newest first there: reversed, ls keeps its one order, oldest first.
    const list = await client.files.list(purpose === undefined ? {} : { purpose }, { signal });
    const files = 'data' in list ? list.data : [...list.items].reverse();
    if (values.json) {
      stdout.write(formatJson(files));
      return;
    }
    if (files.length > 0) stdout.write(formatFileTable(files));
    stderr.write(`${summarize(files)}${purpose === undefined ? '' : ` of purpose ${purpose}`}\n`);
  },
};
