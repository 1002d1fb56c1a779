// Maintenance at scale: one run_maintenance() over 10M events in 30 days, 20 tenants, 50 heal rules and
// 5 registered views (median duration and each step's share), and retention by partition drop vs delete.
import type { Bench, BenchRow } from "./run.ts";
import { seedEvents } from "./lib/dataset.ts";

interface Step {
  step: string;
  status: string;
  duration_ms: number;
  error?: string;
  result?: { views?: { view: string; duration_ms: number; concurrently: boolean }[] };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const bench: Bench = async ({ sql, quick, log }) => {
  const events = quick ? 300_000 : 10_000_000;
  const days = 30;
  const orders = quick ? 20_000 : 200_000;
  const runs = quick ? 3 : 5;
  const name = "maintenance";
  const rows: BenchRow[] = [];

  log(`seeding ${events.toLocaleString("en-US")} events over ${days} days`);
  const { tenants, seconds } = await seedEvents(sql, { events, days, tenants: 20 });
  log(`seeded in ${seconds.toFixed(0)} s`);

  // The app's table the heal rules work on: 50 statuses, ages up to 4 hours.
  await sql`drop table if exists public.bench_orders cascade`;
  await sql`create table public.bench_orders (id bigint primary key, status text not null, status_changed_at timestamptz not null)`;
  await sql`create index on public.bench_orders (status, status_changed_at)`;
  await sql`
    insert into public.bench_orders
    select g, 's' || lpad((g % 50)::text, 2, '0'), now() - random() * interval '4 hours'
    from generate_series(1, ${orders}) g`;
  await sql`analyze public.bench_orders`;
  for (let i = 0; i < 50; i++) {
    const status = `s${String(i).padStart(2, "0")}`;
    await sql`select vigil_api.create_heal_rule(${tenants[i % tenants.length]}::uuid, ${`stuck ${status}`}, 'public.bench_orders',
                'status', ${status}, 'done', 'status_changed_at', '1 hour', 100)`;
  }

  // Five registered views: the shipped operation_health and four an app would keep.
  await sql.unsafe(`
    drop materialized view if exists public.bench_order_status, public.bench_tenant_daily_7d,
      public.bench_errors_24h, public.bench_slowest_1h;
    create materialized view public.bench_order_status as select status, count(*) as n from public.bench_orders group by status;
    create unique index on public.bench_order_status (status);
    create materialized view public.bench_tenant_daily_7d as
      select tenant_id, date_trunc('day', occurred_at) as day, count(*) as n from vigil.events
      where occurred_at > now() - interval '7 days' group by 1, 2;
    create unique index on public.bench_tenant_daily_7d (tenant_id, day);
    create materialized view public.bench_errors_24h as
      select tenant_id, error_type, count(*) as n from vigil.events
      where occurred_at > now() - interval '24 hours' and not success group by 1, 2;
    create materialized view public.bench_slowest_1h as
      select tenant_id, name, avg(duration_ms) as avg_ms from vigil.events
      where occurred_at > now() - interval '1 hour' group by 1, 2 order by 3 desc limit 100;`);
  for (const v of ["public.bench_order_status", "public.bench_tenant_daily_7d", "public.bench_errors_24h", "public.bench_slowest_1h"]) {
    await sql`select vigil_api.register_view(${v}, '10 minutes')`;
  }
  // The rollups step would first fold the ten million seeded events, history a live database folded
  // minute by minute; the stats bench measures that step on one minute of traffic, so it is left out here.
  await sql`update vigil.maintenance_steps set enabled = false where name = 'rollups'`;
  // A first run drops what is already past retention and populates the views (so later refreshes
  // can be concurrent): the steady state pg_cron sees every minute.
  await sql`select vigil.run_maintenance()`;

  const totals: number[] = [];
  const perStep = new Map<string, number[]>();
  const perView = new Map<string, number[]>();
  for (let i = 0; i < runs; i++) {
    // Every view due and heal rules with work left: each measured run does the whole job.
    await sql`update vigil.materialized_views set last_attempt_at = null`;
    const t = performance.now();
    const [{ s }] = await sql<{ s: { status: string; steps: Step[] } }[]>`select vigil.run_maintenance() as s`;
    totals.push(performance.now() - t);
    for (const st of s.steps) {
      if (st.status !== "ok") log(`step ${st.step} failed: ${st.error}`);
      perStep.set(st.step, [...(perStep.get(st.step) ?? []), st.duration_ms]);
      for (const v of st.result?.views ?? []) {
        const key = `${v.view}${v.concurrently ? " (concurrently)" : ""}`;
        perView.set(key, [...(perView.get(key) ?? []), v.duration_ms]);
      }
    }
  }
  // The minute-by-minute case: views refresh on their own intervals, so most runs refresh none.
  const steady: number[] = [];
  for (let i = 0; i < runs; i++) {
    await sql`update vigil.materialized_views set last_attempt_at = now()`;
    const t = performance.now();
    await sql`select vigil.run_maintenance()`;
    steady.push(performance.now() - t);
  }
  const total = median(totals);
  const label = `${(events / 1e6).toLocaleString("en-US")}M events/${days} d, 20 tenants, 50 heal rules, 5 views`;
  rows.push({
    bench: name, case: `run_maintenance() median of ${runs} (${label})`, value: total, unit: "ms",
    baseline: { case: "the 1-minute schedule interval", value: 60_000 }, ratio: total / 60_000,
    target: "well under the interval", note: "ratio = share of the pg_cron interval one run takes; the rollups step is measured by the stats bench (one minute of traffic), not here",
  });
  for (const [step, ms] of perStep) {
    const m = median(ms);
    rows.push({
      bench: name, case: `step ${step}`, value: m, unit: "ms",
      baseline: { case: "run_maintenance() median", value: total }, ratio: m / total, note: "ratio = the step's share of a run",
    });
  }

  for (const [view, ms] of perView) {
    const m = median(ms);
    rows.push({
      bench: name, case: `  refresh ${view}`, value: m, unit: "ms",
      baseline: { case: "run_maintenance() median", value: total }, ratio: m / total, note: "ratio = the refresh's share of a run",
    });
  }
  const steadyMs = median(steady);
  rows.push({
    bench: name, case: `run_maintenance() with no view due, median of ${runs}`, value: steadyMs, unit: "ms",
    baseline: { case: "the 1-minute schedule interval", value: 60_000 }, ratio: steadyMs / 60_000,
    note: "the usual minute: heal, samples and watches, no refresh",
  });

  // Retention: one day of events removed by dropping its partition vs by a delete of the same rows.
  // Two full days in the middle of the dataset (about 330k events each at full scale).
  const [{ delDay, dropDay }] = await sql<{ delDay: string; dropDay: string }[]>`
    select ((now() at time zone 'UTC')::date - 15)::text as "delDay", ((now() at time zone 'UTC')::date - 14)::text as "dropDay"`;
  const partition = `events_p${dropDay.replaceAll("-", "")}`;
  const [{ delRows }] = await sql<{ delRows: number }[]>`
    select count(*)::int as "delRows" from vigil.events where occurred_at >= ${delDay}::date and occurred_at < ${delDay}::date + 1`;
  const [{ dropRows }] = await sql<{ dropRows: number }[]>`select count(*)::int as "dropRows" from ${sql("vigil")}.${sql(partition)}`;
  await sql`checkpoint`.catch(() => {});
  const wal = async () => (await sql<{ lsn: string }[]>`select pg_current_wal_lsn()::text as lsn`)[0].lsn;
  let lsn = await wal();
  let t = performance.now();
  await sql`delete from vigil.events where occurred_at >= ${delDay}::date and occurred_at < ${delDay}::date + 1`;
  const deleteMs = performance.now() - t;
  const [{ deleteWal }] = await sql<{ deleteWal: number }[]>`select pg_wal_lsn_diff(pg_current_wal_lsn(), ${lsn}::pg_lsn)::float8 as "deleteWal"`;
  // A delete only marks rows dead: VACUUM must still visit every page before the space is reusable.
  t = performance.now();
  await sql`vacuum ${sql("vigil")}.${sql(`events_p${delDay.replaceAll("-", "")}`)}`;
  const vacuumMs = performance.now() - t;
  lsn = await wal();
  t = performance.now();
  // The statement retention runs for each expired day (vigil.drop_expired_partitions).
  await sql`drop table ${sql("vigil")}.${sql(partition)}`;
  const dropMs = performance.now() - t;
  const [{ dropWal }] = await sql<{ dropWal: number }[]>`select pg_wal_lsn_diff(pg_current_wal_lsn(), ${lsn}::pg_lsn)::float8 as "dropWal"`;
  rows.push({
    bench: name, case: `retention: drop one day partition (${dropRows.toLocaleString("en-US")} events)`, value: dropMs, unit: "ms",
    baseline: { case: `delete of one day (${delRows.toLocaleString("en-US")} events)`, value: deleteMs }, ratio: deleteMs / dropMs,
    target: "drop ≪ delete", note: "ratio = delete / drop: how many times cheaper the drop is",
  });
  rows.push({
    bench: name, case: "retention: drop one day partition", value: dropMs, unit: "ms",
    baseline: { case: "delete + VACUUM of one day", value: deleteMs + vacuumMs }, ratio: (deleteMs + vacuumMs) / dropMs,
    note: "ratio = (delete + vacuum) / drop; the delete's dead rows need the vacuum before their space is reused",
  });
  rows.push({
    bench: name, case: "retention WAL: drop one day partition", value: dropWal / 1024, unit: "KiB",
    baseline: { case: "delete of one day", value: deleteWal / 1024 }, ratio: deleteWal / dropWal, note: "ratio = delete / drop",
  });

  // Leave the bench database as it was for benches that run after this one.
  await sql`delete from vigil.heal_rules where name like 'stuck s%'`;
  for (const v of ["public.bench_order_status", "public.bench_tenant_daily_7d", "public.bench_errors_24h", "public.bench_slowest_1h"]) {
    await sql`select vigil_api.unregister_view(${v})`;
  }
  await sql.unsafe(`drop table if exists public.bench_orders cascade`);
  await sql`select vigil.ensure_partitions()`;
  return rows;
};

export default bench;
