// Statistics at scale: what the console calls every 30 seconds (operation_stats over 24 h,
// timeseries of a whole kind over 24 h, a 4-step funnel over 7 days) for the busiest tenant at two
// sizes, each against a naive query over raw events in the same run, and the rollup step folding one
// minute of traffic at 1,000 events/s against itself without business metrics and against the fold as it was
// before it folded by id ranges.
import type postgres from "postgres";
import { BEFORE, CORE, dropBefore, dropCore, loadFoldBefore, loadFoldCore } from "./lib/before.ts";
import { seedEvents } from "./lib/dataset.ts";
import { type Bench, type BenchRow, medianMs, serverCpu } from "./run.ts";

const label = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`);

// One fixed window for both, so they answer the same question (now() moves between statements).
// The i-th call asks for the 24 hours up to i·33 s ago: nine calls put the window's start at nine
// points of a 5-minute cycle. Where the start falls in it sets how many of the tenant's raw events
// are read before the first whole rollup row, so one point would measure the luck of the moment;
// nine measure what a dashboard's question costs whenever it is asked.
const lastDay = (i = 0) => {
  const until = new Date(Date.now() - (i % 9) * 33_000);
  return { since: new Date(until.getTime() - 86_400_000), until };
};

// A console that shows the last 24 hours keeps minute rows for 25 (vigil.rollup_state.minute_horizon,
// 3 hours by default): then both edges of its windows are under a minute of raw events, whenever it asks.
const MINUTE_HORIZON = "25 hours";

const STEPS = ["signup", "verify", "first_order", "second_order"];

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

/** Each call timed on its own: min, median and max, in milliseconds. */
async function spreadMs(runs: number, fn: (i: number) => Promise<unknown>) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn(i);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { min: times[0], median: times[Math.floor(times.length / 2)], max: times[times.length - 1] };
}

/**
 * Milestones of each bench tenant's users over the last `days` days: every one of 5,000 users signs
 * up, 60% verify, 35% order, 20% order a second time, each a while after the step before; one user in
 * ten signs up twice (a second device). Milestones follow users, not traffic, so the load is the same
 * at both sizes.
 */
async function seedMilestones(sql: postgres.Sql, days: number) {
  await sql`
    insert into vigil.events (tenant_id, kind, name, occurred_at, received_at, user_id, session_id)
    select t.id, 'milestone', s.name, s.at, s.at, 'user-' || u.i, 'session-' || u.i || '-' || s.n
    from vigil.tenants t
    cross join generate_series(0, 4999) u(i)
    cross join lateral (select now() - random() * make_interval(days => ${days}) as start, random() r) j
    cross join lateral (values ('signup', j.start, 1, true),
                               ('signup', j.start + interval '2 days', 2, u.i % 10 = 0),
                               ('verify', j.start + random() * interval '2 hours', 1, j.r < 0.6),
                               ('first_order', j.start + interval '2 hours' + random() * interval '1 day', 1, j.r < 0.35),
                               ('second_order', j.start + interval '1 day 2 hours' + random() * interval '2 days', 1, j.r < 0.2)) s(name, at, n, happens)
    where t.slug like 'bench-%' and s.happens and s.at < now()
    order by s.at`;
}

/** Every bench tenant's orders (milestone/order_paid) get payment_method as a dimension, capped at 5. */
function registerPaymentMethod(sql: postgres.Sql) {
  return sql`
    insert into vigil.metric_dimensions (tenant_id, kind, name, attribute, cap)
    select id, 'milestone', 'order_paid', 'payment_method', 5 from vigil.tenants where slug like 'bench-%'
    on conflict do nothing`;
}

/**
 * Business metrics (values and dimensions): orders with a value and a payment method for every bench
 * tenant over `days` days, about one for every 20 operation events, so metric_stats reads the same
 * tiling (rollups inside, raw edges) as operation_stats. Then metric_stats against operation_stats on
 * the same events and windows, and the fold of one minute of traffic with values against one without,
 * interleaved in one run.
 */
async function valueCases(sql: postgres.Sql, busiest: string, orders: number, days: number, log: (s: string) => void): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  log(`loading ${orders} orders with values over ${days} days`);
  await registerPaymentMethod(sql);
  await sql`
    insert into vigil.events (tenant_id, kind, name, occurred_at, received_at, value, success, user_id, attributes)
    select t.ids[1 + least(floor(20 * power(random(), 2))::int, 19)], 'milestone', 'order_paid', x.ts, x.ts,
           case when random() < 0.05 then -round((random() * 50)::numeric, 2)::float8
                else round((10 / power(1 - random(), 1 / 1.3))::numeric, 2)::float8 end,
           random() > 0.03, 'user-' || floor(random() * 5000)::int,
           jsonb_build_object('payment_method', (array['card', 'card', 'card', 'paypal', 'iban', 'klarna', 'crypto', 'voucher'])[1 + floor(random() * 8)::int])
    from (select array_agg(id order by slug) ids from vigil.tenants where slug like 'bench-%') t,
         lateral (select now() - random() * make_interval(days => ${days}) ts from generate_series(1, ${orders})) x
    order by x.ts`;
  await sql`select vigil.fold_rollups()`;
  await sql`select vigil.fold_rollups()`;
  await sql`select vigil.fold_rollups()`;
  await sql`vacuum analyze vigil.all_rollups`;
  await sql`vacuum analyze vigil.dimension_rollups`;

  for (const [span, hours] of [["24 h", 24], ["7 days", 24 * 7 - 1]] as const) {
    const win = (i: number) => {
      const until = new Date(Date.now() - (i % 9) * 33_000);
      return { since: new Date(until.getTime() - hours * 3_600_000), until };
    };
    const metric = (i: number) => {
      const w = win(i);
      return sql`select * from vigil_api.metric_stats(${busiest}, ${w.since}, ${w.until}, 'milestone', '{order_paid}')`;
    };
    const mix = (i: number) => {
      const w = win(i);
      return sql`select * from vigil_api.metric_stats(${busiest}, ${w.since}, ${w.until}, 'milestone', '{order_paid}', 'payment_method')`;
    };
    const ops = (i: number) => {
      const w = win(i);
      return sql`select * from vigil_api.operation_stats(${busiest}, ${w.since}, ${w.until}, 'milestone', 'order_paid')`;
    };
    const [m] = await metric(0);
    const [o] = await ops(0);
    if (Number(m.count) !== Number(o.count)) throw new Error(`metric_stats counted ${m.count} orders, operation_stats ${o.count}`);
    for (let i = 0; i < 5; i++) {
      await metric(i);
      await ops(i);
      await mix(i);
    }
    // Interleaved, nine calls each over the 5-minute cycle: medians.
    const times = { metric: [] as number[], ops: [] as number[], mix: [] as number[] };
    for (let i = 0; i < 9; i++) {
      for (const [k, fn] of [["metric", metric], ["ops", ops], ["mix", mix]] as const) {
        const t = performance.now();
        await fn(i);
        times[k].push(performance.now() - t);
      }
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    rows.push({
      bench: "stats", case: `metric_stats, busiest tenant's orders, ${span}`, value: med(times.metric), unit: "ms",
      baseline: { case: "operation_stats on the same events and windows", value: med(times.ops) },
      ratio: med(times.metric) / med(times.ops), target: "≤ 1.5×", note: `median of nine calls; ${m.count} orders in the window`,
    });
    rows.push({
      bench: "stats", case: `metric_stats by payment_method (dimension rows), ${span}`, value: med(times.mix), unit: "ms",
      baseline: { case: "operation_stats on the same events and windows", value: med(times.ops) },
      ratio: med(times.mix) / med(times.ops), note: "median of nine calls; 8 payment methods, cap 5 (+ other)",
    });
  }

  log("the fold of one minute of traffic, with values and without, interleaved");
  const minute = (withValues: boolean) => sql`
    insert into vigil.events (tenant_id, kind, name, occurred_at, received_at, duration_ms, value, success, user_id, attributes)
    select t.ids[1 + least(floor(20 * power(random(), 2))::int, 19)],
           case when ${withValues} and g % 20 = 0 then 'milestone' else 'operation' end,
           case when ${withValues} and g % 20 = 0 then 'order_paid' else 'op_' || lpad(floor(random() * 50)::text, 2, '0') end,
           now() - random() * interval '1 minute', now(),
           round((50 * exp(0.6 * sqrt(-2 * ln(greatest(random(), 1e-12))) * cos(2 * pi() * random())))::numeric, 3)::float8,
           case when ${withValues} then round((random() * 200)::numeric, 2)::float8 end,
           random() > 0.02, 'user-' || floor(random() * 5000)::int,
           case when ${withValues} and g % 20 = 0 then jsonb_build_object('payment_method', (array['card', 'paypal', 'iban'])[1 + floor(random() * 3)::int]) else '{}'::jsonb end
    from (select array_agg(id order by slug) ids from vigil.tenants where slug like 'bench-%') t, generate_series(1, 60000) g`;
  const fold = { with: [] as number[], without: [] as number[] };
  for (let i = 0; i < 3; i++) {
    for (const withValues of [false, true]) {
      await minute(withValues);
      const t = performance.now();
      await sql`select vigil.fold_rollups()`;
      (withValues ? fold.with : fold.without).push(performance.now() - t);
      await sql`select vigil.fold_rollups()`;
    }
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  rows.push({
    bench: "stats", case: "rollup step, one minute (60k events), every event with a value, 5% orders with a dimension", value: med(fold.with), unit: "ms",
    baseline: { case: "the same minute without values or dimensions", value: med(fold.without) },
    ratio: med(fold.with) / med(fold.without),
    note: `what values cost as data, the same fold: a stress case (the goal is on today's fold against itself without business metrics); median of three each, interleaved: ${fold.with.map((x) => x.toFixed(0)).join("/")} vs ${fold.without.map((x) => x.toFixed(0)).join("/")} ms`,
  });
  return rows;
}

