// Short messages under the page's header: what just happened ("Deleted 2
// files"), or what went wrong with an action while the table stays usable.
// They sit in the page's flow, in the sticky header, so they never cover the
// table's actions; errors stay until dismissed (the latest few), the rest fade
// after a few seconds.
import { describeError } from './error-text.js';
import { button, el, icon } from './dom.js';

const region = /** @type {HTMLElement} */ (document.getElementById('notices'));
const LINGER_MS = 5000;
const MOST = 3;

/**
 * `notify('Deleted 2 files')`, or `notify(title, { error })` for a failure.
 * @param {string} title
 * @param {{ error?: unknown, detail?: string }} [options]
 */
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
      described && described.facts.length > 0 && el('p', { className: 'notice-detail muted notice-facts', text: described.facts.join(' · ') }),
      detail && el('p', { className: 'notice-detail', text: detail }),
    ),
    close,
  );
  close.addEventListener('click', () => notice.remove());
  region.append(notice);
  while (region.children.length > MOST) /** @type {Element} */ (region.firstElementChild).remove();
  if (!error) setTimeout(() => notice.remove(), LINGER_MS);
  return notice;
}
