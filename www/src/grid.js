// The files table, as an ARIA grid that draws only the rows in view.
//
// At 1,000 files a redraw of every row (26,000 elements) took up to several
// times the 100 ms an action may (bench/results/dashboard-rows-in-view/).
// Here every row has the same height (a CSS length, --pitch, measured
// through a probe element), so the rows in view are arithmetic on the
// scroll position: about 30 row elements exist, placed by their index, and
// reused as the view moves. A row is filled again only when its file or its
// marks (selected, busy, new) changed, so ticking one checkbox touches one row.
//
// Keyboard: the grid is one Tab stop (roving tabindex: one control in it has
// tabindex 0, the others -1); the arrows move between cells, Home/End to the
// row's ends, Ctrl+Home/End to the first and last rows, PageUp/PageDown by a
// screen. The row holding the focus is always drawn, wherever the page is
// scrolled, so the focus is never lost to a redraw.
//
// What to draw and where the keys go is worked out in grid-model.js (no
// DOM); this module measures the page, draws rows and moves the focus.
import { button, el } from './dom.js';
import { dateOf, formatBytes, formatCount, formatDate, formatRelative, purposeClass, statusGroup, statusTone } from './format.js';
import { NAME_COLUMN, createGridModel, rowMarks, rowsPerPage, scrollToShow, selectAllState } from './grid-model.js';

// Rows of the margin drawn in one frame (those on screen are always drawn at once).
const ROWS_PER_FRAME = 3;
// The rows go back in page order this long after the last scrolled frame.
const ORDER_AFTER_MS = 200;

/** The grid's elements in `doc`. */
function gridElements(doc) {
  return {
    grid: /** @type {HTMLElement} */ (doc.getElementById('files')),
    wrap: /** @type {HTMLElement} */ (doc.getElementById('table-wrap')),
    head: doc.querySelector('#files .grid-head'),
    headRow: doc.querySelector('#files .grid-head [role=row]'),
    body: doc.querySelector('#files .grid-body'),
    probe: /** @type {HTMLElement} */ (doc.getElementById('pitch-probe')),
    selectAll: /** @type {HTMLInputElement} */ (doc.getElementById('select-all')),
    headers: [...doc.querySelectorAll('#files [data-sort]')],
  };
}

/**
 * Wires the grid to the store. `actions`: `open(id, opener)`, `remove(ids,
 * opener)`, `copy(text, button)`. Returns `{ render, focusRow }`.
 */
