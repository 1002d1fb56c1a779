// Benchmarks: each bench/*.bench.ts prints figures next to a baseline measured in the same run,
// because these machines are shared and noisy: compare ratios, not absolute times.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import postgres from "postgres";
import { destroy, ROOT, up } from "../scripts/lib/stack.ts";

export interface BenchRow {
  bench: string;
  case: string;
  value: number;
  unit: string;
  /** The figure this one is judged against, measured in the same run. */
  baseline?: { case: string; value: number };
  /** value / baseline.value, or as the bench defines it (say so in note). */
  ratio?: number;
  target?: string;
  note?: string;
}

export interface BenchContext {
  url: string;
  sql: postgres.Sql;
  quick: boolean;
  /** `--events=N`: the data size, for a bench that takes one (else its quick or full size). */
  events?: number;
  log: (msg: string) => void;
}

export type Bench = (ctx: BenchContext) => Promise<BenchRow[]>;

/** Median of repeated timings of fn, in milliseconds. */
export async function medianMs(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/**
 * The CPU time, in milliseconds, that the server process behind a connection has used so far (its
 * /proc schedstat, nanoseconds), or NaN where the server is not on this machine. On a shared machine
 * a wall time swings with everyone's load; the CPU time of the process doing the work much less, so
 * benches report both.
 */
export async function serverCpu(conn: postgres.Sql): Promise<() => number> {
  const [{ pid }] = await conn<{ pid: number }[]>`select pg_backend_pid() as pid`;
  return () => {
    try {
      return Number(readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[0]) / 1e6;
    } catch {
      return Number.NaN;
    }
  };
}

function table(rows: BenchRow[]) {
  const head = ["bench", "case", "value", "baseline", "ratio", "target"];
  const body = rows.map((r) => [
    r.bench,
    r.case,
    `${fmt(r.value)} ${r.unit}`,
    r.baseline ? `${r.baseline.case}: ${fmt(r.baseline.value)} ${r.unit}` : "",
    r.ratio === undefined ? "" : `${fmt(r.ratio)}×`,
    r.target ?? "",
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(" | ");
  console.log(line(head));
  console.log(widths.map((w) => "-".repeat(w)).join("-|-"));
  for (const b of body) console.log(line(b));
}

function fmt(n: number) {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString("en-US");
  return n.toFixed(2);
}

interface BenchRun {
  date: string;
  seconds: number;
  rows: BenchRow[];
}

export async function runBench(args: string[]): Promise<number> {
  const quick = args.includes("--quick");
  const sized = args.find((a) => a.startsWith("--events="));
  const events = sized ? Number(sized.slice("--events=".length).replace(/_/g, "")) : undefined;
  if (events !== undefined && !(Number.isInteger(events) && events > 0)) {
    console.error(`${sized}: the number of events must be a positive integer`);
    return 2;
  }
  const only = args.filter((a) => !a.startsWith("-"));
  const files = readdirSync(join(ROOT, "bench")).filter((f) => f.endsWith(".bench.ts")).sort();
  const own = !process.env.DATABASE_URL;
  const name = "bench";
  const runs: Record<string, BenchRun> = {};
  const started = performance.now();
  const log = (msg: string) => console.log(`[bench] ${msg}`);
  try {
    for (const file of files) {
      const key = file.replace(/\.bench\.ts$/, "");
      if (only.length && !only.includes(key)) continue;
      // Each bench on a fresh cluster: one bench's millions of events must not weigh on the next's.
      if (own) destroy(name);
      const url = process.env.DATABASE_URL ?? (await up(name, { durable: true, quiet: true })).url;
      const sql = postgres(url, { onnotice: () => {}, max: 4 });
      log(`${key}${quick ? " (quick)" : ""}`);
      const t = performance.now();
      try {
        const mod = (await import(join(ROOT, "bench", file))) as { default: Bench };
        const rows = await mod.default({ url, sql, quick, events, log });
        runs[key] = { date: new Date().toISOString(), seconds: Math.round((performance.now() - t) / 1000), rows };
        log(`${key} took ${runs[key].seconds} s`);
      } finally {
        await sql.end();
      }
    }
  } finally {
    if (own) destroy(name);
  }
  const rows = Object.values(runs).flatMap((r) => r.rows);
  if (rows.length === 0) {
    console.log("no benchmark ran");
    return 1;
  }
  console.log("");
  table(rows);
  console.log(`\n${Object.entries(runs).map(([k, r]) => `${k} ${r.seconds} s`).join(", ")}; ` +
    `${Math.round((performance.now() - started) / 1000)} s in all`);
  // One file for every bench: a run of some benches replaces their entries and keeps the others'.
  const out = join(ROOT, "bench", quick ? "results.quick.json" : "results.json");
  let previous: Record<string, BenchRun> = {};
  if (existsSync(out)) {
    try {
      const parsed = JSON.parse(readFileSync(out, "utf8"));
      if (parsed && typeof parsed.runs === "object") previous = parsed.runs;
    } catch {
      previous = {};
    }
  }
  const merged = { ...previous, ...runs };
  writeFileSync(out, JSON.stringify({ quick, runs: merged }, null, 2) + "\n");
  console.log(`written to ${out.slice(ROOT.length)}`);
  return 0;
}
