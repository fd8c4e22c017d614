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

/**
 * What the table shows of a file of either shape: a compatible FileObject
 * (`bytes`, `created_at` in Unix seconds, `status`) or a dated FileMetadata
 * (`size_bytes`, `created_at` an RFC 3339 string, `extract_status`, maybe no
 * `purpose`). `created` is Unix seconds, NaN when unreadable.
 */
export function fileFacts(file) {
  const dated = 'size_bytes' in file || 'extract_status' in file || typeof file.created_at === 'string';
  return {
    size: dated ? file.size_bytes : file.bytes,
    created: typeof file.created_at === 'string' ? Date.parse(file.created_at) / 1000 : file.created_at,
    status: dated ? file.extract_status : file.status,
    purpose: file.purpose,
  };
}

/** The table of `files` (FileObjects or FileMetadata), with its header line. */
export function formatFileTable(files) {
  const rows = files.map((file) => {
    const { size, created, status, purpose } = fileFacts(file);
    return [
      printable(file.id),
      // A dated file may have no purpose: a dash keeps the columns readable.
      purpose === undefined || purpose === null ? '-' : printable(purpose),
      status === undefined || status === null ? '-' : printable(status),
      formatBytes(size),
      formatDate(created),
      printable(file.filename),
    ];
  });
  return formatTable(COLUMNS, rows);
}

/** `9 files, 57.3 MiB`. */
export function summarize(files) {
  const bytes = files.reduce((sum, file) => {
    const { size } = fileFacts(file);
    return sum + (Number.isFinite(size) ? size : 0);
  }, 0);
  return `${files.length} ${files.length === 1 ? 'file' : 'files'}, ${formatBytes(bytes)}`;
}

/** Pretty JSON for `--json`, ending with a newline. */
export const formatJson = (value) => JSON.stringify(value, null, 2) + '\n';
