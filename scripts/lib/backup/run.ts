// `backup run`: every table of a policy read at one moment. One repeatable-read, read-only
// transaction exports its snapshot; N workers join it and COPY tables out in primary-key order into
// compressed parts; each table's rows and order-free checksum are taken inside the same snapshot; the
// manifest is written last, and the run is recorded (and verified) through the SQL API.
import { createHash } from "node:crypto";
import { mkdtemp, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { spawn } from "node:child_process";
import { join, resolve } from "node:path";
import type { Readable } from "node:stream";
import type postgres from "postgres";
import { MANIFEST, type Manifest, type ManifestFile, type ManifestTable, writeParts } from "./files.ts";
import { PSQL } from "../stack.ts";
import { Progress } from "./progress.ts";
import { LocalStore, type Store } from "./store.ts";
import { verifyBackup } from "./verify.ts";

export interface PlanRow {
  ordinal: number;
  table_name: string;
  schema_name: string;
  relation_name: string;
  depth: number;
  primary_key: string[] | null;
  columns: { name: string; type: string; not_null: boolean }[];
  parents: string[];
  estimated_rows: string | null;
  estimated_bytes: string | null;
}

export interface RunOptions {
  /** The connection string, for the COPY processes. */
  url: string;
  policy: string;
  store: Store;
  jobs: number;
  /**
   * gzip level of the parts (1 fastest .. 9 smallest; 1 by default: it takes a quarter less CPU than 3
   * for parts about 5% larger, and CPU is what a backup beside a busy database is short of).
   */
  level?: number;
  /** Only these tables of the policy (the safety backup before a restore into public). */
  tables?: string[];
  /**
   * Each worker joins the exported snapshot (the default). Off, each reads in its own transaction,
   * at its own moment: the inconsistency the shared snapshot prevents (tests show it can happen).
   */
  sharedSnapshot?: boolean;
  /** Download and check every file after writing (the default): freshness counts verified backups only. */
  verify?: boolean;
  /** With more than one job, a table of at least this many bytes with a one-column key is read in key ranges (8 MB). */
  cutBytes?: number;
  /** Tag in the folder name (a safety backup before a restore). */
  tag?: string;
  log?: (msg: string) => void;
  /** Where each table's checksum and COPY durations go (the benchmark's log). */
  timings?: (msg: string) => void;
  progress?: boolean;
}

export interface RunResult {
  id: number;
  location: string;
  manifest: Manifest;
  seconds: number;
  verified: boolean | null;
}

// Milliseconds too: two runs of one policy in the same second (a safety backup, a test) get two folders.
const stamp = (d: Date) => d.toISOString().replace(/[:.]/g, "-");

/** Where a backup's files are: the store and the folder inside it. */
export function locate(store: Store, prefix: string) {
  return store.kind === "local" ? join(store.where, prefix) : `${store.where}/${prefix}`;
}

export async function runBackup(sql: postgres.Sql, opts: RunOptions): Promise<RunResult> {
  const log = opts.log ?? (() => {});
  const timings = opts.timings;
  const started = performance.now();
  const plan = (await sql<PlanRow[]>`select * from vigil_api.backup_plan(${opts.policy})`)
    .filter((t) => !opts.tables || opts.tables.includes(t.table_name));
  if (plan.length === 0) throw new Error(`policy ${opts.policy} selects no table`);
  const [{ now }] = await sql<{ now: Date }[]>`select now()`;
  const prefix = `${opts.policy}/${stamp(now)}${opts.tag ? `-${opts.tag}` : ""}`;
  const location = locate(opts.store, prefix);
  const [{ id: rawId }] = await sql<{ id: string }[]>`
    select vigil_api.start_backup(${opts.policy}, ${opts.store.kind}, ${location}) as id`;
  const id = Number(rawId);
  // Local parts go straight to their folder; Storage parts are staged in a temporary one and uploaded when done.
  const staging = opts.store.kind === "local" ? null : await mkdtemp(join(tmpdir(), "vigil-backup-"));
  const stageDir = staging ?? resolve(opts.store.where, prefix);
  const leader = await sql.reserve();
  const workers: postgres.ReservedSql[] = [];
  const ready = new Map<postgres.ReservedSql, Copier>();
  const snapshots = new Map<postgres.ReservedSql, string>();
  const shared = opts.sharedSnapshot !== false;
  try {
    await leader`begin isolation level repeatable read read only`;
    const [{ snapshot }] = await leader<{ snapshot: string }[]>`select pg_export_snapshot() as snapshot`;
    const [{ version }] = await leader<{ version: string }[]>`select current_setting('server_version') as version`;
    const [{ recorded }] = await leader<{ recorded: boolean }[]>`
      select to_regclass('supabase_migrations.schema_migrations') is not null as recorded`;
    const migration = recorded
      ? (await leader<{ v: string | null }[]>`select max(version) as v from supabase_migrations.schema_migrations`)[0].v
      : null;
    const warnings = plan.filter((t) => !t.primary_key).map((t) => `${t.table_name} has no primary key: backed up in no particular order`);
    for (const w of warnings) log(`warning: ${w}`);

    const [{ part_bytes: policyPartBytes }] = await leader<{ part_bytes: string }[]>`
      select part_bytes from vigil.backup_policies where name = ${opts.policy}`;
    const progress = new Progress(opts.progress ?? false);
    // Largest first, so the last table to finish is a small one. A large table with a one-column key is
    // cut into key ranges, one per job, read side by side in the same snapshot: without that one events
    // table of millions of rows leaves every job but one idle. Each range is its own COPY into its own parts.
    const pieces: Piece[] = [];
    for (const t of [...plan].sort((a, b) => Number(b.estimated_bytes ?? 0) - Number(a.estimated_bytes ?? 0))) {
      const bounds = shared && opts.jobs > 1 ? await keyBounds(leader, t, opts.jobs, opts.cutBytes ?? CUT_BYTES) : [];
      const ranges = [null, ...bounds].map((lo, i) => ({ lo, hi: bounds[i] ?? null }));
      const table: TableWork = { t, left: ranges.length, parts: ranges.map(() => []), sum: null, began: 0 };
      ranges.forEach((r, i) => pieces.push({ table, index: i, ...r }));
    }
    const jobs = Math.max(1, Math.min(opts.jobs, pieces.length));
    for (let i = 0; i < jobs; i++) {
      const w = await sql.reserve();
      workers.push(w);
      if (shared) {
        await w`begin isolation level repeatable read read only`;
        await w.unsafe(`set transaction snapshot '${snapshot}'`);
        snapshots.set(w, snapshot);
      }
    }
    const tables = new Map<string, ManifestTable>();
    const files: ManifestFile[] = [];
    const finish = async (work: TableWork) => {
      const { t, began } = work;
      const sum = await work.sum!;
      // The ranges' parts, in key order, numbered 1..n: a restore reads a cut table like any other.
      const dir = `${t.schema_name}.${t.relation_name}`;
      const parts = work.parts.flat();
      const rows = parts.reduce((s, p) => s + p.rows, 0);
      timings?.(`${t.table_name}: ${rows} rows in ${work.parts.length} range(s), checksum ${((sum.at - began) / 1000).toFixed(2)} s, ` +
        `copy ${((performance.now() - began) / 1000).toFixed(2)} s, side by side`);
      if (rows !== Number(sum.row_count)) {
        throw new Error(`${t.table_name}: COPY wrote ${rows} rows but the snapshot holds ${sum.row_count}`);
      }
      for (const [i, p] of parts.entries()) {
        const path = `${dir}/${partName(i + 1)}`;
        const file = join(stageDir, path);
        if (p.file !== file) await rename(p.file, file);
        if (staging) {
          await opts.store.put(`${prefix}/${path}`, file);
          await rm(file, { force: true });
        }
        files.push({ path, table: t.table_name, part: i + 1, rows: p.rows, bytes: p.bytes, sha256: p.sha256 });
      }
      tables.set(t.table_name, {
        table: t.table_name, schema: t.schema_name, name: t.relation_name, depth: t.depth, primary_key: t.primary_key,
        columns: t.columns, parents: t.parents, rows, checksum: sum.checksum,
      });
    };
    const copyOne = async (w: postgres.ReservedSql, piece: Piece) => {
      const { table: work } = piece;
      const { t } = work;
      if (!shared) {
        // A transaction per table, each at its own moment: its checksum and its COPY agree, the tables need not.
        await w`begin isolation level repeatable read read only`;
        snapshots.set(w, (await w<{ s: string }[]>`select pg_export_snapshot() as s`)[0].s);
      }
      work.began ||= performance.now();
      // The checksum runs on the worker's connection while psql's own connection, in the same snapshot,
      // streams the rows: two scans at once, so the checksum costs no time of its own where cores allow.
      // A cut table's checksum is taken once, by the job that reads its first range.
      if (piece.index === 0) {
        work.sum = w<{ row_count: string; checksum: string }[]>`
          select row_count, checksum from vigil_api.table_checksum(${t.table_name}::regclass)`.then((r) => ({ ...r[0], at: performance.now() }));
        work.sum.catch(() => {});
      }
      const key = t.primary_key?.map((c) => quoteIdent(c)).join(", ");
      const type = t.primary_key && t.columns.find((c) => c.name === t.primary_key![0])?.type;
      const where = [piece.lo === null ? null : `${key} >= ${quoteLiteral(piece.lo)}::${type}`,
                     piece.hi === null ? null : `${key} < ${quoteLiteral(piece.hi)}::${type}`].filter(Boolean);
      const query = `select * from ${t.table_name}${where.length ? ` where ${where.join(" and ")}` : ""}${key ? ` order by ${key}` : ""}`;
      // Shared snapshot: the next piece's copier connects while this one streams. (Without it, each
      // table exports its own snapshot when it starts, so no copier can be made ready in advance.)
      const copier = ready.get(w) ?? startCopier(opts.url, snapshots.get(w)!);
      ready.delete(w);
      if (shared && pieces.length > 0) ready.set(w, startCopier(opts.url, snapshots.get(w)!));
      const copy = copier.copy(query);
      const dir = `${t.schema_name}.${t.relation_name}`;
      const bar = progress.add(work.parts.length > 1 ? `${t.table_name} ${piece.index + 1}/${work.parts.length}` : t.table_name,
        Number(t.estimated_bytes ?? 0) / work.parts.length);
      // A range's parts get their final numbers once every range of the table is written.
      const fileOf = work.parts.length > 1
        ? (n: number) => join(stageDir, dir, `range-${piece.index + 1}-${partName(n)}`)
        : (n: number) => join(stageDir, dir, partName(n));
      work.parts[piece.index] = await writeParts(copy.stream, {
        partBytes: Number(policyPartBytes),
        level: opts.level ?? DEFAULT_LEVEL,
        fileOf,
        onBytes: (n) => bar.advance(n),
      });
      await copy.done;
      bar.done();
      if (--work.left === 0) {
        await finish(work);
        if (!shared) await w`commit`;
      }
    };
    await Promise.all(workers.map(async (w) => {
      for (let p = pieces.shift(); p; p = pieces.shift()) await copyOne(w, p);
    }));
    progress.end();
    if (shared) for (const w of workers) await w`commit`;
    await leader`commit`;

    const ordered = plan.map((t) => tables.get(t.table_name)!);
    const manifest: Manifest = {
      format: "vigil-backup/1",
      backup_id: id,
      policy: opts.policy,
      started_at: now.toISOString(),
      finished_at: new Date().toISOString(),
      snapshot,
      server_version: version,
      migration,
      schema_hash: createHash("sha256").update(JSON.stringify(ordered.map((t) => [t.table, t.columns, t.primary_key, t.parents]))).digest("hex"),
      warnings,
      tables: ordered,
      files: files.sort((a, b) => a.path.localeCompare(b.path)),
    };
    // Written last: a folder without a manifest is a backup that did not finish.
    const manifestFile = join(stageDir, MANIFEST);
    const { writeFile } = await import("node:fs/promises");
    await writeFile(manifestFile, JSON.stringify(manifest, null, 2) + "\n");
    if (staging) await opts.store.put(`${prefix}/${MANIFEST}`, manifestFile);
    await sql`select vigil_api.finish_backup(${id}, ${sql.json(manifest as unknown as postgres.JSONValue)})`;
    let verified: boolean | null = null;
    if (opts.verify !== false) {
      const v = await verifyBackup(sql, id, { storeFor: () => ({ store: opts.store, prefix }) });
      verified = v.ok;
      if (!v.ok) throw new Error(`backup ${id} was written but its verify failed: ${v.error}`);
    }
    return { id, location, manifest, seconds: (performance.now() - started) / 1000, verified };
  } catch (err) {
    for (const w of workers) await w`rollback`.catch(() => {});
    await leader`rollback`.catch(() => {});
    const message = err instanceof Error ? err.message : String(err);
    await sql`select status from vigil.backups where id = ${id}`.then(async ([b]) => {
      if (b?.status === "running") await sql`select vigil_api.finish_backup(${id}, null, ${message})`;
    }).catch(() => {});
    throw err;
  } finally {
    for (const c of ready.values()) c.close();
    for (const w of workers) w.release();
    leader.release();
    if (staging) await rm(staging, { recursive: true, force: true });
  }
}

/**
 * COPY out through psql, which streams at the server's pace: postgres.js hands over one buffer per row
 * and can leave its socket paused after a COPY ends, so the next query on that connection never runs.
 * psql joins the snapshot first; its other output goes to /dev/null, the rows to its own stdout.
 *
 * A copier is started before its query is known: psql connects and joins the snapshot, then waits on
 * its standard input for the COPY. Each job keeps one such copier ready while it copies, so a new
 * connection (a third of a second on a busy machine, as much as copying a small table) is made while
 * the previous table streams rather than before the next one.
 */
interface Copier {
  copy(query: string): { stream: Readable; done: Promise<void> };
  /** Ends an unused copier: psql reads the end of its input and quits. */
  close(): void;
}

function startCopier(url: string, snapshot: string): Copier {
  const child = spawn(PSQL, ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-o", "/dev/null", "-d", url], { stdio: ["pipe", "pipe", "pipe"] });
  let err = "";
  child.stderr.on("data", (c) => {
    err += c;
  });
  child.stdin.on("error", () => {}); // psql stopped reading: it failed, and says why on stderr.
  const done = new Promise<void>((ok, fail) => {
    child.on("error", fail);
    child.on("close", (code) => (code === 0 ? ok() : fail(new Error(`COPY failed: ${err.trim() || `psql exited ${code}`}`))));
  });
  done.catch(() => {});
  child.stdin.write(`begin transaction isolation level repeatable read read only;\nset transaction snapshot '${snapshot}';\n`);
  return {
    copy(query) {
      child.stdin.end(`\\copy (${query.replace(/\n/g, " ")}) to pstdout\ncommit;\n`);
      return { stream: child.stdout, done };
    },
    close() {
      child.stdin.end();
    },
  };
}

export const DEFAULT_LEVEL = 1;

const partName = (n: number) => `part-${String(n).padStart(5, "0")}.copy.gz`;

/** A table being copied: its ranges' parts, how many ranges are still being read, and its checksum. */
interface TableWork {
  t: PlanRow;
  left: number;
  parts: Awaited<ReturnType<typeof writeParts>>[];
  sum: Promise<{ row_count: string; checksum: string; at: number }> | null;
  /** When its first range began. */
  began: number;
}

/** One COPY: a whole table, or the rows of a cut table whose key is at least lo and below hi. */
interface Piece {
  table: TableWork;
  index: number;
  lo: string | null;
  hi: string | null;
}

// Below this a table is read whole: a range's own psql and connection cost about as much as what it saves.
const CUT_BYTES = 8 * 1024 * 1024;

/**
 * Where to cut a large table with a one-column primary key into `jobs` ranges of about equal rows: key
 * values at even quantiles of a sample of its pages, read in the backup's snapshot. Any cut points
 * give ranges that hold every row exactly once; a sample only makes them even. None for a small table.
 */
async function keyBounds(leader: postgres.ReservedSql, t: PlanRow, jobs: number, cutBytes: number): Promise<string[]> {
  if (t.primary_key?.length !== 1 || Number(t.estimated_bytes ?? 0) < cutBytes) return [];
  const rows = Math.max(Number(t.estimated_rows ?? 0), 1);
  // About 30,000 sampled rows, whatever the table's size.
  const percent = Math.min(100, Math.max(0.01, (100 * 30_000) / rows));
  const quantiles = Array.from({ length: jobs - 1 }, (_, i) => (i + 1) / jobs);
  // Cutting only saves time: where the sample fails, the table is read whole, and the savepoint keeps
  // the leader's transaction (whose snapshot every job shares) alive.
  await leader`savepoint vigil_cut`;
  try {
    const [{ bounds }] = await leader.unsafe<{ bounds: string[] | null }[]>(
      `select (percentile_disc($1::float8[]) within group (order by ${quoteIdent(t.primary_key[0])}))::text[] as bounds
       from ${t.table_name} tablesample system (${percent})`, [quantiles]);
    await leader`release savepoint vigil_cut`;
    return [...new Set((bounds ?? []).filter((b): b is string => b !== null))];
  } catch {
    await leader`rollback to savepoint vigil_cut`;
    return [];
  }
}

export const quoteLiteral = (text: string) => `'${text.replace(/'/g, "''")}'`;

export function quoteIdent(name: string) {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A local folder store by default: ./backups. */
export const defaultStore = () => new LocalStore("backups");
