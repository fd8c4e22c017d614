// Uploads a file, prints the text Moonshot extracted from it, lists your
// files, and deletes the upload again.
//   npm install moonshot-files
//   MOONSHOT_API_KEY=sk-... node files.mjs notes.pdf
import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';
import { Moonshot, AuthenticationError } from 'moonshot-files';

const client = new Moonshot(); // reads MOONSHOT_API_KEY (and MOONSHOT_BASE_URL, if set)
const path = process.argv[2];

try {
  const file = await client.files.create({ file: await openAsBlob(path), filename: basename(path), purpose: 'file-extract' });
  await client.files.waitForProcessing(file.id);
  console.log(await client.files.extractedText(file.id));

  const { data } = await client.files.list();
  for (const { id, status, filename } of data) console.log(`${id}  ${status.padEnd(10)}  ${filename}`);

  await client.files.delete(file.id);
} catch (err) {
  if (!(err instanceof AuthenticationError)) throw err;
  console.error(`Moonshot refused the key: check MOONSHOT_API_KEY (${err.message})`);
  process.exitCode = 1;
}
