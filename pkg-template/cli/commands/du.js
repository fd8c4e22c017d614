// `moonshot-files du`: files.usage, the account's files and bytes against
// the service's limits, each with a bar, and the largest file it takes.
import { formatJson } from '../file-table.js';
import { formatBar, formatBytes, formatPercent } from '../format.js';

const BAR_WIDTH = 30;

/**
 * The usage as people read it, one limit a line:
 * `files  9 of 1000             [#----…]   0%`,
 * `bytes  57.3 MiB of 10.0 GiB  [#----…]   0%`,
 * `largest file allowed: 100 MiB`.
 * @param {import('moonshot-files').Usage} usage
 */
function formatUsage({ fileCount, totalBytes, maxFiles, maxTotalBytes, maxFileBytes }) {
  const rows = [
    { name: 'files', used: `${fileCount} of ${maxFiles}`, share: fileCount / maxFiles, percent: formatPercent(fileCount, maxFiles) },
    {
      name: 'bytes',
      used: `${formatBytes(totalBytes)} of ${formatBytes(maxTotalBytes)}`,
      share: totalBytes / maxTotalBytes,
      percent: formatPercent(totalBytes, maxTotalBytes),
    },
  ];
  const width = Math.max(...rows.map(({ used }) => used.length));
  const lines = rows.map(({ name, used, share, percent }) => `${name}  ${used.padEnd(width)}  ${formatBar(share, BAR_WIDTH)}  ${percent.padStart(4)}\n`);
  return `${lines.join('')}largest file allowed: ${formatBytes(maxFileBytes)}\n`;
}

/** @type {import('./index.js').Command} */
export default {
  name: 'du',
  summary: "show the account's usage against its limits",
  usage: 'du [--json]',
  options: {
    json: { type: 'boolean', description: 'print the usage as JSON: fileCount, totalBytes, maxFiles,\nmaxTotalBytes, maxFileBytes' },
  },
  positionals: { min: 0, max: 0 },
  details:
    'The files and bytes the account holds, each against the most it may hold (1000 files,\n' +
    '10 GiB in all) with a bar and its share, then the largest file the service takes.\n' +
    'It reads one list of the files. "upload --make-room" or "prune" make room.',
  examples: ['moonshot-files du', 'moonshot-files du --json | jq .fileCount'],

  async run({ client, values, stdout, signal }) {
    const usage = await client.files.usage({ signal });
    stdout.write(values.json ? formatJson(usage) : formatUsage(usage));
  },
};
