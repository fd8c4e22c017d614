// The upload queue without the DOM: each file's state, which go next, the
// bytes, speed and time left, and the lines the page shows. upload.js feeds
// it the files a person picked and draws what it holds. Tested in Node with a
// stand-in for the client (tests/dashboard/upload-queue.test.mjs).
//
// A file is `checking` (the client looks for a file of the same bytes),
// `held` (the same bytes, or the same name and size, as one there: sent only
// when a person says so), `queued`, `uploading`, `processing` (sent; the
// service is still reading it), `done`, `failed` or `skipped`. Files go
// `concurrency` at a time; the wait for processing holds no slot, so the next
// file goes meanwhile. A file refused for the account's room carries the
// files that deleting would make room (`room`), for the page to offer.
import { AbortError, FileProcessingError } from 'moonshot-files';
import { failureLine } from './error-text.js';
import { formatBytes, formatCount, formatDuration, formatProgress, formatSpeed, plural } from './format.js';
import { planUploads } from './upload-checks.js';

export const STATES = Object.freeze(['checking', 'held', 'queued', 'uploading', 'processing', 'done', 'failed', 'skipped']);
// On their way to the account: they count against its limits.
const PENDING = new Set(['checking', 'held', 'queued', 'uploading']);
const ACTIVE = new Set(['checking', 'held', 'queued', 'uploading', 'processing']);
// The speed is the bytes sent over the last few seconds.
const SPEED_WINDOW_MS = 3_000;

/**
 * `upload(item, { signal, onUploadProgress })` sends `item.file` as
 * `item.purpose` (`item.copy`: even where the account holds the same bytes)
 * and resolves to the FileObject the service made, or to `{ file, reused }`
 * (`reused`: the bytes were there already, nothing was sent);
 * `watch(id)` resolves once that file has left `processing` (and rejects
 * with a FileProcessingError, or any other error when it went away).
 * `findSame(item)`, when given, resolves to the file of the account that
 * holds the same bytes for this purpose, or null (the client decides: it
 * hashes them); `roomFor(item, error)`, when given, resolves to the files
 * whose deletion would make room for a file refused (by the service's
 * `error`, or by the page's own check) for the account's file count or
 * size, or null when room is not what stops it.
 * `onChange(kind)` hears 'state' after each change of a file's state and
 * 'progress' after each progress report (which may come many times a frame).
 * @param {{ upload: Function, watch: (id: string) => Promise<unknown>, findSame?: (item: any) => Promise<any>, roomFor?: (item: any, error?: unknown) => Promise<any[] | null>, concurrency?: number, now?: () => number, onChange?: (kind: 'state' | 'progress') => void }} options
 */
