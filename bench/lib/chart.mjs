// The results as a hand-drawn SVG of horizontal bars, for the README.
import { GOALS, kb } from './report.mjs';

const W = 860;
const LABEL = 190; // width of the row labels
const PLOT = 520; // width of the bars' scale
const BAR = 14;
const COLORS = { ours: '#1f77b4', openai: '#a0a0a0', floor: '#d0d0d0', goal: '#d62728' };

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const text = (x, y, s, attrs = '') => `<text x="${x}" y="${y}" ${attrs}>${esc(s)}</text>`;

/**
 * One panel: a title, rows of bars on a shared scale, and goal marks.
 * rows: [{label, bars: [{value, color, caption, goal?}]}]; a bar's goal is drawn across it in red.
 */
function panel(y, { title, note, rows, max, line, ticks = [], unit = '' }) {
  const parts = [text(0, y + 14, title, 'class="t"')];
  if (note) parts.push(text(0, y + 30, note, 'class="n"'));
  let top = y + (note ? 42 : 26);
  const x = (v) => LABEL + (Math.min(v, max) / max) * PLOT;
  const firstTop = top;
  const grid = [];
  for (const row of rows) {
    parts.push(text(LABEL - 8, top + row.bars.length * (BAR + 2) / 2 + 4, row.label, 'text-anchor="end"'));
    for (const bar of row.bars) {
      const end = x(bar.value);
      parts.push(`<rect x="${LABEL}" y="${top}" width="${Math.max(1, end - LABEL).toFixed(1)}" height="${BAR}" fill="${bar.color}"/>`);
      const over = bar.value > max ? ' ▸' : '';
      // The caption follows the bar, or the goal mark when that is just past the bar's end.
      const mark = bar.goal ? x(bar.goal) : 0;
      const at = mark > end && mark - end < 40 ? mark : end;
      parts.push(text(at + 5, top + BAR - 3, `${bar.caption}${over}`, 'class="v"'));
      if (bar.goal) {
        const gx = x(bar.goal);
        parts.push(`<line x1="${gx}" x2="${gx}" y1="${top - 3}" y2="${top + BAR + 3}" stroke="${COLORS.goal}" stroke-width="2.5"/>`);
      }
      top += BAR + 2;
    }
    top += 8;
  }
  for (const t of ticks) {
    const tx = x(t);
    grid.push(`<line x1="${tx}" x2="${tx}" y1="${firstTop - 4}" y2="${top - 6}" stroke="#eee"/>`);
    grid.push(text(tx, top + 6, `${t.toFixed(2)}${unit}`, 'class="n" text-anchor="middle"'));
  }
  parts.splice(note ? 2 : 1, 0, ...grid);
  if (ticks.length && !line) top += 12;
  if (line) {
    const lx = x(line.value);
    parts.push(`<line x1="${lx}" x2="${lx}" y1="${firstTop - 4}" y2="${top - 6}" stroke="#555" stroke-dasharray="3 3"/>`);
    if (!ticks.includes(line.value)) parts.push(text(lx, top + 6, line.caption, 'class="n" text-anchor="middle"'));
    top += 12;
  }
  return { svg: parts.join('\n'), bottom: top + 18 };
}

