// deploy: provider webhooks in, provider calls out. POST /deploy/hooks/vercel verifies Vercel's
// signature and records the deployment's progress; POST /deploy/run (service role) claims due deploy
// actions from the outbox (smoke checks, rollbacks) and records each outcome, whose effects (status,
// notifications through the alert outbox) the SQL decides. Dependencies come in as arguments.
import { z } from "zod";
import { hmacHex, sameSecret } from "../_shared/auth.ts";
import { parseRetryAfter, send, signWebhook } from "../_shared/channels.ts";
import { type AttemptRecord, type Db, readOutboundAllowLoopback } from "../_shared/db.ts";
import { guardedRequest, type OutboundPolicy } from "../_shared/outbound.ts";
import { json, serviceCall } from "../_shared/request.ts";
import type { FunctionDeps } from "../_shared/deps.ts";
import { runSmoke, type SmokeCheck, type SmokeReport } from "../_shared/smoke.ts";
import type { DeployEnv } from "./env.ts";

export type DeployDeps = FunctionDeps<DeployEnv>;

interface DeploymentRef {
  id: string;
  external_id: string | null;
  version: string | null;
  commit: string | null;
  url: string | null;
}

export interface ClaimedAction {
  id: string;
  tenant_id: string;
  kind: "rollback" | "smoke";
  phase: "request" | "poll";
  attempt: number;
  claim_token: string;
  lease_until: Date;
  target_id: string;
  provider: "vercel" | "netlify" | "webhook" | "none";
  config: Record<string, string | undefined>;
  secret_name: string | null;
  smoke_checks: SmokeCheck[];
  deployment: DeploymentRef;
  to_deployment: DeploymentRef | null;
  reason: string | null;
}

/** What one action's attempt came to: the outbox's outcomes, plus wait (the provider is still at it). */
export interface ActionOutcome {
  outcome: AttemptRecord["outcome"] | "wait";
  error: string | null;
  retryAfterSeconds: number | null;
  result: unknown;
}

const RunBody = z.object({ limit: z.number().int().min(1).max(100).optional() }).strict();

// The parts of a Vercel webhook this function reads; Vercel sends more, which is ignored.
const VercelWebhook = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  payload: z.object({
    deployment: z.object({
      id: z.string().min(1),
      url: z.string().optional(),
      meta: z.record(z.string(), z.unknown()).optional(),
    }).loose(),
    target: z.string().nullable().optional(),
  }).loose(),
}).loose();

export async function claimActions(db: Db, limit: number, leaseSeconds: number, now: Date): Promise<ClaimedAction[]> {
  const rows = await db<ClaimedAction[]>`
    select id::text, tenant_id::text, kind, phase, attempt, claim_token::text, lease_until, target_id::text, provider, config,
           secret_name, smoke_checks, deployment, to_deployment, reason
    from vigil.claim_deploy_actions(${limit}, make_interval(secs => ${leaseSeconds}), ${now.toISOString()}::timestamptz)`;
  return [...rows];
}

export async function recordAction(db: Db, a: ClaimedAction, o: ActionOutcome, now: Date, env: DeployEnv) {
  const [row] = await db<{ r: { recorded: boolean; status: string } }[]>`
    select vigil.record_deploy_action(${a.id}::bigint, ${a.claim_token}::uuid, ${o.outcome}, ${o.error}, ${o.retryAfterSeconds},
      ${o.result === undefined || o.result === null ? null : db.json(o.result as never)}::jsonb, ${now.toISOString()}::timestamptz, ${env.DEPLOY_MAX_ATTEMPTS},
      make_interval(secs => ${env.DEPLOY_BACKOFF_BASE_MS / 1000})) as r`;
  return row.r;
}

const fromAttempt = (a: AttemptRecord, result: unknown = null): ActionOutcome =>
  ({ outcome: a.outcome, error: a.error, retryAfterSeconds: a.retryAfterSeconds, result });

/** A provider call as the alert senders make them: through the guard, with a timeout, classified. */
async function post(url: string, headers: Record<string, string>, body: string, purpose: "provider" | "channel",
                    secret: string, deps: DeployDeps, outbound: Omit<OutboundPolicy, "purpose">): Promise<AttemptRecord> {
  return await send({ url, method: "POST", headers, body, purpose },
    { outbound, timeoutMs: deps.env.DEPLOY_TIMEOUT_MS, now: deps.clock, secret });
}

const permanent = (error: string): ActionOutcome => ({ outcome: "permanent", error, retryAfterSeconds: null, result: null });

