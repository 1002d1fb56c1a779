// `restore`: into a scratch schema (recreate, load in foreign-key order, compare with the manifest),
// or into the original tables (a safety backup first, then one transaction: truncate, load with
// triggers held, reset sequences, check every foreign key and checksum; any error rolls it all back).
// `backup drill` and `backup prune` live here too: a drill is a scratch restore that is dropped.
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import type postgres from "postgres";
import type { Manifest, ManifestTable } from "./files.ts";
import { quoteIdent, runBackup } from "./run.ts";
import { backupRow, inside, type Located, readManifest, storeAt } from "./verify.ts";

export interface RestoreOptions {
  /** The connection string: a restore into public writes a safety backup first. */
  url?: string;
  /** A scratch schema, or "public" for the original tables. */
  into: string;
  tables?: string[];
  dryRun?: boolean;
  /** Restoring into public needs the backup's id again. */
  confirm?: number;
  kind?: "scratch" | "drill" | "public";
  storeFor?: (location: string) => Located;
  log?: (msg: string) => void;
}

export interface TableReport {
  rows: number;
  expected_rows: number;
  checksum?: string;
  expected_checksum: string;
  /** Rows the table holds now (dry run into public: what would be replaced). */
  current_rows?: number;
  matches?: boolean;
}

export interface RestoreResult {
  restoreId: number;
  ok: boolean;
  dryRun: boolean;
  report: Record<string, TableReport>;
  error: string | null;
  safetyBackup?: number;
}

function chosen(manifest: Manifest, tables?: string[]): ManifestTable[] {
  if (!tables || tables.length === 0) return manifest.tables;
  const picked = manifest.tables.filter((t) => tables.includes(t.table) || tables.includes(t.name) || tables.includes(`${t.schema}.${t.name}`));
  const unknown = tables.filter((n) => !picked.some((t) => t.table === n || t.name === n || `${t.schema}.${t.name}` === n));
  if (unknown.length) throw new Error(`not in the backup: ${unknown.join(", ")}`);
  return picked;
}

/** Names in a scratch schema: the table's name, or schema__name where two schemas share a name. */
function scratchNames(tables: ManifestTable[]): Map<string, string> {
  const count = new Map<string, number>();
  for (const t of tables) count.set(t.name, (count.get(t.name) ?? 0) + 1);
  return new Map(tables.map((t) => [t.table, count.get(t.name)! > 1 ? `${t.schema}__${t.name}` : t.name]));
}

async function loadTable(conn: postgres.ReservedSql, where: Located, manifest: Manifest, t: ManifestTable, target: string) {
  const columns = t.columns.map((c) => quoteIdent(c.name)).join(", ");
  for (const f of manifest.files.filter((f) => f.table === t.table).sort((a, b) => a.part - b.part)) {
    const stream = await where.store.get(inside(where.prefix, f.path));
    if (!stream) throw new Error(`missing: ${f.path}`);
    const copy = await conn.unsafe(`copy ${target} (${columns}) from stdin`).writable();
    await pipeline(stream, createGunzip(), copy);
  }
}

async function checksum(conn: postgres.ReservedSql, table: string) {
  const [c] = await conn<{ row_count: string; checksum: string }[]>`select row_count, checksum from vigil_api.table_checksum(${table}::regclass)`;
  return { rows: Number(c.row_count), checksum: c.checksum };
}

