// The Files API itself: routes under /v1, auth, and one handler per call.
import { createHash } from 'node:crypto';
import { KEPT_BYTES, LIMITS, PURPOSES, fileTypeOf } from './store.mjs';
import { DATED_VERSION, IdempotencyKeys, fileMetadata, listPage, uploadFingerprint } from './dated.mjs';
import { ApiError, invalidRequest, json } from './wire.mjs';

const ROUTES = {
  list: { GET: listFiles, POST: uploadFile },
  file: { GET: retrieveFile, DELETE: deleteFile },
  content: { GET: fileContent },
};

// Multipart framing (boundary lines, part headers, the purpose field) adds a little
// to the file's own size; a body larger than this cannot hold an acceptable file.
const MULTIPART_OVERHEAD = 64 * 1024;
const MAX_UPLOAD_BODY = LIMITS.maxFileBytes + MULTIPART_OVERHEAD;

/** 'missing', 'valid' or 'invalid': the request's Authorization against the key. */
export function authState(req, apiKey) {
  const header = req.headers.authorization;
  if (header === undefined) return 'missing';
  return header === `Bearer ${apiKey}` ? 'valid' : 'invalid';
}

/**
 * Answer an API request. `path` is the raw (still percent-encoded) path; `logEntry`
 * receives what an upload carried; `call.dated` picks the dated shapes (the request
 * named a version). Failures are thrown as ApiError.
 */
export async function handleApi(ctx, req, path, logEntry, call = {}) {
  if (path !== '/v1' && !path.startsWith('/v1/')) throw unknownRoute(req.method, path);
  // A malformed request, whatever its key: the one value known today, or a 400.
  if (call.dated && call.version !== DATED_VERSION) {
    throw invalidRequest(
      `unknown API version ${JSON.stringify(call.version)} in kimi-api-version: this service knows ${DATED_VERSION}`,
    );
  }
  if (authState(req, ctx.apiKey) !== 'valid') {
    throw new ApiError(401, 'invalid_authentication_error', 'Invalid Authentication');
  }
  const match = matchRoute(path);
  if (!match) throw unknownRoute(req.method, path);
  const methods = ROUTES[match.route];
  const handler = methods[req.method];
  if (!handler) {
    throw new ApiError(405, 'invalid_request_error', `method ${req.method} is not allowed on ${path}`, {
      allow: Object.keys(methods).join(', '),
    });
  }
  if (match.id === null) {
    throw new ApiError(404, 'resource_not_found_error', 'file not found: the id is not a valid percent-encoded segment');
  }
  return handler({ ctx, req, id: match.id, logEntry, dated: Boolean(call.dated) });
}

function unknownRoute(method, path) {
  return new ApiError(404, 'resource_not_found_error', `no route for ${method} ${path}`);
}

// The id is one whole path segment, decoded only after matching: `a%2Fb` is the id
// `a/b`, and no encoded id can reach another route. A bad encoding gives id null.
const FILE_PATH = /^\/v1\/files\/([^/]+)(\/content)?$/;

function matchRoute(path) {
  if (path === '/v1/files') return { route: 'list' };
  const match = FILE_PATH.exec(path);
  if (!match) return null;
  return { route: match[2] ? 'content' : 'file', id: decodeSegment(match[1]) };
}

