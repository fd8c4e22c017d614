// Uploads: files dropped anywhere on the page or chosen with the picker, with
// the purpose chosen beside it. Each batch is checked before anything is sent
// (the type against what the purpose accepts, the sizes, the account's
// limits). A file whose bytes the account holds already (the client's
// findUploaded says so; files.ensure uploads the rest, so it remembers them,
// in the page's IndexedDB: a reload still knows them) waits for "reuse" or
// "upload a copy"; one of the same name and size as one there, for a "send
// anyway". Then files go two at a time, each showing its bytes sent, percent,
// speed and time left (from the client's onUploadProgress), and the batch the
// same in all; its bar shows failures in their own colour. A file refused for
// the account's room offers to delete the oldest files that make it (the
// client's makeRoom picks them), after a confirmation, then goes again.
//
// The queue, its arithmetic and its lines are upload-queue.js (no DOM); this
// module wires the controls and draws the batch.
import { BadRequestError } from 'moonshot-files';
import { indexedDBStore } from 'moonshot-files/stores/indexeddb';
import { files } from './api.js';
import { viewFile } from './file-view.js';
import { button, el } from './dom.js';
import { PURPOSES } from './facts.js';
import { formatBytes, formatCount } from './format.js';
import { acceptFor, describeAccepted } from './upload-checks.js';
import { createUploadQueue, itemProgressLine } from './upload-queue.js';

const HINTS = { 'file-extract': 'text for chat', image: 'vision', video: 'video understanding', batch: 'JSONL batch jobs' };
const TONES = { checking: 'busy', held: 'busy', queued: 'other', uploading: 'busy', processing: 'busy', done: 'good', failed: 'bad', skipped: 'other' };
const LABELS = { checking: 'checking', held: 'same as one there', queued: 'queued', uploading: 'uploading', processing: 'processing', done: 'done', failed: 'failed', skipped: 'skipped' };

// Where the client remembers which file holds which bytes: IndexedDB, so a
// reload (or another tab) still knows; the client's memory where there is none.
const remembered = typeof indexedDB === 'undefined' ? {} : { store: indexedDBStore() };

/** The upload controls and the batch in `doc`. */
function uploadElements(doc) {
  return {
    purpose: /** @type {HTMLSelectElement} */ (doc.getElementById('upload-purpose')),
    choose: /** @type {HTMLButtonElement} */ (doc.getElementById('choose-files')),
    input: /** @type {HTMLInputElement} */ (doc.getElementById('file-input')),
    accepts: /** @type {HTMLElement} */ (doc.getElementById('upload-accepts')),
    batch: /** @type {HTMLElement} */ (doc.getElementById('batch')),
    status: /** @type {HTMLElement} */ (doc.getElementById('batch-status')),
    rate: /** @type {HTMLElement} */ (doc.getElementById('batch-rate')),
    counts: /** @type {HTMLElement} */ (doc.getElementById('batch-counts')),
    bar: /** @type {HTMLElement} */ (doc.getElementById('batch-bar')),
    cancel: /** @type {HTMLButtonElement} */ (doc.getElementById('batch-cancel')),
    clear: /** @type {HTMLButtonElement} */ (doc.getElementById('batch-clear')),
    list: /** @type {HTMLElement} */ (doc.getElementById('batch-list')),
    overlay: /** @type {HTMLElement} */ (doc.getElementById('drop-overlay')),
    overlayPurpose: /** @type {HTMLElement} */ (doc.getElementById('drop-purpose')),
  };
}

/**
 * `follower.watch(id)` waits for processing; `actions.open(id, opener)` shows
 * a file; `actions.remove(ids, opener)` asks, deletes, and resolves to the ids
 * deleted. Returns `{ choose }`.
 */
