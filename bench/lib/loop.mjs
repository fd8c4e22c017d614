// The timing loop, the same in Node and in a page: contenders run
// round-robin, each iteration starting with the next one, after a warm-up.
// Isomorphic: no imports, so a page can load it as it is.

/**
 * @param {object} o
 * @param {{name: string, call: () => Promise<unknown>}[]} o.contenders
 * @param {number} o.runs        timed iterations wanted
 * @param {number} o.warmup      untimed iterations first
 * @param {number} o.budgetMs    stop early (after `minRuns`) once this much time has gone
 * @param {number} [o.minRuns]
 * @param {(result: unknown) => boolean} o.check  whether an answer is the right one
 * @param {() => void} [o.gc]    called before each call, outside the clock
 * @returns {Promise<{samples: Record<string, number[]>, runs: number, stoppedEarly: boolean}>}
 */
export async function interleave({ contenders, runs, warmup, budgetMs, minRuns = 5, check, gc }) {
  const samples = Object.fromEntries(contenders.map((c) => [c.name, []]));
  const started = performance.now();
  let done = 0;
  for (let i = 0; i < warmup + runs; i++) {
    if (i >= warmup + minRuns && performance.now() - started > budgetMs) break;
    for (let k = 0; k < contenders.length; k++) {
      const { name, call } = contenders[(i + k) % contenders.length];
      gc?.();
      const t0 = performance.now();
      const result = await call();
      const ms = performance.now() - t0;
      if (!check(result)) throw new Error(`${name} gave a wrong answer`);
      if (i >= warmup) samples[name].push(ms);
    }
    if (i >= warmup) done++;
  }
  return { samples, runs: done, stoppedEarly: done < runs };
}
