// The page's frame: the header and the toolbar stay in view (sticky; the
// table's column headers stick under them, at offsets measured here), and on
// a narrow screen the usage and upload cards start folded so the first screen
// shows files.
const NARROW = window.matchMedia('(max-width: 720px)');

export function setupLayout() {
  const root = document.documentElement;
  const header = /** @type {HTMLElement} */ (document.getElementById('page-header'));
  const toolbar = /** @type {HTMLElement} */ (document.getElementById('toolbar'));
  new ResizeObserver(() => {
    root.style.setProperty('--header-h', `${header.getBoundingClientRect().height}px`);
    root.style.setProperty('--toolbar-h', `${toolbar.getBoundingClientRect().height}px`);
  }).observe(header);
  new ResizeObserver(() => root.style.setProperty('--toolbar-h', `${toolbar.getBoundingClientRect().height}px`)).observe(toolbar);

  const folds = /** @type {HTMLDetailsElement[]} */ ([...document.querySelectorAll('details.fold')]);
  const fold = () => {
    for (const details of folds) details.open = !NARROW.matches;
  };
  fold();
  NARROW.addEventListener('change', fold);
}
