// Statistics against a real database: histogram percentiles stay within 1% of the exact ones for
// several latency distributions, and the rollup step counts events of concurrent, out-of-order
// committing transactions exactly once.
// requires: a cluster of its own (the rollup fold waits for every open writer of events in the cluster)
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import postgres from "postgres";
import { seededRandom as rng } from "../src/fixtures/seeded-random.ts";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is required (the test runner sets it)");
const sql = postgres(url, { onnotice: () => {}, max: 4 });

function gaussian(r: () => number) {
  return Math.sqrt(-2 * Math.log(Math.max(r(), 1e-12))) * Math.cos(2 * Math.PI * r());
}

const distributions: Record<string, (r: () => number, n: number) => number[]> = {
  uniform: (r, n) => Array.from({ length: n }, () => 1 + r() * 999),
  "log-normal": (r, n) => Array.from({ length: n }, () => 80 * Math.exp(0.8 * gaussian(r))),
  bimodal: (r, n) => Array.from({ length: n }, () => (r() < 0.7 ? 20 + 5 * gaussian(r) : 900 + 100 * gaussian(r))).map((v) => Math.max(v, 0.5)),
  "one outlier": (r, n) => [...Array.from({ length: n - 1 }, () => 50 + 10 * r()), 60_000],
};

async function makeTenant(slug: string): Promise<string> {
  const [{ id }] = await sql<{ id: string }[]>`
    insert into vigil.tenants (name, slug) values (${slug}, ${slug}) returning id`;
  return id;
}

async function dropTenant(id: string) {
  await sql`delete from vigil.events where tenant_id = ${id}`;
  await sql`delete from vigil.rollups where tenant_id = ${id}`;
  await sql`delete from vigil.tenants where id = ${id}`;
}

describe("histogram percentiles", () => {
  const tenants: string[] = [];
  after(async () => {
    for (const t of tenants) await dropTenant(t);
  });

  for (const [name, draw] of Object.entries(distributions)) {
    for (const [n, seed] of [[200, 1], [5_000, 2], [40_000, 3]] as const) {
      test(`${name}, ${n} events (seed ${seed}): p50/p95/p99 within 1% of percentile_disc, from merged rollups and from raw rows`, async () => {
        const tenant = await makeTenant(`prop-${name.replace(/\W/g, "")}-${n}`);
        tenants.push(tenant);
        const values = draw(rng(seed), n);
        // Two whole hours three hours ago: the rollup path reads hourly rows only.
        const [{ since }] = await sql<{ since: Date }[]>`select date_trunc('hour', now()) - interval '5 hours' as since`;
        const until = new Date(since.getTime() + 2 * 3_600_000);
        const times = values.map((_, i) => new Date(since.getTime() + Math.floor((i / n) * 7_200_000)));
        // Inserted in two interleaved halves with a pass between, so every rollup row is written
        // and then merged with the second half.
        for (const parity of [0, 1]) {
          const pick = <T,>(xs: T[]) => xs.filter((_, i) => i % 2 === parity);
          await sql`
            insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success)
            select ${tenant}, 'operation', 'op', t, d, true
            from unnest(${pick(times).map((t) => t.toISOString())}::timestamptz[], ${pick(values)}::float8[]) u(t, d)`;
          if (parity === 0) await sql`select vigil.fold_rollups()`;
        }

        // percentile_disc, not percentile_cont: the histogram answers with (a value within 1% of)
        // the sample at rank ceil(p·n), which is what percentile_disc returns. percentile_cont
        // interpolates between neighbours, and where samples are sparse (the outlier, the gap
        // between two modes) neighbours can be far apart, so no rank-based sketch can track it.
        const exact = await sql<{ p50: number; p95: number; p99: number }[]>`
          select percentile_disc(0.5) within group (order by duration_ms) p50,
                 percentile_disc(0.95) within group (order by duration_ms) p95,
                 percentile_disc(0.99) within group (order by duration_ms) p99
          from vigil.events where tenant_id = ${tenant}`;
        const stats = async () =>
          (await sql<{ count: string; p50_ms: number; p95_ms: number; p99_ms: number }[]>`
            select * from vigil.window_stats(${tenant}, ${since}, ${until})`)[0];

        const raw = await stats(); // half from rollups, half still raw
        await sql`select vigil.fold_rollups()`;
        const folded = await stats();
        const [{ rows }] = await sql<{ rows: string }[]>`
          select coalesce(sum(count), 0) as rows from vigil.rollups where tenant_id = ${tenant} and grain = 60`;
        assert.equal(Number(rows), n, "every event folded into the hourly rollups once");

        for (const [label, got] of [["half rollups, half raw rows", raw], ["merged rollups", folded]] as const) {
          assert.equal(Number(got.count), n, `${label}: count`);
          for (const q of ["p50", "p95", "p99"] as const) {
            const want = exact[0][q];
            const have = got[`${q}_ms`];
            const err = Math.abs(have - want) / want;
            assert.ok(err <= 0.01, `${label}: ${q} ${have} vs percentile_disc ${want} (${(err * 100).toFixed(3)}%)`);
          }
        }
      });
    }
  }
});

