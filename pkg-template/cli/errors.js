// How a failure reaches the user: one line naming its class, status, and the
// service's request and trace ids, and the exit status. Pure, so it is tested
// as a unit.
import { printable } from './format.js';

/** Exit statuses: the README's "Command line" section documents them. */
export const EXIT = Object.freeze({ ok: 0, failed: 1, usage: 2, interrupted: 130 });

/**
 * A command's own refusal once the call has answered (bytes that are no text,
 * bound for a terminal): said as it is, with exit status 1.
 */
export class CommandError extends Error {
  name = 'CommandError';
}

/**
 * `NotFoundError 404 (request 0f3c…, trace 9a1e…): file not found: x`: the
 * class, the status, the ids Moonshot's support asks for (Msh-Request-Id and
 * X-Msh-Trace-Id, those the answer had), then what the service said, on one
 * line. The package's messages start with the status (`404 file not found`);
 * it is said once.
 */
export function describeError(err) {
  if (!(err instanceof Error)) return printable(`Error: ${String(err)}`);
  // Our own complaints (about the command line, or a refusal) need no class name.
  if (err.name === 'UsageError' || err.name === 'CommandError') return printable(err.message);
  /** What the package's errors (MoonshotError) carry besides. @type {{ name: string, status?: unknown, requestId?: string, traceId?: string }} */
  const fields = err;
  const status = Number.isInteger(fields.status) ? fields.status : undefined;
  let message = String(err.message ?? '').replace(/\s*\n\s*/g, ' ').trim();
  if (status !== undefined && message.startsWith(`${status} `)) message = message.slice(String(status).length + 1);
  const head = [err.name || 'Error', status, answerIds(fields)].filter((part) => part !== undefined).join(' ');
  return printable(message ? `${head}: ${message}` : head);
}

/**
 * `(request R, trace T)`, with those of the two the error has; undefined for neither.
 * @param {{ requestId?: string, traceId?: string }} ids
 */
function answerIds({ requestId, traceId }) {
  const ids = [requestId && `request ${requestId}`, traceId && `trace ${traceId}`].filter(Boolean);
  return ids.length > 0 ? `(${ids.join(', ')})` : undefined;
}

/**
 * The exit status of an error: 2 for bad arguments, ours (UsageError) or
 * the package's refusal before sending anything (InvalidArgumentError: an
 * empty file, a bad --base-url); 1 for the rest (the API, the network).
 */
export function exitStatusOf(err) {
  return err?.name === 'UsageError' || err?.name === 'InvalidArgumentError' ? EXIT.usage : EXIT.failed;
}

/** `text` with every occurrence of `secret` hidden: the last guard before stderr. */
export function redact(text, secret) {
  return secret ? text.split(secret).join('[redacted]') : text;
}
