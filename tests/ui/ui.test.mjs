// `npx moonshot-files ui` as a user runs it: pkg/ packed with `npm pack`, the
// tarball installed into a fresh project, the command run there with npx
// against the mock, the printed URL opened in headless Chromium. The page
// lists the files, uploads two with progress shown, reads one's text and
// deletes one; what arrived is checked in the mock's log by hash. The server
// refuses a foreign Origin, a foreign Host and a call without the token; the
// key is in no answer, header or page source; Ctrl-C ends it (130) and frees
// the port, SIGTERM too (0). Writes test-results/ui.png (docs/ui.png, the
// package README's picture, with UPDATE_SCREENSHOT=1).
//   node --test tests/ui/ui.test.mjs
// Needs a built pkg/ (make build) and Chromium at /usr/bin/chromium (or
// CHROMIUM): without it this fails, it never skips.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { networkInterfaces } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { startMockServer } from '../../mock/server.mjs';
import { send as request } from '../support/attacks.mjs';
import { MOCK_KEY, ROWS, SAMPLE_NAMES, chromiumOrFail, namesOf, rowNamed, waitForRows, waitForUpload, watchedPage } from '../support/dashboard-page.mjs';
import { listen, tempDir } from '../support/helpers.mjs';
import { tokenCookie } from '../support/token-link.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PKG = join(ROOT, 'pkg');
const MiB = 1024 * 1024;
// The printed URL: the address, the port, a token of 256 bits.
const URL_LINE = /^(http:\/\/([\d.]+|\[[\da-f:]+\]):(\d+))\/\?token=[\w-]{43}$/;
const execFileAsync = promisify(execFile);
const SCREENSHOT = fileURLToPath(new URL(process.env.UPDATE_SCREENSHOT ? '../../docs/ui.png' : '../../test-results/ui.png', import.meta.url));
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

let scratch;
let mock;
let browser;

// No MOONSHOT_* or npm_* of the developer's (a nested npm would take them as config).
function cleanEnv(extra = {}) {
  const env = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(npm_|MOONSHOT_|NODE_TEST_CONTEXT$)/i.test(name)) env[name] = value;
  }
  env.PATH = `${dirname(process.execPath)}:${env.PATH ?? ''}`;
  return { ...env, ...extra };
}

/**
 * Starts `command args` in the scratch project, in a process group of its own
 * (a terminal's Ctrl-C reaches the whole group), with the key and the mock's
 * URL. Resolves once it prints its URL: `{ child, url, origin, port, stderr(),
 * closed }`; `closed` settles once it and everything it started have exited
 * (their stdout and stderr are shut) to `{ code, signal }`.
 */
async function startUi(command, args, env = {}) {
  const child = spawn(command, args, {
    cwd: scratch.dir,
    env: cleanEnv({ MOONSHOT_API_KEY: MOCK_KEY, MOONSHOT_BASE_URL: mock.url, ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  const closed = new Promise((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal }));
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
  });
  // A hang fails the test instead of the run.
  const hung = setTimeout(() => child.kill('SIGKILL'), 60_000);
  // Both streams: the URL on stdout, and the line on stderr written before it (a warning may precede it).
  const line = await new Promise((resolve, reject) => {
    const check = () => {
      if (stdout.includes('\n') && stderr.includes('Ctrl-C stops.\n')) resolve(stdout.split('\n', 1)[0]);
    };
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      stdout += chunk;
      check();
    });
    child.stderr.on('data', check);
    closed.then(({ code, signal }) => reject(new Error(`${command} exited (${code ?? signal}) before printing a URL:\n${stdout}${stderr}`)));
  });
  clearTimeout(hung);
  const match = URL_LINE.exec(line);
  assert.ok(match, `the first line is the URL: ${line}`);
  /** Resolves once stderr holds `text`. */
  const stderrIncludes = (text) =>
    new Promise((resolve) => {
      const check = () => stderr.includes(text) && (child.stderr.off('data', check), resolve());
      child.stderr.on('data', check);
      check();
    });
  return { child, url: line, origin: match[1], host: match[2], port: Number(match[3]), stdout: () => stdout, stderr: () => stderr, stderrIncludes, closed };
}

