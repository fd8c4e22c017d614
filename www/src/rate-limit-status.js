// The line under the header while the client waits for the service's rate
// limit: which limit, and when the next try goes ("retrying in 2 s") or how
// many requests are queued; empty once nothing waits. The line is a live
// region that stays in the page (one that appears with its text is not
// announced); its sentence is read when it appears or the limit changes, the
// countdown beside it is hidden from screen readers, or it would be read out
// every second.
import { el } from './dom.js';

const TICK_MS = 250;

/** Draws `watch` (rate-limit.js's createRateLimitWatch) into `line` (#rate-limit). */
export function showRateLimits(watch, line = /** @type {HTMLElement} */ (document.getElementById('rate-limit'))) {
  let ticking = 0;
  let shown = null; // { what, when } of the sentence drawn

  function draw() {
    const status = watch.status();
    if (!status) {
      clearInterval(ticking);
      ticking = 0;
      if (shown) line.replaceChildren();
      shown = null;
      return;
    }
    if (shown?.what.textContent !== status.what) {
      shown = {
        what: el('span', { className: 'rate-limit-what', text: status.what }),
        when: el('span', { className: 'rate-limit-when', 'aria-hidden': 'true' }),
      };
      line.replaceChildren(shown.what, shown.when);
    }
    const when = `: ${status.when}`;
    if (shown.when.textContent !== when) shown.when.textContent = when;
    // The countdown moves by itself; a change of the waits redraws at once.
    if (!ticking) ticking = setInterval(draw, TICK_MS);
  }

  watch.subscribe(draw);
  draw();
}
