// `moonshot-files extract PATH`: the file Q&A flow's first step in one
// command (files.extract): upload for file-extract, wait, print the text,
// delete the file. The package deletes it on failure and abort too.
import { openAsBlob } from 'node:fs';
import { readCount } from '../args.js';
import { printable } from '../format.js';
import { checkLocalFile } from '../local-files.js';
import { createUploadProgress } from '../progress.js';

// The package polls every 5 s; a person waiting at a terminal is better
// served by a look each second (a light load: one GET a second).
const POLL_INTERVAL_MS = 1000;

/** @type {import('./index.js').Command} */
export default {
  name: 'extract',
  summary: "upload a file, print its text, delete it",
  usage: 'extract PATH [--keep] [--max-chars N]',
  options: {
    keep: { type: 'boolean', description: 'keep the uploaded file (its id goes to stderr)' },
    'max-chars': { type: 'string', value: 'N', description: 'cut the text to at most N characters' },
  },
  positionals: { min: 1, max: 1, names: 'PATH' },
  details:
    'Uploads PATH with purpose file-extract, waits until it is processed, prints its text\n' +
    'to stdout and deletes the file: on success, on failure and on Ctrl-C, so nothing is\n' +
    'left counting against the 1,000-file limit (unless --keep).',
  examples: ['moonshot-files extract report.pdf > report.txt', 'moonshot-files extract scan.png --max-chars 2000 --keep'],

  async run({ client, values, positionals, stdout, stderr, signal, interactive }) {
    const maxChars = values['max-chars'] === undefined ? undefined : readCount('--max-chars', values['max-chars'], 1);
    const local = checkLocalFile(positionals[0]);
    const label = printable(local.filename);
    const progress = createUploadProgress({ stream: stderr, interactive, label });
    let result;
    let uploaded = false;
    try {
      result = await client.files.extract(
        { file: await openAsBlob(local.path), filename: local.filename, keep: values.keep === true, maxChars },
        {
          signal,
          pollInterval: POLL_INTERVAL_MS,
          onUploadProgress(event) {
            progress.update(event);
            if (event.loaded >= event.total && !uploaded) {
              uploaded = true;
              stderr.write(`${label}: uploaded, waiting for its text\n`);
            }
          },
        },
      );
    } finally {
      progress.end();
    }
    stdout.write(result.text);
    if (result.truncated) stderr.write(`${label}: text cut at ${maxChars} characters (--max-chars)\n`);
    if (values.keep) stderr.write(`${label}: kept as ${result.file.id}\n`);
  },
};
