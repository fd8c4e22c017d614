// js/validate.js, the JS face's check of answers, against the vectors the
// Rust face (src/decode.rs) is held to: both must say the same, word for
// word. schema-cases.json is generated from src/types.rs with the Rust
// face's verdicts (`make generate`): a new field is held to it at once.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { parseAnswer, verdicts } from '../../js/validate.js';

const vectors = (name) => JSON.parse(readFileSync(new URL(`../vectors/${name}`, import.meta.url), 'utf8')).cases;
const SPECIAL = vectors('decode.json');
const GENERATED = vectors('schema-cases.json');

function saysTheSame(vector) {
  const result = parseAnswer(vector.body, vector.shape);
  if (vector.ok) {
    assert.deepEqual(result, { value: JSON.parse(vector.body) }, vector.note);
    return;
  }
  assert.deepEqual(result, { path: vector.path, message: vector.message }, vector.note);
}

describe('js/validate.js says what the Rust face says', () => {
  for (const vector of SPECIAL) it(vector.note, () => saysTheSame(vector));

  it(`every field of every answer given every kind of value (${GENERATED.length} generated cases)`, () => {
    assert.ok(GENERATED.length > 300, `${GENERATED.length} cases`);
    const shapes = new Set(GENERATED.map((vector) => vector.shape));
    assert.deepEqual([...shapes].sort(), ['ContentDocument', 'ErrorBody', 'FileDeleted', 'FileList', 'FileMetadata', 'FileObject', 'FilePage']);
    for (const vector of GENERATED) saysTheSame(vector);
  });
});

describe('the quick check and the walk agree', () => {
  it('on every vector', () => {
    for (const vector of [...SPECIAL, ...GENERATED]) {
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
});
