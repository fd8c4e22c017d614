// The mock's account: an in-memory list of files, and the seeds that fill it.
import { createHash } from 'node:crypto';

// The service's limits (1,000 files, 100 MB each, 10 GB in all) and purposes,
// as the client knows them: one place for both, src/facts.rs, written out to
// js/api-facts.js by `make generate`.
export { LIMITS, PURPOSES } from '../js/api-facts.js';

// Seeded files are dated back from this fixed instant (2026-11-01T00:00:00Z), so a
// seed gives the same files on every run.
const SEED_EPOCH = Date.UTC(2026, 10, 1) / 1000;
const DAY = 24 * 60 * 60;

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

// The mock keeps at most this many bytes of a file: the text of a file-extract
// upload is cut there, and the bytes of a larger file of another purpose are
// not kept at all (its content call says so).
export const KEPT_BYTES = 1024 * 1024;

/** A file id of the service's shape (20 lowercase letters and digits, `clg681objj8g9m7n4je0`), derived from `key`. */
function makeFileId(key) {
  const digest = createHash('sha256').update(key).digest();
  let id = '';
  for (let i = 0; i < 20; i++) id += ID_ALPHABET[digest[i] % ID_ALPHABET.length];
  return id;
}

const MIME_TYPES = {
  pdf: 'application/pdf',
  txt: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  html: 'text/html',
  json: 'application/json',
  jsonl: 'application/jsonl',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  mp4: 'video/mp4',
  mpeg: 'video/mpeg',
  mpg: 'video/mpeg',
  mov: 'video/quicktime',
  avi: 'video/x-msvideo',
  flv: 'video/x-flv',
  webm: 'video/webm',
  wmv: 'video/x-ms-wmv',
  '3gp': 'video/3gpp',
};

/** The MIME type the content document reports, from the file name's extension. */
export function fileTypeOf(filename, fallback = 'application/octet-stream') {
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase();
  return MIME_TYPES[ext] ?? fallback;
}

/**
 * The files of one account, oldest first. A record is `{ file, text, body, fileType, readyAt }`:
 * `file` is the FileObject as served, `text` the extracted text of a file-extract file
 * (its uploaded bytes are not kept), `body` the bytes of a file of another purpose
 * (null when over KEPT_BYTES; see bodyOf), `readyAt` (ms) when a processing upload
 * turns ready.
 */
export class FileStore {
  #records = new Map(); // id -> record; a Map keeps insertion (= creation) order
  #uploads = 0;
  #seq = 0;
  #processingMs = 0;
  #processingError = null;

  constructor(options) {
    this.reset(options);
  }

  /**
   * Replace every file by the seed's; `processingMs` and `processingError`
   * (the `status_details` of uploads whose processing fails) apply to later uploads.
   */
  reset({ seed = 'sample', processingMs = 0, processingError = null } = {}) {
    const records = seedRecords(seed);
    // `seq` orders files created in the same second (the dated list, newest first).
    records.forEach((record, index) => (record.seq = index));
    this.#records = new Map(records.map((record) => [record.file.id, record]));
    this.#seq = records.length;
    this.#uploads = 0;
    this.#processingMs = processingMs;
    this.#processingError = processingError;
  }

  get size() {
    return this.#records.size;
  }