/** Whether a server may listen on 127.0.0.1:`port`: nothing holds it. */
function portIsFree(port) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** Slows the page's uploads to `bytesPerSecond`: progress then has steps to show. */
async function slowUploads(page, bytesPerSecond) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: bytesPerSecond });
}

/** Every file under `dir`, relative to it. */
function filesUnder(dir) {
  return readdirSync(dir, { recursive: true })
    .filter((path) => statSync(join(dir, path)).isFile())
    .sort();
}

before(async () => {
  // The package under test must hold this tree's server and command: a stale pkg/ would test old code.
  for (const [source, built] of [
    ['pkg-template/ui-server', 'ui-server'],
    ['pkg-template/cli', 'cli'],
  ]) {
    for (const path of filesUnder(join(ROOT, source))) {
      assert.equal(readFileSync(join(PKG, built, path), 'utf8'), readFileSync(join(ROOT, source, path), 'utf8'), `pkg/${built}/${path} is stale: make build`);
    }
  }
  const install = async () => {
    scratch = tempDir('moonshot-files-ui-');
    const npm = (args) => execFileAsync('npm', args, { cwd: scratch.dir, env: cleanEnv(), timeout: 120_000 });
    const { stdout } = await npm(['pack', '--json', '--pack-destination', scratch.dir, PKG]);
    writeFileSync(join(scratch.dir, 'package.json'), '{ "name": "ui-user", "private": true }\n');
    // The package has no dependencies: nothing may be fetched.
    await npm(['install', '--offline', '--prefer-offline', '--no-audit', '--no-fund', join(scratch.dir, JSON.parse(stdout)[0].filename)]);
    mock = await startMockServer({ port: 0, apiKey: MOCK_KEY, seed: 'sample' });
  };
  // Both settle before either failure is thrown: a browser left launching would keep this process alive.
  const [launched, installed] = await Promise.allSettled([chromiumOrFail(), install()]);
  browser = launched.value;
  for (const outcome of [launched, installed]) if (outcome.status === 'rejected') throw outcome.reason;
});

after(async () => {
  await browser?.close();
  await mock?.close();
  scratch?.remove();
});

