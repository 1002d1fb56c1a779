// The rollup fold counts every committed event exactly once whatever the engine does to the rows and
// whatever order writers commit in: VACUUM (FREEZE), VACUUM FULL, CLUSTER and an UPDATE between
// passes, writers that commit out of order, a pass that waits for an open writer. VACUUM cannot run
// inside a transaction block and the writers need sessions of their own, so this is a Node test on
// real connections rather than a pgTAP file; it runs on whatever DATABASE_URL points at, PostgreSQL
// 15 or 17.
// requires: a cluster of its own (the fold's watermark and the writers' lock are cluster-wide)
// lanes: PostgreSQL 15 and 17 (the 17 lane runs it too: the fold must count each event once on both)
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import postgres from "postgres";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is required (the test runner sets it)");

let sql: postgres.Sql;
const tenants: string[] = [];
/** Sessions of their own (one connection each), for writers that stay open and passes that wait. */
const sessions: postgres.Sql[] = [];
const session = () => {
  const s = postgres(url, { max: 1, onnotice: () => {} });
  sessions.push(s);
  return s;
};

before(async () => {
  sql = postgres(url, { max: 2, onnotice: () => {} });
});
after(async () => {
  await sql`update vigil.rollup_state set writer_wait = interval '500 milliseconds'`;
  for (const s of sessions) await s.end();
  for (const t of tenants) {
    await sql`delete from vigil.events where tenant_id = ${t}`;
    await sql`delete from vigil.all_rollups where tenant_id = ${t}`;
    await sql`delete from vigil.tenants where id = ${t}`;
  }
  await sql.end();
});

async function newTenant(name: string) {
  const [{ id }] = await sql<{ id: string }[]>`
    insert into vigil.tenants (name, slug) values (${name}, ${"fold-" + randomUUID().slice(0, 8)}) returning id`;
  tenants.push(id);
  return id;
}

/** Commits n events of a tenant in today's UTC partition (the first minutes of the day), errors every 4th. */
async function ingest(tenant: string, n: number, from: number) {
  await sql`
    insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success, error_type)
    select ${tenant}, 'operation', 'checkout',
           date_trunc('day', now() at time zone 'UTC') at time zone 'UTC' + (i % 600) * interval '1 second',
           i, i % 4 <> 0, case when i % 4 = 0 then 'TimeoutError' end
    from generate_series(${from}::int, ${from + n - 1}::int) i`;
}

/** Stores n events through the ingest path (vigil._store_events takes the writers' lock) in a session's open transaction or its own. */
async function store(db: postgres.Sql, tenant: string, n: number, from: number) {
  const base = Date.now() - 3_600_000;
  const events = Array.from({ length: n }, (_, k) => ({
    kind: "operation", name: "checkout", duration_ms: from + k, success: (from + k) % 4 !== 0,
    occurred_at: new Date(base + (from + k) * 10_000).toISOString(),
  }));
  const [{ r }] = await db`select vigil._store_events(${tenant}, ${db.json(events)}::jsonb, null, null) as r`;
  assert.equal(r.accepted, n);
}

async function partition() {
  const [{ part }] = await sql<{ part: string }[]>`select vigil._partition_name((now() at time zone 'UTC')::date) as part`;
  return part;
}

/** Freezes today's partition, again until its frozen horizon is past every row of the tenant (an open transaction elsewhere can hold it back). */
async function freeze(tenant: string) {
  const part = await partition();
  for (let i = 0; i < 50; i++) {
    await sql.unsafe(`vacuum (freeze) vigil."${part}"`);
    const [{ frozen }] = await sql<{ frozen: boolean }[]>`
      select coalesce(bool_and(age(e.xmin) > age(c.relfrozenxid)), true) as frozen
      from vigil.events e, pg_class c
      where c.oid = ${"vigil." + part}::regclass and e.tenant_id = ${tenant}`;
    if (frozen) return part;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`could not freeze ${part}: a transaction stays open`);
}

async function fold(db = sql) {
  const [{ r }] = await db<{ r: { events: number; blocked: boolean } }[]>`select vigil.fold_rollups() as r`;
  return r;
}

/** What the tenant's 5-minute rollups count. */
async function folded(tenant: string) {
  const [{ count }] = await sql<{ count: number }[]>`
    select coalesce(sum(count), 0)::int as count from vigil.rollups where tenant_id = ${tenant} and grain = 5`;
  return count;
}

async function totals(tenant: string) {
  const rows = await sql<{ grain: number; count: number; errors: number }[]>`
    select grain::int, sum(count)::int as count, sum(errors)::int as errors
    from vigil.rollups where tenant_id = ${tenant} and grain in (5, 15, 60, 360) group by grain order by grain`;
  return rows.map((r) => ({ ...r }));
}

