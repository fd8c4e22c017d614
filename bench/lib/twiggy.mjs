// What the wasm is made of: twiggy's top items of the optimized wasm with
// its function names kept (wasm-opt on the build's wasm-bindgen output with
// build-package.mjs's passes, names kept), each beside
// its size in the last full run, so a change that grows one shows.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import { WASM_FEATURES, WASM_OPTIMIZE } from '../../scripts/wasm-opt-flags.mjs';


/** Rust's hashes and crate disambiguators (hex, its leading zeros left out) out of a name, so a run matches the last one's item. */
const stable = (name) => name.replace(/::h[0-9a-f]{16}$/, '').replace(/\[[0-9a-f]{1,16}\]/g, '');

/**
 * @param {object} o
 * @param {string} o.repo  the repository root (build/glue/ holds the wasm-bindgen output of `make build`)
 * @param {string} o.dir   a scratch folder
 * @param {number} [o.count]
 * @returns {{ item: string, bytes: number }[]}
 */
export function twiggyTop({ repo, dir, count = 15 }) {
  const named = join(dir, 'named.wasm');
  execFileSync(
    join(repo, 'node_modules/.bin/wasm-opt'),
    [...WASM_OPTIMIZE, '-g', ...WASM_FEATURES, join(repo, 'build/glue/moonshot_files_bg.wasm'), '-o', named],
    { stdio: 'inherit' },
  );
  const json = execFileSync('twiggy', ['top', '-n', String(count + 1), '--format', 'json', named], { encoding: 'utf8' });
  const seen = new Map();
  return JSON.parse(json)
    .filter((row) => !row.name.startsWith('"function names"') && !row.name.startsWith('... and'))
    .slice(0, count)
    .map((row) => {
      // Closures of one generic function share a name: the second is `#2`, by size.
      const name = stable(row.name);
      const nth = (seen.get(name) ?? 0) + 1;
      seen.set(name, nth);
      return { item: nth === 1 ? name : `${name} #${nth}`, bytes: row.shallow_size };
    });
}

/** The items as lines, each with the last run's bytes beside it (`new` where it had none). */
export function twiggyLines(top, previous = []) {
  const before = new Map(previous.map((row) => [row.item, row.bytes]));
  const width = Math.max(...top.map((row) => String(row.bytes).length));
  return top.map((row) => {
    const last = before.get(row.item);
    const beside = last === undefined ? 'new' : `${last} B last run${last === row.bytes ? '' : `, ${row.bytes - last > 0 ? '+' : ''}${row.bytes - last}`}`;
    return `${String(row.bytes).padStart(width)} B  ${row.item.slice(0, 100)}  (${beside})`;
  });
}
