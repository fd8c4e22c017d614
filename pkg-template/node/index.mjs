// The Node entry for import: the same module instance as require() gets, so
// an error thrown through one is `instanceof` the classes of the other.
import cjs from './index.cjs';

export const {
  Moonshot,
  Files,
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
} = cjs;
