// The console in a real browser (Debian's Chromium) against the local server and seeded data: what the
// page shows equals what the RPCs return; an operator acts, a viewer cannot, a non-member is refused; the
// window selector changes the query; the funnel table is funnel(); the hosted page signs in with email and
// password; <vigil-dashboard> works on a page of its own; and the page asks no host but the local server.
// Screenshots of the main views go to .vigil/screenshots (not tracked); `vigil dashboard --screenshot`
// refreshes docs/images.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import postgres from "postgres";
import type { Browser, Page } from "playwright-core";
import { SignJWT } from "jose";
import { formatRatio } from "../dashboard/format.ts";
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
  // Milestones for the funnel: six users sign up, four verify, two order (each step after the one before).
  await sql`
    insert into vigil.events (tenant_id, kind, name, occurred_at, user_id)
    select ${tenant}::uuid, 'milestone', s.name, now() - interval '50 minutes' + s.n * interval '5 minutes' + u * interval '10 seconds', 'funnel-user-' || u
    from generate_series(1, 6) u, (values ('signup', 0, 6), ('verify', 1, 4), ('first_order', 2, 2)) s(name, n, reached)
    where u <= s.reached`;
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
    const asked: { p_since: string; p_until: string }[] = [];
    page.on("request", (r) => {
      hosts.add(new URL(r.url()).host);
      if (r.url().endsWith("/rest/v1/rpc/dashboard")) asked.push(JSON.parse(r.postData()!));
    });
    await page.goto(server!.url);
    await page.click(`button[data-user="${users.viewer}"]`);
    await page.waitForSelector(`vigil-dashboard [data-card="errors"]`);
    await page.waitForSelector("vigil-dashboard .chart canvas");
    await page.screenshot({ path: join(SHOTS, "viewer-1h.png"), fullPage: true });
    assert.match(await page.locator("#who").textContent() ?? "", /console-viewer/);

    const q = new URL(page.url()).searchParams;
    assert.equal(q.get("tenant"), tenant, "the tenant is in the URL");
    assert.equal(q.get("window"), "1h");
    // The page's own window (the clock moves on while a loaded machine draws it).
    const { p_since: since, p_until: until } = asked.at(-1)!;
    const summary = await asUser("viewer", async (tx) => (await tx`select vigil_api.summary(${tenant}::uuid, ${since}, ${until}) as s`)[0].s);
    assert.equal(JSON.parse((await texts(page, `vigil-dashboard [data-card="errors"] .value`, "data-raw"))[0]), summary.errors, "the errors card is summary().errors");
    assert.equal(JSON.parse((await texts(page, `vigil-dashboard [data-card="alerts"] .value`, "data-raw"))[0]), summary.open_alerts, "the alerts card is summary().open_alerts");

    const ops = await asUser("viewer", (tx) => tx`select kind, name, count, p95_ms from vigil_api.operation_stats(${tenant}::uuid, ${since}, ${until}, null, null, 10)`);
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

  test("the funnel table is funnel() over the page's window, step by step", async () => {
    const { page, requests } = await signedIn("viewer", `?tenant=${tenant}&window=1h&funnel=signup,verify,first_order`);
    await page.waitForSelector(`vigil-dashboard [data-section="funnel"] [data-step]`);
    await page.screenshot({ path: join(SHOTS, "funnel.png"), fullPage: true });
    const asked = requests.filter((r) => r.url.endsWith("/rest/v1/rpc/funnel")).map((r) => JSON.parse(r.body!)).at(-1);
    assert.deepEqual(asked.p_steps, ["signup", "verify", "first_order"], "the steps of the URL");
    const steps = await asUser("viewer", (tx) => tx`select name, count, conversion_from_previous from vigil_api.funnel(${tenant}::uuid, ${asked.p_steps}, ${asked.p_since}, ${asked.p_until})`);
    assert.deepEqual(steps.map((x) => [x.name, Number(x.count)]), [["signup", 6], ["verify", 4], ["first_order", 2]], "the seeded milestones");
    assert.deepEqual(await texts(page, `vigil-dashboard [data-section="funnel"] [data-step]`, "data-step"), steps.map((x) => x.name));
    assert.deepEqual((await texts(page, `vigil-dashboard [data-section="funnel"] [data-step] [data-raw]`, "data-raw")).map(Number), steps.map((x) => Number(x.count)));
    assert.deepEqual(await texts(page, `vigil-dashboard [data-section="funnel"] [data-step] td:nth-child(3)`),
      steps.map((x) => formatRatio(x.conversion_from_previous)), "conversion from the step before");
    assert.deepEqual(steps.slice(1).map((x) => Math.round(x.conversion_from_previous * 100)), [67, 50]);
  });

  test("the hosted page signs in with email and password through Supabase Auth's token endpoint", async () => {
    // The page as built for a hosted project whose Supabase URL is a local server answering the one
    // Auth request it makes; its RPCs then carry the access token, whose claims the replay sets.
    const email = `console-operator-${run}@example.com`;
    const hosted = await startDashboardServer({ sql, passwordSignIn: { passwords: { [email]: "correct horse battery" } } });
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(120_000);
    try {
      const page = await context.newPage();
      const seen: { method: string; url: URL; auth: string | undefined }[] = [];
      page.on("request", (r) => seen.push({ method: r.method(), url: new URL(r.url()), auth: r.headers().authorization }));
      await page.goto(`${hosted.url}?tenant=${tenant}`);
      await page.fill(`input[name="email"]`, email);
      await page.fill(`input[name="password"]`, "wrong");
      await page.click(`button[type="submit"]`);
      await page.waitForSelector(`.sign-in .message:text("Invalid login credentials")`);
      await page.fill(`input[name="password"]`, "correct horse battery");
      await page.click(`button[type="submit"]`);
      await page.waitForSelector(`vigil-dashboard [data-card="errors"]`);
      assert.match(await page.locator("#who").textContent() ?? "", new RegExp(email.replace(/[.]/g, "\\.")));
      await page.screenshot({ path: join(SHOTS, "hosted-sign-in.png"), fullPage: true });
      assert.ok(await page.locator(`vigil-dashboard [data-action]`).count() > 0, "the operator's claims reached the database: it may act");

      const auth = seen.filter((r) => r.url.pathname.startsWith("/auth/"));
      assert.deepEqual(auth.map((r) => `${r.method} ${r.url.pathname}${r.url.search}`), Array(2).fill("POST /auth/v1/token?grant_type=password"),
        "Supabase Auth is asked for a token once per attempt, and for nothing else");
      const rpcs = seen.filter((r) => r.url.pathname.startsWith("/rest/v1/rpc/"));
      assert.ok(rpcs.length > 0 && rpcs.every((r) => /^Bearer ey/.test(r.auth ?? "")), "every RPC carries the access token");
      assert.deepEqual([...new Set(seen.map((r) => r.url.host))], [new URL(hosted.url).host], "no request to any host but the Supabase URL");

      // The replay trusts the tokens it signed and nothing else: a token signed with another key is
      // refused, and the anon key is anon (refused by the database).
      const forged = await new SignJWT({ role: "authenticated" }).setProtectedHeader({ alg: "HS256" }).setSubject(users.operator)
        .setAudience("authenticated").setExpirationTime("1h").sign(new TextEncoder().encode("not the server's key, 32 bytes!!"));
      const call = (token: string) => context.request.post(`${hosted.url}rest/v1/rpc/list_alerts`, { headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, data: { p_tenant: tenant } });
      assert.equal((await call(forged)).status(), 401, "a token the server did not sign");
      assert.equal((await call("local")).status(), 401, "the anon key");
    } finally {
      await context.close();
      await hosted.close();
    }
  });

  test("<vigil-dashboard> works on an app's own page, with its attributes and without touching the URL", async () => {
    // An admin page of the app's own: the module and the element, nothing of the standalone page.
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(120_000);
    try {
      const signIn = await context.request.post(`${server!.url}local/sign-in`, { data: { user: users.viewer } });
      assert.equal(signIn.status(), 200);
      const page = await context.newPage();
      const origin = server!.url.replace(/\/$/, "");
      await page.route(`${server!.url}admin/health?x=1`, (route) => route.fulfill({ contentType: "text/html", body: `<!doctype html>
<html><head><meta charset="utf-8"><title>Shop admin</title><script type="module" src="/vigil-dashboard.js"></script></head>
<body><h1 id="app-title">Shop admin: health</h1>
<vigil-dashboard supabase-url="${origin}" anon-key="local" tenant="${tenant}" window="6h"></vigil-dashboard></body></html>` }));
      const bodies: { url: string; body: string | null }[] = [];
      const hosts = new Set<string>();
      page.on("request", (r) => {
        hosts.add(new URL(r.url()).host);
        bodies.push({ url: r.url(), body: r.postData() });
      });
      await page.goto(`${server!.url}admin/health?x=1`);
      await page.waitForSelector(`vigil-dashboard [data-card="errors"]`);
      await page.waitForSelector("vigil-dashboard .chart canvas");
      await page.screenshot({ path: join(SHOTS, "web-component.png"), fullPage: true });
      assert.equal(await page.locator("#app-title").textContent(), "Shop admin: health", "the app's own page around it");
      assert.equal(new URL(page.url()).search, "?x=1", "the element leaves the app's URL alone");
      const asked = bodies.filter((r) => r.url.endsWith("/rest/v1/rpc/dashboard")).map((r) => JSON.parse(r.body!)).at(-1);
      assert.equal(asked.p_tenant, tenant, "the tenant attribute");
      assert.equal(Date.parse(asked.p_until) - Date.parse(asked.p_since), 6 * 3_600_000, "the window attribute");
      const summary = await asUser("viewer", async (tx) => (await tx`select vigil_api.summary(${tenant}::uuid, ${asked.p_since}, ${asked.p_until}) as s`)[0].s);
      assert.equal(JSON.parse((await texts(page, `vigil-dashboard [data-card="errors"] .value`, "data-raw"))[0]), summary.errors, "the errors card is summary().errors");
      assert.equal(await page.locator("vigil-dashboard [data-action]").count(), 0, "a viewer has no action button");
      assert.deepEqual([...hosts], [new URL(server!.url).host], "no request to any host but the Supabase URL");
    } finally {
      await context.close();
    }
  });

  test("a non-member sees the database's refusal", async () => {
    const { page } = await signedIn("stranger", `?tenant=${tenant}`);
    await page.screenshot({ path: join(SHOTS, "non-member.png"), fullPage: true });
    assert.deepEqual(await texts(page, "vigil-dashboard .refusal .message"), ["You must be a viewer of this tenant to do this."]);
    assert.deepEqual(await texts(page, "vigil-dashboard .refusal", "data-code"), ["42501"]);
  });
});
