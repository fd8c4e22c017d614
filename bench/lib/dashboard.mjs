// The dashboard at the account's limit: scripts/demo.mjs against the mock
// seeded with 1,000 files, the page in headless Chromium (1280x800), each
// action a person takes timed by the main-thread work it causes, and a scroll
// through the table timed by the gaps between its frames.
//
// Main-thread time: the Chrome DevTools Protocol's Performance.getMetrics
// `TaskDuration` (the sum of every task the renderer's main thread ran: script,
// style, layout, paint), in the thread's CPU time (timeDomain 'threadTicks':
// a busy machine stretches wall time, not this), read before the input and
// after the page has drawn the result. The input goes in through CDP `Input.*` at coordinates read
// beforehand, so none of Playwright's own checks run inside the window. The
// window closes once the page shows the action's effect and two more frames
// have run; the same wait with no action is measured too ("idle"), so what a
// wait itself costs can be told apart. Long-task observers would miss every
// task under 50 ms, and a trace costs more to take than the work it measures.
//
// Scroll: CDP `Input.synthesizeScrollGesture` (mouse wheel, a steady speed)
// down the table and back; the page records every requestAnimationFrame
// timestamp meanwhile, and a gap is the time between two frames (16.7 ms at
// 60 Hz when nothing blocks).
//
// The figures are a report: nothing here fails on a time.
import { launchChromium } from '../../tests/support/chromium.mjs';
import { mockControl, startDemo } from '../../tests/support/demo-server.mjs';
import { quantile, summary } from './stats.mjs';

export const GOALS = { actionMs: 100, scrollP95Ms: 50 };

// Selectors the page has kept across its rewrites, so that the same bench
// measures the dashboard before and after a change.
const ROW = '#files [data-id]:is(tr, [role=row])';
const SEL = {
  sort: '#files [data-sort="filename"] button',
  checkbox: `${ROW} input[type=checkbox]`,
  name: `${ROW} .name-button`,
  selectAll: '#select-all',
  search: '#search',
  panel: '#panel',
};

const twoFrames = () =>
  new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0))));

/**
 * @param {object} o
 * @param {number} o.files  how many files the mock holds
 * @param {number} o.runs   timed repetitions of each action (after one untimed)
 * @param {number} o.scrollPx  how far the scroll goes down (and back up)
 */
