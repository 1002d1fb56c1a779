// Claims and their leases: several send-alert runs at once against slow, failing and hanging
// receivers deliver every notification once per channel, and a run that lost its claim sends no more.
import assert from "node:assert/strict";
import postgres from "postgres";
import { createSendAlertHandler } from "../../functions/send-alert/handler.ts";
import { addChannel, addFiringRule, connectTest, DATABASE_URL, deps, dropTenant, evaluate, makeTenant, post, sleep, testEnv } from "./_support/db.ts";
import { fakePagerDuty, fakeResend, type Recorded } from "./_support/providers.ts";

const SECRETS = { VIGIL_RESEND_API_KEY: "re_lease_test", VIGIL_PAGERDUTY_ROUTING_KEY: "R0UT1NGKEY0000000000000000000000" };
const session = () => postgres(DATABASE_URL, { max: 2, onnotice: () => {} });

/** Which notification a request carried: Resend's Idempotency-Key, PagerDuty's dedup key and action. */
const emailKey = (r: Recorded) => r.headers.get("idempotency-key") ?? "";
const pagerKey = (r: Recorded) => {
  const b = JSON.parse(r.body) as { dedup_key: string; event_action: string };
  return `${b.dedup_key}:${b.event_action}`;
};
const tally = (keys: string[]) => keys.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>());

/** `rules` rules on an email and a PagerDuty channel, each fired and then resolved: 4 notifications a rule. */
async function outboxOfTransitions(sql: postgres.Sql, tenant: string, rules: number) {
  const channels = [
    await addChannel(sql, tenant, "email", "email", { to: ["oncall@example.com"], from: "Vigil <alerts@example.com>" }),
    await addChannel(sql, tenant, "pagerduty", "pagerduty", { source: "lease-test" }),
  ];
  for (let i = 0; i < rules; i++) await addFiringRule(sql, tenant, `rule ${i}`, channels);
  await evaluate(sql);
  await sql`update vigil.alert_rules set threshold = 1000 where tenant_id = ${tenant}`;
  await sleep(5);
  await evaluate(sql);
  const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from vigil.alert_notifications where tenant_id = ${tenant}`;
  assert.equal(n, rules * 4, "each rule fired and resolved, on two channels");
}

/** Calls send-alert on every handler in a loop, all at once, until no notification of the tenant is left to send. */
async function runUntilSettled(sql: postgres.Sql, tenant: string, handlers: ((r: Request) => Promise<Response>)[], maxMs = 30_000) {
  const started = Date.now();
  const settled = async () => {
    const [{ open }] = await sql<{ open: number }[]>`
      select count(*)::int as open from vigil.alert_notifications where tenant_id = ${tenant} and status not in ('delivered', 'dead')`;
    return open === 0;
  };
  await Promise.all(handlers.map(async (handle) => {
    while (Date.now() - started < maxMs && !(await settled())) {
      const res = await handle(post());
      assert.equal(res.status, 200, await res.clone().text());
      await sleep(50);
    }
  }));
  return Date.now() - started;
}

Deno.test("four runs against a slow receiver with a lease shorter than a batch deliver every notification exactly once per channel", async () => {
  const setup = connectTest();
  const mail = fakeResend(SECRETS.VIGIL_RESEND_API_KEY);
  const pager = fakePagerDuty(SECRETS.VIGIL_PAGERDUTY_ROUTING_KEY);
  mail.delayMs = pager.delayMs = 300;
  const tenant = await makeTenant(setup, "slow");
  const runs = [session(), session(), session(), session()];
  try {
    await outboxOfTransitions(setup, tenant, 10);
    // 40 notifications, two at a time per run, 300 ms each: one run's batch takes about 6 s, the
    // lease is 2.5 s and the per-request timeout 500 ms.
    const env = {
      ...testEnv({ SEND_ALERT_TIMEOUT_MS: "500", SEND_ALERT_CONCURRENCY: "2", RESEND_API_URL: mail.url, PAGERDUTY_EVENTS_URL: pager.url }),
      SEND_ALERT_LEASE_SECONDS: 2.5,
    };
    const ms = await runUntilSettled(setup, tenant, runs.map((db) => createSendAlertHandler(deps(db, env, SECRETS))));

    const twice = [...tally(mail.requests.map(emailKey)), ...tally(pager.requests.map(pagerKey))].filter(([, n]) => n > 1);
    assert.deepEqual(twice, [], `notifications sent more than once (settled in ${ms} ms)`);
    assert.equal(mail.requests.length, 20, "every email notification was sent");
    assert.equal(pager.requests.length, 20, "every PagerDuty notification was sent");
    const rows = await setup<{ status: string; attempts: number; logged: number }[]>`
      select n.status, n.attempts, (select count(*)::int from vigil.alert_delivery_attempts a where a.notification_id = n.id) as logged
      from vigil.alert_notifications n where n.tenant_id = ${tenant}`;
    assert.deepEqual(rows.filter((r) => r.status !== "delivered" || r.attempts !== 1 || r.logged !== 1), [],
      "each notification is delivered on its first attempt, with that one attempt logged");
  } finally {
    await dropTenant(setup, tenant);
    await Promise.all([mail.close(), pager.close(), ...runs.map((r) => r.end()), setup.end()]);
  }
});
