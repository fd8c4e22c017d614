// Turns the measurements into figures, each beside its goal (GOALS below), and
// prints them as one table.
import { dashboardFigures, GOALS as DASHBOARD_GOALS } from './dashboard.mjs';
import { median, summary } from './stats.mjs';

export const GOALS = {
  listRatio: { 1000: 1.1, 100000: 1.1 }, // ours' median / the floor's median, Node and Chromium, every answer form
  gzipBytes: 25_000, // our wasm + glue, gzipped (KB = 1,000 bytes)
  uploadRatio: 0.95, // our throughput / bare fetch's
  memoryGrowth: 1_000_000, // wasm memory growth over the uploads (MB = 1,000,000 bytes)
  ensureRatio: 1.3, // files.ensure() of new bytes (hash, then upload) / files.create()'s time
};

const int = (n) => Math.round(n).toLocaleString('en-US');
export const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const bytes = (n) => (n < 1e6 ? kb(n) : `${(n / 1e6).toFixed(1)} MB`);
export function ms(x) {
  if (!Number.isFinite(x)) return 'n/a';
  return x < 10 ? `${x.toFixed(2)} ms` : x < 1000 ? `${x.toFixed(1)} ms` : `${int(x)} ms`;
}
const times = (r) => `${r.toFixed(2)}x`;
/** A ratio beside its limit: a third decimal where two would hide which side it falls on. */
const timesNear = (r, limit) => (limit && Math.abs(r - limit) < 0.005 ? `${r.toFixed(3)}x` : times(r));

/** Medians and ratios of one interleaved list run. */
export function summarizeList(run, bodyBytes) {
  const floor = summary(run.samples.floor);
  const openai = summary(run.samples.openai);
  const ours = summary(run.samples.ours);
  return {
    count: run.count,
    form: run.form,
    bodyBytes,
    runs: run.runs,
    stoppedEarly: run.stoppedEarly,
    floor,
    openai,
    ours,
    ratio: { openai: openai.median / floor.median, ours: ours.median / floor.median },
    // Less sensitive to drift: the median over iterations of each one's time / the floor's in the same iteration.
    pairedRatio: {
      openai: median(run.samples.openai.map((t, i) => t / run.samples.floor[i])),
      ours: median(run.samples.ours.map((t, i) => t / run.samples.floor[i])),
    },
    ...(run.wasmMemoryBytes !== undefined && { wasmMemoryBytes: run.wasmMemoryBytes }),
  };
}

const verdict = (met) => (met ? 'MET' : 'MISSED');

