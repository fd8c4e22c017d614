// Used by the wasm core only (src/js/error.rs): builds the error of the class it
// chose. Kept apart from errors.js so the package exports only the classes.
import * as classes from './errors.js';
import { ERROR_CLASSES } from './error-classes.js';

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
  // Only a class of the one list (src/error.rs): a name outside it is a
  // defect of the build, never to be passed off as a plain MoonshotError.
  if (!Object.hasOwn(ERROR_CLASSES, className) || !Object.hasOwn(classes, className)) {
    throw new TypeError(`moonshot-files: the core named an error class this package does not have: ${className}`);
  }
  return new classes[/** @type {keyof typeof classes} */ (className)](message, fields);
}
