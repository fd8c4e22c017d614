// The dated API in TypeScript: `apiVersion` picks the shapes. A client made
// with a dated version lists pages of FileMetadata, and the compatible
// habit `page.data` does not compile there; without it, today's types stay.
// Each @ts-expect-error must be a real error (an unused one fails tsc).
import { Moonshot } from 'moonshot-files';
import type { FileList, FileMetadata, FileObject, FilePage } from 'moonshot-files';

const dated = new Moonshot({ apiKey: 'sk-example', apiVersion: '2026-09-01-beta' });

export async function datedShapes(): Promise<FileMetadata[]> {
  const page: FilePage = await dated.files.list({ pageSize: 100 });
  const next: string | undefined = page.next_page_token;
  // @ts-expect-error: a dated page has items, no data
  void page.data;
  const every: FileMetadata[] = [];
  for await (const file of dated.files.list({ pageSize: 100 })) every.push(file);
  const first = page.items[0];
  const one: FileMetadata = await dated.files.retrieve(first);
  const size: number = one.size_bytes;
  const uploaded: FileMetadata = await dated.files.create(
    { file: new Uint8Array(4), filename: 'a.jsonl', purpose: 'batch' },
    { idempotencyKey: 'order-42' },
  );
  void [next, size, uploaded];
  return every;
}

const compatible = new Moonshot({ apiKey: 'sk-example' });

export async function compatibleShapes(): Promise<FileObject[]> {
  const list: FileList = await compatible.files.list();
  const every: FileObject[] = [];
  for await (const file of compatible.files.list()) every.push(file);
  const one: FileObject = await compatible.files.retrieve(list.data[0]);
  // @ts-expect-error: a compatible file has bytes, not size_bytes
  const size: number = one.size_bytes;
  void size;
  return every;
}
