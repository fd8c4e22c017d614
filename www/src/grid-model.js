// The files grid without the DOM: which rows to draw for a scroll position,
// which row elements to keep, reuse or fill, where the one Tab stop is and
// where each key moves it. grid.js measures the page, hands the numbers in
// and draws what comes out. Tested in Node (tests/dashboard/grid-model.test.mjs).
//
// Geometry, as grid.js measures it (CSS pixels, relative to the viewport):
// `{ bodyTop, headBottom, viewportHeight, pitch }`: the top of the rows'
// container, the bottom of the sticky column headers, the window's height,
// and every row's height.

export const COLUMN_COUNT = 8;
export const NAME_COLUMN = 1;

/** Rows per screen below the column headers, less one (PageUp/PageDown keep a row in view). */
export function rowsPerPage({ headBottom, viewportHeight, pitch }) {
  return Math.max(1, Math.floor((viewportHeight - headBottom) / pitch) - 1);
}

/** How far to scroll so row `index` is in full view under the headers (0: it is). */
export function scrollToShow(index, { bodyTop, headBottom, viewportHeight, pitch }) {
  const top = bodyTop + index * pitch;
  if (top < headBottom) return top - headBottom;
  if (top + pitch > viewportHeight) return top + pitch - viewportHeight;
  return 0;
}

/** The header's "select all" box for `shown` rows of which `selected` are selected. */
export function selectAllState(shown, selected) {
  return {
    checked: shown > 0 && selected === shown,
    indeterminate: selected > 0 && selected < shown,
    disabled: shown === 0,
  };
}

/** A row's marks as one string, to tell cheaply whether they changed: busy, selected, fresh. */
export function rowMarks(state, id) {
  return `${state.busy.has(id) ? 'b' : ''}${state.selected.has(id) ? 's' : ''}${state.fresh.has(id) ? 'f' : ''}`;
}

// The keys that move the focus, and where each goes from `at` (row, col).
const MOVES = {
  ArrowDown: (at) => [at.row + 1, at.col],
  ArrowUp: (at) => [at.row - 1, at.col],
  ArrowRight: (at) => [at.row, at.col + 1],
  ArrowLeft: (at) => [at.row, at.col - 1],
  Home: (at, { ctrl }) => (ctrl ? [0, at.col] : [at.row, 0]),
  End: (at, { ctrl, count }) => (ctrl ? [count - 1, at.col] : [at.row, COLUMN_COUNT - 1]),
  PageDown: (at, { perPage }) => [at.row + perPage, at.col],
  PageUp: (at, { perPage }) => [Math.max(0, at.row - perPage), at.col],
};

/**
 * The grid's state: the files in its order, the active cell (the one Tab
 * stop; row -1 is the header row) and the range of rows drawn.
 */
export function createGridModel() {
  let rows = [];
  /** @type {{ row: number, col: number, id: string | null }} */
  let active = { row: 0, col: NAME_COLUMN, id: null };
  // The rows drawn: those in view and a margin each side. The margin is
  // renewed only when the view comes within half of it of an edge, so a
  // scroll changes the rows every few frames, several at a time, rather than
  // one row every frame. count -1: to be worked out again.
  let drawn = { first: 0, last: -1, count: -1 };

  /** The indexes of the rows to draw, and of those on screen, for a geometry. */
  function view({ bodyTop, headBottom, viewportHeight, pitch }) {
    const count = rows.length;
    if (count === 0) return { first: 0, last: -1, seenFirst: 0, seenLast: -1 };
    const hiddenAbove = Math.max(0, headBottom);
    const perScreen = Math.ceil(viewportHeight / pitch);
    const margin = Math.max(8, perScreen);
    const seenFirst = Math.min(count - 1, Math.max(0, Math.floor((hiddenAbove - bodyTop) / pitch)));
    const seenLast = Math.max(seenFirst - 1, Math.min(count - 1, Math.ceil((viewportHeight - bodyTop) / pitch)));
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
    return { first: drawn.first, last: drawn.last, seenFirst, seenLast };
  }

  return {
    get rows() {
      return rows;
    },
    get active() {
      return active;
    },

    /**
     * New rows (a sort, a filter, a list). The active cell follows its file
     * when the order changes, else keeps its place; with no rows it stays
     * where it was (the header holds the Tab stop meanwhile).
     * @param {{ id: string }[]} next
     * @param {(id: string) => boolean} [isVisible]
     */
    setRows(next, isVisible = () => true) {
      rows = next;
      drawn.count = -1;
      if (rows.length > 0 && active.row >= 0) {
        const at = active.id && isVisible(active.id) ? rows.findIndex((file) => file.id === active.id) : -1;
        const row = at >= 0 ? at : Math.min(active.row, rows.length - 1);
        active = { ...active, row, id: rows[row].id };
      }
    },

    /** The rows' height changed: the range drawn is worked out again. */
    remeasure() {
      drawn.count = -1;
    },

    indexOf: (id) => rows.findIndex((file) => file.id === id),

    setActive(row, col) {
      active = { row, col, id: row >= 0 ? (rows[row]?.id ?? null) : null };
    },

    /** A cell asked for, kept within the grid: row -1 (the headers) to the last, the columns there are. */
    clamp(row, col) {
      return {
        row: Math.max(-1, Math.min(rows.length - 1, row)),
        col: Math.max(0, Math.min(COLUMN_COUNT - 1, col)),
      };
    },

    /**
     * Where a key moves the active cell: `[row, col]` (not clamped yet), or
     * null when the key is not the grid's. `keys`: `{ key, ctrlKey, altKey,
     * metaKey }` of the event; `perPage`: rowsPerPage().
     */
    keyMove({ key, ctrlKey = false, altKey = false, metaKey = false }, perPage) {
      if (altKey || metaKey || !Object.hasOwn(MOVES, key)) return null;
      if (ctrlKey && key !== 'Home' && key !== 'End') return null;
      return MOVES[key](active, { ctrl: ctrlKey, count: rows.length, perPage });
    },

    view,

    /**
     * What to draw for a geometry, given the ids whose rows are drawn now
     * (in their order). The rows on screen and the active one are always
     * drawn; those of the margin come `budget` at a time, nearest first, and
     * `more` says some are left for the next frame. `leaving`: ids whose
     * row elements are free to reuse; `entering`: ids that need one, in the
     * order to give them; `wanted`: id -> index of every row to draw.
     */
    plan(geometry, drawnIds, budget) {
      const { first, last, seenFirst, seenLast } = view(geometry);
      const wanted = new Map();
      for (let i = first; i <= last; i += 1) wanted.set(rows[i].id, i);
      const activeId = active.row >= 0 ? rows[active.row]?.id : undefined;
      if (activeId) wanted.set(activeId, active.row);

      const kept = new Set();
      const leaving = [];
      for (const id of drawnIds) {
        if (wanted.has(id)) kept.add(id);
        else leaving.push(id);
      }
      const distance = (index) => (index < seenFirst ? seenFirst - index : index > seenLast ? index - seenLast : 0);
      const missing = [...wanted].filter(([id]) => !kept.has(id)).sort((a, b) => distance(a[1]) - distance(b[1]));
      let left = budget;
      let more = false;
      const entering = [];
      for (const [id, index] of missing) {
        const needed = distance(index) === 0 || id === activeId;
        if (!needed && left <= 0) {
          more = true;
          continue;
        }
        if (!needed) left -= 1;
        entering.push(id);
      }
      return { wanted, leaving, entering, more };
    },
  };
}
