// Checks a parsed answer of the Files API against its schema: the JS face's
// twin of src/decode.rs, on the objects the engine's own JSON.parse built,
// so a body is neither copied into wasm nor rebuilt as JS objects. The
// schemas and the quick checks are generated from src/types.rs
// (answer-schemas.js); the walk below reads them by the rules decode.rs
// follows, so both faces give the same words for the same body
// (tests/vectors/, tests/js/validate.test.mjs).
import { HOLDS, SCHEMAS } from './answer-schemas.js';

const NOT_JSON = 'the body is not one JSON document';
const MAX_SAFE_INTEGER = Number.MAX_SAFE_INTEGER;

const kindOf = (value) => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    default:
      return 'an object';
  }
};

const NAMES = { string: 'a string', integer: 'an integer', boolean: 'a boolean', null: 'null', array: 'an array', number: 'a number' };
const expected = (types) => types.map((name) => NAMES[name] ?? 'an object').join(' or ');
const typesOf = (schema) => (Array.isArray(schema.type) ? schema.type : schema.type === undefined ? [] : [schema.type]);
const isRecord = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const mismatch = (expecting, value) => [[], `expected ${expecting}, got ${kindOf(value)}`];

/**
 * Where `value` breaks `schema`, as [path segments, message] with the
 * segments innermost first; undefined if it holds. As in decode.rs: fields
 * in the order of their names (only the schema's: a body key such as
 * `__proto__` is never looked at), a missing required field named where it
 * would be, unknown fields kept.
 */
function problem(value, schema, defs) {
  if (schema.$ref !== undefined) schema = defs[schema.$ref.replace('#/$defs/', '')];
  const types = typesOf(schema);
  if (types.includes('object')) {
    if (!isRecord(value)) return mismatch(schema.title ?? 'an object', value);
    const required = schema.required ?? [];
    for (const name of Object.keys(schema.properties ?? {}).sort()) {
      if (!Object.hasOwn(value, name)) {
        if (required.includes(name)) return [[], `missing field \`${name}\``];
        continue;
      }
      const found = problem(value[name], schema.properties[name], defs);
      if (found) {
        found[0].push(`.${name}`);
        return found;
      }
    }
    return undefined;
  }
  if (types.includes('array')) {
    if (!Array.isArray(value)) return mismatch('an array', value);
    for (let i = 0; i < value.length; i++) {
      const found = problem(value[i], schema.items, defs);
      if (found) {
        found[0].push(`[${i}]`);
        return found;
      }
    }
    return undefined;
  }
  if (value === null && types.includes('null')) return undefined;
  switch (types[0]) {
    case 'string':
      return typeof value === 'string' ? undefined : mismatch(expected(types), value);
    case 'boolean':
      return typeof value === 'boolean' ? undefined : mismatch(expected(types), value);
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return mismatch(expected(types), value);
      if (Math.abs(value) > MAX_SAFE_INTEGER) return [[], 'expected an integer, got one beyond 2^53 (unsafe in JS)'];
      return undefined;
    default:
      return undefined; // a schema this walk does not know accepts anything
  }
}

/** `data[3].bytes` from the segments ['.bytes', '[3]', '.data']. */
const pathOf = (segments) => segments.reverse().join('').replace(/^\./, '');

/** Both checks' verdicts on a parsed value, for tests/js/validate.test.mjs. */
export const verdicts = (value, shapeName) => {
  const schema = SCHEMAS[shapeName];
  return { quick: HOLDS[shapeName](value), full: problem(value, schema, schema.$defs) === undefined };
};

/**
 * Used by the wasm core only (src/js/answer.rs): the parsed body, or where
 * it is wrong. Nearly every answer holds: only one the quick check refuses
 * is walked, to say what is wrong.
 * @param {string} text the body
 * @param {keyof typeof SCHEMAS} shapeName
 * @returns {{ value: unknown } | { path: string, message: string }}
 */
export function parseAnswer(text, shapeName) {
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return { path: '', message: NOT_JSON };
  }
  if (HOLDS[shapeName](value)) return { value };
  const schema = SCHEMAS[shapeName];
  const found = problem(value, schema, schema.$defs);
  return found ? { path: pathOf(found[0]), message: found[1] } : { value };
}
