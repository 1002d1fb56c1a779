// track and trackQuery: time a function, sync or async, inside its own trace context, and record one
// event when it settles; the caller gets exactly what the function gave (the same value, promise or throw).
import { childContext, runInContext, type Span, type TraceContext } from "./context.ts";
import { describeError } from "./error-report.ts";
import type { EventKind, VigilEvent } from "./events.ts";
import { truncate } from "./text.ts";
import type { TrackContext } from "./types.ts";

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return v !== null && (typeof v === "object" || typeof v === "function") && typeof (v as { then?: unknown }).then === "function";
}

export interface TrackerConfig {
  /** Monotonic milliseconds, for durations. */
  monotonic(): number;
  enqueue(event: VigilEvent): void;
  say(message: string, detail?: unknown): void;
  /** trackQuery flags calls slower than this unless told otherwise. */
  slowQueryMs: number;
}

export interface Tracker {
  track<T>(name: string, fn: (span: Span) => T, context?: TrackContext): T;
  trackQuery<T>(name: string, fn: (span: Span) => T, opts?: { slowMs?: number } & TrackContext): T;
}

export function createTracker(config: TrackerConfig): Tracker {
  const { monotonic, enqueue, say, slowQueryMs } = config;

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

  return { track: (name, fn, context) => track(name, fn, context), trackQuery };
}
