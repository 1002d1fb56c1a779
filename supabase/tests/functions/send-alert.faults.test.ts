// Scripted provider faults: 5xx retries with backoff until delivered, 4xx is dead-lettered at once,
// 429 waits for retry-after, a hanging server times out and is retried.
// requires: a cluster of its own (send-alert claims from the whole outbox, so another file's rows would be taken)
import assert from "node:assert/strict";
import type postgres from "postgres";
import { createSendAlertHandler } from "../../functions/send-alert/handler.ts";
import { addChannel, addFiringRule, connectTest, deps, dropTenant, evaluate, makeTenant, post, sleep, testEnv } from "./_support/db.ts";
import { type Fault, fakeSlack } from "./_support/providers.ts";

/** One Slack channel and one firing rule; runs send-alert every 50 ms until the notification settles. */
async function scenario(faults: Fault[], envOver: Record<string, string> = {}, maxMs = 8000) {
  const sql = connectTest();
  const slack = fakeSlack();
  slack.faults.push(...faults);
  const tenant = await makeTenant(sql, "faults");
  try {
    const ch = await addChannel(sql, tenant, "slack", "slack", {});
    await addFiringRule(sql, tenant, "Faulty", [ch]);
    await evaluate(sql);
    const handle = createSendAlertHandler(deps(sql, testEnv(envOver), { VIGIL_SLACK_WEBHOOK_URL: `${slack.url}/services/T/B/X` }));
    const started = Date.now();
    let status = "pending";
    while (Date.now() - started < maxMs) {
      await handle(post());
      [{ status }] = await sql<{ status: string }[]>`select status from vigil.alert_notifications where tenant_id = ${tenant}`;
      if (status === "delivered" || status === "dead") break;
      await sleep(50);
    }
    // Once settled, further runs send nothing.
    await handle(post());
    const attempts = await sql<{ outcome: string; status_code: number | null; error: string | null }[]>`
      select a.outcome, a.status_code, a.error from vigil.alert_delivery_attempts a
      join vigil.alert_notifications n on n.id = a.notification_id where n.tenant_id = ${tenant} order by a.id`;
    return { status, attempts: [...attempts], requests: slack.requests, sql: sql as postgres.Sql, tenant };
  } finally {
    await dropTenant(sql, tenant);
    await slack.close();
    await sql.end();
  }
}

Deno.test("500, 500, then 200 gives exactly one delivery and three recorded attempts", async () => {
  const r = await scenario([{ status: 500 }, { status: 500 }]);
  assert.equal(r.status, "delivered");
  assert.equal(r.requests.length, 3);
  assert.deepEqual(r.attempts.map((a) => `${a.outcome}:${a.status_code}`), ["retry:500", "retry:500", "delivered:200"]);
  // Backoff: 50 ms base, doubled, jittered into its upper half: at least 25 ms, then 50 ms.
  assert.ok(r.requests[1].at - r.requests[0].at >= 25, "the first retry waited for the backoff");
  assert.ok(r.requests[2].at - r.requests[1].at >= 50, "the second retry waited longer");
});

Deno.test("a 404 is dead-lettered at once", async () => {
  const r = await scenario([{ status: 404, body: "no_service" }]);
  assert.equal(r.status, "dead");
  assert.equal(r.requests.length, 1, "a permanent error is never retried");
  assert.deepEqual(r.attempts.map((a) => `${a.outcome}:${a.status_code}`), ["permanent:404"]);
  assert.match(r.attempts[0].error ?? "", /HTTP 404: no_service/);
});

Deno.test("a 429 with retry-after: 2 is retried no earlier than 2 s later", async () => {
  const r = await scenario([{ status: 429, headers: { "retry-after": "2" } }]);
  assert.equal(r.status, "delivered");
  assert.equal(r.requests.length, 2);
  const waited = r.requests[1].at - r.requests[0].at;
  assert.ok(waited >= 2000, `retried after ${waited} ms`);
  assert.deepEqual(r.attempts.map((a) => `${a.outcome}:${a.status_code}`), ["retry:429", "delivered:200"]);
});

Deno.test("a hanging server times out and the notification is retried", async () => {
  const r = await scenario(["hang"], { SEND_ALERT_TIMEOUT_MS: "300" });
  assert.equal(r.status, "delivered");
  assert.equal(r.requests.length, 2);
  assert.deepEqual(r.attempts.map((a) => `${a.outcome}:${a.status_code ?? "-"}`), ["retry:-", "delivered:200"]);
  assert.equal(r.attempts[0].error, "timed out after 300 ms");
});

Deno.test("retries stop at the attempt limit and the row is dead-lettered", async () => {
  const r = await scenario([{ status: 503 }, { status: 503 }, { status: 503 }], { SEND_ALERT_MAX_ATTEMPTS: "3" });
  assert.equal(r.status, "dead");
  assert.equal(r.requests.length, 3);
  assert.deepEqual(r.attempts.map((a) => a.outcome), ["retry", "retry", "retry"]);
});
