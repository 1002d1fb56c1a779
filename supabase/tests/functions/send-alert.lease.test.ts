// Claims and their leases: several send-alert runs at once against slow, failing and hanging
// receivers deliver every notification once per channel, and a run that lost its claim sends no more.
// requires: a cluster of its own (send-alert claims from the whole outbox, so another file's rows would be taken)
import assert from "node:assert/strict";
import postgres from "postgres";
import { parseSendAlertEnv } from "../../functions/_shared/env.ts";
import { createSendAlertHandler } from "../../functions/send-alert/handler.ts";
import { addChannel, addFiringRule, connectTest, DATABASE_URL, deps, dropTenant, evaluate, makeTenant, post, sleep, testEnv } from "./_support/db.ts";
import { fakePagerDuty, fakeResend, type Recorded } from "./_support/providers.ts";

const SECRETS = { VIGIL_RESEND_API_KEY: "re_lease_test", VIGIL_PAGERDUTY_ROUTING_KEY: "R0UT1NGKEY0000000000000000000000" };
const session = () => postgres(DATABASE_URL, { max: 2, onnotice: () => {} });

// A worker claims a row just before sending it and does not send when less than the timeout and a
// margin is left of the lease, so the lease's room beyond its minimum (timeout + 2 s) is the time a
// claim may take to reach its send. At the minimum that room is 1 s, and a busy machine (the suites
// run at once, beside other work) took longer: the row became a "not sent" retry. The lease here leaves
// 3 s of room and is still shorter than one run's batch; the timeout leaves 1.2 s over the receivers'
// 300 ms.
const TIMEOUT_MS = 1500;
const LEASE_SECONDS = (TIMEOUT_MS + 4000) / 1000;
/** Four runs' settings against the two receivers: two sends at a time, the short lease. */
const raceEnv = (mail: { url: string }, pager: { url: string }) =>
  testEnv({ SEND_ALERT_TIMEOUT_MS: String(TIMEOUT_MS), SEND_ALERT_LEASE_SECONDS: String(LEASE_SECONDS),
    SEND_ALERT_CONCURRENCY: "2", RESEND_API_URL: mail.url, PAGERDUTY_EVENTS_URL: pager.url });

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
    // lease is 5.5 s and the per-request timeout 1.5 s.
    const env = raceEnv(mail, pager);
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

Deno.test("failing and hanging receivers with four runs at once: each notification is delivered once and every attempt is logged", async () => {
  const setup = connectTest();
  const mail = fakeResend(SECRETS.VIGIL_RESEND_API_KEY);
  const pager = fakePagerDuty(SECRETS.VIGIL_PAGERDUTY_ROUTING_KEY);
  mail.delayMs = pager.delayMs = 250;
  mail.faults.push({ status: 500 }, { status: 429, headers: { "retry-after": "1" } }, "hang", { status: 503 }, { status: 500 });
  pager.faults.push("hang", { status: 429, headers: { "retry-after": "1" } }, { status: 500 }, { status: 502 });
  const faults = mail.faults.length + pager.faults.length;
  const tenant = await makeTenant(setup, "faulty");
  const runs = [session(), session(), session(), session()];
  try {
    // As above, one run's batch would outlast its lease: 40 notifications, 250 ms each, two at a time.
    await outboxOfTransitions(setup, tenant, 10);
    const env = raceEnv(mail, pager);
    await runUntilSettled(setup, tenant, runs.map((db) => createSendAlertHandler(deps(db, env, SECRETS))));

    // Which request carried which notification, from the outbox's own rows.
    const rows = await setup<{ id: string; email: boolean; key: string; status: string; attempts: number }[]>`
      select n.id::text, c.type = 'email' as email, n.status, n.attempts,
             case when c.type = 'email' then n.idempotency_key
                  else n.dedup_key || ':' || case n.kind when 'resolved' then 'resolve' else 'trigger' end end as key
      from vigil.alert_notifications n join vigil.alert_channels c on c.id = n.channel_id where n.tenant_id = ${tenant}`;
    const sent = [...mail.requests.map((r) => ({ key: emailKey(r), r })), ...pager.requests.map((r) => ({ key: pagerKey(r), r }))];
    assert.equal(sent.length, rows.length + faults, "one request per notification and one per scripted fault");
    const logged = await setup<{ id: string; outcome: string; status_code: number | null; error: string | null }[]>`
      select a.notification_id::text as id, a.outcome, a.status_code, a.error from vigil.alert_delivery_attempts a
      join vigil.alert_notifications n on n.id = a.notification_id where n.tenant_id = ${tenant} order by a.id`;
    for (const row of rows) {
      const mine = sent.filter((s) => s.key === row.key).map((s) => s.r);
      const ok = mine.filter((r) => typeof r.answered === "number" && r.answered < 300);
      assert.equal(row.status, "delivered", `notification ${row.id} is delivered`);
      assert.equal(ok.length, 1, `notification ${row.id} was accepted by its receiver exactly once`);
      const attempts = logged.filter((a) => a.id === row.id);
      assert.equal(attempts.length, mine.length, `every request for notification ${row.id} is a logged attempt`);
      assert.equal(row.attempts, mine.length, `and counted once`);
      const throttled = mine.findIndex((r) => r.answered === 429);
      if (throttled >= 0) {
        const waited = mine[throttled + 1].at - mine[throttled].at;
        assert.ok(waited >= 1000, `a 429 with retry-after: 1 was retried ${waited} ms later`);
      }
    }
    const failures = logged.filter((a) => a.outcome === "retry").map((a) => a.status_code ?? a.error).sort();
    assert.deepEqual(failures, [429, 429, 500, 500, 500, 502, 503, `timed out after ${TIMEOUT_MS} ms`, `timed out after ${TIMEOUT_MS} ms`].sort(),
      "each failure is logged as a retry, a hang as a timeout");
  } finally {
    await dropTenant(setup, tenant);
    await Promise.all([mail.close(), pager.close(), ...runs.map((r) => r.end()), setup.end()]);
  }
});