describe('npx moonshot-files ui', () => {
  let ui;
  let startedAt;
  let printedAt;
  // The session the page's link gave the browser (the link works once): the later tests' cookie.
  let session;

  before(async () => {
    startedAt = performance.now();
    ui = await startUi('npx', ['moonshot-files', 'ui', '--no-open', '--port', '0']);
    printedAt = performance.now();
  });

  after(async () => {
    // If a test failed before Ctrl-C: stop it all the same.
    if (ui && ui.child.exitCode === null && ui.child.signalCode === null) process.kill(-ui.child.pid, 'SIGTERM');
    await ui?.closed;
  });

  test('prints its URL on loopback with the token, and where the calls go, never the key', () => {
    assert.equal(ui.host, '127.0.0.1');
    assert.match(ui.stderr(), /^Serving the file dashboard for http:\/\/127\.0\.0\.1:\d+\/v1; the key stays in this process\. Ctrl-C stops\.\n/);
    assert.ok(!`${ui.stdout()}${ui.stderr()}`.includes(MOCK_KEY));
  });

  test('the page lists the files, uploads two with progress, reads one, deletes one; the key in nothing it gets', async (t) => {
    mock.reset();
    mock.clearRequests();
    const { page, seen, done } = await watchedPage(browser, { width: 1280, height: 900 });
    await page.goto(ui.url);
    await page.locator(ROWS).first().waitFor();
    const ms = (at) => Math.round(at - startedAt);
    t.diagnostic(`from starting npx: ${ms(printedAt)} ms to the printed URL, ${ms(performance.now())} ms to the first file listed`);
    await waitForRows(page, SAMPLE_NAMES.length);
    assert.deepEqual((await namesOf(page)).sort(), [...SAMPLE_NAMES].sort());
    // The token left the address bar for an HttpOnly, same-site-only cookie.
    assert.equal(page.url(), `${ui.origin}/`);
    const cookies = await page.context().cookies();
    assert.deepEqual(
      cookies.map(({ name, httpOnly, sameSite, path }) => ({ name, httpOnly, sameSite, path })),
      [{ name: `moonshot_files_ui_${ui.port}`, httpOnly: true, sameSite: 'Strict', path: '/' }],
    );
    assert.equal(await page.evaluate(() => document.cookie), '', 'the page cannot read it');
    session = `${cookies[0].name}=${cookies[0].value}`;
    assert.ok(!ui.url.includes(cookies[0].value), 'the cookie holds a session secret, not the token');
    // The client the page runs is the package's own entry, served by the ui server.
    assert.ok(seen.requests.some(({ url }) => url === `${ui.origin}/moonshot-files/index.js`), 'the page loaded the package entry');

    // Two files at once, on a slow link: each shows a percent on its way.
    const notes = Buffer.from('Notes from the ui test.\n'.repeat(24_000));
    const deck = Buffer.alloc(1.5 * MiB);
    for (let i = 0; i < deck.length; i += 997) deck[i] = i % 256;
    await slowUploads(page, 768 * 1024);
    await page.evaluate(() => {
      window.percents = {};
      new MutationObserver(() => {
        for (const item of document.querySelectorAll('.batch-item')) {
          const percent = / · (\d+)% · /.exec(item.querySelector('.batch-numbers')?.textContent ?? '')?.[1];
          const name = item.querySelector('.batch-name').textContent;
          if (percent !== undefined) (window.percents[name] ??= []).push(Number(percent));
        }
      }).observe(document.getElementById('batch'), { subtree: true, childList: true, characterData: true });
    });
    await page.selectOption('#upload-purpose', 'file-extract');
    await page.setInputFiles('#file-input', [
      { name: 'ui-notes.txt', mimeType: 'text/plain', buffer: notes },
      { name: 'ui-deck.pdf', mimeType: 'application/pdf', buffer: deck },
    ]);
    // The README's picture (docs/ui.png with UPDATE_SCREENSHOT=1): the files, an upload on its way.
    await page.waitForFunction(() =>
      [...document.querySelectorAll('.batch-item[data-state="uploading"] .batch-numbers')].some((n) => / · [1-9]\d?% · /.test(n.textContent)),
    );
    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    await page.mouse.move(0, 0);
    await page.screenshot({ path: SCREENSHOT, fullPage: true, animations: 'disabled' });
    await waitForUpload(page, 'done', { name: 'ui-notes.txt', timeout: 60_000 });
    await waitForUpload(page, 'done', { name: 'ui-deck.pdf', timeout: 60_000 });
    const percents = await page.evaluate(() => window.percents);
    for (const name of ['ui-notes.txt', 'ui-deck.pdf']) {
      assert.ok(percents[name]?.some((p) => p > 0 && p < 100), `${name} showed its progress: ${percents[name]}`);
    }
    assert.equal(await page.locator('#batch-status').textContent(), '2 files uploaded');
    const uploads = mock.requests().filter((entry) => entry.method === 'POST' && entry.path === '/v1/files');
    assert.deepEqual(
      uploads.map((entry) => entry.upload).sort((a, b) => a.filename.localeCompare(b.filename)),
      [
        { filename: 'ui-deck.pdf', purpose: 'file-extract', bytes: deck.length, sha256: sha256(deck) },
        { filename: 'ui-notes.txt', purpose: 'file-extract', bytes: notes.length, sha256: sha256(notes) },
      ],
    );
    await waitForRows(page, SAMPLE_NAMES.length + 2);

    // The text of one, as the service extracted it.
    const row = rowNamed(page, 'ui-notes.txt');
    await row.locator('button.name-button').click();
    const panel = page.locator('#panel');
    await panel.locator('pre.extracted').waitFor();
    assert.equal(await panel.locator('pre.extracted').textContent(), notes.toString());
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });

    // Delete the other, after the confirmation.
    const deckRow = rowNamed(page, 'ui-deck.pdf');
    const id = await deckRow.getAttribute('data-id');
    await deckRow.getByRole('button', { name: 'Delete ui-deck.pdf' }).click();
    await page.locator('#confirm').getByRole('button', { name: 'Delete', exact: true }).click();
    await deckRow.waitFor({ state: 'detached' });
    await waitForRows(page, SAMPLE_NAMES.length + 1);
    const deletes = mock.requests().filter((entry) => entry.method === 'DELETE');
    assert.deepEqual(deletes.map((entry) => [entry.path, entry.status]), [[`/v1/files/${id}`, 200]]);
    // Every call reached the mock with the key, which the page never sent.
    assert.ok(mock.requests().every((entry) => entry.headers.authorization === 'valid'));
    assert.deepEqual(seen.requests.filter(({ headers }) => 'authorization' in headers), []);

    assert.ok(!(await page.content()).includes(MOCK_KEY), 'the page source');
    // done() fails if the key was in any answer's headers or body, or the console had errors.
    await done();
  });

  test('the printed link works once: opened again without the session, a page says to use the open tab or restart', async () => {
    assert.ok(session, 'the page test opened the link');
    const { pathname, search } = new URL(ui.url);
    const again = await request(ui.origin, `${pathname}${search}`);
    assert.equal(again.status, 403);
    assert.match(again.body, /used already.*Use the tab it opened, or restart npx moonshot-files ui/);
    assert.equal((await request(ui.origin, '/v1/files', { headers: { cookie: `${session.split('=')[0]}=${new URL(ui.url).searchParams.get('token')}` } })).status, 403, 'the token is no cookie');
  });

  test('an uploaded HTML file, its content address opened, runs no script and reads nothing', async () => {
    assert.ok(session, 'the page test opened the link');
    const [name, value] = session.split(/=(.*)/s);
    const page = await browser.newPage();
    try {
      await page.context().addCookies([{ name, value, url: ui.origin, httpOnly: true, sameSite: 'Strict' }]);
      // The dashboard lists the files as it loads: that list is over before
      // any is counted (on a busy machine it could otherwise come late and
      // be taken for the file's).
      const listed = page.waitForResponse((response) => response.url() === `${ui.origin}/v1/files` && response.request().method() === 'GET');
      await page.goto(`${ui.origin}/`);
      await listed;
      const dialogs = [];
      page.on('dialog', (dialog) => (dialogs.push(dialog.message()), dialog.dismiss().catch(() => {})));
      // It would say it ran, list the files with the dashboard's cookie, and report them home.
      const html = "<!doctype html><script>alert('ran'); fetch('/v1/files').then((r) => r.text()).then((t) => alert('read ' + t.length));</script>";
      const id = await page.evaluate(async (text) => {
        const form = new FormData();
        form.append('file', new Blob([text], { type: 'text/html' }), 'evil.html');
        // Not file-extract: the service answers such a file's content with its bytes, as text/html.
        form.append('purpose', 'batch');
        return (await (await fetch('/v1/files', { method: 'POST', body: form })).json()).id;
      }, html);
      assert.match(id, /\S/);
      // Away from the dashboard: from here on, a list can only be the file's.
      await page.goto('about:blank');
      mock.clearRequests();
      const sent = [];
      page.on('request', (req) => sent.push(req.url()));
      const content = `${ui.origin}/v1/files/${id}/content`;
      const outcome = await page.goto(content).then(
        () => 'shown',
        (error) => error.message,
      );
      // (Its first alert comes as it loads: before goto settles.)
      assert.deepEqual(dialogs, [], 'no script of the file ran');
      assert.deepEqual(sent.filter((url) => url === `${ui.origin}/v1/files`), [], 'nothing listed the files from the file');
      assert.deepEqual(
        mock.requests().filter((entry) => entry.method === 'GET' && entry.path === '/v1/files'),
        [],
        'no list call reached the service',
      );
      // Saved, not shown: Chromium started a download, which ended the navigation. Had it been
      // shown, the sandboxing CSP would have kept its script from running (checked in ui-server.test.mjs).
      assert.match(outcome, /Download is starting|ERR_ABORTED/, 'the file was saved, not shown');
    } finally {
      await page.close();
    }
  });

  test('refuses a foreign Origin, a foreign Host and a call without the token: 403 in the API error shape', async () => {
    const cookie = session;
    mock.clearRequests();
    const cases = [
      ['a foreign Origin', { method: 'POST', headers: { cookie, origin: 'http://evil.example' } }],
      ['another site, by Sec-Fetch-Site', { headers: { cookie, 'sec-fetch-site': 'cross-site' } }],
      ['a foreign Host (DNS rebinding)', { headers: { cookie, host: `evil.example:${ui.port}` } }],
      ['localhost for 127.0.0.1', { headers: { cookie, host: `localhost:${ui.port}` } }],
      ['no token', { headers: {} }],
      ['a wrong token', { headers: { cookie: cookie.replace(/=.*/, '=x') } }],
    ];
    for (const [label, options] of cases) {
      const res = await request(ui.origin, '/v1/files', options);
      assert.equal(res.status, 403, label);
      assert.equal(JSON.parse(res.body).error.type, 'permission_denied_error', label);
    }
    assert.deepEqual(mock.requests(), [], 'none reached the service');
    // The same call with the token goes through.
    assert.equal((await request(ui.origin, '/v1/files', { headers: { cookie } })).status, 200);
  });

  test('serves no file or answer holding the key', async () => {
    const cookie = session;
    const page = await request(ui.origin, '/');
    const assets = [...page.body.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((m) => m[1]);
    assert.ok(assets.some((path) => path.endsWith('.js')), `the page names its script: ${assets}`);
    const paths = ['/', ...assets, '/moonshot-files/index.js', '/__moonshot/info', '/v1/files', '/v1/files/nothing'];
    for (const path of paths) {
      const res = await request(ui.origin, path, { headers: { cookie } });
      assert.ok([200, 404].includes(res.status), `${path}: ${res.status}`);
      assert.ok(!res.body.includes(MOCK_KEY) && !JSON.stringify(res.headers).includes(MOCK_KEY), path);
    }
    assert.deepEqual(JSON.parse((await request(ui.origin, '/__moonshot/info', { headers: { cookie } })).body), {
      upstream: mock.origin,
      command: 'npx moonshot-files ui',
    });
  });

  test('Ctrl-C ends it and frees the port', async () => {
    // As a terminal sends it: to npx and the command it runs.
    process.kill(-ui.child.pid, 'SIGINT');
    const { code, signal } = await ui.closed;
    // npm ends itself by the same signal; a shell reports either as 130.
    assert.ok(code === 130 || signal === 'SIGINT', `npx ended with ${code ?? signal}`);
    assert.equal(await portIsFree(ui.port), true);
  });
});

