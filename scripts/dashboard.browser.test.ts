// The console in a real browser (Debian's Chromium) against the local server and seeded data: what the
// page shows equals what the RPCs return; an operator acts, a viewer cannot, a non-member is refused; the
// window selector changes the query; and the page asks no host but the local server. Screenshots of the
// main views go to .vigil/screenshots (not tracked); `vigil dashboard --screenshot` refreshes docs/images.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import postgres from "postgres";
import type { Browser, Page } from "playwright-core";
import { startDashboardServer, type DashboardServer } from "./commands/dashboard.ts";
import { chromiumMissing, launchChromium } from "./lib/chromium.ts";
import { ROOT } from "./lib/stack.ts";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is required: run through `npm test`");
const sql = postgres(url, { onnotice: () => {}, max: 4 });
const SHOTS = join(ROOT, ".vigil", "screenshots");
const skip = chromiumMissing();

const run = `${process.pid}-${Date.now()}`;
let tenant = "";
const users = { admin: "", viewer: "", operator: "", stranger: "" };
let server: DashboardServer | undefined;
let browser: Browser | undefined;

/** A fresh browser context signed in as `who` through the local server's sign-in (the picker's request). */
async function signedIn(who: keyof typeof users, path = ""): Promise<{ page: Page; requests: { url: string; body: string | null }[] }> {
  const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
  // Generous: these machines are shared, and a page waits on the database under whatever load there is.
  context.setDefaultTimeout(120_000);
  const page = await context.newPage();
  const requests: { url: string; body: string | null }[] = [];
  page.on("request", (r) => requests.push({ url: r.url(), body: r.postData() }));
  const signIn = await context.request.post(`${server!.url}local/sign-in`, { data: { user: users[who] } });
  assert.equal(signIn.status(), 200);
  await page.goto(`${server!.url}${path}`);
  await page.waitForSelector("vigil-dashboard .cards, vigil-dashboard .refusal, vigil-dashboard .empty");
  return { page, requests };
}

async function texts(page: Page, selector: string, attribute?: string): Promise<string[]> {
  return await page.locator(selector).evaluateAll((els, a) => els.map((e) => (a ? e.getAttribute(a) : e.textContent) ?? ""), attribute ?? null);
}

/** The same call the page makes, as the same user, straight to the database. */
async function asUser<T>(who: keyof typeof users, query: (tx: postgres.TransactionSql) => Promise<T>): Promise<T> {
  return await sql.begin(async (tx) => {
    await tx`select set_config('role', 'authenticated', true),
                    set_config('request.jwt.claims', ${JSON.stringify({ sub: users[who], role: "authenticated" })}, true)`;
    return await query(tx);
  }) as T;
}

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  for (const who of Object.keys(users) as (keyof typeof users)[]) {
    const [{ id }] = await sql`insert into auth.users (id, email, role, aud)
                               values (gen_random_uuid(), ${`console-${who}-${run}@example.com`}, 'authenticated', 'authenticated') returning id`;
    users[who] = id;
  }
  const [{ t }] = await sql`select vigil_api.create_tenant('Console shop', ${"console-" + run}, ${users.admin}::uuid) as t`;
  tenant = t.id;
  await sql`select vigil_api.add_member(${tenant}::uuid, ${users.viewer}::uuid, 'viewer'),
                   vigil_api.add_member(${tenant}::uuid, ${users.operator}::uuid, 'operator')`;
  await sql`select vigil.ensure_partitions((now() at time zone 'UTC')::date - 8, (now() at time zone 'UTC')::date + 1)`;
  // Two hours of three operations (one with failures), an error group, and an LCP sample.
  await sql`
    insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success, error_type)
    select ${tenant}::uuid, 'operation', op, now() - (g * interval '1 minute') - interval '5 seconds',
           base + (g % 17) * 3, not (op = 'checkout' and g % 9 = 0), case when op = 'checkout' and g % 9 = 0 then 'TimeoutError' end
    from generate_series(1, 120) g, (values ('checkout', 240), ('search', 90), ('login', 40)) o(op, base)`;
  await sql`insert into vigil.events (tenant_id, kind, name, occurred_at, error_type, error_message, fingerprint, success)
            values (${tenant}::uuid, 'error', 'TypeError', now() - interval '3 minutes', 'TypeError', 'x is undefined', 'console-fp', false)`;
  await sql`insert into vigil.events (tenant_id, kind, name, occurred_at, value) values (${tenant}::uuid, 'web_vital', 'LCP', now() - interval '2 minutes', 1900)`;
  // A rule that fires at once, so there is an alert to act on.
  await sql.begin(async (tx) => {
    await tx`select set_config('role', 'service_role', true), set_config('request.jwt.claims', '{"role":"service_role"}', true)`;
    await tx`select vigil_api.create_alert_rule(${tenant}::uuid, ${sql.json({ name: "Checkout volume", metric: "count", comparator: "gte", threshold: 0, window: "10 minutes", min_events: 0, severity: "warning" })})`;
  });
  await sql`select vigil.evaluate_alerts(now())`;
  if (skip) return;
  server = await startDashboardServer({ sql });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close().catch(() => {});
  await server?.close();
  await sql.end();
});

