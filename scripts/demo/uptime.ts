// Demo section for uptime: five monitors probed by the health-check function's own code against local
// servers (healthy, flapping, down, a certificate expiring in 10 days) and a heartbeat gone late, then
// the health answer and a public status page as anon sees it.
import http from "node:http";
import type { AddressInfo } from "node:net";
import tls from "node:tls";
import type postgres from "postgres";
import { HealthCheckEnvSchema, runChecks } from "../../supabase/functions/health-check/handler.ts";
import { systemLookup } from "../../supabase/functions/_shared/outbound.ts";
import { selfSignedCertificate } from "../lib/self-signed.ts";

export default async function (sql: postgres.Sql, tenantId: string): Promise<void> {
  console.log("\n== Uptime ==");
  let flips = 0;
  const app = http.createServer((req, res) => {
    if (req.url === "/health") return void setTimeout(() => res.writeHead(200).end("payments: operational"), 40);
    // Flapping: two answers good, one bad.
    if (req.url === "/flaky") return void res.writeHead(flips++ % 3 === 2 ? 502 : 200).end("search");
    res.writeHead(503).end("maintenance");
  });
  await new Promise<void>((r) => app.listen(0, "127.0.0.1", () => r()));
  const { key, cert } = selfSignedCertificate(10);
  const tlsServer = tls.createServer({ key, cert }, (s) => s.end());
  await new Promise<void>((r) => tlsServer.listen(0, "127.0.0.1", () => r()));
  const base = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  // The local servers listen on loopback, which the outbound guard refuses unless the service role allows it.
  const [{ allowed }] = await sql<{ allowed: boolean }[]>`select vigil.outbound_allow_loopback() as allowed`;
  await sql`select vigil.set_outbound_allow_loopback(true)`;
  try {
    const region = `demo-${tenantId.slice(0, 8)}`;
    const add = async (def: Record<string, unknown>) =>
      (await sql<{ m: Record<string, string> }[]>`select vigil_api.create_monitor(${tenantId}, ${sql.json({ regions: [region], ...def } as postgres.JSONValue)}) as m`)[0].m;
    await add({ name: "payments API", type: "keyword", url: `${base}/health`, keyword: "operational", degraded_ms: 500 });
    await add({ name: "search API", type: "http", url: `${base}/flaky`, retries: 1, recovery_successes: 2 });
    await add({ name: "legacy API", type: "http", url: `${base}/legacy`, retries: 1 });
    await add({ name: "www certificate", type: "tls", url: `https://127.0.0.1:${(tlsServer.address() as AddressInfo).port}` });
    const hb = await sql<{ m: Record<string, string> }[]>`
      select vigil_api.create_monitor(${tenantId}, '{"name": "nightly backup", "type": "heartbeat", "period_seconds": 3600, "grace_seconds": 900}') as m`;
    console.log(`5 monitors; the heartbeat's ping URL is /functions/v1/ping/${hb[0].m.ping_token.slice(0, 10)}… (token shown once)`);

    const env = HealthCheckEnvSchema.parse({ SUPABASE_SERVICE_ROLE_KEY: "demo", SUPABASE_DB_URL: "postgres://demo", VIGIL_REGION: region });
    // Five rounds a minute apart, ending now.
    const start = Date.now() - 4 * 60_000;
    for (let round = 0; round < 5; round++) {
      const clock = () => new Date(start + round * 60_000);
      const s = await runChecks({ db: sql, lookup: systemLookup, clock, env, secret: () => Promise.resolve(null), ca: [cert] }, region, 100);
      const states = await sql<{ name: string; state: string }[]>`
        select m.name, s.state from vigil.monitors m join vigil.monitor_state s on s.tenant_id = m.tenant_id and s.monitor_id = m.id
        where m.tenant_id = ${tenantId} and m.type <> 'heartbeat' order by m.name`;
      console.log(`round ${round + 1}: ${s.checked} checked, ${s.failed} failed -> ${states.map((x) => `${x.name}: ${x.state}`).join(", ")}`);
    }
    const [{ days }] = await sql<{ days: number }[]>`
      select s.cert_days_left as days from vigil.monitors m join vigil.monitor_state s on s.tenant_id = m.tenant_id and s.monitor_id = m.id
      where m.tenant_id = ${tenantId} and m.type = 'tls'`;
    console.log(`www certificate: ${days} days left`);
    // The backup pinged once, 70 minutes ago, and not since: late (its period is an hour).
    await sql`select vigil._ping(${hb[0].m.ping_token}, 'success', 'backup done', now() - interval '70 minutes')`;
    const [{ late }] = await sql<{ late: Record<string, number> }[]>`select vigil.check_heartbeats(now()) as late`;
    console.log(`check_heartbeats(): ${JSON.stringify(late)}`);

    // The default rules (the alerts section installed them) page on monitor_down and warn under 14 days.
    await sql`select vigil.evaluate_alerts()`;
    const alerts = await sql<{ rule: string; monitor: string; state: string; value: number }[]>`
      select rule, labels ->> 'monitor' as monitor, state, value from vigil_api.list_alerts(${tenantId})
      where state = 'firing' and labels ? 'monitor' order by rule`;
    for (const a of alerts) console.log(`alert firing: ${a.rule} [${a.monitor}] = ${a.value}`);
    const incidents = await sql<{ title: string; status: string }[]>`select title, status from vigil.incidents where tenant_id = ${tenantId}`;
    for (const i of incidents) console.log(`incident opened automatically: "${i.title}" (${i.status})`);

    const [{ health }] = await sql<{ health: Record<string, unknown> }[]>`select vigil_api.health(${tenantId}) as health`;
    console.log("\nvigil_api.health():");
    console.log(JSON.stringify(health, (k, v) => (k === "last_checked_at" ? undefined : v), 2).replace(/^/gm, "  "));

    const ids = await sql<{ id: string; name: string }[]>`select id, name from vigil.monitors where tenant_id = ${tenantId} and type <> 'tls' order by name`;
    const items = ids.map((m) => ({ monitor: m.id, label: m.name.replace(/ API$/, "").replace(/^./, (c) => c.toUpperCase()) }));
    const slug = `status-${tenantId.slice(0, 8)}`;
    await sql`select vigil_api.set_status_page(${tenantId}, ${slug}, 'Demo shop status', ${sql.json(items)}, true)`;
    await sql`select vigil.refresh_uptime()`;
    const page = await sql.begin(async (tx) => {
      await tx`select set_config('request.jwt.claims', '{"role":"anon"}', true), set_config('role', 'anon', true)`;
      return (await tx<{ p: { status: string; items: { name: string; state: string; uptime: Record<string, number | null> }[] } }[]>`
        select vigil_api.status_page(${slug}) as p`)[0].p;
    });
    console.log(`\nvigil_api.status_page('${slug}') as anon: ${page.status}`);
    for (const i of page.items) {
      const u = i.uptime["24h"];
      console.log(`  ${i.name.padEnd(16)} ${i.state.padEnd(9)} 24h ${u === null ? "n/a" : `${(100 * u).toFixed(1)}%`}`);
    }
  } finally {
    await sql`select vigil.set_outbound_allow_loopback(${allowed})`;
    await new Promise((r) => app.close(r));
    await new Promise((r) => tlsServer.close(r));
  }
}
