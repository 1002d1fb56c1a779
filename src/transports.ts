// Transports: how a batch of events reaches vigil_api.ingest. Each one returns { data, error } and never
// throws; the error says whether trying again later could help, and the client does the retrying.

import type postgres from "postgres";
import { isRetryable as retryableStatus, STATUS_BY_SQLSTATE, statusForSqlstate } from "../supabase/functions/_shared/http-status.ts";
import { cleanEvent, wireJson } from "./events.ts";
import { toVigilError } from "./errors.ts";

export interface IngestResult {
  accepted: number;
  rejected: { index: number; reason: string }[];
}

export interface TransportError {
  message: string;
  /** HTTP status, or the status PostgREST would give the SQLSTATE; 0 when nothing answered. */
  status: number;
  /** SQLSTATE (PT401, PT413, PT429, 22023, ...) or a network error code, when known. */
  code?: string;
  /** True for network failures, 5xx, 429 and timeouts: the same batch may succeed later. */
  retryable: boolean;
  /** The server's Retry-After, when it gave one. */
  retryAfterMs?: number;
}

export type SendResult = { data: IngestResult; error: null } | { data: null; error: TransportError };

export interface SendOptions {
  /** The page is going away: use a request that outlives it (fetch keepalive, at most 64 KB in flight). */
  keepalive?: boolean;
}

export interface Transport {
  readonly name: string;
  send(events: readonly object[], opts?: SendOptions): Promise<SendResult>;
  /** Whether the transport can send while the page unloads (only HTTP can). */
  readonly supportsKeepalive?: boolean;
}

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

// Each transport below builds its errors as plain fields; this hands them out as the typed classes
// (VigilAuthError, VigilRateLimitError, ...), so callers can branch with instanceof.
function typed(transport: Transport): Transport {
  const send = transport.send.bind(transport);
  return {
    ...transport,
    async send(events, opts) {
      const r = await send(events, opts);
      return r.error === null ? r : { data: null, error: toVigilError(r.error) };
    },
  };
}

function asResult(body: unknown): IngestResult {
  const b = (body ?? {}) as Partial<IngestResult>;
  return { accepted: Number(b.accepted ?? 0), rejected: Array.isArray(b.rejected) ? b.rejected : [] };
}

function retryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

export interface HttpTransportOptions {
  /** The ingest edge function, e.g. https://<project>.supabase.co/functions/v1/ingest */
  url: string;
  /** The public ingest key. */
  key: string;
  fetch?: FetchLike;
  /** Extra headers, e.g. the project's anon key as `apikey` where the gateway wants one. */
  headers?: Record<string, string>;
}

/**
 * Sends batches to the `ingest` edge function. While the page unloads it sends the key in the query
 * string and the body as text/plain: a "simple" CORS request needs no preflight, which a closing page
 * may not live to see answered.
 *
 * @example
 * const transport = httpTransport({ url: "https://xyz.supabase.co/functions/v1/ingest", key: "vk_..." });
 */
export function httpTransport(opts: HttpTransportOptions): Transport {
  return typed({
    name: "http",
    supportsKeepalive: true,
    async send(events, sendOpts = {}) {
      const doFetch: FetchLike = opts.fetch ?? ((i, init) => globalThis.fetch(i, init));
      // wireJson, not JSON.stringify: one event with text jsonb cannot parse would sink the whole batch.
      const body = wireJson(events);
      let res: Response;
      try {
        if (sendOpts.keepalive) {
          const sep = opts.url.includes("?") ? "&" : "?";
          res = await doFetch(`${opts.url}${sep}key=${encodeURIComponent(opts.key)}`, {
            method: "POST",
            body,
            keepalive: true,
            headers: { "content-type": "text/plain;charset=UTF-8" },
          });
        } else {
          res = await doFetch(opts.url, {
            method: "POST",
            body,
            headers: { "content-type": "application/json", "x-vigil-key": opts.key, ...opts.headers },
          });
        }
      } catch (err) {
        return { data: null, error: { message: `ingest request failed: ${String((err as Error)?.message ?? err)}`, status: 0, retryable: true } };
      }
      let payload: unknown = undefined;
      try {
        payload = await res.json();
      } catch {
        // A proxy's HTML error page: the status alone decides.
      }
      if (res.ok) return { data: asResult(payload), error: null };
      const e = (payload as { error?: { message?: string; code?: string } } | undefined)?.error;
      return {
        data: null,
        error: {
          message: e?.message ?? `ingest answered HTTP ${res.status}`,
          status: res.status,
          code: e?.code,
          retryable: retryableStatus(res.status),
          retryAfterMs: retryAfter(res.headers.get("retry-after")),
        },
      };
    },
  });
}

