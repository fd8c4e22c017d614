// What shows in place of the table when it has no rows to show: loading
// (with the time waited and a Cancel), cancelled, an error (the API key
// refused has its own: what to set, and where), no files yet, nothing
// matching the filters.
import { describeError, isKeyRefused } from './error-text.js';
import { button, el, icon } from './dom.js';
import { formatDuration } from './format.js';

const ui = {
  state: /** @type {HTMLElement} */ (document.getElementById('state')),
  wrap: /** @type {HTMLElement} */ (document.getElementById('table-wrap')),
};

/**
 * `actions`: `retry()`, `cancel()` (the list in flight), `choose()` (the
 * upload picker), `clearFilters()`. Returns `{ render, waited(ms) }`.
 */
export function setupTableState(store, actions) {
  /** What is drawn, to draw again only on a change. @type {{ kind?: string, error: unknown, upstream: string | null, serverCommand: string | null, node: HTMLElement | null }} */
  const shown = { kind: undefined, error: null, upstream: null, serverCommand: null, node: null };

  function render() {
    const { state } = store;
    const all = store.list();
    const rows = store.visible();
    let kind = null;
    if (state.phase === 'error') kind = isKeyRefused(state.error) ? 'key-refused' : 'error';
    else if (state.phase === 'cancelled') kind = 'cancelled';
    else if (!state.loaded) kind = 'loading';
    else if (all.length === 0) kind = 'empty';
    else if (rows.length === 0) kind = 'no-match';
    // Redrawn only when it changes: the region is live, and a screen reader
    // would announce the same message again.
    const failed = kind === 'error' || kind === 'key-refused';
    const redescribed = state.error !== shown.error || state.upstream !== shown.upstream || state.serverCommand !== shown.serverCommand;
    if (kind !== shown.kind || (failed && redescribed)) {
      const hadFocus = ui.state.contains(document.activeElement);
      const node = kind && STATES[kind](state, actions);
      Object.assign(shown, { kind, error: state.error, upstream: state.upstream, serverCommand: state.serverCommand, node });
      ui.state.replaceChildren(...(node ? [node] : []));
      if (hadFocus) node?.querySelector('button')?.focus();
    }
    ui.wrap.hidden = !(state.loaded && rows.length > 0 && !failed);
    ui.wrap.setAttribute('aria-busy', String(state.phase === 'loading'));
  }

  return {
    render,
    /** The time the first list has been waited for, shown beside "Loading files…". */
    waited(ms) {
      const counter = shown.kind === 'loading' && shown.node?.querySelector('.waited');
      if (counter) counter.textContent = ms >= 1000 ? `${formatDuration(Math.floor(ms / 1000))} so far` : '';
    },
  };
}

const STATES = {
  loading: (_state, actions) =>
    el(
      'div',
      { className: 'loading-state' },
      el('p', { className: 'loading', text: 'Loading files…' }),
      el('p', { className: 'muted waited', 'aria-hidden': 'true' }),
      button({ className: 'button small', text: 'Cancel', on: { click: actions.cancel } }),
    ),
  cancelled: (_state, actions) =>
    el(
      'div',
      { className: 'empty' },
      el('p', { className: 'empty-title', text: 'Loading was cancelled' }),
      el('p', { className: 'muted', text: 'No list of files yet.' }),
      button({ className: 'button', text: 'Try again', on: { click: actions.retry } }),
    ),
  error: (state, actions) => errorState(state.error, actions),
  'key-refused': (state, actions) => keyRefusedState(state.error, state.upstream, state.serverCommand, actions),
  empty: (_state, actions) =>
    el(
      'div',
      { className: 'empty' },
      icon('file', 'icon empty-icon'),
      el('p', { className: 'empty-title', text: 'No files yet' }),
      el('p', {
        className: 'muted',
        text: 'Files you upload for text extraction, images, video or batch jobs appear here. Drop some anywhere on the page, or:',
      }),
      button({ className: 'button primary', on: { click: actions.choose } }, icon('upload'), 'Choose files'),
    ),
  'no-match': (_state, actions) =>
    el(
      'div',
      { className: 'empty no-match' },
      el('p', { className: 'empty-title', text: 'No files match' }),
      el('p', { className: 'muted', text: 'Nothing passes the search and filters above.' }),
      button({ className: 'button', text: 'Clear the filters', on: { click: actions.clearFilters } }),
    ),
};

// An error in the table's place: what failed, what the service said, the
// lines that help (`details`), the ids to quote, and a way to try again.
function errorBox(className, title, error, details, actions) {
  const { name, message, facts } = describeError(error);
  return el(
    'div',
    { className, role: 'alert' },
    icon('alert', 'icon error-icon'),
    el(
      'div',
      { className: 'error-body' },
      el('p', { className: 'error-title' }, el('code', { className: 'error-name', text: name }), ` ${title}`),
      el('p', { className: 'error-message', text: message }),
      ...details,
      facts.length > 0 && el('p', { className: 'muted error-facts', text: facts.join(' · ') }),
      button({ className: 'button', text: 'Try again', on: { click: actions.retry } }),
    ),
  );
}

function errorState(error, actions) {
  const { hint } = describeError(error);
  return errorBox('error', 'Could not list the files', error, [hint && el('p', { className: 'error-hint', text: hint })], actions);
}

// The service refused the key the page's server sends: nothing on the page
// can fix it, so it says where the key is set (with the command that starts
// that server, when it said which), and which request to quote.
function keyRefusedState(error, upstream, command, actions) {
  const details = [
    upstream && el('p', { className: 'error-upstream' }, 'Refused by ', el('code', { text: upstream }), ', the service this page’s server forwards to.'),
    el(
      'p',
      { className: 'error-hint' },
      'Set ',
      el('code', { text: 'MOONSHOT_API_KEY' }),
      ' to a valid key where this page’s server runs',
      ...(command ? [' (', el('code', { text: `MOONSHOT_API_KEY=sk-… ${command}` }), ')'] : []),
      ', restart it, then try again. The key never comes to this page.',
    ),
  ];
  return errorBox('error key-refused', 'The API key was refused', error, details, actions);
}
