// The benchmark dataset of PERF-NOTES.md, generated inside Postgres: skewed tenants, 50 operations,
// log-normal latencies, about 2% failures, spread over the last N days.
import { randomUUID } from "node:crypto";
import type postgres from "postgres";

export interface DatasetOptions {
  events: number;
  days: number;
  /** Where the last day ends (now by default). */
  until?: Date;
  tenants?: number;
  operations?: number;
}

/** Creates `bench-01`..`bench-NN` tenants and returns their ids, busiest first. */
export async function benchTenants(sql: postgres.Sql, count = 20): Promise<string[]> {
  await sql`
    insert into vigil.tenants (name, slug)
    select 'Bench ' || i, 'bench-' || lpad(i::text, 2, '0') from generate_series(1, ${count}) i
    on conflict (slug) do nothing`;
  const ordered = await sql<{ id: string }[]>`
    select id from vigil.tenants where slug like 'bench-%' order by slug limit ${count}`;
  return ordered.map((r) => r.id);
}

/**
 * Inserts `events` operation events for the bench tenants. Tenant i gets a share that falls off as
 * a power law (the busiest holds about 22%), operation `op_NN` has a median of 20 + 10·NN ms with a
 * log-normal spread. Loaded day by day in time order, with the event indexes dropped and rebuilt
 * around the load (2.3× faster than loading through them, per PERF-NOTES).
 */
export async function seedEvents(sql: postgres.Sql, opts: DatasetOptions): Promise<{ tenants: string[]; until: Date; seconds: number }> {
  const started = performance.now();
  const tenants = await benchTenants(sql, opts.tenants ?? 20);
  const ops = opts.operations ?? 50;
  await sql`select vigil.ensure_partitions((now() at time zone 'UTC')::date - ${opts.days + 1}::int, (now() at time zone 'UTC')::date + 7)`;
  await sql`alter table vigil.events drop constraint if exists events_pkey`;
  await sql`drop index if exists vigil.events_tenant_op_time_idx`;
  const perDay = Math.ceil(opts.events / opts.days);
  const now = opts.until ?? (await sql<{ now: Date }[]>`select now()`)[0].now;
  for (let d = 0; d < opts.days; d++) {
    const n = Math.min(perDay, opts.events - d * perDay);
    if (n <= 0) break;
    const to = new Date(now.getTime() - d * DAY_MS);
    await insertEvents(sql, tenants.length, ops, n, new Date(to.getTime() - DAY_MS), to);
  }
  await sql`alter table vigil.events add constraint events_pkey primary key (tenant_id, occurred_at, id)`;
  await sql`create index if not exists events_tenant_op_time_idx on vigil.events (tenant_id, kind, name, occurred_at)`;
  await sql`analyze vigil.events`;
  return { tenants, until: now, seconds: (performance.now() - started) / 1000 };
}

const DAY_MS = 86_400_000;

/**
 * The same traffic, at `perDay` events a day, from `since` (where a load ended) to now (or `until`): a load of
 * millions takes minutes to write and fold, and questions about the last minutes (alert windows)
 * would otherwise find them empty.
 */
export async function topUpEvents(sql: postgres.Sql, opts: { perDay: number; since: Date; until?: Date; tenants?: number; operations?: number }) {
  const now = opts.until ?? (await sql<{ now: Date }[]>`select now()`)[0].now;
  const n = Math.round((opts.perDay * (now.getTime() - opts.since.getTime())) / DAY_MS);
  if (n > 0) await insertEvents(sql, opts.tenants ?? 20, opts.operations ?? 50, n, opts.since, now);
  return n;
}

/** Inserts `n` events spread uniformly over [from, to), in time order. */
async function insertEvents(sql: postgres.Sql, tenants: number, ops: number, n: number, from: Date, to: Date) {
  await sql`
    insert into vigil.events (tenant_id, kind, name, occurred_at, received_at, duration_ms, success,
                              error_type, user_id, session_id)
    select t.ids[1 + least(floor(${tenants} * power(g.r1, 2))::int, ${tenants} - 1)],
           'operation', 'op_' || lpad(g.op::text, 2, '0'),
           g.ts, g.ts,
           round(((20 + 10 * g.op) * exp(0.6 * sqrt(-2 * ln(g.u1)) * cos(2 * pi() * g.u2)))::numeric, 3)::float8,
           g.ok, case when not g.ok then (array['TimeoutError', 'ValidationError', 'DatabaseError'])[1 + floor(random() * 3)::int] end,
           'user-' || floor(random() * 5000)::int, 'session-' || floor(random() * 20000)::int
    from (select array_agg(id order by slug) ids from vigil.tenants where slug like 'bench-%') t,
         lateral (
           select random() r1, floor(random() * ${ops})::int op, greatest(random(), 1e-12) u1, random() u2,
                  random() > 0.02 ok,
                  ${to}::timestamptz - random() * (${to}::timestamptz - ${from}::timestamptz) ts
           from generate_series(1, ${n})
         ) g
    -- In time order, as ingest writes them (events arrive about when they happen): a window's
    -- rows then share pages, as they do in a real table, instead of one page per row.
    order by g.ts`;
}

/**
 * A fresh tenant (its slug made unique from `slugPrefix`) with an ingest key no per-minute budget
 * stops, and the event partitions of the ingest window in place: what an ingest bench sends with.
 */
export async function ingestTenant(sql: postgres.Sql, name: string, slugPrefix: string): Promise<{ tenant: string; key: string }> {
  const [{ id: tenant }] = await sql<{ id: string }[]>`
    insert into vigil.tenants (name, slug) values (${name}, ${slugPrefix + "-" + randomUUID().slice(0, 8)}) returning id`;
  const [{ key }] = await sql<{ key: string }[]>`select vigil_api.create_ingest_key(${tenant}) ->> 'key' as key`;
  await sql`update vigil.ingest_keys set events_per_minute = 10000000 where tenant_id = ${tenant}`;
  await sql`select vigil.ensure_partitions()`;
  return { tenant, key };
}
