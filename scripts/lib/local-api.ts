// What a Supabase project answers over HTTP, for tests that run code written against SUPABASE_URL on the
// local stack (which has no PostgREST): `POST /rest/v1/rpc/<fn>` replayed as PostgREST runs it (the role
// and request.jwt.claims from the bearer token, the body's keys as named arguments, typed as the function
// declares them), and `POST /functions/v1/ingest` served by the ingest edge function's own handler.
// Tests only: tokens are not verified, so it listens on 127.0.0.1 for the life of one test.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type postgres from "postgres";
import { statusForSqlstate } from "../../supabase/functions/_shared/http-status.ts";
import { createIngestHandler, postgresIngest } from "../../supabase/functions/ingest/handler.ts";

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

/** One RPC as PostgREST runs it: only vigil_api, only POST, the overload whose argument names the body gives. */
async function rpc(sql: postgres.Sql, req: Request, fn: string): Promise<Response> {
  const schema = req.headers.get("content-profile") ?? "public";
  if (schema !== "vigil_api") return postgrestError(406, { code: "PGRST106", message: `The schema must be vigil_api, not ${schema}` });
  const args = (await req.json().catch(() => ({}))) as Record<string, unknown>;
  const names = Object.keys(args);
  const [target] = await sql<{ oid: number; params: { name: string; type: string }[]; retset: boolean }[]>`
    select p.oid::int, p.proretset as retset,
           coalesce(jsonb_agg(jsonb_build_object('name', a.name, 'type', pg_catalog.format_type(a.type, null)) order by a.n)
                    filter (where a.name = any(${names}::text[])), '[]') as params
    from pg_catalog.pg_proc p
    -- Every argument with its mode: a function returning a table lists its columns as out arguments.
    left join lateral unnest(coalesce(p.proargnames, '{}'), coalesce(p.proallargtypes, p.proargtypes::oid[]),
                             coalesce(p.proargmodes, array_fill('i'::"char", array[p.pronargs]::int[])))
                      with ordinality a(name, type, mode, n) on a.mode in ('i', 'b', 'v')
    where p.pronamespace = 'vigil_api'::regnamespace and p.proname = ${fn}
    group by p.oid
    having ${names}::text[] <@ array_agg(a.name)
    order by count(*)
    limit 1`;
  if (!target) return postgrestError(404, { code: "PGRST202", message: `Could not find the function vigil_api.${fn}(${names.join(", ")})` });
  // fn matched [a-z_][a-z0-9_]* and the names are the function's own: safe to write into the statement.
  const named = target.params.map((p) => `"${p.name}" => x."${p.name}"`).join(", ");
  const record = target.params.map((p) => `"${p.name}" ${p.type}`).join(", ") || "unused_ text";
  const body = target.retset
    ? `select coalesce(jsonb_agg(to_jsonb(r)), '[]') as result from json_to_record($1::text::json) as x(${record}), vigil_api."${fn}"(${named}) r`
    : `select to_jsonb(vigil_api."${fn}"(${named})) as result from json_to_record($1::text::json) as x(${record})`;
  const claims = claimsOf(req);
  try {
    const [row] = await sql.begin(async (tx) => {
      await tx`select pg_catalog.set_config('role', ${String(claims.role ?? "anon")}, true),
                      pg_catalog.set_config('request.jwt.claims', ${JSON.stringify(claims)}, true)`;
      return await tx.unsafe(body, [JSON.stringify(args)]);
    });
    return Response.json(row.result);
  } catch (err) {
    const e = err as { code?: string; message?: string; detail?: string; hint?: string };
    const code = e.code ?? "XX000";
    return postgrestError(statusForSqlstate(code), { code, message: e.message, details: e.detail ?? null, hint: e.hint ?? null });
  }
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
