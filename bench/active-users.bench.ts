// Active users at scale: distinct users of the busiest tenant over 30 days from the fold's sketches
// (vigil._actor_sketch behind active_users, business_summary and the active_users alert metric)
// against count(distinct) over raw events, and what the sketches add to the rollup step folding a
// minute of traffic at 1,000 events/s: the fold with them and without them, alternated in one run.
import type postgres from "postgres";
import { withoutSketches } from "./lib/before.ts";
import { seedEvents } from "./lib/dataset.ts";
import { type Bench, type BenchRow, medianMs } from "./run.ts";

const DAY_MS = 86_400_000;

/** One minute of traffic at 1,000 events/s over the bench tenants, as the stats bench writes it. */
async function insertMinute(sql: postgres.Sql) {
  await sql`
    insert into vigil.events (tenant_id, kind, name, occurred_at, received_at, duration_ms, success, user_id, session_id)
    select t.ids[1 + least(floor(20 * power(random(), 2))::int, 19)], 'operation', 'op_' || lpad(floor(random() * 50)::text, 2, '0'),
           now() - random() * interval '1 minute', now(), round((50 * exp(random()))::numeric, 3)::float8,
           random() > 0.02, 'user-' || floor(random() * 5000)::int, 'session-' || floor(random() * 20000)::int
    from (select array_agg(id order by slug) ids from vigil.tenants where slug like 'bench-%') t, generate_series(1, 60000)`;
}

/** The fold's day statement as defined, and the same without its actor sketches. */
async function foldVariants(sql: postgres.Sql) {
  const [{ def }] = await sql<{ def: string }[]>`select pg_get_functiondef('vigil._fold_day'::regproc) as def`;
  return { with: def, without: withoutSketches(def) };
}

const bench: Bench = async ({ sql: pool, quick, log }) => {
  const sql = (await pool.reserve()) as unknown as postgres.Sql;
  const rows: BenchRow[] = [];
  await sql`set jit = off`;
  const size = quick ? 300_000 : 3_000_000;
  const days = 31;
  log(`loading ${size.toLocaleString("en-US")} events over ${days} days`);
  const seeded = await seedEvents(sql, { events: size, days });
  const t = performance.now();
  const [{ fold }] = await sql<{ fold: { events: number } }[]>`select vigil.fold_rollups() as fold`;
  log(`folded ${fold.events} events in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  // The id floor trails two passes: two more stand for the next two minutes of maintenance.
  await sql`select vigil.fold_rollups()`;
  await sql`select vigil.fold_rollups()`;
  await sql`vacuum analyze vigil.actor_sketches`;
  const tenant = seeded.tenants[0];
  const until = new Date();
  const since = new Date(until.getTime() - 30 * DAY_MS);
  const [{ n: raw }] = await sql<{ n: number }[]>`
    select count(*)::int as n from vigil.events where tenant_id = ${tenant} and occurred_at >= ${since} and occurred_at < ${until}`;

  const ours = await medianMs(7, () => sql`select vigil._business_active_users(${tenant}, ${since}, ${until})`);
  const whole = await medianMs(5, () => sql`select vigil_api.active_users(${tenant}, ${until})`);
  const naive = await medianMs(5, () => sql`
    select count(distinct user_id) from vigil.events where tenant_id = ${tenant} and occurred_at >= ${since} and occurred_at < ${until}`);
  const [{ est, exact }] = await sql<{ est: number; exact: number }[]>`
    select vigil._business_active_users(${tenant}, ${since}, ${until})::int as est,
           (select count(distinct user_id)::int from vigil.events where tenant_id = ${tenant} and occurred_at >= ${since} and occurred_at < ${until}) as exact`;
  rows.push({
    bench: "active-users", case: "distinct users over 30 days, busiest tenant, from sketches", value: ours, unit: "ms",
    baseline: { case: "count(distinct) over raw events", value: naive }, ratio: naive / ours, target: "≥ 20×",
    note: `ratio = naive / ours; ${raw.toLocaleString("en-US")} raw events in the window; estimate ${est} vs exact ${exact}`,
  });
  rows.push({
    bench: "active-users", case: "active_users (dau, wau, mau and a 30-day series)", value: whole, unit: "ms",
    baseline: { case: "count(distinct) over raw events, 30 days once", value: naive }, ratio: naive / whole,
    note: "ratio = naive / ours; the naive query answers only the monthly figure",
  });

  // The fold of a minute, with and without the sketches, alternated so the machine's noise falls on both.
  log("the rollup step folding one minute at 1,000 events/s, with and without sketches");
  const variants = await foldVariants(sql);
  const times: Record<"with" | "without", number[]> = { with: [], without: [] };
  try {
    for (let round = 0; round < (quick ? 3 : 5); round++) {
      for (const v of ["without", "with"] as const) {
        await sql.unsafe(variants[v]);
        await insertMinute(sql);
        const t0 = performance.now();
        const [{ fold: f }] = await sql<{ fold: { events: number } }[]>`select vigil.fold_rollups() as fold`;
        times[v].push(performance.now() - t0);
        if (f.events !== 60000) throw new Error(`the step folded ${f.events} events, expected 60000`);
        await sql`select vigil.fold_rollups()`;
      }
    }
  } finally {
    await sql.unsafe(variants.with);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const withMs = median(times.with);
  const withoutMs = median(times.without);
  rows.push({
    bench: "active-users", case: "rollup step, one minute at 1,000 events/s (60k events), with sketches", value: withMs, unit: "ms",
    baseline: { case: "the same step without sketches", value: withoutMs }, ratio: withMs / withoutMs, target: "≤ 1.15× (all of business metrics: the stats bench)",
    note: `ratio = with / without; medians of ${times.with.length} alternated runs each`,
  });
  (sql as unknown as { release: () => void }).release();
  return rows;
};

export default bench;
