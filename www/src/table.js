// The files table and its toolbar: sort (header buttons, or a menu at narrow
// widths), filter by purpose and status, search by name, select rows; and the
// states in place of the table (loading, error, empty, nothing matches).
import { describeError } from './api.js';
import { button, el, icon, keepingFocus } from './dom.js';
import {
  KNOWN_STATUSES,
  dateOf,
  formatBytes,
  formatCount,
  formatDate,
  formatDay,
  formatRelative,
  plural,
  purposeClass,
  statusTone,
} from './format.js';
import { PURPOSES } from './limits.js';
import { COLUMNS, valueCounts } from './state.js';

const ui = {
  search: document.getElementById('search'),
  purpose: document.getElementById('filter-purpose'),
  status: document.getElementById('filter-status'),
  sort: document.getElementById('sort-select'),
  count: document.getElementById('result-count'),
  deleteSelected: document.getElementById('delete-selected'),
  selectedCount: document.getElementById('selected-count'),
  state: document.getElementById('state'),
  wrap: document.getElementById('table-wrap'),
  table: document.getElementById('files'),
  selectAll: document.getElementById('select-all'),
  rows: document.querySelector('#files tbody'),
  headers: [...document.querySelectorAll('#files th[data-sort]')],
};

const KNOWN_PURPOSES = PURPOSES.map(({ value }) => value);

const SORT_LABELS = {
  filename: ['Name, A to Z', 'Name, Z to A'],
  id: ['ID, A to Z', 'ID, Z to A'],
  purpose: ['Purpose, A to Z', 'Purpose, Z to A'],
  status: ['Status, A to Z', 'Status, Z to A'],
  bytes: ['Size, smallest first', 'Size, largest first'],
  created_at: ['Oldest first', 'Newest first'],
};

/**
 * Wires the controls to the store. `actions`: `open(id, opener)`, `remove(ids,
 * opener)`, `copy(id, button)`, `retry()`, `choose()` (the upload picker).
 */
export function setupTable(store, actions) {
  ui.sort.replaceChildren(
    ...['created_at', 'filename', 'bytes', 'purpose', 'status', 'id'].flatMap((key) => {
      const [ascending, descending] = SORT_LABELS[key];
      const both = [
        el('option', { value: `${key}:descending`, text: descending }),
        el('option', { value: `${key}:ascending`, text: ascending }),
      ];
      return COLUMNS[key].first === 'ascending' ? both.reverse() : both;
    }),
  );

  for (const th of ui.headers) {
    th.querySelector('button').addEventListener('click', () => store.sortBy(th.dataset.sort));
  }
  ui.sort.addEventListener('change', () => {
    const [key, direction] = ui.sort.value.split(':');
    store.setSort(key, direction);
  });
  ui.search.addEventListener('input', () => store.setFilter('query', ui.search.value));
  ui.purpose.addEventListener('change', () => store.setFilter('purpose', ui.purpose.value));
  ui.status.addEventListener('change', () => store.setFilter('status', ui.status.value));
  ui.selectAll.addEventListener('change', () => {
    store.select(
      store.visible().map((file) => file.id),
      ui.selectAll.checked,
    );
  });
  ui.deleteSelected.addEventListener('click', () => actions.remove([...store.state.selected], ui.deleteSelected));

  ui.rows.addEventListener('change', (event) => {
    const box = event.target.closest('input[type=checkbox][data-id]');
    if (box) store.select([box.dataset.id], box.checked);
  });
  ui.rows.addEventListener('click', (event) => {
    const target = event.target.closest('button[data-action]');
    if (!target) return;
    const { id } = target.closest('tr').dataset;
    if (target.dataset.action === 'open') actions.open(id, target);
    else if (target.dataset.action === 'delete') actions.remove([id], target);
    else if (target.dataset.action === 'copy') actions.copy(id, target);
  });

  // "/" jumps to the search box, as on many sites; not while typing somewhere.
  document.addEventListener('keydown', (event) => {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target.closest?.('input, textarea, select, [contenteditable], dialog')) return;
    event.preventDefault();
    ui.search.focus();
  });

  return {
    render: () => render(store, actions),
    /** The focus target for a row after a dialog closes (its name button). */
    focusRow(id) {
      const row = [...ui.rows.rows].find((tr) => tr.dataset.id === id);
      const target = row?.querySelector('[data-action=open]');
      if (target) target.focus();
      return Boolean(target);
    },
    focusSearch: () => ui.search.focus(),
  };
}

