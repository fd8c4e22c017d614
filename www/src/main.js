// The dashboard of the account's Moonshot files, built on moonshot-files. The
// client has no API key: it calls this page's own origin, whose server forwards
// /v1/files upstream with the key (see ../vite.config.js).
//
// Every string from the server is put in the page as text (textContent or an
// attribute value), never parsed as HTML: file names are user input.
//
//   api.js      the client, error descriptions, polling of processing files
//   state.js    the store: files, sort, filters, selection (no DOM)
//   table.js    the table, its toolbar and its states (loading, error, empty)
//   summary.js  usage meters and the chart by purpose
//   upload.js   drop and pick, limits, per-file and batch progress
//   panel.js    a file's details and extracted text, in a side panel
//   dialogs.js  the delete confirmation
//   notices.js  short messages in a corner
//   format.js, limits.js, dom.js: helpers
import { createWatcher, files } from './api.js';
import { confirmDelete } from './dialogs.js';
import { icon } from './dom.js';
import { plural } from './format.js';
import { notify } from './notices.js';
import { setupPanel } from './panel.js';
import { createStore } from './state.js';
import { renderSummary } from './summary.js';
import { setupTable } from './table.js';
import { setupUpload } from './upload.js';

const refresh = document.getElementById('refresh');
refresh.prepend(icon('refresh'));
document.getElementById('choose-files').prepend(icon('upload'));
document.getElementById('delete-selected').prepend(icon('trash'));
document.getElementById('panel-close').append(icon('close'));
document.getElementById('panel-delete').prepend(icon('trash'));
document.getElementById('search-icon').append(icon('search'));
document.getElementById('dropzone-icon').append(icon('upload'));
document.getElementById('drop-overlay-icon').append(icon('upload'));

const store = createStore();
const watcher = createWatcher(store);

const actions = {
  open: (id, opener) => panel.open(id, opener),
  remove: (ids, opener) => removeFiles(ids, opener),
  copy: (text, button, message) => copy(text, button, message),
  retry: () => load(),
  choose: () => upload.choose(),
  restoreFocus: (id) => table.focusRow(id) || table.focusSearch(),
};

const table = setupTable(store, actions);
const panel = setupPanel(store, actions);
const upload = setupUpload(store, watcher, actions);

store.subscribe(() => {
  renderSummary(store);
  table.render();
  panel.update();
  refresh.disabled = store.state.phase === 'loading';
});

// Only the latest list may draw: a slow answer must not replace a newer one.
let generation = 0;

async function load() {
  const current = ++generation;
  const token = store.loading();
  try {
    const list = await (await files()).list();
    if (current !== generation) return;
    store.loaded(list.data, token);
    watcher.sync(store.list());
  } catch (error) {
    if (current === generation) store.failed(error);
  }
}

const DELETE_CONCURRENCY = 4;

async function removeFiles(ids, opener) {
  const chosen = ids.map((id) => store.get(id)).filter((file) => file && !store.state.busy.has(file.id));
  if (chosen.length === 0) return;
  if (!(await confirmDelete(chosen, opener))) return;

  // Where the focus goes once the rows are gone: the row that takes the first one's place.
  const order = store.visible().map((file) => file.id);
  const firstIndex = Math.min(...chosen.map((file) => order.indexOf(file.id)).filter((i) => i >= 0));

  store.setBusy(
    chosen.map((file) => file.id),
    true,
  );
  const client = await files();
  const deleted = [];
  const failed = [];
  const queue = [...chosen];
  await Promise.all(
    Array.from({ length: Math.min(DELETE_CONCURRENCY, queue.length) }, async () => {
      for (let file = queue.shift(); file; file = queue.shift()) {
        try {
          await client.delete(file.id);
          deleted.push(file);
        } catch (error) {
          // Already gone is what was asked for.
          if (error?.name === 'NotFoundError') deleted.push(file);
          else failed.push({ file, error });
        }
      }
    }),
  );

  for (const file of deleted) watcher.unwatch(file.id);
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
    if (!next || !table.focusRow(next.id)) table.focusSearch();
  });
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

refresh.addEventListener('click', load);
load();
