// The dashboard of the account's Moonshot files, built on moonshot-files. The
// client has no API key: it calls this page's own origin, whose server forwards
// /v1/files upstream with the key (see ../vite.config.js).
//
// Every string from the server is put in the page as text (textContent or an
// attribute value), never parsed as HTML: file names are user input.
//
//   boot.js         loads this module, and says so when it cannot
//   api.js          the client, and its waits for the service's rate limit
//   error-text.js   what the page says about an error (no DOM)
//   rate-limit.js   the client's waits for the service's rate limit (no DOM)
//   rate-limit-status.js  the line that says so while they last
//   upstream.js     where the page's server forwards /v1/files
//   list-loader.js  the list request: 15 s at most, cancellable
//   follower.js     files still processing: one list call every few seconds
//   state.js        the store: files, sort, filters, selection (no DOM)
//   view-url.js     the sort, filters and search in the URL
//   grid.js         the table: only the rows in view, one Tab stop, arrows
//   grid-model.js   which rows to draw, where the keys go (no DOM)
//   toolbar.js      search, filters, sort menu, count, delete selected
//   table-state.js  loading, cancelled, error, empty, nothing matches
//   summary.js      usage meters and the chart by purpose
//   upload.js       drop and pick, per-file and batch progress
//   upload-queue.js the uploads' states, order, bytes and lines (no DOM)
//   panel.js        a file's details and extracted text, in a side panel
//   dialogs.js      the delete confirmation
//   notices.js      short messages under the header
//   layout.js       sticky header and toolbar, folded cards on phones
//   facts.js, format.js, upload-checks.js, dom.js: helpers
import { files, rateLimits, serverInfo } from './api.js';
import { confirmDelete } from './dialogs.js';
import { icon } from './dom.js';
import { createFollower } from './follower.js';
import { formatDuration, plural } from './format.js';
import { setupGrid } from './grid.js';
import { setupLayout } from './layout.js';
import { createLoader } from './list-loader.js';
import { notify } from './notices.js';
import { setupPanel } from './panel.js';
import { showRateLimits } from './rate-limit-status.js';
import { createStore, viewFromSearch } from './state.js';
import { renderSummary } from './summary.js';
import { setupTableState } from './table-state.js';
import { setupToolbar } from './toolbar.js';
import { setupUpload } from './upload.js';
import { keepViewInUrl } from './view-url.js';

const refresh = /** @type {HTMLButtonElement} */ (document.getElementById('refresh'));
const listStatus = /** @type {HTMLElement} */ (document.getElementById('list-status'));
const listWaited = /** @type {HTMLElement} */ (document.getElementById('list-waited'));
const listCancel = /** @type {HTMLButtonElement} */ (document.getElementById('list-cancel'));
refresh.prepend(icon('refresh'));
/** @type {HTMLButtonElement} */ (document.getElementById('choose-files')).prepend(icon('upload'));
/** @type {HTMLButtonElement} */ (document.getElementById('delete-selected')).prepend(icon('trash'));
/** @type {HTMLButtonElement} */ (document.getElementById('panel-close')).append(icon('close'));
/** @type {HTMLButtonElement} */ (document.getElementById('panel-delete')).prepend(icon('trash'));
/** @type {HTMLElement} */ (document.getElementById('search-icon')).append(icon('search'));
/** @type {HTMLElement} */ (document.getElementById('dropzone-icon')).append(icon('upload'));
/** @type {HTMLElement} */ (document.getElementById('drop-overlay-icon')).append(icon('upload'));

const store = createStore(viewFromSearch(location.search));
const loader = createLoader(store);
const follower = createFollower(store, () => loader.load({ quiet: true }));

const actions = {
  open: (id, opener) => panel.open(id, opener),
  remove: (ids, opener) => removeFiles(ids, opener),
  copy: (text, button, message) => copy(text, button, message),
  retry: () => loader.load(),
  cancel: () => loader.cancel(),
  choose: () => upload.choose(),
  clearFilters: () => {
    store.clearFilters();
    toolbar.focusSearch();
  },
  restoreFocus: (id) => grid.focusRow(id) || toolbar.focusSearch(),
};

setupLayout();
const tableState = setupTableState(store, actions);
const toolbar = setupToolbar(store, actions);
const grid = setupGrid(store, actions);
const panel = setupPanel(store, actions);
const upload = setupUpload(store, follower, actions);
keepViewInUrl(store);
showRateLimits(rateLimits);

