// The local stack: a private PostgreSQL cluster (15, or 17 for the second test lane) in .vigil/<name>,
// made to look like a Supabase database.
import { spawn, spawnSync, type SpawnSyncOptions } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chownSync, existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SUPERUSER = "supabase_admin";
const BASE_SQL = join(ROOT, "scripts", "lib", "supabase-base.sql");
export const MIGRATIONS = join(ROOT, "supabase", "migrations");

/** The PostgreSQL server binaries a stack runs on, and the libraries it preloads. */
export interface Server {
  major: number;
  bin: string;
  /** shared_preload_libraries; pg_cron only where the server has it. */
  preload: string[];
}

/** Debian's PostgreSQL 15 with pg_cron: what Supabase's image gives, from the machine's own packages. */
export const PG15: Server = {
  major: 15,
  bin: process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin",
  preload: ["pg_cron", "pg_stat_statements"],
};

/** Where PostgreSQL 15's own client programs are: psql and pg_dump themselves, not Debian's Perl wrappers. */
export const PG_BIN = PG15.bin;
/** psql itself where PG_BIN has it: Debian's `psql` is a Perl wrapper that costs a Perl start per call. */
export const PSQL = existsSync(join(PG_BIN, "psql")) ? join(PG_BIN, "psql") : "psql";

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

function run(cmd: string, args: string[], opts: SpawnSyncOptions & { server?: Server } = {}) {
  const [c, a] = asRoot && opts.server ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args];
  const r = spawnSync(c, a, { encoding: "utf8", ...opts });
  if (r.error) throw r.error;
  return r;
}

function must(cmd: string, args: string[], opts: SpawnSyncOptions & { server?: Server } = {}) {
  const r = run(cmd, args, opts);
  if (r.status !== 0) {
    throw new Error(`${cmd.split("/").pop()} ${args.join(" ")} failed:\n${r.stderr || r.stdout}`);
  }
  return r;
}

/** A command run without blocking (the test runner starts and copies several clusters at once), with its output. */
function runAsync(cmd: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args);
    let out = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (out += c));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out }));
  });
}