/** Vercel's instant rollback: request it, then ask the project about the job on later runs until it ends. */
async function vercelRollback(a: ClaimedAction, token: string, deps: DeployDeps, outbound: Omit<OutboundPolicy, "purpose">): Promise<ActionOutcome> {
  const project = encodeURIComponent(a.config.project_id ?? "");
  const team = a.config.team_id ? `teamId=${encodeURIComponent(a.config.team_id)}` : "";
  const auth = { Authorization: `Bearer ${token}` };
  if (a.phase === "request") {
    const to = a.to_deployment?.external_id;
    if (!to) return permanent("the deployment to restore has no Vercel deployment id");
    const query = [team, a.reason ? `description=${encodeURIComponent(a.reason.slice(0, 200))}` : ""].filter(Boolean).join("&");
    const url = `${deps.env.VERCEL_API_URL}/v1/projects/${project}/rollback/${encodeURIComponent(to)}${query ? `?${query}` : ""}`;
    const sent = await post(url, auth, "", "provider", token, deps, outbound);
    // 201: Vercel accepted the rollback; its job runs on, and later runs ask about it.
    if (sent.outcome === "delivered") return { outcome: "wait", error: null, retryAfterSeconds: deps.env.DEPLOY_POLL_SECONDS, result: { requested: to } };
    return fromAttempt(sent);
  }
  const url = `${deps.env.VERCEL_API_URL}/v9/projects/${project}${team ? `?${team}` : ""}`;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), deps.env.DEPLOY_TIMEOUT_MS);
  try {
    const r = await guardedRequest({ url, method: "GET", headers: auth }, { ...outbound, purpose: "provider" },
      { signal: controller.signal, maxBodyBytes: 256 * 1024 });
    if (r.refused) return { outcome: "refused", error: r.error, retryAfterSeconds: null, result: null };
    const res = r.response;
    if (res.status === 429 || res.status >= 500) {
      return { outcome: "retry", error: `HTTP ${res.status} asking about the rollback`, retryAfterSeconds: parseRetryAfter(res.headers.get("retry-after"), deps.clock()), result: null };
    }
    if (res.status !== 200) return permanent(`HTTP ${res.status} asking about the rollback: ${res.text.slice(0, 200)}`);
    const job = (JSON.parse(res.text) as { lastRollbackTarget?: { jobStatus?: string; toDeploymentId?: string } | null }).lastRollbackTarget;
    if (job?.jobStatus === "succeeded") return { outcome: "delivered", error: null, retryAfterSeconds: null, result: job };
    if (job?.jobStatus === "failed") return { ...permanent("Vercel reports the rollback job failed"), result: job };
    return { outcome: "wait", error: null, retryAfterSeconds: deps.env.DEPLOY_POLL_SECONDS, result: job ?? null };
  } catch (err) {
    return { outcome: "retry", error: controller.signal.aborted ? `timed out after ${deps.env.DEPLOY_TIMEOUT_MS} ms` : `network error: ${err instanceof Error ? err.message : String(err)}`,
      retryAfterSeconds: null, result: null };
  } finally {
    clearTimeout(timer);
  }
}

async function rollback(a: ClaimedAction, deps: DeployDeps, outbound: Omit<OutboundPolicy, "purpose">): Promise<ActionOutcome> {
  if (a.provider === "none") return permanent("this target has no provider to call: roll it back by hand");
  const secret = a.secret_name ? await deps.secret(a.secret_name) : null;
  if (!secret) return permanent(`secret ${a.secret_name} is not set in the function's environment or in Vault`);
  switch (a.provider) {
    case "vercel":
      return await vercelRollback(a, secret, deps, outbound);
    case "netlify": {
      // Netlify's restore publishes an earlier deploy again at once; the answer is the deploy itself.
      const url = `${deps.env.NETLIFY_API_URL}/api/v1/sites/${encodeURIComponent(a.config.site_id ?? "")}/deploys/` +
        `${encodeURIComponent(a.to_deployment?.external_id ?? "")}/restore`;
      return fromAttempt(await post(url, { Authorization: `Bearer ${secret}` }, "", "provider", secret, deps, outbound));
    }
    case "webhook": {
      const body = JSON.stringify({ type: "deploy.rollback", action: a.id, deployment: a.deployment, to: a.to_deployment,
        reason: a.reason, sent_at: deps.clock().toISOString() });
      const timestamp = String(Math.floor(deps.clock().getTime() / 1000));
      return fromAttempt(await post(a.config.url ?? "", {
        "Content-Type": "application/json",
        "X-Vigil-Event": "deploy.rollback",
        "X-Vigil-Delivery": a.id,
        "X-Vigil-Timestamp": timestamp,
        "X-Vigil-Signature": `sha256=${await signWebhook(secret, timestamp, body)}`,
      }, body, "channel", secret, deps, outbound));
    }
  }
}

/** The target's smoke checks against the deployment, every URL through the guard as a monitor's would be. */
async function smoke(a: ClaimedAction, deps: DeployDeps, outbound: Omit<OutboundPolicy, "purpose">): Promise<ActionOutcome> {
  const baseUrl = a.config.base_url ?? a.deployment.url ?? undefined;
  const report: SmokeReport = await runSmoke(a.smoke_checks, {
    baseUrl,
    expectVersion: a.deployment.commit ?? a.deployment.version ?? undefined,
    retries: deps.env.DEPLOY_SMOKE_RETRIES,
    intervalMs: deps.env.DEPLOY_SMOKE_INTERVAL_MS,
    fetch: async (url) => {
      const r = await guardedRequest({ url, method: "GET", headers: { "User-Agent": "vigil-smoke" } }, { ...outbound, purpose: "monitor" },
        { signal: AbortSignal.timeout(deps.env.DEPLOY_TIMEOUT_MS), maxBodyBytes: 64 * 1024 });
      if (r.refused) throw new Error(r.error);
      return { status: r.response.status, text: r.response.text };
    },
  });
  return { outcome: "delivered", error: report.passed ? null : report.checks.filter((c) => !c.passed).map((c) => `${c.name}: ${c.detail}`).join("; "),
    retryAfterSeconds: null, result: { passed: report.passed, checks: report.checks } };
}

