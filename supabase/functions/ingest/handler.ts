// The ingest edge function's logic: CORS, the key, the body, and one call of vigil_api.ingest as `anon`,
// whose SQLSTATEs become HTTP statuses. Everything it needs comes in as an argument.
import type postgres from "postgres";
import { z } from "zod";
import { wireJson } from "../_shared/wire.ts";
import { statusForSqlstate } from "../_shared/http-status.ts";

export type IngestCall =
  | { data: unknown; error: null }
  | { data: null; error: { code?: string; message: string; hint?: string } };

export interface IngestDeps {
  /** Calls vigil_api.ingest(key, events) as anon would; `events` is the JSON text of an array. */
  ingest(key: string, events: string): Promise<IngestCall>;
  /** Origins allowed to call from a browser; "*" allows any. Requests without an Origin (servers) always pass. */
  allowedOrigins: readonly string[] | "*";
  now?: () => number;
  log?: (entry: Record<string, unknown>) => void;
}

/** Bodies are read whole; past this the request is refused before parsing (the SQL cap is 1 MB of jsonb). */
export const MAX_BODY_BYTES = 4 * 1048576;

// Either the array itself (what the SDK and sendBeacon send) or {"events": [...]}.
const Body = z.union([
  z.array(z.unknown()),
  z.object({ events: z.array(z.unknown(), { error: "events must be a JSON array" }) }),
], { error: 'the body must be a JSON array of events, or {"events": [...]}' });

const ALLOW_HEADERS = "authorization, apikey, content-type, x-client-info, x-vigil-key, traceparent";

export function parseAllowedOrigins(value: string | undefined): readonly string[] | "*" {
  const v = (value ?? "*").trim();
  if (v === "" || v === "*") return "*";
  return v.split(",").map((o) => o.trim().replace(/\/$/, "")).filter(Boolean);
}

export function createIngestHandler(deps: IngestDeps): (req: Request) => Promise<Response> {
  const now = deps.now ?? Date.now;

  function cors(origin: string | null): Record<string, string> | null {
    if (origin === null) return {};
    if (deps.allowedOrigins === "*") return { "access-control-allow-origin": "*" };
    if (deps.allowedOrigins.includes(origin)) return { "access-control-allow-origin": origin, vary: "Origin" };
    return null;
  }

  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
  const fail = (status: number, code: string, message: string, headers: Record<string, string>, hint?: string) =>
    json(status, { error: { code, message, ...(hint ? { hint } : {}) } }, headers);

  return async (req) => {
    const origin = req.headers.get("origin");
    const allowed = cors(origin);
    if (allowed === null) {
      return fail(403, "origin_not_allowed", `The origin ${origin} may not send events here.`, { vary: "Origin" },
        "Add it to VIGIL_ALLOWED_ORIGINS.");
    }
    if (req.method === "OPTIONS") {
      return new Response(null, {
        status: 204,
        headers: { ...allowed, "access-control-allow-methods": "POST, OPTIONS", "access-control-allow-headers": ALLOW_HEADERS,
          "access-control-max-age": "86400" },
      });
    }
    if (req.method !== "POST") {
      return fail(405, "method_not_allowed", "Send events with POST.", { ...allowed, allow: "POST, OPTIONS" });
    }

    const url = new URL(req.url);
    // The query string is for navigator.sendBeacon and unload-time fetches, which cannot set headers
    // without a preflight; the key is public (like a Sentry DSN), so a URL is an acceptable place.
    const key = req.headers.get("x-vigil-key") ?? url.searchParams.get("key") ?? "";

    const declared = Number(req.headers.get("content-length") ?? "0");
    if (declared > MAX_BODY_BYTES) return fail(413, "PT413", "A batch is at most 1 MB of JSON; this one is larger.", allowed);
    let text: string;
    try {
      text = await req.text();
    } catch {
      return fail(400, "malformed", "The request body could not be read.", allowed);
    }
    if (text.length > MAX_BODY_BYTES) return fail(413, "PT413", "A batch is at most 1 MB of JSON; this one is larger.", allowed);
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return fail(400, "malformed", "The body is not valid JSON.", allowed);
    }
    const parsed = Body.safeParse(raw);
    if (!parsed.success) return fail(400, "malformed", parsed.error.issues[0]?.message ?? "malformed body", allowed);
    // Written anew rather than passed on as received: text PostgreSQL's jsonb cannot parse (a NUL, a lone
    // surrogate, a number past numeric, nesting past its stack) would sink the whole batch there. wireJson
    // cleans what can be cleaned and writes the rest so that the database rejects that event alone, with
    // the reason zod gives it (supabase/functions/_shared/event-contract.ts).
    const events = wireJson(Array.isArray(parsed.data) ? parsed.data : parsed.data.events);

    const r = await deps.ingest(key, events);
    if (r.error === null) return json(200, r.data, allowed);
    const status = r.error.code ? statusForSqlstate(r.error.code) : 503;
    if (status >= 500) {
      deps.log?.({ level: "error", message: "ingest failed", code: r.error.code, detail: r.error.message });
      return fail(status, r.error.code ?? "unavailable", "Events could not be stored; try again.", allowed);
    }
    const headers: Record<string, string> = { ...allowed };
    // Budgets are per minute: the next one starts at the top of the minute.
    if (status === 429) headers["retry-after"] = String(60 - new Date(now()).getUTCSeconds());
    return fail(status, r.error.code ?? String(status), r.error.message, headers, r.error.hint);
  };
}

/**
 * vigil_api.ingest over a Postgres connection, as PostgREST would call it for a request with the anon
 * key: role anon and its claims, for this transaction only.
 */
export function postgresIngest(sql: postgres.Sql): IngestDeps["ingest"] {
  return async (key, events) => {
    try {
      const rows = await sql.begin(async (tx) => {
        await tx`select pg_catalog.set_config('role', 'anon', true), pg_catalog.set_config('request.jwt.claims', '{"role":"anon"}', true)`;
        // ::text first: postgres.js would JSON-encode a string bound straight to a jsonb parameter.
        return await tx`select vigil_api.ingest(${key}, ${events}::text::jsonb) as result`;
      });
      return { data: rows[0]?.result ?? null, error: null };
    } catch (err) {
      const e = err as { code?: unknown; message?: unknown; hint?: unknown };
      return {
        data: null,
        error: {
          code: typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code) ? e.code : undefined,
          message: String(e.message ?? err),
          hint: typeof e.hint === "string" ? e.hint : undefined,
        },
      };
    }
  };
}
