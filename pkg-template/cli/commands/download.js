// `moonshot-files download ID [-o FILE]`: files.download, the bytes as the
// service stores them, unchanged, written as they arrive (never held whole).
import { open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { UsageError } from '../args.js';
import { CommandError } from '../errors.js';
import { formatBytes, printable } from '../format.js';
import { writeBody } from '../output.js';

/** The refusal of bytes that are no text, bound for a terminal; `how` says what to run instead. */
export function notText(id, how) {
  return new CommandError(`${id} holds bytes that are not text: not written to the terminal. ${how}`);
}

/**
 * A fresh file beside `path` for the bytes, opened before anything is asked
 * of the service: a path that cannot be written is a usage error, and FILE
 * is replaced only once every byte has come.
 */
async function openBeside(path) {
  const stats = await stat(path).catch(() => null);
  if (stats?.isDirectory()) throw new UsageError(`-o ${path} is a directory: give a file name`);
  const part = join(dirname(path), `.${basename(path)}.${process.pid}.part`);
  try {
    return { part, handle: await open(part, 'wx') };
  } catch (err) {
    throw new UsageError(`cannot write ${path}: ${err.code === 'ENOENT' ? 'no such directory' : err.code || err.message}`);
  }
}

/** @type {import('./index.js').Command} */
export default {
  name: 'download',
  summary: "save a file's bytes as the service stores them",
  usage: 'download ID [-o FILE]',
  options: {
    output: { type: 'string', short: 'o', value: 'FILE', description: 'write them to FILE (replaced if it exists); - for stdout' },
  },
  positionals: { min: 1, max: 1, names: 'ID' },
  details:
    "The stored bytes, unchanged: an image, a video, a batch's input or results. For a\n" +
    'file-extract file the service keeps its extracted document (JSON), not the upload,\n' +
    'and that is what comes. Without -o the bytes go to stdout, but not to a terminal\n' +
    'unless they are text. FILE appears only once every byte has come.',
  examples: ['moonshot-files download clg681objj8g9m7n4je0 -o results.jsonl', 'moonshot-files download clg681objj8g9m7n4je0 | jq .custom_id'],

  async run({ client, values, positionals, stdout, stderr, signal }) {
    const [id] = positionals;
    const path = values.output;
    if (path === undefined || path === '-') {
      // A download's answer always has its body.
      const response = await client.files.download(id, { signal });
      // `-o -` is the person's word that stdout takes them, terminal or not.
      const terminal = path === undefined && Boolean(stdout.isTTY);
      await writeBody(/** @type {ReadableStream<Uint8Array>} */ (response.body), stdout, {
        terminal,
        refused: () => notText(id, `Save them with -o FILE (or -o - to write them here all the same).`),
      });
      return;
    }
    const { part, handle } = await openBeside(path);
    let done = false;
    try {
      const response = await client.files.download(id, { signal });
      const out = handle.createWriteStream();
      // Chunk by chunk, waiting while the disk is behind; the file closed at the end.
      await pipeline(Readable.fromWeb(/** @type {ReadableStream<Uint8Array>} */ (response.body)), out);
      await rename(part, path);
      done = true;
      stderr.write(`saved ${formatBytes(out.bytesWritten)} to ${printable(path)}\n`);
    } finally {
      if (!done) {
        await handle.close().catch(() => {});
        await rm(part, { force: true });
      }
    }
  },
};
