// Numbers, sizes, speeds and dates as people read them. Pure functions (no
// DOM), tested in Node (tests/dashboard/logic.test.mjs), which pins the
// locale and time zone with useLocale(); the page uses the reader's.
import { PURPOSES } from './facts.js';

let fmt;

/**
 * Formats in `locale` (undefined: the reader's) and `timeZone` (undefined: the reader's).
 * @param {string} [locale]
 * @param {{ timeZone?: string }} [options]
 */
export function useLocale(locale, { timeZone } = {}) {
  fmt = {
    count: new Intl.NumberFormat(locale),
    fractions: [0, 1].map((digits) => new Intl.NumberFormat(locale, { maximumFractionDigits: digits })),
    percent: new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }),
    wholePercent: new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }),
    date: new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }),
    relative: new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }),
  };
}
useLocale(undefined);

/** `1,000` in the reader's locale. */
export function formatCount(n) {
  return fmt.count.format(n);
}

/** `3 files`, `1 file`. */
export function plural(n, one, many = `${one}s`) {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** A share of a whole, `0.9%`; a share above 0 never shows as 0%. */
export function formatPercent(part, whole) {
  if (!(whole > 0)) return fmt.percent.format(0);
  const share = part / whole;
  return share > 0 && share < 0.001 ? `<${fmt.percent.format(0.001)}` : fmt.percent.format(share);
}

/** A progress share, whole percents, never 100% before the end: `45%`. */
export function formatProgress(part, whole) {
  if (!(whole > 0)) return fmt.wholePercent.format(0);
  const share = Math.min(1, part / whole);
  return fmt.wholePercent.format(share < 1 ? Math.min(share, 0.99) : 1);
}

// Binary units, as the service counts its limits: 100 MiB a file, 10 GiB in all.
const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** `106 B`, `12.6 KiB`, `2.3 MiB`, `46 MiB`, `10 GiB`. */
export function formatBytes(bytes) {
  if (!Number.isFinite(bytes)) return '—';
  let value = Math.abs(bytes);
  let unit = 0;
  while (unit < UNITS.length - 1 && value >= 1023.95) {
    value /= 1024;
    unit += 1;
  }
  const sign = bytes < 0 ? '-' : '';
  if (unit === 0) return `${sign}${fmt.count.format(value)} B`;
  return `${sign}${fmt.fractions[value < 99.95 ? 1 : 0].format(value)} ${UNITS[unit]}`;
}

/** `1.2 MiB/s`. */
export function formatSpeed(bytesPerSecond) {
  return Number.isFinite(bytesPerSecond) && bytesPerSecond > 0 ? `${formatBytes(bytesPerSecond)}/s` : '—';
}

/** A time left or waited: `5 s`, `2 min 5 s`, `1 h 3 min`; `—` when unknown. */
export function formatDuration(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${formatCount(s)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${formatCount(m)} min ${formatCount(s % 60)} s` : `${formatCount(m)} min`;
  return m % 60 ? `${formatCount(Math.floor(m / 60))} h ${formatCount(m % 60)} min` : `${formatCount(m / 60)} h`;
}

/** The date of Unix seconds, or null when the value is not a date. */
export function dateOf(seconds) {
  const date = new Date(seconds * 1000);
  return Number.isFinite(date.getTime()) ? date : null;
}

/** `Nov 24, 2026, 12:30 PM` in the reader's locale and time zone. */
export function formatDate(date) {
  return fmt.date.format(date);
}

/** @type {[Intl.RelativeTimeFormatUnit, number][]} */
const STEPS = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** `2 days ago`, `3 months ago`, `now` (relative to `now`, a Date). */
export function formatRelative(date, now = new Date()) {
  const seconds = (date.getTime() - now.getTime()) / 1000;
  for (const [unit, size] of STEPS) {
    if (Math.abs(seconds) >= size) return fmt.relative.format(Math.round(seconds / size), unit);
  }
  return fmt.relative.format(0, 'second');
}

// The statuses the API documents, by what they mean: `ok` and `ready` are one
// state (the reference shows both); anything else (a new one) is its own.
const STATUS_GROUPS = { ready: 'ready', ok: 'ready', processing: 'processing', error: 'error' };
const GROUP_TONES = { ready: 'good', processing: 'busy', error: 'bad' };
export const KNOWN_STATUSES = Object.freeze(['ready', 'processing', 'error']);

/** The status a person filters by: `ok` is `ready`; an unknown one stays itself. */
export function statusGroup(status) {
  return Object.hasOwn(STATUS_GROUPS, status) ? STATUS_GROUPS[status] : String(status);
}

/** The badge tone of a status: good, busy, bad, or other. */
export function statusTone(status) {
  const group = statusGroup(status);
  return Object.hasOwn(GROUP_TONES, group) ? GROUP_TONES[group] : 'other';
}

const KNOWN_PURPOSES = new Set(PURPOSES);

/** The CSS class of a purpose: the documented ones have their own colour. */
export function purposeClass(purpose) {
  return KNOWN_PURPOSES.has(purpose) ? `purpose-${purpose}` : 'purpose-other';
}
