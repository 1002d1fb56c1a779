// Demo section: one maintenance run, the stuck-orders heal rules, a batch job's progress, database health.
import type postgres from "postgres";

interface Step {
  step: string;
  status: string;
  duration_ms: number;
  error?: string;
}

export default async function (sql: postgres.Sql, tenantId: string): Promise<void> {
  console.log("\n== Maintenance and self-healing ==");

  // The app's orders table, as an app would have it: a status, when it last changed, and the trigger
  // that keeps the two together (heal updates go through the table, so the trigger fires for them too).
  await sql.unsafe(`
    create table if not exists public.demo_orders (
      id bigint primary key, status text not null, status_changed_at timestamptz not null default now());
    create or replace function public.demo_orders_touch() returns trigger language plpgsql as $$
    begin
      if new.status is distinct from old.status then new.status_changed_at := now(); end if;
      return new;
    end $$;
    create or replace trigger demo_orders_touch before update on public.demo_orders
      for each row execute function public.demo_orders_touch();
    truncate public.demo_orders;
    insert into public.demo_orders values
      (1, 'preparing', now() - interval '3 hours'), (2, 'preparing', now() - interval '50 minutes'),
      (3, 'preparing', now() - interval '5 minutes'), (4, 'ready', now() - interval '5 hours'),
      (5, 'ready', now() - interval '30 minutes');`);
  await sql`delete from vigil.heal_rules where tenant_id = ${tenantId} and name in ('preparing too long', 'ready too long')`;
  const [{ prep }] = await sql<{ prep: string }[]>`
    select vigil_api.create_heal_rule(${tenantId}, 'preparing too long', 'public.demo_orders', 'status', 'preparing', 'ready',
                                      'status_changed_at', '45 minutes') as prep`;
  await sql`select vigil_api.create_heal_rule(${tenantId}, 'ready too long', 'public.demo_orders', 'status', 'ready', 'completed',
                                               'status_changed_at', '2 hours')`;
  const [{ preview }] = await sql<{ preview: { would_change: number; sample_ids: string[] } }[]>`
    select vigil_api.heal_preview(${prep}) as preview`;
  console.log(`heal preview 'preparing too long': would change ${preview.would_change} order(s): ${preview.sample_ids.join(", ")}`);

  const [{ s }] = await sql<{ s: { status: string; duration_ms: number; steps: Step[] } }[]>`select vigil.run_maintenance() as s`;
  console.log(`run_maintenance(): ${s.status} in ${s.duration_ms.toFixed(1)} ms`);
  for (const st of s.steps) {
    console.log(`  ${st.step.padEnd(16)} ${st.status.padEnd(7)} ${st.duration_ms.toFixed(1).padStart(8)} ms${st.error ? `  ${st.error}` : ""}`);
  }
  const orders = await sql<{ id: string; status: string }[]>`select id, status from public.demo_orders order by id`;
  console.log(`orders after healing: ${orders.map((o) => `#${o.id} ${o.status}`).join(", ")}`);
  const audit = await sql<{ rule_name: string; rows_changed: number; sample_ids: string[] }[]>`
    select r ->> 'rule_name' as rule_name, (r ->> 'rows_changed')::int as rows_changed,
           array(select jsonb_array_elements_text(r -> 'sample_ids')) as sample_ids
    from vigil_api.heal_runs(${tenantId}, null, 2) r`;
  for (const a of audit) console.log(`  audit: ${a.rule_name}: ${a.rows_changed} row(s) [${a.sample_ids.join(", ")}]`);

  // A backfill tracked item by item.
  const [{ job }] = await sql<{ job: string }[]>`select vigil_api.job_start(${tenantId}, 'backfill order totals', 1000) as job`;
  const items = Array.from({ length: 600 }, (_, i) => ({
    key: `order-${i + 1}`,
    status: i % 50 === 7 ? "failed" : i % 100 === 3 ? "skipped" : "success",
    error: i % 50 === 7 ? (i % 100 === 7 ? "timeout" : "missing price") : undefined,
  }));
  await sql`select vigil_api.job_record(${job}, ${sql.json(items)})`;
  const [{ p }] = await sql<{ p: { percent: number; counts: Record<string, number>; failures: { error: string; count: number; sample_keys: string[] }[] } }[]>`
    select vigil_api.job_progress(${job}) as p`;
  console.log(`job 'backfill order totals': ${p.percent}% done, ${JSON.stringify(p.counts)}`);
  for (const f of p.failures) console.log(`  failed: ${f.error} ×${f.count} (e.g. ${f.sample_keys.slice(0, 3).join(", ")})`);

  const [{ h }] = await sql<{ h: { metrics: Record<string, { value: number; status: string }> } }[]>`select vigil_api.db_health() as h`;
  const m = h.metrics;
  console.log(`database: connections ${m.connections_pct?.value}% (${m.connections_pct?.status}), size ${m.db_size_pct?.value}% of quota (${m.db_size_pct?.status}), cache hit ${m.cache_hit_ratio?.value}`);
  const [{ st }] = await sql<{ st: { scheduled: boolean; stale: boolean; heartbeat_age_seconds: number } }[]>`
    select vigil_api.maintenance_status() as st`;
  console.log(`maintenance: scheduled=${st.scheduled}, stale=${st.stale}, last heartbeat ${st.heartbeat_age_seconds}s ago`);
}
