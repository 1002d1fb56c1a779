// Runs every suite (types, pgTAP, Deno, Node) on throwaway clusters and sums them into one closing line.
// The suites run at once, each on its own copy of one migrated cluster: a copy of the database would
// not do, because the rollup fold's horizon (the oldest open transaction) and pg_cron are
// cluster-wide. Files marked `requires: a cluster of its own` run one at a time on one more copy.
// Each suite's output is printed as one block when the suite ends.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { needsOf, pg17Server } from "./lib/pg17.ts";
import { plpgsqlCheck } from "./lib/plpgsql-check.ts";
import { clone, destroy, down, PSQL, ROOT, start, up } from "./lib/stack.ts";

interface SuiteResult {
  suite: string;
  passed: number;
  failed: number;
}

/** Where each suite runs. With DATABASE_URL every entry is that one database. */
interface Databases {
  pgtap: string;
  /** For the pgTAP files marked `requires: a cluster of its own`, run one at a time. */
  pgtapAlone: string;
  deno: string;
  node: string;
  /** For the Node files marked `requires: a cluster of its own`. */
  nodeAlone: string;
  /** The name of the PostgreSQL 17 lane's own throwaway cluster. */
  pg17: string;
}

interface Options {
  /** Stream the output as it comes (one suite) instead of one block per suite (several at once). */
  stream: boolean;
  jobs: number;
  seed: number;
}

// A file that tests something cluster-wide (the fold horizon, maintenance's lock, pg_cron's jobs)
// says so in a comment line of its own.
const RUNS_ALONE = /^\s*(--|\/\/)\s*requires: a cluster of its own\b/m;
// A Node test about the database engine itself (the fold under VACUUM FREEZE) runs on the 17 lane too.
const EVERY_LANE = /^\s*\/\/\s*lanes: PostgreSQL 15 and 17\b/m;

const say = (msg: string) => console.log(`[test] ${msg}`);
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

const children = new Set<ChildProcess>();

/** Runs a command in its own process group (so an interrupt can stop all it started) and returns what it printed. */
function exec(cmd: string, args: string[], env: NodeJS.ProcessEnv, opts: Options & { input?: string }): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      detached: true,
      stdio: [opts.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    children.add(child);
    let out = "";
    const take = (chunk: Buffer, stream: NodeJS.WriteStream) => {
      out += chunk.toString();
      if (opts.stream) stream.write(chunk);
    };
    child.stdout!.on("data", (c) => take(c, process.stdout));
    child.stderr!.on("data", (c) => take(c, process.stderr));
    if (opts.input !== undefined) child.stdin!.end(opts.input);
    child.on("error", (err) => {
      out += `${cmd}: ${err.message}\n`;
    });
    child.on("close", (code) => {
      children.delete(child);
      resolve({ code: code ?? 1, out });
    });
  });
}

function files(dir: string, pattern: RegExp): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== "node_modules") found.push(...files(path, pattern));
    else if (pattern.test(entry.name)) found.push(path);
  }
  return found.sort();
}

const runsAlone = (file: string) => RUNS_ALONE.test(readFileSync(file, "utf8"));