/** Waits until check() holds, failing after 30 s with what was awaited rather than hanging the suite. */
async function until(what: string, check: () => boolean | Promise<boolean>) {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up after 30 s waiting until ${what}`);
    await sleep(20);
  }
}

/** A promise that stays pending until its release() is called. */
function gate() {
  let release = () => {};
  const wait = new Promise<void>((resolve) => (release = resolve));
  return { wait, release };
}

/** Three email notifications and two runs: A, which is made to stall past its lease, and B, which takes over (unless told not to). */
async function takeover(stall: "before the send" | "after the answer", takeOver = true) {
  const sql = connectTest();
  const mail = fakeResend(SECRETS.VIGIL_RESEND_API_KEY);
  const tenant = await makeTenant(sql, "takeover");
  const stalled = gate();
  try {
    const ch = await addChannel(sql, tenant, "email", "email", { to: ["oncall@example.com"], from: "Vigil <alerts@example.com>" });
    for (let i = 0; i < 3; i++) await addFiringRule(sql, tenant, `rule ${i}`, [ch]);
    await evaluate(sql);
    // A timeout of 1 s: at 300 ms a busy machine could time the request out before the receiver took it,
    // and the wait for that request below would wait in vain. A lease of 5 s, not the shortest allowed
    // (3 s): a run sends only while the timeout and its margin (2 s) are left of its lease, and on a
    // loaded machine reading the secret and building the request after the claim took over a second.
    const env = testEnv({ SEND_ALERT_TIMEOUT_MS: "1000", SEND_ALERT_LEASE_SECONDS: "5", SEND_ALERT_CONCURRENCY: "1", RESEND_API_URL: mail.url });
    const a = deps(sql, env, SECRETS);
    if (stall === "before the send") {
      // as if reading the secret from Vault took longer than the lease
      const secret = a.secret;
      a.secret = async (name) => (await stalled.wait, secret(name));
    } else {
      // as if the run's process froze between the receiver's answer and recording it
      const db = a.db;
      a.db = new Proxy(db, {
        apply(target, self, args: unknown[]) {
          const recording = Array.isArray(args[0]) && (args[0] as string[]).join("").includes("record_alert_delivery");
          return recording ? stalled.wait.then(() => Reflect.apply(target, self, args)) : Reflect.apply(target, self, args);
        },
      });
    }
    const runA = createSendAlertHandler(a)(post()).then((r) => r.json());
    let lease: Date | undefined;
    await until("run A claims a notification", async () => {
      [{ lease }] = await sql<{ lease: Date | undefined }[]>`
        select max(lease_until) as lease from vigil.alert_notifications where tenant_id = ${tenant} and status = 'sending'`;
      return lease !== undefined && lease !== null;
    });
    if (stall === "after the answer") await until("run A's request reaches the receiver", () => mail.requests.length > 0);
    if (!lease) throw new Error("unreachable: until() saw the lease");
    await sleep(lease.getTime() - Date.now() + 100);
    const b = takeOver ? await (await createSendAlertHandler(deps(sql, env, SECRETS))(post({ limit: 1 }))).json() : { data: null };
    stalled.release();
    const summaryA = (await runA).data;
    const rows = await sql<{ status: string; attempts: string[] }[]>`
      select n.status, array(select a.attempt || ':' || a.outcome from vigil.alert_delivery_attempts a where a.notification_id = n.id order by a.id) as attempts
      from vigil.alert_notifications n where n.tenant_id = ${tenant} order by n.id`;
    return { a: summaryA, b: b.data, rows: [...rows], requests: mail.requests };
  } finally {
    stalled.release();
    await dropTenant(sql, tenant);
    await mail.close();
    await sql.end();
  }
}

/** Run a stalled or ran late on its one claim, found it lost and stopped: the outbox shows only the attempt of the run that took the row over. */
function assertTakenOver(r: Awaited<ReturnType<typeof takeover>>, what: string) {
  assert.deepEqual([r.a.claimed, r.a.lost, r.a.delivered], [1, 1, 0], `the ${what} run found its claim lost and stopped`);
  assert.deepEqual(r.rows, [
    { status: "delivered", attempts: ["2:delivered"] },
    { status: "pending", attempts: [] },
    { status: "pending", attempts: [] },
  ], `only the second claim's attempt is logged, and the ${what} run claimed nothing more`);
}

