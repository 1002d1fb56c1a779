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

function randomHex(bytes: number): string {
  const buf = new Uint8Array(bytes);
  const c = (globalThis as { crypto?: { getRandomValues?: (b: Uint8Array) => Uint8Array } }).crypto;
  if (c?.getRandomValues) c.getRandomValues(buf);
  else for (let i = 0; i < bytes; i++) buf[i] = Math.floor(Math.random() * 256);
  let out = "";
  for (const b of buf) out += b.toString(16).padStart(2, "0");
  // The W3C spec forbids all-zero ids.
  return /^0+$/.test(out) ? randomHex(bytes) : out;
}

export function newTraceId(): string {
  return randomHex(16);
}

export function newSpanId(): string {
  return randomHex(8);
}

/** A child of the current context (same trace, new span), or a new trace. */
export function childContext(parent = currentContext()): TraceContext {
  return { traceId: parent?.traceId ?? newTraceId(), spanId: newSpanId() };
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