export function setupGrid(store, actions, ui = gridElements(document)) {
  const model = createGridModel();
  const measurePitch = () => ui.probe.getBoundingClientRect().height || 44;
  let pitch = measurePitch();
  const views = new Map(); // id -> row view, for the rows drawn
  const spare = []; // row views not in the page, for reuse
  let frame = 0;

  const geometry = () => ({
    bodyTop: ui.body.getBoundingClientRect().top,
    headBottom: ui.head.getBoundingClientRect().bottom,
    viewportHeight: window.innerHeight,
    pitch,
  });

  new ResizeObserver(() => {
    const next = measurePitch();
    if (next !== pitch) {
      pitch = next;
      model.remeasure();
      place();
    }
  }).observe(ui.probe);
  const later = () => {
    if (!frame) frame = requestAnimationFrame(() => ((frame = 0), place({ scrolling: true })));
  };
  window.addEventListener('scroll', later, { passive: true });
  window.addEventListener('resize', later, { passive: true });

  for (const th of ui.headers) th.querySelector('button').addEventListener('click', () => store.sortBy(th.dataset.sort));
  ui.selectAll.addEventListener('change', () => {
    store.select(
      store.visible().map((file) => file.id),
      ui.selectAll.checked,
    );
  });
  ui.body.addEventListener('change', (event) => {
    const row = event.target.closest('[role=row]');
    if (event.target.matches('input[type=checkbox]') && row) store.select([row.dataset.id], event.target.checked);
  });
  ui.body.addEventListener('click', (event) => {
    const target = event.target.closest('button[data-action]');
    if (!target) return;
    const { id } = target.closest('[role=row]').dataset;
    if (target.dataset.action === 'open') actions.open(id, target);
    else if (target.dataset.action === 'delete') actions.remove([id], target);
    else if (target.dataset.action === 'copy') actions.copy(id, target);
  });
  ui.grid.addEventListener('focusin', (event) => {
    const cell = /** @type {Element} */ (event.target).closest('[role=gridcell], [role=columnheader]');
    if (!cell) return;
    const row = /** @type {HTMLElement} */ (cell.closest('[role=row]'));
    setActive(row === ui.headRow ? -1 : model.indexOf(row.dataset.id), [...row.children].indexOf(cell));
  });
  ui.grid.addEventListener('keydown', (event) => {
    const move = model.keyMove(event, rowsPerPage(geometry()));
    if (!move) return;
    event.preventDefault();
    moveTo(...move);
  });

  function render() {
    const shown = store.visible();
    model.setRows(shown, store.isVisible);
    ui.grid.setAttribute('aria-rowcount', String(shown.length + 1));
    ui.body.style.setProperty('--rows', String(shown.length));
    Object.assign(ui.selectAll, selectAllState(shown.length, store.state.selected.size));
    for (const th of ui.headers) {
      if (th.dataset.sort === store.state.sort.key) th.setAttribute('aria-sort', store.state.sort.direction);
      else th.removeAttribute('aria-sort');
    }
    place();
  }

  /**
   * Draws the rows in view (and the active one), each at its index. While the
   * page scrolls, a row leaving the margin is refilled in place for one
   * coming into it (no element is moved, so only its text is laid out again),
   * and the margin's rows come a few a frame, nearest first: a scroll spreads
   * its cost over frames instead of stalling one. The rows are put back in
   * page order once the scrolling stops.
   */
  function place({ scrolling = false } = {}) {
    if (ui.wrap.hidden) return;
    const { wanted, leaving, entering, more } = model.plan(geometry(), views.keys(), ROWS_PER_FRAME);
    const free = leaving.map((id) => {
      const view = views.get(id);
      views.delete(id);
      return view;
    });
    const detached = [];
    for (const id of entering) {
      const view = free.pop() ?? spare.pop() ?? createRow();
      if (!view.row.isConnected) detached.push(view);
      views.set(id, view);
    }
    for (const view of free) {
      view.row.remove();
      view.index = -1;
      spare.push(view);
    }
    const { state } = store;
    for (const [id, view] of views) fill(view, model.rows[wanted.get(id)], wanted.get(id), state);
    if (detached.length) ui.body.append(...detached.map((view) => view.row));
    if (scrolling) {
      clearTimeout(ordering);
      ordering = setTimeout(putInOrder, ORDER_AFTER_MS);
    } else {
      putInOrder();
    }
    syncTabStop();
    if (more) later();
  }

  // The rows in index order in the page, for reading in order (a screen
  // reader's browse mode follows the page, not aria-rowindex).
  let ordering = 0;
  function putInOrder() {
    clearTimeout(ordering);
    const rows = [...ui.body.children];
    if (rows.every((row, i) => i === 0 || indexOf(rows[i - 1]) < indexOf(row))) return;
    const focused = /** @type {HTMLElement | null} */ (document.activeElement);
    ui.body.append(...rows.sort((a, b) => indexOf(a) - indexOf(b)));
    if (focused?.isConnected && document.activeElement !== focused) focused.focus({ preventScroll: true });
  }
  const indexOf = (row) => Number(row.getAttribute('aria-rowindex'));

  function moveTo(row, col) {
    const at = model.clamp(row, col);
    // On a phone the column headers are hidden but for "All": the focus goes there.
    if (at.row < 0 && !targetOf(at.row, at.col)?.checkVisibility()) at.col = 0;
    setActive(at.row, at.col);
    if (at.row >= 0) {
      const by = scrollToShow(at.row, geometry());
      if (by) window.scrollBy(0, by);
    }
    place();
    targetOf(at.row, at.col)?.focus({ preventScroll: true });
  }

  function setActive(row, col) {
    model.setActive(row, col);
    syncTabStop();
  }

  /** The element that takes the focus in a cell: its control, or the cell itself. */
  function targetOf(row, col) {
    const rowEl = row < 0 ? ui.headRow : views.get(model.rows[row]?.id)?.row;
    const cell = rowEl?.children[col];
    if (!cell) return null;
    return cell.querySelector('button:not(:disabled), input:not(:disabled)') ?? cell;
  }

  let tabStop = null;
  function syncTabStop() {
    const { row, col } = model.active;
    const next = targetOf(row, col) ?? targetOf(-1, col);
    if (next === tabStop) return;
    if (tabStop) tabStop.tabIndex = -1;
    tabStop = next;
    if (tabStop) tabStop.tabIndex = 0;
  }

  // The header's controls start outside the Tab order too.
  for (const node of ui.headRow.querySelectorAll('button, input, [role=columnheader]')) node.tabIndex = -1;

  return {
    render,
    /** Puts the focus in a file's row, on its name (after a dialog closed); false when it is not shown. */
    focusRow(id) {
      const index = model.indexOf(id);
      if (index < 0) return false;
      moveTo(index, NAME_COLUMN);
      return true;
    },
    /** How many rows are drawn: for tests and the benchmark, the proof that only those in view are. */
    get drawnRows() {
      return views.size;
    },
  };
}

