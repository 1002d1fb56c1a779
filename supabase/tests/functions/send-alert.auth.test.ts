// send-alert answers only the service role key, and refuses bad input with the field named.
// requires: a cluster of its own (send-alert claims from the whole outbox, so another file's rows would be taken)
import assert from "node:assert/strict";
import { createSendAlertHandler } from "../../functions/send-alert/handler.ts";
import { parseSendAlertEnv } from "../../functions/_shared/env.ts";
import { connectTest, deps, post, SERVICE_KEY, testEnv } from "./_support/db.ts";

Deno.test("send-alert refuses a request without the service role key with 401", async () => {
  const sql = connectTest();
  try {
    const handle = createSendAlertHandler(deps(sql, testEnv(), {}));
    const none = await handle(new Request("http://127.0.0.1/send-alert", { method: "POST", body: "{}" }));
    assert.equal(none.status, 401);
    assert.match((await none.json()).error, /service role key/);
    const anonKey = await handle(post({}, "an-anon-key"));
    assert.equal(anonKey.status, 401);
    const prefix = await handle(post({}, SERVICE_KEY.slice(0, -1)));
    assert.equal(prefix.status, 401, "a prefix of the key is not the key");
    const ok = await handle(post({}));
    assert.equal(ok.status, 200);
    const body = await ok.json();
    assert.equal(body.error, null);
    assert.equal(typeof body.data.claimed, "number");
  } finally {
    await sql.end();
  }
});

Deno.test("send-alert refuses a body it does not understand, naming the field", async () => {
  const sql = connectTest();
  try {
    const handle = createSendAlertHandler(deps(sql, testEnv(), {}));
    const bad = await handle(post({ limit: 0 }));
    assert.equal(bad.status, 400);
    assert.match((await bad.json()).error, /^limit: /);
    const unknown = await handle(post({ limt: 5 }));
    assert.equal(unknown.status, 400);
    assert.match((await unknown.json()).error, /limt/);
    const get = await handle(new Request("http://127.0.0.1/send-alert", { headers: { Authorization: `Bearer ${SERVICE_KEY}` } }));
    assert.equal(get.status, 405);
  } finally {
    await sql.end();
  }
});

Deno.test("a missing or malformed setting fails at start-up with its name", () => {
  const missing = parseSendAlertEnv({ SUPABASE_DB_URL: "postgresql://x@127.0.0.1/db" });
  assert.equal(missing.data, null);
  assert.match(missing.error ?? "", /SUPABASE_SERVICE_ROLE_KEY/);
  const bad = parseSendAlertEnv({ SUPABASE_SERVICE_ROLE_KEY: "k", SUPABASE_DB_URL: "postgresql://x@127.0.0.1/db", RESEND_API_URL: "not a url" });
  assert.match(bad.error ?? "", /RESEND_API_URL/);
  const good = parseSendAlertEnv({ SUPABASE_SERVICE_ROLE_KEY: "k", SUPABASE_DB_URL: "postgresql://x@127.0.0.1/db" });
  assert.equal(good.data?.PAGERDUTY_EVENTS_URL, "https://events.pagerduty.com");
});
