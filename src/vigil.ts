// createVigil: the SDK's client. Records events into a bounded queue and sends them in batches off the
// caller's path; nothing here throws into the app or waits on the network in the app's stead.
import { childContext, currentContext, runInContext, type Span, traceparent, type TraceContext } from "./context.ts";
import { type EventKind, LIMITS, makeEventSchema, type VigilEvent } from "./events.ts";
import type { IngestResult, Transport, TransportError } from "./transports.ts";

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

interface Breadcrumb {
  type: string;
  message: string;
  at: string;
  data?: Record<string, unknown>;
}

// Where a queued event keeps its time until it is sent; a symbol, so JSON and zod never see it.
const AT: unique symbol = Symbol("vigil.at");
type Queued = VigilEvent & { [AT]: number };

const defaultClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimeout: (fn, ms) => {
    const h = setTimeout(fn, ms) as unknown as { unref?: () => void };
    // A pending flush must not keep a Node script alive; shutdown() is how to wait for it.
    h?.unref?.();
    return h;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

// Read through globalThis so the module type-checks where the DOM library is absent (Deno).
const isBrowser = typeof (globalThis as { window?: unknown }).window !== "undefined" &&
  typeof (globalThis as { document?: unknown }).document !== "undefined";

function defaultSource(): string {
  if (isBrowser) return "browser";
  if ((globalThis as { Deno?: unknown }).Deno) return "deno";
  return "server";
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max - 1) + "…";
}

function describeError(error: unknown): { type: string; message: string; stack?: string } {
  if (error instanceof Error) {
    return { type: error.name || error.constructor?.name || "Error", message: String(error.message), stack: error.stack };
  }
  if (error && typeof error === "object") {
    const e = error as { name?: unknown; message?: unknown; stack?: unknown };
    if (typeof e.message === "string") {
      return { type: typeof e.name === "string" && e.name ? e.name : "Error", message: e.message, stack: typeof e.stack === "string" ? e.stack : undefined };
    }
  }
  let message: string;
  try {
    message = typeof error === "string" ? error : JSON.stringify(error) ?? String(error);
  } catch {
    message = String(error);
  }
  return { type: "NonError", message };
}

