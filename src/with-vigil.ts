// withVigil: wraps a Deno.serve handler so each request becomes an api_call event (and a thrown error an
// error event), with the batch flushed before the response completes where the runtime allows.
import { parseTraceparent, runInContext, newSpanId } from "./context.ts";
import type { Vigil, VigilOptions } from "./types.ts";
import { createVigil } from "./vigil.ts";

type Handler = (req: Request, info?: unknown) => Response | Promise<Response>;

export interface WithVigilOptions {
  /** A client, or the options to create one (source defaults to `edge_function`). */
  vigil: Vigil | VigilOptions;
  /** The function's name, recorded as attributes.function (default: the first path segment). */
  name?: string;
  /**
   * When to flush: `waitUntil` hands the flush to EdgeRuntime.waitUntil (Supabase) so the response
   * is not held; `await` flushes before returning the response (runtimes that stop work once the
   * response is sent); `none` leaves it to the client's timer. `auto` (default) picks waitUntil
   * where it exists, else await.
   */
  flush?: "auto" | "waitUntil" | "await" | "none";
  /** The event name for a request (default `METHOD /path`). */
  endpoint?: (req: Request) => string;
}

interface EdgeRuntimeLike {
  waitUntil?: (p: Promise<unknown>) => void;
}

/**
 * @example
 * Deno.serve(withVigil(async (req) => new Response("ok"), {
 *   vigil: { transport: httpTransport({ url: INGEST_URL, key: Deno.env.get("VIGIL_KEY")! }) },
 *   name: "hello",
 * }));
 */
export function withVigil(handler: Handler, opts: WithVigilOptions): ((req: Request, info?: unknown) => Promise<Response>) & { vigil: Vigil } {
  const vigil = "track" in opts.vigil ? opts.vigil : createVigil({ source: "edge_function", browser: false, ...opts.vigil });
  const mode = opts.flush ?? "auto";

  const flushAfter = async () => {
    const runtime = (globalThis as { EdgeRuntime?: EdgeRuntimeLike }).EdgeRuntime;
    if ((mode === "auto" || mode === "waitUntil") && typeof runtime?.waitUntil === "function") {
      try {
        runtime.waitUntil(vigil.flush());
        return;
      } catch {
        // fall through to awaiting
      }
    }
    if (mode === "auto" || mode === "await") await vigil.flush();
  };

  const wrapped = async (req: Request, info?: unknown): Promise<Response> => {
    const started = performance.now();
    let endpoint = "request";
    let fn = opts.name ?? "";
    try {
      const url = new URL(req.url);
      endpoint = opts.endpoint ? opts.endpoint(req) : `${req.method} ${url.pathname}`;
      if (!fn) fn = url.pathname.split("/").filter(Boolean)[0] ?? "";
    } catch {
      // keep the defaults
    }
    const parent = parseTraceparent(req.headers.get("traceparent"));
    const ctx = { traceId: parent?.traceId ?? crypto.randomUUID().replaceAll("-", ""), spanId: newSpanId() };
    let res: Response;
    try {
      res = await runInContext(ctx, () => handler(req, info));
    } catch (err) {
      runInContext(ctx, () => {
        vigil.recordError(err, { handled: false, attributes: { function: fn, endpoint } });
        vigil.recordApiCall(endpoint, performance.now() - started, 500, {
          trace_id: ctx.traceId, error_type: (err as Error)?.name ?? "Error", error_message: String((err as Error)?.message ?? err).slice(0, 4000),
          attributes: { function: fn },
        });
      });
      await flushAfter();
      throw err;
    }
    runInContext(ctx, () =>
      vigil.recordApiCall(endpoint, performance.now() - started, res.status, { trace_id: ctx.traceId, attributes: { function: fn } }));
    await flushAfter();
    return res;
  };
  return Object.assign(wrapped, { vigil });
}