/** Waits until `n` advisory lock requests are queued (a pass waiting for writers, writers behind it). */
async function waitingLocks(n: number) {
  for (let i = 0; i < 200; i++) {
    const [{ waiting }] = await sql<{ waiting: number }[]>`
      select count(*)::int as waiting from pg_locks where locktype = 'advisory' and not granted`;
    if (waiting >= n) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${n} waiting advisory lock request(s) never appeared`);
}

test("the fold counts every event exactly once when VACUUM (FREEZE) runs on a partition between ingest and fold", async () => {
  const tenant = await newTenant("Freeze test");
  await ingest(tenant, 1000, 1);
  await freeze(tenant);
  await fold();
  assert.equal(await folded(tenant), 1000, "the frozen rows are folded");

  // Rows folded before a freeze must not be folded again after it, and new ones must still be.
  await ingest(tenant, 500, 1001);
  await freeze(tenant);
  await fold();
  assert.equal(await folded(tenant), 1500, "rows frozen after an earlier pass are folded once, the old ones not again");
  await fold();
  await fold();
  assert.deepEqual(await totals(tenant), [5, 15, 60, 360].map((grain) => ({ grain, count: 1500, errors: 375 })),
    "every grain holds each event once, failures included, after more passes");
});

test("rows updated, or rewritten by VACUUM FULL and CLUSTER, after they were folded are not folded again", async () => {
  const tenant = await newTenant("Rewrite test");
  const part = await partition();
  await ingest(tenant, 300, 1);
  await fold();
  assert.equal(await folded(tenant), 300);

  await sql`update vigil.events set attributes = '{"touched": true}' where tenant_id = ${tenant}`;
  await fold();
  assert.equal(await folded(tenant), 300, "an UPDATE of a column gives the rows new versions, not new events");
  await sql.unsafe(`vacuum full vigil."${part}"`);
  await fold();
  assert.equal(await folded(tenant), 300, "VACUUM FULL moves the rows, they are not folded again");
  const [{ pkey }] = await sql<{ pkey: string }[]>`
    select c.relname as pkey from pg_index i join pg_class c on c.oid = i.indexrelid
    where i.indrelid = ${"vigil." + part}::regclass and i.indisprimary`;
  await sql.unsafe(`cluster vigil."${part}" using "${pkey}"`);
  await fold();
  assert.equal(await folded(tenant), 300, "CLUSTER rewrites the partition, its rows are not folded again");

  await ingest(tenant, 40, 301);
  await fold();
  assert.deepEqual(await totals(tenant), [5, 15, 60, 360].map((grain) => ({ grain, count: 340, errors: 85 })),
    "events written after the rewrites are folded, each once");
});

test("writers that commit out of order: a pass never folds past an open writer's ids, and folds every event once after it commits", async () => {
  const tenant = await newTenant("Out of order test");
  const [a, b, c, p] = [session(), session(), session(), session()];
  await sql`update vigil.rollup_state set writer_wait = interval '50 milliseconds'`;
  await fold();

  // A draws its ids first and stays open; B draws later ones and commits.
  await a`begin`;
  await store(a, tenant, 10, 1);
  await store(b, tenant, 6, 11);
  const [{ aMax }] = await a`select max(id) as "aMax" from vigil.events where tenant_id = ${tenant} and duration_ms <= 10`;
  const [{ bMin }] = await sql`select min(id) as "bMin" from vigil.events where tenant_id = ${tenant}`;
  assert.ok(BigInt(aMax) < BigInt(bMin), "the open writer holds lower ids than the committed one");

  const blocked = await fold(p);
  assert.equal(blocked.blocked, true, "a pass that the open writer keeps waiting says it was blocked");
  assert.equal(await folded(tenant), 0, "and folds none of the later ids ahead of the open writer's");
  const [{ since }] = await sql`select blocked_since is not null as since from vigil.rollup_state`;
  assert.equal(since, true, "rollup_state says since when passes are blocked");
  const stats = async () => {
    const [{ count }] = await sql`
      select count::int from vigil.window_stats(${tenant}, now() - interval '2 hours', now() + interval '1 hour')`;
    return count;
  };
  assert.equal(await stats(), 6, "the stats count the committed writer's events from the unfolded tail");

  // A pass that waits when A commits goes on; a writer that comes while it waits queues behind it.
  await sql`update vigil.rollup_state set writer_wait = interval '10 seconds'`;
  const waiting = fold(p);
  await waitingLocks(1);
  const late = store(c, tenant, 3, 17);
  await waitingLocks(2);
  await a`commit`;
  const pass = await waiting;
  await late;
  assert.equal(pass.blocked, false, "once the open writer commits the waiting pass goes on");
  assert.equal(await folded(tenant), 16, "it folds both writers' events, each once, and none of the writer that came after it");
  await fold();
  assert.deepEqual(await totals(tenant), [5, 15, 60, 360].map((grain) => ({ grain, count: 19, errors: 4 })),
    "the next pass folds the late writer's events; every grain holds each event once");
  assert.equal(await stats(), 19, "the stats count every event once");
  const [{ clear }] = await sql`select blocked_since is null as clear from vigil.rollup_state`;
  assert.equal(clear, true, "rollup_state is no longer blocked");
});
