// What the page knows: the account's files, how the table is sorted and
// filtered, what is selected. The modules change it through the store's
// methods and draw from it when it tells them. No DOM here: it is tested in
// Node (tests/dashboard/logic.test.mjs) along with the pure selectors below.
//
// At 1,000 files every action must cost little: the rows shown are computed
// once per change of the files, the filters or the sort (not once per
// reader), and each file's search text once per file object.
import { statusGroup } from './format.js';

/** @typedef {'ascending' | 'descending'} Direction */
/**
 * How the table is sorted and filtered (the URL keeps it).
 * @typedef {{ sort: { key: string, direction: Direction }, filters: { purpose: string, status: string, query: string } }} View
 */

/**
 * The table's columns: the FileObject field each one sorts by, and its first direction.
 * @type {Readonly<Record<string, { label: string, first: Direction }>>}
 */
export const COLUMNS = Object.freeze({
  filename: { label: 'Name', first: 'ascending' },
  id: { label: 'ID', first: 'ascending' },
  purpose: { label: 'Purpose', first: 'ascending' },
  status: { label: 'Status', first: 'ascending' },
  bytes: { label: 'Size', first: 'descending' },
  created_at: { label: 'Created', first: 'descending' },
});

/** @type {Readonly<View['sort']>} */
export const DEFAULT_SORT = Object.freeze({ key: 'created_at', direction: 'descending' });
export const NO_FILTERS = Object.freeze({ purpose: '', status: '', query: '' });

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

// What a column sorts by: the status by what it means (ok with ready), then as written.
function sortValue(key, file) {
  return key === 'status' ? `${statusGroup(file.status)}\u0000${file.status}` : file[key];
}

