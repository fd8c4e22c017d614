// The error classes of moonshot-files. The wasm core decides which class an
// error is (src/error.rs) and builds it through create-error.js; this file
// only gives JS users real classes to test with `instanceof`. One source: the
// build copies it beside the browser glue and converts it for Node's CommonJS.

/** Every error this package throws. */
export class MoonshotError extends Error {
  /**
   * @param {string} message
   * @param {{ status?: number, type?: string, code?: string, param?: string, requestId?: string, traceId?: string, attempts?: number, cause?: unknown }} [fields]
   */
  constructor(message, fields = {}) {
    super(message, fields.cause === undefined ? undefined : { cause: fields.cause });
    /** The HTTP status, where an answer came. @type {number | undefined} */
    this.status = fields.status;
    /** `error.type` of the error body, e.g. `invalid_authentication_error`. @type {string | undefined} */
    this.type = fields.type;
    /** `error.code` of the error body. @type {string | undefined} */
    this.code = fields.code;
    /** The dated API's `error.param`: the field a bad parameter names. @type {string | undefined} */
    this.param = fields.param;
    /** The `Msh-Request-Id` header (or a gateway's `x-request-id`), to quote to Moonshot's support. @type {string | undefined} */
    this.requestId = fields.requestId;
    /** The `X-Msh-Trace-Id` header, which support may ask for too. @type {string | undefined} */
    this.traceId = fields.traceId;
    /** Requests sent for the call, retries included (0: refused before sending). @type {number} */
    this.attempts = fields.attempts ?? 0;
  }
}

/** The service answered with an error status. */
export class APIError extends MoonshotError {
  /**
   * @param {string} message
   * @param {{ status?: number, type?: string, code?: string, param?: string, requestId?: string, traceId?: string, attempts?: number, retryAfterMs?: number, hint?: string }} [fields]
   */
  constructor(message, fields = {}) {
    super(message, fields);
    /** What to do about it, where the client can tell (a refused key's likely cause, a base URL without /v1); the message ends with it too. @type {string | undefined} */
    this.hint = fields.hint;
    /** The wait the service asked for, from a `Retry-After` header or its message ("please try again after 1 seconds"). @type {number | undefined} */
    this.retryAfterMs = fields.retryAfterMs;
  }
}
/** 400: bad parameters or a limit reached. */
export class BadRequestError extends APIError {}
/** 401: a missing or wrong API key. */
export class AuthenticationError extends APIError {}
/** 403: not allowed. */
export class PermissionDeniedError extends APIError {}
/** 404: no such file. */
export class NotFoundError extends APIError {}
/** 409, the dated API's `conflict_error`: an `Idempotency-Key` reused for another upload, or while its first is still running. Never retried. */
export class ConflictError extends APIError {}
/** 429: too many requests, or the service is overloaded; try again later. */
export class RateLimitError extends APIError {
  /**
   * @param {string} message
   * @param {{ status?: number, type?: string, code?: string, requestId?: string, traceId?: string, attempts?: number, retryAfterMs?: number, limit?: 'concurrency' | 'rpm' | 'tpm' | 'tpd' | 'overloaded', limitValue?: number }} [fields]
   */
  constructor(message, fields = {}) {
    super(message, fields);
    /** Which limit the service says was reached, where it says. @type {'concurrency' | 'rpm' | 'tpm' | 'tpd' | 'overloaded' | undefined} */
    this.limit = fields.limit;
    /** The limit's number as the service named it: 1 of "max concurrency: 1". @type {number | undefined} */
    this.limitValue = fields.limitValue;
  }
}
/** `exceeded_current_quota_error`: the account is out of balance, or suspended; retrying cannot help. */
export class QuotaExceededError extends APIError {}
/** 5xx: the service or a gateway in front of it failed. */
export class InternalServerError extends APIError {}

/** A 2xx answer whose body is not what the API promises. */
export class InvalidResponseError extends MoonshotError {
  /**
   * @param {string} message
   * @param {{ status?: number, requestId?: string, attempts?: number, path?: string }} [fields]
   */
  constructor(message, fields = {}) {
    super(message, fields);
    /** Where in the body it went wrong, e.g. `data[3].bytes` (empty: the whole body). @type {string | undefined} */
    this.path = fields.path;
  }
}

/** No answer came: unreachable host, dropped connection, CORS refusal, a redirect. */
export class ConnectionError extends MoonshotError {}
/** An attempt took longer than its `timeout` (waiting for the headers or the body). */
export class TimeoutError extends MoonshotError {}
/** The call's `signal` fired. */
export class AbortError extends MoonshotError {}

/** Refused before anything was sent: an argument or option is wrong. */
export class InvalidArgumentError extends MoonshotError {}

/** `waitForProcessing`: the service could not process the file. */
export class FileProcessingError extends MoonshotError {
  /**
   * @param {string} message
   * @param {{ fileId?: string, statusDetails?: string, attempts?: number }} [fields]
   */
  constructor(message, fields = {}) {
    super(message, fields);
    /** @type {string | undefined} */
    this.fileId = fields.fileId;
    /** The service's `status_details`. @type {string | undefined} */
    this.statusDetails = fields.statusDetails;
  }
}

/** `waitForProcessing`: the file was still processing after `maxWait`. */
export class WaitTimeoutError extends MoonshotError {
  /**
   * @param {string} message
   * @param {{ fileId?: string, attempts?: number }} [fields]
   */
  constructor(message, fields = {}) {
    super(message, fields);
    /** @type {string | undefined} */
    this.fileId = fields.fileId;
  }
}

/** `extract`: the file it uploaded could not be deleted afterwards; `cause` says why. */
export class CleanupError extends MoonshotError {
  /**
   * @param {string} message
   * @param {{ fileId?: string, cause?: unknown, extractionError?: MoonshotError, attempts?: number }} [fields]
   */
  constructor(message, fields = {}) {
    super(message, fields);
    /** The file still in the account. @type {string | undefined} */
    this.fileId = fields.fileId;
    /** How the extraction itself failed, if it did. @type {MoonshotError | undefined} */
    this.extractionError = fields.extractionError;
  }
}

/** `prune`: some of the files it chose could not be deleted. */
export class PruneError extends MoonshotError {
  /**
   * @param {string} message
   * @param {{ deleted?: string[], failed?: { id: string, error: MoonshotError }[], attempts?: number }} [fields]
   */
  constructor(message, fields = {}) {
    super(message, fields);
    /** The ids of the files deleted (or already gone). @type {string[]} */
    this.deleted = fields.deleted ?? [];
    /** The files still there, each with why. @type {{ id: string, error: MoonshotError }[]} */
    this.failed = fields.failed ?? [];
  }
}
