// Runs every suite (types, pgTAP, Deno, Node) on throwaway clusters and sums them into one closing line.
// The suites run at once, each on its own copy of one migrated cluster: a copy of the database would
// not do, because the rollup fold's horizon (the oldest open transaction) and pg_cron are
// cluster-wide. pgTAP and Node files marked `requires: a cluster of its own` run one at a time on one
// more copy; Deno files so marked (send-alert's, which claim from the whole outbox) each get a copy
// of their own and run beside each other. Each suite's output is printed as one block when it ends,
// then each suite's time and its clusters' CPU, and the run's wall time.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { needsOf, pg17Server } from "./lib/pg17.ts";
import { plpgsqlCheck } from "./lib/plpgsql-check.ts";
import { clone, cpuSeconds, destroy, destroyMany, down, pidAlive, PSQL, ROOT, type Server, start, up } from "./lib/stack.ts";

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
  /** The clusters the Deno files marked `requires: a cluster of its own` run on, one file at a time each. */
  denoAlone: string[];
  node: string;
  /** For the Node files marked `requires: a cluster of its own`. */
  nodeAlone: string;
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
  const { code, out } = await exec("pg_prove", ["--verbose", "--timer", "--psql-bin", PSQL, "--jobs", String(jobs), "--dbname", url, ...tests], {}, opts);
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
async function pgTap17(name: string, opts: Options): Promise<SuiteResult & { out: string }> {
  const suite = "pgTAP 17";
  const server = pg17Server();
  // As on 15: the files that need a cluster of their own (and the Node tests of both lanes) run on a
  // second copy, beside the rest.
  const [url, aloneUrl] = await migratedCopies(`${name}-pg17base`, ["pg17", "pg17alone"].map((k) => `${name}-${k}`), opts, server);
  const have = new Set(server.preload);
  const all = shuffle(files(join(ROOT, "supabase", "tests", "database"), /\.sql$/), opts.seed);
  const skipped = all.filter((f) => needsOf(f).some((n) => !have.has(n)));
  const tests = all.filter((f) => !skipped.includes(f));
  const alone = tests.filter(runsAlone);
  const both = [...files(join(ROOT, "src"), /\.test\.ts$/), ...files(join(ROOT, "scripts"), /\.test\.ts$/)]
    .filter((f) => EVERY_LANE.test(readFileSync(f, "utf8")));
  const [a, [b, c]] = await Promise.all([
    pgTapRun(url, tests.filter((t) => !alone.includes(t)), opts.jobs, opts),
    (async () => [await pgTapRun(aloneUrl, alone, 1, opts), await nodeRun(aloneUrl, both, 1, opts)])(),
  ]);
  const note = skipped.map((f) => `skipped on PostgreSQL 17 (needs ${needsOf(f).join(", ")}): ${f.slice(ROOT.length)}`).join("\n");
  return { suite, passed: a.passed + b.passed + c.passed, failed: a.failed + b.failed + c.failed, out: `${note}\n${a.out}${b.out}${c.out}` };
}

// plpgsql_check over every PL/pgSQL function of vigil and vigil_api: one failure per function with findings.
async function plpgsqlChecks(db: Databases): Promise<SuiteResult & { out: string }> {
  const r = plpgsqlCheck(db.node);
  return { suite: r.suite, passed: r.passed, failed: r.failed, out: r.report };
}

function denoFiles() {
  const tests = [
    ...files(join(ROOT, "supabase", "tests", "functions"), /\.test\.ts$/),
    ...files(join(ROOT, "supabase", "functions"), /\.test\.ts$/),
  ];
  const alone = tests.filter(runsAlone);
  return { rest: tests.filter((t) => !alone.includes(t)), alone };
}

async function denoRun(url: string, tests: string[], opts: Options) {
  if (tests.length === 0) return { passed: 0, failed: 0, out: "" };
  const { code, out } = await exec(join(ROOT, "node_modules", ".bin", "deno"),
    // --no-check: the types suite checks every Deno test file once, in one `deno check`, instead of each
    // of these processes checking its own again (about 2.7 s of CPU each).
    ["test", "--no-check", "--allow-all", "--no-prompt", "--config", join(ROOT, "deno.json"), ...tests],
    { DATABASE_URL: url, NO_COLOR: "1" }, opts);
  const m = out.match(/(?:ok|FAILED) \| (\d+) passed(?: \(\d+ steps?\))? \| (\d+) failed/);
  if (!m) return { passed: 0, failed: 1, out };
  const failed = Number(m[2]);
  return { passed: Number(m[1]), failed: code !== 0 && failed === 0 ? 1 : failed, out };
}

// Deno files marked `requires: a cluster of its own` (send-alert's claim from the whole outbox) run
// one at a time per cluster, on DENO_LANES clusters at once: each lane takes the next file when it is
// free, the longest files first. The rest run in one more process on the suite's own cluster.
const DENO_LANES = 3;

