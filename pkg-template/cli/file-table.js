// Files as `ls`, `upload` and `prune` print them: one row a file, the file
// name last (it is the one column of any width, and may hold spaces).
import { formatBytes, formatDate, formatTable, printable } from './format.js';

const COLUMNS = [
  { header: 'ID', align: 'left' },
  { header: 'PURPOSE', align: 'left' },
  { header: 'STATUS', align: 'left' },
  { header: 'SIZE', align: 'right' },
  { header: 'CREATED', align: 'left' },
  { header: 'FILENAME', align: 'left' },
];

/** The table of `files` (FileObjects), with its header line. */
export function formatFileTable(files) {
  const rows = files.map((file) => [
    printable(file.id),
    printable(file.purpose),
    printable(file.status),
    formatBytes(file.bytes),
    formatDate(file.created_at),
    printable(file.filename),
  ]);
  return formatTable(COLUMNS, rows);
}

/** `9 files, 57.3 MiB`. */
export function summarize(files) {
  const bytes = files.reduce((sum, file) => sum + (Number.isFinite(file.bytes) ? file.bytes : 0), 0);
  return `${files.length} ${files.length === 1 ? 'file' : 'files'}, ${formatBytes(bytes)}`;
}

/** Pretty JSON for `--json`, ending with a newline. */
export const formatJson = (value) => JSON.stringify(value, null, 2) + '\n';
