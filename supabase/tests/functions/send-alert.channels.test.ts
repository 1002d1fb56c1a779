// Each channel's request has its provider's documented shape, and a firing and its resolution are
// each delivered exactly once per channel; a two-level rule's move to critical re-triggers PagerDuty
// with the raised severity and sends a new email.
// requires: a cluster of its own (send-alert claims from the whole outbox, so another file's rows would be taken)
import assert from "node:assert/strict";
import { createSendAlertHandler } from "../../functions/send-alert/handler.ts";
import { addChannel, addFiringRule, connectTest, deps, dropTenant, evaluate, makeTenant, post, testEnv } from "./_support/db.ts";
import { fakePagerDuty, fakeResend, fakeSlack, fakeTwilio, fakeWebhook } from "./_support/providers.ts";

const SID = "AC" + "0123456789abcdef".repeat(2);
const SECRETS = {
  VIGIL_RESEND_API_KEY: "re_test_123",
  VIGIL_TWILIO_AUTH_TOKEN: "twilio-token",
  VIGIL_PAGERDUTY_ROUTING_KEY: "R0UTINGKEY0000000000000000000000",
  VIGIL_WEBHOOK_SECRET: "whsec-shared",
};

Deno.test("all five channels get their provider's request shape, firing once and resolved once", async () => {
  const sql = connectTest();
  const slack = fakeSlack();
  const resend = fakeResend(SECRETS.VIGIL_RESEND_API_KEY);
  const twilio = fakeTwilio(SID, SECRETS.VIGIL_TWILIO_AUTH_TOKEN);
  const pd = fakePagerDuty(SECRETS.VIGIL_PAGERDUTY_ROUTING_KEY);
  const hook = fakeWebhook(SECRETS.VIGIL_WEBHOOK_SECRET);
  const tenant = await makeTenant(sql, "channels");
  try {
    const channels = [
      await addChannel(sql, tenant, "slack", "slack", {}),
      await addChannel(sql, tenant, "email", "email", { to: ["oncall@example.com"], from: "Vigil <alerts@example.com>" }),
      await addChannel(sql, tenant, "sms", "sms", { to: "+15551230000", from: "+15559870000", account_sid: SID }),
      await addChannel(sql, tenant, "pagerduty", "pagerduty", { source: "shop-api" }),
      await addChannel(sql, tenant, "webhook", "webhook", { url: `${hook.url}/hooks/vigil` }),
    ];
    const rule = await addFiringRule(sql, tenant, "Checkout volume", channels, { runbook_url: "https://runbooks.example.com/checkout" });
    const env = testEnv({ RESEND_API_URL: resend.url, TWILIO_API_URL: twilio.url, PAGERDUTY_EVENTS_URL: pd.url });
    const handle = createSendAlertHandler(deps(sql, env, { ...SECRETS, VIGIL_SLACK_WEBHOOK_URL: `${slack.url}/services/T000/B000/XXXX` }));

    await evaluate(sql);
    const first = await (await handle(post())).json();
    assert.equal(first.data.claimed, 5);
    assert.equal(first.data.delivered, 5, JSON.stringify(first.data.results));
    const [{ dedup_key }] = await sql<{ dedup_key: string }[]>`select dedup_key from vigil.alerts where rule_id = ${rule}`;

    // Slack: Block Kit with a header, the rule, value, threshold, a link, and the dedup key in context.
    const s = JSON.parse(slack.requests[0].body);
    assert.equal(slack.requests[0].path, "/services/T000/B000/XXXX");
    assert.equal(s.blocks[0].type, "header");
    assert.match(s.blocks[0].text.text, /FIRING: Checkout volume/);
    const fields = s.blocks[1].fields.map((f: { text: string }) => f.text).join("\n");
    assert.match(fields, /\*Rule\*\nCheckout volume/);
    assert.match(fields, /\*Value\*\n0/);
    assert.match(fields, /\*Threshold\*\ncount ≥ 0/);
    assert.ok(s.blocks.some((b: { type: string; elements?: { url?: string }[] }) =>
      b.type === "actions" && b.elements?.[0].url === "https://runbooks.example.com/checkout"), "a link button");
    assert.match(s.blocks.at(-1).elements[0].text, new RegExp(dedup_key));

    // Resend: Bearer key, from/to/subject/html/text, Idempotency-Key from dedup key + state + severity + sequence + channel.
    const r = resend.requests[0];
    assert.equal(r.headers.get("authorization"), "Bearer re_test_123");
    const e = JSON.parse(r.body);
    assert.deepEqual(e.to, ["oncall@example.com"]);
    assert.equal(e.from, "Vigil <alerts@example.com>");
    assert.match(e.subject, /^\[FIRING\]\[critical\] Checkout volume/);
    assert.match(e.html, /<h2>FIRING: Checkout volume<\/h2>/);
    assert.match(e.text, /Dedup key: vigil-/);
    assert.equal(r.headers.get("idempotency-key"), `${dedup_key}-firing-critical-1-${channels[1]}`);

    // Twilio: form-encoded To/From/Body with basic auth.
    const t = new URLSearchParams(twilio.requests[0].body);
    assert.equal(twilio.requests[0].path, `/2010-04-01/Accounts/${SID}/Messages.json`);
    assert.equal(t.get("To"), "+15551230000");
    assert.equal(t.get("From"), "+15559870000");
    assert.match(t.get("Body")!, /^\[FIRING\] Checkout volume/);

    // PagerDuty: trigger with the dedup key and payload summary/source/severity.
    const p = JSON.parse(pd.requests[0].body);
    assert.equal(p.routing_key, SECRETS.VIGIL_PAGERDUTY_ROUTING_KEY);
    assert.equal(p.event_action, "trigger");
    assert.equal(p.dedup_key, dedup_key);
    assert.equal(p.payload.source, "shop-api");
    assert.equal(p.payload.severity, "critical");
    assert.match(p.payload.summary, /Checkout volume/);

    // Webhook: JSON signed with the shared secret (the fake rejects a bad signature with 401).
    const w = JSON.parse(hook.requests[0].body);
    assert.equal(hook.requests[0].path, "/hooks/vigil");
    assert.equal(w.type, "alert.firing");
    assert.equal(w.alert.dedup_key, dedup_key);
    assert.match(hook.requests[0].headers.get("x-vigil-signature")!, /^sha256=[0-9a-f]{64}$/);

    // Nothing more is sent while it keeps firing.
    await evaluate(sql);
    assert.equal((await (await handle(post())).json()).data.claimed, 0);

    // Resolve: the metric clears (threshold raised), each channel hears the resolution once.
    await sql`update vigil.alert_rules set threshold = 1000 where id = ${rule}`;
    await evaluate(sql);
    const second = await (await handle(post())).json();
    assert.equal(second.data.delivered, 5, JSON.stringify(second.data.results));
    assert.equal(JSON.parse(pd.requests[1].body).event_action, "resolve");
    assert.equal(JSON.parse(pd.requests[1].body).dedup_key, dedup_key);
    assert.match(JSON.parse(slack.requests[1].body).blocks[0].text.text, /RESOLVED/);
    assert.equal(resend.requests[1].headers.get("idempotency-key"), `${dedup_key}-resolved-critical-2-${channels[1]}`);
    assert.equal(JSON.parse(hook.requests[1].body).type, "alert.resolved");

    await evaluate(sql);
    assert.equal((await (await handle(post())).json()).data.claimed, 0);
    for (const server of [slack, resend, twilio, pd, hook]) assert.equal(server.requests.length, 2, "one firing and one resolution per channel");
    const attempts = await sql`select count(*)::int as n from vigil.alert_delivery_attempts a
      join vigil.alert_notifications n on n.id = a.notification_id where n.tenant_id = ${tenant} and a.outcome = 'delivered'`;
    assert.equal(attempts[0].n, 10);
  } finally {
    await dropTenant(sql, tenant);
    await Promise.all([slack, resend, twilio, pd, hook].map((s) => s.close()));
    await sql.end();
  }
});