function decodeSegment(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

function requireFile(store, id) {
  const record = store.get(id);
  if (!record) throw new ApiError(404, 'resource_not_found_error', `file not found: ${id}`);
  return record;
}

function listFiles({ ctx, logEntry, dated }) {
  if (dated) return json(200, listPage(ctx.store.records(), logEntry.search));
  return json(200, { object: 'list', data: ctx.store.list() });
}

function retrieveFile({ ctx, id, dated }) {
  const { file, fileType } = requireFile(ctx.store, id);
  return json(200, dated ? fileMetadata(file, fileType) : file);
}

function deleteFile({ ctx, id, dated }) {
  requireFile(ctx.store, id);
  ctx.store.delete(id);
  if (dated) return { status: 204, headers: {}, body: '' };
  return json(200, { id, object: 'file', deleted: true });
}

// A file-extract file's content is its text, as a JSON document in a text/plain
// body (as the service sends it); any other file's is its bytes (the batch
// guide downloads a batch's results so).
function fileContent({ ctx, id, dated }) {
  if (dated) return datedContent(ctx.store, id);
  const { file, text, fileType } = requireFile(ctx.store, id);
  if (file.purpose !== 'file-extract') return fileBytes(ctx.store, id, file, fileType);
  if (file.status === 'processing') throw invalidRequest(`file ${id} is still processing: retry when it is ready`);
  // The service's error reference: the content call of a file whose extraction failed.
  if (file.status === 'error') {
    throw new ApiError(500, 'server_error', `Failed to extract file: ${file.status_details ?? 'unknown error'}`);
  }
  const document = { content: text, file_type: fileType, filename: file.filename, title: '', type: 'file' };
  return { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: JSON.stringify(document) };
}

// The dated content: a file-extract file's JSON object (its field names are the
// mock's inference: the compatible document's), a batch's bytes; an image or a
// video has none, and a file-extract file not parsed (yet, or ever) neither.
function datedContent(store, id) {
  const { file, text, fileType } = requireFile(store, id);
  if (file.purpose === 'image' || file.purpose === 'video') {
    throw failedPrecondition(`the content endpoint is unavailable for ${file.purpose} files: refer to the file by its id instead`);
  }
  if (file.purpose !== 'file-extract') return fileBytes(store, id, file, fileType);
  const status = fileMetadata(file, fileType).extract_status;
  if (status === 'error') {
    throw failedPrecondition(`document parsing failed for ${id}: ${file.status_details ?? 'unknown error'}; upload the file again, fixed`);
  }
  if (status !== 'ready') throw failedPrecondition(`file ${id} is not parsed yet (extract_status ${status}): retry when it is ready`);
  return json(200, { content: text, file_type: fileType, filename: file.filename, title: '', type: 'file' });
}

function failedPrecondition(message) {
  return new ApiError(400, 'failed_precondition_error', message);
}

// The bytes as uploaded. The mock keeps up to KEPT_BYTES of a file: past that it
// says so with a 400 (not retried) rather than serve bytes that are not the file's.
function fileBytes(store, id, file, fileType) {
  const body = store.body(id);
  if (body === null) {
    throw invalidRequest(
      `(mock) the bytes of ${file.filename} (${file.bytes} bytes) are not kept: the mock keeps files of up to ${KEPT_BYTES} bytes`,
    );
  }
  return { status: 200, headers: { 'content-type': fileType }, body };
}

async function uploadFile({ ctx, req, logEntry, dated }) {
  if (!dated) return json(200, (await storeUpload(ctx, await readUpload(req, logEntry))).file);
  const key = IdempotencyKeys.check(req.headers['idempotency-key']);
  const created = async (upload) => {
    const { file, fileType } = await storeUpload(ctx, upload);
    return json(201, fileMetadata(file, fileType));
  };
  if (key === undefined) return created(await readUpload(req, logEntry));
  let upload;
  const read = async () => (upload ??= await readUpload(req, logEntry));
  return ctx.idempotency.run(
    key,
    async () => uploadFingerprint(await read()),
    async () => {
      const response = await created(await read());
      return { fingerprint: uploadFingerprint(upload), response };
    },
  );
}

// The multipart upload's file and purpose, as the log records them (before any check).
async function readUpload(req, logEntry) {
  const form = await readMultipart(req);
  const file = form.get('file');
  const purpose = form.get('purpose');
  logEntry.upload = {
    filename: file instanceof File ? file.name : null,
    purpose: typeof purpose === 'string' ? purpose : null,
    // What arrived, so a test can tell a whole file from an empty or re-encoded one.
    bytes: file instanceof File ? file.size : null,
    sha256: file instanceof File ? await sha256Hex(file) : null,
  };
  return { file, purpose, ...logEntry.upload };
}

// Check an upload and store it: its FileObject and type.
async function storeUpload(ctx, { file, purpose }) {
  // A part without a filename arrives as a string, not a File.
  if (!(file instanceof File)) {
    throw invalidRequest('missing file: send it as the multipart field "file", with a filename');
  }
  if (!PURPOSES.includes(purpose)) {
    throw invalidRequest(`Invalid purpose: ${JSON.stringify(purpose)}, expected one of ${PURPOSES.join(', ')}`);
  }
  checkLimits(ctx.store, file.size);
  const fileType = fileTypeOf(file.name, file.type || undefined);
  const stored = ctx.store.add({
    filename: file.name,
    purpose,
    bytes: file.size,
    fileType,
    text: purpose === 'file-extract' ? await extractText(file) : undefined,
    body: purpose === 'file-extract' ? undefined : await keptBytes(file),
  });
  return { file: stored, fileType };
}

// The refusals in the service's words, as its error table gives them; the
// table has none for the 10 GB in all, so that message is the mock's own,
// worded as the file count's.
function checkLimits(store, bytes) {
  if (bytes === 0) throw invalidRequest('File size is zero, please confirm and re-upload the file');
  if (bytes > LIMITS.maxFileBytes) throw fileTooLarge();
  if (store.size >= LIMITS.maxFiles) {
    throw invalidRequest(
      `The number of files you have uploaded exceeded the max file count ${LIMITS.maxFiles}, please delete previous uploaded files`,
    );
  }
  if (store.totalBytes + bytes > LIMITS.maxTotalBytes) {
    throw invalidRequest(
      'The total size of the files you have uploaded exceeded the max total size of 10 GB, please delete previous uploaded files',
    );
  }
}

function fileTooLarge() {
  return invalidRequest('File size is too large, max file size is 100MB, please confirm and re-upload the file');
}

// Parse the multipart body, refusing one too large for any acceptable file without
// holding more of it than that.
async function readMultipart(req) {
  const contentType = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\s*;/i.test(contentType)) {
    throw invalidRequest('the upload must be a multipart/form-data body with the fields "file" and "purpose"');
  }
  // The body is left unread: Node discards it once the answer is sent.
  if (Number(req.headers['content-length']) > MAX_UPLOAD_BODY) throw fileTooLarge();
  const body = cappedBody(req, MAX_UPLOAD_BODY);
  try {
    return await new Request('http://mock.invalid/', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: ReadableStream.from(body),
      duplex: 'half',
    }).formData();
  } catch {
    // Discard what the client still sends, so that it gets to read the answer.
    req.resume();
    throw body.exceeded ? fileTooLarge() : invalidRequest('malformed multipart/form-data body');
  }
}

