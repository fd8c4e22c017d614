// `moonshot-files upload PATH... --purpose P`: one file after another, each
// with its progress on stderr; the new files as `ls` shows them on stdout.
// --once: files.ensure with the file store in the user's cache directory,
// so bytes already uploaded are not sent again; --make-room: the core makes
// room when the service refuses an upload for the account's limits.
import { openAsBlob } from 'node:fs';
import { PURPOSES } from '../../lib/api-facts.js';
import { oneOf, UsageError } from '../args.js';
import { formatFileTable, formatJson } from '../file-table.js';
import { checkLocalFile } from '../local-files.js';
import { printable } from '../format.js';
import { createUploadProgress } from '../progress.js';

/** @type {import('./index.js').Command} */
export default {
  name: 'upload',
  summary: 'upload files',
  usage: 'upload PATH... --purpose P [--once] [--make-room] [--json]',
  options: {
    purpose: { type: 'string', value: 'P', description: `what the files are for (required): ${PURPOSES.join(', ')}` },
    once: {
      type: 'boolean',
      description: 'upload only what the account does not hold yet: a file of the same bytes\nand purpose uploaded before (remembered in the cache directory) is reused',
    },
    'make-room': {
      type: 'boolean',
      description: 'when the service refuses a file because the account holds its most files\nor bytes, delete the oldest files until it fits, then send it once more',
    },
    json: { type: 'boolean', description: 'print the new files as a JSON array' },
  },
  positionals: { min: 1, max: Infinity, names: 'PATH...' },
  details:
    'Every path is checked first (a file, not empty, at most 100 MiB); then the files go\n' +
    'one after another, with a progress bar on a terminal (plain lines when piped).\n' +
    'It stops at the first failure; the files uploaded until then are printed.\n' +
    'With --once, each file\'s outcome goes to stderr as "NAME: uploaded" or "NAME: reused",\n' +
    'and the files printed are those the account holds for them, reused or new.',
  examples: [
    'moonshot-files upload report.pdf notes.md --purpose file-extract',
    'moonshot-files upload clip.mp4 --purpose video --json',
    'moonshot-files upload photo.png --purpose image --once --make-room',
  ],

  async run({ client, values, positionals, stdout, stderr, signal, interactive }) {
    if (values.purpose === undefined) throw new UsageError(`upload needs --purpose (${PURPOSES.join(', ')})`);
    const purpose = oneOf('--purpose', values.purpose, PURPOSES);
    const locals = positionals.map(checkLocalFile);
    const makeRoom = values['make-room'] === true;
    // Loaded only for --once: the store reads and writes the cache directory.
    const store = values.once ? (await import('moonshot-files/stores/file')).fileStore() : undefined;
    const uploaded = [];
    const show = () => {
      if (values.json) stdout.write(formatJson(uploaded));
      else if (uploaded.length > 0) stdout.write(formatFileTable(uploaded));
    };
    try {
      for (const local of locals) {
        const progress = createUploadProgress({ stream: stderr, interactive, label: printable(local.filename) });
        try {
          const params = { file: await openAsBlob(local.path), filename: local.filename, purpose };
          const options = { signal, makeRoom, onUploadProgress: (event) => progress.update(event) };
          if (store) {
            const { file, reused } = await client.files.ensure(params, { ...options, store });
            progress.end();
            stderr.write(`${printable(local.filename)}: ${reused ? 'reused' : 'uploaded'}\n`);
            uploaded.push(file);
          } else {
            uploaded.push(await client.files.create(params, options));
          }
        } finally {
          progress.end();
        }
      }
    } catch (err) {
      // What did go up is in the account: say so before the error.
      show();
      if (locals.length > 1) {
        // With --once some of them may have been reused, not sent.
        stderr.write(`${store ? 'uploaded or reused' : 'uploaded'} ${uploaded.length} of ${locals.length} files\n`);
      }
      throw err;
    }
    show();
  },
};
