// health-check against local servers: each kind of answer becomes the result, the event and the
// monitor state it should, and a secret header is sent but stored nowhere.
import assert from "node:assert/strict";
import tls from "node:tls";
import { createHealthCheckHandler, HealthCheckEnvSchema } from "../../functions/health-check/handler.ts";
import { systemLookup } from "../../functions/_shared/outbound.ts";
import { selfSignedCertificate } from "../../../scripts/lib/self-signed.ts";
import { allowLoopback, connectTest, DATABASE_URL, dropTenant, makeTenant, post, SERVICE_KEY } from "./_support/db.ts";
import type postgres from "postgres";

// A region of its own, so no other test's monitors are due here.
const REGION = `probe-${crypto.randomUUID().slice(0, 8)}`;
const env = HealthCheckEnvSchema.parse({ SUPABASE_SERVICE_ROLE_KEY: SERVICE_KEY, SUPABASE_DB_URL: DATABASE_URL, VIGIL_REGION: REGION });

async function monitor(sql: postgres.Sql, tenant: string, def: Record<string, unknown>): Promise<string> {
  const [row] = await sql<{ id: string }[]>`select (vigil_api.create_monitor(${tenant}, ${sql.json({ regions: [REGION], ...def } as postgres.JSONValue)}) ->> 'id') as id`;
  return row.id;
}

