// Value histograms against a real database: for signed and heavy-tailed values (refunds, scores,
// Pareto order totals, a few huge outliers), metric_stats' p50/p95/p99 stay within 1% of
// percentile_disc, from raw rows, from half-folded and from fully merged rollups, and sums are exact.
// requires: a cluster of its own (the rollup fold's horizon is the oldest open transaction in the cluster)
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

const round2 = (v: number) => Math.round(v * 100) / 100;
const distributions: Record<string, (r: () => number, n: number) => number[]> = {
  // Order totals: Pareto (alpha 1.2), a tail to millions.
  "pareto totals": (r, n) => Array.from({ length: n }, () => round2(10 / Math.pow(1 - r(), 1 / 1.2))),
  // Orders with 15% refunds (negative) and some zero-value orders.
  "orders with refunds": (r, n) =>
    Array.from({ length: n }, () => {
      const u = r();
      return u < 0.15 ? -round2(5 + 200 * r()) : u < 0.2 ? 0 : round2(20 * Math.exp(gaussian(r)));
    }),
  // A signed, symmetric, heavy-tailed series (Cauchy): a P&L, a temperature delta.
  "signed cauchy": (r, n) => Array.from({ length: n }, () => Math.tan(Math.PI * (r() - 0.5)) * 50),
  // NPS-style scores 0..10 (many ties, zero included).
  "scores 0 to 10": (r, n) => Array.from({ length: n }, () => Math.floor(r() * 11)),
  // Tiny amounts next to huge ones (9 orders of magnitude), within ingest's ±1e15.
  "nine decades": (r, n) => Array.from({ length: n }, () => (r() < 0.5 ? -1 : 1) * Math.pow(10, -2 + 9 * r())),
};

/** Relative error, with values under 0.001 in magnitude (the histogram's zero bucket) read as 0. */
function within(have: number, want: number): boolean {
  if (Math.abs(want) < 0.001) return Math.abs(have) < 0.001;
  return Math.abs(have - want) / Math.abs(want) <= 0.01;
}

describe("value histograms", () => {
  // One tenant; each case its own event name.
  let tenant = "";
  before(async () => {
    [{ id: tenant }] = await sql<{ id: string }[]>`
      insert into vigil.tenants (name, slug) values ('Value histograms', 'values-property') returning id`;
  });
  after(async () => {
    await sql`delete from vigil.events where tenant_id = ${tenant}`;
    await sql`delete from vigil.all_rollups where tenant_id = ${tenant}`;
    await sql`delete from vigil.tenants where id = ${tenant}`;
    await sql.end();
  });

  for (const [name, draw] of Object.entries(distributions)) {
    for (const [n, seed] of [[300, 11], [20_000, 12]] as const) {
      test(`${name}, ${n} values (seed ${seed}): p50/p95/p99 within 1% of percentile_disc, sums exact`, async () => {
        const metric = `${name.replace(/\W/g, "-")}-${n}`;
        const values = draw(rng(seed), n);
        const [{ since }] = await sql<{ since: Date }[]>`select date_trunc('hour', now()) - interval '5 hours' as since`;
        // A window whose edges cut buckets: rollups inside, raw events at both ends.
        const from = new Date(since.getTime() + 7 * 60_000 + 13_000);
        const until = new Date(since.getTime() + 2 * 3_600_000 - 3 * 60_000);
        const times = values.map((_, i) => new Date(since.getTime() + Math.floor((i / n) * 7_200_000)));
        const exact = async () =>
          (await sql<{ n: string; sum: number; p50: number; p95: number; p99: number }[]>`
            select count(*) n, sum(value) sum,
                   percentile_disc(0.5) within group (order by value) p50,
                   percentile_disc(0.95) within group (order by value) p95,
                   percentile_disc(0.99) within group (order by value) p99
            from vigil.events where tenant_id = ${tenant} and name = ${metric} and occurred_at >= ${from} and occurred_at < ${until}`)[0];
        const stats = async () =>
          (await sql<{ valued: string; sum: number; p50: number; p95: number; p99: number }[]>`
            select * from vigil_api.metric_stats(${tenant}, ${from}, ${until}, 'custom', ${[metric]})`)[0];

        const answers: [string, Awaited<ReturnType<typeof stats>>][] = [];
        for (const parity of [0, 1]) {
          const pick = <T,>(xs: T[]) => xs.filter((_, i) => i % 2 === parity);
          await sql`
            insert into vigil.events (tenant_id, kind, name, occurred_at, value, success)
            select ${tenant}, 'custom', ${metric}, t, v, true
            from unnest(${pick(times).map((t) => t.toISOString())}::timestamptz[], ${pick(values)}::float8[]) u(t, v)`;
          if (parity === 0) await sql`select vigil.fold_rollups()`;
        }
        answers.push(["half rollups, half raw rows", await stats()]);
        await sql`select vigil.fold_rollups()`;
        answers.push(["merged rollups", await stats()]);

        const want = await exact();
        for (const [label, got] of answers) {
          assert.equal(Number(got.valued), Number(want.n), `${label}: count`);
          assert.ok(Math.abs(got.sum - want.sum) <= 1e-9 * Math.max(1, Math.abs(want.sum)) * n, `${label}: sum ${got.sum} vs ${want.sum}`);
          for (const q of ["p50", "p95", "p99"] as const) {
            assert.ok(within(got[q], want[q]), `${label}: ${q} ${got[q]} vs percentile_disc ${want[q]}`);
          }
        }
      });
    }
  }
});
