// The side panel: one file's details and, for a file-extract file, the text the
// service extracted; for a file of another purpose, its bytes to download. A
// modal <dialog>: Esc or a click beside it closes it, the focus goes in on
// opening and back to where it came from on closing.
import { files } from './api.js';
import { describeError } from './error-text.js';
import { button, el, icon } from './dom.js';
import { notify } from './notices.js';
import { dateOf, formatBytes, formatCount, formatDate, formatRelative, plural, purposeClass, statusGroup, statusTone } from './format.js';

const ui = {
  dialog: /** @type {HTMLDialogElement} */ (document.getElementById('panel')),
  title: /** @type {HTMLElement} */ (document.getElementById('panel-title')),
  meta: /** @type {HTMLElement} */ (document.getElementById('panel-meta')),
  body: /** @type {HTMLElement} */ (document.getElementById('panel-body')),
  close: /** @type {HTMLButtonElement} */ (document.getElementById('panel-close')),
  remove: /** @type {HTMLButtonElement} */ (document.getElementById('panel-delete')),
};

/**
 * `actions`: `remove(ids, opener)` (asks, then deletes), `copy(text, button)`,
 * `restoreFocus(id)` (back to the row, or somewhere sensible when it is gone).
 */
export function setupPanel(store, actions) {
  // The open file: its id, where the focus came from, the text request, and
  // the status the text was drawn for (to redraw when processing ends).
  let current = null;

  ui.close.addEventListener('click', () => ui.dialog.close());
  // A click on the backdrop lands on the <dialog> itself (its content fills it).
  ui.dialog.addEventListener('click', (event) => {
    if (event.target === ui.dialog) ui.dialog.close();
  });
  ui.remove.addEventListener('click', () => {
    if (current) actions.remove([current.id], ui.remove);
  });
  ui.dialog.addEventListener('close', () => {
    if (!current) return;
    const { id, opener, controller } = current;
    current = null;
    controller?.abort();
    if (opener?.isConnected) opener.focus();
    else actions.restoreFocus(id);
  });

  function open(id, opener) {
    const file = store.get(id);
    if (!file) return;
    current?.controller?.abort();
    current = { id, opener, controller: null, drawnStatus: null, drawnFile: null };
    draw(file);
    if (!ui.dialog.open) ui.dialog.showModal();
    ui.close.focus();
  }

  function draw(file) {
    // Redrawn only when the file changed: a redraw would drop the focus (on Copy, Show all).
    if (current.drawnFile !== file) {
      current.drawnFile = file;
      ui.title.textContent = file.filename;
      ui.meta.replaceChildren(...details(file, actions));
    }
    if (current.drawnStatus === file.status) return;
    current.drawnStatus = file.status;
    current.controller?.abort();
    current.controller = null;
    ui.body.replaceChildren(...textFor(file));
  }

  function textFor(file) {
    if (file.purpose !== 'file-extract') {
      return [
        note(
          `Only file-extract files have extracted text. This file was uploaded for ${file.purpose}.`,
          'The service keeps its bytes as they were uploaded: Download, above, saves them.',
        ),
      ];
    }
    if (file.status === 'processing') {
      return [
        el('p', { className: 'loading', text: 'The service is still extracting the text…' }),
        el('p', { className: 'muted center', text: 'It appears here by itself once the file is ready.' }),
      ];
    }
    if (file.status === 'error') {
      return [note('The text could not be extracted from this file.', file.status_details ?? 'The service gave no reason.', 'bad')];
    }
    loadText(file.id);
    return [el('p', { className: 'loading', text: 'Loading the extracted text…' })];
  }

  async function loadText(id) {
    const controller = new AbortController();
    current.controller = controller;
    try {
      const text = await (await files).extractedText(id, { signal: controller.signal });
      if (controller.signal.aborted) return;
      ui.body.replaceChildren(...textView(text));
    } catch (error) {
      if (controller.signal.aborted) return;
      const { name, message, hint, facts } = describeError(error);
      ui.body.replaceChildren(
        el(
          'div',
          { className: 'error compact', role: 'alert' },
          el(
            'div',
            { className: 'error-body' },
            el('p', { className: 'error-title' }, el('code', { className: 'error-name', text: name }), ' Could not load the text'),
            el('p', { className: 'error-message', text: message }),
            hint && el('p', { className: 'error-hint', text: hint }),
            facts.length > 0 && el('p', { className: 'muted error-facts', text: facts.join(' · ') }),
          ),
        ),
      );
    }
  }

  function textView(text) {
    if (!text.trim()) return [note('The service extracted no text from this file.')];
    const lines = text.split('\n').length;
    const copy = button({ className: 'button small' }, icon('copy'), 'Copy text');
    copy.addEventListener('click', () => actions.copy(text, copy, 'Copied the extracted text'));
    return [
      el(
        'div',
        { className: 'text-head' },
        el('p', { className: 'muted', text: `${plural(text.length, 'character')} · ${plural(lines, 'line')}` }),
        copy,
      ),
      el('pre', { className: 'extracted', tabIndex: 0, 'aria-label': 'Extracted text', text }),
    ];
  }

  return {
    open,
    /** After the store changed: redraw the open file, or close when it is gone. */
    update() {
      if (!current) return;
      const file = store.get(current.id);
      if (file) draw(file);
      else ui.dialog.close();
    },
  };
}

