// What the page knows: the account's files, how the table is sorted and
// filtered, what is selected. The modules change it through the store's
// methods and draw from it when it tells them. No DOM here: it is tested in Node
// (../logic.test.mjs) along with the pure selectors below.

/** The table's columns: the FileObject field each one sorts by, and its first direction. */
export const COLUMNS = Object.freeze({
  filename: { label: 'Name', first: 'ascending' },
  id: { label: 'ID', first: 'ascending' },
  purpose: { label: 'Purpose', first: 'ascending' },
  status: { label: 'Status', first: 'ascending' },
  bytes: { label: 'Size', first: 'descending' },
  created_at: { label: 'Created', first: 'descending' },
});

export const DEFAULT_SORT = Object.freeze({ key: 'created_at', direction: 'descending' });

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function compareField(key, a, b) {
  const x = a[key];
  const y = b[key];
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  return collator.compare(String(x ?? ''), String(y ?? ''));
}

/** A sorted copy; ties go newest first, then by id, so the order is stable. */
export function sortFiles(files, { key, direction }) {
  const sign = direction === 'descending' ? -1 : 1;
  return [...files].sort(
    (a, b) => sign * compareField(key, a, b) || b.created_at - a.created_at || collator.compare(a.id, b.id),
  );
}

/** Whether a file passes the filters: purpose and status exactly, the query in its name or id. */
export function matchesFilters(file, { purpose, status, query }) {
  if (purpose && file.purpose !== purpose) return false;
  if (status && file.status !== status) return false;
  const needle = query.trim().toLocaleLowerCase();
  if (!needle) return true;
  return file.filename.toLocaleLowerCase().includes(needle) || file.id.toLocaleLowerCase().includes(needle);
}

/** The rows to show, in order. */
export function visibleFiles(files, { filters, sort }) {
  return sortFiles(
    files.filter((file) => matchesFilters(file, filters)),
    sort,
  );
}

/** Totals for the summary: count, bytes, and per purpose (most files first). */
export function summarize(files) {
  const byPurpose = new Map();
  let bytes = 0;
  for (const file of files) {
    bytes += file.bytes;
    const entry = byPurpose.get(file.purpose) ?? { purpose: file.purpose, count: 0, bytes: 0 };
    entry.count += 1;
    entry.bytes += file.bytes;
    byPurpose.set(file.purpose, entry);
  }
  const purposes = [...byPurpose.values()].sort((a, b) => b.count - a.count || b.bytes - a.bytes);
  return { count: files.length, bytes, purposes };
}

/** Each distinct value of a field, with how many files have it: for the filter menus. */
export function valueCounts(files, field, known = []) {
  const counts = new Map(known.map((value) => [value, 0]));
  for (const file of files) counts.set(file[field], (counts.get(file[field]) ?? 0) + 1);
  return counts;
}

export function createStore() {
  const state = {
    /** 'loading' (nothing to show yet, or refreshing), 'ready', or 'error' (state.error says why). */
    phase: 'loading',
    error: null,
    /** Whether a list ever came back: a failed refresh keeps the table. */
    loaded: false,
    files: new Map(),
    sort: { ...DEFAULT_SORT },
    filters: { purpose: '', status: '', query: '' },
    selected: new Set(),
    /** Files being deleted. */
    busy: new Set(),
    /** Files uploaded from this page, marked in the table. */
    fresh: new Set(),
  };

  // Local changes (an upload, a poll, a delete) newer than a list request win
  // over that list's answer: a slow list must not bring a deleted file back.
  let version = 0;
  const localChanges = new Map(); // id -> { version, file (or null: removed) }

  const listeners = new Set();
  let scheduled = false;
  function changed() {
    pruneSelection();
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      for (const listener of listeners) listener(state);
    });
  }

  function list() {
    return [...state.files.values()];
  }

  function visible() {
    return visibleFiles(list(), state);
  }

  // Only what is on screen stays selected: "delete selected" never deletes a hidden file.
  function pruneSelection() {
    if (state.selected.size === 0) return;
    const shown = new Set(visible().map((file) => file.id));
    for (const id of state.selected) if (!shown.has(id)) state.selected.delete(id);
  }

  function noteLocal(id, file) {
    version += 1;
    localChanges.set(id, { version, file });
  }

  return {
    state,
    list,
    visible,
    get: (id) => state.files.get(id),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /** A list request starts: returns the token to give to `loaded`. */
    loading() {
      state.phase = 'loading';
      changed();
      return version;
    },
    /** The list's answer, merged with the local changes made since `token`. */
    loaded(files, token) {
      const next = new Map();
      for (const file of files) {
        const local = localChanges.get(file.id);
        if (local && local.version > token) {
          if (local.file) next.set(file.id, local.file);
        } else {
          next.set(file.id, file);
        }
      }
      for (const [id, local] of localChanges) {
        if (local.version > token && local.file && !next.has(id)) next.set(id, local.file);
      }
      for (const [id, local] of localChanges) if (local.version <= token) localChanges.delete(id);
      state.files = next;
      state.phase = 'ready';
      state.error = null;
      state.loaded = true;
      changed();
    },
    failed(error) {
      state.phase = 'error';
      state.error = error;
      changed();
    },

    /** A file added or changed here (an upload, a poll's answer). */
    upsert(file, { fresh = false } = {}) {
      noteLocal(file.id, file);
      state.files.set(file.id, file);
      if (fresh) state.fresh.add(file.id);
      changed();
    },
    remove(ids) {
      for (const id of ids) {
        noteLocal(id, null);
        state.files.delete(id);
        state.selected.delete(id);
        state.busy.delete(id);
        state.fresh.delete(id);
      }
      changed();
    },

    /** A header click: a new column starts in its natural direction, the same one flips. */
    sortBy(key) {
      if (!Object.hasOwn(COLUMNS, key)) return;
      const { sort } = state;
      if (sort.key === key) sort.direction = sort.direction === 'ascending' ? 'descending' : 'ascending';
      else Object.assign(sort, { key, direction: COLUMNS[key].first });
      changed();
    },
    setSort(key, direction) {
      if (!Object.hasOwn(COLUMNS, key)) return;
      state.sort = { key, direction: direction === 'ascending' ? 'ascending' : 'descending' };
      changed();
    },
    setFilter(name, value) {
      if (!Object.hasOwn(state.filters, name) || state.filters[name] === value) return;
      state.filters[name] = value;
      changed();
    },
    clearFilters() {
      state.filters = { purpose: '', status: '', query: '' };
      changed();
    },
    select(ids, on) {
      for (const id of ids) {
        if (on && state.files.has(id)) state.selected.add(id);
        else state.selected.delete(id);
      }
      changed();
    },
    setBusy(ids, on) {
      for (const id of ids) {
        if (on) state.busy.add(id);
        else state.busy.delete(id);
      }
      changed();
    },
  };
}