// ---- one row ----

function createRow() {
  const check = el('input', { type: 'checkbox', className: 'checkbox', tabIndex: -1 });
  const name = button({ className: 'name-button', tabIndex: -1, 'aria-haspopup': 'dialog', dataset: { action: 'open' } });
  const code = el('code');
  // Their icons are CSS masks (style.css): inline SVG would add 9 elements to every row drawn.
  const copy = button({ className: 'icon-button copy masked-copy', title: 'Copy the id', tabIndex: -1, dataset: { action: 'copy' } });
  const purpose = el('span', { className: 'purpose' });
  const badge = el('span', { className: 'badge' });
  const details = el('span', { className: 'details' });
  const size = el('div', { role: 'gridcell', className: 'cell size num', 'data-label': 'Size' });
  const time = el('time');
  const remove = button({ className: 'icon-button danger masked-trash', title: 'Delete', tabIndex: -1, dataset: { action: 'delete' } });
  const cell = (className, label, ...children) =>
    el('div', { role: 'gridcell', className: `cell ${className}`, 'data-label': label }, ...children);
  const row = el(
    'div',
    { role: 'row', className: 'grid-row' },
    cell('select-col', undefined, check),
    cell('name', undefined, name),
    cell('id', 'ID', code, copy),
    cell('purpose-cell', 'Purpose', purpose),
    cell('status-cell', 'Status', badge, details),
    size,
    cell('created', 'Created', time),
    cell('actions', undefined, remove),
  );
  for (const node of row.children) node.tabIndex = -1;
  return { row, check, name, code, copy, purpose, badge, details, size, time, remove, file: null, marks: '', index: -1 };
}

function fill(view, file, index, state) {
  if (view.index !== index) {
    view.index = index;
    view.row.style.setProperty('--i', String(index));
    view.row.setAttribute('aria-rowindex', String(index + 2));
  }
  const busy = state.busy.has(file.id);
  const selected = state.selected.has(file.id);
  const fresh = state.fresh.has(file.id);
  const marks = rowMarks(state, file.id);
  if (view.file === file && view.marks === marks) return;
  view.marks = marks;
  view.row.classList.toggle('is-busy', busy);
  view.row.classList.toggle('is-selected', selected);
  view.row.classList.toggle('is-fresh', fresh);
  view.check.checked = selected;
  view.check.disabled = busy;
  view.remove.disabled = busy;
  if (busy) view.row.setAttribute('aria-busy', 'true');
  else view.row.removeAttribute('aria-busy');
  if (view.file === file) return;

  view.file = file;
  view.row.dataset.id = file.id;
  view.check.setAttribute('aria-label', `Select ${file.filename}`);
  view.name.textContent = file.filename;
  view.name.title = file.filename;
  view.code.textContent = file.id;
  view.copy.setAttribute('aria-label', `Copy id ${file.id}`);
  view.purpose.textContent = file.purpose;
  view.purpose.className = `purpose ${purposeClass(file.purpose)}`;
  const group = statusGroup(file.status);
  view.badge.textContent = group;
  view.badge.className = `badge badge-${statusTone(file.status)}`;
  view.badge.title = group === file.status ? '' : `Reported as "${file.status}"`;
  view.details.textContent = file.status_details || '';
  view.details.title = file.status_details || '';
  view.details.hidden = !file.status_details;
  view.size.textContent = formatBytes(file.bytes);
  view.size.title = `${formatCount(file.bytes)} bytes`;
  const date = dateOf(file.created_at);
  view.time.dateTime = date ? date.toISOString() : '';
  view.time.textContent = date ? formatDate(date) : '—';
  view.time.title = date ? formatRelative(date) : '';
  view.remove.setAttribute('aria-label', `Delete ${file.filename}`);
}
