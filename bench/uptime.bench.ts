// Uptime: 1,000 monitors due in the same minute, probed against local servers that answer after a
// realistic delay (log-normal, median about 120 ms, a few slow ones) and recorded, by the same code
// the health-check edge function runs (runChecks); and what moving the monitors' state costs next to a
// plain insert of the same events, measured alternately in the same run.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { HealthCheckEnvSchema, runChecks } from "../supabase/functions/health-check/handler.ts";
import { systemLookup } from "../supabase/functions/_shared/outbound.ts";
import { type Bench, type BenchRow, medianMs, serverCpu } from "./run.ts";

/** A delay drawn from a log-normal distribution: median `median` ms, most within 3x, capped at 2 s. */
function latency(median: number): number {
  const u = Math.random() || 1e-9;
  const v = Math.random();
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return Math.min(2000, median * Math.exp(0.6 * z));
}

const bench: Bench = async ({ sql, quick, log }) => {
  const monitors = quick ? 200 : 1000;
  const tenants = 20;
  const servers = await Promise.all(Array.from({ length: 4 }, () => new Promise<http.Server>((resolve) => {
    const s = http.createServer((req, res) => {
      setTimeout(() => {
        if (req.url === "/down") {
          res.writeHead(503).end("unavailable");
        } else {
          res.writeHead(200, { "content-type": "text/plain" }).end("status: operational");
        }
      }, latency(120));
    });
    s.keepAliveTimeout = 1000;
    s.listen(0, "127.0.0.1", () => resolve(s));
  })));
  const rows: BenchRow[] = [];
  try {
    await sql`select vigil.set_outbound_allow_loopback(true)`;
    const ids: string[] = [];
    for (let t = 0; t < tenants; t++) {
      const [tenant] = await sql<{ id: string }[]>`select (vigil_api.create_tenant(${`Uptime ${t}`}, ${`uptime-bench-${t}`}) ->> 'id') as id`;
      for (let i = 0; i < monitors / tenants; i++) {
        const port = (servers[(t + i) % servers.length].address() as AddressInfo).port;
        const def = i % 3 === 0
          ? { name: `kw ${i}`, type: "keyword", url: `http://127.0.0.1:${port}/status`, keyword: "operational" }
          : { name: `api ${i}`, type: "http", url: `http://127.0.0.1:${port}/${i % 25 === 1 ? "down" : "health"}`, retries: 1 };
        const [m] = await sql<{ id: string }[]>`select (vigil_api.create_monitor(${tenant.id}, ${sql.json(def)}) ->> 'id') as id`;
        ids.push(m.id);
      }
    }
    log(`${ids.length} monitors over ${tenants} tenants, all due now`);
    const env = HealthCheckEnvSchema.parse({ SUPABASE_SERVICE_ROLE_KEY: "bench", SUPABASE_DB_URL: "postgres://bench" });
    const deps = { db: sql, lookup: systemLookup, clock: () => new Date(), env, secret: () => Promise.resolve(null) };
    const t0 = performance.now();
    const summary = await runChecks(deps, "default", 10_000);
    const probeMs = performance.now() - t0;
    const mean = summary.results.reduce((a, r) => a + r.duration_ms, 0) / Math.max(1, summary.results.length);
    rows.push({
      bench: "uptime", case: `${summary.checked} monitors due at once: claimed, probed and recorded`, value: probeMs / 1000, unit: "s",
      baseline: { case: "one minute", value: 60 }, ratio: probeMs / 60_000, target: "< 1 (within the minute)",
      note: `${summary.up} up, ${summary.failed} failed; mean target latency ${mean.toFixed(0)} ms; ` +
        `${env.HEALTH_CHECK_CONCURRENCY} checks in flight`,
    });

    // The state update: the same 1,000 results through record_check_results (events and state) and as
    // a plain insert of the same events, alternately, each in a transaction rolled back.
    const results = ids.map((id, i) => ({ monitor_id: id, ok: i % 7 !== 0, duration_ms: 100 + (i % 50), status_code: i % 7 ? 200 : 503,
      reason: i % 7 ? undefined : "status: 503, expected 200-299" }));
    const json = JSON.stringify(results);
    const conn = await sql.reserve();
    try {
      // The server process's CPU time as well as the wall time (see serverCpu).
      const cpuMs = await serverCpu(conn);
      const once = async (q: () => Promise<unknown>) => {
        await conn`begin`;
        try {
          await q();
        } finally {
          await conn`rollback`;
        }
      };
      const record = () => once(() => conn`select vigil.record_check_results(${json}::text::jsonb)`);
      // The baseline writes the very rows record_check_results writes (the attributes too), so the
      // difference between the two is the state alone.
      const plain = () => once(() => conn`
        insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success, status_code, error_type, error_message, source, attributes)
        select m.tenant_id, 'api_call', 'check:' || m.name, now(), r.duration_ms, r.ok, r.status_code,
               case when not r.ok then split_part(r.reason, ':', 1) end, r.reason, 'vigil-uptime',
               jsonb_strip_nulls(jsonb_build_object('monitor_id', m.id, 'region', 'default', 'reason', r.reason,
                 'degraded', r.ok and m.degraded_ms is not null and r.duration_ms > m.degraded_ms))
        from jsonb_to_recordset(${json}::text::jsonb) r(monitor_id uuid, ok boolean, duration_ms double precision, status_code integer, reason text)
        join vigil.monitors m on m.id = r.monitor_id`);
      for (let i = 0; i < 3; i++) {
        await record();
        await plain();
      }
      const runs = quick ? 5 : 11;
      const rec: number[] = [];
      const ins: number[] = [];
      const recCpu: number[] = [];
      const insCpu: number[] = [];
      const timed = async (q: () => Promise<unknown>, wall: number[], cpu: number[]) => {
        const c0 = cpuMs();
        wall.push(await medianMs(1, q));
        cpu.push(cpuMs() - c0);
      };
      for (let i = 0; i < runs; i++) {
        await timed(record, rec, recCpu);
        await timed(plain, ins, insCpu);
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      rows.push({
        bench: "uptime", case: `record_check_results, ${ids.length} results (events + state)`, value: median(rec), unit: "ms",
        baseline: { case: "plain insert of the same events", value: median(ins) }, ratio: median(rec) / median(ins), target: "≤ 2×",
        note: `medians of ${runs}, alternating`,
      });
      if (Number.isFinite(median(recCpu))) {
        rows.push({
          bench: "uptime", case: `record_check_results, ${ids.length} results: server CPU time`, value: median(recCpu), unit: "ms",
          baseline: { case: "plain insert of the same events", value: median(insCpu) }, ratio: median(recCpu) / median(insCpu),
          target: "≤ 2×", note: `the server process's CPU time (/proc/<pid>/schedstat), medians of ${runs}, alternating`,
        });
      }
    } finally {
      conn.release();
    }
  } finally {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  }
  return rows;
};

export default bench;
