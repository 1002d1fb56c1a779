// health-check: claims the monitors due in this region, probes them concurrently and records every
// result through vigil.record_check_results (events and state in one call). Called by pg_cron through
// pg_net (or a scheduler, or a test) with the service role key; takes its dependencies as arguments.
import { z } from "zod";
import { hasBearer } from "../_shared/auth.ts";
import { parseJsonBody } from "../_shared/request.ts";
import { readOutboundAllowLoopback } from "../_shared/db.ts";
import type { FunctionDeps } from "../_shared/deps.ts";
import { functionEnv, int } from "../_shared/env.ts";
import { type CheckResult, type DueMonitor, probe } from "./probe.ts";

export const HealthCheckEnvSchema = z.object({
  ...functionEnv,
  /** The region this deployment probes from, unless a request names one. */
  VIGIL_REGION: z.string().regex(/^[a-z0-9][a-z0-9-]{0,30}$/, "VIGIL_REGION must be lowercase letters, digits and dashes").default("default"),
  HEALTH_CHECK_LIMIT: int(1, 10_000, 2000),
  /** Checks in flight at once: most of a check is waiting for the target, so many overlap. */
  HEALTH_CHECK_CONCURRENCY: int(1, 1000, 200),
});
export type HealthCheckEnv = z.infer<typeof HealthCheckEnvSchema>;

export interface HealthCheckDeps extends FunctionDeps<HealthCheckEnv> {
  /** Trusted roots instead of the system's (tests). */
  ca?: string[];
}

const Body = z.object({
  region: z.string().regex(/^[a-z0-9][a-z0-9-]{0,30}$/, "region must be lowercase letters, digits and dashes").optional(),
  limit: z.number().int().min(1).max(10_000).optional(),
}).strict();

export interface HealthCheckSummary {
  region: string;
  checked: number;
  up: number;
  failed: number;
  results: Pick<CheckResult, "monitor_id" | "ok" | "duration_ms" | "reason" | "status_code" | "cert_days_left">[];
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

export async function runChecks(deps: HealthCheckDeps, region: string, limit: number): Promise<HealthCheckSummary> {
  const monitors = await deps.db<DueMonitor[]>`
    select id::text, name, type, url, method, headers, secret_headers, body, expected_status, keyword, keyword_absent, json_path,
           json_expected, timeout_ms
    from vigil.claim_due_monitors(${region}, ${limit}, ${deps.clock().toISOString()}::timestamptz)`;
  const policy = { purpose: "monitor" as const, allowLoopback: monitors.length ? await readOutboundAllowLoopback(deps.db) : false, lookup: deps.lookup };
  const results: CheckResult[] = [];
  let next = 0;
  const worker = async () => {
    while (next < monitors.length) {
      const m = monitors[next++];
      results.push(await probe(m, region, { policy, clock: deps.clock, secret: deps.secret, ca: deps.ca }));
    }
  };
  await Promise.all(Array.from({ length: Math.min(deps.env.HEALTH_CHECK_CONCURRENCY, monitors.length) }, worker));
  if (results.length) {
    await deps.db`select vigil.record_check_results(${JSON.stringify(results)}::text::jsonb, ${deps.clock().toISOString()}::timestamptz)`;
  }
  const up = results.filter((r) => r.ok).length;
  return {
    region,
    checked: results.length,
    up,
    failed: results.length - up,
    results: results.map(({ monitor_id, ok, duration_ms, reason, status_code, cert_days_left }) =>
      ({ monitor_id, ok, duration_ms, reason, status_code, cert_days_left })),
  };
}

export function createHealthCheckHandler(deps: HealthCheckDeps): (req: Request) => Promise<Response> {
  return async (req) => {
    if (!hasBearer(req, deps.env.SUPABASE_SERVICE_ROLE_KEY)) {
      return json(401, { data: null, error: "health-check requires the service role key as a Bearer token." });
    }
    if (req.method !== "POST") return json(405, { data: null, error: "Use POST." });
    const parsed = await parseJsonBody(req, Body, '{} or {"region": "eu"}');
    if (parsed.error !== null) return json(400, { data: null, error: parsed.error });
    // ?region= as well, so a pg_cron job can call each region's URL with an empty body.
    const region = parsed.data.region ?? new URL(req.url).searchParams.get("region") ?? deps.env.VIGIL_REGION;
    if (!/^[a-z0-9][a-z0-9-]{0,30}$/.test(region)) return json(400, { data: null, error: "region must be lowercase letters, digits and dashes" });
    return json(200, { data: await runChecks(deps, region, parsed.data.limit ?? deps.env.HEALTH_CHECK_LIMIT), error: null });
  };
}
