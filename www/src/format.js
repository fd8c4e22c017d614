// Numbers, sizes and dates as people read them. Pure functions (no DOM), so
// they are tested in Node too (../logic.test.mjs).

const counts = new Intl.NumberFormat();
const fractions = [0, 1].map((digits) => new Intl.NumberFormat(undefined, { maximumFractionDigits: digits }));
const percents = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
const days = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dates = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** `1,000` in the reader's locale. */
export function formatCount(n) {
  return counts.format(n);
}

/** `3 files`, `1 file`. */
export function plural(n, one, many = `${one}s`) {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** A share of a whole, `0.9%`; a share above 0 never shows as 0%. */
export function formatPercent(part, whole) {
  if (!(whole > 0)) return percents.format(0);
  const share = part / whole;
  return share > 0 && share < 0.001 ? `<${percents.format(0.001)}` : percents.format(share);
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
  if (unit === 0) return `${sign}${counts.format(value)} B`;
  return `${sign}${fractions[value < 99.95 ? 1 : 0].format(value)} ${UNITS[unit]}`;
}

/** The date of Unix seconds, or null when the value is not a date. */
export function dateOf(seconds) {
  const date = new Date(seconds * 1000);
  return Number.isFinite(date.getTime()) ? date : null;
}

/** `Nov 24, 2026` in the reader's locale and time zone. */
export function formatDay(date) {
  return days.format(date);
}

/** `Nov 24, 2026, 12:30 PM` in the reader's locale and time zone. */
export function formatDate(date) {
  return dates.format(date);
}

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
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return relative.format(0, 'second');
}

// The statuses the API documents; any other (a new one) gets a neutral badge.
const STATUS_TONES = { ready: 'good', ok: 'good', processing: 'busy', error: 'bad' };
export const KNOWN_STATUSES = Object.freeze(Object.keys(STATUS_TONES));

/** The badge tone of a status: good, busy, bad, or other. */
export function statusTone(status) {
  return Object.hasOwn(STATUS_TONES, status) ? STATUS_TONES[status] : 'other';
}

const KNOWN_PURPOSES = new Set(['file-extract', 'image', 'video', 'batch']);

/** The CSS class of a purpose: the documented ones have their own colour. */
export function purposeClass(purpose) {
  return KNOWN_PURPOSES.has(purpose) ? `purpose-${purpose}` : 'purpose-other';
}
