// The CLI's pure parts as units: sizes, dates, durations, the progress bar
// and its report, flag values, the error line. The CLI end to end is in
// cli.test.mjs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  displayWidth,
  formatBar,
  formatBytes,
  formatDate,
  formatDuration,
  formatPercent,
  formatProgressLine,
  formatProgressText,
  formatSpeed,
  formatTable,
  printable,
  truncateToWidth,
} from '../../pkg-template/cli/format.js';
import { oneOf, readCount, readOlderThan, UsageError } from '../../pkg-template/cli/args.js';
import { describeError, exitStatusOf, redact } from '../../pkg-template/cli/errors.js';
import { createUploadProgress } from '../../pkg-template/cli/progress.js';
import { createTextCheck, writeBody } from '../../pkg-template/cli/output.js';
import { NotFoundError, InvalidArgumentError, ConnectionError } from '../../pkg/index.mjs';

describe('sizes', () => {
  test('binary units, one decimal below 100', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(106), '106 B');
    assert.equal(formatBytes(1023), '1023 B');
    assert.equal(formatBytes(1024), '1.0 KiB');
    assert.equal(formatBytes(12_877), '12.6 KiB');
    assert.equal(formatBytes(393_472), '384 KiB');
    assert.equal(formatBytes(104_857_600), '100 MiB');
    assert.equal(formatBytes(10_737_418_240), '10.0 GiB');
  });
  test('no size for what is not one', () => {
    for (const value of [NaN, -1, Infinity, '12']) assert.equal(formatBytes(value), '?');
  });
});

describe('dates', () => {
  test('Unix seconds as local YYYY-MM-DD HH:MM', () => {
    const seconds = 1_788_077_460;
    const date = new Date(seconds * 1000);
    const pad = (n) => String(n).padStart(2, '0');
    const expected = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
    assert.equal(formatDate(seconds), expected);
    assert.match(formatDate(0), /^19(69|70)-\d\d-\d\d \d\d:\d\d$/);
  });
  test('no date for what is not one', () => {
    for (const value of [NaN, 'x', 1e20]) assert.equal(formatDate(value), '?');
  });
});

describe('durations', () => {
  test('to the second, two units at most', () => {
    assert.equal(formatDuration(0), '0s');
    assert.equal(formatDuration(499), '0s');
    assert.equal(formatDuration(45_000), '45s');
    assert.equal(formatDuration(59_600), '1m00s');
    assert.equal(formatDuration(65_000), '1m05s');
    assert.equal(formatDuration(2 * 3_600_000 + 3 * 60_000 + 59_000), '2h03m');
    assert.equal(formatDuration(3 * 86_400_000 + 4 * 3_600_000), '3d04h');
    assert.equal(formatDuration(-1), '?');
    assert.equal(formatDuration(Infinity), '?');
  });
});

describe('the bar', () => {
  test('fills in proportion, clamped, always its width', () => {
    assert.equal(formatBar(0, 10), '[----------]');
    assert.equal(formatBar(0.52, 10), '[#####-----]');
    assert.equal(formatBar(1, 10), '[##########]');
    assert.equal(formatBar(1.5, 4), '[####]');
    assert.equal(formatBar(-1, 4), '[----]');
    assert.equal(formatBar(NaN, 4), '[----]');
  });
  test('percentages are floored: 100% means every byte', () => {
    assert.equal(formatPercent(999, 1000), '99%');
    assert.equal(formatPercent(1000, 1000), '100%');
    assert.equal(formatPercent(0, 0), '0%');
  });
  test('a frame holds the name, bar, share and sizes; speed and time left once the rate is known', () => {
    const early = formatProgressLine({ label: 'report.pdf', loaded: 10, total: 100, rate: 0, columns: 80 });
    assert.equal(early, `report.pdf [${'#'.repeat(3)}${'-'.repeat(27)}]   10%  10 B/100 B`);
    const later = formatProgressLine({ label: 'report.pdf', loaded: 50 * 2 ** 20, total: 100 * 2 ** 20, rate: 10 * 2 ** 20, columns: 100 });
    assert.equal(later, `report.pdf [${'#'.repeat(15)}${'-'.repeat(15)}]   50%  50.0 MiB/100 MiB  10.0 MiB/s, 5s left`);
    const done = formatProgressLine({ label: 'a', loaded: 100, total: 100, rate: 50, columns: 80 });
    assert.doesNotMatch(done, /left|\/s/);
  });
  test('speed and time left: as the dashboard gives them, none while unknown or once done', () => {
    assert.equal(formatSpeed({ loaded: 2 ** 20, total: 3 * 2 ** 20, rate: 512 * 1024 }), '512 KiB/s, 4s left');
    assert.equal(formatSpeed({ loaded: 0, total: 100 * 2 ** 20, rate: 1024 }), '1.0 KiB/s, 1d04h left');
    assert.equal(formatSpeed({ loaded: 1, total: 2, rate: 0 }), '');
    assert.equal(formatSpeed({ loaded: 2, total: 2, rate: 10 }), '');
  });
  test('a frame never reaches the last column, whatever the name or the width', () => {
    const labels = ['a', 'quarterly-report-2026-final-final-v3.pdf', '季度报告二〇二六年最终版本第三稿.pdf'];
    for (const columns of [20, 40, 60, 80, 200]) {
      for (const label of labels) {
        const line = formatProgressLine({ label, loaded: 3, total: 7, rate: 1.5, columns });
        assert.ok(displayWidth(line) <= columns - 1, `${JSON.stringify(line)} is wider than ${columns - 1}`);
      }
    }
  });
  test('piped, a plain line, with the speed and time left once known', () => {
    assert.equal(formatProgressText({ label: 'a.txt', loaded: 4 * 2 ** 20, total: 10 * 2 ** 20 }), 'a.txt: 40% (4.0 MiB of 10.0 MiB)');
    assert.equal(formatProgressText({ label: 'a.txt', loaded: 4 * 2 ** 20, total: 10 * 2 ** 20, rate: 2 ** 20 }), 'a.txt: 40% (4.0 MiB of 10.0 MiB) 1.0 MiB/s, 6s left');
  });
});

