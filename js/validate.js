// Checks a parsed answer of the Files API against its schema: the JS face's
// twin of src/decode.rs, on the objects the engine's own JSON.parse built,
// so a body is neither copied into wasm nor rebuilt as JS objects. The
// schemas and the quick checks are generated from src/types.rs
// (answer-schemas.js); the walk below reads them by the rules decode.rs
// follows, so both faces give the same words for the same body
// (tests/vectors/, tests/js/validate.test.mjs).
import { HOLDS, SCHEMAS } from './answer-schemas.js';

/** @typedef {import('./answer-schemas.js').Schema} Schema */
/** @typedef {import('./answer-schemas.js').Shape} Shape */
/**
 * Where a value breaks its schema: the path's segments, innermost first, and what is wrong.
 * @typedef {[string[], string]} Problem
 */

const NOT_JSON = 'the body is not one JSON document';
const MAX_SAFE_INTEGER = Number.MAX_SAFE_INTEGER;

/** @param {unknown} value */
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

/** @type {Record<string, string>} */
const NAMES = { string: 'a string', integer: 'an integer', boolean: 'a boolean', null: 'null', array: 'an array', number: 'a number' };
/** @param {string[]} types */
const expected = (types) => types.map((name) => NAMES[name] ?? 'an object').join(' or ');
/** @param {Schema} schema @returns {string[]} */
const typesOf = (schema) => (Array.isArray(schema.type) ? schema.type : schema.type === undefined ? [] : [schema.type]);
/** @param {unknown} v @returns {v is Record<string, unknown>} */
const isRecord = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
/** @param {string} expecting @param {unknown} value @returns {Problem} */
const mismatch = (expecting, value) => [[], `expected ${expecting}, got ${kindOf(value)}`];

/**
 * Where `value` breaks `schema`, as [path segments, message] with the
 * segments innermost first; undefined if it holds. As in decode.rs: fields
 * in the order of their names (only the schema's: a body key such as
 * `__proto__` is never looked at), a missing required field named where it
 * would be, unknown fields kept.
 * @param {unknown} value
 * @param {Schema} schema
 * @param {Record<string, Schema> | undefined} defs  the root schema's, where its `$ref`s point
 * @returns {Problem | undefined}
 */
function problem(value, schema, defs) {
  // A generated schema has every def its `$ref`s name.
  if (schema.$ref !== undefined) schema = /** @type {Record<string, Schema>} */ (defs)[schema.$ref.replace('#/$defs/', '')];
  const types = typesOf(schema);
  if (types.includes('object')) {
    if (!isRecord(value)) return mismatch(schema.title ?? 'an object', value);
    const required = schema.required ?? [];
    const properties = schema.properties ?? {};
    for (const name of Object.keys(properties).sort()) {
      if (!Object.hasOwn(value, name)) {
        if (required.includes(name)) return [[], `missing field \`${name}\``];
        continue;
      }
      const found = problem(value[name], properties[name], defs);
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
      // A generated array schema always says what its items are.
      const found = problem(value[i], /** @type {Schema} */ (schema.items), defs);
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

/** `data[3].bytes` from the segments ['.bytes', '[3]', '.data']. @param {string[]} segments */
const pathOf = (segments) => segments.reverse().join('').replace(/^\./, '');

/**
 * Both checks' verdicts on a parsed value, for tests/js/validate.test.mjs.
 * @param {unknown} value
 * @param {Shape} shapeName
 */
export const verdicts = (value, shapeName) => {
  const schema = SCHEMAS[shapeName];
  return { quick: HOLDS[shapeName](value), full: problem(value, schema, schema.$defs) === undefined };
};

/**
 * Used by the wasm core only (src/js/answer.rs): the parsed body, or where
 * it is wrong. Nearly every answer holds: only one the quick check refuses
 * is walked, to say what is wrong.
 * @param {string} text the body
 * @param {Shape} shapeName
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
