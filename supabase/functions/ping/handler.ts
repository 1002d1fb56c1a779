// ping: heartbeats from jobs, healthchecks.io style. GET or POST /ping/<token> is a success,
// /ping/<token>/start a start, /ping/<token>/fail a failure, /ping/<token>/<exit status> either; a
// POST body (the job's output) is kept, its first 1,000 characters. The token is the only credential,
// so the function is deployed without JWT verification; an unknown token is 404 and records nothing.
import type postgres from "postgres";
import { statusForSqlstate } from "../_shared/http-status.ts";

export type PingCall = { data: unknown; error: null } | { data: null; error: { code?: string; message: string } };

export interface PingDeps {
  /** vigil_api.ping(token, signal, body) as anon would call it. */
  ping(token: string, signal: string, body: string | null): Promise<PingCall>;
  log?: (entry: Record<string, unknown>) => void;
}

/** Read at most this much of a body; the database keeps the first 1,000 characters. */
const MAX_BODY_BYTES = 10_000;

const text = (status: number, body: string) => new Response(body + "\n", { status, headers: { "content-type": "text/plain; charset=utf-8" } });

export function createPingHandler(deps: PingDeps): (req: Request) => Promise<Response> {
  return async (req) => {
    if (req.method !== "GET" && req.method !== "POST" && req.method !== "HEAD") {
      return new Response("Use GET or POST.\n", { status: 405, headers: { allow: "GET, POST, HEAD" } });
    }
    // The path after the function's name: /functions/v1/ping/<token>[/<signal>] on Supabase, /ping/... locally.
    const parts = new URL(req.url).pathname.split("/").filter(Boolean);
    const at = parts.lastIndexOf("ping");
    const rest = parts.slice(at + 1);
    if (rest.length < 1 || rest.length > 2 || !/^[A-Za-z0-9_-]{1,100}$/.test(rest[0])) {
      return text(404, "not found: ping /ping/<token>, /ping/<token>/start, /ping/<token>/fail or /ping/<token>/<exit status>");
    }
    const signal = rest[1] ?? "success";
    if (!/^(start|fail|success|[0-9]{1,3})$/.test(signal)) return text(400, "the signal must be start, fail or an exit status 0-255");
    let body: string | null = null;
    if (req.method === "POST" && req.body) {
      const reader = req.body.getReader();
      const chunks: Uint8Array[] = [];
      let size = 0;
      while (size < MAX_BODY_BYTES) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        size += value.length;
      }
      await reader.cancel().catch(() => {});
      const all = new Uint8Array(size);
      let o = 0;
      for (const c of chunks) all.set(c, (o += c.length) - c.length);
      body = new TextDecoder().decode(all.subarray(0, MAX_BODY_BYTES)).replaceAll("\u0000", "") || null;
    }
    const r = await deps.ping(rest[0], signal, body);
    if (r.error === null) return text(200, "OK");
    const status = r.error.code ? statusForSqlstate(r.error.code) : 503;
    if (status >= 500) deps.log?.({ level: "error", message: "ping failed", code: r.error.code, detail: r.error.message });
    return text(status, status === 404 ? "not found" : status >= 500 ? "try again" : r.error.message);
  };
}

/** vigil_api.ping over a Postgres connection as anon, the role PostgREST would use, for this transaction only. */
export function postgresPing(sql: postgres.Sql): PingDeps["ping"] {
  return async (token, signal, body) => {
    try {
      const [row] = await sql.begin((tx) => [
        tx`select pg_catalog.set_config('role', 'anon', true), pg_catalog.set_config('request.jwt.claims', '{"role":"anon"}', true)`,
        tx`select vigil_api.ping(${token}, ${signal}, ${body}) as result`,
      ]).then((rs) => rs[1]);
      return { data: row?.result ?? null, error: null };
    } catch (err) {
      const e = err as { code?: unknown; message?: unknown };
      return { data: null, error: { code: typeof e.code === "string" ? e.code : undefined, message: String(e.message ?? err) } };
    }
  };
}
