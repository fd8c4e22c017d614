// The error classes of moonshot-files. The wasm core decides which class an
// error is (see src/error.rs); this file only gives JS users real classes to
// test with `instanceof`. One source: the build copies it beside the browser
// glue as ES module and converts it for Node's CommonJS glue.

/** Every error this package throws. */
export class MoonshotError extends Error {
  /**
   * @param {string} message
   * @param {{ status?: number, type?: string, code?: string, requestId?: string, path?: string }} [fields]
   */
  constructor(message, fields = {}) {
    super(message);
    /** The HTTP status, where an answer came. @type {number | undefined} */
    this.status = fields.status;
    /** `error.type` of the error body, e.g. `invalid_authentication_error`. @type {string | undefined} */
    this.type = fields.type;
    /** `error.code` of the error body. @type {string | undefined} */
    this.code = fields.code;
    /** The `x-request-id` header, to quote to Moonshot's support. @type {string | undefined} */
    this.requestId = fields.requestId;
  }
}

/** The service answered with an error status. */
export class APIError extends MoonshotError {}
/** 400: bad parameters or a limit reached. */
export class BadRequestError extends APIError {}
/** 401: a missing or wrong API key. */
export class AuthenticationError extends APIError {}
/** 403: not allowed. */
export class PermissionDeniedError extends APIError {}
/** 404: no such file. */
export class NotFoundError extends APIError {}
/** 429: too many requests, or the service is overloaded; try again later. */
export class RateLimitError extends APIError {}
/** `exceeded_current_quota_error`: the account is out of balance; retrying cannot help. */
export class QuotaExceededError extends APIError {}
/** 5xx: the service or a gateway in front of it failed. */
export class InternalServerError extends APIError {}

/** A 2xx answer whose body is not what the API promises. */
export class InvalidResponseError extends MoonshotError {
  /**
   * @param {string} message
   * @param {{ status?: number, requestId?: string, path?: string }} [fields]
   */
  constructor(message, fields = {}) {
    super(message, fields);
    /** Where in the body it went wrong, e.g. `data[3].bytes` (empty: the whole body). @type {string | undefined} */
    this.path = fields.path;
  }
}

/** No answer came: unreachable host, dropped connection, CORS refusal. */
export class ConnectionError extends MoonshotError {}

/** Refused before anything was sent: an argument or option is wrong. */
export class InvalidArgumentError extends MoonshotError {}

const classes = {
  MoonshotError,
  APIError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  RateLimitError,
  QuotaExceededError,
  InternalServerError,
  InvalidResponseError,
  ConnectionError,
  InvalidArgumentError,
};

// `name` set by hand: minifiers rename classes, and err.name must not change.
for (const [name, Class] of Object.entries(classes)) {
  Object.defineProperty(Class.prototype, 'name', { value: name, writable: true, configurable: true });
}

/**
 * Used by the wasm core only: builds the error of the class it chose.
 * @param {string} className
 * @param {string} message
 * @param {object} fields
 * @returns {MoonshotError}
 * @internal
 */
export function createError(className, message, fields) {
  const Class = Object.hasOwn(classes, className) ? classes[className] : MoonshotError;
  return new Class(message, fields);
}