Deno.test("an acknowledgement reaches PagerDuty as acknowledge on the same dedup key", async () => {
  const sql = connectTest();
  const pd = fakePagerDuty(SECRETS.VIGIL_PAGERDUTY_ROUTING_KEY);
  const tenant = await makeTenant(sql, "ack");
  try {
    const ch = await addChannel(sql, tenant, "pagerduty", "pagerduty", {});
    const rule = await addFiringRule(sql, tenant, "Ack me", [ch]);
    const handle = createSendAlertHandler(deps(sql, testEnv({ PAGERDUTY_EVENTS_URL: pd.url }), SECRETS));
    await evaluate(sql);
    await handle(post());
    await sql`select vigil_api.acknowledge_alert(id) from vigil.alerts where rule_id = ${rule}`;
    const res = await (await handle(post())).json();
    assert.equal(res.data.delivered, 1);
    const [trigger, ack] = pd.requests.map((r) => JSON.parse(r.body));
    assert.equal(trigger.event_action, "trigger");
    assert.equal(ack.event_action, "acknowledge");
    assert.equal(ack.dedup_key, trigger.dedup_key);
  } finally {
    await dropTenant(sql, tenant);
    await pd.close();
    await sql.end();
  }
});

Deno.test("a channel whose secret is set nowhere is dead-lettered with a message naming the secret", async () => {
  const sql = connectTest();
  const tenant = await makeTenant(sql, "nosecret");
  try {
    const ch = await addChannel(sql, tenant, "slack", "slack", {}, "VIGIL_SLACK_OPS");
    await addFiringRule(sql, tenant, "No secret", [ch]);
    const handle = createSendAlertHandler(deps(sql, testEnv(), {}));
    await evaluate(sql);
    const res = await (await handle(post())).json();
    assert.equal(res.data.dead, 1);
    assert.match(res.data.results[0].error, /VIGIL_SLACK_OPS is not set/);
  } finally {
    await dropTenant(sql, tenant);
    await sql.end();
  }
});