export function chart(results) {
  const { meta } = results;
  const panels = [];

  const listRows = [];
  for (const [env, name] of [['node', 'Node'], ['chromium', 'Chromium']]) {
    for (const size of results.list?.[env]?.sizes ?? []) {
      const goal = GOALS.listRatio[size.count];
      listRows.push({
        label: `${name}, ${size.count.toLocaleString('en-US')} files${size.form && size.form !== 'length' ? `, ${size.form}` : ''}`,
        bars: [
          { value: size.ratio.openai, color: COLORS.openai, caption: `openai-node ${size.ratio.openai.toFixed(2)}x` },
          { value: size.ratio.ours, color: COLORS.ours, caption: `ours ${size.ratio.ours.toFixed(2)}x`, goal },
        ],
      });
    }
  }
  if (listRows.length) {
    const worst = Math.max(...listRows.flatMap((r) => r.bars.map((b) => b.value)));
    const max = Math.max(2, Math.ceil(worst * 2) / 2);
    panels.push({
      title: 'files.list(): median time ÷ bare fetch + res.json() (lower is better)',
      note: 'dashed: the floor (1.00x); red: the goal for ours (1.10x at 1,000 and 100,000 files, in every answer form)',
      rows: listRows,
      max,
      ticks: Array.from({ length: max * 2 }, (_, i) => (i + 1) / 2),
      unit: 'x',
      line: { value: 1, caption: '1.00x' },
    });
  }

  const size = results.size;
  if (size) {
    panels.push({
      title: 'Bytes a browser downloads for files.list(), gzip -9 (lower is better)',
      note: 'esbuild bundle of the same entry, minified; slim adds the .wasm file. Red: the goal, 25 KB',
      rows: [
        {
          label: 'ours (wasm inlined)',
          bars: [{ value: size.ours.total.gzip / 1000, color: COLORS.ours, caption: kb(size.ours.total.gzip), goal: GOALS.gzipBytes / 1000 }],
        },
        {
          label: 'ours, slim + .wasm',
          bars: [
            {
              value: size.oursSlim.total.gzip / 1000,
              color: COLORS.ours,
              caption: `${kb(size.oursSlim.total.gzip)} (wasm ${kb(size.oursSlim.wasm.gzip)}, JS ${kb(size.oursSlim.js.gzip)})`,
              goal: GOALS.gzipBytes / 1000,
            },
          ],
        },
        {
          label: `openai-node ${meta.openai}`,
          bars: [{ value: size.openai.total.gzip / 1000, color: COLORS.openai, caption: kb(size.openai.total.gzip) }],
        },
      ],
      max: Math.max(size.ours.total.gzip, size.openai.total.gzip, GOALS.gzipBytes) / 1000 * 1.15,
    });
  }

  const cold = results.coldStart;
  if (cold) {
    const bar = (c, color, goal) => ({ value: c.answeredAt.median, color, caption: `${c.answeredAt.median.toFixed(0)} ms`, goal });
    panels.push({
      title: `Cold start: node process start → first files.list() answer, ms (lower is better)`,
      note: `median of ${cold.runs} fresh processes each, ${cold.count} files; red: the goal (openai-node's time)`,
      rows: [
        { label: 'ours', bars: [bar(cold.ours, COLORS.ours, cold.openai.answeredAt.median)] },
        { label: 'openai-node', bars: [bar(cold.openai, COLORS.openai)] },
        { label: 'bare fetch', bars: [bar(cold.floor, COLORS.floor)] },
      ],
      max: Math.max(cold.ours.answeredAt.median, cold.openai.answeredAt.median, cold.floor.answeredAt.median) * 1.3,
    });
  }

  const up = results.upload;
  if (up) {
    panels.push({
      title: `Upload of ${Math.round(up.fileBytes / 1048576)} MiB to loopback, MiB/s (higher is better)`,
      note: `wasm memory grew by ${Math.round(up.memory.growth / 1024)} KiB (goal: under 1 MB); red: 0.95x bare fetch`,
      rows: [
        {
          label: 'ours: files.create()',
          bars: [
            {
              value: up.ours.mibPerSecond,
              color: COLORS.ours,
              caption: `${up.ours.mibPerSecond.toFixed(0)} MiB/s (${up.ours.ratio.toFixed(2)}x)`,
              goal: up.fetch.mibPerSecond * GOALS.uploadRatio,
            },
          ],
        },
        {
          label: 'ours, with progress',
          bars: [
            {
              value: up.progress.mibPerSecond,
              color: COLORS.ours,
              caption: `${up.progress.mibPerSecond.toFixed(0)} MiB/s (${up.progress.ratio.toFixed(2)}x)`,
              goal: up.fetch.mibPerSecond * GOALS.uploadRatio,
            },
          ],
        },
        {
          label: 'bare fetch(FormData)',
          bars: [{ value: up.fetch.mibPerSecond, color: COLORS.floor, caption: `${up.fetch.mibPerSecond.toFixed(0)} MiB/s` }],
        },
      ],
      max: Math.max(up.ours.mibPerSecond, up.progress.mibPerSecond, up.fetch.mibPerSecond) * 1.3,
    });
  }

  const body = [];
  let y = 44;
  for (const p of panels) {
    const drawn = panel(y, p);
    body.push(drawn.svg);
    y = drawn.bottom;
  }
  const subtitle = [
    meta.date.slice(0, 10),
    `Node ${meta.node}`,
    `Chromium ${meta.chromium ?? 'n/a'}`,
    `openai ${meta.openai}`,
    meta.cpus,
    `${meta.mode} run`,
  ].join(' · ');
  const [width, height] = [W + 28, y + 4];
  const font = 'system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif';
  const style = [
    '.t{font-weight:600;font-size:13px}',
    '.n{fill:#666;font-size:11px}',
    '.v{font-size:11px}',
    '.h{font-weight:700;font-size:15px}',
  ].join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" \
font-family="${font}" font-size="12">
<style>${style}</style>
<rect width="100%" height="100%" fill="#fff"/>
<g transform="translate(14 4)">
${text(0, 16, 'moonshot-files benchmark (make bench)', 'class="h"')}
${text(0, 32, subtitle, 'class="n"')}
${body.join('\n')}
</g>
</svg>
`;
}