export function createUploadQueue({ upload, watch, findSame, roomFor, concurrency = 2, now = () => performance.now(), onChange = () => {} }) {
  const items = [];
  let running = 0;
  let nextKey = 0;
  // The same-bytes checks, one file after another: each may hash a whole file.
  let checks = Promise.resolve();

  const find = (key) => items.find((item) => item.key === key);

  function set(item, state, reason = item.reason) {
    item.state = state;
    item.reason = reason;
    onChange('state');
  }

  /**
   * Adds the files a person chose, checked against what the account holds
   * (`accountFiles`: its FileObjects) and what is already on its way there.
   */
  function add(chosen, purpose, accountFiles) {
    if (chosen.length === 0) return;
    const pending = items.filter((item) => PENDING.has(item.state));
    const account = {
      count: accountFiles.length + pending.length,
      bytes: accountFiles.reduce((sum, file) => sum + file.bytes, 0) + pending.reduce((sum, item) => sum + item.size, 0),
      files: [...accountFiles, ...pending.map((item) => ({ filename: item.name, bytes: item.size, id: item.fileId }))],
    };
    for (const { file, ok, reason, duplicateOf, forRoom } of planUploads(chosen, account, purpose)) {
      const held = ok && duplicateOf;
      const item = {
        key: (nextKey += 1),
        file,
        name: file.name,
        size: file.size,
        purpose,
        state: !ok ? 'failed' : findSame ? 'checking' : held ? 'held' : 'queued',
        reason: !ok ? reason : held && !findSame ? sameAs(duplicateOf) : '',
        duplicateOf,
        same: null, // the account's file of the same bytes, once found
        copy: false, // sent even so
        room: null, // the files whose deletion would make room for it
        reused: false,
        fileId: null,
        controller: new AbortController(),
        sent: 0, // bytes of the file sent (the request's share of it)
        progress: null, // the last { loaded, total }
        samples: [],
      };
      items.push(item);
      if (item.state === 'checking') checks = checks.then(() => check(item));
      if (!ok && forRoom) offerRoom(item);
    }
    onChange('state');
    pump();
  }

  /** Holds a file whose bytes the account has (the client says so); else on as planned. */
  async function check(item) {
    if (item.state !== 'checking') return; // cancelled meanwhile
    let same = null;
    try {
      same = await /** @type {Function} */ (findSame)(item);
    } catch {
      // Not known: the upload itself will say what is wrong.
    }
    if (item.state !== 'checking') return;
    item.same = same;
    if (same) set(item, 'held', sameBytesAs(same));
    else if (item.duplicateOf) set(item, 'held', sameAs(item.duplicateOf));
    else set(item, 'queued', '');
    pump();
  }

  /** Asks which files would make room for a refused file; the page offers to delete them. */
  async function offerRoom(item, error) {
    if (!roomFor) return;
    let room = null;
    try {
      room = await roomFor(item, error);
    } catch {
      // No offer: the refusal stands as it is.
    }
    if (item.state !== 'failed' || !room || room.length === 0) return;
    item.room = room;
    onChange('state');
  }

  function pump() {
    while (running < concurrency) {
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
    item.samples = [{ t: now(), loaded: 0 }];
    try {
      const answer = await upload(item, {
        signal: item.controller.signal,
        onUploadProgress: (progress) => progressed(item, progress),
      });
      const uploaded = 'reused' in answer && 'file' in answer ? answer.file : answer;
      item.reused = answer.reused === true;
      item.fileId = uploaded.id;
      item.file = null; // the bytes are sent: let them go
      item.sent = item.size;
      return uploaded;
    } catch (error) {
      const cancelled = error instanceof AbortError;
      set(item, 'failed', cancelled ? 'Cancelled. If it was already sent, it may still appear: refresh to check.' : failureLine(error));
      if (!cancelled) offerRoom(item, error);
      return null;
    }
  }

  function progressed(item, { loaded, total }) {
    if (item.state !== 'uploading' || !(total > 0)) return;
    item.progress = { loaded, total };
    item.sent = Math.min(item.size, Math.round((item.size * loaded) / total));
    const t = now();
    item.samples.push({ t, loaded: item.sent });
    while (item.samples.length > 2 && t - item.samples[1].t > SPEED_WINDOW_MS) item.samples.shift();
    onChange('progress');
  }

  /** After the upload: done, or processing until the list says ready (or failed). */
  async function follow(item, uploaded) {
    if (item.reused) return set(item, 'done', `Reused ${uploaded.filename} (${uploaded.id}): the same bytes are there; nothing was sent.`);
    if (uploaded.status === 'error') return set(item, 'failed', `Processing failed: ${uploaded.status_details || 'no reason given'}`);
    if (uploaded.status !== 'processing') return set(item, 'done');
    set(item, 'processing');
    try {
      await watch(uploaded.id);
      set(item, 'done');
    } catch (error) {
      if (error instanceof FileProcessingError) set(item, 'failed', `Processing failed: ${error.statusDetails || error.message}`);
      else set(item, 'done', 'Deleted since.');
    }
  }

  return {
    /** The files of the batch, in the order they came. */
    get items() {
      return items;
    },
    add,
    /** A held file goes after all (a copy, where the account holds its bytes). */
    send(key) {
      const item = find(key);
      if (item?.state !== 'held') return;
      item.copy = item.same !== null;
      set(item, 'queued', '');
      pump();
    },
    /** A file held for its bytes: the account's file is used, nothing is sent. */
    reuse(key) {
      const item = find(key);
      if (item?.state !== 'held' || !item.same) return;
      item.fileId = item.same.id;
      item.file = null;
      set(item, 'done', `Reused ${item.same.filename} (${item.same.id}); nothing was sent.`);
    },
    /** A file refused for room (an offer made) goes again, once room was made for it. */
    retry(key) {
      const item = find(key);
      if (item?.state !== 'failed' || !item.file || !item.room) return;
      item.room = null;
      set(item, 'queued', '');
      pump();
    },
    /** A held file is not sent. */
    skipFile(key) {
      const item = find(key);
      if (item?.state === 'held') set(item, 'skipped', 'Not sent: already there.');
    },
    /** Stops what has not gone yet and aborts what is going. */
    cancel() {
      for (const item of items) {
        if (item.state === 'queued' || item.state === 'held' || item.state === 'checking') set(item, 'failed', 'Cancelled: not sent.');
        else if (item.state === 'uploading') item.controller.abort();
      }
    },
    /** Forgets the files that are finished (done, failed, skipped). */
    clearFinished() {
      for (let i = items.length - 1; i >= 0; i -= 1) if (!ACTIVE.has(items[i].state)) items.splice(i, 1);
      onChange('state');
    },
    summary: () => summarizeBatch(items),
  };
}

/** Bytes a second over the last few seconds of an upload (0 until there are 200 ms of them). */
export function speedOf(item) {
  const first = item.samples[0];
  const last = item.samples.at(-1);
  if (!first || !last || last.t - first.t < 200) return 0;
  return ((last.loaded - first.loaded) * 1000) / (last.t - first.t);
}

const timeLeft = (bytes, speed) => (speed > 0 ? `${formatDuration(bytes / speed)} left` : 'time left unknown');

/** An uploading file's line: `1.2 MiB of 2 MiB · 60% · 512 KiB/s · 2 s left`, or `Sending…` before any report. */
export function itemProgressLine(item) {
  const p = item.progress;
  if (!p) return 'Sending…';
  const speed = speedOf(item);
  return `${formatBytes(item.sent)} of ${formatBytes(item.size)} · ${formatProgress(p.loaded, p.total)} · ${formatSpeed(speed)} · ${timeLeft(item.size - item.sent, speed)}`;
}

/**
 * The batch as the page shows it: `count` (per state), `status` ("Uploading
 * 3 files: 1 of 3 finished"), `rate` (percent, bytes, speed, time left),
 * the bar's `sentShare` and `failedShare` of the whole, and which buttons apply.
 */
export function summarizeBatch(items) {
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
    sent += item.state === 'queued' || item.state === 'checking' ? 0 : item.state === 'uploading' ? item.sent : item.size;
    if (item.state === 'uploading') speed += speedOf(item);
  }
  const sending = count.uploading + count.queued > 0;
  const status = active
    ? `Uploading ${plural(items.length, 'file')}: ${formatCount(finished)} of ${formatCount(items.length)} finished`
    : count.failed
      ? `${formatCount(count.done)} of ${plural(items.length, 'file')} uploaded, ${formatCount(count.failed)} failed`
      : `${plural(count.done, 'file')} uploaded`;
  const rate = sending
    ? `${formatProgress(sent, total)} · ${formatBytes(sent)} of ${formatBytes(total)} · ${formatSpeed(speed)} · ${timeLeft(total - sent, speed)}`
    : count.checking
      ? `Looking for the same bytes in the account: ${plural(count.checking, 'file')}`
      : count.held
        ? `${plural(count.held, 'file')} waiting for your answer`
        : '';
  const whole = total + failedBytes || 1;
  return {
    count,
    status,
    rate,
    sentShare: sent / whole,
    failedShare: failedBytes / whole,
    hasFailures: count.failed > 0,
    allFailed: count.failed > 0 && count.failed === items.length,
    canCancel: items.some((item) => PENDING.has(item.state)),
    canClear: active !== items.length,
  };
}

function sameBytesAs(existing) {
  return `The same bytes are already in the account as ${existing.filename} (${existing.id}). Reuse it, or upload another copy?`;
}

function sameAs(existing) {
  return existing.id
    ? `A file of the same name and size is already in the account (${existing.id}). Send it again?`
    : 'A file of the same name and size is already in this batch. Send it again?';
}