export function setupUpload(store, follower, actions, ui = uploadElements(document)) {
  const queue = createUploadQueue({
    async upload(item, options) {
      const client = await files;
      const params = { file: item.file, purpose: item.purpose };
      // ensure: the client remembers the bytes it uploads, for the next drop of them.
      const answer = item.copy ? { file: await client.create(params, options), reused: false } : await client.ensure(params, { ...options, ...remembered });
      // The queue and the follower read the page's view (status, not extract_status).
      const uploaded = viewFile(answer.file);
      store.upsert(uploaded, { fresh: !answer.reused });
      return { file: uploaded, reused: answer.reused };
    },
    async findSame(item) {
      const same = await (await files).findUploaded({ file: item.file, purpose: item.purpose }, remembered);
      return same && viewFile(same);
    },
    async roomFor(item, error) {
      // The page's own check, or the service's refusal (a 400); the client
      // says whether room is what is short, and which files would make it.
      if (error !== undefined && !(error instanceof BadRequestError)) return null;
      const { deleted } = await (await files).makeRoom({ files: 1, bytes: item.size, dryRun: true });
      return deleted.map(viewFile);
    },
    watch: (id) => follower.watch(id),
    onChange: (kind) => (kind === 'progress' ? drawSoon() : draw()),
  });
  const views = new WeakMap(); // item -> its list entry

  ui.purpose.replaceChildren(
    ...PURPOSES.map((value) => el('option', { value, text: HINTS[value] ? `${value} (${HINTS[value]})` : value })),
  );
  ui.purpose.value = 'file-extract';
  const purposeChanged = () => {
    ui.overlayPurpose.textContent = ui.purpose.value;
    ui.input.accept = acceptFor(ui.purpose.value);
    ui.accepts.textContent = describeAccepted(ui.purpose.value);
  };
  purposeChanged();
  ui.purpose.addEventListener('change', purposeChanged);

  const add = (chosen) => queue.add(chosen, ui.purpose.value, store.list());
  const choose = () => ui.input.click();
  ui.choose.addEventListener('click', choose);
  ui.input.addEventListener('change', () => {
    add([.../** @type {FileList} */ (ui.input.files)]);
    ui.input.value = ''; // the same file may be chosen again
  });
  ui.cancel.addEventListener('click', () => {
    queue.cancel();
    ui.choose.focus();
  });
  ui.clear.addEventListener('click', () => {
    queue.clearFinished();
    if (ui.batch.hidden) ui.choose.focus();
  });
  ui.list.addEventListener('click', (event) => {
    const target = /** @type {HTMLButtonElement | null} */ (/** @type {Element} */ (event.target).closest('button[data-key]'));
    const key = Number(target?.dataset.key);
    const item = target && queue.items.find((candidate) => candidate.key === key);
    if (!item) return;
    if (target.dataset.do === 'send') queue.send(key);
    else if (target.dataset.do === 'skip') queue.skipFile(key);
    else if (target.dataset.do === 'reuse') queue.reuse(key);
    else if (target.dataset.do === 'room' && item.room) makeRoom(item, target);
    else if (target.dataset.do === 'show' && item.fileId) actions.open(item.fileId, target);
  });
  setupDrop(add, ui);

  /** Deletes the files that make room for `item` (once confirmed), then sends it again. */
  async function makeRoom(item, button) {
    const ids = item.room.map((file) => file.id);
    const deleted = await actions.remove(ids, button);
    if (deleted.length > 0) queue.retry(item.key);
  }

  let frame = 0;
  function drawSoon() {
    if (!frame) frame = requestAnimationFrame(() => ((frame = 0), draw()));
  }

  function draw() {
    const { items } = queue;
    ui.batch.hidden = items.length === 0;
    if (items.length === 0) {
      ui.list.replaceChildren();
      return;
    }
    const batch = queue.summary();
    if (ui.status.textContent !== batch.status) ui.status.textContent = batch.status;
    ui.rate.textContent = batch.rate;
    ui.counts.replaceChildren(
      ...Object.entries(batch.count)
        .filter(([, n]) => n > 0)
        .map(([state, n]) => el('span', { className: `count count-${TONES[state]}`, text: `${formatCount(n)} ${LABELS[state]}` })),
    );
    // The bar: what was sent, and what failed, each its share of the whole.
    ui.bar.style.setProperty('--sent', String(batch.sentShare));
    ui.bar.style.setProperty('--failed', String(batch.failedShare));
    ui.bar.classList.toggle('has-failures', batch.hasFailures);
    ui.bar.classList.toggle('all-failed', batch.allFailed);
    ui.cancel.hidden = !batch.canCancel;
    ui.clear.hidden = !batch.canClear;

    const rows = items.map((item) => viewOf(item).li);
    if (rows.length !== ui.list.children.length || rows.some((li, i) => ui.list.children[i] !== li)) ui.list.replaceChildren(...rows);
    for (const item of items) updateItem(item);
  }

  function viewOf(item) {
    let view = views.get(item);
    if (!view) views.set(item, (view = itemView(item)));
    return view;
  }

  function updateItem(item) {
    const v = viewOf(item);
    if (v.state !== item.state) {
      v.state = item.state;
      v.li.className = `batch-item state-${item.state}`;
      v.li.dataset.state = item.state;
      v.badge.className = `badge badge-${TONES[item.state]}${item.state === 'uploading' || item.state === 'processing' ? ' is-working' : ''}`;
      v.badge.textContent = LABELS[item.state];
      v.progress.hidden = item.state !== 'uploading';
    }
    const held = item.state === 'held';
    v.choice.hidden = !held || item.same !== null;
    v.sameChoice.hidden = !held || item.same === null;
    drawRoom(v, item);
    if (v.reason.textContent !== item.reason) v.reason.textContent = item.reason;
    v.reason.hidden = !item.reason;
    if (item.state === 'uploading') {
      v.bar.max = item.size || 1;
      v.bar.value = item.sent;
      v.numbers.textContent = itemProgressLine(item);
    }
    const canShow = Boolean(item.fileId && store.get(item.fileId));
    if (v.show.hidden === canShow) v.show.hidden = !canShow;
  }

  return { choose };
}

