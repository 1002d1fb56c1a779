// What PostgREST does with `POST /rest/v1/rpc/<fn>` (the one request shape supabase-js sends to
// vigil_api), replayed on a database without PostgREST: the role and request.jwt.claims set for the
// transaction, the body's keys passed as named arguments through jsonb_to_record (as PostgREST does, so
// JSON arrays become Postgres arrays), and errors answered as PostgREST answers them. Nothing more general.
import type { Sql } from "postgres";
import { statusForSqlstate } from "../../supabase/functions/_shared/http-status.ts";

/** Who the request is from: a signed-in user (role authenticated) or nobody (role anon). */
export type Caller = { role: "anon" } | { role: "authenticated"; user: string; email?: string | null };

export interface RpcAnswer {
  status: number;
  /** JSON text of the answer, or null for a function returning void (204, no body). */
  body: string | null;
}

/** The claims PostgREST puts in request.jwt.claims for a Supabase Auth access token of this caller. */
export function claimsFor(caller: Caller): Record<string, unknown> {
  if (caller.role === "anon") return { role: "anon", iss: "supabase" };
  return { sub: caller.user, role: "authenticated", aud: "authenticated", email: caller.email ?? undefined, iss: "supabase" };
}

/** The caller a bearer token's claims name (the local stand-ins sign nothing: tests and 127.0.0.1 only). */
export function callerOf(claims: Record<string, unknown>): Caller {
  if (claims.role !== "authenticated" || typeof claims.sub !== "string") return { role: "anon" };
  return { role: "authenticated", user: claims.sub, email: typeof claims.email === "string" ? claims.email : null };
}

interface Candidate {
  names: string[];
  types: string[];
  required: number;
  returns_set: boolean;
  returns_void: boolean;
}

const NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function refusal(status: number, code: string, message: string, hint: string | null = null): RpcAnswer {
  return { status, body: JSON.stringify({ code, message, details: null, hint }) };
}

/**
 * Call vigil_api.<fn>(body's keys as named arguments) as the caller, in one transaction, and answer as
 * PostgREST would: 200 with the JSON result (an array for a set-returning function), 204 for void, and
 * on error the SQLSTATE's HTTP status (42501 without a signed-in user is 401, as PostgREST says) with
 * {code, message, details, hint}.
 */
export async function replayRpc(sql: Sql, caller: Caller, fn: string, body: unknown, schema = "vigil_api"): Promise<RpcAnswer> {
  if (schema !== "vigil_api") return refusal(406, "PGRST106", "The schema must be one of the following: vigil_api");
  if (!NAME.test(fn)) return refusal(404, "PGRST202", `Could not find the function ${schema}.${fn} in the schema cache`);
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    return refusal(400, "PGRST102", "The request body must be a JSON object of named arguments.");
  }
  const keys = Object.keys(body);
  // PostgREST picks the overload whose parameter names cover the body's keys, every parameter without
  // a default being among them.
  const candidates = await sql<Candidate[]>`
    select coalesce(p.proargnames[1:p.pronargs], '{}') as names,
           array(select pg_catalog.format_type(t, null) from unnest(p.proargtypes) t) as types,
           p.pronargs - p.pronargdefaults as required, p.proretset as returns_set,
           p.prorettype = 'void'::regtype as returns_void
    from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
    where n.nspname = ${schema} and p.proname = ${fn}`;
  const match = candidates.find((c) => keys.every((k) => c.names.includes(k)) && c.names.slice(0, c.required).every((n) => keys.includes(n)));
  if (!match) {
    return refusal(404, "PGRST202", `Could not find the function ${schema}.${fn}(${keys.sort().join(", ")}) in the schema cache`,
      candidates.length ? "No overload takes exactly these named arguments." : null);
  }
  const used = match.names.map((n, i) => ({ n, t: match.types[i] })).filter((a) => keys.includes(a.n));
  const args = used.map((a) => `${a.n} => r.${a.n}`).join(", ");
  const record = used.length ? `jsonb_to_record($1::text::jsonb) as r(${used.map((a) => `${a.n} ${a.t}`).join(", ")})` : "(select) as r";
  const call = `${schema}.${fn}(${args})`;
  const query = match.returns_set
    ? `select coalesce(pg_catalog.json_agg(x), '[]')::text as result from ${record}, lateral ${call} x`
    : `select pg_catalog.to_json(${call})::text as result from ${record}`;
  try {
    const result = await sql.begin(async (tx) => {
      await tx`select pg_catalog.set_config('role', ${caller.role}, true),
                      pg_catalog.set_config('request.jwt.claims', ${JSON.stringify(claimsFor(caller))}, true),
                      pg_catalog.set_config('request.method', 'POST', true),
                      pg_catalog.set_config('request.path', ${"/rpc/" + fn}, true)`;
      const [row] = await tx.unsafe(query, used.length ? [JSON.stringify(body)] : []);
      return row.result as string | null;
    });
    if (match.returns_void) return { status: 204, body: null };
    return { status: 200, body: result ?? "null" };
  } catch (err) {
    const e = err as { code?: string; message?: string; detail?: string; hint?: string };
    if (!e.code) throw err;
    const status = e.code === "42501" && caller.role === "anon" ? 401 : statusForSqlstate(e.code);
    return { status, body: JSON.stringify({ code: e.code, message: e.message ?? "", details: e.detail ?? null, hint: e.hint ?? null }) };
  }
}
