// Checks a parsed answer of the Files API against its schema: the JS face's
// twin of src/decode.rs, used on the objects the engine's own JSON.parse
// built, so a body is neither copied into wasm nor rebuilt as JS objects.
// Both give the same errors for the same bodies (tests/vectors/decode.json).

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

// A field check returns nothing when the value is right, or what is wrong.
const string = (value) => (typeof value === 'string' ? undefined : `expected a string, got ${kindOf(value)}`);
const optionalString = (value) =>
  value === null || typeof value === 'string' ? undefined : `expected a string or null, got ${kindOf(value)}`;
const boolean = (value) => (typeof value === 'boolean' ? undefined : `expected a boolean, got ${kindOf(value)}`);

// Integers must survive JSON.parse exactly (|n| <= 2^53 - 1), as in decode.rs.
const integer = (min) => (value) => {
  if (typeof value !== 'number' || !Number.isInteger(value)) return `expected an integer, got ${kindOf(value)}`;
  if (!Number.isSafeInteger(value)) return 'expected an integer, got one beyond 2^53 (unsafe in JS)';
  if (value < min) return 'expected a non-negative integer, got a negative one';
  return undefined;
};

/**
 * An object with these fields; `optional` ones may be absent. The field map
 * has no prototype, so a body key such as `constructor` or `__proto__` finds
 * nothing in it and is kept as an unknown field, not taken for a check.
 */
const object = (expecting, fields, optional = []) => ({
  expecting,
  fields: Object.assign(Object.create(null), fields),
  required: Object.keys(fields).filter((f) => !optional.includes(f)),
});

const FILE_OBJECT = object(
  'a file object',
  {
    id: string,
    object: string,
    bytes: integer(0),
    created_at: integer(Number.MIN_SAFE_INTEGER),
    filename: string,
    purpose: string,
    status: string,
    status_details: optionalString,
  },
  ['status_details'],
);

const SHAPES = {
  FileObject: FILE_OBJECT,
  FileList: object('the list object', { object: string, data: FILE_OBJECT }),
  FileDeleted: object('a deletion object', { id: string, object: string, deleted: boolean }),
  // What the service sends as a file's content (see the API description).
  ContentDocument: object('the content document', { content: string }),
  ErrorResponse: object('the error body', {
    error: object('the error object', { message: string, type: optionalString, code: optionalString }, ['type', 'code']),
  }),
};
// `data` is the one array: a list of file objects.
const ARRAYS = new Set(['data']);

/**
 * Where `value` breaks the shape, as [path segments, message] with the
 * segments innermost first; undefined if it holds. Paths are only built on
 * the way out of a failure: the walk over a valid body allocates nothing.
 * Fields are checked in the body's order, then missing ones in the schema's,
 * as serde does, so the first problem named is the same in Rust and JS.
 */
function problem(value, shape) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return [[], `expected ${shape.expecting}, got ${kindOf(value)}`];
  }
  for (const name in value) {
    const check = shape.fields[name];
    if (check === undefined) continue; // unknown fields are kept, not refused
    const found = ARRAYS.has(name)
      ? arrayProblem(value[name], check)
      : typeof check === 'function'
        ? fieldProblem(check(value[name]))
        : problem(value[name], check);
    if (found) {
      found[0].push(`.${name}`);
      return found;
    }
  }
  for (const name of shape.required) {
    if (!Object.hasOwn(value, name)) return [[], `missing field \`${name}\``];
  }
  return undefined;
}

function arrayProblem(value, shape) {
  if (!Array.isArray(value)) return [[], `expected a sequence, got ${kindOf(value)}`];
  for (let i = 0; i < value.length; i++) {
    const found = problem(value[i], shape);
    if (found) {
      found[0].push(`[${i}]`);
      return found;
    }
  }
  return undefined;
}

const fieldProblem = (message) => (message === undefined ? undefined : [[], message]);

/** `data[3].bytes` from the segments ['.bytes', '[3]', '.data']. */
const pathOf = (segments) => segments.reverse().join('').replace(/^\./, '');

// ---- the quick check: the same schema, written out ----
// Nearly every answer holds. These read each field by its name, so the
// engine meets one object shape at each read and checking a list costs
// little more than parsing it (the walk above, reading fields by a name it
// holds in a variable, cost a third of the parse). Only an answer they
// refuse is walked again above, to say what is wrong. tests/js/validate.test.mjs
// holds the two to the same verdict, field by field.

const isRecord = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isInteger = (v, min) => typeof v === 'number' && Number.isSafeInteger(v) && v >= min;
const isOptionalString = (v) => v === undefined || v === null || typeof v === 'string';

const isFileObject = (v) =>
  isRecord(v) &&
  typeof v.id === 'string' &&
  typeof v.object === 'string' &&
  isInteger(v.bytes, 0) &&
  isInteger(v.created_at, Number.MIN_SAFE_INTEGER) &&
  typeof v.filename === 'string' &&
  typeof v.purpose === 'string' &&
  typeof v.status === 'string' &&
  isOptionalString(v.status_details);

function isFileList(v) {
  if (!isRecord(v) || typeof v.object !== 'string' || !Array.isArray(v.data)) return false;
  const { data } = v;
  for (let i = 0; i < data.length; i++) if (!isFileObject(data[i])) return false;
  return true;
}

const HOLDS = {
  FileObject: isFileObject,
  FileList: isFileList,
  FileDeleted: (v) => isRecord(v) && typeof v.id === 'string' && typeof v.object === 'string' && typeof v.deleted === 'boolean',
  ContentDocument: (v) => isRecord(v) && typeof v.content === 'string',
  ErrorResponse: (v) =>
    isRecord(v) && isRecord(v.error) && typeof v.error.message === 'string' && isOptionalString(v.error.type) && isOptionalString(v.error.code),
};

/** Both checks' verdicts on a parsed value, for tests/js/validate.test.mjs. */
export const verdicts = (value, shapeName) => ({
  quick: HOLDS[shapeName](value),
  full: problem(value, SHAPES[shapeName]) === undefined,
});

/**
 * Used by the wasm core only (src/js): the parsed body, or where it is wrong.
 * @param {string} text the body
 * @param {keyof typeof SHAPES} shapeName
 * @returns {{ value: unknown } | { path: string, message: string }}
 */
export function parseAnswer(text, shapeName) {
  let value;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { path: '', message: `not JSON: ${err.message}` };
  }
  if (HOLDS[shapeName](value)) return { value };
  const found = problem(value, SHAPES[shapeName]);
  return found ? { path: pathOf(found[0]), message: found[1] } : { value };
}
