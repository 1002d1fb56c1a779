// Demo section for deployments, in a tenant of its own so the other sections' numbers stay as they
// are: CI reports a good deploy and a bad one with a deploy key; the bad one raises checkout's error rate, a watched rule fires, the deploy watch rolls it back through the
// deploy function (to a local stand-in for the hosting platform's hook) and the channels hear of it;
// then deployment_impact for both.
import { createServer } from "node:http";
import type postgres from "postgres";
import { createDeployHandler } from "../../supabase/functions/deploy/handler.ts";
import { DeployEnvSchema } from "../../supabase/functions/deploy/env.ts";
import { systemLookup } from "../../supabase/functions/_shared/outbound.ts";

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

export default async function (sql: postgres.Sql): Promise<void> {
  console.log("\n== Deployments ==");
  const slug = `demo-deploys-${Date.now().toString(36)}`;
  const [{ tenantId }] = await sql<{ tenantId: string }[]>`select (vigil_api.create_tenant('Demo shop deploys', ${slug}) ->> 'id') as "tenantId"`;
  // The hosting platform's rollback hook, on this machine: it answers 200 to a signed request.
  const hook = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.end("ok"));
  });
  await new Promise<void>((resolve) => hook.listen(0, "127.0.0.1", resolve));
  const hookUrl = `http://127.0.0.1:${(hook.address() as { port: number }).port}/rollback`;
  const [{ before }] = await sql<{ before: boolean }[]>`select vigil.outbound_allow_loopback() as before`;
  await sql`select vigil.set_outbound_allow_loopback(true)`;
  try {
    const [channel] = await sql<{ id: string }[]>`
      select (vigil_api.create_alert_channel(${tenantId}, 'deploys', 'webhook', '{"url": "https://hooks.example.com/deploys"}') ->> 'id') as id`;
    const [rule] = await sql<{ id: string }[]>`select (vigil_api.create_alert_rule(${tenantId}, ${sql.json({
      name: "Checkout error rate above 10%", metric: "error_rate", kind: "operation", event_name: "checkout", comparator: "gt",
      threshold: 0.1, window: "5 minutes", min_events: 10, severity: "critical", channels: [channel.id],
    })}) ->> 'id') as id`;
    const [target] = await sql<{ id: string }[]>`
      select (vigil_api.create_deploy_target(${tenantId}, 'shop-web', 'webhook', ${sql.json({ url: hookUrl })}, ${sql.json({
        secret_name: "VIGIL_DEMO_HOOK_SECRET", auto_rollback: true, watch_window: "15 minutes",
        watch_rules: [rule.id], notify_channels: [channel.id],
      })}) ->> 'id') as id`;
    const [{ key }] = await sql<{ key: string }[]>`select vigil_api.create_deploy_key(${target.id}, 'github actions') ->> 'key' as key`;
    console.log(`target shop-web (auto-rollback on "Checkout error rate above 10%"), deploy key ${key.slice(0, 11)}…`);

    // What CI sends, as anon with the deploy key.
    const report = async (d: Record<string, string>) => sql.begin(async (tx) => {
      await tx`select set_config('role', 'anon', true)`;
      const [row] = await tx<{ r: { status: string } }[]>`select vigil_api.report_deployment(${key}, ${tx.json(d)}) as r`;
      return row.r;
    });
    await report({ id: "dpl_a1", version: "2026.12.1", commit: "4f1c2e9", ref: "main", actor: "ci", at: minutesAgo(70) });
    await sql`select vigil.deploy_watch(${minutesAgo(50)}::timestamptz)`;
    const good = await report({ id: "dpl_b2", version: "2026.12.2", commit: "9a7b3d0", ref: "main", actor: "ci", at: minutesAgo(40) });
    await sql`select vigil.deploy_watch(${minutesAgo(20)}::timestamptz)`;
    console.log(`good deploy 2026.12.2 reported (${good.status}), healthy after its watch window`);
    const bad = await report({ id: "dpl_c3", version: "2026.12.3", commit: "c0ffee1", ref: "main", actor: "ci", at: minutesAgo(10) });
    console.log(`bad deploy 2026.12.3 reported (${bad.status})`);

    // An hour and more of checkout traffic failing 2% of the time; after the bad deploy, a third of it fails.
    const [{ ingestKey }] = await sql<{ ingestKey: string }[]>`select vigil_api.create_ingest_key(${tenantId}, 'demo deploy traffic') ->> 'key' as "ingestKey"`;
    const steady = Array.from({ length: 700 }, (_, i) => ({
      kind: "operation", name: "checkout", duration_ms: 180 + (i % 50) * 5, success: i % 50 !== 0,
      occurred_at: new Date(Date.now() - (80 - (i / 700) * 80) * 60_000).toISOString(),
    }));
    const events = Array.from({ length: 300 }, (_, i) => ({
      kind: "operation", name: "checkout", duration_ms: 260 + (i % 40) * 7, success: i % 3 !== 0, release: "2026.12.3",
      occurred_at: new Date(Date.now() - (10 - (i / 300) * 9.5) * 60_000).toISOString(),
      ...(i % 3 === 0 ? { error_type: "CartError", error_message: "cart total is NaN" } : {}),
    }));
    await sql.begin(async (tx) => {
      await tx`select set_config('role', 'anon', true)`;
      await tx`select vigil_api.ingest(${ingestKey}, ${tx.json(steady)})`;
      await tx`select vigil_api.ingest(${ingestKey}, ${tx.json(events)})`;
    });
    const [{ e }] = await sql<{ e: { transitions: number } }[]>`select vigil.evaluate_alerts() as e`;
    const [{ w }] = await sql<{ w: Record<string, unknown> }[]>`select vigil.deploy_watch() as w`;
    console.log(`evaluate_alerts(): ${e.transitions} transitions; deploy_watch(): ${JSON.stringify(w)}`);

    // pg_cron calls the deploy function every minute; here it is called directly.
    const env = DeployEnvSchema.parse({ SUPABASE_SERVICE_ROLE_KEY: "demo-service-key", SUPABASE_DB_URL: "postgres://demo" });
    const handle = createDeployHandler({ db: sql, lookup: systemLookup, clock: () => new Date(), env,
      secret: (name) => Promise.resolve(name === "VIGIL_DEMO_HOOK_SECRET" ? "demo-hook-secret" : null) });
    const res = await handle(new Request("http://127.0.0.1/deploy/run", { method: "POST", headers: { Authorization: "Bearer demo-service-key" }, body: "{}" }));
    const run = (await res.json()) as { data: { results: { kind: string; provider: string; status: string }[] } };
    console.log(`deploy function: ${run.data.results.map((r) => `${r.kind} via ${r.provider}: ${r.status}`).join(", ")}`);

    console.log("deploy log (vigil_api.list_deployments):");
    const log = await sql<{ version: string; status: string; reason: string | null }[]>`
      select version, status, reason from vigil_api.list_deployments(${tenantId}, ${target.id}) order by created_at`;
    for (const d of log) console.log(`  ${d.version.padEnd(10)} ${d.status.padEnd(12)} ${d.reason ?? ""}`);
    const notes = await sql<{ kind: string; description: string }[]>`
      select n.kind, n.payload ->> 'description' as description from vigil.alert_notifications n
      where n.tenant_id = ${tenantId} and n.payload ? 'deployment' order by n.id`;
    console.log("notifications enqueued for the channels (send-alert delivers them):");
    for (const n of notes) console.log(`  ${n.kind.padEnd(8)} ${n.description}`);

    for (const [label, id] of [["good 2026.12.2", "dpl_b2"], ["bad 2026.12.3", "dpl_c3"]]) {
      const rows = await sql<{ section: string; name: string; count_before: number | null; count_after: number | null;
                               error_rate_before: number | null; error_rate_after: number | null; p95_before_ms: number | null;
                               p95_after_ms: number | null }[]>`
        select i.section, i.name, i.count_before, i.count_after, i.error_rate_before, i.error_rate_after, i.p95_before_ms, i.p95_after_ms
        from vigil_api.deployment_impact((select d.id from vigil.deployments d where d.target_id = ${target.id} and d.external_id = ${id}),
                                         '10 minutes') i
        where i.section <> 'operation' or i.name = 'checkout'`;
      console.log(`deployment_impact, ${label} (10 minutes before vs after):`);
      const pct = (v: number | null) => (v === null ? "-" : `${(v * 100).toFixed(1)}%`);
      const ms = (v: number | null) => (v === null ? "-" : `${Math.round(v)} ms`);
      for (const r of rows) {
        console.log(r.section === "operation"
          ? `  checkout: ${r.count_before} -> ${r.count_after} calls, errors ${pct(r.error_rate_before)} -> ${pct(r.error_rate_after)}, p95 ${ms(r.p95_before_ms)} -> ${ms(r.p95_after_ms)}`
          : `  ${r.section.replace(/_/g, " ")}: ${r.name} (${r.count_after} events)`);
      }
    }
  } finally {
    await sql`select vigil.set_outbound_allow_loopback(${before})`;
    await new Promise<void>((resolve) => hook.close(() => resolve()));
  }
}