async function run(req: Request, deps: DeployDeps): Promise<Response> {
  const parsed = await serviceCall(req, deps.env.SUPABASE_SERVICE_ROLE_KEY, "deploy/run", RunBody, '{} or {"limit": 10}');
  if (parsed.refusal) return parsed.refusal;
  const outbound = { allowLoopback: await readOutboundAllowLoopback(deps.db), lookup: deps.lookup };
  const results: { id: string; kind: string; provider: string; status: string; error: string | null }[] = [];
  for (let left = parsed.data.limit ?? deps.env.DEPLOY_BATCH; left > 0; left--) {
    const [a] = await claimActions(deps.db, 1, deps.env.DEPLOY_LEASE_SECONDS, deps.clock());
    if (!a) break;
    // One action's failure is its own attempt, retried with backoff; it never stops the others.
    const outcome = await (a.kind === "smoke" ? smoke(a, deps, outbound) : rollback(a, deps, outbound)).catch((err: unknown) => ({
      outcome: "retry" as const, error: `could not be run: ${err instanceof Error ? err.message : String(err)}`, retryAfterSeconds: null, result: null,
    }));
    const recorded = await recordAction(deps.db, a, outcome, deps.clock(), deps.env);
    results.push({ id: a.id, kind: a.kind, provider: a.provider, status: recorded.recorded ? recorded.status : "lost", error: outcome.error });
    if (!recorded.recorded) break;
  }
  return json(200, { data: { claimed: results.length, results }, error: null });
}

/** Vercel signs the raw body with the webhook's secret: HMAC-SHA1, hex, in x-vercel-signature. */
async function vercelHook(req: Request, deps: DeployDeps): Promise<Response> {
  const target = new URL(req.url).searchParams.get("target") ?? "";
  const raw = await req.text();
  const refuse = (why: string) => json(401, { data: null, error: why });
  if (!/^[0-9a-f-]{36}$/i.test(target)) return json(400, { data: null, error: "target must be the deploy target's id (?target=<uuid>)." });
  const [t] = await deps.db<{ webhook_secret_name: string | null }[]>`select webhook_secret_name from vigil.deploy_target_secrets(${target}::uuid)`;
  if (!t) return json(404, { data: null, error: "No deploy target has that id." });
  const secret = t.webhook_secret_name ? await deps.secret(t.webhook_secret_name) : null;
  if (!secret) return json(500, { data: null, error: `the target's webhook secret ${t.webhook_secret_name ?? "(none named)"} is not set` });
  const given = req.headers.get("x-vercel-signature") ?? "";
  if (!given || !sameSecret(given.toLowerCase(), await hmacHex("SHA-1", secret, raw))) return refuse("The x-vercel-signature does not match the body.");
  let event: z.infer<typeof VercelWebhook>;
  try {
    const parsed = VercelWebhook.safeParse(JSON.parse(raw));
    if (!parsed.success) return json(400, { data: null, error: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") });
    event = parsed.data;
  } catch {
    return json(400, { data: null, error: "The body must be JSON." });
  }
  const d = event.payload.deployment;
  const meta = d.meta ?? {};
  const str = (v: unknown) => (typeof v === "string" ? v : null);
  const [row] = await deps.db<{ r: { duplicate: boolean } }[]>`
    select vigil.record_deploy_webhook(${target}::uuid, ${event.id}, ${event.type},
      ${deps.db.json({ id: d.id, url: d.url ? `https://${d.url.replace(/^https?:\/\//, "")}` : null, commit: str(meta.githubCommitSha),
                       ref: str(meta.githubCommitRef) })}::jsonb, ${deps.clock().toISOString()}::timestamptz) as r`;
  // A signed body sent again (a replay) must not act twice: the id was already received.
  if (row.r.duplicate) return refuse(`Webhook ${event.id} was already received.`);
  return json(200, { data: row.r, error: null });
}

export function createDeployHandler(deps: DeployDeps): (req: Request) => Promise<Response> {
  return async (req) => {
    const path = new URL(req.url).pathname.replace(/\/+$/, "");
    if (req.method !== "POST") return json(405, { data: null, error: "Use POST." });
    if (path.endsWith("/hooks/vercel")) return await vercelHook(req, deps);
    if (path.endsWith("/run")) return await run(req, deps);
    return json(404, { data: null, error: "Unknown path: use POST /deploy/run or POST /deploy/hooks/vercel?target=<id>." });
  };
}
