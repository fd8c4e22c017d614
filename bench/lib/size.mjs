// What a browser downloads for files.list(): an esbuild bundle (minified,
// browser platform) of the same tiny entry for each client (ours through
// its default entry, wasm inlined, and through moonshot-files/slim plus the
// wasm file), each file compressed as a server would send it (gzip -9,
// brotli -q 11).
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const ENTRIES = {
  ours: `import { Moonshot } from 'moonshot-files';
export const list = () => new Moonshot({ apiKey: 'sk-key', baseURL: 'http://127.0.0.1/v1', dangerouslyAllowBrowser: true }).files.list();
`,
  // The escape hatch: the wasm as its own file, fetched and compiled as it streams in.
  oursSlim: `import { init, Moonshot } from 'moonshot-files/slim';
await init(new URL('moonshot_files_bg.wasm', import.meta.url));
export const list = () => new Moonshot({ apiKey: 'sk-key', baseURL: 'http://127.0.0.1/v1', dangerouslyAllowBrowser: true }).files.list();
`,
  openai: `import OpenAI from 'openai';
export const list = () => new OpenAI({ apiKey: 'sk-key', baseURL: 'http://127.0.0.1/v1', dangerouslyAllowBrowser: true }).files.list();
`,
};

/** Raw, gzip and brotli bytes of one downloaded file. */
export function compressed(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
}

const add = (a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli });

/** The bundle of one client's entry (`ours`, `oursSlim`, `openai`), built in `dir` (its node_modules/ as measureSize links it). */
export async function bundle(dir, name) {
  const entry = join(dir, `${name}-entry.mjs`);
  await writeFile(entry, ENTRIES[name]);
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    outfile: join(dir, `${name}.js`),
    logLevel: 'error',
  });
  const js = result.outputFiles.find((file) => file.path.endsWith('.js'));
  return { bytes: Buffer.from(js.contents), inputs: Object.keys(result.metafile.inputs).length };
}

/**
 * @param {object} o
 * @param {string} o.dir   a scratch folder; node_modules/ in it links the two packages
 * @param {string} o.repo  the repository root
 */
export async function measureSize({ dir, repo }) {
  await mkdir(join(dir, 'node_modules'), { recursive: true });
  // 'moonshot-files' resolves through pkg/package.json's exports (browser condition).
  await symlink(join(repo, 'pkg'), join(dir, 'node_modules/moonshot-files'));
  await symlink(join(repo, 'node_modules/openai'), join(dir, 'node_modules/openai'));

  const ours = await bundle(dir, 'ours');
  const slim = await bundle(dir, 'oursSlim');
  const openai = await bundle(dir, 'openai');
  const wasm = compressed(await readFile(join(repo, 'pkg/moonshot_files_bg.wasm')));
  const slimJs = compressed(slim.bytes);

  return {
    // The default entry: one file, the wasm inlined as base64.
    ours: { js: compressed(ours.bytes), total: compressed(ours.bytes), modules: ours.inputs },
    // moonshot-files/slim: the glue, and the wasm as a second file.
    oursSlim: { js: slimJs, wasm, total: add(slimJs, wasm), modules: slim.inputs },
    openai: { js: compressed(openai.bytes), total: compressed(openai.bytes), modules: openai.inputs },
    settings: 'esbuild --bundle --minify --platform=browser, gzip -9, brotli -q 11; KB = 1,000 B',
  };
}
