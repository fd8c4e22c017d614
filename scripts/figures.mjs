// The measured figures the docs quote, and the rule that keeps them true.
//
// A figure in the present tense comes from the last full bench run,
// bench/results/latest.json. In Markdown it is followed by a marker naming
// it, invisible once rendered: `77.7 KB<!--fig:size.default-->`. A sentence
// that states a verdict of that run ("the 25 KB goal is missed") carries
// `<!--holds:NAME-->`, a claim checked against the same file; `figures()`
// and `claims()` below hold every name. Past measurements are dated records: a
// section whose heading begins with its date (`### 2026-12-01: ...`, naming
// the commit its figures came from) or a released version's changelog
// section; they stay true of their day, so nothing rewrites them, and a new
// measurement is a new record. Any other number that looks measured (KB,
// MiB, ms, x, %) in a README, docs/ or a source comment must be a documented
// constant, listed in CONSTANTS with why; in a code span or a code block it
// is code or an example, not a claim. Source comments quote no measured
// figure: they point to docs/DESIGN.md.
//
//   node scripts/figures.mjs           checks; lists each problem and exits 1 if any
//   node scripts/figures.mjs --write   rewrites every marked figure from latest.json
//                                      (`make figures`; `make bench` runs it), then checks
//
// tests/release/figures.test.mjs runs the check in `make test`.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');

/** Reads what the figures come from: the last full run, and the size goal the budget file keeps. */
export function readSources(root = ROOT) {
  return {
    latest: JSON.parse(readFileSync(join(root, 'bench/results/latest.json'), 'utf8')),
    budget: JSON.parse(readFileSync(join(root, 'tests/release/size-budget.json'), 'utf8')),
  };
}

// Numbers written as the bench's table writes them (bench/lib/report.mjs, bench/lib/dashboard.mjs).
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
const ms = (x) => (x < 10 ? `${x.toFixed(2)} ms` : x < 1000 ? `${x.toFixed(1)} ms` : `${Math.round(x).toLocaleString('en-US')} ms`);
/** The dashboard's milliseconds, as bench/lib/dashboard.mjs writes them. */
const ms1 = (x) => `${x.toFixed(1)} ms`;
const times = (r) => `${r.toFixed(2)}x`;
/** A ratio beside its goal: a third decimal where two would hide which side it falls on. */
const timesNear = (r, goal) => (goal && Math.abs(r - goal) < 0.005 ? `${r.toFixed(3)}x` : times(r));
const int = (n) => Math.round(n).toLocaleString('en-US');

/** The bench's own verdict row for a figure (latest.json `goals`), by its section's start and its name. */
function goalRow(latest, section, figure) {
  const row = latest.goals.find((r) => r.section.startsWith(section) && r.figure === figure);
  if (!row) throw new Error(`latest.json's goals have no row "${figure}" under "${section}..."`);
  return row;
}

const ENVS = { node: 'files.list() in Node', chromium: 'files.list() in Chromium' };

/** Each list size of both environments, with the bench's verdict on ours: { env, size, verdict, goal }. */
function listRuns(latest) {
  return Object.entries(ENVS).flatMap(([env, section]) =>
    latest.list[env].sizes.map((size) => {
      const row = goalRow(latest, section, `${int(size.count)} files, ${size.form}: ours files.list()`);
      const goal = /<= ([\d.]+)x/.exec(row.goal);
      return { env, size, verdict: row.verdict, goal: goal ? Number(goal[1]) : undefined };
    }),
  );
}

/** The one twiggy item whose name matches `pattern`, largest first. */
function twiggy(latest, pattern) {
  const item = latest.twiggy.find((row) => pattern.test(row.item));
  if (!item) throw new Error(`latest.json's twiggy has no item matching ${pattern}`);
  return kb(item.bytes);
}

