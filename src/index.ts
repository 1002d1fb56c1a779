// Vigil's TypeScript SDK: one package for browsers, Node and Deno.
export { createVigil } from "./vigil.ts";
export type {
  BrowserOptions, Clock, LogLevel, Logger, Span, TrackContext, UserContext, Vigil, VigilOptions, VigilStats,
} from "./types.ts";
export { httpTransport, postgresTransport, supabaseTransport } from "./transports.ts";
export type { IngestResult, SendOptions, SendResult, SqlLike, SupabaseLike, Transport, TransportError } from "./transports.ts";
export { withVigil } from "./with-vigil.ts";
export type { WithVigilOptions } from "./with-vigil.ts";
export { currentContext, parseTraceparent, traceparent } from "./context.ts";
export type { TraceContext } from "./context.ts";
export { cleanEvent, EVENT_KINDS, EventSchema, LIMITS, validateEvent, wireJson } from "./events.ts";
export { EVENT_FIELDS, renderRulesTable } from "./event-contract.ts";
export type { EventKind, VigilEvent } from "./events.ts";
export {
  errorForSqlstate, isRetryable, STATUS_BY_SQLSTATE, statusForSqlstate, toVigilError,
  VigilAuthError, VigilError, VigilNetworkError, VigilRateLimitError, VigilValidationError,
} from "./errors.ts";
export type { VigilErrorFields } from "./errors.ts";
export type { Database, Json } from "./database.types.ts";
