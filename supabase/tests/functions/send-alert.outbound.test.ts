// send-alert checks every URL again at send time, after DNS: a refused address is recorded as
// refused with no request sent, and a redirect to an internal server is never followed.
// requires: a cluster of its own (send-alert claims from the whole outbox, so another file's rows would be taken)
import assert from "node:assert/strict";
import { createSendAlertHandler } from "../../functions/send-alert/handler.ts";
import type { Lookup } from "../../functions/_shared/outbound.ts";
import { addChannel, addFiringRule, allowLoopback, connectTest, deps, dropTenant, evaluate, makeTenant, post, testEnv } from "./_support/db.ts";
import { fakeWebhook } from "./_support/providers.ts";

const SECRETS = { VIGIL_WEBHOOK_SECRET: "whsec-outbound", VIGIL_RESEND_API_KEY: "re_test_outbound" };

Deno.test("a channel whose name resolves to 127.0.0.1 is refused at send time while loopback is off, and no request is sent", async () => {
  const sql = connectTest();
  const hook = fakeWebhook(SECRETS.VIGIL_WEBHOOK_SECRET);
  const tenant = await makeTenant(sql, "rebind");
  const port = new URL(hook.url).port;
  // hooks.example.com passes the form check when the channel is made; its DNS answer is loopback.
  const lookup: Lookup = (host) => Promise.resolve(host === "hooks.example.com" ? [{ address: "127.0.0.1", family: 4 }] : []);
  try {
    const byName = await addChannel(sql, tenant, "by name", "webhook", { url: `https://hooks.example.com:${port}/hooks/vigil` });
    const local = await addChannel(sql, tenant, "localhost", "webhook", { url: `http://localhost:${port}/hooks/vigil` });
    await addFiringRule(sql, tenant, "Refused", [byName, local]);
    await allowLoopback(sql, false);
    await evaluate(sql);
    const res = await (await createSendAlertHandler(deps(sql, testEnv(), SECRETS, lookup))(post())).json();
    assert.equal(res.data.claimed, 2);
    assert.equal(res.data.dead, 2, JSON.stringify(res.data.results));
    assert.equal(hook.requests.length, 0, "no request reached the receiver");
    const attempts = await sql<{ channel: string; outcome: string; error: string }[]>`
      select c.name as channel, a.outcome, a.error from vigil.alert_delivery_attempts a
      join vigil.alert_notifications n on n.id = a.notification_id join vigil.alert_channels c on c.id = n.channel_id
      where n.tenant_id = ${tenant} order by c.name`;
    assert.deepEqual(attempts.map((a) => `${a.channel}:${a.outcome}`), ["by name:refused", "localhost:refused"]);
    assert.match(attempts[0].error, /refused by the outbound guard: it points at a loopback address \(hooks\.example\.com resolves to 127\.0\.0\.1\); no request was sent/);
    assert.match(attempts[1].error, /refused by the outbound guard: it points at a loopback address; no request was sent/);
  } finally {
    await allowLoopback(sql, true);
    await dropTenant(sql, tenant);
    await hook.close();
    await sql.end();
  }
});

Deno.test("a redirect to an internal server is not followed and the internal text never appears in alert_delivery_stats", async () => {
  const sql = connectTest();
  const inside: string[] = [];
  const internal = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    inside.push(`${req.method} ${new URL(req.url).pathname}`);
    return new Response("INTERNAL-ONLY: db password is hunter2", { status: 500 });
  });
  const redirector = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} },
    () => new Response("moved", { status: 307, headers: { location: `http://127.0.0.1:${internal.addr.port}/admin` } }));
  const tenant = await makeTenant(sql, "redirect");
  try {
    const ch = await addChannel(sql, tenant, "hook", "webhook", { url: `http://127.0.0.1:${redirector.addr.port}/hooks/vigil` });
    await addFiringRule(sql, tenant, "Redirected", [ch]);
    await evaluate(sql);
    const res = await (await createSendAlertHandler(deps(sql, testEnv(), SECRETS))(post())).json();
    assert.equal(res.data.dead, 1, JSON.stringify(res.data.results));
    assert.deepEqual(inside, [], "the internal server was never called");
    const [stats] = await sql<{ last_error: string; dead: number }[]>`
      select last_error, dead::int from vigil_api.alert_delivery_stats(${tenant})`;
    assert.equal(stats.dead, 1, "a redirect is a permanent failure");
    assert.equal(stats.last_error, "HTTP 307: redirect refused (redirects are not followed)");
    assert.doesNotMatch(JSON.stringify(await sql`select * from vigil.alert_delivery_attempts a
      join vigil.alert_notifications n on n.id = a.notification_id where n.tenant_id = ${tenant}`), /INTERNAL-ONLY/);
  } finally {
    await dropTenant(sql, tenant);
    await Promise.all([internal.shutdown(), redirector.shutdown()]);
    await sql.end();
  }
});

Deno.test("a provider URL of the function's configuration is guarded too: a private address is refused", async () => {
  const sql = connectTest();
  const tenant = await makeTenant(sql, "provider");
  try {
    const ch = await addChannel(sql, tenant, "email", "email", { to: ["oncall@example.com"], from: "Vigil <alerts@example.com>" });
    await addFiringRule(sql, tenant, "Provider", [ch]);
    await evaluate(sql);
    const env = testEnv({ RESEND_API_URL: "https://10.0.0.7" });
    const res = await (await createSendAlertHandler(deps(sql, env, SECRETS))(post())).json();
    assert.equal(res.data.dead, 1);
    assert.match(res.data.results[0].error, /refused by the outbound guard: it points at a private network address; no request was sent/);
  } finally {
    await dropTenant(sql, tenant);
    await sql.end();
  }
});
