// The rollup fold counts every event exactly once when VACUUM (FREEZE) runs on a partition between
// ingest and fold. VACUUM cannot run inside a transaction block, so this is a Node test on real
// connections rather than a pgTAP file; it runs on whatever DATABASE_URL points at, PostgreSQL 15
// or 17.
// requires: a cluster of its own (the fold's horizon is cluster-wide: another open transaction holds it back)
// lanes: PostgreSQL 15 and 17 (the 17 lane runs it too: the fold must count each event once on both)
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import postgres from "postgres";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is required (the test runner sets it)");

let sql: postgres.Sql;
let tenant: string;
before(async () => {
  sql = postgres(url, { max: 2, onnotice: () => {} });
  [{ id: tenant }] = await sql<{ id: string }[]>`
    insert into vigil.tenants (name, slug) values ('Freeze test', ${"freeze-" + randomUUID().slice(0, 8)}) returning id`;
});
after(async () => {
  await sql`delete from vigil.events where tenant_id = ${tenant}`;
  await sql`delete from vigil.rollups where tenant_id = ${tenant}`;
  await sql`delete from vigil.tenants where id = ${tenant}`;
  await sql.end();
});

/** Commits n events of the test tenant in today's UTC partition (the first minutes of the day), errors every 4th. */
async function ingest(n: number, from: number) {
  await sql`
    insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success, error_type)
    select ${tenant}, 'operation', 'checkout',
           date_trunc('day', now() at time zone 'UTC') at time zone 'UTC' + (i % 600) * interval '1 second',
           i, i % 4 <> 0, case when i % 4 = 0 then 'TimeoutError' end
    from generate_series(${from}::int, ${from + n - 1}::int) i`;
}

/** Freezes today's partition, again until its frozen horizon is past every row of the test tenant (an open transaction elsewhere can hold it back). */
async function freeze() {
  const [{ part }] = await sql<{ part: string }[]>`
    select vigil._partition_name((now() at time zone 'UTC')::date) as part`;
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

/** Folds until the tenant's 5-minute rollups count `want` events (other sessions' open transactions delay a pass), then returns what they hold. */
async function foldUntil(want: number) {
  let count = -1;
  for (let i = 0; i < 100; i++) {
    await sql`select vigil.fold_rollups()`;
    [{ count }] = await sql<{ count: number }[]>`
      select coalesce(sum(count), 0)::int as count from vigil.rollups where tenant_id = ${tenant} and grain = 5`;
    if (count >= want) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return count;
}

async function totals() {
  return sql<{ grain: number; count: number; errors: number }[]>`
    select grain::int, sum(count)::int as count, sum(errors)::int as errors
    from vigil.rollups where tenant_id = ${tenant} and grain in (5, 15, 60, 360) group by grain order by grain`;
}

test("the fold counts every event exactly once when VACUUM (FREEZE) runs on a partition between ingest and fold", async () => {
  await ingest(1000, 1);
  await freeze();
  assert.equal(await foldUntil(1000), 1000, "the frozen rows are folded");

  // Rows folded before a freeze must not be folded again after it, and new ones must still be.
  await ingest(500, 1001);
  await freeze();
  assert.equal(await foldUntil(1500), 1500, "rows frozen after an earlier pass are folded once, the old ones not again");
  await sql`select vigil.fold_rollups()`;
  await sql`select vigil.fold_rollups()`;
  const rows = await totals();
  assert.deepEqual([...rows].map((r) => ({ ...r })), [5, 15, 60, 360].map((grain) => ({ grain, count: 1500, errors: 375 })),
    "every grain holds each event once, failures included, after more passes");
});
