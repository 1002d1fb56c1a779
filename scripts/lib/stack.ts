// The local stack: a private PostgreSQL 15 cluster in .vigil/<name>, made to look like a Supabase database.
import { spawn, spawnSync, type SpawnSyncOptions } from "node:child_process";
import { createHash } from "node:crypto";
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const PG_BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";
/** psql itself where PG_BIN has it: Debian's `psql` is a Perl wrapper that costs a Perl start per call. */
export const PSQL = existsSync(join(PG_BIN, "psql")) ? join(PG_BIN, "psql") : "psql";
const SUPERUSER = "supabase_admin";
const BASE_SQL = join(ROOT, "scripts", "lib", "supabase-base.sql");
export const MIGRATIONS = join(ROOT, "supabase", "migrations");

export interface Stack {
  name: string;
  dir: string;
  port: number;
  /** The role migrations, tests and apps use: `postgres`, not a superuser, as on Supabase. */
  url: string;
  /** The superuser, for what Supabase's image does before any migration runs. */
  adminUrl: string;
}

const log = (msg: string) => console.log(`[stack] ${msg}`);

// PostgreSQL refuses to run as root, so a root user runs the server as the Debian `postgres` user.
const asRoot = userInfo().uid === 0;

function run(cmd: string, args: string[], opts: SpawnSyncOptions = {}) {
  const [c, a] = asRoot && cmd.startsWith(PG_BIN) ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args];
  const r = spawnSync(c, a, { encoding: "utf8", ...opts });
  if (r.error) throw r.error;
  return r;
}

function must(cmd: string, args: string[], opts: SpawnSyncOptions = {}) {
  const r = run(cmd, args, opts);
  if (r.status !== 0) {
    throw new Error(`${cmd.split("/").pop()} ${args.join(" ")} failed:\n${r.stderr || r.stdout}`);
  }
  return r;
}

export function stackDir(name: string) {
  return join(ROOT, ".vigil", name);
}

// Unix socket paths are limited to about 100 bytes; a deep checkout falls back to a short temp path.
function socketDir(dir: string) {
  const own = join(dir, "run");
  if (own.length < 90) return own;
  return join(tmpdir(), `vigil-${createHash("sha1").update(dir).digest("hex").slice(0, 12)}`);
}

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === "object" && addr ? addr.port : 0));
    });
  });
}

function urls(port: number) {
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    adminUrl: `postgresql://${SUPERUSER}@127.0.0.1:${port}/postgres`,
  };
}

export function isRunning(name: string): boolean {
  const data = join(stackDir(name), "data");
  if (!existsSync(join(data, "PG_VERSION"))) return false;
  return run(join(PG_BIN, "pg_ctl"), ["status", "-D", data]).status === 0;
}

export function stackInfo(name: string): Stack | undefined {
  const dir = stackDir(name);
  const portFile = join(dir, "port");
  if (!existsSync(portFile) || !isRunning(name)) return undefined;
  const port = Number(readFileSync(portFile, "utf8").trim());
  return { name, dir, port, ...urls(port) };
}

export interface UpOptions {
  /** Throwaway clusters skip fsync: a crash loses nothing anyone wants back. */
  durable?: boolean;
  quiet?: boolean;
  /** Lay the Supabase base but apply no migration (tests that apply them one at a time). */
  bare?: boolean;
}

/** Starts (creating if needed) the cluster, lays the Supabase base on it and applies the migrations. */
export async function up(name = "local", opts: UpOptions = {}): Promise<Stack> {
  const running = stackInfo(name);
  if (running) {
    if (!opts.bare) migrate(running.url, opts);
    return running;
  }
  const dir = stackDir(name);
  const data = join(dir, "data");
  const sock = socketDir(dir);
  mkdirSync(dir, { recursive: true });
  mkdirSync(sock, { recursive: true });
  if (asRoot) {
    const { uid, gid } = pgUser();
    chownSync(sock, uid, gid);
  }
  if (!existsSync(join(data, "PG_VERSION"))) {
    if (!opts.quiet) log(`creating a PostgreSQL 15 cluster in ${join(".vigil", name)}`);
    mkdirSync(data, { recursive: true });
    if (asRoot) {
      const { uid, gid } = pgUser();
      chownSync(data, uid, gid);
    }
    must(join(PG_BIN, "initdb"), ["-D", data, "-U", SUPERUSER, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]);
  }
  const stack = await start(name, opts);
  if (!opts.quiet) log(`PostgreSQL 15 is up on 127.0.0.1:${stack.port} (socket ${sock})`);
  const base = psqlFile(stack.adminUrl, BASE_SQL);
  if (base.status !== 0) throw new Error(`laying the Supabase base failed:\n${base.stderr}`);
  if (!opts.bare) migrate(stack.url, opts);
  return stack;
}