const shownState = { kind: undefined, error: null };

const STATES = {
  error: ({ state, actions }) => errorState(state.error, actions),
  loading: () => el('p', { className: 'loading', text: 'Loading files…' }),
  empty: ({ actions }) => emptyState(actions),
  'no-match': ({ store }) => noMatchState(store),
};

function render(store, actions) {
  const { state } = store;
  renderControls(store);
  ui.wrap.setAttribute('aria-busy', String(state.phase === 'loading'));

  const all = store.list();
  const shown = store.visible();
  let kind = null;
  if (state.phase === 'error') kind = 'error';
  else if (!state.loaded) kind = 'loading';
  else if (all.length === 0) kind = 'empty';
  else if (shown.length === 0) kind = 'no-match';
  // Redrawn only when it changes: the region is live, and a screen reader
  // would announce the same message again.
  if (kind !== shownState.kind || (kind === 'error' && state.error !== shownState.error)) {
    Object.assign(shownState, { kind, error: state.error });
    const message = kind && STATES[kind]({ state, store, actions });
    if (kind === 'error') message.setAttribute('role', 'alert');
    keepingFocus(ui.state, () => ui.state.replaceChildren(...(message ? [message] : [])));
  }

  const showTable = state.loaded && shown.length > 0;
  ui.wrap.hidden = !showTable;
  keepingFocus(ui.rows, () => ui.rows.replaceChildren(...(showTable ? shown.map((file) => fileRow(file, state)) : [])));

  ui.count.textContent = !state.loaded
    ? ''
    : shown.length === all.length
      ? plural(all.length, 'file')
      : `${formatCount(shown.length)} of ${plural(all.length, 'file')} shown`;
  const selected = state.selected.size;
  ui.deleteSelected.disabled = selected === 0;
  ui.selectedCount.textContent = selected ? formatCount(selected) : '';
  ui.deleteSelected.setAttribute(
    'aria-label',
    selected ? `Delete ${plural(selected, 'selected file')}` : 'Delete selected files (none selected)',
  );
  ui.selectAll.disabled = shown.length === 0;
  ui.selectAll.checked = shown.length > 0 && selected === shown.length;
  ui.selectAll.indeterminate = selected > 0 && selected < shown.length;
}

function renderControls(store) {
  const { state } = store;
  const all = store.list();
  fillSelect(ui.purpose, 'All purposes', valueCounts(all, 'purpose', KNOWN_PURPOSES), state.filters.purpose);
  fillSelect(ui.status, 'All statuses', valueCounts(all, 'status', KNOWN_STATUSES), state.filters.status);
  if (ui.search.value !== state.filters.query) ui.search.value = state.filters.query;
  ui.sort.value = `${state.sort.key}:${state.sort.direction}`;
  for (const th of ui.headers) {
    if (th.dataset.sort === state.sort.key) th.setAttribute('aria-sort', state.sort.direction);
    else th.removeAttribute('aria-sort');
  }
}

/** A filter menu: "All", then each value with its count; the chosen one kept even at 0. */
function fillSelect(select, allLabel, counts, chosen) {
  if (chosen && !counts.has(chosen)) counts.set(chosen, 0);
  const options = [el('option', { value: '', text: allLabel })];
  for (const [value, count] of counts) options.push(el('option', { value, text: `${value} (${formatCount(count)})` }));
  const same =
    select.options.length === options.length &&
    options.every((option, i) => select.options[i].value === option.value && select.options[i].text === option.text);
  if (!same) select.replaceChildren(...options);
  select.value = chosen;
}