Deno.test("each kind of answer becomes the check result, event and state it should", async () => {
  const sql = connectTest();
  const seen: Headers[] = [];
  const hang: (() => void)[] = [];
  const app = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    const path = new URL(req.url).pathname;
    seen.push(req.headers);
    if (path === "/ok") return new Response("all systems operational");
    if (path === "/500") return new Response("boom", { status: 500 });
    if (path === "/hang") return await new Promise<Response>((resolve) => hang.push(() => resolve(new Response("late"))));
    if (path === "/loop-a") return new Response(null, { status: 302, headers: { location: "/loop-b" } });
    if (path === "/loop-b") return new Response(null, { status: 302, headers: { location: "/loop-a" } });
    if (path === "/status.json") return Response.json({ data: { status: "degraded" } });
    return new Response("not found", { status: 404 });
  });
  const { key, cert } = selfSignedCertificate(10);
  const tlsServer = tls.createServer({ key, cert }, (s) => s.end());
  await new Promise<void>((r) => tlsServer.listen(0, "127.0.0.1", () => r()));
  const tlsPort = (tlsServer.address() as { port: number }).port;
  const base = `http://127.0.0.1:${app.addr.port}`;
  const tenant = await makeTenant(sql, "probes");
  try {
    await allowLoopback(sql);
    const ids = {
      keywordFound: await monitor(sql, tenant, { name: "keyword found", type: "keyword", url: `${base}/ok`, keyword: "operational" }),
      keywordMissing: await monitor(sql, tenant, { name: "keyword missing", type: "keyword", url: `${base}/ok`, keyword: "maintenance" }),
      plain: await monitor(sql, tenant, { name: "plain", type: "http", url: `${base}/ok`,
        secret_headers: { Authorization: "VIGIL_PROBE_TOKEN" }, headers: { "X-Probe": "vigil" } }),
      error: await monitor(sql, tenant, { name: "five hundred", type: "http", url: `${base}/500` }),
      timeout: await monitor(sql, tenant, { name: "never answers", type: "http", url: `${base}/hang`, timeout_ms: 300 }),
      loop: await monitor(sql, tenant, { name: "loop", type: "http", url: `${base}/loop-a` }),
      json: await monitor(sql, tenant, { name: "json", type: "json", url: `${base}/status.json`, json_path: ["data", "status"], json_expected: "ok" }),
      cert: await monitor(sql, tenant, { name: "certificate", type: "tls", url: `https://127.0.0.1:${tlsPort}` }),
    };
    const handler = createHealthCheckHandler({
      db: sql, lookup: systemLookup, clock: () => new Date(), env, ca: [cert],
      secret: (name) => Promise.resolve(name === "VIGIL_PROBE_TOKEN" ? "Bearer s3cret-probe-token" : null),
    });
    const res = await handler(post({ limit: 10_000 }));
    assert.equal(res.status, 200);
    const { data } = await res.json();
    const byId = new Map<string, { ok: boolean; reason?: string; status_code?: number; cert_days_left?: number }>(
      data.results.map((r: { monitor_id: string }) => [r.monitor_id, r]));
    const result = (id: string) => byId.get(id)!;
    assert.equal(data.region, REGION);

    assert.equal(result(ids.keywordFound).ok, true, JSON.stringify(result(ids.keywordFound)));
    assert.deepEqual([result(ids.keywordMissing).ok, result(ids.keywordMissing).reason], [false, 'keyword: "maintenance" not found']);
    assert.equal(result(ids.plain).ok, true);
    assert.deepEqual([result(ids.error).ok, result(ids.error).status_code, result(ids.error).reason], [false, 500, "status: 500, expected 200-299"]);
    assert.deepEqual([result(ids.timeout).ok, result(ids.timeout).reason], [false, "timeout: no answer within 300 ms"]);
    assert.equal(result(ids.loop).ok, false);
    assert.match(result(ids.loop).reason!, /^redirect: a loop back to http:\/\/127\.0\.0\.1:\d+\/loop-a$/);
    assert.deepEqual([result(ids.json).ok, result(ids.json).reason], [false, 'json: data.status is "degraded", expected "ok"']);
    assert.deepEqual([result(ids.cert).ok, result(ids.cert).cert_days_left], [true, 10], JSON.stringify(result(ids.cert)));

    // The secret header went to the target, and is nowhere in the database.
    assert.ok(seen.some((h) => h.get("authorization") === "Bearer s3cret-probe-token" && h.get("x-probe") === "vigil"));
    const [stored] = await sql<{ n: number }[]>`
      select (select count(*) from vigil.events e where e.tenant_id = ${tenant} and e::text like '%s3cret%')
           + (select count(*) from vigil.monitors m where m.tenant_id = ${tenant} and m::text like '%s3cret%')
           + (select count(*) from vigil.monitor_state s where s.tenant_id = ${tenant} and s::text like '%s3cret%') as n`;
    assert.equal(Number(stored.n), 0, "the secret value is stored nowhere");

    // Every result is an event named check:<monitor>, and the states moved.
    const rows = await sql<{ name: string; success: boolean; error_type: string | null; cert: string | null }[]>`
      select name, success, error_type, attributes ->> 'cert_days_left' as cert from vigil.events
      where tenant_id = ${tenant} and kind = 'api_call' order by name`;
    assert.equal(rows.length, 8);
    assert.deepEqual(rows.find((r) => r.name === "check:never answers"), { name: "check:never answers", success: false, error_type: "timeout", cert: null });
    assert.deepEqual(rows.find((r) => r.name === "check:certificate"), { name: "check:certificate", success: true, error_type: null, cert: "10" });
    const states = await sql<{ name: string; state: string }[]>`select m.name, s.state from vigil.monitors m join vigil.monitor_state s on s.tenant_id = m.tenant_id and s.monitor_id = m.id
      where m.tenant_id = ${tenant} order by m.name`;
    assert.deepEqual(Object.fromEntries(states.map((s) => [s.name, s.state])), {
      "certificate": "up", "five hundred": "down", "json": "down", "keyword found": "up", "keyword missing": "down", "loop": "down",
      "never answers": "down", "plain": "up",
    });
    // Checked just now, so none is due again: a second run at once finds nothing to do.
    const again = await (await handler(post({}))).json();
    assert.equal(again.data.results.filter((r: { monitor_id: string }) => Object.values(ids).includes(r.monitor_id)).length, 0);
  } finally {
    hang.forEach((f) => f());
    await dropTenant(sql, tenant);
    await app.shutdown();
    await new Promise((r) => tlsServer.close(r));
    await sql.end();
  }
});

Deno.test("health-check refuses a caller without the service role key", async () => {
  const sql = connectTest();
  try {
    const handler = createHealthCheckHandler({ db: sql, lookup: systemLookup, clock: () => new Date(), env, secret: () => Promise.resolve(null) });
    assert.equal((await handler(post({}, "not-the-key"))).status, 401);
    assert.equal((await handler(post({ region: "EU!" }))).status, 400);
  } finally {
    await sql.end();
  }
});
