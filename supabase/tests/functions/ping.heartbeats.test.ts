// The ping function against the real database, as anon: success, start, fail and exit status pings
// move the heartbeat and keep the body's start; an unknown token is 404 and records nothing.
import assert from "node:assert/strict";
import { createPingHandler, postgresPing } from "../../functions/ping/handler.ts";
import { connectTest, dropTenant, makeTenant } from "./_support/db.ts";

Deno.test("pings move a heartbeat, keep the body's start, and an unknown token records nothing", async () => {
  const sql = connectTest();
  const tenant = await makeTenant(sql, "ping");
  const handler = createPingHandler({ ping: postgresPing(sql) });
  const call = (path: string, body?: string) =>
    handler(new Request(`http://127.0.0.1/functions/v1/ping/${path}`, body === undefined ? {} : { method: "POST", body }));
  try {
    const [hb] = await sql<{ id: string; token: string }[]>`
      select r ->> 'id' as id, r ->> 'ping_token' as token
      from vigil_api.create_monitor(${tenant}, '{"name": "backup", "type": "heartbeat", "period_seconds": 3600}') r`;
    const state = async () => (await sql<{ state: string }[]>`select state from vigil.monitor_state where monitor_id = ${hb.id}`)[0].state;

    const start = await call(`${hb.token}/start`);
    assert.deepEqual([start.status, await start.text()], [200, "OK\n"]);
    const ok = await call(hb.token, "dumped 42 tables\n" + "x".repeat(5000));
    assert.equal(ok.status, 200);
    await ok.body?.cancel();
    assert.equal(await state(), "up");
    const [kept] = await sql<{ n: number; len: number; duration: number | null }[]>`
      select count(*)::int as n, max(length(body)) as len, max(duration_ms) as duration from vigil.heartbeat_pings where monitor_id = ${hb.id}`;
    assert.deepEqual([kept.n, kept.len], [2, 1000], "both pings are kept, each body cut to 1,000 characters");
    assert.ok(kept.duration !== null && kept.duration >= 0, "the success after a start carries the job's duration");

    assert.equal((await call(`${hb.token}/3`)).status, 200);
    assert.equal(await state(), "down", "exit status 3 is a failure");
    assert.equal((await call(`${hb.token}/0`)).status, 200);
    assert.equal(await state(), "up", "exit status 0 is a success");
    assert.equal((await call(`${hb.token}/fail`)).status, 200);
    assert.equal(await state(), "down", "fail is down at once");

    const [before] = await sql<{ n: number }[]>`select count(*)::int as n from vigil.heartbeat_pings where tenant_id = ${tenant}`;
    const unknown = await call("hb_not-a-token");
    assert.deepEqual([unknown.status, await unknown.text()], [404, "not found\n"]);
    const bad = await call(`${hb.token}/reboot`);
    assert.equal(bad.status, 400);
    await bad.body?.cancel();
    const [after] = await sql<{ n: number }[]>`select count(*)::int as n from vigil.heartbeat_pings where tenant_id = ${tenant}`;
    assert.equal(after.n, before.n, "nothing was recorded for them");
    const events = await sql<{ success: boolean }[]>`select success from vigil.events where tenant_id = ${tenant} and name = 'check:backup' order by id`;
    assert.deepEqual(events.map((e) => e.success), [true, false, true, false], "each success or failure ping is a check event");
  } finally {
    await sql`delete from vigil.heartbeat_pings where tenant_id = ${tenant}`;
    await dropTenant(sql, tenant);
    await sql.end();
  }
});
