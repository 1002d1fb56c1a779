// Local stand-ins for the deploy function's providers on 127.0.0.1: Vercel's REST API (rollback and
// project), Netlify's restore, a signed-webhook receiver and a site answering smoke checks. Each
// refuses, with the reason, any request not in its documented shape; tests script faults ahead.
import postgres from "postgres";
import { hmacHex } from "../../functions/_shared/auth.ts";
import { DeployEnvSchema, type DeployEnv } from "../../functions/deploy/env.ts";
import type { DeployDeps } from "../../functions/deploy/handler.ts";
import { systemLookup } from "../../functions/_shared/outbound.ts";
import { DATABASE_URL, makeTenant, SERVICE_KEY } from "./_support/db.ts";

export interface Seen {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: string;
  status: number;
}

export type Scripted = { status: number; headers?: Record<string, string>; body?: string };

export interface Fake {
  url: string;
  seen: Seen[];
  faults: Scripted[];
  close(): Promise<void>;
}

type Route = (req: Seen) => Response | Promise<Response>;

function serve(route: Route): Fake {
  const seen: Seen[] = [];
  const faults: Scripted[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    const u = new URL(req.url);
    const rec: Seen = { method: req.method, path: u.pathname, query: u.searchParams, headers: req.headers, body: await req.text(), status: 0 };
    seen.push(rec);
    const fault = faults.shift();
    const res = fault ? new Response(fault.body ?? `scripted ${fault.status}`, { status: fault.status, headers: fault.headers }) : await route(rec);
    rec.status = res.status;
    return res;
  });
  return { url: `http://127.0.0.1:${server.addr.port}`, seen, faults, close: () => server.shutdown() };
}

const refuse = (status: number, code: string, message: string) =>
  Response.json({ error: { code, message } }, { status });

export interface FakeVercel extends Fake {
  /** Polls of the project that report the job in progress before it reports its end. */
  pollsBeforeDone: number;
  /** How the rollback job ends. */
  jobEnd: "succeeded" | "failed";
}

/**
 * Vercel: POST /v1/projects/{projectId}/rollback/{deploymentId} (query teamId, slug, description only;
 * bearer token; no body) answers 201 and starts a rollback job; GET /v9/projects/{idOrName} answers
 * the project with lastRollbackTarget {fromDeploymentId, toDeploymentId, jobStatus, requestedAt}.
 */
export function fakeVercel(opts: { token: string; projectId: string; teamId?: string; deployments: string[] }): FakeVercel {
  let job: { fromDeploymentId: string | null; toDeploymentId: string; jobStatus: string; requestedAt: number } | null = null;
  let polls = 0;
  const fake = serve((r) => {
    if (r.headers.get("authorization") !== `Bearer ${opts.token}`) return refuse(403, "forbidden", "Not authorized");
    const team = r.query.get("teamId");
    if ((opts.teamId ?? null) !== team) return refuse(403, "forbidden", "teamId does not match the token's team");
    const rollback = r.path.match(/^\/v1\/projects\/([^/]+)\/rollback\/([^/]+)$/);
    if (rollback && r.method === "POST") {
      const allowed = new Set(["teamId", "slug", "description"]);
      for (const k of r.query.keys()) if (!allowed.has(k)) return refuse(400, "bad_request", `unknown query parameter ${k}`);
      if (r.body !== "") return refuse(400, "bad_request", "this endpoint takes no body");
      if (decodeURIComponent(rollback[1]) !== opts.projectId) return refuse(404, "not_found", "Project not found");
      if (!opts.deployments.includes(decodeURIComponent(rollback[2]))) return refuse(404, "not_found", "Deployment not found");
      job = { fromDeploymentId: null, toDeploymentId: decodeURIComponent(rollback[2]), jobStatus: "in-progress", requestedAt: Date.now() };
      polls = 0;
      return new Response(null, { status: 201 });
    }
    const project = r.path.match(/^\/v9\/projects\/([^/]+)$/);
    if (project && r.method === "GET") {
      if (decodeURIComponent(project[1]) !== opts.projectId) return refuse(404, "not_found", "Project not found");
      if (job && job.jobStatus === "in-progress" && polls++ >= fake.pollsBeforeDone) job.jobStatus = fake.jobEnd;
      return Response.json({ id: opts.projectId, name: "web", lastRollbackTarget: job });
    }
    return refuse(404, "not_found", `${r.method} ${r.path} is not a Vercel endpoint this fake knows`);
  }) as FakeVercel;
  fake.pollsBeforeDone = 1;
  fake.jobEnd = "succeeded";
  return fake;
}

