// The toolbar over the table: search (every word, in the name or id),
// filters by purpose and status, the sort menu (for narrow screens, where the
// column headers are hidden), the count of rows, and "Delete selected".
import { el } from './dom.js';
import { KNOWN_STATUSES, formatCount, plural, statusGroup } from './format.js';
import { PURPOSES } from './facts.js';
import { COLUMNS, valueCounts } from './state.js';

const ui = {
  search: /** @type {HTMLInputElement} */ (document.getElementById('search')),
  purpose: /** @type {HTMLSelectElement} */ (document.getElementById('filter-purpose')),
  status: /** @type {HTMLSelectElement} */ (document.getElementById('filter-status')),
  sort: /** @type {HTMLSelectElement} */ (document.getElementById('sort-select')),
  count: /** @type {HTMLElement} */ (document.getElementById('result-count')),
  deleteSelected: /** @type {HTMLButtonElement} */ (document.getElementById('delete-selected')),
  selectedCount: /** @type {HTMLElement} */ (document.getElementById('selected-count')),
};

const SORT_LABELS = {
  filename: ['Name, A to Z', 'Name, Z to A'],
  id: ['ID, A to Z', 'ID, Z to A'],
  purpose: ['Purpose, A to Z', 'Purpose, Z to A'],
  status: ['Status, A to Z', 'Status, Z to A'],
  bytes: ['Size, smallest first', 'Size, largest first'],
  created_at: ['Oldest first', 'Newest first'],
};

/** `actions`: `remove(ids, opener)`. Returns `{ render, focusSearch }`. */
export function setupToolbar(store, actions) {
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
  ui.sort.addEventListener('change', () => {
    const [key, direction] = ui.sort.value.split(':');
    store.setSort(key, direction);
  });
  ui.search.addEventListener('input', () => store.setFilter('query', ui.search.value));
  ui.purpose.addEventListener('change', () => store.setFilter('purpose', ui.purpose.value));
  ui.status.addEventListener('change', () => store.setFilter('status', ui.status.value));
  ui.deleteSelected.addEventListener('click', () => actions.remove([...store.state.selected], ui.deleteSelected));

  // "/" jumps to the search box, as on many sites; not while typing somewhere.
  document.addEventListener('keydown', (event) => {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
    if (/** @type {Element} */ (event.target).closest?.('input, textarea, select, [contenteditable], dialog')) return;
    event.preventDefault();
    ui.search.focus();
  });

  // The menus' counts change only with the files: kept until they do.
  let countedVersion = -1;
  let counts = null;

  function render() {
    const { state } = store;
    const all = store.list();
    const shown = store.visible();
    if (countedVersion !== state.filesVersion) {
      countedVersion = state.filesVersion;
      counts = {
        purpose: valueCounts(all, (file) => file.purpose, PURPOSES),
        status: valueCounts(all, (file) => statusGroup(file.status), KNOWN_STATUSES),
      };
    }
    fillSelect(ui.purpose, 'All purposes', counts.purpose, state.filters.purpose);
    fillSelect(ui.status, 'All statuses', counts.status, state.filters.status);
    if (ui.search.value !== state.filters.query) ui.search.value = state.filters.query;
    ui.sort.value = `${state.sort.key}:${state.sort.direction}`;

    ui.count.textContent = !state.loaded
      ? ''
      : shown.length === all.length
        ? plural(all.length, 'file')
        : `${formatCount(shown.length)} of ${plural(all.length, 'file')} shown`;
    const selected = state.selected.size;
    ui.deleteSelected.disabled = selected === 0;
    ui.selectedCount.textContent = selected ? formatCount(selected) : '';
  }

  return { render, focusSearch: () => ui.search.focus() };
}

/** A filter menu: "All", then each value with its count; the chosen one kept even at 0. */
function fillSelect(select, allLabel, counts, chosen) {
  const entries = new Map(counts);
  if (chosen && !entries.has(chosen)) entries.set(chosen, 0);
  const wanted = [['', allLabel], ...[...entries].map(([value, count]) => [value, `${value} (${formatCount(count)})`])];
  const same =
    select.options.length === wanted.length &&
    wanted.every(([value, text], i) => select.options[i].value === value && select.options[i].text === text);
  if (!same) select.replaceChildren(...wanted.map(([value, text]) => el('option', { value, text })));
  if (select.value !== chosen) select.value = chosen;
}
