// The files table, as an ARIA grid that draws only the rows in view.
//
// At 1,000 files a redraw of every row (26,000 elements) cost 200-700 ms an
// action. Here every row has the same height (a CSS length, --pitch, measured
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
import { button, el } from './dom.js';
import { dateOf, formatBytes, formatCount, formatDate, formatRelative, purposeClass, statusGroup, statusTone } from './format.js';

const ui = {
  grid: document.getElementById('files'),
  wrap: document.getElementById('table-wrap'),
  head: document.querySelector('#files .grid-head'),
  headRow: document.querySelector('#files .grid-head [role=row]'),
  body: document.querySelector('#files .grid-body'),
  probe: document.getElementById('pitch-probe'),
  selectAll: document.getElementById('select-all'),
  headers: [...document.querySelectorAll('#files [data-sort]')],
};

const COLUMN_COUNT = 8;
// Rows of the margin drawn in one frame (those on screen are always drawn at once).
const ROWS_PER_FRAME = 3;
// The rows go back in page order this long after the last scrolled frame.
const ORDER_AFTER_MS = 200;
const NAME_COLUMN = 1;

/**
 * Wires the grid to the store. `actions`: `open(id, opener)`, `remove(ids,
 * opener)`, `copy(text, button)`. Returns `{ render, focusRow }`.
 */
