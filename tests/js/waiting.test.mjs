// How long a wait for processing takes: the first look soon after the
// upload, then backing off to the poll interval, so a file the service
// processes in 1.5 s is read then, not after a whole 5 s interval.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { Moonshot } from '../../pkg/index.mjs';
import { startMockServer } from '../../mock/server.mjs';
import { notPreflight } from '../support/helpers.mjs';
import { recordPauses } from '../support/pauses.mjs';

let mock;
before(async () => {
  mock = await startMockServer({ seed: 'none' });
});
after(() => mock.close());

describe('waiting for processing', () => {
  it('looks after 0.5 s, then 1 s, doubling to the interval (the whole sequence is src/workflows.rs\'s native test)', async () => {
    mock.reset({ seed: 'none', processingMs: 60_000 });
    const files = new Moonshot({ apiKey: 'sk-mock-key', baseURL: mock.url }).files;
    const created = await files.create({ file: new Blob(['slow']), filename: 'slow.txt', purpose: 'file-extract' });
    const controller = new AbortController();
    const recorder = recordPauses({ onPause: () => recorder.pauses.length >= 3 && controller.abort() });
    try {
      await files.waitForProcessing(created.id, { signal: controller.signal }).catch(() => {});
      const short = await files.waitForProcessing(created.id, { pollInterval: 50, signal: AbortSignal.timeout(400) }).catch(() => {});
      assert.equal(short, undefined);
    } finally {
      recorder.stop();
    }
    const asked = recorder.pauses.map((pause) => pause.ms);
    assert.deepEqual(asked.slice(0, 3), [500, 1000, 2000]);
    assert.ok(asked.length > 4 && asked.slice(3).every((ms) => ms === 50), `an interval under 0.5 s is kept: ${asked}`);
  });

  it('extract of a file processed in 1.5 s reads it within about 1.5 s of waiting, in three looks at most', async () => {
    mock.reset({ seed: 'none', processingMs: 1500 });
    mock.clearRequests();
    const files = new Moonshot({ apiKey: 'sk-mock-key', baseURL: mock.url }).files;
    const recorder = recordPauses();
    let extracted;
    try {
      extracted = await files.extract({ file: new Blob(['quick']), filename: 'quick.txt' });
    } finally {
      recorder.stop();
    }
    assert.equal(extracted.text, 'quick');
    const waited = recorder.pauses.reduce((sum, pause) => sum + pause.ms, 0);
    assert.ok(waited <= 3500, `waited ${waited} ms in pauses of ${recorder.pauses.map((p) => p.ms)}: the old fixed 5 s would be 5000`);
    const looks = notPreflight(mock.requests()).filter((entry) => entry.method === 'GET' && /^\/v1\/files\/[^/]+$/.test(entry.path));
    assert.ok(looks.length <= 4, `${looks.length} looks`);
  });
});
