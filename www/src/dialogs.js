// The confirmation before a delete: a modal <dialog> that names the first ten
// files it will delete and how many more. Cancel has the focus, so Enter or
// Esc right away deletes nothing.
import { el } from './dom.js';
import { formatBytes, formatCount, plural } from './format.js';

const NAMED = 10;

const ui = {
  dialog: /** @type {HTMLDialogElement} */ (document.getElementById('confirm')),
  title: /** @type {HTMLElement} */ (document.getElementById('confirm-title')),
  list: /** @type {HTMLElement} */ (document.getElementById('confirm-list')),
  note: /** @type {HTMLElement} */ (document.getElementById('confirm-note')),
  cancel: /** @type {HTMLButtonElement} */ (document.getElementById('confirm-cancel')),
  ok: /** @type {HTMLButtonElement} */ (document.getElementById('confirm-ok')),
};

ui.cancel.addEventListener('click', () => ui.dialog.close('cancel'));
ui.ok.addEventListener('click', () => ui.dialog.close('delete'));

/**
 * Asks whether to delete `files` (FileObjects); resolves true when confirmed.
 * The focus goes back to `opener` when the dialog closes.
 */
export function confirmDelete(files, opener) {
  const count = files.length;
  ui.title.textContent = count === 1 ? 'Delete this file?' : `Delete ${plural(count, 'file')}?`;
  ui.list.replaceChildren(
    ...files.slice(0, NAMED).map((file) =>
      el(
        'li',
        {},
        el('span', { className: 'confirm-name', text: file.filename }),
        el('span', { className: 'muted', text: `${file.id} · ${formatBytes(file.bytes)}` }),
      ),
    ),
    ...(count > NAMED ? [el('li', { className: 'confirm-more', text: `+${formatCount(count - NAMED)} more` })] : []),
  );
  const bytes = files.reduce((sum, file) => sum + file.bytes, 0);
  ui.note.textContent = `${count === 1 ? 'It is' : `They are (${formatBytes(bytes)} in all)`} removed from the account for good: this cannot be undone.`;
  ui.ok.textContent = count === 1 ? 'Delete' : `Delete ${plural(count, 'file')}`;
  ui.dialog.returnValue = '';
  return new Promise((resolve) => {
    ui.dialog.addEventListener(
      'close',
      () => {
        if (opener?.isConnected) opener.focus();
        resolve(ui.dialog.returnValue === 'delete');
      },
      { once: true },
    );
    ui.dialog.showModal();
    ui.cancel.focus();
  });
}
