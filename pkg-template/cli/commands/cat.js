// `moonshot-files cat ID`: a processed file's extracted text, and nothing
// else; for a file of another purpose, the bytes the service stores, but
// on a terminal only if they are text.
import { writeBody } from '../output.js';
import { notText } from './download.js';

/** @type {import('./index.js').Command} */
export default {
  name: 'cat',
  summary: "print a file's extracted text, or the bytes of a file of another purpose",
  usage: 'cat ID',
  options: {},
  positionals: { min: 1, max: 1, names: 'ID' },
  details:
    'The text of a file-extract file, as the service extracted it, to stdout as it is\n' +
    '(no newline added). For another purpose, the bytes the service stores (a batch\'s\n' +
    'results), unchanged; to a terminal only if they are text (else use download -o).',
  examples: ['moonshot-files cat clg681objj8g9m7n4je0 > report.txt', 'moonshot-files cat cn1s7kqlnl9e5oqr8p1g | jq .custom_id'],

  async run({ client, positionals, stdout, signal }) {
    const [id] = positionals;
    // Which the service serves (its extracted document, or the bytes) depends on the purpose.
    const file = await client.files.retrieve(id, { signal });
    if (file.purpose === 'file-extract') {
      stdout.write(await client.files.extractedText(file, { signal }));
      return;
    }
    const response = await client.files.download(file, { signal });
    // A download's answer always has its body.
    await writeBody(/** @type {ReadableStream<Uint8Array>} */ (response.body), stdout, {
      terminal: Boolean(stdout.isTTY),
      refused: () => notText(id, `Save them with: moonshot-files download ${id} -o FILE`),
    });
  },
};
