// Joins wasm-pack's two builds (build/web, build/node) and pkg-template/ into
// the npm package in pkg/: what `npm pack` publishes.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { transformSync } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const at = (path) => root + path;
const bin = (name) => at(`node_modules/.bin/${name}`);
const GLUE = ['moonshot_files.js', 'moonshot_files.d.ts'];
const WASM = 'moonshot_files_bg.wasm';
// The features rustc emits for wasm32 today; wasm-opt must accept them all.
const WASM_FEATURES = [
  '--enable-bulk-memory',
  '--enable-nontrapping-float-to-int',
  '--enable-sign-ext',
  '--enable-mutable-globals',
  '--enable-reference-types',
  '--enable-multivalue',
];

rmSync(at('pkg'), { recursive: true, force: true });
cpSync(at('pkg-template'), at('pkg'), { recursive: true });

for (const target of ['web', 'node']) {
  for (const file of GLUE) cpSync(at(`build/${target}/${file}`), at(`pkg/${target}/${file}`));
  execFileSync(bin('wasm-opt'), ['-Oz', ...WASM_FEATURES, at(`build/${target}/${WASM}`), '-o', at(`pkg/${target}/${WASM}`)], {
    stdio: 'inherit',
  });
}

// The error classes: one ES module source, converted for the CommonJS glue.
const errors = readFileSync(at('js/errors.js'), 'utf8');
writeFileSync(at('pkg/web/errors.js'), errors);
writeFileSync(at('pkg/node/errors.js'), transformSync(errors, { format: 'cjs', target: 'node20' }).code);
mkdirSync(at('build/types'), { recursive: true });
execFileSync(
  bin('tsc'),
  ['--allowJs', '--declaration', '--emitDeclarationOnly', '--target', 'es2022', '--outDir', at('build/types'), at('js/errors.js')],
  { stdio: 'inherit' },
);
cpSync(at('build/types/errors.d.ts'), at('pkg/errors.d.ts'));

// One version, the crate's.
const version = readFileSync(at('Cargo.toml'), 'utf8').match(/^version = "([^"]+)"/m)[1];
const manifest = JSON.parse(readFileSync(at('pkg-template/package.json'), 'utf8'));
writeFileSync(at('pkg/package.json'), JSON.stringify({ ...manifest, version }, null, 2) + '\n');
cpSync(at('pkg-template/README.md'), at('pkg/README.md'));
