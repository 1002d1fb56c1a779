// The CLI's own behaviour, run as a user runs it.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { ROOT } from "./lib/stack.ts";

function vigil(...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "scripts", "vigil.ts"), ...args],
    { cwd: ROOT, encoding: "utf8" });
}

test("--help and -h print the commands as help does, and exit 0", () => {
  const help = vigil("help");
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^usage: npm run vigil -- <command>/);
  for (const flag of ["--help", "-h"]) {
    const r = vigil(flag);
    assert.equal(r.status, 0, `${flag}: ${r.stderr}`);
    assert.equal(r.stdout, help.stdout, flag);
    assert.equal(r.stderr, "", flag);
  }
});

test("an unknown command still says so and exits 2", () => {
  const r = vigil("--nope");
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown command "--nope"/);
});
