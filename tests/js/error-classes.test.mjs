// The error classes are one list (src/error.rs's ErrorClass, generated into
// js/error-classes.js): the package exports exactly those classes, each
// extending the one the list names, and the core can make no other.
import { test } from 'node:test';
import assert from 'node:assert/strict';

// The ES module entry: the same module graph as lib/create-error.js (Node's
// import entry re-exports the CommonJS bundle, its own copies of the classes).
import * as sdk from '../../pkg/index.js';
import { ERROR_CLASSES } from '../../pkg/lib/error-classes.js';
import { createError } from '../../pkg/lib/create-error.js';

const exportedErrors = Object.entries(sdk)
  .filter(([, value]) => typeof value === 'function' && (value === sdk.MoonshotError || value.prototype instanceof sdk.MoonshotError))
  .map(([name]) => name)
  .sort();

test('the package exports exactly the listed error classes', () => {
  assert.deepEqual(exportedErrors, Object.keys(ERROR_CLASSES).sort());
});

test('each extends the class the list names, and keeps its name through minifiers', () => {
  for (const [name, parent] of Object.entries(ERROR_CLASSES)) {
    const Class = sdk[name];
    assert.equal(Object.getPrototypeOf(Class), parent === null ? Error : sdk[parent], name);
    const made = createError(name, 'm', { attempts: 1 });
    assert.ok(made instanceof Class);
    assert.equal(made.name, name);
  }
});

test('a class name outside the list is a TypeError, never a plain MoonshotError', () => {
  assert.throws(() => createError('NoSuchError', 'm', {}), (err) => {
    assert.ok(err instanceof TypeError);
    assert.match(err.message, /NoSuchError/);
    return true;
  });
  assert.throws(() => createError('toString', 'm', {}), TypeError);
});
