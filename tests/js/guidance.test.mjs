// Errors that point at the caller's code and say what to do: the stack has
// the caller's lines, a refused key says where it went and which platform's
// key that host takes, a base URL without /v1 says so.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';

import { Moonshot, AuthenticationError, NotFoundError, InvalidArgumentError } from '../../pkg/index.mjs';
import { startMockServer } from '../../mock/server.mjs';
import { rejection } from '../support/helpers.mjs';

const KEY = 'sk-mock-key';
const HERE = fileURLToPath(import.meta.url);

let mock;
before(async () => {
  mock = await startMockServer({ seed: 'none' });
});
after(() => mock.close());

describe('an error\'s stack', () => {
  async function callerOfList(files) {
    await files.list();
  }

  it('names the caller\'s file and function, after the service answered', async () => {
    const files = new Moonshot({ apiKey: 'sk-wrong', baseURL: mock.url }).files;
    const err = await rejection(callerOfList(files));
    assert.ok(err instanceof AuthenticationError);
    assert.match(err.stack, /^AuthenticationError: 401 /);
    assert.ok(err.stack.includes(HERE), `the caller's file in:\n${err.stack}`);
    assert.match(err.stack, /callerOfList/);
  });

  it('and for an argument refused before sending', async () => {
    const files = new Moonshot({ apiKey: KEY, baseURL: mock.url }).files;
    async function callerOfRetrieve() {
      await files.retrieve(42);
    }
    const err = await rejection(callerOfRetrieve());
    assert.ok(err instanceof InvalidArgumentError);
    assert.match(err.stack, /callerOfRetrieve/);
  });
});

describe('what to do about a refused key', () => {
  it('names the key\'s variable and the base URL it went to', async () => {
    const err = await rejection(new Moonshot({ apiKey: 'sk-wrong', baseURL: mock.url }).files.list());
    assert.ok(err instanceof AuthenticationError);
    assert.equal(err.message, `401 Invalid Authentication (check the API key (apiKey, or MOONSHOT_API_KEY) sent to ${mock.url})`);
  });

  it('at one of Moonshot\'s two hosts, that each platform\'s keys work only with its own host', async () => {
    // The global host's answer, through the client's own fetch (no network here).
    const fetch = async () =>
      new Response(JSON.stringify({ error: { message: 'Invalid Authentication', type: 'invalid_authentication_error' } }), {
        status: 401,
        headers: { 'content-type': 'application/json', 'msh-request-id': 'req-1' },
      });
    const err = await rejection(new Moonshot({ apiKey: 'sk-from-cn', baseURL: 'https://api.moonshot.ai/v1', fetch }).files.list());
    assert.equal(
      err.message,
      '401 Invalid Authentication (check the API key (apiKey, or MOONSHOT_API_KEY) sent to https://api.moonshot.ai/v1; ' +
        'a key from platform.moonshot.cn works only with https://api.moonshot.cn/v1, one from platform.moonshot.ai only with https://api.moonshot.ai/v1)',
    );
    assert.equal(err.requestId, 'req-1');
    assert.ok(!err.message.includes('sk-from-cn'));
  });

  it('a base URL without /v1: its 404 says where the Files API is', async () => {
    const base = mock.url.replace(/\/v1$/, '');
    const err = await rejection(new Moonshot({ apiKey: KEY, baseURL: base }).files.list());
    assert.ok(err instanceof NotFoundError, err.name);
    assert.ok(err.message.endsWith(`(the base URL ${base} does not end in /v1, where the Files API is: try ${base}/v1)`), err.message);
  });
});