const bench: Bench = async ({ sql: pool, quick, log }) => {
  // One connection, so `jit = off` holds for the naive queries too (our functions set it themselves).
  const sql = (await pool.reserve()) as unknown as postgres.Sql;
  const sizes = quick ? [50_000, 500_000] : [1_000_000, 10_000_000];
  const days = 7;
  const rows: BenchRow[] = [];
  const figures: Record<number, { op: { min: number; median: number; max: number }; series: number; funnel: number }> = {};
  let tenants: string[] = [];
  let loaded = 0;
  await sql`set jit = off`;
  await sql`update vigil.rollup_state set minute_horizon = ${MINUTE_HORIZON}::interval`;

  for (const size of sizes) {
    log(`loading ${label(size)} events over ${days} days`);
    const seeded = await seedEvents(sql, { events: size - loaded, days });
    tenants = seeded.tenants;
    if (loaded === 0) await seedMilestones(sql, days);
    loaded = size;
    log(`loaded in ${seeded.seconds.toFixed(1)} s; folding rollups`);
    const t = performance.now();
    const [{ fold }] = await sql<{ fold: { events: number } }[]>`select vigil.fold_rollups() as fold`;
    const foldSeconds = (performance.now() - t) / 1000;
    // Maintenance runs every minute: after a backlog, two more (empty) passes stand for the next two.
    await sql`select vigil.fold_rollups()`;
    await sql`select vigil.fold_rollups()`;
    log(`folded ${fold.events} events in ${foldSeconds.toFixed(1)} s`);
    // As autovacuum would after the fold rewrote every touched row: without it, reads step over the
    // dead versions the merge left behind.
    await sql`vacuum analyze vigil.all_rollups`;
    await sql`vacuum analyze vigil.milestone_times`;
    const busiest = tenants[0];
    const size_ = label(size);

    // Same answer first: the two must agree on counts before their speed means anything.
    const w = lastDay();
    const [ours, naive] = [await opStats(sql, busiest, w), await naiveOpStats(sql, busiest, w)];
    const total = (r: readonly Record<string, unknown>[]) => r.reduce((n, x) => n + Number(x.count), 0);
    if (total(ours) !== total(naive)) throw new Error(`operation_stats counted ${total(ours)} events, raw rows ${total(naive)}`);
    // PL/pgSQL plans a function's statements afresh for its first five calls on a connection and then
    // keeps the plan it settles on; a pooled connection (PostgREST's) has long done so. Measure that,
    // not the warm-up: five calls first, then nine, one at each point of the 5-minute cycle.
    for (let i = 0; i < 5; i++) await opStats(sql, busiest, lastDay(i));
    const op = await spreadMs(9, (i) => opStats(sql, busiest, lastDay(i)));
    const naiveMs = await medianMs(3, () => naiveOpStats(sql, busiest, lastDay(0)));
    rows.push({
      bench: "stats", case: `operation_stats, busiest tenant, 24 h, ${size_} (slowest of nine calls)`, value: op.max, unit: "ms",
      baseline: { case: "naive percentile_cont", value: naiveMs }, ratio: naiveMs / op.max,
      target: size === sizes[1] ? "≥ 20× faster" : undefined,
      note: `ratio = naive / ours; nine calls over a 5-minute cycle: min ${op.min.toFixed(1)} / median ${op.median.toFixed(1)} / max ${op.max.toFixed(1)} ms; ${total(ours)} events in the window; first fold of ${fold.events} events took ${foldSeconds.toFixed(1)} s`,
    });

    log("timeseries of a whole kind, 5-minute buckets over 24 h");
    const [{ since }] = await sql<{ since: Date }[]>`select date_bin('5 minutes', now() - interval '24 hours', timestamptz '2000-01-01') as since`;
    const series = () => sql`select * from vigil_api.timeseries(${busiest}, 'latency_p95', ${since}, now(), interval '5 minutes', null, 'operation')`;
    const naiveSeries = () => sql`
      select date_bin('5 minutes', occurred_at, ${since}) b, count(*), avg((not success)::int),
             percentile_cont(array[0.5, 0.95, 0.99]) within group (order by duration_ms)
      from vigil.events where tenant_id = ${busiest} and kind = 'operation' and occurred_at >= ${since} group by 1`;
    for (let i = 0; i < 5; i++) await series();
    const seriesMs = await medianMs(5, series);
    const naiveSeriesMs = await medianMs(3, naiveSeries);
    rows.push({
      bench: "stats", case: `timeseries latency_p95, 5-min buckets, 24 h, ${size_}`, value: seriesMs, unit: "ms",
      baseline: { case: "naive date_bin + percentile_cont", value: naiveSeriesMs }, ratio: naiveSeriesMs / seriesMs,
      target: size === sizes[1] ? "≥ 10× faster" : undefined, note: "ratio = naive / ours",
    });

    log("funnel, 4 milestones over 7 days, by user");
    const funnel = () => sql`
      select * from vigil_api.funnel(${busiest}, ${STEPS}, now() - interval '7 days', now(), interval '3 days', 'user')`;
    const scan = () => sql`
      select count(*), count(distinct user_id) from vigil.events
      where tenant_id = ${busiest} and kind = 'milestone' and name = any(${STEPS}) and occurred_at >= now() - interval '7 days'`;
    for (let i = 0; i < 5; i++) await funnel();
    const funnelMs = await medianMs(5, funnel);
    const scanMs = await medianMs(3, scan);
    const [{ n }] = await sql<{ n: number }[]>`
      select count(*)::int n from vigil.events where tenant_id = ${busiest} and kind = 'milestone' and occurred_at >= now() - interval '7 days'`;
    rows.push({
      bench: "stats", case: `funnel, 4 milestones, 7 days, ${size_}`, value: funnelMs, unit: "ms",
      baseline: { case: "naive count distinct over the steps' raw events", value: scanMs }, ratio: scanMs / funnelMs,
      target: size === sizes[1] ? "≥ 10× faster" : undefined, note: `ratio = naive / ours; ${n} milestone events in the window`,
    });

    log("active users over 30 days, busiest tenant");
    const active = () => sql`select vigil._business_active_users(${busiest}, now() - interval '30 days', now())`;
    const distinct = () => sql`
      select count(distinct user_id) from vigil.events where tenant_id = ${busiest} and occurred_at >= now() - interval '30 days'`;
    for (let i = 0; i < 5; i++) await active();
    const activeMs = await medianMs(5, active);
    const distinctMs = await medianMs(3, distinct);
    rows.push({
      bench: "stats", case: `active users, 30 days, ${size_}`, value: activeMs, unit: "ms",
      baseline: { case: "count(distinct user_id) over raw events", value: distinctMs }, ratio: distinctMs / activeMs,
      target: size === sizes[1] ? "≥ 20× faster" : undefined, note: "ratio = naive / ours; sketches (day, hour) plus raw edges under an hour",
    });
    figures[size] = { op, series: seriesMs, funnel: funnelMs };
  }

  const [small, large] = sizes.map(label);
  const [a, b] = sizes.map((s) => figures[s]);
  for (const k of ["min", "median", "max"] as const) {
    rows.push({
      bench: "stats", case: `operation_stats at ${large} vs ${small}, ${k} of nine calls`, value: b.op[k], unit: "ms",
      baseline: { case: small, value: a.op[k] }, ratio: b.op[k] / a.op[k], target: "≤ 1.5×", note: "cost flat in raw rows",
    });
  }
  rows.push({
    bench: "stats", case: `timeseries at ${large} vs ${small}`, value: b.series, unit: "ms",
    baseline: { case: small, value: a.series }, ratio: b.series / a.series, target: "≤ 1.5×", note: "cost flat in raw rows",
  });
  rows.push({
    bench: "stats", case: `funnel at ${large} vs ${small}`, value: b.funnel, unit: "ms",
    baseline: { case: small, value: a.funnel }, ratio: b.funnel / a.funnel, target: "≤ 1.5×", note: "cost flat in raw rows",
  });

  // Three folds of the same minutes: today's (vigil.fold_rollups), today's without what business
  // metrics added to it (values, dimensions, actor sketches; bench/lib/before.ts) and the fold as it
  // was at BEFORE (xid horizon and id floor, before business metrics too). Each has its own
  // watermark, set to "all folded" now, and a copy of the day's rollup rows, so each merges into the
  // same rows the real one does. Each round writes a minute at 1,000 events/s (operations, 5% orders
  // with a value and a payment method, a user and a session on every event) and the three fold it in
  // an order that rotates: the first to read the new rows pays for bringing them into memory.
  await registerPaymentMethod(sql);
  for (let i = 0; i < 3; i++) await sql`select vigil.fold_rollups()`;
  // The copies below start without dead rows: so must the tables they copy.
  for (const t of ["all_rollups", "milestone_times", "actor_sketches", "error_group_seen"]) await sql`vacuum analyze ${sql("vigil." + t)}`;
  const before = await loadFoldBefore(sql);
  await loadFoldCore(sql);
  const allFolded = (schema: string) => sql`
    update ${sql(schema)}.rollup_state b
    set id_floor = (select last_value from vigil.events_id_seq), minute_from = s.minute_from, minute_horizon = s.minute_horizon
    from vigil.rollup_state s`;
  await allFolded(CORE);
  if (before) {
    await allFolded("fold_baseline");
    await sql`update fold_baseline.rollup_state set xid_horizon = pg_snapshot_xmin(pg_current_snapshot())`;
    await sql`insert into fold_baseline.all_rollups select * from vigil.all_rollups where bucket_start >= now() - interval '1 day'`;
  }
  const folds = { now: "vigil", core: CORE, before: "fold_baseline" } as const;
  type Fold = keyof typeof folds;
  const order: Fold[] = before ? ["now", "core", "before"] : ["now", "core"];
  const spent: Record<Fold, number[]> = { now: [], core: [], before: [] };
  const cpu: Record<Fold, number[]> = { now: [], core: [], before: [] };
  const cpuMs = await serverCpu(sql);
  // Round 0 is not timed: the first pass after the copies are made meets rows none of them has merged
  // into yet (and, at an hour's start, sketches to create); maintenance folds every minute, so the
  // rounds after it are what each minute costs.
  for (let round = 0; round <= 5; round++) {
    log(`the rollup step folding one minute at 1,000 events/s: today's, without business metrics${before ? `, at ${BEFORE}` : ""}, ${round ? `round ${round}` : "warm-up"}`);
    await sql`
      insert into vigil.events (tenant_id, kind, name, occurred_at, received_at, duration_ms, value, success, user_id, session_id, attributes)
      select t.ids[1 + least(floor(20 * power(random(), 2))::int, 19)],
             case when g % 20 = 0 then 'milestone' else 'operation' end,
             case when g % 20 = 0 then 'order_paid' else 'op_' || lpad(floor(random() * 50)::text, 2, '0') end,
             now() - random() * interval '1 minute', now(),
             case when g % 20 <> 0 then round((50 * exp(0.6 * sqrt(-2 * ln(greatest(random(), 1e-12))) * cos(2 * pi() * random())))::numeric, 3)::float8 end,
             case when g % 20 = 0 then round((random() * 200)::numeric, 2)::float8 end,
             random() > 0.02, 'user-' || floor(random() * 5000)::int, 'session-' || floor(random() * 20000)::int,
             case when g % 20 = 0 then jsonb_build_object('payment_method', (array['card', 'paypal', 'iban', 'klarna'])[1 + floor(random() * 4)::int])
                  else '{}'::jsonb end
      from (select array_agg(id order by slug) ids from vigil.tenants where slug like 'bench-%') t, generate_series(1, 60000) g`;
    for (let i = 0; i < order.length; i++) {
      const which = order[(round + i) % order.length];
      const t0 = performance.now();
      const c0 = cpuMs();
      const [{ fold }] = await sql<{ fold: { events: number } }[]>`select ${sql(folds[which])}.fold_rollups() as fold`;
      if (round > 0) {
        spent[which].push(performance.now() - t0);
        cpu[which].push(cpuMs() - c0);
      }
      if (fold.events !== 60000) throw new Error(`the ${which} fold folded ${fold.events} events, expected 60000`);
    }
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const ms = (xs: number[]) => xs.map(Math.round).join(", ");
  const foldMs = med(spent.now);
  rows.push({
    bench: "stats", case: "rollup step, one minute at 1,000 events/s (60k events), median of 5", value: foldMs, unit: "ms",
    baseline: { case: "the minute it covers", value: 60_000 }, ratio: foldMs / 60_000,
    note: "ratio = share of the minute spent folding",
  });
  rows.push({
    bench: "stats", case: "rollup step with values, dimensions and sketches, one minute (60k events), median of 5", value: foldMs, unit: "ms",
    baseline: { case: "today's fold without them, the same minutes", value: med(spent.core) }, ratio: foldMs / med(spent.core),
    target: "≤ 1.15×", note: `in turn: ${ms(spent.now)} ms against ${ms(spent.core)} ms`,
  });
  // The same comparison in the server's CPU time, which the machine's other load moves much less.
  if (Number.isFinite(med(cpu.now))) {
    rows.push({
      bench: "stats", case: "rollup step with values, dimensions and sketches, server CPU time, median of 5", value: med(cpu.now), unit: "ms",
      baseline: { case: "today's fold without them, the same minutes", value: med(cpu.core) }, ratio: med(cpu.now) / med(cpu.core),
      target: "≤ 1.15×", note: `in turn: ${ms(cpu.now)} ms against ${ms(cpu.core)} ms`,
    });
  }
  if (before) {
    rows.push({
      bench: "stats", case: "rollup step by id ranges (without business metrics), one minute (60k events), median of 5", value: med(spent.core), unit: "ms",
      baseline: { case: `the fold at ${BEFORE} (xids)`, value: med(spent.before) }, ratio: med(spent.core) / med(spent.before),
      target: "≤ 1×", note: `the same minutes, in turn: ${ms(spent.core)} ms against ${ms(spent.before)} ms`,
    });
    rows.push({
      bench: "stats", case: "rollup step, everything, one minute (60k events), median of 5", value: foldMs, unit: "ms",
      baseline: { case: `the fold at ${BEFORE} (xids, no business metrics)`, value: med(spent.before) }, ratio: foldMs / med(spent.before),
      note: `the same minutes, in turn: ${ms(spent.now)} ms against ${ms(spent.before)} ms`,
    });
    await dropBefore(sql);
  }
  await dropCore(sql);
  rows.push(...(await valueCases(sql, tenants[0], quick ? 20_000 : 200_000, days, log)));
  (sql as unknown as { release: () => void }).release();
  return rows;
};

export default bench;
