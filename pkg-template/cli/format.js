// Sizes, dates, durations and the progress bar as the CLI prints them. Pure
// functions with no locale (the output is the same on every machine, so
// scripts can read it), tested as units in tests/cli/format.test.mjs.

// Binary units, as the service counts its limits (100 MiB a file, 10 GiB in
// all), as the dashboard shows them.
const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** `106 B`, `12.6 KiB`, `2.3 MiB`, `46 MiB`, `10 GiB`; `?` for what is no size. */
export function formatBytes(bytes) {
  if (!Number.isFinite(bytes) || bytes < 0) return '?';
  let value = bytes;
  let unit = 0;
  while (unit < UNITS.length - 1 && value >= 1023.95) {
    value /= 1024;
    unit += 1;
  }
  if (unit === 0) return `${value} B`;
  return `${value < 99.95 ? value.toFixed(1) : Math.round(value)} ${UNITS[unit]}`;
}

const pad2 = (n) => String(n).padStart(2, '0');

/** `2026-11-24 12:30`: Unix seconds in the local time zone (as `ls -l`); `?` for no date. */
export function formatDate(seconds) {
  const date = new Date(seconds * 1000);
  if (!Number.isFinite(seconds) || !Number.isFinite(date.getTime())) return '?';
  const day = `${date.getFullYear()}-${pad2(date.getMonth() + 1)}-${pad2(date.getDate())}`;
  return `${day} ${pad2(date.getHours())}:${pad2(date.getMinutes())}`;
}

/** `0s`, `45s`, `1m05s`, `2h03m`, `3d04h`: a duration in ms, to the second, two units at most. */
export function formatDuration(ms) {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${pad2(s % 60)}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h${pad2(Math.floor((s % 3600) / 60))}m`;
  return `${Math.floor(s / 86400)}d${pad2(Math.floor((s % 86400) / 3600))}h`;
}

/** `[#####-----]`: a share from 0 to 1 as a bar `width` characters wide inside its brackets. */
export function formatBar(share, width) {
  const clamped = Number.isFinite(share) ? Math.min(Math.max(share, 0), 1) : 0;
  const filled = Math.floor(clamped * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

/** `52%`, floored, so 100% means every byte. */
export function formatPercent(loaded, total) {
  if (!(total > 0)) return '0%';
  return `${Math.floor((Math.min(loaded, total) / total) * 100)}%`;
}

/**
 * Text from the service made safe for a terminal: control characters (a
 * newline in a file name, an escape sequence) shown as `\n`, `\x1b`, so one
 * file stays one line and a name cannot drive the terminal.
 */
export function printable(text) {
  return String(text).replace(/[\x00-\x1f\x7f-\x9f]/g, (c) =>
    c === '\n' ? '\\n' : c === '\t' ? '\\t' : c === '\r' ? '\\r' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

/**
 * Rows as aligned columns, two spaces apart: `columns` is
 * `[{ header, align: 'left' | 'right' }]`, each row an array of strings. The
 * last column is not padded (it holds the file name, whose width in a
 * terminal the string's length cannot tell for CJK text).
 */
export function formatTable(columns, rows) {
  const widths = columns.map((column, i) => Math.max(column.header.length, ...rows.map((row) => row[i].length)));
  const line = (cells) =>
    cells
      .map((cell, i) => {
        if (i === cells.length - 1) return cell;
        return columns[i].align === 'right' ? cell.padStart(widths[i]) : cell.padEnd(widths[i]);
      })
      .join('  ');
  return [line(columns.map((column) => column.header)), ...rows.map(line)].map((text) => text.trimEnd() + '\n').join('');
}

// Code points a terminal draws two columns wide: CJK, Hangul, full-width
// forms, most emoji (the East Asian Wide and Fullwidth ranges, roughly).
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]/u;

/** The columns `text` takes in a terminal (an estimate: wide characters count two). */
export function displayWidth(text) {
  let width = 0;
  for (const char of text) width += WIDE.test(char) ? 2 : 1;
  return width;
}

/** `text` cut to at most `width` terminal columns, ending in `…` when cut. */
export function truncateToWidth(text, width) {
  if (displayWidth(text) <= width) return text;
  let kept = '';
  let used = 0;
  for (const char of text) {
    const w = WIDE.test(char) ? 2 : 1;
    if (used + w > width - 1) break;
    kept += char;
    used += w;
  }
  return width > 0 ? `${kept}…` : '';
}

/**
 * `12.3 MiB/s, 4s left` at `rate` bytes a second; empty while the rate is
 * unknown (0) or once every byte is sent. The dashboard shows the same facts.
 */
export function formatSpeed({ loaded, total, rate }) {
  if (!(rate > 0) || !(loaded < total)) return '';
  return `${formatBytes(rate)}/s, ${formatDuration(((total - loaded) / rate) * 1000)} left`;
}

/**
 * One frame of the terminal's upload bar, at most `columns - 1` wide (a
 * full line would wrap and break the redraw), `rate` in bytes a second (0: unknown):
 * `report.pdf [#########---------]  52%  52.0 MiB/100 MiB  12.3 MiB/s, 4s left`.
 */
export function formatProgressLine({ label, loaded, total, rate, columns }) {
  const speed = formatSpeed({ loaded, total, rate });
  const tail = `  ${formatPercent(loaded, total).padStart(4)}  ${formatBytes(loaded)}/${formatBytes(total)}${speed && `  ${speed}`}`;
  const room = Math.max(columns - 1 - tail.length, 0);
  const barWidth = Math.min(30, Math.max(room - Math.min(displayWidth(label), 24) - 3, 0));
  const bar = barWidth >= 10 ? ` ${formatBar(loaded / total, barWidth)}` : '';
  const name = truncateToWidth(label, room - bar.length);
  return `${name}${bar}${tail}`.slice(0, Math.max(columns - 1, 0));
}

/** One line of the piped report: `report.pdf: 40% (40.0 MiB of 100 MiB) 12.3 MiB/s, 4s left`. */
export function formatProgressText({ label, loaded, total, rate = 0 }) {
  const speed = formatSpeed({ loaded, total, rate });
  return `${label}: ${formatPercent(loaded, total)} (${formatBytes(loaded)} of ${formatBytes(total)})${speed && ` ${speed}`}`;
}
