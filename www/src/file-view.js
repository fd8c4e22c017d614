// A file as the page draws it, whichever API shape the service answered in:
// the compatible FileObject (`bytes`, `created_at` in Unix seconds, `status`,
// `status_details`) or the dated FileMetadata (`size_bytes`, `created_at` an
// RFC 3339 string, `extract_status`, `mime_type`, maybe no `purpose`). Every
// module reads the FileObject's names, so sort, filters, search, the summary,
// the upload queue and the follower work alike on both. Pure: tested in Node
// by tests/dashboard/file-view.test.mjs.

/**
 * A file as the page draws it: the FileObject's names, a dated file's `mime_type` kept.
 * @typedef {import('moonshot-files').FileObject & { mime_type?: string }} FileView
 */

/** Whether `file` came in the dated shape (a FileObject has `bytes` and `status`). */
export function isDated(file) {
  return 'size_bytes' in file || 'extract_status' in file || typeof file.created_at === 'string';
}

/**
 * The page's view of `file`: a FileObject as it is (the same object, so rows
 * drawn from it stay drawn), a FileMetadata in the FileObject's names, its
 * `mime_type` kept. An unreadable date is NaN (drawn as no date).
 */
export function viewFile(file) {
  if (!isDated(file)) return file;
  const view = {
    id: file.id,
    object: 'file',
    filename: file.filename,
    // Optional on the dated API: empty, as an unknown purpose would sort and filter.
    purpose: file.purpose ?? '',
    status: file.extract_status,
    bytes: file.size_bytes,
    created_at: typeof file.created_at === 'string' ? Date.parse(file.created_at) / 1000 : file.created_at,
  };
  if (file.mime_type !== undefined) view.mime_type = file.mime_type;
  return view;
}

/** A list answer's files in the page's view: `items` (dated) or `data` (compatible). */
export function viewList(list) {
  return (list.items ?? list.data).map(viewFile);
}
