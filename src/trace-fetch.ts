// vigil.fetch: fetch with a W3C traceparent header from the current tracked call, for the URLs the
// traceparent option allows; with patchFetch, globalThis.fetch does it too until shutdown.
import { currentContext, traceparent } from "./context.ts";
import { isBrowser } from "./runtime.ts";
import type { VigilOptions } from "./types.ts";

/**
 * The traced fetch for these options. When patchFetch is on, globalThis.fetch is replaced now and a
 * function that puts it back is pushed onto cleanups.
 */
export function createTracedFetch(options: Pick<VigilOptions, "traceparent" | "patchFetch">, cleanups: (() => void)[]): typeof fetch {
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

  return tracedFetch;
}
