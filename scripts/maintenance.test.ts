// Maintenance against a real database with real connections: the advisory lock seen from a second
// session, and pg_cron running vigil.run_maintenance() on its own.
// requires: a cluster of its own (pg_cron runs maintenance there, whose lock and fold horizon are cluster-wide)
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import postgres from "postgres";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is required (the test runner sets it)");

let sql: postgres.Sql;
before(() => {
  sql = postgres(url, { max: 4, onnotice: () => {} });
});
after(async () => {
  await sql.end();
});

test("a second concurrent run_maintenance returns skipped at once while the first holds the lock", async () => {
  const first = await sql.reserve();
  const second = await sql.reserve();
  try {
    await first`begin`;
    const [a] = await first<{ s: { status: string } }[]>`select vigil.run_maintenance() as s`;
    assert.notEqual(a.s.status, "skipped", "the first run works");
    // The first transaction is still open, so its transaction-level lock is held.
    const t = performance.now();
    const [b] = await second<{ s: { status: string; reason: string } }[]>`select vigil.run_maintenance() as s`;
    const waited = performance.now() - t;
    assert.equal(b.s.status, "skipped");
    assert.match(b.s.reason, /Another maintenance run holds the lock/);
    assert.ok(waited < 1000, `the second run returned at once (${waited.toFixed(0)} ms)`);
    await first`commit`;
    const [c] = await second<{ s: { status: string } }[]>`select vigil.run_maintenance() as s`;
    assert.notEqual(c.s.status, "skipped", "once the first commits, the lock is free again");
  } finally {
    await first`rollback`.catch(() => {});
    first.release();
    second.release();
  }
});

test("retention leaves a partition someone is reading, and the days after it, for the next run instead of queueing ingest behind it", async () => {
  const reader = await sql.reserve();
  try {
    await sql`select vigil._ensure_partition(((now() at time zone 'UTC')::date - d)) from generate_series(399, 400) d`;
    const [{ name, next }] = await sql<{ name: string; next: string }[]>`
      select vigil._partition_name(((now() at time zone 'UTC')::date - 400)) as name,
             vigil._partition_name(((now() at time zone 'UTC')::date - 399)) as next`;
    await reader`begin`;
    await reader`select count(*) from ${reader("vigil")}.${reader(name)}`;
    const t = performance.now();
    const [{ r }] = await sql<{ r: { busy: string[]; partitions: string[] } }[]>`select vigil.drop_expired_partitions() as r`;
    assert.ok(performance.now() - t < 5000, "it gave up within its lock timeout");
    assert.ok(r.busy.includes(name), "the partition being read is reported busy");
    assert.ok(!r.partitions.includes(name));
    // Dropping the next day would leave a gap: the oldest day left bounds what the rollups keep.
    assert.ok(!r.partitions.includes(next), "the day after it is left too, so the days kept stay unbroken");
    await reader`rollback`;
    const [{ r: again }] = await sql<{ r: { partitions: string[] } }[]>`select vigil.drop_expired_partitions() as r`;
    assert.ok(again.partitions.includes(name) && again.partitions.includes(next), "the next run drops both");
  } finally {
    await reader`rollback`.catch(() => {});
    reader.release();
  }
});

// pg_cron 1.4 (Debian's postgresql-15-cron) has no second-level schedules, so the job runs at the
// next minute boundary: this test waits up to about 75 seconds.
test("pg_cron runs the scheduled maintenance on its own", { timeout: 150_000 }, async () => {
  const [{ cron }] = await sql<{ cron: boolean }[]>`select to_regnamespace('cron') is not null as cron`;
  if (!cron) {
    await assert.rejects(sql`select vigil_api.schedule()`, /pg_cron is not installed/);
    return;
  }
  const [{ since }] = await sql<{ since: Date }[]>`select clock_timestamp() as since`;
  try {
    const [{ job }] = await sql<{ job: { job: string; schedule: string } }[]>`select vigil_api.schedule('* * * * *') as job`;
    assert.equal(job.job, "vigil-maintenance");
    let run: { id: string; started_at: Date; steps_failed: number } | undefined;
    const deadline = Date.now() + 140_000;
    while (!run && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 2000));
      [run] = await sql<{ id: string; started_at: Date; steps_failed: number }[]>`
        select id, started_at, steps_failed from vigil.maintenance_runs where started_at > ${since} order by id limit 1`;
    }
    assert.ok(run, "a heartbeat from a run nobody called appeared within its schedule");
    const [detail] = await sql<{ status: string; command: string }[]>`
      select d.status, d.command from cron.job_run_details d join cron.job j on j.jobid = d.jobid
      where j.jobname = 'vigil-maintenance' order by d.start_time desc limit 1`;
    assert.equal(detail.command, "select vigil.run_maintenance()");
    const [{ status }] = await sql<{ status: { stale: boolean; scheduled: boolean } }[]>`
      select vigil_api.maintenance_status() as status`;
    assert.equal(status.scheduled, true);
    assert.equal(status.stale, false);
  } finally {
    await sql`select vigil_api.unschedule()`;
  }
  const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from cron.job where jobname = 'vigil-maintenance'`;
  assert.equal(n, 0, "unschedule removed the job");
});
