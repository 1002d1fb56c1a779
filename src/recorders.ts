// The recorders: one method per kind of event (api calls, page views, errors with breadcrumbs, user
// actions, milestones, cache, fallbacks, web vitals, logs), each shaped by the shared event conventions
// and none of them ever throwing into the caller.
import { currentContext } from "./context.ts";
import { describeError, fingerprintOf } from "./error-report.ts";
import type { VigilEvent } from "./events.ts";
import { truncate, utf8Length } from "./text.ts";
import type { Clock, LogLevel, UserContext, Vigil } from "./types.ts";

interface Breadcrumb {
  type: string;
  message: string;
  at: string;
  data?: Record<string, unknown>;
}

export interface RecorderConfig {
  clock: Clock;
  enqueue(event: VigilEvent): void;
  say(message: string, detail?: unknown): void;
  /** Breadcrumbs kept for errors. */
  maxBreadcrumbs: number;
  /** Also print logger entries to the console as JSON lines. */
  console?: boolean;
  /** The user set on the client, for error events. */
  user(): UserContext | null;
}

export type Recorders = Pick<Vigil,
  | "recordApiCall" | "recordPageView" | "recordError" | "recordUserAction" | "milestone" | "cacheHit" | "cacheMiss"
  | "fallback" | "recordWebVital" | "record" | "log" | "addBreadcrumb">;

export function createRecorders(config: RecorderConfig): Recorders {
  const { clock, enqueue, say, maxBreadcrumbs } = config;
  const breadcrumbs: Breadcrumb[] = [];

  function addBreadcrumb(type: string, message: string, data?: Record<string, unknown>) {
    try {
      breadcrumbs.push({ type, message: truncate(String(message), 200), at: new Date(clock.now()).toISOString(), ...(data ? { data } : {}) });
      if (breadcrumbs.length > maxBreadcrumbs) breadcrumbs.shift();
    } catch {
      // ignore
    }
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
      if (config.console) {
        const line = JSON.stringify({ at: new Date(clock.now()).toISOString(), level, message: text, ...attrs });
        (level === "error" || level === "critical" ? console.error : level === "warn" ? console.warn : console.log)(line);
      }
    } catch {
      // never into the caller
    }
  }

  const safe = <A extends unknown[]>(fn: (...a: A) => void) => (...a: A) => {
    try {
      fn(...a);
    } catch (err) {
      say("internal error", err);
    }
  };

  return {
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
      const who = context?.user ?? config.user();
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
    addBreadcrumb: safe(addBreadcrumb),
  };
}
