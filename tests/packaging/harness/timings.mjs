// How long each consumer took to install, build and run, for the report at
// the end of the matrix (never for an assertion: these machines vary).
import fs from 'node:fs';
import path from 'node:path';

const PHASES = ['install', 'build', 'run'];
const started = performance.now();
const rows = new Map();

/** Runs `fn`, adding its duration to `name`'s `phase`. */
export async function timed(name, phase, fn) {
  const begin = performance.now();
  try {
    return await fn();
  } finally {
    const row = rows.get(name) ?? Object.fromEntries(PHASES.map((p) => [p, 0]));
    row[phase] += performance.now() - begin;
    rows.set(name, row);
  }
}

const seconds = (ms) => (ms / 1000).toFixed(1).padStart(7);

/** The table of every consumer's phases and the wall-clock time of the whole. */
export function timingReport() {
  const lines = [`${'consumer'.padEnd(24)}${PHASES.map((p) => p.padStart(8)).join('')}   (seconds)`];
  for (const [name, row] of rows) lines.push(`${name.padEnd(24)}${PHASES.map((p) => ` ${seconds(row[p])}`).join('')}`);
  lines.push(`wall clock, installs overlapping builds: ${seconds(performance.now() - started).trim()} s`);
  return lines.join('\n');
}

/** Writes the timings as JSON beside the other test results. */
export function writeTimings(file) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const data = { wallMs: Math.round(performance.now() - started), consumers: Object.fromEntries(rows) };
  fs.writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
}
