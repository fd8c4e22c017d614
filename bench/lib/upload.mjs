// Upload: writes a 100 MiB temporary file and runs upload-child.mjs on it.
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNode } from './child.mjs';

const CHILD = fileURLToPath(new URL('./upload-child.mjs', import.meta.url));
export const UPLOAD_BYTES = 100 * 1024 * 1024; // the service's largest file

/** Writes `bytes` of varied (not all-zero) content to `path`. */
async function writeFile(path, bytes) {
  const chunk = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < chunk.length; i++) chunk[i] = (i * 2654435761) >>> 24;
  const handle = await open(path, 'w');
  try {
    for (let written = 0; written < bytes; written += chunk.length) {
      await handle.write(chunk, 0, Math.min(chunk.length, bytes - written));
    }
  } finally {
    await handle.close();
  }
}

export async function upload({ origin, pkg, dir, runs, budgetMs, timeoutMs }) {
  const path = join(dir, 'upload-100MiB.bin');
  await writeFile(path, UPLOAD_BYTES);
  try {
    const args = { baseURL: `${origin}/upload/v1`, pkg, path, runs, budgetMs };
    return await runNode(CHILD, args, { nodeArgs: ['--expose-gc'], timeoutMs });
  } finally {
    await rm(path, { force: true });
  }
}
