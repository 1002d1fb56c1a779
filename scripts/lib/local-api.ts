// What a Supabase project answers over HTTP, for tests that run code written against SUPABASE_URL on the
// local stack (which has no PostgREST): `POST /rest/v1/rpc/<fn>` replayed as PostgREST runs it (by
// postgrest.ts's replayRpc, as the caller the bearer token names), and `POST /functions/v1/ingest` served by the ingest edge function's own handler.
// Tests only: tokens are not verified, so it listens on 127.0.0.1 for the life of one test.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type postgres from "postgres";
import { createIngestHandler, postgresIngest } from "../../supabase/functions/ingest/handler.ts";
import { callerOf, replayRpc } from "./postgrest.ts";

/** An unsigned JWT carrying the claims (role, sub, ...) the local API acts on, as Supabase Auth's would. */
export function localToken(claims: Record<string, unknown>): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${part({ alg: "none", typ: "JWT" })}.${part({ iss: "supabase", ...claims })}.`;
}

function claimsOf(req: Request): Record<string, unknown> {
  const token = (req.headers.get("authorization") ?? "").replace(/^Bearer\s+/i, "") || req.headers.get("apikey") || "";
  try {
    return JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"));
  } catch {
    return { role: "anon" };
  }
}

const postgrestError = (status: number, body: Record<string, unknown>) => Response.json(body, { status });

/** One RPC as PostgREST runs it, by the replay the console's local server uses too. */
async function rpc(sql: postgres.Sql, req: Request, fn: string): Promise<Response> {
  const body = await req.json().catch(() => ({}));
  const answer = await replayRpc(sql, callerOf(claimsOf(req)), fn, body, req.headers.get("content-profile") ?? "public");
  return new Response(answer.body, { status: answer.status, headers: { "content-type": "application/json" } });
}

/** Starts the local API on a free port of 127.0.0.1; `failures` lists the requests it refused; `close` stops it. */
export async function startLocalApi(sql: postgres.Sql): Promise<{ url: string; failures: string[]; close: () => Promise<void> }> {
  const failures: string[] = [];
  const ingest = createIngestHandler({ ingest: postgresIngest(sql), allowedOrigins: "*" });
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const request = new Request(url, {
      method: req.method,
      headers: Object.entries(req.headers).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])) as [string, string][],
      body: req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks),
    });
    const match = /^\/rest\/v1\/rpc\/([a-z_][a-z0-9_]*)$/.exec(url.pathname);
    const answer = url.pathname === "/functions/v1/ingest" ? await ingest(request)
      : match && req.method === "POST" ? await rpc(sql, request, match[1])
      : postgrestError(404, { code: "PGRST000", message: `${req.method} ${url.pathname} is not served by the local API` });
    const body = Buffer.from(await answer.arrayBuffer());
    if (answer.status >= 400) failures.push(`${req.method} ${url.pathname}: ${answer.status} ${body.toString("utf8")}`);
    res.writeHead(answer.status, Object.fromEntries(answer.headers));
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    failures,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