export async function restoreBackup(sql: postgres.Sql, id: number, opts: RestoreOptions): Promise<RestoreResult> {
  const log = opts.log ?? (() => {});
  const row = await backupRow(sql, id);
  if (row.status !== "succeeded") throw new Error(`backup ${id} is ${row.status}: only a backup that succeeded can be restored`);
  const intoPublic = opts.into === "public";
  if (intoPublic && opts.confirm !== id && !opts.dryRun) {
    throw new Error(`restoring into public replaces the data of every table in backup ${id}: repeat its id with --confirm ${id}`);
  }
  const kind = opts.kind ?? (intoPublic ? "public" : "scratch");
  const where = (opts.storeFor ?? storeAt)(row.location);
  const manifest = await readManifest(where);
  const tables = chosen(manifest, opts.tables);
  const dryRun = opts.dryRun ?? false;
  const [{ id: rid }] = await sql<{ id: string }[]>`
    select vigil_api.start_restore(${id}, ${kind}, ${opts.into}, ${tables.map((t) => t.table)}, ${dryRun}) as id`;
  const restoreId = Number(rid);
  const report: Record<string, TableReport> = {};
  let error: string | null = null;
  let safetyBackup: number | undefined;
  const conn = await sql.reserve();
  try {
    if (intoPublic) {
      for (const t of tables) {
        const [{ n }] = await conn<{ n: string }[]>`select count(*) as n from ${conn(t.schema)}.${conn(t.name)}`;
        report[t.table] = { rows: 0, expected_rows: t.rows, expected_checksum: t.checksum, current_rows: Number(n) };
      }
      if (!dryRun) {
        if (!opts.url) throw new Error("a restore into public needs the connection string for its safety backup");
        safetyBackup = (await runBackup(sql, {
          url: opts.url, policy: row.policy, store: where.store, jobs: 1, tables: tables.map((t) => t.table), tag: `safety-before-restore-${id}`, log,
        })).id;
        log(`safety backup ${safetyBackup} written`);
        await conn`begin`;
        // Triggers (user triggers and the foreign-key checks) are held during the load and every key is checked after.
        await conn`set local session_replication_role = replica`;
        await conn.unsafe(`truncate ${tables.map((t) => t.table).join(", ")}`);
        for (const t of tables) {
          await loadTable(conn, where, manifest, t, t.table);
          log(`loaded ${t.table}`);
        }
        const regs = tables.map((t) => t.table);
        await conn`select vigil_api.reset_sequences(${regs}::regclass[])`;
        await conn`set local session_replication_role = origin`;
        const broken = await conn<{ constraint_name: string; table_name: string; broken_rows: string }[]>`
          select * from vigil_api.foreign_key_violations(${regs}::regclass[])`;
        if (broken.length) {
          throw new Error(`foreign key ${broken[0].constraint_name} of ${broken[0].table_name} is broken by ${broken[0].broken_rows} row(s)`);
        }
        for (const t of tables) {
          const c = await checksum(conn, t.table);
          const r = report[t.table];
          Object.assign(r, { rows: c.rows, checksum: c.checksum, matches: c.rows === t.rows && c.checksum === t.checksum });
          if (c.rows !== t.rows) throw new Error(`${t.table}: ${c.rows} rows restored, the manifest says ${t.rows}`);
          if (!r.matches) throw new Error(`${t.table}: content checksum differs from the manifest`);
        }
        await conn`commit`;
      }
    } else {
      const names = scratchNames(tables);
      for (const t of tables) report[t.table] = { rows: 0, expected_rows: t.rows, expected_checksum: t.checksum };
      if (!dryRun) {
        const [{ taken }] = await conn<{ taken: boolean }[]>`
          select exists (select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = ${opts.into}) as taken`;
        if (taken) throw new Error(`schema ${opts.into} holds tables already: restore into an empty or new schema`);
        await conn`create schema if not exists ${conn(opts.into)}`;
        for (const t of tables) {
          const target = `${quoteIdent(opts.into)}.${quoteIdent(names.get(t.table)!)}`;
          const cols = t.columns.map((c) => `${quoteIdent(c.name)} ${c.type}${c.not_null ? " not null" : ""}`);
          if (t.primary_key) cols.push(`primary key (${t.primary_key.map(quoteIdent).join(", ")})`);
          await conn.unsafe(`create table ${target} (${cols.join(", ")})`);
          await loadTable(conn, where, manifest, t, target);
          const c = await checksum(conn, target);
          Object.assign(report[t.table], { rows: c.rows, checksum: c.checksum, matches: c.rows === t.rows && c.checksum === t.checksum });
          log(`${t.table} -> ${target}: ${c.rows} rows, ${report[t.table].matches ? "checksum matches" : "DIFFERS"}`);
        }
        const differ = Object.entries(report).find(([, r]) => !r.matches);
        if (differ) error = `${differ[0]}: restored rows or checksum differ from the manifest`;
      }
    }
  } catch (err) {
    await conn`rollback`.catch(() => {});
    error = (err as Error).message;
  } finally {
    conn.release();
  }
  await sql`select vigil_api.finish_restore(${restoreId}, ${error === null}, ${sql.json(report as unknown as postgres.JSONValue)}, ${error})`;
  return { restoreId, ok: error === null, dryRun, report, error, safetyBackup };
}

/** The latest backup that succeeded (of a policy), restored into a scratch schema, compared, dropped and recorded. */
export async function drill(sql: postgres.Sql, opts: { policy?: string; id?: number; storeFor?: (location: string) => Located; log?: (m: string) => void }) {
  const [latest] = opts.id
    ? [{ id: String(opts.id) }]
    : await sql<{ id: string }[]>`
        select id from vigil_api.list_backups(${opts.policy ?? null}, 1000) where status = 'succeeded' order by started_at desc limit 1`;
  if (!latest) throw new Error(`no backup${opts.policy ? ` of policy ${opts.policy}` : ""} has succeeded: nothing to drill`);
  const id = Number(latest.id);
  const schema = `vigil_drill_${id}_${Date.now().toString(36)}`;
  try {
    const result = await restoreBackup(sql, id, { into: schema, kind: "drill", storeFor: opts.storeFor, log: opts.log });
    return { backupId: id, schema, ...result };
  } finally {
    await sql`drop schema if exists ${sql(schema)} cascade`;
  }
}

/** Deletes the files of the backups prune_plan lets go, and records each as pruned. */
export async function prune(sql: postgres.Sql, opts: { policy: string; dryRun?: boolean; storeFor?: (location: string) => Located }) {
  const plan = await sql<{ backup_id: string; started_at: Date; status: string; keep: boolean; reason: string }[]>`
    select * from vigil_api.backup_prune_plan(${opts.policy})`;
  const pruned: number[] = [];
  for (const p of plan.filter((p) => !p.keep)) {
    if (opts.dryRun) continue;
    const row = await backupRow(sql, Number(p.backup_id));
    const where = (opts.storeFor ?? storeAt)(row.location);
    await where.store.remove(await where.store.list(where.prefix));
    await sql`select vigil_api.mark_backup_pruned(${Number(p.backup_id)})`;
    pruned.push(Number(p.backup_id));
  }
  return { plan, pruned };
}
