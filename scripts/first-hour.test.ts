// The first hour of a new user, each thing they met checked as they would meet it: the README's first
// commands, set-up that leaves the clone as it was, a DATABASE_URL that does not answer, an interrupted
// `npm test`, and the leftovers of a killed one. (`--help` is in vigil.test.ts, the stack's port and
// schedule in stack.test.ts, the demo in demo.test.ts, the package in package.test.ts, the Supabase CLI
// in supabase-cli.test.ts, the examples in examples.test.ts.)
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ROOT, up } from "./lib/stack.ts";

const VIGIL = join(ROOT, "scripts", "vigil.ts");
/** The environment of a user's own shell: no DATABASE_URL from the suite this test runs in. */
const { DATABASE_URL: _suiteDatabase, ...USER_ENV } = process.env;

function clusters(pid: number): string[] {
  const dir = join(ROOT, ".vigil");
  return existsSync(dir) ? readdirSync(dir).filter((e) => e.startsWith(`test-${pid}`)) : [];
}

function postmasters(pid: number): string[] {
  const r = spawnSync("pgrep", ["-af", `\\.vigil/test-${pid}`], { encoding: "utf8" });
  return r.stdout.split("\n").filter(Boolean);
}

test("the README opens with the two commands of the first hour: npm run demo and npm test", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const first = /```sh\n([\s\S]*?)```/.exec(readme);
  assert.ok(first && readme.indexOf(first[0]) < readme.indexOf("\n## "), "a sh block before the first section");
  assert.match(first[1], /^npm run demo\b/m);
  assert.match(first[1], /^npm test\b/m);
});

test("set-up installs with npm ci, keyed on the lock's hash, and leaves package-lock.json as it was", () => {
  const bootstrap = readFileSync(join(ROOT, "scripts", "bootstrap.mjs"), "utf8");
  assert.match(bootstrap, /spawnSync\("npm", \["ci"/, "npm ci installs exactly the lock and never writes it");
  assert.doesNotMatch(bootstrap, /"npm", \["(install|i)"/, "npm install would rewrite the lock");
  const lock = () => createHash("sha256").update(readFileSync(join(ROOT, "package-lock.json"))).digest("hex");
  const before = lock();
  const r = spawnSync(process.execPath, [join(ROOT, "scripts", "bootstrap.mjs")], { cwd: ROOT, encoding: "utf8", env: USER_ENV });
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /installing npm packages/, "node_modules is current for this lock: nothing to install");
  assert.equal(lock(), before);
  assert.equal(readFileSync(join(ROOT, "node_modules", ".vigil-lock-sha256"), "utf8").trim(), before);
});

test("an unreachable DATABASE_URL stops npm test at once with one sentence", () => {
  const r = spawnSync(process.execPath, ["--import", "tsx", VIGIL, "test", "pgtap"],
    { cwd: ROOT, encoding: "utf8", env: { ...USER_ENV, DATABASE_URL: "postgresql://postgres@127.0.0.1:1/postgres" } });
  assert.notEqual(r.status, 0);
  const lines = r.stderr.split("\n").filter((l) => l.trim());
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], /^DATABASE_URL points at 127\.0\.0\.1:1\/postgres, which cannot be reached \(.+\): start that database, or unset DATABASE_URL/);
  assert.doesNotMatch(r.stdout, /started/, "no suite started");
});

test("an interrupted npm test stops and removes its clusters, after saying what it was doing", async () => {
  const child = spawn(process.execPath, ["--import", "tsx", VIGIL, "test", "pgtap"], { cwd: ROOT, env: USER_ENV });
  let out = "";
  child.stderr.on("data", (c) => (out += c));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (c) => {
      out += c;
      if (/cop(?:y|ies)[^\n]* started/.test(out)) resolve();
    });
    exited.then(() => reject(new Error(`npm test ended before it started its clusters:\n${out}`)));
  });
  assert.match(out, /starting a throwaway PostgreSQL 15 cluster[\s\S]*cluster migrated in [\d.]+ s/, "the cluster's start shows");
  assert.ok(clusters(child.pid!).length > 0, "its clusters exist while it runs");
  child.kill("SIGINT");
  // Not the exit code: a suite the interrupt stopped may end the run (1) before the handler exits (130).
  assert.notEqual(await exited, 0, out);
  assert.deepEqual(clusters(child.pid!), []);
  assert.deepEqual(postmasters(child.pid!), []);
});

test("the next npm test removes what a killed one left, and the type checks say when they start and end", async () => {
  // A run that was killed: a cluster named after a process that is gone.
  const gone = spawnSync("true").pid;
  const name = `test-${gone}`;
  await up(name, { bare: true, quiet: true, durable: false });
  assert.deepEqual(clusters(gone), [name]);
  const r = spawnSync(process.execPath, ["--import", "tsx", VIGIL, "test", "types"], { cwd: ROOT, encoding: "utf8", env: USER_ENV });
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, new RegExp(`removed the cluster an interrupted run left in \\.vigil/${name}`));
  assert.deepEqual(clusters(gone), []);
  assert.deepEqual(postmasters(gone), []);
  assert.match(r.stdout, /types started[\s\S]*types finished in [\d.]+ s: 2 passed, 0 failed/);
});