describe('terminal text', () => {
  test('control characters are shown, not obeyed', () => {
    assert.equal(printable('a\nb\tc\r\x1b[31md\x7f'), 'a\\nb\\tc\\r\\x1b[31md\\x7f');
    assert.equal(printable('<img src=x>.txt 报告'), '<img src=x>.txt 报告');
  });
  test('wide characters take two columns; cutting respects that', () => {
    assert.equal(displayWidth('abc'), 3);
    assert.equal(displayWidth('报告'), 4);
    assert.equal(truncateToWidth('abcdef', 4), 'abc…');
    assert.equal(truncateToWidth('报告报告', 5), '报告…');
    assert.equal(truncateToWidth('abc', 3), 'abc');
  });
  test('a table aligns its columns, the last one unpadded', () => {
    const table = formatTable(
      [
        { header: 'ID', align: 'left' },
        { header: 'SIZE', align: 'right' },
        { header: 'NAME', align: 'left' },
      ],
      [
        ['a', '1 B', 'x y'],
        ['bbbb', '10.0 KiB', '报告'],
      ],
    );
    assert.equal(table, 'ID        SIZE  NAME\na          1 B  x y\nbbbb  10.0 KiB  报告\n');
  });
});

describe('flag values', () => {
  test('--older-than: ages in s, m, h, d, w, combined', () => {
    assert.equal(readOlderThan('45s'), 45_000);
    assert.equal(readOlderThan('90m'), 5_400_000);
    assert.equal(readOlderThan('12h'), 43_200_000);
    assert.equal(readOlderThan('30d'), 2_592_000_000);
    assert.equal(readOlderThan('2w'), 1_209_600_000);
    assert.equal(readOlderThan('1d12h'), 129_600_000);
    assert.equal(readOlderThan('0s'), 0);
  });
  test('--older-than: a day is local midnight; a time as given', () => {
    assert.deepEqual(readOlderThan('2026-01-31'), new Date(2026, 0, 31));
    assert.deepEqual(readOlderThan('2026-01-31T12:00Z'), new Date(Date.UTC(2026, 0, 31, 12)));
    assert.deepEqual(readOlderThan('2026-01-31T12:00:30+08:00'), new Date(Date.UTC(2026, 0, 31, 4, 0, 30)));
    assert.deepEqual(readOlderThan('2026-01-31 12:00'), new Date(2026, 0, 31, 12));
  });
  test('--older-than: anything else is a usage error', () => {
    for (const value of ['', '30', 'd', '30 d', '-1d', '1y', 'yesterday', '2026-02-31', '2026-13-01', '2026-1-1', '31/01/2026', '2026-01-31T25:00']) {
      assert.throws(() => readOlderThan(value), UsageError, value);
    }
  });
  test('counts: whole numbers from the minimum', () => {
    assert.equal(readCount('--keep-newest', '0', 0), 0);
    assert.equal(readCount('--max-chars', '1000', 1), 1000);
    for (const value of ['-1', '1.5', 'x', '', '1e3', '99999999999999999999']) {
      assert.throws(() => readCount('--keep-newest', value, 0), UsageError, value);
    }
    assert.throws(() => readCount('--max-chars', '0', 1), /--max-chars must be a whole number from 1; got '0'/);
  });
  test('choices name the choices', () => {
    assert.equal(oneOf('--purpose', 'image', ['image', 'video']), 'image');
    assert.throws(() => oneOf('--purpose', 'imgae', ['image', 'video']), /--purpose must be one of image, video; got 'imgae'/);
  });
});