async function deno(db: Databases, opts: Options): Promise<SuiteResult & { out: string }> {
  const { rest, alone } = denoFiles();
  const queue = [...alone].sort((a, b) => statSync(b).size - statSync(a).size);
  // Several deno processes at once: each one's output is printed whole when it ends.
  const parallel = db.denoAlone.some((url) => url !== db.deno);
  const run = async (url: string, tests: string[]) => {
    const r = await denoRun(url, tests, { ...opts, stream: opts.stream && !parallel });
    if (opts.stream && parallel) console.log(r.out.trimEnd());
    return r;
  };
  const lane = async (url: string) => {
    const done = [];
    for (let file = queue.shift(); file; file = queue.shift()) done.push(await run(url, [file]));
    return done;
  };
  const runs = parallel
    ? (await Promise.all([run(db.deno, rest).then((r) => [r]), ...db.denoAlone.map(lane)])).flat()
    : [await run(db.deno, rest), ...(await lane(db.deno))];
  return {
    suite: "Deno",
    passed: runs.reduce((n, r) => n + r.passed, 0),
    failed: runs.reduce((n, r) => n + r.failed, 0),
    out: runs.map((r) => r.out.trimEnd()).join("\n"),
  };
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
  // scripts' files first: they build clusters and start processes, and started last they would be the tail.
  const tests = [...files(join(ROOT, "scripts"), /\.test\.ts$/), ...files(join(ROOT, "src"), /\.test\.ts$/)];
  const alone = tests.filter(runsAlone);
  const rest = tests.filter((t) => !alone.includes(t));
  // Most of these files wait (on a cluster starting, Chromium, a child process) more than they compute.
  const concurrency = Number(process.env.VIGIL_NODE_JOBS ?? 4);
  const [a, b] = db.nodeAlone === db.node
    ? [await nodeRun(db.node, rest, 1, opts), await nodeRun(db.nodeAlone, alone, 1, opts)]
    : await Promise.all([nodeRun(db.node, rest, concurrency, opts), nodeRun(db.nodeAlone, alone, 1, opts)]);
  if (tests.length === 0) return { suite: "Node", passed: 0, failed: 0, out: "" };
  return { suite: "Node", passed: a.passed + b.passed, failed: a.failed + b.failed, out: a.out + b.out };
}