function fileRow(file, state) {
  const busy = state.busy.has(file.id);
  const tone = statusTone(file.status);
  const date = dateOf(file.created_at);
  const classes = [state.fresh.has(file.id) && 'is-fresh', busy && 'is-busy', state.selected.has(file.id) && 'is-selected'];

  return el(
    'tr',
    { dataset: { id: file.id }, className: classes.filter(Boolean).join(' '), 'aria-busy': busy ? 'true' : undefined },
    el(
      'td',
      { className: 'select-col' },
      el('input', {
        type: 'checkbox',
        className: 'checkbox',
        checked: state.selected.has(file.id),
        disabled: busy,
        dataset: { id: file.id, focus: `select:${file.id}` },
        'aria-label': `Select ${file.filename}`,
      }),
    ),
    el(
      'td',
      { className: 'name' },
      button({
        className: 'name-button',
        text: file.filename,
        title: 'Show the details and extracted text',
        'aria-haspopup': 'dialog',
        dataset: { action: 'open', focus: `open:${file.id}` },
      }),
    ),
    el(
      'td',
      { className: 'id', 'data-label': 'ID' },
      el('code', { text: file.id }),
      button(
        {
          className: 'icon-button copy',
          title: 'Copy the id',
          'aria-label': `Copy id ${file.id}`,
          dataset: { action: 'copy', focus: `copy:${file.id}` },
        },
        icon('copy'),
      ),
    ),
    el(
      'td',
      { className: 'purpose-cell', 'data-label': 'Purpose' },
      el('span', { className: `purpose ${purposeClass(file.purpose)}`, text: file.purpose }),
    ),
    el(
      'td',
      { className: 'status-cell', 'data-label': 'Status' },
      el('span', { className: `badge badge-${tone}`, text: file.status }),
      file.status_details && el('div', { className: 'details', text: file.status_details }),
    ),
    el('td', {
      className: 'num size',
      'data-label': 'Size',
      text: formatBytes(file.bytes),
      title: `${formatCount(file.bytes)} bytes`,
    }),
    el(
      'td',
      { className: 'created', 'data-label': 'Created' },
      date
        ? el('time', {
            dateTime: date.toISOString(),
            text: formatDay(date),
            title: `${formatRelative(date)} · ${formatDate(date)}`,
          })
        : el('span', { className: 'muted', text: '—' }),
    ),
    el(
      'td',
      { className: 'actions' },
      button(
        {
          className: 'icon-button danger',
          title: 'Delete',
          'aria-label': `Delete ${file.filename}`,
          disabled: busy,
          dataset: { action: 'delete', focus: `delete:${file.id}` },
        },
        icon('trash'),
      ),
    ),
  );
}

function errorState(error, actions) {
  const { name, message, facts, hint } = describeError(error);
  return el(
    'div',
    { className: 'error' },
    icon('alert', 'icon error-icon'),
    el(
      'div',
      { className: 'error-body' },
      el('p', { className: 'error-title' }, el('code', { className: 'error-name', text: name }), ' Could not list the files'),
      el('p', { className: 'error-message', text: message }),
      hint && el('p', { className: 'error-hint', text: hint }),
      facts.length > 0 && el('p', { className: 'muted error-facts', text: facts.join(' · ') }),
      button({ className: 'button', text: 'Try again', dataset: { focus: 'retry' }, on: { click: actions.retry } }),
    ),
  );
}

function emptyState(actions) {
  return el(
    'div',
    { className: 'empty' },
    icon('file', 'icon empty-icon'),
    el('p', { className: 'empty-title', text: 'No files yet' }),
    el('p', {
      className: 'muted',
      text: 'Files you upload for text extraction, images, video or batch jobs appear here. Drop some anywhere on the page, or:',
    }),
    button({ className: 'button primary', dataset: { focus: 'choose' }, on: { click: actions.choose } }, icon('upload'), 'Choose files'),
  );
}

function noMatchState(store) {
  return el(
    'div',
    { className: 'empty no-match' },
    el('p', { className: 'empty-title', text: 'No files match' }),
    el('p', { className: 'muted', text: 'Nothing passes the search and filters above.' }),
    button({
      className: 'button',
      text: 'Clear the filters',
      dataset: { focus: 'clear' },
      on: {
        click: () => {
          store.clearFilters();
          ui.search.focus();
        },
      },
    }),
  );
}