// The request's chunks, failing (and setting `exceeded`) past `limit` bytes, e.g. a
// chunked upload with no Content-Length. The request stays open to be answered.
function cappedBody(req, limit) {
  const body = {
    exceeded: false,
    async *[Symbol.asyncIterator]() {
      let received = 0;
      for await (const chunk of req.iterator({ destroyOnReturn: false })) {
        received += chunk.length;
        if (received > limit) {
          body.exceeded = true;
          throw new RangeError('upload body too large');
        }
        yield chunk;
      }
    },
  };
  return body;
}

async function sha256Hex(blob) {
  const hash = createHash('sha256');
  for await (const chunk of blob.stream()) hash.update(chunk);
  return hash.digest('hex');
}

// The bytes of an upload of another purpose, or null past KEPT_BYTES.
async function keptBytes(file) {
  return file.size > KEPT_BYTES ? null : Buffer.from(await file.arrayBuffer());
}

// The text of a file-extract upload: its bytes if they are UTF-8 (the first
// KEPT_BYTES of them), else a stand-in, as the mock extracts nothing from binaries.
async function extractText(file) {
  const head = new Uint8Array(await file.slice(0, KEPT_BYTES).arrayBuffer());
  try {
    // `stream` lets the cap cut a multi-byte character without that being an error.
    return new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: file.size > KEPT_BYTES });
  } catch {
    return `(mock) text extracted from ${file.name}`;
  }
}
