// The SDK's error classes: what a transport's { data, error } carries, one class per thing a caller
// does differently (sign in again, slow down, fix the events, wait for the network).
import { isRetryable, STATUS_BY_SQLSTATE, statusForSqlstate } from "../supabase/functions/_shared/http-status.ts";

export { isRetryable, STATUS_BY_SQLSTATE, statusForSqlstate };

/** The fields every Vigil error has; a custom transport may return a plain object of this shape. */
export interface VigilErrorFields {
  message: string;
  /** HTTP status, or the status PostgREST would give the SQLSTATE; 0 when nothing answered. */
  status: number;
  /** SQLSTATE (PT401, PT413, PT429, 22023, ...) or a network error code, when known. */
  code?: string;
  /** True when the same request may succeed later (network failures, 5xx, 429, timeouts). */
  retryable: boolean;
  /** The server's Retry-After, when it gave one. */
  retryAfterMs?: number;
}

/**
 * Any failure of a Vigil call. Match a kind with `instanceof` (VigilAuthError, VigilRateLimitError,
 * VigilValidationError, VigilNetworkError); the fields are the same on all of them.
 *
 * @example
 * const { error } = await transport.send(events);
 * if (error instanceof VigilRateLimitError) await sleep(error.retryAfterMs ?? 60_000);
 */
export class VigilError extends Error implements VigilErrorFields {
  override name = "VigilError";
  readonly status: number;
  readonly code?: string;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;

  constructor(fields: VigilErrorFields) {
    super(fields.message);
    this.status = fields.status;
    this.retryable = fields.retryable;
    if (fields.code !== undefined) this.code = fields.code;
    if (fields.retryAfterMs !== undefined) this.retryAfterMs = fields.retryAfterMs;
  }
}

/** 401 or 403: the key or the session is missing, unknown, disabled, or not allowed to do this. */
export class VigilAuthError extends VigilError {
  override name = "VigilAuthError";
}

/** 429: over the key's budget; retryAfterMs says when the next one starts, when the server said. */
export class VigilRateLimitError extends VigilError {
  override name = "VigilRateLimitError";
}

/** 400, 409, 413 or 422: the request itself is wrong (malformed, too large, a conflict); sending it again will not help. */
export class VigilValidationError extends VigilError {
  override name = "VigilValidationError";
}

/** Nothing answered (status 0): offline, DNS, a refused or dropped connection, a timeout. */
export class VigilNetworkError extends VigilError {
  override name = "VigilNetworkError";
}

/** The class a status calls for. */
function classFor(status: number): typeof VigilError {
  if (status === 0) return VigilNetworkError;
  if (status === 401 || status === 403) return VigilAuthError;
  if (status === 429) return VigilRateLimitError;
  if (status === 400 || status === 409 || status === 413 || status === 422) return VigilValidationError;
  return VigilError;
}

/**
 * The typed error for a failure's fields; an error that already is a VigilError is returned as it is.
 *
 * @example
 * toVigilError({ message: "over budget", status: 429, code: "PT429", retryable: true }) instanceof VigilRateLimitError; // true
 */
export function toVigilError(fields: VigilErrorFields): VigilError {
  if (fields instanceof VigilError) return fields;
  const Class = classFor(fields.status);
  return new Class(fields);
}

/** The typed error for a SQLSTATE raised by the API, with its status and whether to retry. */
export function errorForSqlstate(code: string, message: string): VigilError {
  const status = statusForSqlstate(code);
  return toVigilError({ message, status, code, retryable: isRetryable(status) });
}
