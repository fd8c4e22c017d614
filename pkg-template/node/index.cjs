// The Node entry for require(). wasm-bindgen's Node glue instantiates the
// wasm synchronously when first required: no init() step.
'use strict';

const { Moonshot, Files } = require('./moonshot_files.js');
const errors = require('./errors.js');

module.exports = {
  Moonshot,
  Files,
  MoonshotError: errors.MoonshotError,
  APIError: errors.APIError,
  BadRequestError: errors.BadRequestError,
  AuthenticationError: errors.AuthenticationError,
  PermissionDeniedError: errors.PermissionDeniedError,
  NotFoundError: errors.NotFoundError,
  RateLimitError: errors.RateLimitError,
  QuotaExceededError: errors.QuotaExceededError,
  InternalServerError: errors.InternalServerError,
  InvalidResponseError: errors.InvalidResponseError,
  ConnectionError: errors.ConnectionError,
  InvalidArgumentError: errors.InvalidArgumentError,
};