/** The part of a supabase-js client this transport uses. */
export interface SupabaseLike {
  schema(schema: string): {
    rpc(fn: string, args: Record<string, unknown>): PromiseLike<{
      data: unknown;
      error: { message: string; code?: string; details?: string | null; hint?: string | null } | null;
      status?: number;
    }>;
  };
}

/**
 * Sends batches through supabase-js: `.schema('vigil_api').rpc('ingest', { p_key, p_events })`.
 * The client's own session decides the role (anon in a browser, service_role on a server).
 *
 * @example
 * const supabase = createClient(url, anonKey);
 * const vigil = createVigil({ transport: supabaseTransport({ client: supabase, key: "vk_..." }) });
 */
export function supabaseTransport(opts: { client: SupabaseLike; key: string }): Transport {
  return typed({
    name: "supabase",
    async send(events) {
      try {
        const { data, error, status = 0 } = await opts.client.schema("vigil_api").rpc("ingest", {
          p_key: opts.key,
          // Cleaned (NUL, lone surrogates): supabase-js writes the body with JSON.stringify.
          p_events: events.map(cleanEvent),
        });
        if (!error) return { data: asResult(data), error: null };
        const code = error.code || undefined;
        const mapped = code && STATUS_BY_SQLSTATE[code] ? STATUS_BY_SQLSTATE[code] : status;
        return { data: null, error: { message: error.message, status: mapped, code, retryable: retryableStatus(mapped) } };
      } catch (err) {
        return { data: null, error: { message: String((err as Error)?.message ?? err), status: 0, retryable: true } };
      }
    },
  });
}

/** A postgres.js client (only its tagged-template call is used). */
// deno-lint-ignore no-explicit-any
export type SqlLike = postgres.Sql<any>;

// Connection-level SQLSTATEs and client error codes after which the same batch may well succeed.
const RETRYABLE_DB = /^(08|53|57P0|40001|40P01|ECONN|ETIMEDOUT|EPIPE|CONNECTION_|CONNECT_TIMEOUT)/;

/**
 * Sends batches over a direct Postgres connection (postgres.js), for servers that have DATABASE_URL.
 *
 * @example
 * import postgres from "postgres";
 * const vigil = createVigil({ transport: postgresTransport({ sql: postgres(process.env.DATABASE_URL!), key: "vk_..." }) });
 */
export function postgresTransport(opts: { sql: SqlLike; key: string }): Transport {
  return typed({
    name: "postgres",
    async send(events) {
      try {
        // ::text first: postgres.js would JSON-encode a string bound straight to a jsonb parameter.
        const rows = await opts.sql`select vigil_api.ingest(${opts.key}, ${wireJson(events)}::text::jsonb) as result`;
        return { data: asResult((rows[0] as { result?: unknown } | undefined)?.result), error: null };
      } catch (err) {
        const e = err as { code?: string; message?: string };
        const code = typeof e?.code === "string" ? e.code : undefined;
        // A SQLSTATE goes through the shared map (a caller's data error, class 22, is a 400: not retried);
        // a client error code (ECONNREFUSED, ...) that only this driver gives is a 503.
        const status = !code ? 0 : /^[0-9A-Z]{5}$/.test(code) && !RETRYABLE_DB.test(code) ? statusForSqlstate(code) : RETRYABLE_DB.test(code) ? 503 : 500;
        return {
          data: null,
          error: { message: String(e?.message ?? err), status, code, retryable: status === 429 || status === 503 || status === 0 },
        };
      }
    },
  });
}
