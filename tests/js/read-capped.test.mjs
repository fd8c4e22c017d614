// How an answer's body is read when its length is not known to be the
// length read (chunked, compressed, or any body at all): src/transport/fetch.js
// `readCapped`, which decodes each chunk as it comes and joins the texts.
// Chunks split characters wherever the network cuts them, so a character
// cut in two must come out whole; the text must be what `response.text()`
// gives for the same bytes; and past the cap nothing more is read.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { readCapped } from '../../src/transport/fetch.js';

/** A stream giving `chunks` one read at a time; `cancelled` says whether the reader cancelled it. */
function chunked(chunks) {
  const state = { cancelled: false, pulled: 0 };
  const stream = new ReadableStream(
    {
      pull(controller) {
        if (state.pulled === chunks.length) return controller.close();
        controller.enqueue(Uint8Array.from(chunks[state.pulled++]));
      },
      cancel() {
        state.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, state };
}

/** Each byte of `bytes` a chunk of its own: every character of two or more bytes is cut. */
const byteByByte = (bytes) => [...bytes].map((byte) => [byte]);
const utf8 = (text) => new TextEncoder().encode(text);
const asText = (bytes) => new Response(Uint8Array.from(bytes)).text();

describe('readCapped: a body read chunk by chunk', () => {
  it('characters cut between chunks come out whole (2, 3 and 4 bytes, a byte a chunk)', async () => {
    const text = '{"filename":"café-名前-😀.pdf"}';
    const { stream } = chunked(byteByByte(utf8(text)));
    assert.equal(await readCapped(stream, 1024), text);
  });

  it("gives what response.text() gives: a byte order mark dropped, invalid bytes and a cut last character as U+FFFD", async () => {
    for (const bytes of [
      [0xef, 0xbb, 0xbf, ...utf8('{"a":1}')],
      [...utf8('bad-'), 0xff, 0xfe, ...utf8('-'), 0xc3, ...utf8('.txt')],
      [...utf8('ends in half a character '), 0xe5, 0x90],
    ]) {
      const { stream } = chunked(byteByByte(bytes));
      assert.equal(await readCapped(stream, 1024), await asText(bytes), JSON.stringify(bytes));
    }
  });

  it('a body of several chunks is joined in order', async () => {
    const parts = ['{"object":"list",', '"data":[{"id":"a"},', '{"id":"b"}]}'];
    const { stream } = chunked(parts.map(utf8));
    assert.equal(await readCapped(stream, 1024), parts.join(''));
  });

  it('the cap: exactly that many bytes are read; one more gives null and cancels the rest unread', async () => {
    const body = utf8('x'.repeat(100));
    const whole = chunked([body.subarray(0, 60), body.subarray(60)]);
    assert.equal(await readCapped(whole.stream, 100), 'x'.repeat(100));

    const over = chunked([body.subarray(0, 60), body.subarray(60), utf8('y'), utf8('never read')]);
    assert.equal(await readCapped(over.stream, 99), null);
    assert.ok(over.state.cancelled, 'the stream was cancelled');
    assert.equal(over.state.pulled, 2, 'nothing read past the chunk that went over');
  });

  it('an empty body is an empty text', async () => {
    assert.equal(await readCapped(chunked([]).stream, 10), '');
  });
});
