// Vision references: an uploaded image or video referred to in a chat
// message as `ms://<file id>` (Moonshot's vision guide), by fileRef,
// imagePart and videoPart, free functions of every entry. A file whose
// purpose is known and is not image/video is refused; an id alone is taken.
// The parts go through openai-node's chat call unchanged.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import OpenAI from 'openai';

import * as sdk from '../../pkg/index.mjs';
import * as slim from '../../pkg/slim.js';
import { startMockServer } from '../../mock/server.mjs';

const { Moonshot, fileRef, imagePart, videoPart, InvalidArgumentError } = sdk;
const KEY = 'sk-mock-key';
// Files of the mock's `sample` seed.
const IMAGE = 'ihqp3a4ty66mmrjp52b8';
const VIDEO = '6qa1nh1ldiazyepjourv';
const DOCUMENT = 'l7ke0wy9iyrehym86kob';

let mock;
let files;
before(async () => {
  mock = await startMockServer({ seed: 'sample' });
  files = await new Moonshot({ apiKey: KEY, baseURL: mock.url }).files.list();
});
after(() => mock.close());

const file = (id) => files.data.find((f) => f.id === id);

/** Asserts `call` throws an InvalidArgumentError with exactly `message`. */
function refused(call, message) {
  assert.throws(call, (err) => {
    assert.ok(err instanceof InvalidArgumentError, `${err}`);
    assert.equal(err.message, message);
    return true;
  });
}

describe('references', () => {
  it('fileRef is ms:// and the id, from a file object or from its id', () => {
    assert.equal(fileRef(file(IMAGE)), `ms://${IMAGE}`);
    assert.equal(fileRef(file(VIDEO)), `ms://${VIDEO}`);
    assert.equal(fileRef(IMAGE), `ms://${IMAGE}`);
  });

  it('imagePart and videoPart are the chat API\'s content parts', () => {
    assert.deepEqual(imagePart(file(IMAGE)), { type: 'image_url', image_url: { url: `ms://${IMAGE}` } });
    assert.deepEqual(videoPart(file(VIDEO)), { type: 'video_url', video_url: { url: `ms://${VIDEO}` } });
    assert.deepEqual(imagePart('any-id'), { type: 'image_url', image_url: { url: 'ms://any-id' } }, 'an id: the purpose unknown');
    assert.deepEqual(Object.keys(imagePart(IMAGE)), ['type', 'image_url'], 'a plain object, as a message wants it');
  });

  it('a file of another known purpose is refused, saying which it was and which it takes', () => {
    refused(() => imagePart(file(VIDEO)), `The file ${VIDEO} was uploaded for video: an image part takes a file uploaded for image.`);
    refused(() => videoPart(file(IMAGE)), `The file ${IMAGE} was uploaded for image: a video part takes a file uploaded for video.`);
    refused(() => fileRef(file(DOCUMENT)), `The file ${DOCUMENT} was uploaded for file-extract: an ms:// reference takes a file uploaded for image or video.`);
    refused(() => fileRef({ id: 'b1', purpose: 'batch' }), 'The file b1 was uploaded for batch: an ms:// reference takes a file uploaded for image or video.');
  });

  it('what is no file id is refused before it makes a reference', () => {
    for (const id of ['', 'a/b', 'a b', 'ms://x', '../x']) {
      refused(() => fileRef(id), `Invalid file id "${id}": expected an id such as clg681objj8g9m7n4je0.`);
    }
    for (const value of [undefined, null, 42, {}, { id: 7 }]) {
      refused(() => imagePart(value), 'The file must be its id, such as clg681objj8g9m7n4je0, or a file object with one.');
    }
  });

  it('a dated file (FileMetadata) is referred to alike', async () => {
    const dated = new Moonshot({ apiKey: KEY, baseURL: mock.url, apiVersion: '2026-09-01-beta' });
    const image = await dated.files.retrieve(IMAGE);
    assert.equal(image.purpose, 'image');
    assert.deepEqual(imagePart(image), { type: 'image_url', image_url: { url: `ms://${IMAGE}` } });
    refused(() => videoPart(image), `The file ${IMAGE} was uploaded for image: a video part takes a file uploaded for video.`);
  });

  it('every entry exports them: import, require() and slim', () => {
    const required = createRequire(import.meta.url)('../../pkg/index.cjs');
    for (const name of ['fileRef', 'imagePart', 'videoPart']) {
      assert.equal(required[name], sdk[name], `require(): ${name}, the same function`);
      assert.equal(typeof slim[name], 'function', `slim: ${name}`);
    }
  });
});

describe("openai-node's chat call", () => {
  it('sends an image part as it is, against Moonshot\'s base URL', async () => {
    let sent;
    const openai = new OpenAI({
      apiKey: KEY,
      baseURL: mock.url,
      fetch: async (url, init) => {
        sent = { url: String(url), body: JSON.parse(init.body) };
        return Response.json({ id: 'c', object: 'chat.completion', created: 1, model: 'kimi-k2.5', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'A cat.' } }] });
      },
    });
    const image = file(IMAGE);
    const completion = await openai.chat.completions.create({
      model: 'kimi-k2.5',
      messages: [{ role: 'user', content: [imagePart(image), { type: 'text', text: 'What is in the picture?' }] }],
    });
    assert.equal(completion.choices[0].message.content, 'A cat.');
    assert.equal(sent.url, `${mock.url}/chat/completions`);
    assert.deepEqual(sent.body.messages[0].content[0], { type: 'image_url', image_url: { url: `ms://${IMAGE}` } });
  });
});