  get totalBytes() {
    let total = 0;
    for (const { file } of this.#records.values()) total += Number.isFinite(file.bytes) ? file.bytes : 0;
    return total;
  }

  /** Every FileObject, oldest first. */
  list() {
    return [...this.#records.values()].map((record) => ({ ...this.#settle(record).file }));
  }

  /** Every file as `{ file, fileType, seq }` (copies), oldest first: what the dated shapes are made of. */
  records() {
    return [...this.#records.values()].map((record) => {
      const { file, fileType, seq } = this.#settle(record);
      return { file: { ...file }, fileType, seq };
    });
  }

  /** A copy of the record with this id, or undefined. */
  get(id) {
    const record = this.#records.get(id);
    if (!record) return undefined;
    const { file, text, fileType } = this.#settle(record);
    return { file: { ...file }, text, fileType };
  }

  /** The bytes of a file that is not file-extract (see bodyOf); undefined when there is no such file. */
  body(id) {
    const record = this.#records.get(id);
    return record && record.file.purpose !== 'file-extract' ? bodyOf(record) : undefined;
  }

  /** Store an accepted upload; returns its FileObject. Limits are the caller's business. */
  add({ filename, purpose, bytes, fileType, text, body }) {
    this.#uploads += 1;
    const processing = this.#processingMs > 0;
    const record = {
      file: {
        id: makeFileId(`upload:${this.#uploads}`),
        object: 'file',
        bytes,
        created_at: Math.floor(Date.now() / 1000),
        filename,
        purpose,
        status: 'processing',
      },
      text,
      body,
      fileType,
      seq: this.#seq++,
      readyAt: Date.now() + this.#processingMs,
      failure: this.#processingError ?? undefined,
    };
    this.#settle(record);
    this.#records.set(record.file.id, record);
    return { ...record.file };
  }

  /** Remove a file; false when there was none. */
  delete(id) {
    return this.#records.delete(id);
  }

  // An upload's `processing` status lapses into `ready` (or `error`) once its time has come.
  #settle(record) {
    if (record.readyAt !== undefined && Date.now() >= record.readyAt) {
      if (record.failure === undefined) {
        record.file.status = 'ready';
      } else {
        record.file.status = 'error';
        record.file.status_details = record.failure;
      }
      record.readyAt = undefined;
    }
    return record;
  }
}

function seedRecords(seed) {
  if (seed === 'sample') return SAMPLE_FILES.map((sample, index) => seededRecord(`sample:${index}`, sample));
  if (seed === 'none') return [];
  if (Number.isSafeInteger(seed) && seed >= 0) return generatedRecords(seed);
  if (Array.isArray(seed)) return seed.map(partialRecord);
  throw new TypeError(
    `seed must be 'sample', 'none', a file count or an array of file objects, not ${JSON.stringify(seed)}`,
  );
}

/**
 * `content` is the extracted text of a file-extract file, the bytes (a string
 * or a Uint8Array) of another; every other field is the FileObject as served.
 * @param {string} key
 * @param {{ content?: string | Uint8Array, [field: string]: unknown }} seed
 */
function seededRecord(key, { content, ...fields }) {
  /** @type {Record<string, unknown>} */
  const file = { id: makeFileId(key), object: 'file', ...fields };
  const record = { file, fileType: fileTypeOf(String(file.filename)) };
  if (file.purpose === 'file-extract') record.text = content ?? `(mock) text extracted from ${file.filename}`;
  else if (content !== undefined) record.body = Buffer.from(content);
  return record;
}

/**
 * The bytes the content call serves for a file that is not file-extract: as
 * uploaded, or as seeded; for a seed without `content`, stand-in bytes of its
 * size (the same on every run, from its id). Null when the mock holds none:
 * the file is over KEPT_BYTES.
 */
function bodyOf(record) {
  if (record.body !== undefined) return record.body;
  const { id, bytes } = record.file;
  if (!Number.isSafeInteger(bytes) || bytes < 0 || bytes > KEPT_BYTES) return null;
  return createHash('shake256', { outputLength: bytes }).update(String(id)).digest();
}

// `count` small text files, one minute apart, the newest a minute before the epoch.
function generatedRecords(count) {
  return Array.from({ length: count }, (_, index) => {
    const number = String(index + 1).padStart(4, '0');
    const content = `Generated file ${number} of ${count}.\n`;
    return seededRecord(`generated:${index}`, {
      bytes: Buffer.byteLength(content),
      created_at: SEED_EPOCH - (count - index) * 60,
      filename: `generated-${number}.txt`,
      purpose: 'file-extract',
      status: 'ready',
      content,
    });
  });
}