function note(title, detail, tone = 'info') {
  return el(
    'div',
    { className: `note note-${tone}` },
    el('p', { className: 'note-title', text: title }),
    detail && el('p', { className: 'note-detail', text: detail }),
  );
}

// Longer details than this are clamped to a few lines, with a button to read them whole.
const LONG_DETAILS = 160;

function details(file, actions) {
  const date = dateOf(file.created_at);
  const copy = button(
    { className: 'icon-button copy', title: 'Copy the id', 'aria-label': `Copy id ${file.id}` },
    icon('copy'),
  );
  copy.addEventListener('click', () => actions.copy(file.id, copy));
  const group = statusGroup(file.status);
  const rows = /** @type {[string, string | Node][]} */ ([
    ['ID', el('span', { className: 'panel-id' }, el('code', { text: file.id }), copy)],
    ['Purpose', el('span', { className: `purpose ${purposeClass(file.purpose)}`, text: file.purpose })],
    [
      'Status',
      el(
        'span',
        {},
        el('span', { className: `badge badge-${statusTone(file.status)}`, text: group }),
        group === file.status ? null : el('span', { className: 'muted', text: ` reported as "${file.status}"` }),
      ),
    ],
    ['Size', `${formatBytes(file.bytes)} (${formatCount(file.bytes)} bytes)`],
    // The dated API says the type the service gave the file; the compatible one does not.
    file.mime_type ? ['Type', el('code', { text: file.mime_type })] : null,
    ['Created', date ? `${formatDate(date)} · ${formatRelative(date)}` : '—'],
  ].filter(Boolean));
  if (file.status_details) rows.push(['Details', longText(file.status_details)]);
  rows.push(['Download', downloadFor(file)]);
  return rows.flatMap(([term, value]) => [el('dt', { text: term }), el('dd', {}, value)]);
}

// A Blob URL lives as long as the page unless revoked; the browser has taken
// its bytes well before this (revoked at once, some browsers save nothing).
const BLOB_URL_MS = 60_000;

/**
 * The file's bytes as the service stores them, for any purpose but
 * file-extract: of those the service keeps the extracted text, not the upload.
 */
function downloadFor(file) {
  if (file.purpose === 'file-extract') {
    return el('span', {
      className: 'muted download-none',
      text: 'Not offered: for a file-extract file the service keeps the text it extracted, not the uploaded bytes.',
    });
  }
  const control = button({ className: 'button small', 'aria-label': `Download ${file.filename}` }, icon('download'), 'Download');
  control.addEventListener('click', () => download(file, control));
  return control;
}

/** files.download, then the bytes saved under the file's name through a Blob URL. */
async function download(file, control) {
  if (control.getAttribute('aria-busy') === 'true') return;
  control.setAttribute('aria-busy', 'true');
  try {
    const response = await (await files).download(file.id);
    const url = URL.createObjectURL(await response.blob());
    const link = el('a', { href: url, download: file.filename, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), BLOB_URL_MS);
    notify(`Downloaded ${file.filename}`);
  } catch (error) {
    notify(`Could not download ${file.filename}`, { error });
  } finally {
    control.removeAttribute('aria-busy');
  }
}

/** A text clamped to a few lines when long, with "Show all" to read it whole. */
function longText(text) {
  const body = el('span', { className: 'long-text', text });
  if (text.length <= LONG_DETAILS) return body;
  body.classList.add('is-clamped');
  body.id = `long-${Math.random().toString(36).slice(2)}`;
  const toggle = button({ className: 'button small ghost', text: 'Show all', 'aria-expanded': 'false', 'aria-controls': body.id });
  toggle.addEventListener('click', () => {
    const open = body.classList.toggle('is-clamped') === false;
    toggle.textContent = open ? 'Show less' : 'Show all';
    toggle.setAttribute('aria-expanded', String(open));
  });
  return el('span', { className: 'long-wrap' }, body, toggle);
}
