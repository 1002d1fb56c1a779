// `restore`: into a scratch schema (recreate, load in foreign-key order, compare with the manifest),
// or into the original tables (a safety backup first, then one transaction: truncate, load with
// triggers held, reset sequences, check every foreign key and checksum; any error rolls it all back).
// `backup drill` and `backup prune` live here too: a drill is a scratch restore that is dropped.
import { spawn } from "node:child_process";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import type postgres from "postgres";
import type { Manifest, ManifestTable } from "./files.ts";
import { PSQL } from "../stack.ts";
import { quoteIdent, quoteLiteral, runBackup } from "./run.ts";
import { backupRow, inside, type Located, readManifest, storeAt } from "./verify.ts";

export interface RestoreOptions {
  /** The connection string, for the COPY (and a restore into public's safety backup). */
  url?: string;
  /** A scratch schema, or "public" for the original tables. */
  into: string;
  tables?: string[];
  /** Tables loaded side by side into a scratch schema (1 by default). A restore into public loads in one transaction. */
  jobs?: number;
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

/**
 * COPY in through psql, for the same reason backups copy out through it: postgres.js never settles a
 * COPY FROM whose error arrives after the last row was sent, so a failed restore would hang. psql runs
 * `commands`, whose `\copy ... from pstdin` read, in order, each table's parts from its standard input.
 */
async function psqlLoad(url: string, commands: string[], where: Located, manifest: Manifest, tables: ManifestTable[], terminate: boolean) {
  const child = spawn(PSQL, ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-o", "/dev/null", "-d", url, ...commands.flatMap((c) => ["-c", c])],
    { stdio: ["pipe", "ignore", "pipe"] });
  let err = "";
  child.stderr.on("data", (c) => {
    err += c;
  });
  const closed = new Promise<number>((ok) => child.on("close", (code) => ok(code ?? 1)));
  child.stdin.on("error", () => {}); // psql stopped reading: it failed, and says why on stderr.
  try {
    for (const t of tables) {
      for (const f of manifest.files.filter((f) => f.table === t.table).sort((a, b) => a.part - b.part)) {
        const stream = await where.store.get(inside(where.prefix, f.path));
        if (!stream) throw new Error(`missing: ${f.path}`);
        await pipeline(stream, createGunzip({ chunkSize: 128 * 1024 }), child.stdin, { end: false });
      }
      // End of this table's rows: the next \copy reads the next table's.
      if (terminate) child.stdin.write("\\.\n");
    }
  } catch (e) {
    if (child.exitCode === null) child.kill();
    await closed;
    if (err.trim()) throw new Error(psqlError(err));
    throw e;
  }
  child.stdin.end();
  if ((await closed) !== 0) throw new Error(psqlError(err));
}

/** psql's ERROR line, without its prefix. */
const psqlError = (stderr: string) => (stderr.split("\n").find((l) => l.startsWith("ERROR:")) ?? stderr.trim()).replace(/^ERROR:\s+/, "");

const copyInto = (t: ManifestTable, target: string) => `\\copy ${target} (${t.columns.map((c) => quoteIdent(c.name)).join(", ")}) from pstdin`;

async function checksum(conn: postgres.Sql | postgres.ReservedSql, table: string) {
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
        const regs = `array[${tables.map((t) => quoteLiteral(t.table)).join(", ")}]::regclass[]`;
        const expected = Object.fromEntries(tables.map((t) => [t.table, { rows: t.rows, checksum: t.checksum }]));
        // One transaction: any error (a row breaking a constraint, a broken key, a checksum) rolls all of it back.
        await psqlLoad(opts.url, [
          "begin",
          // Triggers (user triggers and the foreign-key checks) are held during the load; every key is checked after.
          "set local session_replication_role = replica",
          `truncate ${tables.map((t) => t.table).join(", ")}`,
          ...tables.map((t) => copyInto(t, t.table)),
          `select vigil_api.reset_sequences(${regs})`,
          "set local session_replication_role = origin",
          `select vigil_api.check_restored(${quoteLiteral(JSON.stringify(expected))}::jsonb)`,
          "commit",
        ], where, manifest, tables, true);
        for (const t of tables) {
          const c = await checksum(conn, t.table);
          Object.assign(report[t.table], { rows: c.rows, checksum: c.checksum, matches: c.rows === t.rows && c.checksum === t.checksum });
          log(`loaded ${t.table}`);
        }
      }
    } else {
      const names = scratchNames(tables);
      if (!opts.url && !dryRun) throw new Error("a restore needs the connection string for its COPY");
      const scratchUrl = opts.url!;
      for (const t of tables) report[t.table] = { rows: 0, expected_rows: t.rows, expected_checksum: t.checksum };
      if (!dryRun) {
        const [{ taken }] = await conn<{ taken: boolean }[]>`
          select exists (select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = ${opts.into}) as taken`;
        if (taken) throw new Error(`schema ${opts.into} holds tables already: restore into an empty or new schema`);
        await conn`create schema if not exists ${conn(opts.into)}`;
        // Each table is created and loaded in one transaction: COPY FREEZE into a table created in it
        // writes its rows already frozen, so the checksum that reads them next does not rewrite every
        // page setting hint bits. Then its primary key is built once over the loaded rows (cheaper than
        // one grown row by row) while its checksum reads it: CREATE INDEX lets readers in, and the key
        // takes the finished index. Both run while the next table loads. A scratch schema has no foreign
        // keys, so the largest table goes first and the small ones load beside its key and checksum;
        // with more than one job, tables load side by side.
        const checks: Promise<void>[] = [];
        const keys = new Map<string, string>();
        for (const t of tables) {
          // <table>_pkey, as an inline key would be named, unless a long name's cut is already taken.
          let name = `${names.get(t.table)!.slice(0, 58)}_pkey`;
          if ([...keys.values()].includes(name)) name = `${names.get(t.table)!.slice(0, 50)}_${keys.size}_pkey`;
          keys.set(t.table, name);
        }
        const queue = [...tables].sort((a, b) => b.rows - a.rows);
        const loadOne = async (t: ManifestTable) => {
          const target = `${quoteIdent(opts.into)}.${quoteIdent(names.get(t.table)!)}`;
          const cols = t.columns.map((c) => `${quoteIdent(c.name)} ${c.type}${c.not_null ? " not null" : ""}`);
          await psqlLoad(scratchUrl, [
            "begin",
            `create table ${target} (${cols.join(", ")})`,
            `${copyInto(t, target)} with (freeze)`,
            "commit",
          ], where, manifest, [t], false);
          const keyed = t.primary_key ? (async () => {
            const index = quoteIdent(keys.get(t.table)!);
            await conn.unsafe(`create unique index ${index} on ${target} (${t.primary_key!.map(quoteIdent).join(", ")})`);
            await conn.unsafe(`alter table ${target} add primary key using index ${index}`);
          })() : Promise.resolve();
          const summed = checksum(sql, target).then((c) => {
            Object.assign(report[t.table], { rows: c.rows, checksum: c.checksum, matches: c.rows === t.rows && c.checksum === t.checksum });
            log(`${t.table} -> ${target}: ${c.rows} rows, ${report[t.table].matches ? "checksum matches" : "DIFFERS"}`);
          });
          const check = Promise.all([keyed, summed]).then(() => {});
          check.catch(() => {});
          checks.push(check);
        };
        await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.jobs ?? 1, queue.length)) }, async () => {
          for (let t = queue.shift(); t; t = queue.shift()) await loadOne(t);
        }));
        await Promise.all(checks);
        const differ = Object.entries(report).find(([, r]) => !r.matches);
        if (differ) error = `${differ[0]}: restored rows or checksum differ from the manifest`;
      }
    }
  } catch (err) {
    error = (err as Error).message;
  } finally {
    conn.release();
  }
  await sql`select vigil_api.finish_restore(${restoreId}, ${error === null}, ${sql.json(report as unknown as postgres.JSONValue)}, ${error})`;
  return { restoreId, ok: error === null, dryRun, report, error, safetyBackup };
}


/** The latest backup that succeeded (of a policy), restored into a scratch schema, compared, dropped and recorded. */
export async function drill(sql: postgres.Sql, opts: { url: string; policy?: string; id?: number; storeFor?: (location: string) => Located; log?: (m: string) => void }) {
  const [latest] = opts.id
    ? [{ id: String(opts.id) }]
    : await sql<{ id: string }[]>`
        select id from vigil_api.list_backups(${opts.policy ?? null}, 1000) where status = 'succeeded' order by started_at desc limit 1`;
  if (!latest) throw new Error(`no backup${opts.policy ? ` of policy ${opts.policy}` : ""} has succeeded: nothing to drill`);
  const id = Number(latest.id);
  const schema = `vigil_drill_${id}_${Date.now().toString(36)}`;
  try {
    const result = await restoreBackup(sql, id, { url: opts.url, into: schema, kind: "drill", storeFor: opts.storeFor, log: opts.log });
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
