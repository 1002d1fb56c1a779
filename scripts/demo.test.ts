// The demo as a new user runs it: its simulated outage makes its alerts fire (not `nodata`), its long
// step says what it is doing, and it ends by saying how to open the console on what it recorded.
// requires: a cluster of its own (the demo runs maintenance and evaluates every tenant's rules)
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { after, test } from "node:test";
import postgres from "postgres";
import { ROOT } from "./lib/stack.ts";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is required: run through `npm test`");
const sql = postgres(url, { onnotice: () => {}, max: 1 });
after(() => sql.end());

test("npm run demo: the outage on the traffic's operations fires its alerts, and the last lines point at the console", async () => {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "scripts", "vigil.ts"), "demo"],
    { cwd: ROOT, encoding: "utf8", env: { ...process.env, DATABASE_URL: url } });
  assert.equal(r.status, 0, r.stderr);
  const out = r.stdout;
  assert.match(out, /^sending 13,192 events through vigil_api\.ingest, 500 a call…$/m, "the seeding step shows itself");
  assert.match(out, /^ {2}firing +critical +Error rate above 5% \[payment\.charge\]: /m);
  assert.match(out, /^ {2}firing +warning +Checkout slower than 800 ms \(p95\): /m);
  assert.doesNotMatch(out, /nodata/, "the outage's operations are the traffic's, so no series lacks data");
  assert.match(out, /acknowledged "Error rate above 5%"/);
  assert.match(out.trimEnd().split("\n").slice(-3).join("\n"), /npm run vigil -- dashboard/);

  const tenant = /^tenant {2}Demo shop, \S+ \(([0-9a-f-]{36})\)$/m.exec(out)?.[1];
  assert.ok(tenant, "the demo names its tenant");
  const alerts = await sql<{ rule: string; state: string }[]>`
    select rule, state from vigil_api.list_alerts(${tenant}::uuid)
    where labels ->> 'name' = 'payment.charge' and rule = 'Error rate above 5%'`;
  assert.deepEqual(alerts.map((a) => ({ ...a })), [{ rule: "Error rate above 5%", state: "firing" }]);
});
