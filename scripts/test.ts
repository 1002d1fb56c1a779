// Runs every suite (pgTAP, Deno, Node) on a throwaway stack and sums them into one closing line.
import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { pgTap17 } from "./lib/pg17.ts";
import { plpgsqlCheck } from "./lib/plpgsql-check.ts";
import { destroy, ROOT, up } from "./lib/stack.ts";

interface SuiteResult {
  suite: string;
  passed: number;
  failed: number;
}

/** Runs a command, streaming its output, and returns what it printed. */
function exec(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env } });
    let out = "";
    const take = (chunk: Buffer, stream: NodeJS.WriteStream) => {
      out += chunk.toString();
      stream.write(chunk);
    };
    child.stdout.on("data", (c) => take(c, process.stdout));
    child.stderr.on("data", (c) => take(c, process.stderr));
    child.on("close", (code) => resolve({ code: code ?? 1, out }));
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

// pg_prove in verbose mode prints every TAP line; a file that dies or misses its plan counts as one
// more failure, so a crash is never a silent pass.
async function pgTap(url: string): Promise<SuiteResult> {
  const dir = join(ROOT, "supabase", "tests", "database");
  const tests = files(dir, /\.sql$/);
  if (tests.length === 0) return { suite: "pgTAP", passed: 0, failed: 0 };
  const { code, out } = await exec("pg_prove", ["--verbose", "--dbname", url, ...tests], {});
  const passed = (out.match(/^\s*ok \d+/gm) ?? []).length;
  let failed = (out.match(/^\s*not ok \d+/gm) ?? []).length;
  if (failed === 0 && (code !== 0 || !/^Result: PASS/m.test(out))) failed = 1;
  return { suite: "pgTAP", passed, failed };
}

async function deno(url: string): Promise<SuiteResult> {
  const tests = [
    ...files(join(ROOT, "supabase", "tests", "functions"), /\.test\.ts$/),
    ...files(join(ROOT, "supabase", "functions"), /\.test\.ts$/),
  ];
  if (tests.length === 0) return { suite: "Deno", passed: 0, failed: 0 };
  const { code, out } = await exec(join(ROOT, "node_modules", ".bin", "deno"),
    ["test", "--allow-all", "--no-prompt", "--config", join(ROOT, "deno.json"), ...tests],
    { DATABASE_URL: url, NO_COLOR: "1" });
  const m = out.match(/(?:ok|FAILED) \| (\d+) passed(?: \(\d+ steps?\))? \| (\d+) failed/);
  if (!m) return { suite: "Deno", passed: 0, failed: 1 };
  const failed = Number(m[2]);
  return { suite: "Deno", passed: Number(m[1]), failed: code !== 0 && failed === 0 ? 1 : failed };
}

async function node(url: string): Promise<SuiteResult> {
  const tests = [...files(join(ROOT, "src"), /\.test\.ts$/), ...files(join(ROOT, "scripts"), /\.test\.ts$/)];
  if (tests.length === 0) return { suite: "Node", passed: 0, failed: 0 };
  const { code, out } = await exec(process.execPath, ["--import", "tsx", "--test", "--test-reporter=tap", ...tests],
    { DATABASE_URL: url });
  const pass = out.match(/^# pass (\d+)/m);
  const fail = out.match(/^# fail (\d+)/m);
  if (!pass || !fail) return { suite: "Node", passed: 0, failed: 1 };
  const failed = Number(fail[1]);
  return { suite: "Node", passed: Number(pass[1]), failed: code !== 0 && failed === 0 ? 1 : failed };
}

// The type checks, one check per program: tsc over the Node side, deno check over the edge functions.
async function types(_url: string): Promise<SuiteResult> {
  const tsc = await exec(join(ROOT, "node_modules", ".bin", "tsc"), ["--noEmit", "-p", join(ROOT, "tsconfig.json")], {});
  const entries = files(join(ROOT, "supabase", "functions"), /^index\.ts$/);
  const deno = await exec(join(ROOT, "node_modules", ".bin", "deno"),
    ["check", "--config", join(ROOT, "deno.json"), ...entries], { NO_COLOR: "1" });
  const ok = [tsc.code === 0, deno.code === 0];
  return { suite: "types", passed: ok.filter(Boolean).length, failed: ok.filter((x) => !x).length };
}

export async function runTests(args: string[]): Promise<number> {
  const only = args.filter((a) => !a.startsWith("-"));
  const own = !process.env.DATABASE_URL;
  const name = `test-${process.pid}`;
  let url = process.env.DATABASE_URL ?? "";
  const results: SuiteResult[] = [];
  try {
    if (own) url = (await up(name, { durable: false })).url;
    const suites: Record<string, (u: string) => Promise<SuiteResult>> = { types, pgtap: pgTap, deno, node };
    // --- lanes: the PostgreSQL 17 lane and plpgsql_check (scripts/lib/pg17.ts, scripts/lib/plpgsql-check.ts) ---
    // The 17 lane runs on its own cluster, so it starts now beside the other suites (2 cores: about
    // the time of the pgTAP suite saved) and prints its output when its turn comes.
    const lane17 = only.length && !only.includes("pgtap17") ? undefined : pgTap17({ stream: false });
    suites.pgtap17 = async () => {
      const r = (await lane17) ?? { suite: "pgTAP 17", passed: 0, failed: 1 };
      if (r.log) console.log(r.log);
      return { suite: r.suite, passed: r.passed, failed: r.failed };
    };
    suites.plpgsql_check = async (u) => {
      const r = plpgsqlCheck(u);
      if (r.report) console.log(r.report);
      return r;
    };
    // --- end lanes ---
    for (const [key, run] of Object.entries(suites)) {
      if (only.length && !only.includes(key)) continue;
      console.log(`\n=== ${key} ===`);
      results.push(await run(url));
    }
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    results.push({ suite: "setup", passed: 0, failed: 1 });
  } finally {
    if (own) destroy(name);
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