describe('the error line', () => {
  test('class, status, request and trace ids and the message, the status said once', () => {
    const requestId = '0f3c2a9e-5b1d-4c7e-9f00-2b6d8e1a4c55';
    const traceId = '9a1e0c4b7d2f4e6a8b3c5d7e9f1a2b3c';
    const err = Object.assign(new NotFoundError('404 file not found: x', { status: 404, requestId, attempts: 1 }), { traceId });
    assert.equal(describeError(err), `NotFoundError 404 (request ${requestId}, trace ${traceId}): file not found: x`);
  });
  test('an answer with only one of the ids names that one', () => {
    const onlyRequest = new NotFoundError('404 gone', { status: 404, requestId: 'r-1' });
    assert.equal(describeError(onlyRequest), 'NotFoundError 404 (request r-1): gone');
    const onlyTrace = Object.assign(new NotFoundError('404 gone', { status: 404 }), { traceId: 't-1' });
    assert.equal(describeError(onlyTrace), 'NotFoundError 404 (trace t-1): gone');
  });
  test('without an answer, the class and the message; on one line', () => {
    assert.equal(describeError(new ConnectionError('Connection error:\n  refused', { attempts: 3 })), 'ConnectionError: Connection error: refused');
    assert.equal(describeError(new UsageError('unknown command')), 'unknown command');
    assert.equal(describeError('boom'), 'Error: boom');
  });
  test('exit statuses: 2 for bad arguments, 1 for the rest', () => {
    assert.equal(exitStatusOf(new UsageError('x')), 2);
    assert.equal(exitStatusOf(new InvalidArgumentError('x')), 2);
    assert.equal(exitStatusOf(new NotFoundError('x', { status: 404 })), 1);
    assert.equal(exitStatusOf(new TypeError('x')), 1);
  });
  test('the key is hidden wherever it shows', () => {
    assert.equal(redact('a sk-1 b sk-1', 'sk-1'), 'a [redacted] b [redacted]');
    assert.equal(redact('a', undefined), 'a');
  });
});

/** A stand-in for a terminal stream: what was written, cursor moves as marks. */
function fakeStream(columns = 80) {
  const writes = [];
  return {
    columns,
    writes,
    write: (text) => writes.push(text),
    cursorTo: (x) => writes.push(`<to ${x}>`),
    clearLine: (dir) => writes.push(`<clear ${dir}>`),
  };
}

describe('the upload progress report', () => {
  test('piped: a line at each tenth passed, and the end', () => {
    const stream = fakeStream();
    const progress = createUploadProgress({ stream, interactive: false, label: 'a.bin' });
    for (const loaded of [5, 8, 15, 16, 55, 99, 100]) progress.update({ loaded, total: 100 });
    progress.end();
    assert.deepEqual(stream.writes, ['a.bin: 5% (5 B of 100 B)\n', 'a.bin: 15% (15 B of 100 B)\n', 'a.bin: 55% (55 B of 100 B)\n', 'a.bin: 99% (99 B of 100 B)\n', 'a.bin: 100% (100 B of 100 B)\n']);
  });
  test('on a terminal: redrawn in place at most each 100 ms, the last frame always, then a newline', () => {
    let clock = 0;
    const stream = fakeStream();
    const progress = createUploadProgress({ stream, interactive: true, label: 'a.bin', now: () => clock });
    progress.update({ loaded: 10, total: 100 }); // drawn
    clock = 50;
    progress.update({ loaded: 20, total: 100 }); // too soon
    clock = 150;
    progress.update({ loaded: 30, total: 100 }); // drawn
    clock = 160;
    progress.update({ loaded: 100, total: 100 }); // the last: drawn, and the line closed
    progress.end();
    const frames = stream.writes.filter((text) => text.startsWith('a.bin'));
    assert.deepEqual(frames.map((frame) => frame.match(/\d+%/)[0]), ['10%', '30%', '100%']);
    assert.deepEqual(stream.writes.slice(0, 3), ['<to 0>', frames[0], '<clear 1>']);
    assert.equal(stream.writes.at(-1), '\n');
    assert.equal(stream.writes.filter((text) => text === '\n').length, 1);
  });
  test('the speed of the last three seconds, shown once a second has passed, with the time left', () => {
    let clock = 0;
    const stream = fakeStream();
    const progress = createUploadProgress({ stream, interactive: false, label: 'a.bin', now: () => clock });
    const MiB = 2 ** 20;
    clock = 500;
    progress.update({ loaded: 10 * MiB, total: 100 * MiB }); // half a second: too soon to say
    clock = 2000;
    progress.update({ loaded: 20 * MiB, total: 100 * MiB }); // 20 MiB in 2 s
    clock = 6000;
    progress.update({ loaded: 30 * MiB, total: 100 * MiB }); // the last 3 s: from the 2 s sample, 10 MiB in 4 s
    clock = 7000;
    progress.update({ loaded: 40 * MiB, total: 100 * MiB }); // the last 3 s reach back to the 2 s sample: 20 MiB in 5 s
    clock = 8000;
    progress.update({ loaded: 100 * MiB, total: 100 * MiB });
    assert.deepEqual(stream.writes, [
      'a.bin: 10% (10.0 MiB of 100 MiB)\n',
      'a.bin: 20% (20.0 MiB of 100 MiB) 10.0 MiB/s, 8s left\n',
      'a.bin: 30% (30.0 MiB of 100 MiB) 2.5 MiB/s, 28s left\n',
      'a.bin: 40% (40.0 MiB of 100 MiB) 4.0 MiB/s, 15s left\n',
      'a.bin: 100% (100 MiB of 100 MiB)\n',
    ]);

    // The bar says the same.
    clock = 0;
    const tty = fakeStream(200);
    const bar = createUploadProgress({ stream: tty, interactive: true, label: 'a.bin', now: () => clock });
    clock = 2000;
    bar.update({ loaded: 20 * MiB, total: 100 * MiB });
    assert.match(tty.writes.find((text) => text.startsWith('a.bin')), /  20%  20\.0 MiB\/100 MiB  10\.0 MiB\/s, 8s left$/);
  });
  test('a failed upload closes the bar line once; one never drawn writes nothing', () => {
    const stream = fakeStream();
    const progress = createUploadProgress({ stream, interactive: true, label: 'a', now: () => 0 });
    progress.update({ loaded: 1, total: 9 });
    progress.end();
    progress.end();
    assert.equal(stream.writes.filter((text) => text === '\n').length, 1);
    const silent = fakeStream();
    createUploadProgress({ stream: silent, interactive: true, label: 'a' }).end();
    assert.deepEqual(silent.writes, []);
  });
});

