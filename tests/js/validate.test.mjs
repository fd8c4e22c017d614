// js/validate.js, the JS face's check of answers, against the vectors that
// src/decode.rs (the Rust face's) is held to: both must say the same.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { parseAnswer, verdicts } from '../../js/validate.js';

// A field left out, among the values a field is given.
const ABSENT = Symbol('absent');

const { cases } = JSON.parse(readFileSync(new URL('../vectors/decode.json', import.meta.url), 'utf8'));

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

  it('the quick check and the walk agree on every vector', () => {
    for (const vector of cases) {
      let value;
      try {
        value = JSON.parse(vector.body);
      } catch {
        continue; // not JSON: neither check runs
      }
      const { quick, full } = verdicts(value, vector.shape);
      assert.equal(quick, full, vector.note);
      assert.equal(quick, vector.ok, vector.note);
    }
  });

  it('the quick check and the walk agree on every field given every kind of value', () => {
    const FILE = { id: 'file-1', object: 'file', bytes: 12, created_at: 1700000000, filename: 'a.pdf', purpose: 'batch', status: 'ready', status_details: 'x' };
    const VALUES = [ABSENT, 'text', '', 0, -0, 1, -1, 1.5, 2 ** 53, -(2 ** 53), Number.MAX_SAFE_INTEGER, null, true, false, [], [FILE], {}, { a: 1 }];
    const shapes = {
      FileObject: [FILE, (v) => v],
      FileList: [{ object: 'list', data: [FILE] }, (v) => v.data[0]],
      FileDeleted: [{ id: 'file-1', object: 'file', deleted: true }, (v) => v],
      ContentDocument: [{ content: 'text' }, (v) => v],
      ErrorResponse: [{ error: { message: 'm', type: 't', code: 'c' } }, (v) => v.error],
    };
    let compared = 0;
    for (const [shape, [valid, target]] of Object.entries(shapes)) {
      assert.deepEqual(verdicts(valid, shape), { quick: true, full: true }, shape);
      // Every field of the shape, and of the object it holds, and the holder itself.
      const holders = [(v) => v, target];
      for (const holderOf of holders) {
        for (const field of Object.keys(holderOf(structuredClone(valid)))) {
          for (const replacement of VALUES) {
            const value = structuredClone(valid);
            const holder = holderOf(value);
            if (replacement === ABSENT) delete holder[field];
            else holder[field] = structuredClone(replacement);
            const { quick, full } = verdicts(value, shape);
            assert.equal(quick, full, `${shape}: ${field} = ${replacement === ABSENT ? 'absent' : JSON.stringify(replacement)}`);
            compared++;
          }
        }
      }
      for (const whole of VALUES.filter((v) => v !== ABSENT)) {
        assert.deepEqual(verdicts(whole, shape), { quick: false, full: false }, `${shape} given ${JSON.stringify(whole)}`);
      }
    }
    assert.ok(compared > 300, `${compared} comparisons`);
  });
});
