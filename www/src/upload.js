// Uploads: files dropped anywhere on the page or chosen with the picker, with
// the purpose chosen beside it. Each batch is checked before anything is sent
// (the type against what the purpose accepts, the sizes, the account's
// limits); a file of the same name and size as one already there waits for
// a "send anyway". Then files go two at a time, each showing its bytes sent,
// percent, speed and time left (from the client's onUploadProgress), and the
// batch the same in all; its bar shows failures in their own colour.
import { describeError, files } from './api.js';
import { button, el } from './dom.js';
import { PURPOSES } from './facts.js';
import { formatBytes, formatCount, formatDuration, formatProgress, formatSpeed, plural } from './format.js';
import { acceptFor, planUploads } from './upload-checks.js';

const ui = {
  purpose: document.getElementById('upload-purpose'),
  choose: document.getElementById('choose-files'),
  input: document.getElementById('file-input'),
  accepts: document.getElementById('upload-accepts'),
  batch: document.getElementById('batch'),
  status: document.getElementById('batch-status'),
  rate: document.getElementById('batch-rate'),
  counts: document.getElementById('batch-counts'),
  bar: document.getElementById('batch-bar'),
  cancel: document.getElementById('batch-cancel'),
  clear: document.getElementById('batch-clear'),
  list: document.getElementById('batch-list'),
  overlay: document.getElementById('drop-overlay'),
  overlayPurpose: document.getElementById('drop-purpose'),
};

const HINTS = { 'file-extract': 'text for chat', image: 'vision', video: 'video understanding', batch: 'JSONL batch jobs' };
const CONCURRENCY = 2;
const STATES = ['held', 'queued', 'uploading', 'processing', 'done', 'failed', 'skipped'];
const PENDING = new Set(['held', 'queued', 'uploading']);
const ACTIVE = new Set(['held', 'queued', 'uploading', 'processing']);
const TONES = { held: 'busy', queued: 'other', uploading: 'busy', processing: 'busy', done: 'good', failed: 'bad', skipped: 'other' };
const LABELS = { held: 'same as one there', queued: 'queued', uploading: 'uploading', processing: 'processing', done: 'done', failed: 'failed', skipped: 'skipped' };
// The speed is the bytes sent over the last few seconds.
const SPEED_WINDOW_MS = 3_000;