// FNV-1a over the error type, the message with numbers and ids blanked, and the first stack frame:
// the same bug gives the same group whatever the ids in its message.
function fingerprintOf(type: string, message: string, stack?: string): string {
  const frame = stack?.split("\n").map((l) => l.trim()).find((l) => l.startsWith("at ") || l.includes("@")) ?? "";
  const text = `${type}|${message.replace(/[0-9a-f]{8,}|\d+/gi, "#")}|${frame.replace(/:\d+:\d+\)?$/, "")}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

// One session per browser tab, across page loads: sessionStorage lives exactly that long.
function browserSession(): string | undefined {
  if (!isBrowser) return undefined;
  try {
    const store = (globalThis as { sessionStorage?: Storage }).sessionStorage;
    const found = store?.getItem("vigil.session");
    if (found) return found;
    const id = `s_${childContext().traceId.slice(0, 20)}`;
    store?.setItem("vigil.session", id);
    return id;
  } catch {
    // Storage can be disabled or throw in private modes.
    return undefined;
  }
}

/** UTF-8 bytes of a string without encoding it (lone surrogates count as the 3-byte U+FFFD). */
function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 2;
      i++;
    } else n += 2;
  }
  return n;
}

// jsonb's text adds one space per ':' and ','; `{"a":1,"b":2}` grows by 23%. 1.35 bounds it for any
// event with short keys, so a batch sized here is never refused as over 1 MB.
const JSONB_OVERHEAD = 1.35;

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return v !== null && (typeof v === "object" || typeof v === "function") && typeof (v as { then?: unknown }).then === "function";
}

/**
 * Creates a Vigil client.
 *
 * @example
 * const vigil = createVigil({ transport: httpTransport({ url, key }), release: "web@1.4.2" });
 * const order = await vigil.track("checkout", () => api.checkout(cart));
 * vigil.log.info("order placed", { order_id: order.id });
 */
export function createVigil(options: VigilOptions): Vigil {
  const clock = options.clock ?? defaultClock;
  const monotonic = () => (clock.monotonic ? clock.monotonic() : clock.now());
  const random = options.random ?? Math.random;
  const transport = options.transport;
  const batchSize = Math.max(1, options.batchSize ?? 20);
  const flushIntervalMs = Math.max(0, options.flushIntervalMs ?? 5000);
  const maxQueue = Math.max(1, options.maxQueue ?? 1000);
  const maxBatchEvents = Math.min(LIMITS.maxBatchEvents, Math.max(1, options.maxBatchEvents ?? 500));
  // Sized as the server counts (jsonb text), with a margin for what the estimate cannot see.
  const maxBatchBytes = Math.floor(LIMITS.maxBatchBytes * 0.9);
  // The shared schema, on the client's clock so occurred_at is judged against the time it was given.
  const schema = makeEventSchema(() => clock.now());
  // Browsers refuse keepalive requests once 64 KB are in flight.
  const keepaliveBytes = 60 * 1024;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 5);
  const backoffMs = options.backoffMs ?? 1000;
  const maxBackoffMs = options.maxBackoffMs ?? 30000;
  const slowQueryMs = options.slowQueryMs ?? 1000;
  const maxBreadcrumbs = options.maxBreadcrumbs ?? 20;
  const debug = options.debug ?? options.environment === "development";
  const source = options.source ?? defaultSource();
  const sessionId = options.sessionId ?? browserSession() ?? `s_${childContext().traceId.slice(0, 20)}`;

  const queue: Queued[] = [];
  let inFlight: VigilEvent[] = [];
  const breadcrumbs: Breadcrumb[] = [];
  let user: UserContext | null = options.user ?? null;
  let timer: unknown = null;
  let timerDue = 0;
  let sending: Promise<void> | null = null;
  let attempt = 0;
  let backoffUntil = 0;
  let closed = false;
  const cleanups: (() => void)[] = [];
  const s: VigilStats = {
    queued: 0, sent: 0, dropped: 0, failed: 0, invalid: 0, overflow: 0, rejected: 0, sampledOut: 0, retries: 0, lastError: null,
  };

  const say = (msg: string, detail?: unknown) => {
    if (!debug) return;
    try {
      console.warn(`[vigil] ${msg}`, detail ?? "");
    } catch {
      // A console that throws is not the app's problem either.
    }
  };

  const stats = (): VigilStats => ({ ...s, queued: queue.length + inFlight.length });

  function schedule(ms: number) {
    const due = clock.now() + ms;
    if (timer !== null && timerDue <= due) return;
    if (timer !== null) clock.clearTimeout(timer);
    timerDue = due;
    timer = clock.setTimeout(() => {
      timer = null;
      void drain(false);
    }, ms);
  }

  function enqueue(event: VigilEvent) {
    try {
      if (closed) {
        s.dropped++;
        return;
      }
      const rate = options.sampleRates?.[event.kind];
      if (rate !== undefined && rate < 1 && !(random() < rate)) {
        s.sampledOut++;
        return;
      }
      // Filled in place (every caller hands over an object of its own): no copies on the hot path.
      // occurred_at stays a number until the batch is built, as toISOString() would be a large share
      // of what a tracked call costs.
      const full = event as Queued;
      full[AT] = clock.now();
      if (full.session_id === undefined) full.session_id = sessionId;
      if (full.source === undefined) full.source = source;
      if (full.release === undefined && options.release) full.release = options.release;
      if (full.environment === undefined && options.environment) full.environment = options.environment;
      if (full.user_id === undefined && user?.id) full.user_id = String(user.id);
      if (full.trace_id === undefined) {
        const ctx = currentContext();
        if (ctx) full.trace_id = ctx.traceId;
      }
      queue.push(full);
      while (queue.length + inFlight.length > maxQueue && queue.length > 0) {
        queue.shift();
        s.dropped++;
        s.overflow++;
      }
      if (queue.length >= batchSize && clock.now() >= backoffUntil) schedule(0);
      else schedule(Math.max(flushIntervalMs, backoffUntil - clock.now()));
    } catch (err) {
      say("could not queue an event", err);
    }
  }

  // Validation happens here, off the caller's path: a zod parse per event is the costliest thing the
  // SDK does, and track() must stay within a few microseconds.
  function takeBatch(limitBytes: number): VigilEvent[] {
    const batch: VigilEvent[] = [];
    let bytes = 2;
    while (queue.length > 0 && batch.length < maxBatchEvents) {
      const head = queue[0];
      if (head.occurred_at === undefined) head.occurred_at = new Date(head[AT]).toISOString();
      delete (head as Partial<Queued>)[AT];
      const checked = schema.safeParse(head);
      if (!checked.success) {
        const bad = queue.shift();
        s.dropped++;
        s.invalid++;
        say(`dropped an invalid event: ${checked.error.issues[0]?.message ?? "invalid event"}`, bad);
        continue;
      }
      // Sent as given, not as parsed: zod's output would add nothing and cost a copy. The size is the
      // request's UTF-8 bytes; the server counts jsonb text, which adds a space after each ':' and ','.
      const size = utf8Length(JSON.stringify(head)) + 1;
      const cost = limitBytes === maxBatchBytes ? Math.ceil(size * JSONB_OVERHEAD) : size;
      if (batch.length > 0 && bytes + cost > limitBytes) break;
      const event = queue.shift()!;
      if (cost > limitBytes) {
        // One event bigger than a whole keepalive request: better lost than blocking the rest.
        s.dropped++;
        continue;
      }
      batch.push(event);
      bytes += cost;
    }
    return batch;
  }

  function applyResult(batch: VigilEvent[], data: IngestResult) {
    s.sent += data.accepted;
    s.rejected += data.rejected.length;
    for (const r of data.rejected) say(`the server rejected an event: ${r.reason}`, batch[r.index]);
  }

  // One batch at a time, in order. Returns when the queue is empty, a send failed (and a retry is
  // scheduled), or the batch was given up on.
  async function drain(force: boolean): Promise<void> {
    if (sending) {
      while (sending) await sending;
      if (!force) return;
    }
    if (!force && clock.now() < backoffUntil) {
      schedule(backoffUntil - clock.now());
      return;
    }
    const run = (async () => {
      while (queue.length > 0) {
        const batch = takeBatch(maxBatchBytes);
        if (batch.length === 0) continue;
        inFlight = batch;
        let result;
        try {
          result = await transport.send(batch);
        } catch (err) {
          result = { data: null, error: { message: String(err), status: 0, retryable: true } as TransportError };
        }
        inFlight = [];
        if (result.error === null) {
          attempt = 0;
          backoffUntil = 0;
          applyResult(batch, result.data);
          continue;
        }
        s.lastError = result.error;
        attempt++;
        if (!result.error.retryable || attempt >= maxAttempts) {
          say(`gave up on ${batch.length} events: ${result.error.message}`);
          s.failed += batch.length;
          attempt = 0;
          backoffUntil = 0;
          if (!result.error.retryable) continue;
          // The server is still unwell: the rest waits for the next interval rather than a tight loop.
          if (queue.length > 0 && !closed) schedule(flushIntervalMs);
          return;
        }
        s.retries++;
        say(`send failed (attempt ${attempt} of ${maxAttempts}), retrying: ${result.error.message}`);
        // Back to the front, in order; the bound still holds, oldest first out.
        queue.unshift(...(batch as Queued[]));
        while (queue.length > maxQueue) {
          queue.shift();
          s.dropped++;
          s.overflow++;
        }
        const delay = Math.min(maxBackoffMs, backoffMs * 2 ** (attempt - 1));
        const wait = Math.max(result.error.retryAfterMs ?? 0, delay * (0.5 + 0.5 * random()));
        backoffUntil = clock.now() + wait;
        if (timer !== null) clock.clearTimeout(timer);
        timer = null;
        if (!closed) schedule(wait);
        return;
      }
    })();
    sending = run;
    try {
      await run;
    } finally {
      if (sending === run) sending = null;
    }
  }

  // The page is going away: whatever is started synchronously now is all that will be started. One
  // keepalive request (browsers allow 64 KB of them in flight), its outcome counted if the page lives.
  function flushKeepalive() {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
    const batch = takeBatch(transport.supportsKeepalive ? keepaliveBytes : maxBatchBytes);
    if (batch.length === 0) return Promise.resolve();
    return transport.send(batch, { keepalive: transport.supportsKeepalive === true }).then(
      (r) => {
        if (r.error === null) applyResult(batch, r.data);
        else {
          s.lastError = r.error;
          s.failed += batch.length;
        }
      },
      () => {
        s.failed += batch.length;
      },
    );
  }

  function addBreadcrumb(type: string, message: string, data?: Record<string, unknown>) {
    try {
      breadcrumbs.push({ type, message: truncate(String(message), 200), at: new Date(clock.now()).toISOString(), ...(data ? { data } : {}) });
      if (breadcrumbs.length > maxBreadcrumbs) breadcrumbs.shift();
    } catch {
      // ignore
    }
  }

  function finish(name: string, kind: EventKind, started: number, ok: boolean, error: unknown, ctx: TraceContext, extra?: TrackContext, attrs?: Record<string, unknown>) {
    try {
      const duration = Math.max(0, monotonic() - started);
      const ev: VigilEvent = {
        kind,
        name,
        duration_ms: Math.round(duration * 1000) / 1000,
        success: ok,
        trace_id: ctx.traceId,
      };
      if (extra?.user_id) ev.user_id = extra.user_id;
      if (extra?.session_id) ev.session_id = extra.session_id;
      if (!ok) {
        const d = describeError(error);
        ev.error_type = truncate(d.type, 200);
        ev.error_message = truncate(d.message, 4000);
      }
      if (extra?.attributes || attrs) ev.attributes = { ...extra?.attributes, ...attrs };
      enqueue(ev);
    } catch (err) {
      say("could not record a tracked call", err);
    }
  }

  function track<T>(name: string, fn: (span: Span) => T, context?: TrackContext, extraAttrs?: (ms: number) => Record<string, unknown> | undefined): T {
    let ctx: Span;
    let started: number;
    try {
      ctx = childContext();
      started = monotonic();
    } catch {
      return fn(undefined as unknown as Span);
    }
    const kind = context?.kind ?? "operation";
    const attrs = () => extraAttrs?.(monotonic() - started);
    let result: T;
    try {
      result = runInContext(ctx, () => fn(ctx as Span));
    } catch (err) {
      finish(name, kind, started, false, err, ctx, context, attrs());
      throw err;
    }
    if (!isThenable(result)) {
      finish(name, kind, started, true, undefined, ctx, context, attrs());
      return result;
    }
    if (result instanceof Promise) {
      // The caller gets the very promise fn returned; our handlers hang off a branch of it.
      result.then(
        () => finish(name, kind, started, true, undefined, ctx, context, attrs()),
        (err) => finish(name, kind, started, false, err, ctx, context, attrs()),
      );
      return result;
    }
    // A thenable that is not a Promise (a query builder) may run again on every then(): subscribe once
    // and hand back a promise of the same outcome.
    return Promise.resolve(result).then(
      (v) => {
        finish(name, kind, started, true, undefined, ctx, context, attrs());
        return v;
      },
      (err) => {
        finish(name, kind, started, false, err, ctx, context, attrs());
        throw err;
      },
    ) as T;
  }

  function trackQuery<T>(name: string, fn: (span: Span) => T, opts?: { slowMs?: number } & TrackContext): T {
    const limit = opts?.slowMs ?? slowQueryMs;
    return track(name, fn, opts, (ms) => (ms > limit ? { query: true, slow: true, slow_threshold_ms: limit } : { query: true }));
  }

  function log(level: LogLevel, message: string, attributes?: Record<string, unknown>) {
    try {
      const ctx = currentContext();
      const text = String(message);
      const attrs: Record<string, unknown> = { ...attributes, level };
      if (ctx) attrs.correlation_id = ctx.traceId;
      if (text.length > 200) attrs.message = truncate(text, 2000);
      enqueue({ kind: "log", name: truncate(text, 200), attributes: attrs, ...(level === "error" || level === "critical" ? { success: false } : {}) });
      if (level !== "debug") addBreadcrumb("log", text, { level });
      if (options.console) {
        const line = JSON.stringify({ at: new Date(clock.now()).toISOString(), level, message: text, ...attrs });
        (level === "error" || level === "critical" ? console.error : level === "warn" ? console.warn : console.log)(line);
      }
    } catch {
      // never into the caller
    }
  }

  function wantsTraceparent(url: string): boolean {
    const opt = options.traceparent;
    if (!opt) return false;
    if (typeof opt === "function") {
      try {
        return opt(url);
      } catch {
        return false;
      }
    }
    if (!isBrowser) return true;
    try {
      return new URL(url, location.href).origin === location.origin;
    } catch {
      return false;
    }
  }

  const globalFetch: typeof fetch | undefined = typeof globalThis.fetch === "function" ? globalThis.fetch : undefined;
  const originalFetch = globalFetch?.bind(globalThis);

  function withTraceparent(input: RequestInfo | URL, init?: RequestInit): RequestInit | undefined {
    const ctx = currentContext();
    if (!ctx) return init;
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (!wantsTraceparent(url)) return init;
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    if (!headers.has("traceparent")) headers.set("traceparent", traceparent({ traceId: ctx.traceId, spanId: ctx.spanId }));
    return { ...init, headers };
  }

  const tracedFetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    let next = init;
    try {
      next = withTraceparent(input, init);
    } catch {
      next = init;
    }
    return (originalFetch ?? globalThis.fetch)(input, next);
  }) as typeof fetch;

  if (options.patchFetch && options.traceparent && originalFetch) {
    globalThis.fetch = tracedFetch;
    cleanups.push(() => {
      if (globalThis.fetch === tracedFetch) globalThis.fetch = globalFetch!;
    });
  }

  const safe = <A extends unknown[]>(fn: (...a: A) => void) => (...a: A) => {
    try {
      fn(...a);
    } catch (err) {
      say("internal error", err);
    }
  };

  const vigil: Vigil = {
    sessionId,
    track: (name, fn, context) => track(name, fn, context),
    trackQuery,
    recordApiCall: safe((endpoint: string, durationMs: number, status: number, extra?: Partial<VigilEvent>) => {
      enqueue({
        kind: "api_call", name: truncate(String(endpoint), 200), duration_ms: Math.max(0, Number(durationMs) || 0),
        ...(status >= 100 && status <= 599 ? { status_code: Math.trunc(status) } : {}),
        success: status > 0 && status < 500,
        ...extra,
      });
    }),
    recordPageView: safe((path: string, attributes?: Record<string, unknown>) => {
      addBreadcrumb("navigation", path);
      enqueue({ kind: "page_view", name: truncate(String(path), 200), ...(attributes ? { attributes } : {}) });
    }),
    recordError: safe((error: unknown, context?: { attributes?: Record<string, unknown>; fingerprint?: string; user?: UserContext; handled?: boolean }) => {
      const d = describeError(error);
      const who = context?.user ?? user;
      const attributes: Record<string, unknown> = { ...context?.attributes };
      if (context?.handled !== undefined) attributes.handled = context.handled;
      if (who) attributes.user = who;
      // attributes are capped at 8 KB: the stack gets 4 KB, breadcrumbs what is left.
      if (d.stack) attributes.stack = truncate(d.stack, 4000);
      const crumbs = [...breadcrumbs];
      let fitted: Record<string, unknown> = { ...attributes, breadcrumbs: crumbs };
      while (crumbs.length > 0 && utf8Length(JSON.stringify(fitted)) > 6000) {
        crumbs.shift();
        fitted = { ...attributes, breadcrumbs: crumbs };
      }
      enqueue({
        kind: "error",
        name: truncate(d.type, 200),
        error_type: truncate(d.type, 200),
        error_message: truncate(d.message, 4000),
        fingerprint: context?.fingerprint ?? fingerprintOf(d.type, d.message, d.stack),
        success: false,
        ...(who?.id ? { user_id: String(who.id) } : {}),
        attributes: fitted,
      });
    }),
    recordUserAction: safe((action: string, props?: Record<string, unknown>) => {
      addBreadcrumb("action", action, props);
      enqueue({ kind: "user_action", name: truncate(String(action), 200), ...(props ? { attributes: props } : {}) });
    }),
    milestone: safe((step: string, props?: Record<string, unknown>) => {
      enqueue({ kind: "milestone", name: truncate(String(step), 200), ...(props ? { attributes: props } : {}) });
    }),
    cacheHit: safe((name: string, layer?: string) => {
      enqueue({ kind: "cache", name, value: 1, ...(layer ? { attributes: { layer } } : {}) });
    }),
    cacheMiss: safe((name: string, layer?: string) => {
      enqueue({ kind: "cache", name, value: 0, ...(layer ? { attributes: { layer } } : {}) });
    }),
    fallback: safe((name: string, layer: string, success = true) => {
      enqueue({ kind: "fallback", name, success, attributes: { layer } });
    }),
    recordWebVital: safe((name: "LCP" | "INP" | "CLS" | "FCP" | "TTFB", value: number, attributes?: Record<string, unknown>) => {
      enqueue({ kind: "web_vital", name, value, ...(attributes ? { attributes } : {}) });
    }),
    record: safe((event: VigilEvent) => enqueue({ ...event })),
    log: {
      debug: (m, a) => log("debug", m, a),
      info: (m, a) => log("info", m, a),
      warn: (m, a) => log("warn", m, a),
      error: (m, a) => log("error", m, a),
      critical: (m, a) => log("critical", m, a),
    },
    fetch: tracedFetch,
    setUser: safe((u: UserContext | null) => {
      user = u;
    }),
    addBreadcrumb: safe(addBreadcrumb),
    async flush(opts) {
      try {
        if (timer !== null) clock.clearTimeout(timer);
        timer = null;
        if (opts?.keepalive) await flushKeepalive();
        else await drain(true);
      } catch (err) {
        say("flush failed", err);
      }
      return stats();
    },
    async shutdown(opts) {
      if (!closed) {
        closed = true;
        for (const c of cleanups.splice(0)) {
          try {
            c();
          } catch {
            // keep going
          }
        }
      }
      const timeoutMs = opts?.timeoutMs ?? 5000;
      // A real timer, and one that keeps Node alive: the app is waiting on this promise.
      let handle: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        vigil.flush(),
        new Promise<void>((resolve) => {
          handle = setTimeout(resolve, timeoutMs);
        }),
      ]);
      clearTimeout(handle);
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      return stats();
    },
    stats,
  };

  (vigil as unknown as { _cleanups: (() => void)[] })._cleanups = cleanups;
  const browserOpt = options.browser ?? isBrowser;
  if (browserOpt && isBrowser) {
    void import("./browser.ts")
      .then((m) => m.instrumentBrowser(vigil, typeof browserOpt === "object" ? browserOpt : {}, cleanups, () => closed))
      .catch((err) => say("browser instrumentation failed", err));
  }
  return vigil;
}