function compareField(key, a, b) {
  const x = sortValue(key, a);
  const y = sortValue(key, b);
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

/** The words of a search: lowercase, split on spaces. */
export function queryWords(query) {
  return query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
}

// A file's name and id, lowercased once per file object.
const haystacks = new WeakMap();
function haystackOf(file) {
  let text = haystacks.get(file);
  if (text === undefined) {
    text = `${file.filename}\n${file.id}`.toLocaleLowerCase();
    haystacks.set(file, text);
  }
  return text;
}

/**
 * Whether a file passes the filters: the purpose exactly, the status by what
 * it means (`ready` takes `ok` too), and every word of the query somewhere in
 * its name or id.
 */
export function matchesFilters(file, { purpose, status, query }, words = queryWords(query)) {
  if (purpose && file.purpose !== purpose) return false;
  if (status && statusGroup(file.status) !== status) return false;
  if (words.length === 0) return true;
  const text = haystackOf(file);
  return words.every((word) => text.includes(word));
}

/** The rows to show, in order. */
export function visibleFiles(files, { filters, sort }) {
  const words = queryWords(filters.query);
  return sortFiles(
    files.filter((file) => matchesFilters(file, filters, words)),
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

/**
 * Each distinct value of `valueOf(file)`, with how many files have it: for the filter menus.
 * @param {Iterable<any>} files
 * @param {(file: any) => string} valueOf
 * @param {readonly string[]} [known]  listed even when no file has them
 */
export function valueCounts(files, valueOf, known = []) {
  const counts = new Map(known.map((value) => [value, 0]));
  for (const file of files) {
    const value = valueOf(file);
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return counts;
}

/**
 * The view (sort, filters) as URL search parameters, defaults left out:
 * `?sort=filename&dir=ascending&purpose=image&status=ready&q=roadmap+docx`.
 */
export function viewToSearch({ sort, filters }) {
  const params = new URLSearchParams();
  if (sort.key !== DEFAULT_SORT.key || sort.direction !== DEFAULT_SORT.direction) {
    params.set('sort', sort.key);
    params.set('dir', sort.direction);
  }
  if (filters.purpose) params.set('purpose', filters.purpose);
  if (filters.status) params.set('status', filters.status);
  if (filters.query) params.set('q', filters.query);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * The view a URL's search part asks for; anything unknown or malformed falls back to the default.
 * @param {string} search
 * @returns {View}
 */
export function viewFromSearch(search) {
  const params = new URLSearchParams(search);
  const key = params.get('sort');
  const sort = key && Object.hasOwn(COLUMNS, key)
    ? { key, direction: params.get('dir') === 'ascending' ? 'ascending' : params.get('dir') === 'descending' ? 'descending' : COLUMNS[key].first }
    : { ...DEFAULT_SORT };
  const status = params.get('status') ?? '';
  const filters = {
    purpose: params.get('purpose') ?? '',
    status: status ? statusGroup(status) : '',
    query: params.get('q') ?? '',
  };
  return { sort, filters };
}

/** @param {View} [view] */
export function createStore(view = { sort: { ...DEFAULT_SORT }, filters: { ...NO_FILTERS } }) {
  const state = {
    /** 'loading' (nothing to show yet, or refreshing), 'ready', 'error' (state.error says why) or 'cancelled'. */
    phase: 'loading',
    error: null,
    /** Whether a list ever came back: a failed refresh keeps the table. */
    loaded: false,
    files: new Map(),
    sort: { ...view.sort },
    filters: { ...view.filters },
    selected: new Set(),
    /** Files being deleted. */
    busy: new Set(),
    /** Files uploaded from this page, marked in the table. */
    fresh: new Set(),
    /** Bumped whenever `files` changes: readers may cache what they derive from it. */
    filesVersion: 0,
    /** The origin the page's server forwards /v1/files to, once it said (upstream.js). */
    upstream: null,
    /** How the page's server is started (`make demo`, `npx moonshot-files ui`), once it said. */
    serverCommand: null,
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

  // The derived lists, kept until what they come from changes.
  /** @type {{ version: number, list: import('./file-view.js').FileView[] }} */
  let listCache = { version: -1, list: [] };
  function list() {
    if (listCache.version !== state.filesVersion) listCache = { version: state.filesVersion, list: [...state.files.values()] };
    return listCache.list;
  }

  /** @type {{ key: string | null, rows: import('./file-view.js').FileView[], ids: Set<string> }} */
  let visibleCache = { key: null, rows: [], ids: new Set() };
  function visibleEntry() {
    const { sort, filters } = state;
    const key = `${state.filesVersion}\u0000${sort.key}\u0000${sort.direction}\u0000${filters.purpose}\u0000${filters.status}\u0000${filters.query}`;
    if (visibleCache.key !== key) {
      const rows = visibleFiles(list(), state);
      visibleCache = { key, rows, ids: new Set(rows.map((file) => file.id)) };
    }
    return visibleCache;
  }

  // Only what is on screen stays selected: "delete selected" never deletes a hidden file.
  function pruneSelection() {
    if (state.selected.size === 0) return;
    const { ids } = visibleEntry();
    for (const id of state.selected) if (!ids.has(id)) state.selected.delete(id);
  }

  function filesChanged() {
    state.filesVersion += 1;
  }

  function noteLocal(id, file) {
    version += 1;
    localChanges.set(id, { version, file });
  }

  return {
    state,
    list,
    /** The rows shown, in order (the same array until something it depends on changes). */
    visible: () => visibleEntry().rows,
    isVisible: (id) => visibleEntry().ids.has(id),
    get: (id) => state.files.get(id),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /**
     * A list request starts: returns the token to give to `loaded`. A quiet
     * one (a background refresh) leaves the page as it is meanwhile.
     */
    loading({ quiet = false } = {}) {
      if (!quiet) {
        state.phase = 'loading';
        changed();
      }
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
          // The same object when nothing changed: rows drawn from it are still right.
          const known = state.files.get(file.id);
          next.set(file.id, known && sameFile(known, file) ? known : file);
        }
      }
      for (const [id, local] of localChanges) {
        if (local.version > token && local.file && !next.has(id)) next.set(id, local.file);
      }
      for (const [id, local] of localChanges) if (local.version <= token) localChanges.delete(id);
      // A poll that brings nothing new leaves what was derived from the files as it is.
      const same = next.size === state.files.size && [...next].every(([id, file]) => state.files.get(id) === file);
      state.files = next;
      if (!same) filesChanged();
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
    /** The list request was given up by the person: what was shown stays. */
    cancelled() {
      state.phase = state.loaded ? 'ready' : 'cancelled';
      changed();
    },

    /** A file added or changed here (an upload, a poll's answer). */
    upsert(file, { fresh = false } = {}) {
      noteLocal(file.id, file);
      state.files.set(file.id, file);
      filesChanged();
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
      filesChanged();
      changed();
    },

    /** A header click: a new column starts in its natural direction, the same one flips. */
    sortBy(key) {
      if (!Object.hasOwn(COLUMNS, key)) return;
      const { sort } = state;
      if (sort.key === key) state.sort = { key, direction: sort.direction === 'ascending' ? 'descending' : 'ascending' };
      else state.sort = { key, direction: COLUMNS[key].first };
      changed();
    },
    setSort(key, direction) {
      if (!Object.hasOwn(COLUMNS, key)) return;
      state.sort = { key, direction: direction === 'ascending' ? 'ascending' : 'descending' };
      changed();
    },
    setFilter(name, value) {
      if (!Object.hasOwn(state.filters, name) || state.filters[name] === value) return;
      state.filters = { ...state.filters, [name]: value };
      changed();
    },
    clearFilters() {
      state.filters = { ...NO_FILTERS };
      changed();
    },
    select(ids, on) {
      for (const id of ids) {
        if (on && state.files.has(id)) state.selected.add(id);
        else state.selected.delete(id);
      }
      changed();
    },
    /** What the page's server said of itself: `{ upstream, command }` (upstream.js). */
    setServer({ upstream, command }) {
      if (state.upstream === upstream && state.serverCommand === command) return;
      state.upstream = upstream;
      state.serverCommand = command;
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

const FIELDS = ['id', 'object', 'bytes', 'created_at', 'filename', 'purpose', 'status', 'status_details', 'mime_type'];
function sameFile(a, b) {
  return FIELDS.every((field) => a[field] === b[field]) && Object.keys(a).length === Object.keys(b).length;
}
