// createVigil: the SDK's client, wired from its parts. Records events into a bounded queue (queue.ts)
// and sends them in batches off the caller's path; track.ts times calls, recorders.ts shapes every
// other event, trace-fetch.ts carries the trace onward, browser.ts instruments a page. Nothing here
// throws into the app or waits on the network in the app's stead.
import { childContext, currentContext } from "./context.ts";
import type { VigilEvent } from "./events.ts";
import { createQueue } from "./queue.ts";
import { createRecorders } from "./recorders.ts";
import { browserSession, defaultClock, defaultSource, isBrowser } from "./runtime.ts";
import { createTracedFetch } from "./trace-fetch.ts";
import { createTracker } from "./track.ts";
import type { UserContext, Vigil, VigilOptions } from "./types.ts";

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
  const debug = options.debug ?? options.environment === "development";
  const source = options.source ?? defaultSource();
  const sessionId = options.sessionId ?? browserSession() ?? `s_${childContext().traceId.slice(0, 20)}`;
  let user: UserContext | null = options.user ?? null;
  const cleanups: (() => void)[] = [];

  const say = (msg: string, detail?: unknown) => {
    if (!debug) return;
    try {
      console.warn(`[vigil] ${msg}`, detail ?? "");
    } catch {
      // A console that throws is not the app's problem either.
    }
  };

  // The fields every event carries unless it brings its own.
  function stamp(event: VigilEvent) {
    if (event.session_id === undefined) event.session_id = sessionId;
    if (event.source === undefined) event.source = source;
    if (event.release === undefined && options.release) event.release = options.release;
    if (event.environment === undefined && options.environment) event.environment = options.environment;
    if (event.user_id === undefined && user?.id) event.user_id = String(user.id);
    if (event.trace_id === undefined) {
      const ctx = currentContext();
      if (ctx) event.trace_id = ctx.traceId;
    }
  }

  const queue = createQueue({ transport: options.transport, clock, random: options.random ?? Math.random, options, stamp, say });
  const tracker = createTracker({ monotonic, enqueue: queue.enqueue, say, slowQueryMs: options.slowQueryMs ?? 1000 });
  const recorders = createRecorders({
    clock, enqueue: queue.enqueue, say, maxBreadcrumbs: options.maxBreadcrumbs ?? 20, console: options.console, user: () => user,
  });
  const tracedFetch = createTracedFetch(options, cleanups);

  const vigil: Vigil = {
    sessionId,
    ...tracker,
    ...recorders,
    fetch: tracedFetch,
    setUser: (u: UserContext | null) => {
      user = u;
    },
    async flush(opts) {
      try {
        queue.cancelTimer();
        if (opts?.keepalive) await queue.flushKeepalive();
        else await queue.drain(true);
      } catch (err) {
        say("flush failed", err);
      }
      return queue.stats();
    },
    async shutdown(opts) {
      if (!queue.closed) {
        queue.close();
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
      queue.cancelTimer();
      return queue.stats();
    },
    stats: queue.stats,
  };

  (vigil as unknown as { _cleanups: (() => void)[] })._cleanups = cleanups;
  const browserOpt = options.browser ?? isBrowser;
  if (browserOpt && isBrowser) {
    void import("./browser.ts")
      .then((m) => m.instrumentBrowser(vigil, typeof browserOpt === "object" ? browserOpt : {}, cleanups, () => queue.closed))
      .catch((err) => say("browser instrumentation failed", err));
  }
  return vigil;
}