/** The offer to make room for a file refused for it: the files that would go, and the button. */
function drawRoom(v, item) {
  const room = item.state === 'failed' ? item.room : null;
  v.room.hidden = !room;
  if (!room || v.roomShown === room) return;
  v.roomShown = room;
  const n = room.length;
  v.roomButton.textContent = `Make room (delete the ${n === 1 ? 'oldest file' : `${formatCount(n)} oldest`})`;
  v.roomButton.setAttribute('aria-label', `${v.roomButton.textContent}: ${item.name}`);
  v.roomList.replaceChildren(
    ...room.slice(0, ROOM_NAMED).map((file) => el('li', { text: `${file.filename} (${file.id}, ${formatBytes(file.bytes)})` })),
    ...(n > ROOM_NAMED ? [el('li', { text: `and ${formatCount(n - ROOM_NAMED)} more` })] : []),
  );
}

// The files a room offer names in the batch; the confirmation names them too.
const ROOM_NAMED = 5;

function itemView(item) {
  const badge = el('span', { className: 'badge' });
  const reason = el('span', { className: 'batch-reason' });
  const bar = el('progress', { className: 'item-progress', 'aria-label': `Upload of ${item.name}` });
  const numbers = el('span', { className: 'batch-numbers' });
  const progress = el('div', { className: 'batch-progress-line' }, bar, numbers);
  const choice = el(
    'span',
    { className: 'batch-choice' },
    button({ className: 'button small', text: 'Send anyway', 'aria-label': `Send anyway: ${item.name}`, dataset: { key: item.key, do: 'send' } }),
    button({ className: 'button small ghost', text: 'Skip', 'aria-label': `Skip: ${item.name}`, dataset: { key: item.key, do: 'skip' } }),
  );
  const sameChoice = el(
    'span',
    { className: 'batch-choice' },
    button({ className: 'button small', text: 'Reuse it', 'aria-label': `Reuse it: ${item.name}`, dataset: { key: item.key, do: 'reuse' } }),
    button({ className: 'button small ghost', text: 'Upload a copy', 'aria-label': `Upload a copy: ${item.name}`, dataset: { key: item.key, do: 'send' } }),
  );
  sameChoice.hidden = true;
  const roomButton = button({ className: 'button small', text: 'Make room', dataset: { key: item.key, do: 'room' } });
  const roomList = el('ul', { className: 'batch-room-list' });
  const room = el('div', { className: 'batch-room' }, el('span', { className: 'muted', text: 'Deleting these makes room for it:' }), roomList, roomButton);
  room.hidden = true;
  const show = button({ className: 'button small ghost', text: 'Show', 'aria-label': `Show ${item.name}`, dataset: { key: item.key, do: 'show' } });
  show.hidden = true;
  const li = el(
    'li',
    { className: 'batch-item' },
    el(
      'div',
      { className: 'batch-main' },
      el('span', { className: 'batch-name', text: item.name }),
      el('span', { className: 'muted batch-meta', text: `${formatBytes(item.size)} · ${item.purpose}` }),
      reason,
      progress,
      room,
    ),
    choice,
    sameChoice,
    show,
    badge,
  );
  return { li, badge, reason, bar, numbers, progress, choice, sameChoice, room, roomList, roomButton, roomShown: null, show, state: null };
}

/** Files dragged over any part of the page: an overlay says where they will go. */
function setupDrop(add, ui) {
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
    /** @type {DataTransfer} */ (event.dataTransfer).dropEffect = 'copy';
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
    add([.../** @type {DataTransfer} */ (event.dataTransfer).files]);
  });
  window.addEventListener('blur', hide);
}
