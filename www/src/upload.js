// Uploads: files dropped anywhere on the page or chosen with the picker, with
// the purpose chosen beside it. Each batch is checked against the account's
// limits before anything is sent; then files go two at a time, and each one's
// state is shown: queued, uploading, processing, done or failed. fetch reports
// no upload progress, so the batch counts whole files: no invented percentages.
import { describeError, files } from './api.js';
import { button, el } from './dom.js';
import { formatBytes, formatCount, plural } from './format.js';
import { PURPOSES, planUploads } from './limits.js';

const ui = {
  purpose: document.getElementById('upload-purpose'),
  choose: document.getElementById('choose-files'),
  input: document.getElementById('file-input'),
  batch: document.getElementById('batch'),
  status: document.getElementById('batch-status'),
  counts: document.getElementById('batch-counts'),
  progress: document.getElementById('batch-progress'),
  cancel: document.getElementById('batch-cancel'),
  clear: document.getElementById('batch-clear'),
  list: document.getElementById('batch-list'),
  overlay: document.getElementById('drop-overlay'),
  overlayPurpose: document.getElementById('drop-purpose'),
};

const CONCURRENCY = 2;
const STATES = ['queued', 'uploading', 'processing', 'done', 'failed'];
const PENDING = new Set(['queued', 'uploading']);
const ACTIVE = new Set(['queued', 'uploading', 'processing']);
const TONES = { queued: 'other', uploading: 'busy', processing: 'busy', done: 'good', failed: 'bad' };