export async function dashboardBench({ files = 1000, runs = 5, scrollPx = 12_000 } = {}) {
  const demo = await startDemo({ MOCK_PROCESSING_MS: '0' });
  let browser;
  try {
    await mockControl(demo.mockOrigin, 'reset', { seed: files });
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US', timezoneId: 'UTC' });
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const cdp = await page.context().newCDPSession(page);
    // Thread time: what the main thread itself spent, not the time other processes took from it.
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });

    const loadStarted = performance.now();
    await page.goto(demo.url);
    await page.waitForFunction((sel) => document.querySelectorAll(sel).length > 0, ROW, { timeout: 60_000 });
    await page.evaluate(twoFrames);
    const loadMs = performance.now() - loadStarted;
    const domNodes = await page.evaluate(() => document.getElementsByTagName('*').length);
    const pageHeight = await page.evaluate(() => document.documentElement.scrollHeight);

    const taskSeconds = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const get = (name) => metrics.find((m) => m.name === name)?.value ?? 0;
      return { task: get('TaskDuration'), script: get('ScriptDuration'), layout: get('LayoutDuration'), style: get('RecalcStyleDuration') };
    };

    /** One timed action: `act()` sends the input, `done` (a page function) says its effect shows. */
    async function timed(act, done, arg) {
      await page.evaluate(twoFrames);
      const before = await taskSeconds();
      const started = performance.now();
      await act();
      if (done) await page.waitForFunction(done, arg, { polling: 'raf', timeout: 60_000 });
      await page.evaluate(twoFrames);
      const wallMs = performance.now() - started;
      const after = await taskSeconds();
      const ms = (key) => (after[key] - before[key]) * 1000;
      return { mainMs: ms('task'), scriptMs: ms('script'), layoutMs: ms('layout'), styleMs: ms('style'), wallMs };
    }

    async function centre(selector, nth = 0) {
      const target = page.locator(selector).nth(nth);
      await target.scrollIntoViewIfNeeded();
      const box = await target.boundingBox();
      if (!box) throw new Error(`dashboard bench: ${selector} is not on screen`);
      return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    }
    const click = ({ x, y }) => async () => {
      await cdp.send('Input.dispatchMouseEvent', { type: 'mousePressed', x, y, button: 'left', clickCount: 1 });
      await cdp.send('Input.dispatchMouseEvent', { type: 'mouseReleased', x, y, button: 'left', clickCount: 1 });
    };
    const key = (k) => async () => {
      await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: k, text: k, unmodifiedText: k });
      await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: k });
    };

    /** `runs` timed rounds of `round()` after an untimed one; `round` returns one `timed` result. */
    async function repeat(round) {
      await round();
      const samples = [];
      for (let i = 0; i < runs; i += 1) samples.push(await round());
      return samples;
    }

    const actions = {};
    await page.evaluate(() => window.scrollTo(0, 0));

    actions.idle = await repeat(() => timed(async () => {}));

    actions.sort = await repeat(async () => {
      const at = await centre(SEL.sort);
      const was = await page.locator('#files [data-sort="filename"]').getAttribute('aria-sort');
      const want = was === 'ascending' ? 'descending' : 'ascending';
      return timed(click(at), (w) => document.querySelector('#files [data-sort="filename"]').getAttribute('aria-sort') === w, want);
    });

    actions.tickOne = await repeat(async () => {
      const at = await centre(SEL.checkbox, 2);
      const was = await page.locator(SEL.checkbox).nth(2).isChecked();
      return timed(
        click(at),
        ([sel, w]) => document.querySelectorAll(sel)[2]?.checked === !w && document.querySelector('#selected-count').textContent === (w ? '' : '1'),
        [SEL.checkbox, was],
      );
    });

    actions.selectAll = await repeat(async () => {
      const at = await centre(SEL.selectAll);
      const was = await page.locator(SEL.selectAll).isChecked();
      return timed(click(at), (w) => document.querySelector('#select-all').checked === !w, was);
    });
    // Leave nothing selected for what follows.
    if (await page.locator(SEL.selectAll).isChecked()) await page.locator(SEL.selectAll).uncheck();

    actions.searchKeystroke = await repeat(async () => {
      await page.locator(SEL.search).fill('');
      await page.waitForFunction((n) => document.querySelector('#result-count').textContent.startsWith(n), files.toLocaleString('en-US'));
      await page.locator(SEL.search).focus();
      return timed(key('7'), () => / of /.test(document.querySelector('#result-count').textContent));
    });
    await page.locator(SEL.search).fill('');
    await page.waitForFunction((n) => document.querySelector('#result-count').textContent.startsWith(n), files.toLocaleString('en-US'));

    actions.openDetails = await repeat(async () => {
      await page.evaluate(() => window.scrollTo(0, 0));
      const at = await centre(SEL.name, 1);
      const name = await page.locator(SEL.name).nth(1).textContent();
      const sample = await timed(
        click(at),
        (n) => {
          const panel = document.querySelector('#panel');
          return panel.open && panel.querySelector('#panel-title').textContent === n && panel.querySelector('pre.extracted, .note, .error');
        },
        name,
      );
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => !document.querySelector('#panel').open);
      return sample;
    });

    const scroll = await scrollFrames(page, cdp, { distance: scrollPx, taskSeconds });

    return {
      files,
      runs,
      chromium: browser.version(),
      loadMs,
      domNodes,
      pageHeight,
      actions: Object.fromEntries(Object.entries(actions).map(([name, samples]) => [name, summarizeAction(samples)])),
      scroll,
      pageErrors: errors,
    };
  } finally {
    await browser?.close();
    await demo.stop();
  }
}

