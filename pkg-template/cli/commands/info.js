// `moonshot-files info ID`: one file's fields, as the API names them.
import { formatBytes, formatDate, printable } from '../format.js';
import { formatJson } from '../file-table.js';

/** `bytes  2457613 (2.3 MiB)`: each field as the wire has it, sizes and dates also as people read them. */
function formatFields(file) {
  const entries = Object.entries(file);
  const width = Math.max(...entries.map(([name]) => name.length));
  return entries
    .map(([name, value]) => {
      let shown = typeof value === 'string' ? printable(value) : printable(JSON.stringify(value) ?? String(value));
      // `bytes` and Unix seconds on the compatible API; `size_bytes` and an RFC 3339 string on the dated one.
      if ((name === 'bytes' || name === 'size_bytes') && Number.isFinite(value)) shown += ` (${formatBytes(value)})`;
      if (name === 'created_at' && Number.isFinite(value)) shown += ` (${formatDate(value)})`;
      if (name === 'created_at' && typeof value === 'string' && Number.isFinite(Date.parse(value))) shown += ` (${formatDate(Date.parse(value) / 1000)})`;
      return `${printable(name).padEnd(width)}  ${shown}\n`;
    })
    .join('');
}

/** @type {import('./index.js').Command} */
export default {
  name: 'info',
  summary: "show one file's details",
  usage: 'info ID [--json]',
  options: {
    json: { type: 'boolean', description: 'print the file as JSON' },
  },
  positionals: { min: 1, max: 1, names: 'ID' },
  details: 'Every field the service sends, by its API name; sizes and dates also as people read them.',
  examples: ['moonshot-files info clg681objj8g9m7n4je0', 'moonshot-files info clg681objj8g9m7n4je0 --json | jq .status'],

  async run({ client, values, positionals, stdout, signal }) {
    const file = await client.files.retrieve(positionals[0], { signal });
    stdout.write(values.json ? formatJson(file) : formatFields(file));
  },
};