Deno.test("a move from warning to critical re-triggers PagerDuty with the raised severity and sends a new email", async () => {
  const sql = connectTest();
  const pd = fakePagerDuty(SECRETS.VIGIL_PAGERDUTY_ROUTING_KEY);
  const resend = fakeResend(SECRETS.VIGIL_RESEND_API_KEY);
  const tenant = await makeTenant(sql, "levels");
  try {
    const channels = [
      await addChannel(sql, tenant, "pagerduty", "pagerduty", {}),
      await addChannel(sql, tenant, "email", "email", { to: ["oncall@example.com"], from: "Vigil <alerts@example.com>" }),
    ];
    // No events: a count of 0 is at the warning level (>= 0), not yet at the critical one (>= 5).
    await addFiringRule(sql, tenant, "Checkout volume", channels, { warning_threshold: 0, threshold: 5 });
    const handle = createSendAlertHandler(deps(sql, testEnv({ PAGERDUTY_EVENTS_URL: pd.url, RESEND_API_URL: resend.url }), SECRETS));
    await evaluate(sql);
    assert.equal((await (await handle(post())).json()).data.delivered, 2);

    await sql`insert into vigil.events (tenant_id, kind, name, occurred_at, received_at, success)
              select ${tenant}, 'operation', 'checkout', now(), now(), true from generate_series(1, 10)`;
    await evaluate(sql);
    const res = await (await handle(post())).json();
    assert.equal(res.data.delivered, 2, JSON.stringify(res.data.results));

    const [warning, critical] = pd.requests.map((r) => JSON.parse(r.body));
    assert.equal(warning.event_action, "trigger");
    assert.equal(warning.payload.severity, "warning");
    assert.equal(critical.event_action, "trigger", "the documented way to change an open alert: trigger again on its dedup key");
    assert.equal(critical.dedup_key, warning.dedup_key);
    assert.equal(critical.payload.severity, "critical");
    assert.equal(critical.payload.custom_details.previous_severity, "warning");
    assert.equal(critical.payload.custom_details.threshold, 5, "the threshold of the level it is in");

    const keys = resend.requests.map((r) => r.headers.get("idempotency-key") ?? "");
    assert.match(keys[0], /-firing-warning-1-/);
    assert.match(keys[1], /-firing-critical-2-/);
    assert.match(JSON.parse(resend.requests[1].body).subject, /^\[FIRING\]\[critical\] Checkout volume/);
  } finally {
    await dropTenant(sql, tenant);
    await Promise.all([pd, resend].map((s) => s.close()));
    await sql.end();
  }
});
