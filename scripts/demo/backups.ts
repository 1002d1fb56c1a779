// Demo section: a backup of the demo's own tables, its verify, and a restore drill, with their output.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type postgres from "postgres";
import { drill } from "../lib/backup/restore.ts";
import { runBackup } from "../lib/backup/run.ts";
import { LocalStore } from "../lib/backup/store.ts";
import { verifyBackup } from "../lib/backup/verify.ts";

/** The connection string of a postgres.js client, for the psql COPY processes. */
function urlOf(sql: postgres.Sql): string {
  const o = sql.options as unknown as { host: string[]; port: number[]; user: string; pass: string | null; database: string };
  const auth = o.pass ? `${encodeURIComponent(o.user)}:${encodeURIComponent(o.pass)}` : encodeURIComponent(o.user);
  return `postgresql://${auth}@${o.host[0]}:${o.port[0]}/${o.database}`;
}

export default async function (sql: postgres.Sql): Promise<void> {
  console.log("\n== Backups ==");
  const url = urlOf(sql);
  await sql.unsafe(`
    create schema if not exists demo_shop;
    create table if not exists demo_shop.customers (id bigint primary key, name text not null);
    create table if not exists demo_shop.orders (id bigint primary key, customer_id bigint not null references demo_shop.customers, total numeric);
    truncate demo_shop.orders, demo_shop.customers;
    insert into demo_shop.customers select i, 'Customer ' || i from generate_series(1, 500) i;
    insert into demo_shop.orders select i, 1 + i % 500, i * 1.25 from generate_series(1, 20000) i;`);
  await sql`select vigil_api.set_backup_policy('demo', '{"schemas": ["demo_shop"]}')`;
  const dir = await mkdtemp(join(tmpdir(), "vigil-demo-backups-"));
  try {
    const b = await runBackup(sql, { url, policy: "demo", store: new LocalStore(dir), jobs: 2, verify: false });
    console.log(`backup run --policy demo --jobs 2: backup ${b.id}, ${b.manifest.tables.length} tables in foreign-key order ` +
      `(${b.manifest.tables.map((t) => `${t.table} ${t.rows} rows`).join(", ")}), ${b.manifest.files.length} files, snapshot ${b.manifest.snapshot}`);
    const v = await verifyBackup(sql, b.id);
    console.log(`backup verify ${b.id}: ${v.ok ? `ok, ${v.files} files, every sha256 and row count matches` : `FAILED: ${v.error}`}`);
    const d = await drill(sql, { url, id: b.id });
    console.log(`backup drill: restored backup ${d.backupId} into ${d.schema.replace(/_[a-z0-9]+$/, "_…")}, ` +
      `${Object.values(d.report).filter((r) => r.matches).length} of ${Object.keys(d.report).length} tables match the manifest, dropped`);
    const [s] = await sql<{ policy: string; age_hours: string; last_verify_ok: boolean; last_drill_ok: boolean; overdue: boolean }[]>`
      select policy, age_hours, last_verify_ok, last_drill_ok, overdue from vigil_api.backup_status() where policy = 'demo'`;
    console.log(`backup_status(): policy ${s.policy}, last verified backup ${s.age_hours} h old, verify ok ${s.last_verify_ok}, ` +
      `drill ok ${s.last_drill_ok}, overdue ${s.overdue}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