/** pg_ctl without blocking, as the `postgres` user when we are root. */
function pgCtl(server: Server, args: string[]) {
  const bin = join(server.bin, "pg_ctl");
  return asRoot ? runAsync("runuser", ["-u", "postgres", "--", bin, ...args]) : runAsync(bin, args);
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

// Which server a stack was created with, so status, stop and restart use that server's binaries.
function serverOf(name: string): Server {
  const file = join(stackDir(name), "server.json");
  if (!existsSync(file)) return PG15;
  return JSON.parse(readFileSync(file, "utf8")) as Server;
}

async function portIsFree(port: number): Promise<boolean> {
  return await new Promise((resolve) => {
    const srv = createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
  });
}

// The port the stack had last time, while it is free, so URLs written down before a restart still work.
async function choosePort(dir: string): Promise<number> {
  const file = join(dir, "port");
  if (existsSync(file)) {
    const port = Number(readFileSync(file, "utf8").trim());
    if (Number.isInteger(port) && port > 0 && port < 65536 && (await portIsFree(port))) return port;
  }
  return await freePort();
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

function postmasterPid(data: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(data, "postmaster.pid"), "utf8").split("\n")[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

// Every PostgreSQL process runs with the data directory as its working directory: that, not a pid
// file (whose pid the system may have given to anyone since a crash), says which processes are ours.
function cwdOf(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return undefined;
  }
}

function processesIn(data: string): number[] {
  const real = realpathSync(data);
  return readdirSync("/proc").filter((e) => /^\d+$/.test(e)).map(Number).filter((pid) => cwdOf(pid) === real);
}

/** Whether a process with this id exists (EPERM: it does, under another user). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function isRunning(name: string): boolean {
  const data = join(stackDir(name), "data");
  if (!existsSync(join(data, "PG_VERSION"))) return false;
  const pid = postmasterPid(data);
  if (pid === undefined) return false;
  if (existsSync("/proc/self/cwd")) {
    const cwd = cwdOf(pid);
    if (cwd !== undefined) return cwd === realpathSync(data);
    if (!existsSync(`/proc/${pid}`)) return false;
  }
  return run(join(serverOf(name).bin, "pg_ctl"), ["status", "-D", data], { server: serverOf(name) }).status === 0;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * After a crash (the postmaster killed, the machine reset) a new server refuses to start while a
 * backend of the old one still holds its shared memory (a query busy on the CPU only notices the
 * postmaster's death when it next waits), and trusts a pid file whose pid may now be another
 * process. With the postmaster gone, those leftovers serve nobody: end them and clear the files.
 */
async function clearCrash(name: string, data: string, sock: string, opts: UpOptions) {
  if (!existsSync(join(data, "postmaster.pid")) || isRunning(name)) return;
  const leftovers = existsSync("/proc/self/cwd") ? processesIn(data) : [];
  if (!opts.quiet) {
    log(`${name} was not shut down cleanly${leftovers.length ? `: ending ${leftovers.length} leftover server process(es)` : ""}`);
  }
  for (const pid of leftovers) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  for (let i = 0; i < 100 && processesIn(data).length > 0; i++) await sleep(100);
  if (processesIn(data).length > 0) throw new Error(`old server processes of ${name} do not exit: ${processesIn(data).join(", ")}`);
  rmSync(join(data, "postmaster.pid"), { force: true });
  if (existsSync(sock)) {
    for (const f of readdirSync(sock)) if (f.startsWith(".s.PGSQL.")) rmSync(join(sock, f), { force: true });
  }
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
  /** The server to create the cluster with (PostgreSQL 15 unless told); an existing cluster keeps its own. */
  server?: Server;
  /**
   * Registers maintenance with pg_cron (vigil_api.schedule()) unless a schedule exists, so alerts and
   * rollups keep moving on a stack left running. The durable `local` stack does by default.
   */
  schedule?: boolean;
}

/** Starts (creating if needed) the cluster, lays the Supabase base on it and applies the migrations. */
export async function up(name = "local", opts: UpOptions = {}): Promise<Stack> {
  const schedule = opts.schedule ?? name === "local";
  const running = stackInfo(name);
  if (running) {
    if (!opts.bare) migrate(running.url, opts);
    if (schedule && !opts.bare) scheduleMaintenance(running.url, opts);
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
  const fresh = !existsSync(join(data, "PG_VERSION"));
  const server = fresh ? opts.server ?? PG15 : serverOf(name);
  if (fresh) {
    if (!opts.quiet) log(`creating a PostgreSQL ${server.major} cluster in ${join(".vigil", name)}`);
    mkdirSync(data, { recursive: true });
    if (asRoot) {
      const { uid, gid } = pgUser();
      chownSync(data, uid, gid);
    }
    // A throwaway cluster skips initdb's flush of every file to disk: seconds on a busy disk, for nothing.
    must(join(server.bin, "initdb"), ["-D", data, "-U", SUPERUSER, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8",
      ...(opts.durable === false ? ["--no-sync"] : [])], { server });
    writeFileSync(join(dir, "server.json"), JSON.stringify(server));
  } else {
    await clearCrash(name, data, sock, opts);
  }
  const stack = await start(name, opts);
  if (!opts.quiet) log(`PostgreSQL ${server.major} is up on 127.0.0.1:${stack.port} (socket ${sock})`);
  const base = psqlFile(stack.adminUrl, BASE_SQL);
  if (base.status !== 0) throw new Error(`laying the Supabase base failed:\n${base.stderr}`);
  if (!opts.bare) migrate(stack.url, opts);
  if (schedule && !opts.bare) scheduleMaintenance(stack.url, opts);
  return stack;
}

/**
 * Starts the cluster already in .vigil/<name>/data, on the port it had while that is free, without laying
 * the base or migrating.
 */
export async function start(name: string, opts: UpOptions = {}): Promise<Stack> {
  const dir = stackDir(name);
  const data = join(dir, "data");
  const sock = socketDir(dir);
  const server = serverOf(name);
  mkdirSync(sock, { recursive: true });
  if (asRoot) {
    const { uid, gid } = pgUser();
    chownSync(sock, uid, gid);
  }
  const port = await choosePort(dir);
  writeFileSync(join(dir, "port"), String(port));
  const cron = server.preload.includes("pg_cron");
  const settings = [
    `port=${port}`,
    `listen_addresses='127.0.0.1'`,
    `unix_socket_directories='${sock}'`,
    `shared_preload_libraries='${server.preload.join(",")}'`,
    ...(cron ? [`cron.database_name='postgres'`, `cron.use_background_workers=on`] : []),
    `max_worker_processes=20`,
    `shared_buffers=256MB`,
    `work_mem=64MB`,
    `max_connections=200`,
    // A throwaway cluster writes as little as it can: no flushes, no full-page images after checkpoints.
    ...(opts.durable === false
      ? [`fsync=off`, `synchronous_commit=off`, `full_page_writes=off`]
      : [`fsync=on`, `synchronous_commit=on`]),
  ];
  const o = settings.map((s) => `-c ${s}`).join(" ");
  const logFile = join(data, "server.log");
  const r = await pgCtl(server, ["start", "-w", "-t", "60", "-D", data, "-l", logFile, "-o", o]);
  if (r.code !== 0) throw new Error(`pg_ctl start -D ${data} failed:\n${r.out}`);
  return { name, dir, port, ...urls(port) };
}

/**
 * Copies the data of the stopped cluster `from` into a new cluster `to` (the test runner's copies of one
 * migrated cluster). Not spawnSync: the runner makes a dozen copies at once.
 */
export async function clone(from: string, to: string) {
  mkdirSync(stackDir(to), { recursive: true });
  const args = ["-a", join(stackDir(from), "data"), join(stackDir(to), "data")];
  const r = await runAsync("cp", args);
  if (r.code !== 0) throw new Error(`cp ${args.join(" ")} failed:\n${r.out}`);
  rmSync(join(stackDir(to), "data", "server.log"), { force: true });
  const server = join(stackDir(from), "server.json");
  if (existsSync(server)) writeFileSync(join(stackDir(to), "server.json"), readFileSync(server));
}

/**
 * Calls vigil_api.schedule() when pg_cron is there and no `vigil-maintenance` job exists yet, so a
 * schedule someone chose (or a second `up`) is left as it is. Returns what it did.
 */
export function scheduleMaintenance(url: string, opts: { quiet?: boolean } = {}): "scheduled" | "kept" | "no pg_cron" {
  const q = (sql: string) => {
    const r = spawnSync(PSQL, ["-X", "-At", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql], {
      encoding: "utf8", env: { ...process.env, PGOPTIONS: "--client-min-messages=warning" },
    });
    if (r.status !== 0) throw new Error(`scheduling maintenance failed:\n${r.stderr}`);
    return r.stdout.trim();
  };
  let outcome: "scheduled" | "kept" | "no pg_cron";
  if (q("select pg_catalog.to_regclass('cron.job') is not null") !== "t") outcome = "no pg_cron";
  else if (q("select exists (select from cron.job where jobname = 'vigil-maintenance')") === "t") outcome = "kept";
  else {
    q("select vigil_api.schedule()");
    outcome = "scheduled";
  }
  if (!opts.quiet && outcome === "scheduled") log("maintenance scheduled with pg_cron (job vigil-maintenance, every minute)");
  if (!opts.quiet && outcome === "no pg_cron") log("pg_cron is missing: maintenance is not scheduled");
  return outcome;
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
  const server = serverOf(name);
  must(join(server.bin, "pg_ctl"), ["stop", "-w", "-m", opts.immediate ? "immediate" : "fast", "-D", data], { server });
  if (!opts.quiet) log(`${name} stopped`);
}

/**
 * Stops the cluster and removes it. At once (`pg_ctl stop -m immediate`): a clean shutdown's checkpoint
 * writes every changed page to files that are deleted the next moment.
 */
export function destroy(name: string) {
  down(name, { quiet: true, immediate: true });
  rmSync(stackDir(name), { recursive: true, force: true });
}

/** destroy() of several clusters at once: the test runner's dozen would otherwise stop one after another. */
export async function destroyMany(names: string[]) {
  await Promise.all(names.map(async (name) => {
    if (isRunning(name)) {
      const r = await pgCtl(serverOf(name), ["stop", "-w", "-m", "immediate", "-D", join(stackDir(name), "data")]);
      // A server an interrupt already stopped is as good as stopped by us.
      if (r.code !== 0 && isRunning(name)) throw new Error(`pg_ctl stop of ${name} failed:\n${r.out}`);
    }
    rmSync(stackDir(name), { recursive: true, force: true });
  }));
}

/**
 * CPU seconds the running cluster has used so far: its postmaster's and those of the ended backends it
 * reaped (the test runner prints them per suite; a busy machine stretches wall time, not this).
 */
export function cpuSeconds(name: string): number | undefined {
  const pid = postmasterPid(join(stackDir(name), "data"));
  if (pid === undefined) return undefined;
  try {
    // Fields after the command name: state is 3rd, utime 14th, stime 15th, cutime 16th, cstime 17th.
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /s, "").split(" ");
    return fields.slice(11, 15).reduce((n, f) => n + Number(f), 0) / 100;
  } catch {
    return undefined;
  }
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
