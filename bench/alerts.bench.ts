// Alert evaluation cost: 500 enabled rules over 20 tenants, measured with a tenth of the events,
// with all of them (10M in the last 24 h) and with twice that, so the ratios show whether the cost
// grows with the raw event count, each with traffic still arriving. Rows read are counted in the
// call's own transaction (raw event partitions apart from the rest).
import type postgres from "postgres";
import { type Bench, type BenchRow, medianMs } from "./run.ts";
import { seedEvents, topUpEvents } from "./lib/dataset.ts";

const METRICS = ["error_rate", "latency_p95", "count", "success_rate", "error_count", "latency_p99", "slo_burn_rate"];
const WINDOWS = ["5 minutes", "15 minutes", "1 hour"];
// SLO burn-rate rules take the long windows of the SRE workbook's pairs (DESIGN.md), as the default
// "SLO fast burn" rule does: 1 h (with its 5-minute short window) and 6 h (30 minutes).
const SLO_WINDOWS = ["1 hour", "6 hours"];

export async function createRules(sql: postgres.Sql, tenants: string[], perTenant: number) {
  for (const tenant of tenants) {
    const [ch] = await sql<{ id: string }[]>`
      select (vigil_api.create_alert_channel(${tenant}, 'bench hook', 'webhook', '{"url": "https://hooks.example.com/bench"}') ->> 'id') as id`;
    for (let i = 0; i < perTenant; i++) {
      const metric = METRICS[i % METRICS.length];
      const rule: Record<string, unknown> = {
        name: `bench rule ${i}`, metric, kind: "operation", comparator: "gt",
        window: metric === "slo_burn_rate" ? SLO_WINDOWS[i % SLO_WINDOWS.length] : WINDOWS[i % WINDOWS.length],
        threshold: metric.startsWith("latency") ? 400 : metric === "count" ? 50 : metric === "success_rate" ? 0.5
          : metric === "error_count" ? 2 : metric === "slo_burn_rate" ? 14.4 : 0.05,
        min_events: 5, channels: [ch.id], cooldown: "1 hour",
      };
      if (metric === "slo_burn_rate") rule.slo_objective = 0.999;
      // Most rules watch one operation; one in ten pools a family by pattern, the last groups by name.
      if (i === perTenant - 1) rule.group_by = "name";
      else if (i % 10 === 9) rule.name_like = `op_${i % 5}%`;
      else rule.event_name = `op_${String((i * 7) % 50).padStart(2, "0")}`;
      await sql`select vigil_api.create_alert_rule(${tenant}, ${sql.json(rule as postgres.JSONValue)})`;
    }
  }
}

interface Reads {
  events: number;
  other: number;
  /** Of `other`, rows of vigil.rollups: the figure that must stop growing with the event count. */
  rollups: number;
  /** Rows read per table, most first. */
  tables: string;
}

/**
 * Rows read (sequential tuples + index fetches) by one call, counted in its own transaction from
 * pg_stat_xact_user_tables: this backend's counts, not yet flushed. The cumulative views take in
 * whatever other connections flush meanwhile, such as the fold that just ran on the pool.
 */
async function rowsRead(sql: postgres.ReservedSql, fn: () => Promise<unknown>): Promise<Reads> {
  // "Not yet flushed" includes the earlier transactions' counts: a backend flushes at most once a
  // second, and the calls timed just before would be counted too (three calls' worth, measured).
  // Ask for a flush and let one statement end, so the counts start from this call.
  await sql`select pg_stat_force_next_flush()`;
  await sql`select 1`;
  // A reserved connection runs its own begin and commit (it has no sql.begin).
  await sql`begin`;
  try {
    await fn();
    const [r] = await sql<{ events: string; other: string; rollups: string; tables: string }[]>`
      select coalesce(sum(n) filter (where relname like 'events%'), 0) as events,
             coalesce(sum(n) filter (where relname not like 'events%'), 0) as other,
             coalesce(sum(n) filter (where relname = 'rollups'), 0) as rollups,
             string_agg(relname || ' ' || n, ', ' order by n desc) filter (where n > 0) as tables
      from (select relname, seq_tup_read + coalesce(idx_tup_fetch, 0) n
            from pg_stat_xact_user_tables where schemaname = 'vigil') t`;
    await sql`commit`;
    return { events: Number(r.events), other: Number(r.other), rollups: Number(r.rollups), tables: r.tables ?? "" };
  } catch (e) {
    await sql`rollback`;
    throw e;
  }
}

