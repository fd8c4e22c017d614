// Lists the account's files with moonshot-files. The client has no API key: it
// calls this page's own origin, whose server forwards /v1/files upstream with
// the key (see ../vite.config.js).
//
// Every string from the server is put in the page as text (textContent or an
// attribute value), never parsed as HTML: file names are user input.

// Imported dynamically so that a failure to load the wasm module shows in the
// page like any other error instead of leaving it blank.
const clientReady = import('moonshot-files').then(
  ({ Moonshot }) => new Moonshot({ baseURL: `${location.origin}/v1` }),
);

const ui = {
  summary: document.getElementById('summary'),
  refresh: document.getElementById('refresh'),
  state: document.getElementById('state'),
  tableWrap: document.getElementById('table-wrap'),
  rows: document.querySelector('#files tbody'),
};

// Status values the API documents; any other (a new one) is shown as neutral.
const STATUS_TONES = { ready: 'good', ok: 'good', processing: 'busy', error: 'bad' };

const countFormat = new Intl.NumberFormat();
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** `el('td', { className: 'x', text: 'y' }, child…)`: an element, its text set as text. */
function el(tag, { className, text, title } = {}, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  if (title) node.title = title;
  node.append(...children);
  return node;
}

const shortFormats = [0, 1].map((digits) => new Intl.NumberFormat(undefined, { maximumFractionDigits: digits }));

/** Decimal units, as the API gives its limits (100 MB a file): 590 B, 12.9 kB, 394 kB, 48.2 MB. */
function formatBytes(bytes) {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (unit < units.length - 1 && value >= 999.5) {
    value /= 1000;
    unit += 1;
  }
  if (unit === 0) return `${countFormat.format(bytes)} B`;
  return `${shortFormats[value < 99.95 ? 1 : 0].format(value)} ${units[unit]}`;
}

/** A `<time>` for Unix seconds, or a dash when the value is not a date. */
function timeElement(seconds) {
  const date = new Date(seconds * 1000);
  if (!Number.isFinite(date.getTime())) return el('span', { className: 'muted', text: '—' });
  const time = el('time', { text: dateFormat.format(date), title: date.toISOString() });
  time.dateTime = date.toISOString();
  return time;
}

function fileRow(file) {
  const tone = Object.hasOwn(STATUS_TONES, file.status) ? STATUS_TONES[file.status] : 'other';
  const status = el('td', {}, el('span', { className: `badge badge-${tone}`, text: file.status }));
  if (file.status_details) status.append(el('div', { className: 'details', text: file.status_details }));
  return el(
    'tr',
    {},
    el('td', { className: 'name', text: file.filename }),
    el('td', { className: 'id' }, el('code', { text: file.id })),
    el('td', {}, el('span', { className: 'purpose', text: file.purpose })),
    status,
    el('td', { className: 'num', text: formatBytes(file.bytes), title: `${countFormat.format(file.bytes)} bytes` }),
    el('td', { className: 'created' }, timeElement(file.created_at)),
  );
}

function showFiles(files) {
  const total = files.reduce((sum, file) => sum + file.bytes, 0);
  const count = `${countFormat.format(files.length)} ${files.length === 1 ? 'file' : 'files'}`;
  ui.summary.textContent = files.length ? `${count} · ${formatBytes(total)} in all` : count;
  if (files.length === 0) {
    ui.tableWrap.hidden = true;
    ui.state.replaceChildren(
      el(
        'div',
        { className: 'empty' },
        el('p', { className: 'empty-title', text: 'No files yet' }),
        el('p', { className: 'muted', text: 'Files uploaded to the account (for extraction, images, video or batch jobs) appear here.' }),
      ),
    );
    return;
  }
  // The API lists oldest first; the newest are the ones people look for.
  const newestFirst = [...files].sort((a, b) => b.created_at - a.created_at);
  ui.rows.replaceChildren(...newestFirst.map(fileRow));
  ui.state.replaceChildren();
  ui.tableWrap.hidden = false;
}

function showError(error) {
  const name = error?.name ?? 'Error';
  const message = error?.message || String(error);
  const facts = [
    error?.status !== undefined && `HTTP ${error.status}`,
    error?.type,
    error?.requestId && `request ${error.requestId}`,
  ].filter(Boolean);
  const retry = el('button', { className: 'button', text: 'Try again' });
  retry.type = 'button';
  retry.addEventListener('click', load);
  ui.summary.textContent = '';
  ui.tableWrap.hidden = true;
  ui.state.replaceChildren(
    el(
      'div',
      { className: 'error' },
      el('p', { className: 'error-title' }, el('code', { className: 'error-name', text: name }), ' Could not list the files'),
      el('p', { className: 'error-message', text: message }),
      ...(facts.length ? [el('p', { className: 'muted error-facts', text: facts.join(' · ') })] : []),
      retry,
    ),
  );
  // The error box is announced as an alert; the status region stays polite.
  ui.state.firstChild.setAttribute('role', 'alert');
}

function showLoading() {
  if (!ui.tableWrap.hidden) return; // refreshing: keep the table while it loads
  ui.state.replaceChildren(el('p', { className: 'loading', text: 'Loading files…' }));
}

// Only the latest load may draw: a slow answer must not replace a newer one.
let generation = 0;

async function load() {
  const current = ++generation;
  ui.refresh.disabled = true;
  ui.tableWrap.setAttribute('aria-busy', 'true');
  showLoading();
  try {
    const client = await clientReady;
    const list = await client.files.list();
    if (current === generation) showFiles(list.data);
  } catch (error) {
    if (current === generation) showError(error);
  } finally {
    if (current === generation) {
      ui.refresh.disabled = false;
      ui.tableWrap.removeAttribute('aria-busy');
    }
  }
}

ui.refresh.addEventListener('click', load);
load();