/** Every named figure: name -> () => its text, as the docs print it. Lazy: a figure that cannot be read is a problem of its marker. */
export function figures({ latest, budget }) {
  const { size, coldStart: cold, upload, dashboard } = latest;
  const table = {
    'run.date': () => latest.meta.date.slice(0, 10),
    'run.loadStart': () => latest.meta.load.atStart.toFixed(1),
    'run.loadEnd': () => latest.meta.load.atEnd.toFixed(1),
    'list.ours.min': () => times(Math.min(...listRuns(latest).map((run) => run.size.ratio.ours))),
    'list.ours.max': () => times(Math.max(...listRuns(latest).map((run) => run.size.ratio.ours))),
    'list.missed': () => String(listRuns(latest).filter((run) => run.verdict === 'MISSED').length),
    'list.body.1000': () => kb(latest.list.node.sizes.find((s) => s.count === 1000).bodyBytes),
    'size.default': () => kb(size.ours.total.gzip),
    'size.slim': () => kb(size.oursSlim.total.gzip),
    'size.slimJs': () => kb(size.oursSlim.js.gzip),
    'size.wasm': () => kb(size.oursSlim.wasm.gzip),
    'size.openai': () => kb(size.openai.total.gzip),
    // What inlining the wasm costs: the default entry less the slim entry with its .wasm beside it.
    'size.inlining': () => kb(size.ours.total.gzip - size.oursSlim.total.gzip),
    // What it saves, when the inlined copy (coded by LZMA) is the smaller.
    'size.inliningSaves': () => kb(size.oursSlim.total.gzip - size.ours.total.gzip),
    'size.overOpenai': () => kb(size.ours.total.gzip - size.openai.total.gzip),
    'size.underOpenai': () => kb(size.openai.total.gzip - size.ours.total.gzip),
    'size.overGoal': () => kb(size.ours.total.gzip - budget.goal.defaultEntryGzip),
    'cold.ours': () => ms(cold.ours.answeredAt.median),
    'cold.openai': () => ms(cold.openai.answeredAt.median),
    'cold.fetch': () => ms(cold.floor.answeredAt.median),
    'cold.vsOpenai': () => times(cold.ours.answeredAt.median / cold.openai.answeredAt.median),
    'upload.fetch': () => ms(upload.fetch.median),
    'upload.ours': () => ms(upload.ours.median),
    'upload.ours.ratio': () => times(upload.ours.ratio),
    'upload.progress': () => ms(upload.progress.median),
    'upload.progress.ratio': () => times(upload.progress.ratio),
    'upload.progress.reports': () => String(Math.round(upload.progress.reports)),
    'upload.ensure': () => ms(upload.ensure.median),
    'upload.ensure.ratio': () => times(upload.ensure.vsCreate),
    // The dashboard's actions (not `idle`, the wait alone): the fastest and slowest median, the slowest single run.
    'dashboard.fastest': () => ms1(Math.min(...dashboardActions(dashboard).map((a) => a.mainMs.median))),
    'dashboard.slowest': () => ms1(Math.max(...dashboardActions(dashboard).map((a) => a.mainMs.median))),
    'dashboard.worstRun': () => ms1(Math.max(...dashboardActions(dashboard).map((a) => a.mainMs.max))),
    'dashboard.scrollP95': () => ms1(dashboard.scroll.gapMs.p95),
    'twiggy.callPath': () => twiggy(latest, /::calls::Calls<.*>>::send::\{closure/),
    'twiggy.rodata': () => twiggy(latest, /^data segment "\.rodata(\.\d+)?"$/),
    'twiggy.constructor': () => twiggy(latest, /^moonshot_new multivalue shim$/),
    'twiggy.fetchSend': () => twiggy(latest, /::transport::fetch::send::\{closure/),
    'twiggy.extract': () => twiggy(latest, /JsFiles>::extract::\{closure/),
    'twiggy.optionsKnown': () => twiggy(latest, /^moonshot_files::js::options::known$/),
  };
  for (const { env, size, verdict, goal } of listRuns(latest)) {
    const name = `list.${env}.${size.count}.${size.form}`;
    // The table's cell: ours' ratio to the floor, and the verdict when it misses its goal.
    table[name] = () => `${timesNear(size.ratio.ours, goal)}${verdict === 'MISSED' ? ' **missed**' : ''}`;
    table[`${name}.openai`] = () => times(size.ratio.openai);
    table[`${name}.ms`] = () => ms(size.ours.median);
    table[`${name}.floor`] = () => ms(size.floor.median);
  }
  for (const count of [10, 1000, 100000]) {
    table[`list.runs.${count}`] = () => String(latest.list.node.sizes.find((s) => s.count === count).runs);
  }
  return table;
}

const dashboardActions = (dashboard) => Object.entries(dashboard.actions).filter(([name]) => name !== 'idle').map(([, a]) => a);

/** Every named claim: name -> () => whether latest.json bears it out. */
export function claims({ latest, budget }) {
  const verdicts = (section) => latest.goals.filter((r) => r.section.startsWith(section) && r.verdict).map((r) => r.verdict);
  const list = (count) => listRuns(latest).filter((run) => run.size.count === count);
  return {
    'size.browserGoal.missed': () => goalRow(latest, 'Size:', 'ours: one bundle, wasm inlined (the default entry)').verdict === 'MISSED',
    'size.defaultGoal.missed': () => latest.size.ours.total.gzip > budget.goal.defaultEntryGzip,
    'size.openaiLarger': () => latest.size.openai.total.gzip > latest.size.ours.total.gzip,
    'size.openaiSmaller': () => latest.size.openai.total.gzip < latest.size.ours.total.gzip,
    'size.inlinedSmaller': () => latest.size.ours.total.gzip < latest.size.oursSlim.total.gzip,
    'upload.ensure.missed': () => goalRow(latest, 'Upload:', 'ours: files.ensure() of bytes not seen before (hashed as they upload)').verdict === 'MISSED',
    'upload.ensure.met': () => goalRow(latest, 'Upload:', 'ours: files.ensure() of bytes not seen before (hashed as they upload)').verdict === 'MET',
    'list.100000.met': () => list(100000).every((run) => run.verdict === 'MET'),
    'list.100000.missedSome': () => list(100000).some((run) => run.verdict === 'MISSED'),
    'list.1000.missedSome': () => list(1000).some((run) => run.verdict === 'MISSED'),
    'list.1000.met': () => list(1000).every((run) => run.verdict === 'MET'),
    'cold.fasterThanOpenai': () => latest.coldStart.ours.answeredAt.median < latest.coldStart.openai.answeredAt.median,
    'upload.noSlower': () => latest.upload.ours.median <= latest.upload.fetch.median,
    'upload.goals.met': () => verdicts('Upload:').every((v) => v === 'MET'),
    'dashboard.goals.met': () => verdicts('Dashboard:').every((v) => v === 'MET'),
    'dashboard.goals.missedSome': () => verdicts('Dashboard:').some((v) => v === 'MISSED'),
  };
}

/**
 * Numbers that look measured but are documented facts or chosen settings,
 * each with why it may stand unmarked. A measurement never belongs here:
 * mark it, or date it in a record.
 */
export const CONSTANTS = new Map([
  ['100 MiB', "the largest file the service takes (src/facts.rs), and the bench's upload"],
  ['100 MB', 'the largest file, as the API reference writes it'],
  ['10 GiB', "an account's bytes in all (src/facts.rs)"],
  ['10 GB', "an account's bytes in all, as the API reference writes it"],
  ['64 MiB', 'the largest answer the client reads (MAX_ANSWER_BYTES)'],
  ['1 MiB', "an upload slice's most (transport::fetch), the mock's stored text"],
  ['64 KiB', "an upload slice's least (transport::fetch), the CLI's text check"],
  ['16 KiB', "the bench server's chunk"],
  ['1 KiB', "the bench's first, untimed upload"],
  ['300 KiB', "the consumer matrix's upload.bin"],
  ['1.10x', "the goal for files.list() (bench/lib/report.mjs GOALS)"],
  ['1.3x', "the goal for files.ensure() against files.create()'s time (bench/lib/report.mjs GOALS)"],
  ['4 KB', 'the weight goal of the request log, the references, room and ensure together'],
  ['25 KB', 'the goal for what a browser downloads (bench/lib/report.mjs GOALS)'],
  ['54 KB', "the default entry's goal (tests/release/size-budget.json)"],
  ['3 KB', 'the gzipped wasm serde-wasm-bindgen for the JS face\'s results was allowed'],
  ['+64 MiB', "the memory test's bound on the process's growth (tests/js/memory.test.mjs)"],
  ['1 MB', "the upload memory test's bound on the wasm memory's growth (tests/js/upload-memory.test.mjs)"],
  ['100 ms', "the dashboard's goal for an action (bench/lib/dashboard.mjs GOALS)"],
  ['50 ms', "the dashboard's goal for a frame gap at p95, and a long task's threshold"],
  ['0.1 ms', "Chromium's performance.now() step"],
  ['16.7 ms', 'one frame at 60 Hz'],
  ['250 ms', 'the most jitter added to a rate-limit wait'],
  ['200 ms', 'the shortest span an upload rate is given for (www/src/upload-queue.js)'],
  ['1 ms', "a timer's unit: the shortest timeout"],
  ['0%', "a progress's start"],
  ['100%', "a progress's end"],
  ['106 B', "the mock's smallest sample file"],
  ['48 MB', "the mock's largest sample file"],
]);

// A number with a unit that makes it look measured: bytes, milliseconds, a ratio, a percentage.
const NUMBER = String.raw`[-+]?\d[\d,]*(?:\.\d+)?`;
const UNIT = String.raw`(?:[ \n]?(?:KB|kB|KiB|MB|MiB|GB|GiB|ms|B)\b|x\b|%(?![\w]))`;
const FIGURE = new RegExp(String.raw`(?<![\w.])${NUMBER}${UNIT}`, 'g');
// What a marker reads as its figure: a date, or a number with or without its unit, ending where the marker starts.
const FIGURE_BEFORE = new RegExp(String.raw`(?<![\w.])(?:\d{4}-\d{2}-\d{2}|${NUMBER}${UNIT}?)(?: \*\*missed\*\*)?$`);
const MARKER = /<!--(fig|holds):([\w./-]+)-->/g;
const RECORD_HEADING = /^(#{1,6})[ \t]+(\d{4}-\d{2}-\d{2}\b|\[\d+\.\d+\.\d+\])/;
const COMMIT = /\b[0-9a-f]{7,40}\b/;

const blank = (text) => text.replace(/[^\n]/g, ' ');
const lineOf = (text, index) => text.slice(0, index).split('\n').length;
const same = (a, b) => a.replace(/\s+/g, ' ') === b.replace(/\s+/g, ' ');

/** The Markdown's text with what is no claim blanked out (code blocks, code spans, comments but markers), lengths kept. */
function maskMarkdown(text) {
  let fence = null;
  const lines = text.split('\n').map((line) => {
    const open = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (open && open[1][0] === fence[0] && open[1].length >= fence.length) fence = null;
      return blank(line);
    }
    if (open) {
      fence = open[1];
      return blank(line);
    }
    return line;
  });
  return lines
    .join('\n')
    .replace(/<!--[\s\S]*?-->/g, (comment) => (/^<!--(fig|holds):[\w./-]+-->$/.test(comment) ? comment : blank(comment)))
    .replace(/(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, blank);
}

/** The dated records of masked Markdown: [start, end) ranges, each with its heading's line. */
function records(masked) {
  const headings = [...masked.matchAll(/^(#{1,6})[ \t]+.*$/gm)].map((m) => ({ index: m.index, level: m[1].length, text: m[0] }));
  return headings.flatMap((heading, i) => {
    if (!RECORD_HEADING.test(heading.text)) return [];
    const next = headings.slice(i + 1).find((h) => h.level <= heading.level);
    return [{ start: heading.index, end: next ? next.index : masked.length, heading: heading.text, dated: /^#+[ \t]+\d{4}/.test(heading.text) }];
  });
}

/**
 * The problems of one Markdown file: markers that disagree with latest.json
 * or name nothing, claims it no longer bears out, unmarked figures, markers
 * inside a record, records without their source. Each: { line, message }.
 */
export function checkMarkdown(text, { figures: table, claims: claimed }, used = new Set()) {
  const masked = maskMarkdown(text);
  const spans = records(masked);
  const inRecord = (index) => spans.some((r) => index >= r.start && index < r.end);
  const problems = [];
  const problem = (index, message) => problems.push({ line: lineOf(text, index), message });

  for (const record of spans) {
    if (record.dated && !COMMIT.test(text.slice(record.start, record.end))) {
      problem(record.start, `the dated record "${record.heading.trim()}" names no commit its figures came from`);
    }
  }
  for (const m of masked.matchAll(MARKER)) {
    const [marker, kind, name] = m;
    if (inRecord(m.index)) {
      problem(m.index, `${marker} is inside a dated record: a record keeps the figures of its day, unmarked`);
      continue;
    }
    if (kind === 'holds') {
      const claim = claimed[name];
      if (!claim) problem(m.index, `${marker} names no claim (claims() in scripts/figures.mjs)`);
      else if (!safely(claim)) problem(m.index, `${marker}: the sentence says what bench/results/latest.json no longer bears out; rewrite it`);
      continue;
    }
    const render = table[name];
    if (!render) {
      problem(m.index, `${marker} names no figure (figures() in scripts/figures.mjs)`);
      continue;
    }
    const written = FIGURE_BEFORE.exec(masked.slice(0, m.index))?.[0];
    let expected;
    try {
      expected = render();
    } catch (error) {
      problem(m.index, `${marker}: cannot be read from bench/results/latest.json: ${error.message}`);
      continue;
    }
    if (written === undefined) problem(m.index, `${marker} follows no figure (expected ${expected} right before it)`);
    else if (!same(written, expected)) problem(m.index, `${marker} says ${written}, bench/results/latest.json gives ${expected} (make figures)`);
  }
  for (const m of masked.matchAll(FIGURE)) {
    if (inRecord(m.index)) continue;
    const after = masked.slice(m.index + m[0].length);
    if (/^(?: \*\*missed\*\*)?<!--fig:/.test(after)) continue;
    const figure = m[0].replace(/\s+/g, ' ');
    if (CONSTANTS.has(figure)) {
      used.add(figure);
      continue;
    }
    problem(m.index, `${figure} looks measured: mark it (<!--fig:NAME-->), date it in a record, or list it in scripts/figures.mjs CONSTANTS with why`);
  }
  return problems;
}

const safely = (claim) => {
  try {
    return claim();
  } catch {
    return false;
  }
};

/** Every marked figure of one Markdown file written from latest.json; records and unknown names left as they are. */
export function writeMarkdown(text, { figures: table }) {
  const masked = maskMarkdown(text);
  const spans = records(masked);
  const edits = [];
  for (const m of masked.matchAll(MARKER)) {
    const [, kind, name] = m;
    if (kind !== 'fig' || !table[name] || spans.some((r) => m.index >= r.start && m.index < r.end)) continue;
    const written = FIGURE_BEFORE.exec(masked.slice(0, m.index));
    let expected;
    try {
      expected = table[name]();
    } catch {
      continue;
    }
    if (written && !same(written[0], expected)) edits.push({ start: m.index - written[0].length, end: m.index, text: expected });
  }
  let out = text;
  for (const edit of edits.reverse()) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return { text: out, changed: edits.length };
}

// Comments, by the way each kind of source writes them. A `//` must follow
// the line's start or a space or punctuation, so a URL's `://` is no comment;
// a `/*` likewise, so a string's `*/*` opens none.
const C_LIKE = { line: /(?<=^|[\s;,{}()[\]])\/\/.*$/gm, block: /(?<=^|\s)\/\*[\s\S]*?\*\//g };
const HASH = { line: /(?<=^|\s)#.*$/gm };
/** Each kind of source file, by its name, and how its comments are written. @type {[RegExp, { line: RegExp, block?: RegExp }][]} */
const COMMENTS = [
  [/\.(rs|js|mjs|cjs|ts)$/, C_LIKE],
  [/(^|\/)(Makefile|[\w.-]+\.(toml|sh|env))$/, HASH],
];

/** The comments of a source file, the rest blanked out, lengths kept; undefined for a kind of file not read. */
export function maskComments(path, text) {
  const syntax = COMMENTS.find(([pattern]) => pattern.test(path))?.[1];
  if (!syntax) return undefined;
  const keep = new Uint8Array(text.length);
  for (const pattern of [syntax.line, syntax.block].filter(Boolean)) {
    for (const m of text.matchAll(pattern)) keep.fill(1, m.index, m.index + m[0].length);
  }
  const kept = [...text].map((c, i) => (keep[i] || c === '\n' ? c : ' ')).join('');
  return kept.replace(/(`+)(?!`)[^\n]*?(?<!`)\1(?!`)/g, blank);
}

/** The problems of one source file's comments: figures that look measured and are no listed constant. */
export function checkComments(path, text, used = new Set()) {
  const masked = maskComments(path, text);
  if (masked === undefined) return [];
  return [...masked.matchAll(FIGURE)].flatMap((m) => {
    const figure = m[0].replace(/\s+/g, ' ');
    if (CONSTANTS.has(figure)) {
      used.add(figure);
      return [];
    }
    const message = `${figure} in a comment looks measured: point to docs/DESIGN.md instead (or list a constant in scripts/figures.mjs CONSTANTS with why)`;
    return [{ line: lineOf(text, m.index), message }];
  });
}

// What is read: every Markdown file but the built, installed and generated
// ones, and the comments of the sources (tests are left out: their numbers
// are the scenarios they set up, not measurements).
const SKIP_DIRS = new Set(['.git', '.ci', 'node_modules', 'target', 'build', 'pkg', 'dist', 'test-results', 'corpus', 'artifacts', 'coverage']);
const SOURCE_ROOTS = ['src', 'js', 'pkg-template', 'scripts', 'mock', 'bench', 'www/src', 'www/vite.config.js', 'examples', 'fuzz/fuzz_targets', 'fuzz/Cargo.toml', 'Makefile', 'Cargo.toml'];

function walk(root, dir, keep) {
  if (!statSync(join(root, dir)).isDirectory()) return keep(dir) ? [dir] : [];
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return SKIP_DIRS.has(entry.name) ? [] : walk(root, path, keep);
    return keep(path) ? [path] : [];
  });
}

const isSource = (path) => COMMENTS.some(([pattern]) => pattern.test(path));

/** The Markdown files and the sources whose comments are read, relative to `root`. */
export function scannedFiles(root = ROOT) {
  return {
    docs: walk(root, '', (path) => path.endsWith('.md')).sort(),
    sources: SOURCE_ROOTS.flatMap((start) => walk(root, start, isSource)).sort(),
  };
}

/** Every problem in the repository: [{ file, line, message }]; `used` gathers the constants met. */
export function checkRepo(root = ROOT, used = new Set()) {
  const sources = readSources(root);
  const named = { figures: figures(sources), claims: claims(sources) };
  const { docs, sources: code } = scannedFiles(root);
  const read = (file) => readFileSync(join(root, file), 'utf8');
  return [
    ...docs.flatMap((file) => checkMarkdown(read(file), named, used).map((p) => ({ file, ...p }))),
    ...code.flatMap((file) => checkComments(file, read(file), used).map((p) => ({ file, ...p }))),
  ];
}

/** Rewrites every marked figure in the repository's Markdown; gives the files changed. */
export function writeRepo(root = ROOT) {
  const named = { figures: figures(readSources(root)) };
  const changed = [];
  for (const file of scannedFiles(root).docs) {
    const path = join(root, file);
    const { text, changed: count } = writeMarkdown(readFileSync(path, 'utf8'), named);
    if (count > 0) {
      writeFileSync(path, text);
      changed.push(`${file} (${count})`);
    }
  }
  return changed;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv.includes('--write')) {
    const changed = writeRepo();
    console.log(changed.length ? `figures rewritten from bench/results/latest.json: ${changed.join(', ')}` : 'figures: every marked figure already agrees');
  }
  const problems = checkRepo();
  for (const p of problems) console.error(`${relative(process.cwd(), join(ROOT, p.file))}:${p.line}: ${p.message}`);
  if (problems.length) {
    console.error(`figures: ${problems.length} problem(s)`);
    process.exit(1);
  }
  console.log('figures: every figure agrees with bench/results/latest.json');
}