Deno.test("a run that stalls past its lease before sending sends nothing, and the run that took the row over delivers it once", async () => {
  const r = await takeover("before the send");
  assert.equal(r.requests.length, 1, "one request in all: the one of the run that took the row over");
  assert.deepEqual([r.b.claimed, r.b.delivered], [1, 1]);
  assertTakenOver(r, "stalled");
});

Deno.test("a run that stalls past its lease before sending, with nobody taking over, sends nothing on that claim and logs why", async () => {
  const r = await takeover("before the send", false);
  assert.equal(r.requests.length, 3, "each notification once");
  assert.deepEqual([r.a.claimed, r.a.lost, r.a.delivered, r.a.retrying], [4, 0, 3, 1], "the run went on: its claims were still its own");
  assert.equal(r.rows[0].status, "delivered");
  assert.deepEqual(r.rows[0].attempts, ["1:retry", "2:delivered"], "the stalled claim is a logged attempt, retried at once");
  assert.deepEqual(r.rows.slice(1), [{ status: "delivered", attempts: ["1:delivered"] }, { status: "delivered", attempts: ["1:delivered"] }]);
  assert.match(r.a.results.find((x: { status: string }) => x.status === "retrying").error, /^not sent: \d+ ms were left of the claim's lease/);
});

Deno.test("a run whose claim was taken over sends nothing more and its late result is not recorded", async () => {
  const r = await takeover("after the answer");
  // A run frozen for longer than the lease after its request went out cannot be told apart from
  // one that died: the row is sent again, with the same idempotency key (at-least-once).
  assert.equal(r.requests.length, 2, "the first notification twice, nothing else");
  assert.equal(new Set(r.requests.map(emailKey)).size, 1, "both with the same Idempotency-Key");
  assertTakenOver(r, "late"); // its late result is not recorded
});

Deno.test("settings under which a send could outlive its claim's lease are refused at start-up, naming both settings", async () => {
  const base = { SUPABASE_SERVICE_ROLE_KEY: "k", SUPABASE_DB_URL: "postgresql://x@127.0.0.1:1/db" };
  const unsafe = parseSendAlertEnv({ ...base, SEND_ALERT_TIMEOUT_MS: "10000", SEND_ALERT_LEASE_SECONDS: "10" });
  assert.equal(unsafe.data, null);
  assert.match(unsafe.error ?? "", /SEND_ALERT_LEASE_SECONDS: 10 s is too short: a lease must be at least SEND_ALERT_TIMEOUT_MS \(10000 ms\) plus 2 s, i\.e\. 12/);
  assert.ok(parseSendAlertEnv({ ...base, SEND_ALERT_TIMEOUT_MS: "10000", SEND_ALERT_LEASE_SECONDS: "12" }).data, "12 s covers 10 s and the margins");
  assert.ok(parseSendAlertEnv(base).data, "the defaults (10 s timeout, 120 s lease) are safe");

  const started = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", "--no-prompt", "--config", new URL("../../../deno.json", import.meta.url).pathname,
      new URL("../../functions/send-alert/index.ts", import.meta.url).pathname],
    env: { ...base, SEND_ALERT_TIMEOUT_MS: "10000", SEND_ALERT_LEASE_SECONDS: "10", NO_COLOR: "1" },
    stdout: "piped", stderr: "piped",
  }).spawn();
  const timer = setTimeout(() => started.kill(), 20_000);
  const out = await started.output();
  clearTimeout(timer);
  const stderr = new TextDecoder().decode(out.stderr);
  assert.notEqual(out.code, 0, "the function does not start");
  assert.match(stderr, /send-alert is misconfigured: SEND_ALERT_LEASE_SECONDS: 10 s is too short: a lease must be at least SEND_ALERT_TIMEOUT_MS/);
});
