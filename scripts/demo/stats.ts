// The statistics part of the demo: fold the rollups, then the numbers a dashboard shows.
import type postgres from "postgres";

const ms = (v: number | null | undefined) => (v === null || v === undefined ? "—" : `${v.toFixed(1)} ms`);
const pct = (v: number | null | undefined) => (v === null || v === undefined ? "—" : `${(v * 100).toFixed(1)}%`);
const bars = " ▁▂▃▄▅▆▇█";

export default async function (sql: postgres.Sql, tenantId: string): Promise<void> {
  console.log("\n== Statistics ==");
  const [{ fold }] = await sql<{ fold: { events: number; ms: number } }[]>`select vigil.fold_rollups() as fold`;
  console.log(`rollup step: folded ${fold.events} events in ${fold.ms} ms (maintenance runs it every minute)`);

  const [{ s }] = await sql<{ s: Record<string, unknown> }[]>`
    select vigil_api.summary(${tenantId}, now() - interval '24 hours') as s`;
  console.log(`last 24 h: ${s.count} events, ${s.errors} errors, success ${pct(s.success_rate as number)}, ` +
    `p50 ${ms(s.p50_ms as number)}, p95 ${ms(s.p95_ms as number)}, p99 ${ms(s.p99_ms as number)}`);

  const ops = await sql<{ kind: string; name: string; count: string; success_rate: number; p50_ms: number; p95_ms: number; p99_ms: number }[]>`
    select * from vigil_api.operation_stats(${tenantId}, now() - interval '24 hours', p_limit => 5)`;
  console.log("\nbusiest operations (24 h):");
  console.log("  " + ["name".padEnd(28), "count".padStart(7), "success".padStart(8), "p50".padStart(10), "p95".padStart(10), "p99".padStart(10)].join(" "));
  for (const o of ops) {
    console.log("  " + [`${o.name}`.slice(0, 28).padEnd(28), String(o.count).padStart(7), pct(o.success_rate).padStart(8),
      ms(o.p50_ms).padStart(10), ms(o.p95_ms).padStart(10), ms(o.p99_ms).padStart(10)].join(" "));
  }

  const series = await sql<{ value: number }[]>`
    select value from vigil_api.timeseries(${tenantId}, 'count',
      date_bin('5 minutes', now() - interval '2 hours', timestamptz '2000-01-01'), now(), interval '5 minutes')`;
  const max = Math.max(1, ...series.map((r) => r.value));
  console.log(`\nevents per 5 minutes, last 2 h: ${series.map((r) => bars[Math.round((r.value / max) * 8)]).join("")} (max ${max})`);

  const groups = await sql<{ error_type: string; name: string; count: string; users_affected: string; status: string; sample_message: string }[]>`
    select * from vigil_api.error_groups(${tenantId}, now() - interval '24 hours', p_limit => 3)`;
  if (groups.length) {
    console.log("\ntop error groups (24 h):");
    for (const g of groups) {
      console.log(`  ${String(g.count).padStart(5)}× ${g.error_type ?? g.name} — ${(g.sample_message ?? "").slice(0, 60)} ` +
        `(${g.users_affected} users, ${g.status})`);
    }
  }

  const vitals = await sql<{ name: string; count: string; p75: number | null; rating: string | null }[]>`
    select * from vigil_api.web_vitals(${tenantId}, now() - interval '24 hours') where count > 0`;
  if (vitals.length) {
    console.log("\nweb vitals (p75): " + vitals.map((v) => `${v.name} ${v.name === "CLS" ? v.p75?.toFixed(3) : Math.round(v.p75 ?? 0)} (${v.rating})`).join(", "));
  }

  if (ops.length) {
    const top = ops[0];
    await sql`delete from vigil.slos where tenant_id = ${tenantId} and name = ${top.name} and description = 'demo'`;
    await sql`select vigil_api.set_slo(${tenantId}, ${top.name}, 0.99, p_kind => ${top.kind}, p_description => 'demo')`;
    const [slo] = await sql<{ sli: number | null; budget_remaining: number | null; burn_rate_1h: number | null; burn_rate_5m: number | null }[]>`
      select * from vigil_api.slo_status(${tenantId}) where name = ${top.name} and objective = 0.99`;
    console.log(`\nSLO "${top.name}" 99% success over 30 days: SLI ${pct(slo.sli)}, budget left ${pct(slo.budget_remaining)}, ` +
      `burn rate 1h ${slo.burn_rate_1h?.toFixed(2) ?? "—"}, 5m ${slo.burn_rate_5m?.toFixed(2) ?? "—"}`);
  }
}
