// js/validate.js, the JS face's check of answers, against the vectors that
// src/decode.rs (the Rust face's) is held to: both must say the same.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { parseAnswer } from '../js/validate.js';

const { cases } = JSON.parse(readFileSync(new URL('./vectors/decode.json', import.meta.url), 'utf8'));

describe('js/validate.js', () => {
  for (const vector of cases) {
    it(vector.note, () => {
      const result = parseAnswer(vector.body, vector.shape);
      if (vector.ok) {
        assert.deepEqual(result, { value: JSON.parse(vector.body) });
        return;
      }
      assert.equal(result.path, vector.path);
      if (vector.message) assert.equal(result.message, vector.message);
      else assert.match(result.message, /\S/);
    });
  }

  it('reads the error body and the content document', () => {
    const error = parseAnswer('{"error":{"message":"m","type":"t"}}', 'ErrorResponse');
    assert.deepEqual(error, { value: { error: { message: 'm', type: 't' } } });
    assert.equal(parseAnswer('{"error":{"type":"t"}}', 'ErrorResponse').path, 'error');
    assert.equal(parseAnswer('{"content":"hi","type":"file"}', 'ContentDocument').value.content, 'hi');
    assert.equal(parseAnswer('plain text', 'ContentDocument').path, '');
  });
});
