// Types generated from the Rust definitions (wasm-bindgen and tsify) and
// from the error classes' JSDoc; the same for every entry point.
export { Moonshot, Files } from './node/moonshot_files.js';
export type { ClientOptions, FileObject, FileList, Purpose, FileStatus } from './node/moonshot_files.js';
export {
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
} from './errors.js';
