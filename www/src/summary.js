// The account at a glance: files used of 1,000 and bytes used of 10 GiB as
// meters, and how the files split by purpose as a small bar chart.
import { el } from './dom.js';
import { formatBytes, formatCount, formatPercent, plural, purposeClass } from './format.js';
import { LIMITS } from './facts.js';
import { summarize } from './state.js';

const ui = {
  root: /** @type {HTMLElement} */ (document.getElementById('summary')),
  filesValue: /** @type {HTMLElement} */ (document.getElementById('files-used')),
  filesMeter: /** @type {HTMLMeterElement} */ (document.getElementById('files-meter')),
  filesNote: /** @type {HTMLElement} */ (document.getElementById('files-note')),
  bytesValue: /** @type {HTMLElement} */ (document.getElementById('bytes-used')),
  bytesMeter: /** @type {HTMLMeterElement} */ (document.getElementById('bytes-meter')),
  bytesNote: /** @type {HTMLElement} */ (document.getElementById('bytes-note')),
  chart: /** @type {HTMLElement} */ (document.getElementById('purpose-chart')),
  brief: /** @type {HTMLElement} */ (document.getElementById('usage-brief')),
};

let drawnVersion = -1;

function setMeter(meter, value, max) {
  meter.max = max;
  meter.low = max * 0.8;
  meter.high = max * 0.95;
  meter.optimum = 0;
  meter.value = value;
}

export function renderSummary(store) {
  const { state } = store;
  ui.root.setAttribute('aria-busy', String(!state.loaded));
  if (!state.loaded) return; // the placeholders stay until a list came back
  if (drawnVersion === state.filesVersion) return; // nothing it shows has changed
  drawnVersion = state.filesVersion;

  const totals = summarize(store.list());
  ui.filesValue.replaceChildren(
    el('strong', { text: formatCount(totals.count) }),
    el('span', { className: 'of', text: ` of ${formatCount(LIMITS.maxFiles)}` }),
  );
  setMeter(ui.filesMeter, totals.count, LIMITS.maxFiles);
  ui.filesMeter.textContent = `${formatCount(totals.count)} of ${formatCount(LIMITS.maxFiles)} files`;
  ui.filesNote.textContent = `${formatPercent(totals.count, LIMITS.maxFiles)} used · ${formatCount(
    Math.max(0, LIMITS.maxFiles - totals.count),
  )} left`;

  ui.bytesValue.replaceChildren(
    el('strong', { text: formatBytes(totals.bytes) }),
    el('span', { className: 'of', text: ` of ${formatBytes(LIMITS.maxTotalBytes)}` }),
  );
  setMeter(ui.bytesMeter, totals.bytes, LIMITS.maxTotalBytes);
  ui.bytesMeter.textContent = `${formatBytes(totals.bytes)} of ${formatBytes(LIMITS.maxTotalBytes)}`;
  ui.bytesNote.textContent = `${formatPercent(totals.bytes, LIMITS.maxTotalBytes)} used · ${formatBytes(
    Math.max(0, LIMITS.maxTotalBytes - totals.bytes),
  )} left`;

  ui.brief.textContent = `${formatCount(totals.count)} of ${formatCount(LIMITS.maxFiles)} files · ${formatBytes(totals.bytes)} of ${formatBytes(LIMITS.maxTotalBytes)}`;

  if (totals.count === 0) {
    ui.chart.replaceChildren(el('li', { className: 'chart-empty muted', text: 'No files yet.' }));
    return;
  }
  const most = Math.max(...totals.purposes.map((entry) => entry.count));
  ui.chart.replaceChildren(
    ...totals.purposes.map(({ purpose, count, bytes }) => {
      const fill = el('span', { className: 'chart-fill' });
      // A CSSOM property, which the page's CSP allows (a style attribute it would not).
      fill.style.setProperty('--share', String(count / most));
      return el(
        'li',
        { className: `chart-row ${purposeClass(purpose)}`, title: `${plural(count, 'file')}, ${formatBytes(bytes)}` },
        el('span', { className: 'chart-label', text: purpose }),
        el('span', { className: 'chart-bar', 'aria-hidden': 'true' }, fill),
        el('span', { className: 'chart-value' }, el('strong', { text: formatCount(count) }), ` · ${formatBytes(bytes)}`),
      );
    }),
  );
}
