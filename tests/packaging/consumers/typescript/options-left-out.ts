// Every method of client.files called with its options left out, as the
// README's table writes them (`options?`) and users call them: tsc must
// accept each call and type its answer.
import { Moonshot } from 'moonshot-files';
import type { DeleteResult, Extracted, FileDeleted, FileList, FileObject } from 'moonshot-files';

export async function everyCallWithoutOptions(client: Moonshot, file: Blob, id: string): Promise<unknown[]> {
  const list: FileList = await client.files.list();
  const created: FileObject = await client.files.create({ file, filename: 'notes.pdf', purpose: 'file-extract' });
  const retrieved: FileObject = await client.files.retrieve(id);
  const deleted: FileDeleted = await client.files.delete(id);
  const content: string = await client.files.content(id);
  const text: string = await client.files.extractedText(id);
  const processed: FileObject = await client.files.waitForProcessing(id);
  const extracted: Extracted = await client.files.extract({ file, filename: 'notes.pdf' });
  const results: DeleteResult[] = await client.files.deleteMany([id]);
  const pruned: FileObject[] = await client.files.prune({ status: 'error' });
  return [list, created, retrieved, deleted, content, text, processed, extracted, results, pruned];
}
