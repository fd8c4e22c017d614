// What some runtimes add to the globals js/ runs with (the web's), which it
// tests for before use; for `make lint` (js/tsconfig.json), never shipped.

interface ErrorConstructor {
  /** V8's and JavaScriptCore's: gives `error` a stack from the caller of `from` up. */
  captureStackTrace?(error: object, from?: Function): void;
}