// The type checks, one check per program: tsc over the Node side, deno check over the edge functions
// and the Deno tests (which the Deno suite then runs unchecked).
async function types(_db: Databases, opts: Options): Promise<SuiteResult & { out: string }> {
  const { rest, alone } = denoFiles();
  const entries = [...files(join(ROOT, "supabase", "functions"), /^index\.ts$/), ...rest, ...alone];
  const [tsc, deno] = await Promise.all([
    // Incremental: tsc keeps what it learnt in .vigil and checks again only what changed since (a cold
    // check is about 17 s of CPU, a warm one a few).
    exec(join(ROOT, "node_modules", ".bin", "tsc"),
      ["--noEmit", "--incremental", "--tsBuildInfoFile", join(ROOT, ".vigil", "tsc.tsbuildinfo"), "-p", join(ROOT, "tsconfig.json")], {}, opts),
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
    destroy(entry);
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

/**
 * Makes a cluster, migrates it with the pgTAP helpers, stops it, and copies it once per name, every
 * copy started on its own port (a copy of a stopped cluster's files is a fraction of a second;
 * migrating again is not). Returns the copies' URLs in the order of `copies`.
 */
async function migratedCopies(name: string, copies: string[], opts: Options, server?: Server): Promise<string[]> {
  let t = performance.now();
  const what = `PostgreSQL ${server?.major ?? 15}`;
  say(`starting a throwaway ${what} cluster in .vigil/${name} and applying the migrations`);
  const stack = await up(name, { durable: false, quiet: true, server, schedule: false });
  await psql(stack.url, opts, `installing the pgTAP helpers on ${what}`, helperScript());
  say(`${what} cluster migrated in ${seconds(t)}`);
  t = performance.now();
  down(name, { quiet: true });
  const urls = await Promise.all(copies.map(async (copy) => {
    await clone(name, copy);
    return (await start(copy, { durable: false })).url;
  }));
  destroy(name);
  say(`${copies.length} copies of it started in ${seconds(t)}`);
  return urls;
}

/** The PostgreSQL 15 clusters of one run, each suite's own (of the suites asked for), from one migrated cluster. */
async function ownClusters(name: string, suites: string[], opts: Options): Promise<Databases> {
  const lanes = suites.includes("deno") ? Math.min(DENO_LANES, denoFiles().alone.length) : 0;
  const wanted: Record<string, boolean> = {
    pgtap: suites.includes("pgtap"),
    pgtapalone: suites.includes("pgtap"),
    deno: suites.includes("deno"),
    node: suites.includes("node") || suites.includes("plpgsql_check"),
    nodealone: suites.includes("node"),
  };
  for (let i = 1; i <= lanes; i++) wanted[`denoalone${i}`] = true;
  const keys = Object.keys(wanted).filter((k) => wanted[k]);
  const urls = await migratedCopies(name, keys.map((k) => `${name}-${k}`), opts);
  const url = (key: string) => urls[keys.indexOf(key)] ?? "";
  return {
    pgtap: url("pgtap"), pgtapAlone: url("pgtapalone"), deno: url("deno"), node: url("node"), nodeAlone: url("nodealone"),
    denoAlone: keys.filter((k) => k.startsWith("denoalone")).map(url),
  };
}

type Suite = (db: Databases, opts: Options) => Promise<SuiteResult & { out: string }>;

/** CPU seconds this process's ended children used (pg_prove, psql, deno, node, tsc; not the servers). */
function childCpuSeconds(): number {
  const fields = readFileSync("/proc/self/stat", "utf8").replace(/^.*\) /s, "").split(" ");
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

export async function runTests(args: string[]): Promise<number> {
  const began = performance.now();
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
  const timings: string[] = [];

  // Every cluster of this run is .vigil/<name> or .vigil/<name>-<suite>.
  const ours = () => existsSync(join(ROOT, ".vigil"))
    ? readdirSync(join(ROOT, ".vigil")).filter((e) => e === name || e.startsWith(`${name}-`))
    : [];
  const destroyAll = () => destroyMany(ours());
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
    await destroyAll();
    // The tests' own clusters go once the processes that made them have ended.
    for (let i = 0; i < 30 && throwaways().some(({ pid }) => pid !== process.pid && pidAlive(pid)); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    removeLeftovers(true);
    console.error(`\n[test] interrupted (${signal}): the clusters in .vigil/${name}* are stopped and removed`);
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);

  try {
    removeLeftovers();
    const needDatabase = keys.some((k) => k !== "types" && k !== "pgtap17");
    let databases: Promise<Databases>;
    if (!needDatabase) {
      databases = Promise.resolve({ pgtap: "", pgtapAlone: "", deno: "", denoAlone: [], node: "", nodeAlone: "" });
    } else if (own) {
      databases = ownClusters(name, keys, opts);
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
      databases = Promise.resolve({
        pgtap: url, pgtapAlone: url, deno: url, denoAlone: [url], node: url, nodeAlone: url,
      });
    }
    // The type checks and the PostgreSQL 17 lane need none of these clusters: they start at once.
    const suites: Record<string, Suite> = {
      types, pgtap: pgTap, deno, node, plpgsql_check: plpgsqlChecks,
      pgtap17: (_db, o) => pgTap17(name, o),
    };
    const independent = (key: string) => key === "types" || key === "pgtap17";
    say(`pgTAP order seed ${seed} (VIGIL_TEST_SEED=${seed} repeats it), ${jobs} files at a time`);
    const runOne = async (key: string) => {
      const db = independent(key) ? ({} as Databases) : await databases;
      const t = performance.now();
      say(`${key} started`);
      if (opts.stream) console.log(`\n=== ${key} ===`);
      const r = await suites[key](db, opts);
      if (!opts.stream) console.log(`\n=== ${key} ===\n${r.out.trimEnd()}\n`);
      say(`${key} finished in ${seconds(t)}: ${r.passed} passed, ${r.failed} failed`);
      timings.push(`${key} ${seconds(t)} (done at ${seconds(began)})`);
      return { suite: r.suite, passed: r.passed, failed: r.failed };
    };
    if (own) {
      results.push(...(await Promise.all(keys.map(runOne))));
    } else {
      // Type checks and the 17 lane touch no database of DATABASE_URL's, so they run beside the others.
      const beside = keys.filter(independent).map(runOne);
      const rest: SuiteResult[] = [];
      for (const key of keys.filter((k) => !independent(k))) rest.push(await runOne(key));
      results.push(...(await Promise.all(beside)), ...rest);
    }
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    results.push({ suite: "setup", passed: 0, failed: 1 });
  } finally {
    if (!stopping) {
      // What each cluster's server used, read before it goes: a busy machine stretches wall times, not these.
      const cpu = ours().map((c) => [c.slice(name.length + 1) || "setup", cpuSeconds(c)] as const)
        .filter(([, n]) => n !== undefined).map(([c, n]) => `${c} ${n!.toFixed(1)} s`);
      if (cpu.length) timings.push(`server CPU: ${cpu.join(", ")}`);
      await destroyAll();
    }
  }
  // After an interrupt the handler removes the clusters and exits; ending the run here would exit first.
  if (stopping) await new Promise(() => {});
  console.log("");
  for (const line of timings) say(line);
  say(`CPU of the test processes (not the servers): ${childCpuSeconds().toFixed(1)} s`);
  say(`wall time ${seconds(began)}`);
  for (const r of results) console.log(`${r.suite}: ${r.passed} passed, ${r.failed} failed`);
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  // A run that executed nothing proves nothing: it fails.
  const total = failed + (passed === 0 ? 1 : 0);
  if (passed === 0) console.log("no test ran");
  console.log(`${passed} passed, ${total} failed`);
  return total === 0 ? 0 : 1;
}
