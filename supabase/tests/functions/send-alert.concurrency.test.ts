// Concurrency with real sessions: two evaluate_alerts at the same moment enqueue exactly one
// notification per transition and channel, and two send-alert runs never deliver a row twice.
// requires: a cluster of its own (send-alert claims from the whole outbox, so another file's rows would be taken)
import assert from "node:assert/strict";
import postgres from "postgres";
import { createSendAlertHandler } from "../../functions/send-alert/handler.ts";
import { addChannel, addFiringRule, connectTest, DATABASE_URL, deps, dropTenant, makeTenant, post, testEnv } from "./_support/db.ts";
import { fakeSlack, fakeWebhook } from "./_support/providers.ts";

const session = () => postgres(DATABASE_URL, { max: 1, onnotice: () => {} });

Deno.test("two sessions evaluating at the same moment enqueue one notification per transition and channel", async () => {
  const setup = connectTest();
  const a = session();
  const b = session();
  const tenant = await makeTenant(setup, "concurrent");
  try {
    const channels = [await addChannel(setup, tenant, "slack", "slack", {}),
      await addChannel(setup, tenant, "hook", "webhook", { url: "https://hooks.example.com/x" })];
    const rules = [];
    for (let i = 0; i < 5; i++) rules.push(await addFiringRule(setup, tenant, `rule ${i}`, channels));

    // Round 1: both sessions start together; session A holds its transaction open a while, so B
    // really runs while A has moved the states but not yet committed.
    const now = new Date().toISOString();
    const t0 = Date.now();
    const [ra, rb] = await Promise.all([
      a.begin(async (tx) => {
        const [r] = await tx`select vigil.evaluate_alerts(${now}::timestamptz) as r`;
        await tx`select pg_sleep(0.5)`;
        return r.r;
      }),
      (async () => {
        // B starts once A has evaluated and sits in its open transaction, however slow the machine
        // (a fixed 100 ms head start was not always enough for A under load).
        for (let i = 0; i < 300; i++) {
          const [{ waiting }] = await setup<{ waiting: boolean }[]>`select exists (select from pg_stat_activity
            where query = 'select pg_sleep(0.5)' and state = 'active' and pid <> pg_backend_pid()) as waiting`;
          if (waiting) break;
          await new Promise((res) => setTimeout(res, 10));
        }
        const [r] = await b`select vigil.evaluate_alerts(${now}::timestamptz) as r`;
        return { ...r.r, waited: Date.now() - t0 };
      })(),
    ]);
    assert.equal(ra.notifications + rb.notifications, 10, "5 firings x 2 channels, once");
    assert.equal(rb.notifications, 0, "the second session found nothing left to notify");
    assert.ok(rb.waited >= 450, `the second session waited for the first to commit (${rb.waited} ms)`);

    // Rounds 2..6: flip every rule between clear and breaching and race both sessions each time.
    for (let round = 0; round < 5; round++) {
      await setup`update vigil.alert_rules set threshold = ${round % 2 === 0 ? 1000 : 0} where tenant_id = ${tenant}`;
      const at = new Date().toISOString();
      await Promise.all([a`select vigil.evaluate_alerts(${at}::timestamptz)`, b`select vigil.evaluate_alerts(${at}::timestamptz)`]);
    }
    const rows = await setup<{ kind: string; n: number }[]>`
      select kind, count(*)::int as n from vigil.alert_notifications where tenant_id = ${tenant} group by kind order by kind`;
    // firing, resolved, firing, resolved, firing, resolved: 3 of each per rule and channel.
    assert.deepEqual(rows.map((r) => `${r.kind}:${r.n}`), ["firing:30", "resolved:30"]);
    const dupes = await setup`select alert_id, seq, channel_id from vigil.alert_notifications where tenant_id = ${tenant}
      group by 1, 2, 3 having count(*) > 1`;
    assert.equal(dupes.length, 0);
    const transitions = await setup`select count(*)::int as n from vigil.alert_history where tenant_id = ${tenant}`;
    assert.equal(transitions[0].n, 5 * 6, "each rule made exactly six transitions");
  } finally {
    await dropTenant(setup, tenant);
    await Promise.all([a.end(), b.end(), setup.end()]);
  }
});

Deno.test("two send-alert runs at once deliver every notification exactly once (for update skip locked)", async () => {
  const setup = connectTest();
  const slack = fakeSlack();
  const hook = fakeWebhook("whsec-concurrent");
  const tenant = await makeTenant(setup, "senders");
  const dbA = session();
  const dbB = session();
  try {
    const channels = [await addChannel(setup, tenant, "slack", "slack", {}),
      await addChannel(setup, tenant, "hook", "webhook", { url: `${hook.url}/in` })];
    for (let i = 0; i < 20; i++) await addFiringRule(setup, tenant, `rule ${i}`, channels);
    await setup`select vigil.evaluate_alerts()`;
    const secrets = { VIGIL_SLACK_WEBHOOK_URL: `${slack.url}/services/T/B/X`, VIGIL_WEBHOOK_SECRET: "whsec-concurrent" };
    const env = testEnv({ SEND_ALERT_BATCH: "10", SEND_ALERT_CONCURRENCY: "2" });
    const handleA = createSendAlertHandler(deps(dbA, env, secrets));
    const handleB = createSendAlertHandler(deps(dbB, env, secrets));
    for (let i = 0; i < 4; i++) await Promise.all([handleA(post()), handleB(post())]);
    assert.equal(slack.requests.length, 20);
    assert.equal(hook.requests.length, 20);
    const ids = hook.requests.map((r) => r.headers.get("x-vigil-delivery"));
    assert.equal(new Set(ids).size, 20, "no notification was delivered twice");
    const [{ delivered }] = await setup<{ delivered: number }[]>`
      select count(*) filter (where status = 'delivered')::int as delivered from vigil.alert_notifications where tenant_id = ${tenant}`;
    assert.equal(delivered, 40);
  } finally {
    await dropTenant(setup, tenant);
    await Promise.all([slack.close(), hook.close(), dbA.end(), dbB.end(), setup.end()]);
  }
});