/** Netlify: POST /api/v1/sites/{site_id}/deploys/{deploy_id}/restore with a bearer token answers the deploy. */
export function fakeNetlify(opts: { token: string; siteId: string; deploys: string[] }): Fake {
  return serve((r) => {
    if (r.headers.get("authorization") !== `Bearer ${opts.token}`) return refuse(401, "unauthorized", "Access Denied");
    const m = r.path.match(/^\/api\/v1\/sites\/([^/]+)\/deploys\/([^/]+)\/restore$/);
    if (!m || r.method !== "POST") return refuse(404, "not_found", "Not Found");
    if (m[1] !== opts.siteId || !opts.deploys.includes(m[2])) return refuse(404, "not_found", "Not Found");
    return Response.json({ id: m[2], site_id: m[1], state: "ready" });
  });
}

/** A receiver of Vigil's signed webhooks: X-Vigil-Signature = sha256=HMAC(secret, `${timestamp}.${body}`). */
export function fakeReceiver(secret: string): Fake {
  return serve(async (r) => {
    const ts = r.headers.get("x-vigil-timestamp") ?? "";
    const want = `sha256=${await hmacHex("SHA-256", secret, `${ts}.${r.body}`)}`;
    if (r.method !== "POST" || r.headers.get("x-vigil-signature") !== want) return new Response("bad signature", { status: 401 });
    return new Response("ok");
  });
}

/** A deployed site: / answers 200, /api/version answers the version it runs. */
export function fakeSite(version: string): Fake {
  return serve((r) => {
    if (r.method !== "GET") return new Response("method", { status: 405 });
    if (r.path === "/") return new Response("<h1>shop</h1>", { headers: { "Content-Type": "text/html" } });
    if (r.path === "/api/version") return Response.json({ version });
    return new Response("not found", { status: 404 });
  });
}

export function deployEnv(over: Record<string, string> = {}): DeployEnv {
  return DeployEnvSchema.parse({
    SUPABASE_SERVICE_ROLE_KEY: SERVICE_KEY,
    SUPABASE_DB_URL: DATABASE_URL,
    DEPLOY_TIMEOUT_MS: "2000",
    DEPLOY_BACKOFF_BASE_MS: "20",
    DEPLOY_POLL_SECONDS: "0",
    DEPLOY_SMOKE_RETRIES: "0",
    ...over,
  });
}

export function deployDeps(sql: postgres.Sql, env: DeployEnv, secrets: Record<string, string>): DeployDeps {
  return { db: sql, lookup: systemLookup, clock: () => new Date(), env, secret: (name) => Promise.resolve(secrets[name] ?? null) };
}

export function runRequest(key = SERVICE_KEY, body: unknown = {}): Request {
  return new Request("http://127.0.0.1/functions/v1/deploy/run", {
    method: "POST",
    headers: { "Authorization": `Bearer ${key}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

/**
 * A tenant with a target of the given provider, a healthy deployment v1 (provider id dpl_good) and a
 * live v2 (dpl_bad) whose rollback to v1 is queued, as the deploy watch leaves it.
 */
export async function rollbackScenario(sql: postgres.Sql, provider: string, config: Record<string, string>) {
  await sql`select vigil.set_outbound_allow_loopback(true)`;
  const tenant = await makeTenant(sql, `deploy-${provider}`);
  const [{ id: target }] = await sql<{ id: string }[]>`
    select (vigil_api.create_deploy_target(${tenant}, 'web', ${provider}, ${sql.json(config)},
      '{"secret_name": "VIGIL_PROVIDER_TOKEN", "webhook_secret_name": "VIGIL_VERCEL_WEBHOOK_SECRET"}') ->> 'id') as id`;
  const [{ key }] = await sql<{ key: string }[]>`select vigil_api.create_deploy_key(${target}) ->> 'key' as key`;
  const report = (id: string, version: string, at: string) =>
    sql`select vigil_api.report_deployment(${key}, ${sql.json({ id, version, commit: `${version}-sha`, at })})`;
  await report("dpl_good", "v1", new Date(Date.now() - 86_400_000).toISOString());
  await sql`select vigil.deploy_watch(now() - interval '1 hour')`;
  await report("dpl_bad", "v2", new Date(Date.now() - 60_000).toISOString());
  const [{ id: bad }] = await sql<{ id: string }[]>`select id from vigil.deployments where target_id = ${target} and external_id = 'dpl_bad'`;
  await sql`select vigil._enqueue_rollback(${bad}, null, now() - interval '1 second', 'test', 'error rate rose')`;
  const status = async () => {
    const [row] = await sql<{ status: string }[]>`select status from vigil.deployments where id = ${bad}`;
    return row.status;
  };
  const action = async () => {
    const [row] = await sql<{ status: string; attempts: number; phase: string; last_error: string | null }[]>`
      select status, attempts, phase, last_error from vigil.deploy_actions where deployment_id = ${bad}`;
    return row;
  };
  return { tenant, target, key, bad, status, action };
}
