// The matrix starts its servers (next start, wrangler dev, Vite, the
// examples) on ports found free a moment before; another process may bind
// one first. Such a start is tried again on fresh ports, and only such a
// start: a server that fails for any other reason fails its test at once.
//
// Run: node --test tests/packaging/free-ports.test.mjs
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { onFreePorts, startServer } from './harness/processes.mjs';

/** A Node HTTP server on loopback at `port`, started as the matrix starts its servers. */
const nodeServer = (port) =>
  startServer(process.execPath, ['-e', `require('node:http').createServer((q, s) => s.end('up')).listen(${port}, '127.0.0.1')`], {
    cwd: process.cwd(),
    url: `http://127.0.0.1:${port}`,
    timeoutMs: 30_000,
  });

/** Holds `port` on loopback, as another process would, until released (closing each connection, so a check of the port fails fast). */
async function hold(port) {
  const server = createServer((socket) => socket.destroy());
  await new Promise((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
  return () => new Promise((resolve) => server.close(resolve));
}

describe('a server started on free ports', () => {
  test('whose port was taken first is started again on fresh ones, and answers', async () => {
    const tried = [];
    const server = await onFreePorts(2, async (ports) => {
      tried.push(ports);
      if (tried.length > 1) return nodeServer(ports[0]);
      const release = await hold(ports[0]);
      try {
        return await nodeServer(ports[0]);
      } finally {
        await release();
      }
    });
    try {
      assert.equal(tried.length, 2, 'the lost port was the only failure');
      for (const ports of tried) assert.notEqual(ports[0], ports[1], 'two ports, not one twice');
      assert.equal(await (await fetch(server.url)).text(), 'up');
    } finally {
      await server.stop();
    }
  });

  test('that fails for another reason fails at once', async () => {
    let starts = 0;
    const dies = () => {
      starts++;
      return startServer(process.execPath, ['-e', "console.error('config missing'); process.exit(3)"], { cwd: process.cwd(), url: 'http://127.0.0.1:9' });
    };
    await assert.rejects(onFreePorts(1, dies), /died before answering[\s\S]*config missing/);
    assert.equal(starts, 1);
  });

  test('that loses its port three times in a row fails, saying so', async () => {
    let starts = 0;
    const taken = async ([port]) => {
      starts++;
      const release = await hold(port);
      try {
        return await nodeServer(port);
      } finally {
        await release();
      }
    };
    await assert.rejects(onFreePorts(1, taken), /EADDRINUSE/);
    assert.equal(starts, 3);
  });
});
