// Statistics at scale: operation_stats for the busiest tenant over 24 h at two sizes against a naive
// percentile_cont over raw rows in the same run, timeseries and funnel at the larger size, and the
// rollup step folding one minute of traffic at 1,000 events/s.
import type postgres from "postgres";
import { seedEvents } from "./lib/dataset.ts";
import { type Bench, type BenchRow, medianMs } from "./run.ts";

const label = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`);

// One fixed window for both, so they answer the same question (now() moves between statements).
// The i-th call asks for the 24 hours up to i·33 s ago: nine calls put the window's start at nine
// points of a 5-minute cycle. Where the start falls in it sets how many of the tenant's raw events
// are read before the first 5-minute row (none to five minutes' worth), so one point would measure
// the luck of the moment; nine measure what a dashboard's question costs whenever it is asked.
const lastDay = (i = 0) => {
  const until = new Date(Date.now() - (i % 9) * 33_000);
  return { since: new Date(until.getTime() - 86_400_000), until };
};

async function opStats(sql: postgres.Sql, tenant: string, w: { since: Date; until: Date }) {
  return await sql`select * from vigil_api.operation_stats(${tenant}, ${w.since}, ${w.until}, p_limit => 1000)`;
}

async function naiveOpStats(sql: postgres.Sql, tenant: string, w: { since: Date; until: Date }) {
  return await sql`
    select kind, name, count(*), avg(success::int), avg(duration_ms), min(duration_ms), max(duration_ms),
           percentile_cont(array[0.5, 0.95, 0.99]) within group (order by duration_ms)
    from vigil.events where tenant_id = ${tenant} and occurred_at >= ${w.since} and occurred_at < ${w.until}
    group by kind, name`;
}

const bench: Bench = async ({ sql: pool, quick, log }) => {
  // One connection, so `jit = off` holds for the naive queries too (our functions set it themselves).
  const sql = (await pool.reserve()) as unknown as postgres.Sql;
  const sizes = quick ? [50_000, 500_000] : [1_000_000, 10_000_000];
  const days = 7;
  const rows: BenchRow[] = [];
  const figures: Record<number, { ours: number; naive: number }> = {};
  let tenants: string[] = [];
  let loaded = 0;
  await sql`set jit = off`;

  for (const size of sizes) {
    log(`loading ${label(size)} events over ${days} days`);
    const seeded = await seedEvents(sql, { events: size - loaded, days });
    tenants = seeded.tenants;
    loaded = size;
    log(`loaded in ${seeded.seconds.toFixed(1)} s; folding rollups`);
    const t = performance.now();
    const [{ fold }] = await sql<{ fold: { events: number } }[]>`select vigil.fold_rollups() as fold`;
    const foldSeconds = (performance.now() - t) / 1000;
    // The id floor trails two passes (see vigil.rollup_state); maintenance runs every minute, so
    // after a backlog two more (empty) passes stand for the next two minutes.
    await sql`select vigil.fold_rollups()`;
    await sql`select vigil.fold_rollups()`;
    log(`folded ${fold.events} events in ${foldSeconds.toFixed(1)} s`);
    // As autovacuum would after the fold rewrote every touched row: without it, reads step over the
    // dead versions the merge left behind.
    await sql`vacuum analyze vigil.rollups`;
    const busiest = tenants[0];
    // Same answer first: the two must agree on counts before their speed means anything.
    const w = lastDay();
    const [ours, naive] = [await opStats(sql, busiest, w), await naiveOpStats(sql, busiest, w)];
    const total = (r: readonly Record<string, unknown>[]) => r.reduce((n, x) => n + Number(x.count), 0);
    if (total(ours) !== total(naive)) throw new Error(`operation_stats counted ${total(ours)} events, raw rows ${total(naive)}`);
    // PL/pgSQL plans a function's statements afresh for its first five calls on a connection and then
    // keeps the plan it settles on; a pooled connection (PostgREST's) has long done so. Measure that,
    // not the warm-up: five calls first, then the median of nine.
    for (let i = 0; i < 5; i++) await opStats(sql, busiest, lastDay(i));
    let call = 0;
    const oursMs = await medianMs(9, () => opStats(sql, busiest, lastDay(call++)));
    call = 0;
    const naiveMs = await medianMs(3, () => naiveOpStats(sql, busiest, lastDay((call += 3) - 3)));
    figures[size] = { ours: oursMs, naive: naiveMs };
    rows.push({
      bench: "stats", case: `operation_stats, busiest tenant, 24 h, ${label(size)} events`, value: oursMs, unit: "ms",
      baseline: { case: "naive percentile_cont", value: naiveMs }, ratio: naiveMs / oursMs,
      target: size === sizes[1] ? "≥ 20× faster" : undefined,
      note: `ratio = naive / ours (times faster); ${total(ours)} events in the window; first fold of ${fold.events} events took ${foldSeconds.toFixed(1)} s`,
    });
  }

  const [small, large] = sizes;
  rows.push({
    bench: "stats", case: `operation_stats at ${label(large)} vs ${label(small)}`, value: figures[large].ours, unit: "ms",
    baseline: { case: `${label(small)}`, value: figures[small].ours }, ratio: figures[large].ours / figures[small].ours,
    target: "≤ 1.5×", note: "cost flat in raw rows",
  });

  const busiest = tenants[0];
  log("timeseries, 5-minute buckets over 24 h");
  const since = await sql<{ t: Date }[]>`select date_bin('5 minutes', now() - interval '24 hours', timestamptz '2000-01-01') as t`;
  const series = () => sql`select * from vigil_api.timeseries(${busiest}, 'latency_p95', ${since[0].t}, now(), interval '5 minutes')`;
  const naiveSeries = () => sql`
    select date_bin('5 minutes', occurred_at, ${since[0].t}) b, count(*), avg((not success)::int),
           percentile_cont(array[0.5, 0.95, 0.99]) within group (order by duration_ms)
    from vigil.events where tenant_id = ${busiest} and occurred_at >= ${since[0].t} group by 1`;
  const seriesMs = await medianMs(5, series);
  const naiveSeriesMs = await medianMs(3, naiveSeries);
  rows.push({
    bench: "stats", case: `timeseries latency_p95, 5-min buckets, 24 h, ${label(large)}`, value: seriesMs, unit: "ms",
    baseline: { case: "naive date_bin + percentile_cont", value: naiveSeriesMs }, ratio: naiveSeriesMs / seriesMs,
    note: "ratio = naive / ours",
  });

  log("funnel, 4 steps over 7 days, by user");
  const steps = ["op_00", "op_01", "op_02", "op_03"];
  const funnel = () => sql`
    select * from vigil_api.funnel(${busiest}, ${steps}, now() - interval '7 days', now(), interval '1 day', 'user', 'operation')`;
  const scan = () => sql`
    select count(*), count(distinct user_id) from vigil.events
    where tenant_id = ${busiest} and kind = 'operation' and name = any(${steps}) and occurred_at >= now() - interval '7 days'`;
  const funnelMs = await medianMs(3, funnel);
  const scanMs = await medianMs(3, scan);
  rows.push({
    bench: "stats", case: `funnel, 4 steps, 7 days, ${label(large)}`, value: funnelMs, unit: "ms",
    baseline: { case: "reading the steps' events once (count distinct)", value: scanMs }, ratio: funnelMs / scanMs,
    note: "ratio = ours / one read of the steps' raw events",
  });

  log("the rollup step folding one minute at 1,000 events/s");
  await sql`
    insert into vigil.events (tenant_id, kind, name, occurred_at, received_at, duration_ms, success, error_type, user_id)
    select t.ids[1 + least(floor(20 * power(random(), 2))::int, 19)], 'operation', 'op_' || lpad(floor(random() * 50)::text, 2, '0'),
           now() - random() * interval '1 minute', now(), round((50 * exp(0.6 * sqrt(-2 * ln(greatest(random(), 1e-12))) * cos(2 * pi() * random())))::numeric, 3)::float8,
           random() > 0.02, null, 'user-' || floor(random() * 5000)::int
    from (select array_agg(id order by slug) ids from vigil.tenants where slug like 'bench-%') t, generate_series(1, 60000)`;
  const t0 = performance.now();
  const [{ fold }] = await sql<{ fold: { events: number } }[]>`select vigil.fold_rollups() as fold`;
  const foldMs = performance.now() - t0;
  await sql`select vigil.fold_rollups()`;
  if (fold.events !== 60000) throw new Error(`the step folded ${fold.events} events, expected 60000`);
  rows.push({
    bench: "stats", case: "rollup step, one minute at 1,000 events/s (60k events)", value: foldMs, unit: "ms",
    baseline: { case: "the minute it covers", value: 60_000 }, ratio: foldMs / 60_000,
    note: "ratio = share of the minute spent folding",
  });
  (sql as unknown as { release: () => void }).release();
  return rows;
};

export default bench;