/** A seeded shuffle (mulberry32), so an order that fails can be run again with VIGIL_TEST_SEED. */
function shuffle<T>(items: T[], seed: number): T[] {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

// pg_prove in verbose mode prints every TAP line; a file that dies or misses its plan counts as one
// more failure, so a crash is never a silent pass. The files run in a shuffled order, several at a
// time: each must stand alone, and the run shows it.
async function pgTapRun(url: string, tests: string[], jobs: number, opts: Options) {
  if (tests.length === 0) return { passed: 0, failed: 0, out: "" };
  const { code, out } = await exec("pg_prove", ["--verbose", "--psql-bin", PSQL, "--jobs", String(jobs), "--dbname", url, ...tests], {}, opts);
  const passed = (out.match(/^\s*ok \d+/gm) ?? []).length;
  let failed = (out.match(/^\s*not ok \d+/gm) ?? []).length;
  if (failed === 0 && (code !== 0 || !/^Result: PASS/m.test(out))) failed = 1;
  return { passed, failed, out };
}

async function pgTap(db: Databases, opts: Options): Promise<SuiteResult & { out: string }> {
  const tests = shuffle(files(join(ROOT, "supabase", "tests", "database"), /\.sql$/), opts.seed);
  const alone = tests.filter(runsAlone);
  const rest = tests.filter((t) => !alone.includes(t));
  const together = () => pgTapRun(db.pgtap, rest, opts.jobs, opts);
  const oneByOne = () => pgTapRun(db.pgtapAlone, alone, 1, opts);
  // On one database (DATABASE_URL) the files that need the cluster to themselves wait for the rest.
  const [a, b] = db.pgtapAlone === db.pgtap ? [await together(), await oneByOne()] : await Promise.all([together(), oneByOne()]);
  return { suite: "pgTAP", passed: a.passed + b.passed, failed: a.failed + b.failed, out: a.out + b.out };
}

/**
 * The second lane: the migrations and the pgTAP files on PostgreSQL 17 (what new Supabase projects run),
 * on a cluster of its own made from the embedded binaries. It has no pg_cron, so the files that say
 * `-- needs: pg_cron` are skipped, by name. The files that need a cluster of their own run after the rest.
 */
async function pgTap17(db: Databases, opts: Options): Promise<SuiteResult & { out: string }> {
  const suite = "pgTAP 17";
  const stack = await up(db.pg17, { durable: false, server: pg17Server(), schedule: false, quiet: true });
  await psql(stack.url, opts, "installing the pgTAP helpers on PostgreSQL 17", helperScript());
  const have = new Set(pg17Server().preload);
  const all = shuffle(files(join(ROOT, "supabase", "tests", "database"), /\.sql$/), opts.seed);
  const skipped = all.filter((f) => needsOf(f).some((n) => !have.has(n)));
  const tests = all.filter((f) => !skipped.includes(f));
  const alone = tests.filter(runsAlone);
  const a = await pgTapRun(stack.url, tests.filter((t) => !alone.includes(t)), opts.jobs, opts);
  const b = await pgTapRun(stack.url, alone, 1, opts);
  const both = [...files(join(ROOT, "src"), /\.test\.ts$/), ...files(join(ROOT, "scripts"), /\.test\.ts$/)]
    .filter((f) => EVERY_LANE.test(readFileSync(f, "utf8")));
  const c = await nodeRun(stack.url, both, 1, opts);
  const note = skipped.map((f) => `skipped on PostgreSQL 17 (needs ${needsOf(f).join(", ")}): ${f.slice(ROOT.length)}`).join("\n");
  return { suite, passed: a.passed + b.passed + c.passed, failed: a.failed + b.failed + c.failed, out: `${note}\n${a.out}${b.out}${c.out}` };
}

// plpgsql_check over every PL/pgSQL function of vigil and vigil_api: one failure per function with findings.
async function plpgsqlChecks(db: Databases): Promise<SuiteResult & { out: string }> {
  const r = plpgsqlCheck(db.node);
  return { suite: r.suite, passed: r.passed, failed: r.failed, out: r.report };
}

async function deno(db: Databases, opts: Options): Promise<SuiteResult & { out: string }> {
  const tests = [
    ...files(join(ROOT, "supabase", "tests", "functions"), /\.test\.ts$/),
    ...files(join(ROOT, "supabase", "functions"), /\.test\.ts$/),
  ];
  if (tests.length === 0) return { suite: "Deno", passed: 0, failed: 0, out: "" };
  const { code, out } = await exec(join(ROOT, "node_modules", ".bin", "deno"),
    ["test", "--allow-all", "--no-prompt", "--config", join(ROOT, "deno.json"), ...tests],
    { DATABASE_URL: db.deno, NO_COLOR: "1" }, opts);
  const m = out.match(/(?:ok|FAILED) \| (\d+) passed(?: \(\d+ steps?\))? \| (\d+) failed/);
  if (!m) return { suite: "Deno", passed: 0, failed: 1, out };
  const failed = Number(m[2]);
  return { suite: "Deno", passed: Number(m[1]), failed: code !== 0 && failed === 0 ? 1 : failed, out };
}

async function nodeRun(url: string, tests: string[], concurrency: number, opts: Options) {
  if (tests.length === 0) return { passed: 0, failed: 0, out: "" };
  const { code, out } = await exec(process.execPath,
    ["--import", "tsx", "--test", "--test-reporter=tap", `--test-concurrency=${concurrency}`, ...tests],
    { DATABASE_URL: url }, opts);
  const pass = out.match(/^# pass (\d+)/m);
  const fail = out.match(/^# fail (\d+)/m);
  if (!pass || !fail) return { passed: 0, failed: 1, out };
  const failed = Number(fail[1]);
  return { passed: Number(pass[1]), failed: code !== 0 && failed === 0 ? 1 : failed, out };
}

async function node(db: Databases, opts: Options): Promise<SuiteResult & { out: string }> {
  const tests = [...files(join(ROOT, "src"), /\.test\.ts$/), ...files(join(ROOT, "scripts"), /\.test\.ts$/)];
  const alone = tests.filter(runsAlone);
  const rest = tests.filter((t) => !alone.includes(t));
  const [a, b] = db.nodeAlone === db.node
    ? [await nodeRun(db.node, rest, 1, opts), await nodeRun(db.nodeAlone, alone, 1, opts)]
    : await Promise.all([nodeRun(db.node, rest, 2, opts), nodeRun(db.nodeAlone, alone, 1, opts)]);
  if (tests.length === 0) return { suite: "Node", passed: 0, failed: 0, out: "" };
  return { suite: "Node", passed: a.passed + b.passed, failed: a.failed + b.failed, out: a.out + b.out };
}

// The type checks, one check per program: tsc over the Node side, deno check over the edge functions.
async function types(_db: Databases, opts: Options): Promise<SuiteResult & { out: string }> {
  const entries = files(join(ROOT, "supabase", "functions"), /^index\.ts$/);
  const [tsc, deno] = await Promise.all([
    exec(join(ROOT, "node_modules", ".bin", "tsc"), ["--noEmit", "-p", join(ROOT, "tsconfig.json")], {}, opts),
    exec(join(ROOT, "node_modules", ".bin", "deno"), ["check", "--config", join(ROOT, "deno.json"), ...entries], { NO_COLOR: "1" }, opts),
  ]);
  const ok = [tsc.code === 0, deno.code === 0];
  return { suite: "types", passed: ok.filter(Boolean).length, failed: ok.filter((x) => !x).length, out: tsc.out + deno.out };
}

/** host:port of a connection string, never its password. */
function where(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || "localhost"}:${u.port || "5432"}${u.pathname && u.pathname !== "/" ? u.pathname : ""}`;
  } catch {
    const host = url.match(/host=(\S+)/)?.[1] ?? "localhost";
    const port = url.match(/port=(\S+)/)?.[1] ?? "5432";
    return `${host}:${port}`;
  }
}

/** One connection attempt, so an unreachable DATABASE_URL stops the run before any suite grinds through it. */
async function probe(url: string): Promise<string | null> {
  const r = await exec(PSQL, ["-X", "-q", "-At", "-d", url, "-c", "select 1"], { PGCONNECT_TIMEOUT: "5" }, { stream: false, jobs: 1, seed: 0 });
  if (r.code === 0) return null;
  // psql says `connection to server at "127.0.0.1", port 1 failed: Connection refused`: keep the reason.
  const line = r.out.split("\n").find((l) => l.trim()) ?? "no answer";
  return line.replace(/^psql: error: /, "").replace(/^connection to server .*? failed: /, "").trim();
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Clusters named after the process that made them: the runner's (test-<pid>-...) and the tests' own (scratch-<pid>-...). */
function throwaways(): { entry: string; pid: number }[] {
  const root = join(ROOT, ".vigil");
  if (!existsSync(root)) return [];
  return readdirSync(root).flatMap((entry) => {
    const m = entry.match(/^(?:test|scratch)-(\d+)(-[a-z0-9]+)?$/);
    return m ? [{ entry, pid: Number(m[1]) }] : [];
  });
}

/** Stops and removes the clusters of earlier runs whose process is gone (killed, or the machine stopped). */
function removeLeftovers(quiet = false) {
  for (const { entry, pid } of throwaways()) {
    if (pid === process.pid || pidAlive(pid)) continue;
    destroy(entry, { immediate: true });
    if (!quiet) say(`removed the cluster an interrupted run left in .vigil/${entry}`);
  }
}

/** Runs psql on a script from stdin (or a file) and throws with its error. */
async function psql(url: string, opts: Options, what: string, input: string) {
  const r = await exec(PSQL, ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-f", "-"], { PGOPTIONS: "--client-min-messages=warning" },
    { ...opts, stream: false, input });
  if (r.code !== 0) throw new Error(`${what} failed:\n${r.out.trim()}`);
}

const HELPERS = join(ROOT, "supabase", "tests", "helpers");
const helperScript = () =>
  files(HELPERS, /\.sql$/).map((f) => `\\i '${f.replace(/'/g, "''")}'`).join("\n") + "\n";

const CLUSTERS = ["pgtap", "pgtapAlone", "deno", "node", "nodeAlone"] as const;

/**
 * The throwaway clusters: one is made and migrated (with the pgTAP helpers), stopped, copied once
 * per suite (a copy of a stopped cluster's files is a second or so; migrating again is not), and
 * every copy started on its own port.
 */
async function ownClusters(name: string, opts: Options): Promise<Omit<Databases, "pg17">> {
  let t = performance.now();
  say(`starting a throwaway PostgreSQL 15 cluster in .vigil/${name} and applying the migrations`);
  const stack = await up(name, { durable: false, quiet: true });
  await psql(stack.url, opts, "installing the pgTAP helpers", helperScript());
  say(`cluster migrated in ${seconds(t)}`);
  t = performance.now();
  down(name, { quiet: true });
  const urls: Partial<Omit<Databases, "pg17">> = {};
  await Promise.all(CLUSTERS.map(async (key) => {
    const copy = `${name}-${key.toLowerCase()}`;
    clone(name, copy);
    urls[key] = (await start(copy, { durable: false })).url;
  }));
  destroy(name);
  say(`${CLUSTERS.length} copies started in ${seconds(t)}`);
  return urls as Omit<Databases, "pg17">;
}

type Suite = (db: Databases, opts: Options) => Promise<SuiteResult & { out: string }>;

export async function runTests(args: string[]): Promise<number> {
  const only = args.filter((a) => !a.startsWith("-"));
  const own = !process.env.DATABASE_URL;
  const name = `test-${process.pid}`;
  const seed = Number(process.env.VIGIL_TEST_SEED ?? Math.floor(Math.random() * 2 ** 31));
  // pgTAP files at once. Measured on two busy cores (the pgTAP suite alone): 1 → 72 s, 2 → 51-55 s, 3 → 47 s,
  // 4 → 43 s; 3 leaves room for the suites running beside it.
  const jobs = Number(process.env.VIGIL_TEST_JOBS ?? 3);
  const keys = ["types", "pgtap", "deno", "node", "pgtap17", "plpgsql_check"].filter((k) => !only.length || only.includes(k));
  const opts: Options = { stream: keys.length === 1, jobs, seed };
  const results: SuiteResult[] = [];

  const clusters = [`${name}-pg17`, ...(own ? CLUSTERS.map((k) => `${name}-${k.toLowerCase()}`).concat(name) : [])];
  const destroyAll = (immediate: boolean) => {
    for (const c of clusters) destroy(c, { immediate });
  };
  // An interrupt stops every child and the throwaway clusters, so nothing is left running.
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    for (const child of children) {
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        // already gone
      }
    }
    if (own) destroyAll(true);
    // The tests' own clusters go once the processes that made them have ended.
    for (let i = 0; i < 30 && throwaways().some(({ pid }) => pid !== process.pid && pidAlive(pid)); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    removeLeftovers(true);
    console.error(`\n[test] interrupted (${signal})${own ? `: the clusters in .vigil/${name}* are stopped and removed` : ""}`);
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);

  try {
    let db: Databases;
    if (own && keys.every((k) => k === "types")) {
      removeLeftovers();
      db = { pgtap: "", pgtapAlone: "", deno: "", node: "", nodeAlone: "", pg17: "" }; // the type checks need no database
    } else if (own) {
      removeLeftovers();
      db = { ...(await ownClusters(name, opts)), pg17: `${name}-pg17` };
    } else {
      const url = process.env.DATABASE_URL!;
      const why = await probe(url);
      if (why) {
        console.error(`DATABASE_URL points at ${where(url)}, which cannot be reached (${why}): start that database, or unset DATABASE_URL to test on a throwaway cluster.`);
        return 1;
      }
      // One database for every suite: they run one after another, since what one commits (and
      // maintenance's lock) would meet the others.
      await psql(url, opts, "installing the pgTAP helpers", helperScript());
      db = { pgtap: url, pgtapAlone: url, deno: url, node: url, nodeAlone: url, pg17: `${name}-pg17` };
    }
    const suites: Record<string, Suite> = { types, pgtap: pgTap, deno, node, pgtap17: pgTap17, plpgsql_check: plpgsqlChecks };
    say(`pgTAP order seed ${seed} (VIGIL_TEST_SEED=${seed} repeats it), ${jobs} files at a time`);
    const runOne = async (key: string) => {
      const t = performance.now();
      say(`${key} started`);
      if (opts.stream) console.log(`\n=== ${key} ===`);
      const r = await suites[key](db, opts);
      if (!opts.stream) console.log(`\n=== ${key} ===\n${r.out.trimEnd()}\n`);
      say(`${key} finished in ${seconds(t)}: ${r.passed} passed, ${r.failed} failed`);
      return { suite: r.suite, passed: r.passed, failed: r.failed };
    };
    if (own) {
      results.push(...(await Promise.all(keys.map(runOne))));
    } else {
      // Type checks touch no database, so they run beside the others.
      const typed = keys.includes("types") ? runOne("types") : null;
      const rest: SuiteResult[] = [];
      for (const key of keys.filter((k) => k !== "types")) rest.push(await runOne(key));
      if (typed) results.push(await typed);
      results.push(...rest);
    }
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    results.push({ suite: "setup", passed: 0, failed: 1 });
  } finally {
    if (own && !stopping) destroyAll(false);
  }
  console.log("");
  for (const r of results) console.log(`${r.suite}: ${r.passed} passed, ${r.failed} failed`);
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  // A run that executed nothing proves nothing: it fails.
  const total = failed + (passed === 0 ? 1 : 0);
  if (passed === 0) console.log("no test ran");
  console.log(`${passed} passed, ${total} failed`);
  return total === 0 ? 0 : 1;
}
