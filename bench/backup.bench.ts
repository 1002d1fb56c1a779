// Backup and restore throughput next to pg_dump --data-only --format=custom and pg_restore of the same
// tables in the same run: an events table (10M rows; 200k with --quick) and a few application tables.
// MB are the tables' size on disk, the same for both sides; peak memory is this process's RSS.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { restoreBackup } from "../scripts/lib/backup/restore.ts";
import { runBackup } from "../scripts/lib/backup/run.ts";
import { LocalStore } from "../scripts/lib/backup/store.ts";
import { PG_BIN } from "../scripts/lib/stack.ts";
import type { Bench, BenchRow } from "./run.ts";

const bench: Bench = async ({ url, sql, quick, events: sized, log }) => {
  // `--events=N` sets the size between the two: 200k rows mostly measures start-up costs, 10M takes a while.
  const events = sized ?? (quick ? 200_000 : 10_000_000);
  const customers = Math.max(1000, events / 1000);
  log(`seeding ${events.toLocaleString("en-US")} events and ${customers.toLocaleString("en-US")} customers`);
  await sql.unsafe(`
    drop schema if exists bench_app cascade;
    create schema bench_app;
    create table bench_app.customers (id bigint primary key, name text not null, email text not null, created_at timestamptz not null);
    create table bench_app.orders (id bigint primary key, customer_id bigint not null references bench_app.customers, total numeric(12,2), status text, placed_at timestamptz);
    create table bench_app.events (id bigint primary key, customer_id bigint, name text not null, occurred_at timestamptz not null,
                                   duration_ms double precision, success boolean, attributes jsonb);`);
  await sql.unsafe(`insert into bench_app.customers select i, 'Customer ' || i, 'c' || i || '@example.com', now() - i * interval '1 minute' from generate_series(1, ${customers}) i`);
  await sql.unsafe(`insert into bench_app.orders select i, 1 + i % ${customers}, (i % 997) * 1.5, (array['paid','shipped','refunded'])[1 + i % 3], now() - i * interval '1 second' from generate_series(1, ${customers * 10}) i`);
  await sql.unsafe(`insert into bench_app.events
    select i, 1 + i % ${customers}, 'op_' || lpad((i % 50)::text, 2, '0'), now() - i * interval '50 milliseconds',
           round((20 + random() * 500)::numeric, 3)::float8, random() > 0.02,
           case when i % 10 = 0 then jsonb_build_object('release', 'v' || (i % 7), 'region', 'eu') end
    from generate_series(1, ${events}) i`);
  await sql.unsafe("vacuum analyze bench_app.customers, bench_app.orders, bench_app.events");
  await sql`select vigil_api.set_backup_policy('bench', '{"schemas": ["bench_app"]}')`;
  const [{ bytes, rows }] = await sql<{ bytes: string; rows: string }[]>`
    select sum(pg_table_size(c.oid))::bigint as bytes, sum(c.reltuples)::bigint as rows
    from pg_class c where c.relnamespace = 'bench_app'::regnamespace and c.relkind = 'r'`;
  const mb = Number(bytes) / 1e6;
  const totalRows = Number(rows);
  const dir = mkdtempSync(join(tmpdir(), "vigil-backup-bench-"));
  const rowsOut: BenchRow[] = [];
  const timed = (fn: () => void) => {
    const t = performance.now();
    fn();
    return (performance.now() - t) / 1000;
  };
  const must = (cmd: string, args: string[]) => {
    const r = spawnSync(join(PG_BIN, cmd), args, { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${cmd}: ${r.stderr}`);
  };
  try {
    const dump = join(dir, "bench.dump");
    const dumpS = timed(() => must("pg_dump", ["--data-only", "--format=custom", "--schema=bench_app", "-f", dump, "-d", url]));
    log(`pg_dump: ${dumpS.toFixed(1)} s, ${(statSync(dump).size / 1e6).toFixed(1)} MB`);

    let peak = 0;
    const base = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss - base);
    }, 50);
    const store = new LocalStore(join(dir, "vigil"));
    const results: Record<number, number> = {};
    let lastId = 0;
    for (const jobs of [1, 2]) {
      const t = performance.now();
      // Verify is off here: pg_dump does not read its output back either.
      const r = await runBackup(sql, { url, policy: "bench", store, jobs, verify: false, timings: log });
      results[jobs] = (performance.now() - t) / 1000;
      lastId = r.id;
      log(`vigil backup, ${jobs} job(s): ${results[jobs].toFixed(1)} s, ${(r.manifest.files.reduce((s, f) => s + f.bytes, 0) / 1e6).toFixed(1)} MB`);
    }
    clearInterval(sampler);

    // Restores: pg_restore of the dump into emptied tables, and vigil's restore into a scratch schema.
    await sql.unsafe("truncate bench_app.events, bench_app.orders, bench_app.customers");
    const pgRestoreS = timed(() => must("pg_restore", ["--data-only", "-d", url, dump]));
    log(`pg_restore: ${pgRestoreS.toFixed(1)} s`);
    const restores: Record<number, number> = {};
    for (const jobs of [1, 2]) {
      const t = performance.now();
      const restored = await restoreBackup(sql, lastId, { url, into: "bench_restored", jobs });
      restores[jobs] = (performance.now() - t) / 1000;
      if (!restored.ok) throw new Error(`restore failed: ${restored.error}`);
      log(`vigil restore into a scratch schema (with checksums), ${jobs} job(s): ${restores[jobs].toFixed(1)} s`);
      await sql.unsafe("drop schema bench_restored cascade");
    }

    const dumpMbs = mb / dumpS;
    for (const jobs of [1, 2]) {
      const mbs = mb / results[jobs];
      rowsOut.push({ bench: "backup", case: `backup MB/s, ${jobs} job${jobs > 1 ? "s" : ""}`, value: mbs, unit: "MB/s",
        baseline: { case: "pg_dump -Fc --data-only", value: dumpMbs }, ratio: mbs / dumpMbs,
        target: jobs === 1 ? "≥ 0.8× pg_dump" : "more than 1 job" });
      rowsOut.push({ bench: "backup", case: `backup rows/s, ${jobs} job${jobs > 1 ? "s" : ""}`, value: totalRows / results[jobs], unit: "rows/s",
        baseline: { case: "pg_dump -Fc --data-only", value: totalRows / dumpS }, ratio: dumpS / results[jobs] });
    }
    for (const jobs of [1, 2]) {
      rowsOut.push({ bench: "backup", case: `restore into a scratch schema MB/s, ${jobs} job${jobs > 1 ? "s" : ""}`, value: mb / restores[jobs], unit: "MB/s",
        baseline: { case: "pg_restore --data-only", value: mb / pgRestoreS }, ratio: pgRestoreS / restores[jobs],
        note: "vigil's restore also creates the tables and compares every checksum; it builds their keys after the load, " +
          "where pg_restore --data-only loads into tables that have theirs (and checks the orders' foreign key row by row)" });
    }
    rowsOut.push({ bench: "backup", case: "peak RSS growth during backups", value: peak / 1e6, unit: "MB",
      note: `streaming: ${mb.toFixed(0)} MB of tables, parts of at most 256 MB of rows` });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rowsOut;
};

export default bench;