export function setupGrid(store, actions) {
  let pitch = measurePitch();
  let shown = []; // the files in the grid's order
  const views = new Map(); // id -> row view, for the rows drawn
  const spare = []; // row views not in the page, for reuse
  // The cell with the grid's one Tab stop: row -1 is the header row.
  let active = { row: 0, col: NAME_COLUMN, id: null };
  let frame = 0;

  new ResizeObserver(() => {
    const next = measurePitch();
    if (next !== pitch) {
      pitch = next;
      drawn.count = -1;
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
    const cell = event.target.closest('[role=gridcell], [role=columnheader]');
    if (!cell) return;
    const row = cell.closest('[role=row]');
    const index = row === ui.headRow ? -1 : shown.findIndex((file) => file.id === row.dataset.id);
    setActive(index, [...row.children].indexOf(cell));
  });
  ui.grid.addEventListener('keydown', onKey);

  function render() {
    shown = store.visible();
    drawn.count = -1;
    ui.grid.setAttribute('aria-rowcount', String(shown.length + 1));
    ui.body.style.setProperty('--rows', String(shown.length));
    // The active cell follows its file when the order changes, else keeps its place.
    // With no rows it stays where it was, and the header holds the Tab stop meanwhile.
    if (shown.length > 0 && active.row >= 0) {
      const at = active.id && store.isVisible(active.id) ? shown.findIndex((file) => file.id === active.id) : -1;
      active.row = at >= 0 ? at : Math.min(active.row, shown.length - 1);
      active.id = shown[active.row].id;
    }

    const selected = store.state.selected.size;
    ui.selectAll.checked = shown.length > 0 && selected === shown.length;
    ui.selectAll.indeterminate = selected > 0 && selected < shown.length;
    ui.selectAll.disabled = shown.length === 0;
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
    const { first, last, seenFirst, seenLast } = windowOf(shown.length);
    const wanted = new Map();
    for (let i = first; i <= last; i += 1) wanted.set(shown[i].id, i);
    const activeId = active.row >= 0 ? shown[active.row]?.id : undefined;
    if (activeId) wanted.set(activeId, active.row);

    const leaving = [];
    for (const [id, view] of views) {
      if (wanted.has(id)) continue;
      views.delete(id);
      leaving.push(view);
    }
    const distance = (index) => (index < seenFirst ? seenFirst - index : index > seenLast ? index - seenLast : 0);
    const missing = [...wanted].filter(([id]) => !views.has(id)).sort((a, b) => distance(a[1]) - distance(b[1]));
    let budget = ROWS_PER_FRAME;
    let more = false;
    const detached = [];
    for (const [id, index] of missing) {
      const needed = distance(index) === 0 || id === activeId;
      if (!needed && budget <= 0) {
        more = true;
        continue;
      }
      if (!needed) budget -= 1;
      const view = leaving.pop() ?? spare.pop() ?? createRow();
      if (!view.row.isConnected) detached.push(view);
      views.set(id, view);
    }
    for (const view of leaving) {
      view.row.remove();
      view.index = -1;
      spare.push(view);
    }
    const { state } = store;
    for (const [id, view] of views) fill(view, shown[wanted.get(id)], wanted.get(id), state);
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
    const focused = document.activeElement;
    ui.body.append(...rows.sort((a, b) => indexOf(a) - indexOf(b)));
    if (focused?.isConnected && document.activeElement !== focused) focused.focus({ preventScroll: true });
  }
  const indexOf = (row) => Number(row.getAttribute('aria-rowindex'));

  // The rows drawn: those in view and a margin each side. The margin is
  // renewed only when the view comes within half of it of an edge, so a
  // scroll changes the rows every few frames, several at a time, rather than
  // one row every frame.
  let drawn = { first: 0, last: -1, count: -1 };

  /** The indexes of the rows to draw, and of those on screen, from the scroll position. */
  function windowOf(count) {
    if (count === 0) return { first: 0, last: -1, seenFirst: 0, seenLast: -1 };
    const top = ui.body.getBoundingClientRect().top;
    const hiddenAbove = Math.max(0, ui.head.getBoundingClientRect().bottom);
    const perScreen = Math.ceil(window.innerHeight / pitch);
    const margin = Math.max(8, perScreen);
    const seenFirst = Math.min(count - 1, Math.max(0, Math.floor((hiddenAbove - top) / pitch)));
    const seenLast = Math.max(seenFirst - 1, Math.min(count - 1, Math.ceil((window.innerHeight - top) / pitch)));
    const near = Math.floor(margin / 2);
    const stale =
      drawn.count !== count ||
      (drawn.first > 0 && seenFirst - near < drawn.first) ||
      (drawn.last < count - 1 && seenLast + near > drawn.last);
    if (stale) {
      const first = Math.max(0, seenFirst - margin);
      const last = Math.min(count - 1, seenLast + margin);
      drawn = first > last ? { first: 0, last: -1, count } : { first, last, count };
    }
    return { ...drawn, seenFirst, seenLast };
  }

  // ---- keyboard ----

  function onKey(event) {
    if (event.altKey || event.metaKey) return;
    const perPage = Math.max(1, Math.floor((window.innerHeight - ui.head.getBoundingClientRect().bottom) / pitch) - 1);
    const ctrl = event.ctrlKey;
    const moves = {
      ArrowDown: () => [active.row + 1, active.col],
      ArrowUp: () => [active.row - 1, active.col],
      ArrowRight: () => [active.row, active.col + 1],
      ArrowLeft: () => [active.row, active.col - 1],
      Home: () => (ctrl ? [0, active.col] : [active.row, 0]),
      End: () => (ctrl ? [shown.length - 1, active.col] : [active.row, COLUMN_COUNT - 1]),
      PageDown: () => [active.row + perPage, active.col],
      PageUp: () => [Math.max(0, active.row - perPage), active.col],
    };
    if (!Object.hasOwn(moves, event.key)) return;
    if (ctrl && !['Home', 'End'].includes(event.key)) return;
    event.preventDefault();
    const [row, col] = moves[event.key]();
    moveTo(row, col);
  }

  function moveTo(row, col) {
    const r = Math.max(-1, Math.min(shown.length - 1, row));
    let c = Math.max(0, Math.min(COLUMN_COUNT - 1, col));
    // On a phone the column headers are hidden but for "All": the focus goes there.
    if (r < 0 && !targetOf(r, c)?.checkVisibility()) c = 0;
    setActive(r, c);
    if (r >= 0) scrollRowIntoView(r);
    place();
    targetOf(r, c)?.focus({ preventScroll: true });
  }

  function setActive(row, col) {
    active = { row, col, id: row >= 0 ? (shown[row]?.id ?? null) : null };
    syncTabStop();
  }

  function scrollRowIntoView(index) {
    const top = ui.body.getBoundingClientRect().top + index * pitch;
    const hiddenAbove = ui.head.getBoundingClientRect().bottom;
    if (top < hiddenAbove) window.scrollBy(0, top - hiddenAbove);
    else if (top + pitch > window.innerHeight) window.scrollBy(0, top + pitch - window.innerHeight);
  }

  /** The element that takes the focus in a cell: its control, or the cell itself. */
  function targetOf(row, col) {
    const rowEl = row < 0 ? ui.headRow : views.get(shown[row]?.id)?.row;
    const cell = rowEl?.children[col];
    if (!cell) return null;
    return cell.querySelector('button:not(:disabled), input:not(:disabled)') ?? cell;
  }

  let tabStop = null;
  function syncTabStop() {
    const next = targetOf(active.row, active.col) ?? targetOf(-1, active.col);
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
      const index = shown.findIndex((file) => file.id === id);
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

function measurePitch() {
  return ui.probe.getBoundingClientRect().height || 44;
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
  const marks = `${busy ? 'b' : ''}${selected ? 's' : ''}${fresh ? 'f' : ''}`;
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