describe("the console in Chromium", { skip }, () => {
  test("a viewer signs in with the picker and sees the RPCs' numbers, with no action buttons", async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(120_000);
    const page = await context.newPage();
    const hosts = new Set<string>();
    page.on("request", (r) => hosts.add(new URL(r.url()).host));
    await page.goto(server!.url);
    await page.click(`button[data-user="${users.viewer}"]`);
    await page.waitForSelector(`vigil-dashboard [data-card="errors"]`);
    await page.waitForSelector("vigil-dashboard .chart canvas");
    await page.screenshot({ path: join(SHOTS, "viewer-1h.png"), fullPage: true });
    assert.match(await page.locator("#who").textContent() ?? "", /console-viewer/);

    const q = new URL(page.url()).searchParams;
    assert.equal(q.get("tenant"), tenant, "the tenant is in the URL");
    assert.equal(q.get("window"), "1h");
    const until = new Date();
    const summary = await asUser("viewer", async (tx) => (await tx`select vigil_api.summary(${tenant}::uuid, ${new Date(until.getTime() - 3_600_000)}, ${until}) as s`)[0].s);
    assert.equal(JSON.parse((await texts(page, `vigil-dashboard [data-card="errors"] .value`, "data-raw"))[0]), summary.errors, "the errors card is summary().errors");
    assert.equal(JSON.parse((await texts(page, `vigil-dashboard [data-card="alerts"] .value`, "data-raw"))[0]), summary.open_alerts, "the alerts card is summary().open_alerts");

    const ops = await asUser("viewer", (tx) => tx`select kind, name, count, p95_ms from vigil_api.operation_stats(${tenant}::uuid, ${new Date(until.getTime() - 3_600_000)}, ${until}, null, null, 10)`);
    assert.deepEqual(await texts(page, "vigil-dashboard [data-operation]", "data-operation"), ops.map((o) => `${o.kind}:${o.name}`), "the operations, in operation_stats' order (by count)");
    for (const o of ops) {
      const row = `vigil-dashboard [data-operation="${o.kind}:${o.name}"]`;
      assert.equal(Number((await texts(page, `${row} [data-col="count"]`, "data-raw"))[0]), Number(o.count), `${o.name}: count`);
      const p95 = JSON.parse((await texts(page, `${row} [data-col="p95_ms"]`, "data-raw"))[0]);
      assert.ok(p95 === o.p95_ms || Math.abs(p95 - o.p95_ms) / o.p95_ms < 1e-9, `${o.name}: p95 ${p95} vs ${o.p95_ms}`);
    }
    const alerts = await asUser("viewer", (tx) => tx`select id from vigil_api.list_alerts(${tenant}::uuid, '{pending,firing,recovering}')`);
    assert.deepEqual(await texts(page, "vigil-dashboard [data-alert]", "data-alert"), alerts.map((a) => a.id), "the open alerts are list_alerts()");
    assert.equal(await page.locator("vigil-dashboard [data-action]").count(), 0, "a viewer has no action button");
    assert.deepEqual(await texts(page, `vigil-dashboard [data-fingerprint="console-fp"] .badge`), ["NEW"], "a group first seen in the window is NEW");
    assert.deepEqual([...hosts], [new URL(server!.url).host], "no request to any host but the local server");
    await context.close();
  });

  test("the window selector changes the query and the URL; headers sort the operations", async () => {
    const { page, requests } = await signedIn("viewer");
    const calls = () => requests.filter((r) => r.url.endsWith("/rest/v1/rpc/dashboard")).map((r) => JSON.parse(r.body!));
    assert.equal(calls().length, 1);
    const first = calls()[0];
    assert.equal(Date.parse(first.p_until) - Date.parse(first.p_since), 3_600_000, "1 h by default");
    await page.click(`vigil-dashboard button[data-window="6h"]`);
    await page.waitForFunction(() => location.search.includes("window=6h"));
    await page.waitForSelector(`vigil-dashboard button[data-window="6h"][aria-pressed="true"]`);
    const last = calls().at(-1);
    assert.equal(Date.parse(last.p_until) - Date.parse(last.p_since), 6 * 3_600_000, "the 6 h button asks for 6 hours");
    await page.screenshot({ path: join(SHOTS, "viewer-6h.png"), fullPage: true });

    await page.click(`vigil-dashboard th[data-sort="p95_ms"]`);
    const p95s = (await texts(page, `vigil-dashboard [data-operation] [data-col="p95_ms"]`, "data-raw")).map((v) => JSON.parse(v) as number);
    assert.deepEqual(p95s, [...p95s].sort((a, b) => b - a), "sorted by p95, highest first");
    assert.match(page.url(), /sort=-p95_ms/, "the sort is in the URL");
  });

  test("an operator's Acknowledge changes list_alerts", async () => {
    const { page } = await signedIn("operator");
    const [alert] = await asUser("operator", (tx) => tx`select id, acknowledged_at from vigil_api.list_alerts(${tenant}::uuid, '{firing}')`);
    assert.equal(alert.acknowledged_at, null);
    await page.screenshot({ path: join(SHOTS, "operator-alerts.png"), fullPage: true });
    await page.click(`vigil-dashboard [data-alert="${alert.id}"] button[data-action="acknowledge"]`);
    await page.waitForSelector(`vigil-dashboard [data-alert="${alert.id}"] [data-col="acknowledged"]:text("yes")`);
    const [after] = await asUser("operator", (tx) => tx`select acknowledged_at, acknowledged_by from vigil_api.list_alerts(${tenant}::uuid, '{firing}')`);
    assert.notEqual(after.acknowledged_at, null, "acknowledged in the database");
    assert.equal(after.acknowledged_by, users.operator, "by the operator signed in on the page");
  });

  test("a non-member sees the database's refusal", async () => {
    const { page } = await signedIn("stranger", `?tenant=${tenant}`);
    await page.screenshot({ path: join(SHOTS, "non-member.png"), fullPage: true });
    assert.deepEqual(await texts(page, "vigil-dashboard .refusal .message"), ["You must be a viewer of this tenant to do this."]);
    assert.deepEqual(await texts(page, "vigil-dashboard .refusal", "data-code"), ["42501"]);
  });
});