// A test's partial FileObject, kept as given (even invalid values, to test clients
// with), its missing fields filled in.
function partialRecord(partial, index, all) {
  if (partial === null || typeof partial !== 'object' || Array.isArray(partial)) {
    throw new TypeError(`seed[${index}] must be an object, not ${JSON.stringify(partial)}`);
  }
  return seededRecord(`seed:${index}`, {
    bytes: 1024,
    created_at: SEED_EPOCH - (all.length - index) * 60,
    filename: `file-${index + 1}.txt`,
    purpose: 'file-extract',
    status: 'ready',
    ...partial,
  });
}

const MEETING_NOTES = `Weekly sync: Files API client
Date: 2026-10-27
Attendees: Lin, Priya, Tomás, Akira

1. Upload flow
   - Multipart upload works against the mock; the 100 MB limit is checked before sending.
   - Decision: show the server's error message verbatim in the dashboard.
2. Retries
   - Retry 429 (rate limit, overloaded) and 5xx with backoff; never retry exceeded_current_quota_error.
   - Honour Retry-After when present.
3. Next steps
   - Priya: percent-encode file ids in every path.
   - Tomás: Playwright run of the dashboard in Chromium.
   - Akira: measure the wasm size after wasm-opt.
`;

const QUARTERLY_REPORT = `Quarterly Report Q3 2026

Revenue grew 18% quarter over quarter, driven by API usage from enterprise customers.
Operating costs rose 6%, mostly inference capacity added in August.

Highlights
- 2,340 new business accounts.
- Average latency of file extraction fell from 2.1 s to 1.4 s.
- Churn held at 1.9%.

Outlook
We expect continued growth in Q4 as long-context models reach general availability.
`;

const XSS_NOTE = `<script>alert('content')</script>
This file's name and content are markup: a page must show them as text.
`;

// The 'sample' seed: every purpose and status, sizes from KB to tens of MB, spread
// over five months, oldest first.
const SAMPLE_FILES = [
  {
    bytes: 2_457_613,
    created_at: SEED_EPOCH - 152 * DAY + 33_120,
    filename: 'quarterly-report-2026.pdf',
    purpose: 'file-extract',
    status: 'ready',
    content: QUARTERLY_REPORT,
  },
  {
    bytes: 48_211_735,
    created_at: SEED_EPOCH - 121 * DAY + 51_300,
    filename: 'product-demo.mp4',
    purpose: 'video',
    status: 'ready',
  },
  {
    bytes: 393_472,
    created_at: SEED_EPOCH - 95 * DAY + 40_020,
    filename: 'architecture-diagram.png',
    purpose: 'image',
    status: 'ready',
  },
  {
    bytes: 8_388_912,
    created_at: SEED_EPOCH - 63 * DAY + 29_460,
    filename: 'scanned-contract.pdf',
    purpose: 'file-extract',
    status: 'error',
    status_details: 'text extraction failed: the PDF has no text layer (scanned images only)',
  },
  {
    bytes: 49_318,
    created_at: SEED_EPOCH - 41 * DAY + 61_980,
    filename: 'product-roadmap.docx',
    purpose: 'file-extract',
    status: 'ok',
    content: 'Product roadmap 2027\nH1: batch jobs, file search.\nH2: fine-grained API keys.\n',
  },
  {
    bytes: 98_304,
    created_at: SEED_EPOCH - 20 * DAY + 36_600,
    filename: 'batch-requests-2026-10.jsonl',
    purpose: 'batch',
    status: 'ready',
  },
  {
    bytes: Buffer.byteLength(MEETING_NOTES),
    created_at: SEED_EPOCH - 5 * DAY + 58_200,
    filename: 'meeting-notes.txt',
    purpose: 'file-extract',
    status: 'ready',
    content: MEETING_NOTES,
  },
  {
    bytes: Buffer.byteLength(XSS_NOTE),
    created_at: SEED_EPOCH - 2 * DAY + 45_000,
    filename: '<img src=x onerror=alert(1)>.txt',
    purpose: 'file-extract',
    status: 'ready',
    content: XSS_NOTE,
  },
  {
    bytes: 12_877,
    created_at: SEED_EPOCH - 1 * DAY + 30_000,
    filename: 'customer-interviews.md',
    purpose: 'file-extract',
    status: 'processing',
  },
];
