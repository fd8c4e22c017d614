// Cold start: fresh `node` processes, each importing one client and making
// its first files.list() against the loopback server; ours, openai-node and
// a bare fetch spawned in turn, round-robin.
import { fileURLToPath } from 'node:url';
import { runNode } from './child.mjs';

const CHILD = fileURLToPath(new URL('./cold-child.mjs', import.meta.url));

/** One fresh process; wallMs: from spawn until it has exited. */
async function spawnOnce(args) {
  const started = performance.now();
  const times = await runNode(CHILD, args, { timeoutMs: 30_000 });
  return { ...times, wallMs: performance.now() - started };
}

/**
 * @returns {Promise<{samples: Record<string, {startedAt, importedAt, answeredAt, wallMs}[]>, runs: number}>}
 */
export async function coldStart({ origin, pkg, count, runs, budgetMs }) {
  const who = ['ours', 'openai', 'floor'];
  const samples = Object.fromEntries(who.map((name) => [name, []]));
  const baseURL = `${origin}/n${count}/v1`;
  // One untimed spawn each first: the disk cache then holds every file.
  for (const name of who) await spawnOnce({ who: name, baseURL, pkg, count });
  const started = performance.now();
  let done = 0;
  for (let i = 0; i < runs; i++) {
    if (i >= 3 && performance.now() - started > budgetMs) break;
    for (let k = 0; k < who.length; k++) {
      const name = who[(i + k) % who.length];
      samples[name].push(await spawnOnce({ who: name, baseURL, pkg, count }));
    }
    done++;
  }
  return { samples, runs: done };
}
