// Correlation context: which trace a log line or an outgoing fetch belongs to, carried across awaits
// where the runtime can (AsyncLocalStorage in Node and Deno) and across synchronous code elsewhere.

export interface TraceContext {
  /** 32 lowercase hex digits: the W3C trace id, stored as the events' trace_id and logs' correlation_id. */
  traceId: string;
  /** 16 lowercase hex digits: the span of the current tracked call. */
  spanId: string;
}

interface Storage {
  getStore(): TraceContext | undefined;
  run<T>(store: TraceContext, fn: () => T): T;
}

// process.getBuiltinModule exists in Node >= 20.16 and Deno 2 and is absent from browsers, so the
// SDK reaches AsyncLocalStorage without an import a browser bundler would have to resolve.
function asyncStorage(): Storage | undefined {
  try {
    const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
    const mod = proc?.getBuiltinModule?.("node:async_hooks") as
      | { AsyncLocalStorage?: new () => Storage }
      | undefined;
    return mod?.AsyncLocalStorage ? new mod.AsyncLocalStorage() : undefined;
  } catch {
    return undefined;
  }
}

// Without AsyncLocalStorage the context lasts for the synchronous part of a tracked call: enough for
// the fetch or log line a handler starts before its first await; pass ctx explicitly beyond that.
class SyncStorage implements Storage {
  private current: TraceContext | undefined;
  getStore() {
    return this.current;
  }
  run<T>(store: TraceContext, fn: () => T): T {
    const before = this.current;
    this.current = store;
    try {
      return fn();
    } finally {
      this.current = before;
    }
  }
}

const storage: Storage = asyncStorage() ?? new SyncStorage();

export function currentContext(): TraceContext | undefined {
  return storage.getStore();
}

export function runInContext<T>(ctx: TraceContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

// Ids come from a pool of random bytes refilled 4 KB at a time: one getRandomValues call per id cost
// several microseconds in Node, more than all the rest of track() together.
const POOL = new Uint8Array(4096);
let poolAt = POOL.length;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function refill() {
  const c = (globalThis as { crypto?: { getRandomValues?: (b: Uint8Array) => Uint8Array } }).crypto;
  if (c?.getRandomValues) c.getRandomValues(POOL);
  else for (let i = 0; i < POOL.length; i++) POOL[i] = Math.floor(Math.random() * 256);
  poolAt = 0;
}

function randomHex(bytes: number): string {
  for (;;) {
    if (poolAt + bytes > POOL.length) refill();
    let out = "";
    let zero = true;
    for (let i = 0; i < bytes; i++) {
      const b = POOL[poolAt++];
      if (b !== 0) zero = false;
      out += HEX[b];
    }
    // The W3C spec forbids all-zero ids.
    if (!zero) return out;
  }
}

export function newTraceId(): string {
  return randomHex(16);
}

export function newSpanId(): string {
  return randomHex(8);
}

/** A context that can also print itself as a `traceparent` header; what track() hands to its fn. */
export class Span implements TraceContext {
  constructor(readonly traceId: string, readonly spanId: string) {}
  /** The W3C `traceparent` header value to pass to a downstream service. */
  get traceparent(): string {
    return `00-${this.traceId}-${this.spanId}-01`;
  }
}

/** A child of the current context (same trace, new span), or a new trace. */
export function childContext(parent = currentContext()): Span {
  return new Span(parent?.traceId ?? newTraceId(), newSpanId());
}

/** The W3C `traceparent` header value for a context (version 00, sampled). */
export function traceparent(ctx: TraceContext): string {
  return `00-${ctx.traceId}-${ctx.spanId}-01`;
}

/** Reads an incoming `traceparent` header; undefined when it is absent or malformed. */
export function parseTraceparent(value: string | null | undefined): TraceContext | undefined {
  const m = /^[\da-f]{2}-([\da-f]{32})-([\da-f]{16})-[\da-f]{2}$/.exec(value?.trim().toLowerCase() ?? "");
  if (!m || /^0+$/.test(m[1]) || /^0+$/.test(m[2])) return undefined;
  return { traceId: m[1], spanId: m[2] };
}