function summarizeAction(samples) {
  const pick = (key) => summary(samples.map((s) => s[key]));
  return {
    mainMs: { ...pick('mainMs'), max: Math.max(...samples.map((s) => s.mainMs)) },
    scriptMs: pick('scriptMs'),
    layoutMs: pick('layoutMs'),
    styleMs: pick('styleMs'),
    wallMs: pick('wallMs'),
  };
}

/** Scrolls the page down `distance` px from the table's top and back up, recording frames. */
async function scrollFrames(page, cdp, { distance, taskSeconds }) {
  await page.evaluate(() => {
    const table = document.querySelector('#files');
    window.scrollTo(0, table.getBoundingClientRect().top + window.scrollY - 100);
  });
  await page.evaluate(twoFrames);
  await page.evaluate(() => {
    window.__frames = [];
    const tick = (t) => {
      window.__frames.push(t);
      if (window.__frames.recording !== false) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const before = await taskSeconds();
  const started = performance.now();
  const from = { x: 640, y: 500, gestureSourceType: 'mouse', speed: 3000, preventFling: true };
  await cdp.send('Input.synthesizeScrollGesture', { ...from, yDistance: -distance });
  const bottom = await page.evaluate(() => window.scrollY);
  await cdp.send('Input.synthesizeScrollGesture', { ...from, yDistance: distance });
  const wallMs = performance.now() - started;
  const after = await taskSeconds();
  const frames = await page.evaluate(() => {
    window.__frames.recording = false;
    return [...window.__frames];
  });
  const gaps = frames.slice(1).map((t, i) => t - frames[i]);
  return {
    distance,
    scrolledTo: bottom,
    wallMs,
    mainMs: (after.task - before.task) * 1000,
    scriptMs: (after.script - before.script) * 1000,
    styleMs: (after.style - before.style) * 1000,
    layoutMs: (after.layout - before.layout) * 1000,
    frames: frames.length,
    gapMs: {
      median: quantile(gaps, 0.5),
      p95: quantile(gaps, 0.95),
      max: Math.max(...gaps),
      over50: gaps.filter((g) => g > 50).length,
    },
  };
}

const LABELS = {
  sort: 'sort by name',
  tickOne: 'tick one checkbox',
  searchKeystroke: 'search, first keystroke',
  selectAll: 'select all',
  openDetails: 'open the details panel',
};

/** The report's rows: {figure, measured, goal, met} (met undefined: no goal). */
export function dashboardFigures(d) {
  const f = (x) => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : 'n/a');
  const rows = [];
  rows.push({ figure: `page load to first rows (${d.domNodes.toLocaleString('en-US')} elements, ${d.pageHeight.toLocaleString('en-US')} px tall)`, measured: f(d.loadMs) });
  rows.push({ figure: 'idle: the wait alone, no action', measured: `${f(d.actions.idle.mainMs.median)} main thread` });
  for (const [name, label] of Object.entries(LABELS)) {
    const a = d.actions[name];
    rows.push({
      figure: label,
      measured: `${f(a.mainMs.median)} main thread (max ${f(a.mainMs.max)}; script ${f(a.scriptMs.median)}, style ${f(a.styleMs.median)}, layout ${f(a.layoutMs.median)}); wall ${f(a.wallMs.median)}`,
      goal: `<= ${GOALS.actionMs} ms`,
      met: a.mainMs.max <= GOALS.actionMs,
    });
  }
  const s = d.scroll;
  rows.push({
    figure: `scroll ${s.distance.toLocaleString('en-US')} px down and back at 3,000 px/s: frame gaps`,
    measured: `p95 ${f(s.gapMs.p95)} (median ${f(s.gapMs.median)}, max ${f(s.gapMs.max)}, ${s.gapMs.over50} of ${s.frames - 1} over 50 ms); main thread ${f(s.mainMs)} in ${f(s.wallMs)} (script ${f(s.scriptMs)}, style ${f(s.styleMs)}, layout ${f(s.layoutMs)})`,
    goal: `p95 <= ${GOALS.scrollP95Ms} ms`,
    met: s.gapMs.p95 <= GOALS.scrollP95Ms,
  });
  return rows;
}
