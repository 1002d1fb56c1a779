// The SDK's public types: the options createVigil takes and the client it returns. Types only, so any
// module may import them without pulling in another's code.
import type { Span } from "./context.ts";
import type { EventKind, VigilEvent } from "./events.ts";
import type { Transport, TransportError } from "./transports.ts";

export type LogLevel = "debug" | "info" | "warn" | "error" | "critical";

export interface Clock {
  /** Wall-clock milliseconds since the epoch: occurred_at. */
  now(): number;
  /** Monotonic milliseconds: durations. Defaults to performance.now(). */
  monotonic?(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface UserContext {
  id?: string;
  [trait: string]: unknown;
}

export interface VigilOptions {
  transport: Transport;
  release?: string;
  environment?: string;
  /** Where events come from: `browser`, `server`, `edge_function`... Defaults by runtime. */
  source?: string;
  /** Send when this many events are queued (default 20). */
  batchSize?: number;
  /** Send at least this often while events are queued (default 5,000 ms). */
  flushIntervalMs?: number;
  /** Queue bound (default 1,000): beyond it the oldest events are dropped and counted. */
  maxQueue?: number;
  /** Events per request at most (default 500, never above the server's cap of 1,000). */
  maxBatchEvents?: number;
  /** Fraction of events kept per kind, 0..1 (default 1 for every kind). */
  sampleRates?: Partial<Record<EventKind, number>>;
  /** Attempts for one batch before it is counted as failed (default 5). */
  maxAttempts?: number;
  /** First retry delay (default 1,000 ms), doubled per attempt up to maxBackoffMs (default 30,000), with jitter. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** trackQuery flags calls slower than this (default 1,000 ms). */
  slowQueryMs?: number;
  /** Breadcrumbs kept for errors (default 20). */
  maxBreadcrumbs?: number;
  /** Log invalid or rejected events and transport failures to the console. Defaults to environment === 'development'. */
  debug?: boolean;
  /** Also print logger entries to the console as JSON lines. */
  console?: boolean;
  /**
   * Add a W3C `traceparent` header to outgoing fetches made inside track(): true for every URL
   * (in a browser: same-origin URLs only, since a new header makes cross-origin requests preflighted),
   * or a predicate on the URL. vigil.fetch always does it; `patchFetch` makes globalThis.fetch do it too.
   */
  traceparent?: boolean | ((url: string) => boolean);
  patchFetch?: boolean;
  /** Browser instrumentation (page views, SPA navigation, errors, web vitals, unload flush). Default: on in browsers. */
  browser?: boolean | BrowserOptions;
  user?: UserContext;
  sessionId?: string;
  clock?: Clock;
  random?: () => number;
}

export interface BrowserOptions {
  pageViews?: boolean;
  errors?: boolean;
  webVitals?: boolean;
  /** Record clicks on elements with a data-vigil-action attribute as user actions. */
  actions?: boolean;
  /** Report web vitals on every change rather than once at the end (CLS, INP, LCP). */
  reportAllChanges?: boolean;
}

export interface VigilStats {
  /** Events waiting to be sent (including a batch in flight). */
  queued: number;
  /** Events the server accepted. */
  sent: number;
  /** Events dropped by the SDK: queue overflow, invalid, or recorded after shutdown. */
  dropped: number;
  /** Events given up on after a send failed for good (non-retryable, or out of attempts). */
  failed: number;
  /** Of dropped: invalid against the shared schema. */
  invalid: number;
  /** Of dropped: pushed out of a full queue. */
  overflow: number;
  /** Events the server rejected one by one ({rejected} of a 200). */
  rejected: number;
  /** Events not recorded because of sampling (not counted as dropped). */
  sampledOut: number;
  /** Send attempts that failed and were retried. */
  retries: number;
  lastError: TransportError | null;
}

export interface TrackContext {
  /** Event fields to add (user_id, attributes, ...). */
  attributes?: Record<string, unknown>;
  user_id?: string;
  session_id?: string;
  /** The kind to record under (default `operation`). */
  kind?: EventKind;
}

/** What a tracked function receives: its correlation id and the header to pass on. */
export type { Span };

export interface Logger {
  debug(message: string, attributes?: Record<string, unknown>): void;
  info(message: string, attributes?: Record<string, unknown>): void;
  warn(message: string, attributes?: Record<string, unknown>): void;
  error(message: string, attributes?: Record<string, unknown>): void;
  critical(message: string, attributes?: Record<string, unknown>): void;
}

export interface Vigil {
  track<T>(name: string, fn: (span: Span) => T, context?: TrackContext): T;
  trackQuery<T>(name: string, fn: (span: Span) => T, opts?: { slowMs?: number } & TrackContext): T;
  recordApiCall(endpoint: string, durationMs: number, status: number, extra?: Partial<VigilEvent>): void;
  recordPageView(path: string, attributes?: Record<string, unknown>): void;
  recordError(error: unknown, context?: { attributes?: Record<string, unknown>; fingerprint?: string; user?: UserContext; handled?: boolean }): void;
  recordUserAction(action: string, props?: Record<string, unknown>): void;
  milestone(step: string, props?: Record<string, unknown>): void;
  cacheHit(name: string, layer?: string): void;
  cacheMiss(name: string, layer?: string): void;
  fallback(name: string, layer: string, success?: boolean): void;
  recordWebVital(name: "LCP" | "INP" | "CLS" | "FCP" | "TTFB", value: number, attributes?: Record<string, unknown>): void;
  /** Any event, e.g. kind `custom`; sampled, validated and queued like the rest. */
  record(event: VigilEvent): void;
  log: Logger;
  /** fetch with a traceparent header from the current tracked call (when there is one). */
  fetch: typeof fetch;
  setUser(user: UserContext | null): void;
  addBreadcrumb(type: string, message: string, data?: Record<string, unknown>): void;
  /** Sends everything queued now (ignoring any backoff); resolves when done, never rejects. */
  flush(opts?: { keepalive?: boolean }): Promise<VigilStats>;
  /** Stops timers and listeners, flushes (within timeoutMs, default 5,000) and records nothing more. */
  shutdown(opts?: { timeoutMs?: number }): Promise<VigilStats>;
  stats(): VigilStats;
  readonly sessionId: string;
}