describe("the rollup step and concurrent writers", () => {
  let tenant = "";
  let since: Date;
  let until: Date;
  before(async () => {
    tenant = await makeTenant("prop-concurrency");
    [{ since }] = await sql<{ since: Date }[]>`select date_trunc('hour', now()) - interval '2 hours' as since`;
    until = new Date(since.getTime() + 3_600_000);
  });
  after(async () => {
    await dropTenant(tenant);
    await sql.end();
  });

  // A direct writer takes the writers' lock before the insert draws its id (see vigil.lock_events_for_writing);
  // the lock's one-row subquery is read before the row, and its default id, is made.
  const insert = (db: postgres.Sql, ms: number) =>
    db`insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success)
       select ${tenant}, 'operation', 'op', ${new Date(since.getTime() + 60_000)}, ${ms}, true
       from (select vigil.lock_events_for_writing()) l returning id`;
  const count = async () =>
    Number((await sql<{ count: string }[]>`select count from vigil.window_stats(${tenant}, ${since}, ${until})`)[0]?.count ?? 0);
  const folded = async () =>
    Number((await sql<{ n: string }[]>`select coalesce(sum(count), 0) n from vigil.rollups where tenant_id = ${tenant} and grain = 5`)[0].n);

  test("a transaction that drew the lower id but commits after several passes is folded once", async () => {
    const a = await sql.reserve();
    try {
      await a`begin`;
      const [{ id: early }] = await insert(a as unknown as postgres.Sql, 10);
      const [{ id: late }] = await insert(sql, 20); // commits at once, with the higher id
      assert.ok(Number(late) > Number(early), "ids were drawn in this order");

      await sql`select vigil.fold_rollups()`;
      // A pass waits for the open writer, then folds nothing new: the later, committed event waits with it.
      assert.equal(await folded(), 0, "nothing at or after the open transaction is folded yet");
      assert.equal(await count(), 1, "readers see the committed event, from raw rows");
      // Three more passes, each blocked by the open writer.
      for (let i = 0; i < 3; i++) await sql`select vigil.fold_rollups()`;
      await a`commit`;

      assert.equal(await count(), 2, "once committed, the event is counted before any pass, from raw rows");
      await sql`select vigil.fold_rollups()`;
      assert.equal(await folded(), 2, "the next pass folds it");
      assert.equal(await count(), 2, "and it is counted once");
      await sql`select vigil.fold_rollups()`;
      assert.equal(await folded(), 2, "further passes fold nothing twice");
    } finally {
      a.release();
    }
  });

  test("a rolled-back transaction is never counted", async () => {
    const a = await sql.reserve();
    try {
      await a`begin`;
      await insert(a as unknown as postgres.Sql, 30);
      await sql`select vigil.fold_rollups()`;
      await a`rollback`;
      await sql`select vigil.fold_rollups()`;
      assert.equal(await folded(), 2);
      assert.equal(await count(), 2);
    } finally {
      a.release();
    }
  });

  test("many writers racing the step: every event counted exactly once", async () => {
    const writers = Array.from({ length: 4 }, async (_, w) => {
      for (let i = 0; i < 25; i++) {
        await sql.begin(async (tx) => {
          await tx`select vigil.lock_events_for_writing()`;
          await tx`insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success)
                   select ${tenant}, 'operation', 'op', ${new Date(since.getTime() + 120_000 + w * 1000)}, g, true
                   from generate_series(1, 10) g`;
          if (i % 5 === 0) await tx`select pg_sleep(0.01)`;
        });
      }
    });
    const folder = (async () => {
      for (let i = 0; i < 10; i++) await sql`select vigil.fold_rollups()`;
    })();
    await Promise.all([...writers, folder]);
    assert.equal(await count(), 2 + 4 * 25 * 10, "stats count every committed event");
    await sql`select vigil.fold_rollups()`;
    assert.equal(await folded(), 2 + 4 * 25 * 10, "after a final pass the rollups hold each one once");
  });
});
