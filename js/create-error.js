// Used by the wasm core only (src/js/error.rs): builds the error of the class it
// chose. Kept apart from errors.js so the package exports only the classes.
import * as classes from './errors.js';

// `name` set by hand: minifiers rename classes, and err.name must not change.
for (const [name, Class] of Object.entries(classes)) {
  Object.defineProperty(Class.prototype, 'name', { value: name, writable: true, configurable: true });
}

/**
 * @param {string} className
 * @param {string} message
 * @param {object} fields
 */
export function createError(className, message, fields) {
  const Class = Object.hasOwn(classes, className) ? classes[className] : classes.MoonshotError;
  return new Class(message, fields);
}