const bench: Bench = async ({ sql, quick, log }) => {
  const total = quick ? 200_000 : 10_000_000;
  const runs = quick ? 5 : 7;
  const rows: BenchRow[] = [];
  const conn = await sql.reserve();
  try {
    await conn`set jit = off`;
    // As maintenance does every minute: fold what was loaded into rollups, so evaluation reads them.
    // The first pass folds the load; the id floor below which nothing is left unfolded trails two
    // passes (see vigil.rollup_state), so two more stand for the next two minutes of maintenance.
    // Without them evaluation would find the whole load above the floor and read it raw.
    const fold = async () => {
      const t = performance.now();
      const [{ f }] = await sql<{ f: { events: number } }[]>`select vigil.fold_rollups() as f`;
      log(`folded ${f.events} events in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      await sql`select vigil.fold_rollups()`;
      await sql`select vigil.fold_rollups()`;
      // As autovacuum would after the fold rewrote every touched row: without it, reads step over the
      // dead versions the merge left behind. And after the load: autovacuum would otherwise take up
      // the millions of new event rows during the measurement, on a 2-core machine.
      await sql`vacuum analyze vigil.rollups`;
      await sql`vacuum analyze vigil.events`;
    };
    // Rollup rows read depend on where a window's ends fall between bucket boundaries: two sizes
    // measured at different points of a 5-minute cycle differed by 2.6x in rollup rows, either way.
    // So each size is evaluated at a clock of the same phase, 2 min 2 s past a 5-minute boundary (the
    // top of a minute plus pg_cron's start, as the maintenance run evaluates): the first such instant
    // at or after now, a little ahead of the wall clock, and the data ends there, as it would at
    // that moment in production (nothing is stamped later).
    const clock = async () => {
      const [{ t }] = await sql<{ t: Date }[]>`
        select date_bin('5 minutes', now() + interval '5 minutes' - interval '122 seconds' - interval '1 microsecond',
                        timestamptz '2000-01-01') + interval '122 seconds' as t`;
      return t;
    };
    // Traffic does not stop while rules are evaluated: maintenance folds each minute, and evaluation
    // finds the rows written since the previous pass began above the id floor, some not folded yet.
    // As in the minute before a maintenance run: a minute of traffic, a pass, 5 seconds more (on top of
    // the load's last minute, which then holds twice the rate: it moves values, not what is read).
    const live = async (perDay: number, at: Date) => {
      let n = await topUpEvents(sql, { perDay, since: new Date(at.getTime() - 60_000), until: at });
      await sql`select vigil.fold_rollups()`;
      n += await topUpEvents(sql, { perDay, since: new Date(at.getTime() - 5_000), until: at });
      const [{ above }] = await sql<{ above: number }[]>`
        select (select count(*)::int from vigil.events where id > (select id_floor from vigil.rollup_state)) as above`;
      log(`live traffic: ${n.toLocaleString("en-US")} events in the last minute, ${above.toLocaleString("en-US")} above the id floor`);
      return above;
    };
    const label = (n: number) => `${(n / 1e6).toLocaleString("en-US")}M events`;
    // One size's figures, with `perDay` events in the 24 h before `at` and arriving at that rate.
    const measure = async (perDay: number, at: Date) => {
      const above = await live(perDay, at);
      await conn`select vigil.evaluate_alerts(${at})`; // settle states and enqueue the first notifications
      const ms = await medianMs(runs, () => conn`select vigil.evaluate_alerts(${at})`);
      // The part that reads data (window_stats for every rule), apart from stepping the series.
      const metricsMs = await medianMs(runs, () => conn`select count(*) from vigil._alert_builtin_values(${at})`);
      const metrics = await rowsRead(conn, () => conn`select count(*) from vigil._alert_builtin_values(${at})`);
      const metricsRows = metrics.events + metrics.other;
      const metricsRaw = metrics.events;
      const reads = await rowsRead(conn, () => conn`select vigil.evaluate_alerts(${at})`);
      const [{ r }] = await conn<{ r: { series: number; rules: number } }[]>`select vigil.evaluate_alerts(${at}) as r`;
      // How full the minute level is: the share of (series, minute) pairs of the last hour that hold a
      // row (docs/alerting.md).
      const [{ fill }] = await conn<{ fill: number }[]>`
        select round(count(*)::numeric / nullif(60 * count(distinct (tenant_id, kind, name)), 0), 2)::float8 as fill
        from vigil.rollups where grain = 1 and bucket_start >= date_trunc('minute', ${at}::timestamptz) - interval '61 minutes'
          and bucket_start < date_trunc('minute', ${at}::timestamptz) - interval '1 minute'`;
      log(`${label(perDay)} at ${at.toISOString()}: ${ms.toFixed(1)} ms (metrics ${metricsMs.toFixed(1)} ms, ${metricsRows} rows of which ${metricsRaw} raw), ` +
        `${reads.events} raw event rows + ${reads.other} other rows read, ${r.rules} rules, ${r.series} series, ` +
        `minute rows ${Math.round(100 * fill)}% full; rows by table: ${reads.tables}`);
      return { ms, metricsMs, metricsRows, reads, above, series: r.series, fill };
    };

    const first = await clock();
    log(`seeding ${(total / 10).toLocaleString("en-US")} events over the 24 h to ${first.toISOString()}`);
    const { tenants } = await seedEvents(sql, { events: total / 10, days: 1, until: first });
    await fold();
    await createRules(sql, tenants, 25);
    const small = { at: first, events: total / 10, ...(await measure(total / 10, first)) };

    // A bigger load, evaluated at the next clock of the same phase: `add` more events over the 24 h,
    // and the loads so far keep arriving at their rate between the two clocks.
    const grow = async (previous: { at: Date; events: number }, add: number) => {
      const at = await clock();
      log(`seeding ${add.toLocaleString("en-US")} more events over the 24 h to ${at.toISOString()}`);
      await seedEvents(sql, { events: add, days: 1, until: at });
      await topUpEvents(sql, { perDay: previous.events, since: previous.at, until: at });
      await fold();
      const events = previous.events + add;
      return { at, events, ...(await measure(events, at)) };
    };
    const big = await grow(small, total - total / 10);
    // Twice the load again, where every series already has events in every minute: if the cost
    // followed the raw event count it would double here too.
    const double = await grow(big, total);

    // Each size against the one before it, the same rows for both steps: 1M -> 10M, where the
    // minute rows fill up, and 10M -> 20M, where they are full and only the raw count doubles.
    type Size = typeof big;
    const compare = (cur: Size, base: Size, targets: { ms: string; rollups: string }) => {
      const row = (what: string, unit: string, value: (s: Size) => number, extra: Partial<BenchRow> = {}): BenchRow => ({
        bench: "alerts", case: `${what}, ${label(cur.events)}`, value: value(cur), unit,
        baseline: { case: `same rules, ${label(base.events)}`, value: value(base) }, ratio: value(cur) / Math.max(1, value(base)),
        ...extra,
      });
      rows.push(
        row("evaluate_alerts(), 500 rules / 20 tenants", "ms", (s) => s.ms, { target: targets.ms, note: `${cur.series} series evaluated` }),
        row("  of which computing metrics (window_stats)", "ms", (s) => s.metricsMs,
          { note: `they read ${cur.metricsRows} rows (vs ${base.metricsRows}); the rest is stepping each series' state` }),
        row("  rollup rows read by one evaluate_alerts()", "rows", (s) => s.reads.rollups, {
          target: targets.rollups,
          note: `minute rollup rows ${Math.round(100 * cur.fill)}% full (vs ${Math.round(100 * base.fill)}%)`,
        }),
        row("  all rows read by one evaluate_alerts()", "rows", (s) => s.reads.events + s.reads.other, {
          target: "raw event rows: the unfolded tail, once",
          note: `raw event rows ${cur.reads.events} (vs ${base.reads.events}), ${cur.above} (vs ${base.above}) above the id floor; ` +
            `by table: ${cur.reads.tables}`,
        }),
      );
    };
    compare(big, small, { ms: "< 1,000 ms", rollups: "grow only until every series has a row in every minute" });
    compare(double, big, { ms: "< 1,000 ms; ratio ≈ 1: past that, cost must not follow the raw event count", rollups: "ratio ≈ 1" });
    rows.push(...await conditions(sql, conn, tenants, double.at, total / 10, runs, log));
  } finally {
    conn.release();
  }
  return rows;
};

