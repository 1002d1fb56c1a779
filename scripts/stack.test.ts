// The local stack across restarts and crashes, on a throwaway stack of its own: its port is kept, its
// maintenance is scheduled once, and a killed postmaster never stops the next `up`.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { destroy, down, isRunning, pidAlive, type Stack, up } from "./lib/stack.ts";

const name = `stack-test-${process.pid}`;
let stack: Stack;

function query(url: string, sql: string): string {
  const r = spawnSync("psql", ["-X", "-At", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  stack = await up(name, { quiet: true, schedule: true });
});
after(() => {
  destroy(name);
});

test("up schedules maintenance with pg_cron once, and a later up keeps the schedule someone chose", async () => {
  const jobs = `select string_agg(schedule, ',') from cron.job where jobname = 'vigil-maintenance'`;
  assert.equal(query(stack.url, jobs), "* * * * *");
  assert.equal(query(stack.url, "select (vigil_api.maintenance_status() ->> 'scheduled')"), "true");
  query(stack.url, "select vigil_api.schedule('*/5 * * * *')");
  await up(name, { quiet: true, schedule: true });
  assert.equal(query(stack.url, jobs), "*/5 * * * *");
});

test("up after down starts the stack again on the port it had", async () => {
  down(name, { quiet: true });
  assert.equal(isRunning(name), false);
  const again = await up(name, { quiet: true, schedule: true });
  assert.equal(again.port, stack.port);
  assert.equal(query(again.url, "select 1"), "1");
});

test("after kill -9 of the postmaster during a busy query, up starts the stack on the first try on the same port", async () => {
  // A query busy on the CPU only notices its postmaster's death when it next waits: its backend
  // outlives the postmaster and holds the shared memory a new server refuses to share.
  const busy = spawn("psql", ["-X", "-d", stack.url, "-c",
    "set statement_timeout = '120s'; select count(*) from generate_series(1, 5000000000)"], { stdio: "ignore" });
  try {
    const active = `select count(*) from pg_stat_activity where query like '%generate_series(1, 5000000000)%' and state = 'active' and pid <> pg_backend_pid()`;
    for (let i = 0; i < 100 && query(stack.url, active) !== "1"; i++) await sleep(100);
    assert.equal(query(stack.url, active), "1", "the busy query is running");
    const pid = Number(readFileSync(join(stack.dir, "data", "postmaster.pid"), "utf8").split("\n")[0]);
    process.kill(pid, "SIGKILL");
    for (let i = 0; i < 100 && pidAlive(pid); i++) await sleep(100);
    assert.equal(isRunning(name), false, "the stack is down after the crash");
    const again = await up(name, { quiet: true, schedule: true });
    assert.equal(again.port, stack.port);
    assert.equal(query(again.url, "select count(*) from vigil.maintenance_settings"), "1");
  } finally {
    busy.kill();
  }
});