/** `follower.watch(id)` waits for processing; `actions.open(id, opener)` shows a file. Returns `{ choose }`. */
export function setupUpload(store, follower, actions) {
  const items = [];
  let running = 0;
  let nextKey = 0;

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
  ui.list.addEventListener('click', (event) => {
    const target = event.target.closest('button[data-key]');
    const item = target && items.find((candidate) => String(candidate.key) === target.dataset.key);
    if (!item) return;
    if (target.dataset.do === 'send' && item.state === 'held') set(item, 'queued', '');
    else if (target.dataset.do === 'skip' && item.state === 'held') set(item, 'skipped', 'Not sent: already there.');
    else if (target.dataset.do === 'show' && item.fileId) actions.open(item.fileId, target);
    pump();
  });
  setupDrop(add);

  function add(chosen) {
    if (chosen.length === 0) return;
    const purpose = ui.purpose.value;
    // What the account will hold: its files, and what is on its way there.
    const pending = items.filter((item) => PENDING.has(item.state));
    const list = store.list();
    const account = {
      count: list.length + pending.length,
      bytes: list.reduce((sum, file) => sum + file.bytes, 0) + pending.reduce((sum, item) => sum + item.size, 0),
      files: [...list, ...pending.map((item) => ({ filename: item.name, bytes: item.size, id: item.fileId }))],
    };
    for (const { file, ok, reason, duplicateOf } of planUploads(chosen, account, purpose)) {
      const held = ok && duplicateOf;
      items.push({
        key: (nextKey += 1),
        file,
        name: file.name,
        size: file.size,
        purpose,
        state: !ok ? 'failed' : held ? 'held' : 'queued',
        reason: !ok ? reason : held ? sameAs(duplicateOf) : '',
        fileId: null,
        controller: new AbortController(),
        sent: 0, // bytes of the file sent (the request's share of it)
        progress: null, // the last { loaded, total }
        samples: [],
        view: null,
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
    item.samples = [{ t: performance.now(), loaded: 0 }];
    try {
      const uploaded = await (await files()).create(
        { file: item.file, purpose: item.purpose },
        { signal: item.controller.signal, onUploadProgress: (progress) => progressed(item, progress) },
      );
      item.fileId = uploaded.id;
      item.file = null; // the bytes are sent: let them go
      item.sent = item.size;
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

  function progressed(item, { loaded, total }) {
    if (item.state !== 'uploading' || !(total > 0)) return;
    item.progress = { loaded, total };
    item.sent = Math.min(item.size, Math.round((item.size * loaded) / total));
    const now = performance.now();
    item.samples.push({ t: now, loaded: item.sent });
    while (item.samples.length > 2 && now - item.samples[1].t > SPEED_WINDOW_MS) item.samples.shift();
    drawSoon();
  }

  /** After the upload: done, or processing until the list says ready (or failed). */
  async function follow(item, uploaded) {
    if (uploaded.status === 'error') return set(item, 'failed', `Processing failed: ${uploaded.status_details || 'no reason given'}`);
    if (uploaded.status !== 'processing') return set(item, 'done');
    set(item, 'processing');
    try {
      await follower.watch(uploaded.id);
      set(item, 'done');
    } catch (error) {
      if (error?.name === 'FileProcessingError') set(item, 'failed', `Processing failed: ${error.statusDetails || error.message}`);
      else set(item, 'done', 'Deleted since.');
    }
  }

  function cancel() {
    for (const item of items) {
      if (item.state === 'queued' || item.state === 'held') set(item, 'failed', 'Cancelled: not sent.');
      else if (item.state === 'uploading') item.controller.abort();
    }
    ui.choose.focus();
  }

  function set(item, state, reason = item.reason) {
    item.state = state;
    item.reason = reason;
    draw();
  }

  let frame = 0;
  function drawSoon() {
    if (!frame) frame = requestAnimationFrame(() => ((frame = 0), draw()));
  }

  function draw() {
    ui.batch.hidden = items.length === 0;
    if (items.length === 0) {
      ui.list.replaceChildren();
      return;
    }
    const count = Object.fromEntries(STATES.map((state) => [state, 0]));
    for (const item of items) count[item.state] += 1;
    const finished = count.done + count.failed + count.skipped;
    const active = items.length - finished;

    // Bytes: what goes (or went) out, what of it has, and what failed.
    let total = 0;
    let sent = 0;
    let failedBytes = 0;
    let speed = 0;
    for (const item of items) {
      if (item.state === 'failed') failedBytes += item.size;
      if (item.state === 'failed' || item.state === 'skipped' || item.state === 'held') continue;
      total += item.size;
      sent += item.state === 'queued' ? 0 : item.state === 'uploading' ? item.sent : item.size;
      if (item.state === 'uploading') speed += speedOf(item);
    }
    const sending = count.uploading + count.queued > 0;
    const status = active
      ? `Uploading ${plural(items.length, 'file')}: ${formatCount(finished)} of ${formatCount(items.length)} finished`
      : count.failed
        ? `${formatCount(count.done)} of ${plural(items.length, 'file')} uploaded, ${formatCount(count.failed)} failed`
        : `${plural(count.done, 'file')} uploaded`;
    if (ui.status.textContent !== status) ui.status.textContent = status;
    ui.rate.textContent = sending
      ? `${formatProgress(sent, total)} · ${formatBytes(sent)} of ${formatBytes(total)} · ${formatSpeed(speed)} · ${speed > 0 ? `${formatDuration((total - sent) / speed)} left` : 'time left unknown'}`
      : count.held
        ? `${plural(count.held, 'file')} waiting for your answer`
        : '';
    ui.counts.replaceChildren(
      ...STATES.filter((state) => count[state] > 0).map((state) =>
        el('span', { className: `count count-${TONES[state]}`, text: `${formatCount(count[state])} ${LABELS[state]}` }),
      ),
    );
    // The bar: what was sent, and what failed, each its share of the whole.
    const whole = total + failedBytes || 1;
    ui.bar.style.setProperty('--sent', String(sent / whole));
    ui.bar.style.setProperty('--failed', String(failedBytes / whole));
    ui.bar.classList.toggle('has-failures', count.failed > 0);
    ui.bar.classList.toggle('all-failed', count.failed > 0 && count.failed === items.length);
    ui.cancel.hidden = !items.some((item) => PENDING.has(item.state));
    ui.clear.hidden = active === items.length;

    const rows = items.map((item) => (item.view ??= itemView(item)).li);
    if (rows.length !== ui.list.children.length || rows.some((li, i) => ui.list.children[i] !== li)) ui.list.replaceChildren(...rows);
    for (const item of items) updateItem(item);
  }

  function updateItem(item) {
    const v = item.view;
    if (v.state !== item.state) {
      v.state = item.state;
      v.li.className = `batch-item state-${item.state}`;
      v.li.dataset.state = item.state;
      v.badge.className = `badge badge-${TONES[item.state]}${item.state === 'uploading' || item.state === 'processing' ? ' is-working' : ''}`;
      v.badge.textContent = LABELS[item.state];
      v.progress.hidden = item.state !== 'uploading';
      v.choice.hidden = item.state !== 'held';
    }
    if (v.reason.textContent !== item.reason) v.reason.textContent = item.reason;
    v.reason.hidden = !item.reason;
    if (item.state === 'uploading') {
      const p = item.progress;
      v.bar.max = item.size || 1;
      v.bar.value = item.sent;
      const speed = speedOf(item);
      v.numbers.textContent = p
        ? `${formatBytes(item.sent)} of ${formatBytes(item.size)} · ${formatProgress(p.loaded, p.total)} · ${formatSpeed(speed)} · ${speed > 0 ? `${formatDuration((item.size - item.sent) / speed)} left` : 'time left unknown'}`
        : 'Sending…';
    }
    const canShow = Boolean(item.fileId && store.get(item.fileId));
    if (v.show.hidden === canShow) v.show.hidden = !canShow;
  }

  return { choose };
}

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
    ),
    choice,
    show,
    badge,
  );
  return { li, badge, reason, bar, numbers, progress, choice, show, state: null };
}

/** Bytes a second over the last few seconds of an upload. */
function speedOf(item) {
  const first = item.samples[0];
  const last = item.samples.at(-1);
  if (!first || !last || last.t - first.t < 200) return 0;
  return ((last.loaded - first.loaded) * 1000) / (last.t - first.t);
}

function sameAs(existing) {
  return existing.id
    ? `A file of the same name and size is already in the account (${existing.id}). Send it again?`
    : 'A file of the same name and size is already in this batch. Send it again?';
}

function describeAccepted(purpose) {
  const accepted = acceptFor(purpose).split(',').filter(Boolean);
  if (accepted.length === 0) return '';
  const shown = accepted.length > 6 ? `${accepted.slice(0, 6).join(' ')} and ${formatCount(accepted.length - 6)} more` : accepted.join(' ');
  return `${purpose} takes ${shown}.`;
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
