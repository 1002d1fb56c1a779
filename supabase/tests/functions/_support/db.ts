// Database helpers for the send-alert tests: a connection to the test database, a tenant with
// channels and rules made as the service role would, and clean-up so tests leave nothing behind.
import postgres from "postgres";
import { type SendAlertEnv, SendAlertEnvSchema } from "../../../functions/_shared/env.ts";
import { type SendAlertDeps } from "../../../functions/send-alert/handler.ts";
import { type Lookup, systemLookup } from "../../../functions/_shared/outbound.ts";

export const DATABASE_URL = Deno.env.get("DATABASE_URL") ?? "";
export const SERVICE_KEY = "test-service-role-key-" + crypto.randomUUID();

export function connectTest(): postgres.Sql {
  if (!DATABASE_URL) throw new Error("DATABASE_URL must point at the test database (the test runner sets it).");
  return postgres(DATABASE_URL, { max: 4, onnotice: () => {} });
}

export async function makeTenant(sql: postgres.Sql, prefix: string): Promise<string> {
  const slug = `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
  const [row] = await sql<{ id: string }[]>`select (vigil_api.create_tenant(${slug}, ${slug}) ->> 'id') as id`;
  return row.id;
}

export async function dropTenant(sql: postgres.Sql, tenant: string) {
  await sql`delete from vigil.events where tenant_id = ${tenant}`;
  await sql`delete from vigil.tenants where id = ${tenant}`;
}

/** A channel made as the service role; loopback is allowed first, since the local receivers listen on 127.0.0.1. */
export async function addChannel(sql: postgres.Sql, tenant: string, name: string, type: string, config: object, secretName?: string) {
  await allowLoopback(sql);
  const [row] = await sql<{ id: string }[]>`
    select (vigil_api.create_alert_channel(${tenant}, ${name}, ${type}, ${sql.json(config as postgres.JSONValue)}, ${secretName ?? null}) ->> 'id') as id`;
  return row.id;
}

/** A rule that fires at once (count >= 0 with no minimum) on the given channels. */
export async function addFiringRule(sql: postgres.Sql, tenant: string, name: string, channels: string[], extra: object = {}) {
  const rule = { name, metric: "count", comparator: "gte", threshold: 0, window: "10 minutes", min_events: 0,
    severity: "critical", channels, labels: { team: "payments" }, ...extra };
  const [row] = await sql<{ id: string }[]>`select (vigil_api.create_alert_rule(${tenant}, ${sql.json(rule as postgres.JSONValue)}) ->> 'id') as id`;
  return row.id;
}

export async function evaluate(sql: postgres.Sql, at = new Date()) {
  const [row] = await sql<{ r: Record<string, number> }[]>`select vigil.evaluate_alerts(${at.toISOString()}::timestamptz) as r`;
  return row.r;
}

export function testEnv(over: Partial<Record<string, string>> = {}): SendAlertEnv {
  return SendAlertEnvSchema.parse({
    SUPABASE_SERVICE_ROLE_KEY: SERVICE_KEY,
    SUPABASE_DB_URL: DATABASE_URL,
    SEND_ALERT_TIMEOUT_MS: "2000",
    SEND_ALERT_BACKOFF_BASE_MS: "50",
    ...over,
  });
}

export function deps(sql: postgres.Sql, env: SendAlertEnv, secrets: Record<string, string>, lookup: Lookup = systemLookup): SendAlertDeps {
  return { db: sql, lookup, clock: () => new Date(), env, secret: (name) => Promise.resolve(secrets[name] ?? null) };
}

/**
 * The local provider servers listen on 127.0.0.1, which the outbound guard refuses unless the
 * service role or a DBA allows loopback: the tests that talk to them turn it on, as the service role would.
 */
export async function allowLoopback(sql: postgres.Sql, allow = true) {
  await sql`select vigil.set_outbound_allow_loopback(${allow})`;
}

export function post(body: unknown = {}, key = SERVICE_KEY): Request {
  return new Request("http://127.0.0.1/functions/v1/send-alert", {
    method: "POST",
    headers: { "Authorization": `Bearer ${key}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