/** Starts the cluster already in .vigil/<name>/data on a free port, without laying the base or migrating. */
export async function start(name: string, opts: UpOptions = {}): Promise<Stack> {
  const dir = stackDir(name);
  const data = join(dir, "data");
  const sock = socketDir(dir);
  mkdirSync(sock, { recursive: true });
  if (asRoot) {
    const { uid, gid } = pgUser();
    chownSync(sock, uid, gid);
  }
  const port = await freePort();
  writeFileSync(join(dir, "port"), String(port));
  const settings = [
    `port=${port}`,
    `listen_addresses='127.0.0.1'`,
    `unix_socket_directories='${sock}'`,
    `shared_preload_libraries='pg_cron,pg_stat_statements'`,
    `cron.database_name='postgres'`,
    `cron.use_background_workers=on`,
    `max_worker_processes=20`,
    `shared_buffers=256MB`,
    `work_mem=64MB`,
    `max_connections=200`,
    opts.durable === false ? `fsync=off` : `fsync=on`,
    opts.durable === false ? `synchronous_commit=off` : `synchronous_commit=on`,
  ];
  const o = settings.map((s) => `-c ${s}`).join(" ");
  const logFile = join(data, "server.log");
  // Not spawnSync: the test runner starts several copies at once.
  const [cmd, args] = asRoot ? ["runuser", ["-u", "postgres", "--", join(PG_BIN, "pg_ctl")]] : [join(PG_BIN, "pg_ctl"), []];
  const r = await new Promise<{ code: number | null; out: string }>((resolve, reject) => {
    const child = spawn(cmd, [...args, "start", "-w", "-t", "60", "-D", data, "-l", logFile, "-o", o]);
    let out = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (out += c));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out }));
  });
  if (r.code !== 0) throw new Error(`pg_ctl start -D ${data} failed:\n${r.out}`);
  return { name, dir, port, ...urls(port) };
}

/** Copies the data of the stopped cluster `from` into a new cluster `to` (the test runner's copies of one migrated cluster). */
export function clone(from: string, to: string) {
  mkdirSync(stackDir(to), { recursive: true });
  must("cp", ["-a", join(stackDir(from), "data"), join(stackDir(to), "data")]);
  rmSync(join(stackDir(to), "data", "server.log"), { force: true });
}

function pgUser() {
  const r = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
  const g = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error("the Debian `postgres` user is missing: is postgresql-15 installed?");
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

export function down(name = "local", opts: { quiet?: boolean; immediate?: boolean } = {}) {
  const data = join(stackDir(name), "data");
  if (!isRunning(name)) {
    if (!opts.quiet) log(`${name} is not running`);
    return;
  }
  must(join(PG_BIN, "pg_ctl"), ["stop", "-w", "-m", opts.immediate ? "immediate" : "fast", "-D", data]);
  if (!opts.quiet) log(`${name} stopped`);
}

/** Stops the cluster (at once, when `immediate`: nothing in a throwaway one is worth a clean shutdown) and removes it. */
export function destroy(name: string, opts: { immediate?: boolean } = {}) {
  down(name, { quiet: true, immediate: opts.immediate });
  rmSync(stackDir(name), { recursive: true, force: true });
}

export async function reset(name = "local") {
  destroy(name);
  return await up(name);
}

export function psqlFile(url: string, file: string, extra: string[] = []) {
  return spawnSync(PSQL, ["-X", "-q", "-v", "ON_ERROR_STOP=1", ...extra, "-d", url, "-f", file], {
    encoding: "utf8",
    env: { ...process.env, PGOPTIONS: "--client-min-messages=warning" },
  });
}

export function migrationFiles(): string[] {
  return readdirSync(MIGRATIONS).filter((f) => /^\d+_.+\.sql$/.test(f)).sort();
}

/**
 * One psql script applying these migration files in order, each in its own transaction together
 * with its ledger row (so a failing file leaves neither), stopping at the first error. One session
 * instead of one psql per file: the files are small and a psql start is not.
 */
export function migrationScript(files: string[]): string {
  const lines = ["\\set ON_ERROR_STOP 1"];
  for (const file of files) {
    const [version, ...rest] = file.replace(/\.sql$/, "").split("_");
    const name = rest.join("_");
    if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`migration ${file}: use letters, digits and _ in its name`);
    lines.push("begin;", `\\i '${join(MIGRATIONS, file).replace(/'/g, "''")}'`,
      `insert into supabase_migrations.schema_migrations (version, name) values ('${version}', '${name}') on conflict do nothing;`,
      "commit;");
  }
  return lines.join("\n") + "\n";
}

/** The migration file named by a psql error (`psql:/path/20261123000400_events.sql:72: ERROR: ...`). */
export function failedMigration(stderr: string): string {
  const m = stderr.match(/psql:(?:[^:\n]*\/)?(\d+_[^/:\n]+\.sql):\d+:/);
  return m ? m[1] : "a migration";
}

/**
 * Applies the migrations not yet recorded in supabase_migrations.schema_migrations (up to and
 * including `upTo` when given), each in one transaction together with its ledger row, stopping at
 * the first failure with the file and error.
 */
export function migrate(url: string, opts: { quiet?: boolean; upTo?: string } = {}) {
  const ensure = spawnSync(PSQL, ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c",
    "create schema if not exists supabase_migrations; create table if not exists supabase_migrations.schema_migrations (version text primary key, statements text[], name text)"],
    { encoding: "utf8", env: { ...process.env, PGOPTIONS: "--client-min-messages=warning" } });
  if (ensure.status !== 0) throw new Error(`cannot reach the database: ${ensure.stderr}`);
  const done = spawnSync(PSQL, ["-X", "-At", "-d", url, "-c", "select version from supabase_migrations.schema_migrations"], { encoding: "utf8" });
  const applied = new Set(done.stdout.split("\n").filter(Boolean));
  const pending = migrationFiles()
    .filter((f) => !applied.has(f.split("_")[0]))
    .filter((f) => opts.upTo === undefined || f <= opts.upTo);
  if (pending.length) {
    const r = spawnSync(PSQL, ["-X", "-q", "-d", url, "-f", "-"], {
      input: migrationScript(pending),
      encoding: "utf8",
      env: { ...process.env, PGOPTIONS: "--client-min-messages=warning" },
    });
    if (r.status !== 0) {
      const err = (r.stderr || r.stdout).trim();
      throw new Error(`migration ${failedMigration(err)} failed:\n${err}`);
    }
  }
  if (!opts.quiet) log(pending.length ? `applied ${pending.length} migration(s)` : "migrations are up to date");
}
