// The dated API (`kimi-api-version: 2026-09-01-beta`): its file shape, its
// paginated list, its idempotent creates and its retirement headers. The
// compatible shape stays the default; server.mjs picks one per request.
import { createHash } from 'node:crypto';
import { DATED_VERSION, ApiError, invalidParameter } from './wire.mjs';

export { DATED_VERSION };

// The service's page size when a page token comes without one.
const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;
export const MAX_IDEMPOTENCY_KEY = 255;

// The compatible status seen through the dated enum: `ok` is the compatible
// name of a finished file. Other values (`processing`, anything seeded) pass
// through: the dated enums are open, and `extract_status` is required.
const EXTRACT_STATUS = { ready: 'ready', ok: 'ready', error: 'error' };

/** A stored FileObject as a dated FileMetadata. */
export function fileMetadata(file, fileType) {
  return {
    id: file.id,
    filename: file.filename,
    mime_type: fileType,
    size_bytes: file.bytes,
    created_at: dateTime(file.created_at),
    purpose: file.purpose,
    extract_status: EXTRACT_STATUS[file.status] ?? file.status,
  };
}

// Unix seconds as an RFC 3339 date-time; a seeded value of another type is kept as given.
function dateTime(seconds) {
  if (!Number.isFinite(seconds)) return seconds;
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/** The `{ deprecation }` option: null, or `{ sunset }` an RFC 3339 date-time. Throws TypeError. */
export function checkDeprecation(value) {
  if (value === null || value === undefined) return null;
  const ok =
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.keys(value).every((key) => key === 'sunset') &&
    typeof value.sunset === 'string' &&
    RFC3339.test(value.sunset) &&
    !Number.isNaN(Date.parse(value.sunset));
  if (!ok) throw new TypeError(`deprecation must be null or { sunset: an RFC 3339 date-time }, not ${JSON.stringify(value)}`);
  return { sunset: value.sunset };
}
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

// ---- the list ----

// Newest first; files of the same second in reverse creation order. A seeded
// created_at that is not a number sorts last.
const when = ({ file }) => (Number.isFinite(file.created_at) ? file.created_at : -Infinity);
const newerFirst = (a, b) => when(b) - when(a) || b.seq - a.seq;

/**
 * The dated list: `records` from FileStore.records(), `search` the raw query.
 * No page_size and no page_token: every file in one answer. Otherwise a page of
 * page_size (default 50), after the file the page_token points past.
 */
export function listPage(records, search) {
  const query = new URLSearchParams(search);
  const sizeText = query.get('page_size');
  // An empty token is taken as none: the first page.
  const token = query.get('page_token') || null;
  let size = null;
  if (sizeText !== null) {
    size = /^\d{1,4}$/.test(sizeText) ? Number(sizeText) : NaN;
    if (!(size >= 1 && size <= MAX_PAGE_SIZE)) {
      throw invalidParameter('page_size', `page_size must be an integer from 1 to ${MAX_PAGE_SIZE}, not ${JSON.stringify(sizeText)}`);
    }
  }
  let files = records.sort(newerFirst);
  if (token !== null) {
    const cursor = decodeToken(token);
    files = files.filter((record) => newerFirst(cursor, record) < 0);
  }
  if (size === null && token === null) return { items: files.map(metadataOf) };
  const page = files.slice(0, size ?? DEFAULT_PAGE_SIZE);
  const answer = { items: page.map(metadataOf) };
  if (files.length > page.length) answer.next_page_token = encodeToken(page.at(-1));
  return answer;
}

const metadataOf = ({ file, fileType }) => fileMetadata(file, fileType);

// A cursor, not an offset: the last file served (its time and creation order), so
// deleting files while paging neither skips nor repeats the others.
function encodeToken({ file, seq }) {
  return Buffer.from(JSON.stringify(['mock-page', Number.isFinite(file.created_at) ? file.created_at : null, seq])).toString('base64url');
}

function decodeToken(token) {
  let value;
  try {
    value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    value = null;
  }
  const ok =
    Array.isArray(value) &&
    value.length === 3 &&
    value[0] === 'mock-page' &&
    (value[1] === null || Number.isFinite(value[1])) &&
    Number.isSafeInteger(value[2]) &&
    Buffer.from(JSON.stringify(value)).toString('base64url') === token;
  if (!ok) throw invalidParameter('page_token', 'page_token is not a token this service gave: start again without it');
  return { file: { created_at: value[1] ?? -Infinity }, seq: value[2] };
}

// ---- idempotent uploads ----

/** What makes two uploads "the same body": the file's bytes, its name and the purpose (not the multipart framing). */
export function uploadFingerprint({ sha256, filename, purpose }) {
  return createHash('sha256').update(JSON.stringify([sha256, filename, purpose])).digest('hex');
}

/**
 * The kept answers of `POST /v1/files` by Idempotency-Key: `{ running: true }`
 * while the first request runs, then `{ fingerprint, response }`. The service
 * keeps them 24 h; the mock until a reset.
 */
export class IdempotencyKeys {
  #keys = new Map();

  /** Check the header's value; undefined when absent. */
  static check(value) {
    if (value === undefined) return undefined;
    if (value.length === 0 || value.length > MAX_IDEMPOTENCY_KEY) {
      throw invalidParameter('Idempotency-Key', `Idempotency-Key must be 1 to ${MAX_IDEMPOTENCY_KEY} characters, not ${value.length}`);
    }
    return value;
  }

  /**
   * Run `handle()` (resolving to `{ fingerprint, response }`) once per key: a kept
   * answer is replayed when `fingerprintOf()` matches; another body, or a first
   * request still running, is a 409. 400s and 5xx (thrown by `handle`) are not kept.
   */
  async run(key, fingerprintOf, handle) {
    const kept = this.#keys.get(key);
    if (kept?.running) throw conflict(key, 'a request with this Idempotency-Key is still running: retry when it has answered');
    if (kept) {
      if ((await fingerprintOf()) !== kept.fingerprint) {
        throw conflict(key, 'this Idempotency-Key was used with another body: use a new key for another upload');
      }
      return { ...kept.response, headers: { ...kept.response.headers } };
    }
    this.#keys.set(key, { running: true });
    let result;
    try {
      result = await handle();
    } finally {
      this.#keys.delete(key);
    }
    // Only an answer is kept: a refusal (400) or a failure (5xx) was thrown above.
    this.#keys.set(key, result);
    return result.response;
  }

  clear() {
    this.#keys.clear();
  }
}

function conflict(key, message) {
  return new ApiError(409, 'conflict_error', message, {}, { param: 'Idempotency-Key' });
}
