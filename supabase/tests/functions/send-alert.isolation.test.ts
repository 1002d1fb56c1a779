// One tenant's notification that cannot even be attempted (its secret lookup throws) is recorded as its
// own failed attempt, and the other tenants' notifications in the same run are delivered.
// requires: a cluster of its own (send-alert claims from the whole outbox, so another file's rows would be taken)
import assert from "node:assert/strict";
import { createSendAlertHandler } from "../../functions/send-alert/handler.ts";
import { addChannel, addFiringRule, connectTest, deps, dropTenant, evaluate, makeTenant, post, testEnv } from "./_support/db.ts";
import { fakeSlack } from "./_support/providers.ts";

Deno.test("a notification whose delivery throws is retried alone and the other tenants' are delivered in the same run", async () => {
  const sql = connectTest();
  const slack = fakeSlack();
  const broken = await makeTenant(sql, "isolation-broken");
  const healthy = await makeTenant(sql, "isolation-healthy");
  try {
    await addFiringRule(sql, broken, "Broken", [await addChannel(sql, broken, "slack", "slack", {}, "VIGIL_BROKEN_SECRET")]);
    await addFiringRule(sql, healthy, "Healthy", [await addChannel(sql, healthy, "slack", "slack", {})]);
    await evaluate(sql);
    const d = deps(sql, testEnv(), { VIGIL_SLACK_WEBHOOK_URL: `${slack.url}/services/T/B/X` });
    const secret = d.secret;
    d.secret = (name) => (name === "VIGIL_BROKEN_SECRET" ? Promise.reject(new Error("vault is unreachable")) : secret(name));
    const res = await createSendAlertHandler(d)(post());
    assert.equal(res.status, 200, "the run itself succeeds");
    const rows = await sql<{ tenant_id: string; status: string; error: string | null }[]>`
      select n.tenant_id::text, n.status, (select a.error from vigil.alert_delivery_attempts a where a.notification_id = n.id
                                           order by a.id desc limit 1) as error
      from vigil.alert_notifications n where n.tenant_id in (${broken}, ${healthy})`;
    const of = (t: string) => rows.filter((r) => r.tenant_id === t);
    assert.ok(of(healthy).length > 0 && of(healthy).every((r) => r.status === "delivered"), "the healthy tenant's notification is delivered");
    assert.ok(of(broken).length > 0 && of(broken).every((r) => r.status === "retrying"), "the broken one waits for its retry");
    assert.match(of(broken)[0].error ?? "", /could not be sent: vault is unreachable/);
    assert.equal(slack.requests.length, of(healthy).length, "only the healthy notification reached the receiver");
  } finally {
    await dropTenant(sql, broken);
    await dropTenant(sql, healthy);
    await slack.close();
    await sql.end();
  }
});