/**
 * The same rules judged three ways: on a threshold, on their change against a week earlier
 * (change_pct) and against the same hour of the last four weeks (anomaly), each set alone enabled.
 * The earlier weeks get the day before each of their clocks, so the baselines read real rollup rows.
 */
async function conditions(sql: postgres.Sql, conn: postgres.ReservedSql, tenants: string[], at: Date, perWeek: number,
                          runs: number, log: (s: string) => void): Promise<BenchRow[]> {
  await sql`select vigil.ensure_partitions((${at}::timestamptz at time zone 'UTC')::date - 30, (${at}::timestamptz at time zone 'UTC')::date)`;
  for (let k = 1; k <= 4; k++) {
    const until = new Date(at.getTime() - k * 7 * 86_400_000);
    await topUpEvents(sql, { perDay: perWeek, since: new Date(until.getTime() - 86_400_000), until });
  }
  for (let i = 0; i < 3; i++) await sql`select vigil.fold_rollups()`;
  await sql`vacuum analyze vigil.rollups`;
  await sql`update vigil.alert_rules set enabled = false`;
  const perTenant = 5;
  const sets = { threshold: {}, change_pct: { condition: "change_pct", threshold: 50 }, anomaly: { condition: "anomaly", threshold: 3 } };
  for (const tenant of tenants) {
    for (const [set, extra] of Object.entries(sets)) {
      for (let i = 0; i < perTenant; i++) {
        const metric = ["count", "error_rate", "latency_p95"][i % 3];
        const rule = { name: `${set} ${i}`, metric, kind: "operation", event_name: `op_${String((i * 7) % 50).padStart(2, "0")}`,
          comparator: "gt", threshold: metric === "count" ? 50 : metric === "error_rate" ? 0.05 : 400, window: "1 hour",
          min_events: 5, enabled: false, ...extra };
        await sql`select vigil_api.create_alert_rule(${tenant}, ${sql.json(rule as postgres.JSONValue)})`;
      }
    }
  }
  const timed: Record<string, number> = {};
  for (const set of Object.keys(sets)) {
    await sql`update vigil.alert_rules set enabled = (name like ${set + " %"})`;
    await conn`select vigil.evaluate_alerts(${at})`;
    timed[set] = await medianMs(runs, () => conn`select vigil.evaluate_alerts(${at})`);
    log(`${tenants.length * perTenant} ${set} rules: evaluate_alerts() ${timed[set].toFixed(1)} ms`);
  }
  // What judging adds to threshold rules, which need no baseline: the metrics alone against the
  // metrics with each series judged (vigil._alert_deviation returns at once for them).
  await sql`update vigil.alert_rules set enabled = (name like 'threshold %')`;
  const valuesMs = await medianMs(runs, () => conn`select count(*) from vigil._alert_builtin_values(${at})`);
  const judgedMs = await medianMs(runs, () => conn`select count(*) from vigil._alert_builtin_judged(${at})`);
  const n = tenants.length * perTenant;
  const row = (set: string, note: string): BenchRow => ({
    bench: "alerts", case: `evaluate_alerts(), ${n} ${set} rules`, value: timed[set], unit: "ms",
    baseline: { case: `the same ${n} rules on a threshold`, value: timed.threshold }, ratio: timed[set] / Math.max(0.001, timed.threshold),
    note,
  });
  return [
    {
      bench: "alerts", case: `judged metrics of ${n} threshold rules (_alert_builtin_judged)`, value: judgedMs, unit: "ms",
      baseline: { case: "their metrics alone (_alert_builtin_values)", value: valuesMs }, ratio: judgedMs / Math.max(0.001, valuesMs),
      target: "ratio ≈ 1: a threshold rule pays nothing for the deviation conditions",
    },
    row("anomaly", "baseline: the same hour of 4 earlier weeks, one metric computation per clock for all the rules"),
    row("change_pct", "baseline: the same window a week earlier"),
  ];
}

export default bench;