describe('the installed command, run directly', () => {
  const BIN = () => join(scratch.dir, 'node_modules/.bin/moonshot-files');

  test('Ctrl-C: exit 130, the port free; SIGTERM: exit 0, the port free', async () => {
    for (const [signal, status] of [
      ['SIGINT', 130],
      ['SIGTERM', 0],
    ]) {
      const ui = await startUi(BIN(), ['ui', '--no-open']);
      const cookie = await tokenCookie(ui.url);
      assert.equal((await request(ui.origin, '/v1/files', { headers: { cookie } })).status, 200);
      ui.child.kill(signal);
      assert.deepEqual(await ui.closed, { code: status, signal: null }, `${signal}: ${ui.stderr()}`);
      assert.equal(await portIsFree(ui.port), true, signal);
    }
  });

  test('a refused key: the page says so, and names the command that starts this server with another', async () => {
    const ui = await startUi(BIN(), ['ui', '--no-open'], { MOONSHOT_API_KEY: 'sk-a-wrong-key' });
    try {
      // The key this server holds is the wrong one: that is the one no answer may carry.
      const { page, done } = await watchedPage(browser, { key: 'sk-a-wrong-key' });
      await page.goto(ui.url);
      const error = page.locator('#state .error.key-refused');
      await error.waitFor();
      assert.match(
        await error.locator('.error-hint').textContent(),
        /^Set MOONSHOT_API_KEY to a valid key where this page’s server runs \(MOONSHOT_API_KEY=sk-… npx moonshot-files ui\), restart it/,
      );
      assert.ok(!(await page.content()).includes('sk-a-wrong-key'), 'the key is nowhere in the page');
      await done(/Failed to load resource/);
    } finally {
      ui.child.kill('SIGTERM');
      await ui.closed;
    }
  });

  test("opens the URL with the platform's opener (xdg-open here), the token in no process's arguments; an opener that fails is no error", async () => {
    // A stand-in xdg-open first on PATH: it hands its arguments, and the file it was given (its
    // mode and text), to this test, then exits with OPENER_STATUS.
    const bin = join(scratch.dir, 'opener');
    mkdirSync(bin, { recursive: true });
    writeFileSync(
      join(bin, 'xdg-open'),
      `#!${process.execPath}\nconst fs = require('node:fs');\nconst args = process.argv.slice(2);\nconst file = fs.existsSync(args[0]) ? { mode: fs.statSync(args[0]).mode & 0o777, text: fs.readFileSync(args[0], 'utf8') } : null;\nfetch(process.env.OPENER_REPORT, { method: 'POST', body: JSON.stringify({ args, file }) }).then(() => process.exit(Number(process.env.OPENER_STATUS)));\n`,
      { mode: 0o755 },
    );
    for (const status of [0, 3]) {
      let reported;
      const opened = new Promise((resolve) => (reported = resolve));
      const report = await listen((req, res) => {
        let body = '';
        req.setEncoding('utf8').on('data', (chunk) => (body += chunk));
        req.on('end', () => {
          res.end();
          reported(JSON.parse(body));
        });
      });
      const env = { PATH: `${bin}:${cleanEnv().PATH}`, OPENER_REPORT: report.origin, OPENER_STATUS: String(status) };
      const ui = await startUi(BIN(), ['ui'], env);
      try {
        const { args, file } = await opened;
        const token = new URL(ui.url).searchParams.get('token');
        assert.equal(args.length, 1, 'one argument');
        assert.ok(!args[0].includes(token), `the opener's argument holds no token: ${args[0]}`);
        assert.ok(file, `the opener got a file's path: ${args[0]}`);
        assert.equal(file.mode, 0o600, 'only this user can read it');
        assert.match(file.text, new RegExp(`http-equiv="refresh" content="0;url=${ui.url.replace(/[.?]/g, '\\$&')}"`), 'it sends the browser on to the URL');
        if (status !== 0) await ui.stderrIncludes('(no browser opened: open the URL above)\n');
        let cookie;
        if (status === 0) {
          // Opened as a browser opens it: the file sends it on to the dashboard, with the session.
          const page = await browser.newPage();
          try {
            await page.goto(pathToFileURL(args[0]).href);
            await page.waitForURL(`${ui.origin}/`);
            const [session] = await page.context().cookies(ui.origin);
            cookie = `${session.name}=${session.value}`;
          } finally {
            await page.close();
          }
        } else {
          // The printed URL works by hand, once.
          cookie = await tokenCookie(ui.url);
        }
        assert.equal(existsSync(args[0]), false, 'the file is removed once the link is used');
        assert.equal((await request(ui.origin, '/v1/files', { headers: { cookie } })).status, 200, 'and it serves on');
      } finally {
        ui.child.kill('SIGTERM');
        assert.deepEqual(await ui.closed, { code: 0, signal: null });
        await report.close();
      }
    }
  });

  test('stops when the process that started it is gone: a `sh -c` wrapper SIGTERMed, the port free within 2 s', async () => {
    // As npx and npm exec run it: under `sh -c`, which does not pass a signal on (`; true` keeps the
    // shell from becoming the command). Only the shell is signalled.
    const ui = await startUi('sh', ['-c', `"${BIN()}" ui --no-open; true`]);
    try {
      const cookie = await tokenCookie(ui.url);
      assert.equal((await request(ui.origin, '/v1/files', { headers: { cookie } })).status, 200);
      const signalled = performance.now();
      ui.child.kill('SIGTERM');
      let free = false;
      // Polled; the bound is the one this behaviour promises.
      while (!(free = await portIsFree(ui.port)) && performance.now() - signalled < 2000) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(free, true, `the port was still held ${Math.round(performance.now() - signalled)} ms after the shell went`);
      await ui.closed;
    } finally {
      // The shell's group: a server left behind is ended here, not left to run.
      try {
        process.kill(-ui.child.pid, 'SIGKILL');
      } catch {}
      await ui.closed;
    }
  });

  test('--port: that port; one in use is a usage error (exit 2)', async () => {
    const holder = createServer();
    await new Promise((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const taken = holder.address().port;
    await new Promise((resolve) => holder.close(resolve));
    const ui = await startUi(BIN(), ['ui', '--no-open', '--port', String(taken)]);
    try {
      assert.equal(ui.port, taken);
      const second = await run(BIN(), ['ui', '--no-open', '--port', String(taken)]);
      assert.equal(second.code, 2);
      assert.equal(second.stdout, '');
      assert.match(second.stderr.split('\n')[0], new RegExp(`^moonshot-files: port ${taken} is in use on 127\\.0\\.0\\.1`));
    } finally {
      ui.child.kill('SIGTERM');
      await ui.closed;
    }
  });

  test('without MOONSHOT_API_KEY, or with bad flags: one line, exit 2, nothing served', async () => {
    const cases = [
      [['ui', '--no-open'], { MOONSHOT_API_KEY: undefined }, /^moonshot-files: MOONSHOT_API_KEY is not set$/],
      [['ui', '--port', '70000'], {}, /^moonshot-files: --port must be a port number from 0 to 65535; got '70000'$/],
      [['ui', '--host', 'example.com'], {}, /^moonshot-files: --host must be an IP address/],
      ...['0.0.0.0', '::', '::0', '0::0', '0:0:0:0:0:0:0:0', '::ffff:0.0.0.0', '::FFFF:0:0'].map((host) => [
        ['ui', '--no-open', '--host', host],
        {},
        /^moonshot-files: --host must name one address, not every address .*--unsafe-public/,
      ]),
      [['ui', '--host', '198.51.100.7', '--no-open'], {}, /^moonshot-files: 198\.51\.100\.7 is not an address of this machine$/],
      [['ui', '--no-open', '--base-url', 'http://api.moonshot.cn/v1'], {}, /^moonshot-files: /],
    ];
    for (const [args, env, first] of cases) {
      const result = await run(BIN(), args, env);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.equal(result.stdout, '', args.join(' '));
      const lines = result.stderr.trimEnd().split('\n');
      assert.match(lines[0], first, args.join(' '));
      assert.match(lines[1], /^usage: moonshot-files ui \[--port N\] \[--host ADDRESS\] \[--no-open\] \(see moonshot-files ui --help\)$/, args.join(' '));
    }
  });

  test('--host: another loopback address quietly; a network address with a warning, and only its own Host', async () => {
    const network = Object.values(networkInterfaces())
      .flat()
      .find((i) => i.family === 'IPv4' && !i.internal)?.address;
    // (A machine with loopback only has no network address to try.)
    for (const [host, warned] of [['127.0.0.2', false], ...(network ? [[network, true]] : [])]) {
      const ui = await startUi(BIN(), ['ui', '--no-open', '--host', host]);
      try {
        assert.equal(ui.host, host);
        assert.equal(/^warning: .* may be reachable from other machines/m.test(ui.stderr()), warned, `${host}: ${ui.stderr()}`);
        const cookie = await tokenCookie(ui.url);
        assert.equal((await request(ui.origin, '/v1/files', { headers: { cookie } })).status, 200, host);
        assert.equal((await request(ui.origin, '/v1/files', { headers: { cookie, host: `127.0.0.1:${ui.port}` } })).status, 403, host);
        assert.equal(await portIsFree(ui.port), true, `${host}: 127.0.0.1 is not served`);
      } finally {
        ui.child.kill('SIGTERM');
        await ui.closed;
      }
    }
  });

  test('--unsafe-public: every address, if asked for by name, with the warning', async () => {
    const ui = await startUi(BIN(), ['ui', '--no-open', '--host', '0.0.0.0', '--unsafe-public']);
    try {
      assert.equal(ui.host, '0.0.0.0');
      assert.match(ui.stderr(), /^warning: 0\.0\.0\.0 may be reachable from other machines/m);
      assert.equal(await portIsFree(ui.port), false, '127.0.0.1 is served too');
    } finally {
      ui.child.kill('SIGTERM');
      await ui.closed;
    }
  });
});

/** Runs `command args` to its end in the scratch project; `{ code, stdout, stderr }`. */
async function run(command, args, env = {}) {
  const vars = cleanEnv({ MOONSHOT_API_KEY: MOCK_KEY, MOONSHOT_BASE_URL: mock.url, ...env });
  for (const [name, value] of Object.entries(vars)) if (value === undefined) delete vars[name];
  try {
    const { stdout, stderr } = await execFileAsync(command, args, { cwd: scratch.dir, env: vars, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    return { code: error.code, stdout: error.stdout, stderr: error.stderr };
  }
}
