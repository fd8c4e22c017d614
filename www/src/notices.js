// Short messages in a corner: what just happened ("Deleted 2 files"), or what
// went wrong with an action while the table stays usable. Errors stay until
// dismissed; the rest fade after a few seconds.
import { describeError } from './api.js';
import { button, el, icon } from './dom.js';

const region = document.getElementById('notices');
const LINGER_MS = 5000;

/** `notify('Deleted 2 files')`, or `notify(title, { error })` for a failure. */
export function notify(title, { error, detail } = {}) {
  const described = error ? describeError(error) : null;
  const close = button({ className: 'icon-button notice-close', 'aria-label': 'Dismiss', title: 'Dismiss' }, icon('close'));
  const notice = el(
    'div',
    { className: `notice${error ? ' notice-error' : ''}`, role: error ? 'alert' : 'status' },
    el(
      'div',
      { className: 'notice-body' },
      el('p', { className: 'notice-title', text: title }),
      described &&
        el(
          'p',
          { className: 'notice-detail' },
          el('code', { className: 'error-name', text: described.name }),
          ' ',
          described.message,
        ),
      described?.hint && el('p', { className: 'notice-detail muted', text: described.hint }),
      detail && el('p', { className: 'notice-detail', text: detail }),
    ),
    close,
  );
  close.addEventListener('click', () => notice.remove());
  region.append(notice);
  if (!error) setTimeout(() => notice.remove(), LINGER_MS);
  return notice;
}