store.subscribe(() => {
  renderSummary(store);
  tableState.render();
  toolbar.render();
  grid.render();
  panel.update();
});

// While a person's list request is out: the time waited, and a Cancel. The
// first list shows them in place of the table; a refresh, in the header.
let ticking = null;
loader.subscribe(({ running, quiet, startedAt }) => {
  clearInterval(ticking);
  ticking = null;
  const shown = running && !quiet;
  const tick = () => {
    const ms = performance.now() - startedAt;
    tableState.waited(ms);
    listWaited.textContent = `Refreshing the list… ${ms >= 1000 ? formatDuration(Math.floor(ms / 1000)) : ''}`.trim();
    listStatus.hidden = !store.state.loaded;
  };
  if (shown) {
    tick();
    ticking = setInterval(tick, 1000);
  } else {
    listStatus.hidden = true;
  }
});
listCancel.addEventListener('click', () => {
  loader.cancel();
  refresh.focus();
});
refresh.addEventListener('click', () => loader.load());

/** Asks, then deletes those of `ids` the list holds; resolves to the ids deleted (none when cancelled). */
async function removeFiles(ids, opener) {
  const chosen = ids.map((id) => store.get(id)).filter((file) => file && !store.state.busy.has(file.id));
  if (chosen.length === 0) return [];
  if (!(await confirmDelete(chosen, opener))) return [];

  // Where the focus goes once the rows are gone: the row that takes the first one's place.
  const order = store.visible().map((file) => file.id);
  const firstIndex = Math.min(...chosen.map((file) => order.indexOf(file.id)).filter((i) => i >= 0));

  store.setBusy(
    chosen.map((file) => file.id),
    true,
  );
  // A few at a time, each with its retries, under the client's rate limits;
  // one result per file, in their order. Already gone is what was asked for.
  const results = await (await files).deleteMany(chosen.map((file) => file.id));
  const deleted = chosen.filter((_, i) => results[i].status !== 'failed');
  const failed = results.flatMap(({ status, error }, i) => (status === 'failed' ? [{ file: chosen[i], error }] : []));
  store.remove(deleted.map((file) => file.id));
  store.setBusy(
    failed.map(({ file }) => file.id),
    false,
  );
  if (deleted.length) {
    notify(deleted.length === 1 ? `Deleted ${deleted[0].filename}` : `Deleted ${plural(deleted.length, 'file')}`);
  }
  if (failed.length) {
    notify(failed.length === 1 ? `Could not delete ${failed[0].file.filename}` : `Could not delete ${plural(failed.length, 'file')}`, {
      error: failed[0].error,
      detail: failed.length > 1 ? failed.map(({ file }) => file.filename).join(', ') : undefined,
    });
  }
  // After the table has been redrawn (the store draws in a microtask queued before this one).
  queueMicrotask(() => {
    if (document.activeElement && document.activeElement !== document.body) return;
    const rows = store.visible();
    const next = rows[Math.min(firstIndex, rows.length - 1)];
    if (!next || !grid.focusRow(next.id)) toolbar.focusSearch();
  });
  return deleted.map((file) => file.id);
}

async function copy(text, button, message = `Copied ${text}`) {
  if (await copyText(text)) {
    button.classList.add('copied');
    setTimeout(() => button.classList.remove('copied'), 1500);
    notify(message);
  } else {
    notify('Could not copy', { detail: 'The browser refused the clipboard: select the text and copy it by hand.' });
  }
  if (button.isConnected) button.focus();
}

async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // An older way, for browsers that refuse the Clipboard API here.
    const area = document.createElement('textarea');
    area.value = text;
    area.readOnly = true;
    area.className = 'visually-hidden';
    document.body.append(area);
    area.select();
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    area.remove();
    return ok;
  }
}

// What the page talks to, in the header and the footer (the key-refused state
// names it too, and the command that starts the page's server).
// The dated API version, when one is in use, beside the origin.
serverInfo.then((server) => {
  store.setServer(server);
  for (const line of [/** @type {HTMLElement} */ (document.getElementById('upstream')), /** @type {HTMLElement} */ (document.getElementById('footer-upstream'))]) {
    /** @type {HTMLElement} */ (line.querySelector('.upstream-origin')).textContent = server.upstream ?? '';
    /** @type {HTMLElement} */ (line.querySelector('.upstream-version-value')).textContent = server.apiVersion ?? '';
    /** @type {HTMLElement} */ (line.querySelector('.upstream-version')).hidden = !server.apiVersion;
    line.hidden = !server.upstream;
  }
});
loader.load();
