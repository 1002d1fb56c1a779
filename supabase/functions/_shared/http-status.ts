// The one SQLSTATE -> HTTP status map, for the edge functions and the SDK alike. It lives under
// supabase/functions because a function deployed by the Supabase CLI can only be sure of importing files
// from there; the SDK imports it from here. No imports, so both Deno and Node load it as it is.

/**
 * HTTP status for each SQLSTATE the API raises on purpose (PT...: PostgREST's own codes, which our
 * functions raise too), and for the Postgres errors whose meaning does not depend on the statement.
 */
export const STATUS_BY_SQLSTATE: Readonly<Record<string, number>> = Object.freeze({
  PT401: 401,
  PT403: 403,
  "42501": 403, // insufficient_privilege
  PT404: 404,
  PT409: 409,
  "23505": 409, // unique_violation
  PT413: 413,
  PT429: 429,
  "22023": 400, // invalid_parameter_value
  "22P02": 400, // invalid_text_representation
  "23514": 400, // check_violation
  // The same statement may well succeed on another try.
  "40001": 503, // serialization_failure
  "40P01": 503, // deadlock_detected
  "55P03": 503, // lock_not_available
  "57P01": 503, // admin_shutdown
});

// Whole classes that say the server, not the request, is unwell: connection exceptions (08),
// insufficient resources (53) and operator intervention (57P: shutdown, crash, cannot connect now), and a
// statement timeout (57014), which a quieter moment may well not hit.
const UNAVAILABLE_CLASS = /^(08|53|57P|57014)/;

// Whole classes that say the request's data is at fault (22, data exception: a NUL, a number out of
// range, bad JSON) or too complex for the server (54: nesting past the parser's stack): never worth a retry.
const CALLER_CLASS: Readonly<Record<string, number>> = Object.freeze({ "22": 400, "54": 413 });

/**
 * The HTTP status for a SQLSTATE: the map above, 400 or 413 for a class that is the caller's fault, 503
 * for a class that means "try again", else 500.
 *
 * @example
 * statusForSqlstate("PT429"); // 429
 * statusForSqlstate("XX000"); // 500
 */
export function statusForSqlstate(code: string): number {
  return STATUS_BY_SQLSTATE[code] ?? CALLER_CLASS[code.slice(0, 2)] ?? (UNAVAILABLE_CLASS.test(code) ? 503 : 500);
}

/**
 * Whether the same request may succeed later: nothing answered (0), a timeout (408), a rate limit
 * (429) or a server error (5xx). Every other 4xx needs a change by the caller first.
 */
export function isRetryable(status: number): boolean {
  return status === 0 || status === 408 || status === 429 || status >= 500;
}
