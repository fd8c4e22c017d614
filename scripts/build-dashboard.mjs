// Builds the dashboard (www/) into the package, pkg/ui/, for `moonshot-files
// ui`, which serves it as it is: nothing runs Vite at run time. The page
// imports the package's own browser entry, `/moonshot-files/index.js`, which
// that server serves from the package (ui-server/files.js); the package is not
// bundled into the page a second time. Run after scripts/build-package.mjs.
import { existsSync, renameSync, rmSync } from 'node:fs';
import { build } from 'vite';

const root = new URL('..', import.meta.url).pathname;
const ENTRY = '/moonshot-files/index.js';
// Built aside and moved into place at the end, so pkg/ui is never half-written.
const OUT = `${root}build/ui`;

if (!existsSync(`${root}pkg/index.js`)) throw new Error('pkg/ is not built: run scripts/build-package.mjs first');
rmSync(OUT, { recursive: true, force: true });
await build({
  root: `${root}www`,
  // Not www/vite.config.js: its dev server and guard are no part of the build.
  configFile: false,
  logLevel: 'warn',
  base: '/',
  // The IndexedDB store is bundled into the page: it imports nothing, and
  // taken from pkg/ it needs no www/node_modules (a fresh clone builds the
  // page before installing them).
  resolve: { alias: { 'moonshot-files/stores/indexeddb': `${root}pkg/stores/indexeddb.js` } },
  build: {
    outDir: OUT,
    emptyOutDir: true,
    // The package's entry module is loaded as the page's sibling, by its URL.
    modulePreload: { polyfill: false },
    rollupOptions: {
      external: ['moonshot-files'],
      output: { paths: { 'moonshot-files': ENTRY } },
    },
  },
});
rmSync(`${root}pkg/ui`, { recursive: true, force: true });
renameSync(OUT, `${root}pkg/ui`);
