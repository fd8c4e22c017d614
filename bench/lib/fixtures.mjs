// The list bodies the loopback server answers with: realistic FileObjects
// (varied names, purposes, statuses and sizes), the same on every run.

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const EPOCH = Date.UTC(2026, 0, 1) / 1000;

const STEMS = [
  'quarterly-report', 'invoice', 'meeting notes', '会议纪要', 'contract_v', 'scan', 'IMG_', 'screen recording',
  'dataset', 'batch-requests', 'résumé', 'slides', 'Q3 forecast (final)', 'product-demo', 'README', '产品说明书',
  'notes "draft"', 'export', 'photo', 'lecture',
];
const EXTENSIONS = {
  'file-extract': ['pdf', 'docx', 'txt', 'md', 'xlsx', 'pptx', 'csv', 'html', 'epub'],
  image: ['png', 'jpg', 'jpeg', 'webp', 'gif'],
  video: ['mp4', 'mov', 'webm'],
  batch: ['jsonl'],
};
const DETAILS = [
  'the file could not be parsed: unsupported encoding',
  'no text could be extracted from the document',
  'the image is larger than 4096x4096 pixels',
];

/** mulberry32: a small seeded PRNG, so every run serves the same bytes. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (rand, list) => list[Math.floor(rand() * list.length)];

function weighted(rand, table) {
  let x = rand();
  for (const [value, weight] of table) {
    if ((x -= weight) < 0) return value;
  }
  return table[table.length - 1][0];
}

/** `count` FileObjects, oldest first, as `GET /v1/files` describes them. */
export function makeFiles(count, seed = 5) {
  const rand = random(seed);
  const files = new Array(count);
  let createdAt = EPOCH - count * 97;
  for (let i = 0; i < count; i++) {
    let id = 'file-';
    for (let k = 0; k < 20; k++) id += ID_ALPHABET[Math.floor(rand() * ID_ALPHABET.length)];
    const purpose = weighted(rand, [['file-extract', 0.55], ['image', 0.25], ['batch', 0.15], ['video', 0.05]]);
    const status = weighted(rand, [['ready', 0.8], ['ok', 0.1], ['processing', 0.05], ['error', 0.05]]);
    const stem = pick(rand, STEMS);
    const number = rand() < 0.7 ? `-${1 + Math.floor(rand() * 9999)}` : '';
    createdAt += 1 + Math.floor(rand() * 190);
    const file = {
      id,
      object: 'file',
      // log-uniform from 100 bytes to 100 MiB
      bytes: Math.round(100 * Math.exp(rand() * Math.log((100 * 1024 * 1024) / 100))),
      created_at: createdAt,
      filename: `${stem}${number}.${pick(rand, EXTENSIONS[purpose])}`,
      purpose,
      status,
    };
    if (status === 'error') file.status_details = pick(rand, DETAILS);
    files[i] = file;
  }
  return files;
}

/** The list body for `count` files, as the bytes the server sends. */
export function listBody(count) {
  return Buffer.from(JSON.stringify({ object: 'list', data: makeFiles(count) }));
}

/** What the upload sink answers: the FileObject of the file it received. */
export function uploadedFile(bytes, filename, purpose) {
  return {
    id: 'file-upload0000000000000',
    object: 'file',
    bytes,
    created_at: EPOCH,
    filename,
    purpose,
    status: 'ok',
  };
}
