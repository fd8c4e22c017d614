// Reading the values of flags; a bad one is a UsageError (exit status 2).
// Pure (no import of the package), so tests/cli/format.test.mjs runs it as units.

/** Bad arguments: unknown command or flag, missing argument, bad value. */
export class UsageError extends Error {
  name = 'UsageError';
}

// The statuses the API documents (prune takes `ok` with `ready`).
export const STATUSES = Object.freeze(['ready', 'ok', 'processing', 'error']);

/** One of `choices`, or a UsageError that lists them (a typo would match nothing). */
export function oneOf(flag, value, choices) {
  if (choices.includes(value)) return value;
  throw new UsageError(`${flag} must be one of ${choices.join(', ')}; got '${value}'`);
}

/** A whole number from `min` up: `--keep-newest 0`, `--max-chars 1000`. */
export function readCount(flag, value, min) {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) < min) {
    throw new UsageError(`${flag} must be a whole number${min > 0 ? ` from ${min}` : ''}; got '${value}'`);
  }
  return Number(value);
}

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const DURATION = /^(?:\d+[smhdw])+$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * `--older-than`: an age (`30d`, `12h`, `1d12h`; units s, m, h, d, w) as
 * milliseconds, or a moment as a Date: a day (`2026-01-31`, midnight local
 * time, as the table's CREATED column shows dates) or a time
 * (`2026-01-31T12:00`, local; `...Z` or `...+08:00`, as given).
 */
export function readOlderThan(value) {
  if (DURATION.test(value)) {
    let ms = 0;
    for (const [, amount, unit] of value.matchAll(/(\d+)([smhdw])/g)) ms += Number(amount) * UNIT_MS[unit];
    if (Number.isSafeInteger(ms)) return ms;
  }
  const day = DATE.exec(value);
  if (day) {
    const [year, month, date] = day.slice(1).map(Number);
    const moment = new Date(year, month - 1, date);
    // new Date rolls 2026-02-31 over to March: refuse what is no calendar day.
    if (moment.getFullYear() === year && moment.getMonth() === month - 1 && moment.getDate() === date) return moment;
  } else if (TIME.test(value)) {
    const moment = new Date(value.replace(' ', 'T'));
    if (Number.isFinite(moment.getTime())) return moment;
  }
  throw new UsageError(`--older-than takes an age (30d, 12h, 90m, 2w) or a date (2026-01-31, 2026-01-31T12:00Z); got '${value}'`);
}