/** `actions`: `open(id, opener)` (the panel). Returns `{ choose }`. */
export function setupUpload(store, watcher, actions) {
  const items = [];
  let running = 0;
  let nextKey = 0;

  ui.purpose.replaceChildren(
    ...PURPOSES.map(({ value, label, hint }) => el('option', { value, text: `${label} (${hint})` })),
  );
  ui.purpose.value = 'file-extract';
  ui.overlayPurpose.textContent = ui.purpose.value;
  ui.purpose.addEventListener('change', () => (ui.overlayPurpose.textContent = ui.purpose.value));

  const choose = () => ui.input.click();
  ui.choose.addEventListener('click', choose);
  ui.input.addEventListener('change', () => {
    add([...ui.input.files]);
    ui.input.value = ''; // the same file may be chosen again
  });
  ui.cancel.addEventListener('click', cancel);
  ui.clear.addEventListener('click', () => {
    for (let i = items.length - 1; i >= 0; i -= 1) if (!ACTIVE.has(items[i].state)) items.splice(i, 1);
    draw();
    if (ui.batch.hidden) ui.choose.focus();
  });
  setupDrop(add);

  function add(chosen) {
    if (chosen.length === 0) return;
    const purpose = ui.purpose.value;
    // What the account will hold: its files, and what is on its way there.
    const pending = items.filter((item) => PENDING.has(item.state));
    const account = {
      count: store.list().length + pending.length,
      bytes: store.list().reduce((sum, file) => sum + file.bytes, 0) + pending.reduce((sum, item) => sum + item.size, 0),
    };
    for (const { file, ok, reason } of planUploads(chosen, account)) {
      items.push({
        key: (nextKey += 1),
        file,
        name: file.name,
        size: file.size,
        purpose,
        state: ok ? 'queued' : 'failed',
        reason,
        fileId: null,
        controller: new AbortController(),
      });
    }
    draw();
    pump();
  }

  // An upload holds a slot while its bytes travel; the wait for processing
  // that may follow does not, so the next file goes meanwhile.
  function pump() {
    while (running < CONCURRENCY) {
      const item = items.find((candidate) => candidate.state === 'queued');
      if (!item) break;
      running += 1;
      set(item, 'uploading');
      send(item)
        .finally(() => {
          running -= 1;
          pump();
        })
        .then((uploaded) => uploaded && follow(item, uploaded));
    }
  }

  /** Uploads one file: the FileObject the service made, or null when it failed. */
  async function send(item) {
    try {
      const uploaded = await (await files()).create(
        { file: item.file, purpose: item.purpose },
        { signal: item.controller.signal },
      );
      item.fileId = uploaded.id;
      item.file = null; // the bytes are sent: let them go
      store.upsert(uploaded, { fresh: true });
      return uploaded;
    } catch (error) {
      const cancelled = error?.name === 'AbortError';
      set(
        item,
        'failed',
        cancelled ? 'Cancelled. If it was already sent, it may still appear: refresh to check.' : failure(error),
      );
      return null;
    }
  }

  /** After the upload: done, or processing until the service says ready (or failed). */
  async function follow(item, uploaded) {
    if (uploaded.status === 'error') return set(item, 'failed', `Processing failed: ${uploaded.status_details ?? 'no reason given'}`);
    if (uploaded.status !== 'processing') return set(item, 'done');
    set(item, 'processing');
    try {
      await watcher.watch(uploaded.id);
      set(item, 'done');
    } catch (error) {
      // Stopped watching: the list says it is no longer processing, or it was deleted.
      const now = store.get(uploaded.id);
      if (error?.name === 'FileProcessingError') set(item, 'failed', `Processing failed: ${error.statusDetails ?? error.message}`);
      else if (error?.name === 'AbortError' && now?.status === 'error') set(item, 'failed', 'Processing failed.');
      else if (error?.name === 'AbortError' || error?.name === 'NotFoundError') set(item, 'done', now ? '' : 'Deleted since.');
      else if (error?.name === 'WaitTimeoutError') set(item, 'done', 'Uploaded; still processing after 10 minutes.');
      else set(item, 'failed', `Uploaded, but checking on it failed: ${failure(error)}`);
    }
  }

  function cancel() {
    for (const item of items) {
      if (item.state === 'queued') set(item, 'failed', 'Cancelled: not sent.');
      else if (item.state === 'uploading') item.controller.abort();
    }
    ui.choose.focus();
  }

  function set(item, state, reason = item.reason) {
    item.state = state;
    item.reason = reason;
    draw();
  }

  function draw() {
    ui.batch.hidden = items.length === 0;
    if (items.length === 0) {
      ui.list.replaceChildren();
      return;
    }
    const count = Object.fromEntries(STATES.map((state) => [state, 0]));
    for (const item of items) count[item.state] += 1;
    const finished = count.done + count.failed;
    const active = items.length - finished;
    ui.status.textContent = active
      ? `Uploading ${plural(items.length, 'file')}: ${formatCount(finished)} of ${formatCount(items.length)} finished`
      : count.failed
        ? `${formatCount(count.done)} of ${plural(items.length, 'file')} uploaded, ${formatCount(count.failed)} failed`
        : `${plural(count.done, 'file')} uploaded`;
    ui.counts.replaceChildren(
      ...STATES.filter((state) => count[state] > 0).map((state) =>
        el('span', { className: `count count-${TONES[state]}`, text: `${formatCount(count[state])} ${state}` }),
      ),
    );
    ui.progress.max = items.length;
    ui.progress.value = finished;
    ui.progress.textContent = `${formatCount(finished)} of ${formatCount(items.length)}`;
    ui.cancel.hidden = !items.some((item) => PENDING.has(item.state));
    ui.clear.hidden = active === items.length;

    ui.list.replaceChildren(...items.map(itemRow));
  }

  function itemRow(item) {
    const busy = item.state === 'uploading' || item.state === 'processing';
    const show =
      item.fileId &&
      store.get(item.fileId) &&
      button({
        className: 'button small ghost',
        text: 'Show',
        'aria-label': `Show ${item.name}`,
        on: { click: (event) => actions.open(item.fileId, event.currentTarget) },
      });
    return el(
      'li',
      { className: `batch-item state-${item.state}`, dataset: { state: item.state } },
      el(
        'div',
        { className: 'batch-main' },
        el('span', { className: 'batch-name', text: item.name }),
        el('span', { className: 'muted batch-meta', text: `${formatBytes(item.size)} · ${item.purpose}` }),
        item.reason && el('span', { className: 'batch-reason', text: item.reason }),
      ),
      show,
      el('span', { className: `badge badge-${TONES[item.state]}${busy ? ' is-working' : ''}`, text: item.state }),
    );
  }

  return { choose };
}

function failure(error) {
  const { name, message } = describeError(error);
  return `${name}: ${message}`;
}

/** Files dragged over any part of the page: an overlay says where they will go. */
function setupDrop(add) {
  let depth = 0;
  const hasFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes('Files');
  const hide = () => {
    depth = 0;
    ui.overlay.hidden = true;
  };
  document.addEventListener('dragenter', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    depth += 1;
    ui.overlay.hidden = false;
  });
  document.addEventListener('dragover', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  });
  document.addEventListener('dragleave', (event) => {
    if (!hasFiles(event)) return;
    depth = Math.max(0, depth - 1);
    if (depth === 0) hide();
  });
  document.addEventListener('drop', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    hide();
    add([...event.dataTransfer.files]);
  });
  window.addEventListener('blur', hide);
}