/** Every figure as {section, figure, measured, goal, verdict}. */
export function figures(results) {
  const rows = [];
  const row = (section, figure, measured, goal = '', met) =>
    rows.push({ section, figure, measured, goal, verdict: met === undefined ? '' : verdict(met) });

  for (const [env, name] of [['node', `Node ${results.meta.node}`], ['chromium', `Chromium ${results.meta.chromium}`]]) {
    const list = results.list?.[env];
    if (!list) continue;
    const runs = list.sizes.map((size) => `${size.runs}${size.stoppedEarly ? ' (budget hit)' : ''}`).join('/');
    const section = `files.list() in ${name}: medians of ${runs} interleaved runs; Nx = median / floor's median`;
    for (const size of list.sizes) {
      const files = `${int(size.count)} files, ${size.form ?? 'length'}`;
      row(section, `${files} (${bytes(size.bodyBytes)}): floor, fetch + res.json()`, ms(size.floor.median));
      row(section, `${files}: openai-node files.list()`, `${ms(size.openai.median)} = ${times(size.ratio.openai)}`);
      const limit = GOALS.listRatio[size.count];
      row(
        section,
        `${files}: ours files.list()`,
        `${ms(size.ours.median)} = ${timesNear(size.ratio.ours, limit)} (${times(size.ours.median / size.openai.median)} openai's)`,
        limit ? `<= ${times(limit)}` : '(none)',
        limit ? size.ratio.ours <= limit : undefined,
      );
      const before = results.previous?.list?.[env]?.[`${size.count}/${size.form ?? 'length'}`];
      if (before) row(section, `${files}: ours, the last full run`, `${times(before)} (${results.previous.date})`);
    }
  }

  const size = results.size;
  if (size) {
    const section = `Size: what a browser downloads for files.list(); ${size.settings}`;
    const both = (c) => `${kb(c.gzip)} gzip, ${kb(c.brotli)} brotli`;
    row(section, 'ours: one bundle, wasm inlined (the default entry)', `${both(size.ours.total)} (${kb(size.ours.total.raw)} raw)`, `<= ${kb(GOALS.gzipBytes)} gzip`, size.ours.total.gzip <= GOALS.gzipBytes);
    row(section, 'ours, moonshot-files/slim: JS bundle', `${both(size.oursSlim.js)} (${kb(size.oursSlim.js.raw)} raw)`);
    row(section, 'ours, moonshot-files/slim: moonshot_files_bg.wasm', `${both(size.oursSlim.wasm)} (${kb(size.oursSlim.wasm.raw)} raw)`);
    row(section, 'ours, moonshot-files/slim: wasm + glue', both(size.oursSlim.total));
    row(section, `openai-node ${results.meta.openai}: bundle`, `${both(size.openai.total)} (${kb(size.openai.total.raw)} raw)`);
    if (results.previous?.sizeGzip) {
      row(section, 'ours, the last full run: what a browser downloaded', `${kb(results.previous.sizeGzip)} gzip (${results.previous.date})`);
    }
    row(
      section,
      'ours vs openai-node, gzip',
      `${kb(size.ours.total.gzip)} vs ${kb(size.openai.total.gzip)} = ${times(size.ours.total.gzip / size.openai.total.gzip)}`,
      '< 1.00x',
      size.ours.total.gzip < size.openai.total.gzip,
    );
  }

  const cold = results.coldStart;
  if (cold) {
    const section =
      `Cold start: a fresh node imports the client and lists ${cold.count} files; ` +
      `ms since process start, medians of ${cold.runs} spawns each, interleaved`;
    const line = (c) =>
      `answer at ${ms(c.answeredAt.median)} (imported ${ms(c.importedAt.median)}; exited ${ms(c.wallMs.median)})`;
    row(section, 'bare fetch', line(cold.floor));
    row(section, 'openai-node', line(cold.openai));
    row(
      section,
      'ours',
      `${line(cold.ours)} = ${times(cold.ours.answeredAt.median / cold.openai.answeredAt.median)} openai's`,
      'answer <= openai-node',
      cold.ours.answeredAt.median <= cold.openai.answeredAt.median,
    );
    if (results.previous?.coldAnswerMs) {
      row(section, 'ours, the last full run', `answer at ${ms(results.previous.coldAnswerMs)} (${results.previous.date})`);
    }
  }

  const up = results.upload;
  if (up) {
    const section =
      `Upload: a ${int(up.fileBytes / 1024 / 1024)} MiB file (fs.openAsBlob) to the loopback sink; ` +
      `medians of ${up.runs} interleaved runs`;
    const spread = (t) => `, quartiles ${t.p25.toFixed(0)}-${t.p75.toFixed(0)} ms`;
    row(
      section,
      'bare fetch(FormData)',
      `${ms(up.fetch.median)} = ${up.fetch.mibPerSecond.toFixed(0)} MiB/s${spread(up.fetch)}`,
    );
    for (const [figure, t] of [
      ['ours: files.create()', up.ours],
      [`ours: files.create() with onUploadProgress (${Math.round(up.progress.reports)} reports)`, up.progress],
    ]) {
      row(
        section,
        figure,
        `${ms(t.median)} = ${t.mibPerSecond.toFixed(0)} MiB/s${spread(t)}; ${timesNear(t.ratio, GOALS.uploadRatio)} fetch's`,
        `>= ${times(GOALS.uploadRatio)} fetch's`,
        t.ratio >= GOALS.uploadRatio,
      );
    }
    if (up.ensure) {
      row(
        section,
        'ours: files.ensure() of bytes not seen before (hashed as they upload)',
        `${ms(up.ensure.median)}${spread(up.ensure)}; ${timesNear(up.ensure.vsCreate, GOALS.ensureRatio)} files.create()'s time`,
        `<= ${times(GOALS.ensureRatio)} create's`,
        up.ensure.vsCreate <= GOALS.ensureRatio,
      );
    }
    const m = up.memory;
    row(
      section,
      'ours: wasm memory growth',
      `${int(m.growth)} B (${int(m.atStart)} -> ${int(m.atEnd)}; ${int(m.afterWarmup - m.atStart)} of it at the first call)`,
      '< 1,000,000 B',
      Number.isFinite(m.growth) && m.growth < GOALS.memoryGrowth, // none measured: missed, never met
    );
  }

  const dash = results.dashboard;
  if (dash) {
    const section =
      `Dashboard: ${int(dash.files)} files from the mock, Chromium ${dash.chromium} at 1280x800; ` +
      `main-thread ms per action (CDP TaskDuration in thread time), medians of ${dash.runs} runs, goal on the max; ` +
      `goals ${DASHBOARD_GOALS.actionMs} ms an action, ${DASHBOARD_GOALS.scrollP95Ms} ms p95 frame gap`;
    for (const r of dashboardFigures(dash)) row(section, r.figure, r.measured, r.goal ?? '', r.met);
  }

  for (const error of results.errors ?? []) {
    rows.push({ section: 'Errors: not measured', figure: error.section, measured: error.message, goal: '', verdict: 'ERROR' });
  }
  return rows;
}

/** What a run's JSON says of the figures the next run prints beside its own. */
export function previousFigures(results) {
  const list = {};
  for (const env of ['node', 'chromium']) {
    list[env] = {};
    for (const size of results.list?.[env]?.sizes ?? []) list[env][`${size.count}/${size.form ?? 'length'}`] = size.ratio.ours;
  }
  return {
    date: results.meta?.date?.slice(0, 10),
    list,
    sizeGzip: results.size?.ours?.total?.gzip,
    twiggy: results.twiggy,
    coldAnswerMs: results.coldStart?.ours?.answeredAt?.median,
  };
}

/** The figures as a plain-text table, a header line per section. */
export function table(rows) {
  const cols = ['figure', 'measured', 'goal', 'verdict'];
  const width = Object.fromEntries(cols.map((c) => [c, Math.max(c.length, ...rows.map((r) => r[c].length))]));
  const line = (r) => cols.map((c) => r[c].padEnd(width[c])).join('  ').trimEnd();
  const out = [line(Object.fromEntries(cols.map((c) => [c, c.toUpperCase()])))];
  let section;
  for (const r of rows) {
    if (r.section !== section) {
      section = r.section;
      out.push('', `-- ${section}`);
    }
    out.push(line(r));
  }
  const count = (verdict) => rows.filter((r) => r.verdict === verdict).length;
  const errors = count('ERROR') ? `; ${count('ERROR')} section(s) not measured` : '';
  out.push('', `goals: ${count('MET')} met, ${count('MISSED')} missed, of ${count('MET') + count('MISSED')}${errors}`);
  return out.join('\n');
}