describe('bytes for a terminal', () => {
  const utf8 = (text) => new TextEncoder().encode(text);
  const isText = (...chunks) => {
    const text = createTextCheck();
    return chunks.every((chunk) => text.check(chunk)) && text.end();
  };

  test('text is UTF-8 with no control character but tab, newline, form feed and carriage return', () => {
    assert.equal(isText(utf8('line 1\tok\r\n第一季度\f')), true);
    assert.equal(isText(), true);
    // A character split between two chunks is still text.
    const cjk = utf8('季');
    assert.equal(isText(cjk.subarray(0, 1), cjk.subarray(1)), true);
    for (const [bytes, why] of [
      [Uint8Array.of(0x61, 0x00, 0x62), 'a NUL'],
      [utf8('\x1b[2Jcleared'), 'an escape sequence'],
      [utf8('\u009b2J'), 'a C1 control (8-bit CSI)'],
      [Uint8Array.of(0x61, 0xff, 0x62), 'no UTF-8'],
      [cjk.subarray(0, 2), 'a character cut off at the end'],
    ]) {
      assert.equal(isText(bytes), false, why);
    }
  });

  /** A stream of `chunks` as a body, and a sink that records what was written. */
  const bodyOf = (chunks) => new ReadableStream({ pull: (c) => (chunks.length ? c.enqueue(chunks.shift()) : c.close()) });
  const sink = () => ({ bytes: [], write(chunk) { this.bytes.push(...chunk); return true; } });
  const refused = () => new Error('refused');

  test('to a terminal: bytes that are not text are refused before any is written', async () => {
    const out = sink();
    await assert.rejects(writeBody(bodyOf([utf8('a header line\n'), Uint8Array.of(0, 1, 2)]), out, { terminal: true, refused }), /refused/);
    assert.deepEqual(out.bytes, []);
    const whole = sink();
    assert.equal(await writeBody(bodyOf([utf8('text\n'), utf8('more')]), whole, { terminal: true, refused }), 9);
    assert.equal(new TextDecoder().decode(Uint8Array.from(whole.bytes)), 'text\nmore');
  });

  test('to a terminal: past the first 64 KiB, written as it comes, each chunk checked before it is', async () => {
    const out = sink();
    const text = utf8('x'.repeat(70 * 1024));
    await assert.rejects(writeBody(bodyOf([text, Uint8Array.of(0)]), out, { terminal: true, refused }), /refused/);
    assert.equal(out.bytes.length, text.length, 'the text before it was written, the NUL was not');
  });

  test('elsewhere: every byte as it came, text or not', async () => {
    const out = sink();
    assert.equal(await writeBody(bodyOf([Uint8Array.of(0, 255), utf8('\x1b')]), out), 3);
    assert.deepEqual(out.bytes, [0, 255, 27]);
  });
});
