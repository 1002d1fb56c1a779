// Rollbacks through the deploy function against local fakes of Vercel and Netlify and a signed
// webhook receiver: 201 then a finished job -> done; 409 -> dead at once; 503 then 201 -> one retry.
import assert from "node:assert/strict";
import { createDeployHandler } from "../../functions/deploy/handler.ts";
import type postgres from "postgres";
import { connectTest, dropTenant, sleep } from "./_support/db.ts";
import { deployDeps, deployEnv, type Fake, fakeNetlify, fakeReceiver, fakeVercel, rollbackScenario, runRequest } from "./deploy.fakes.ts";

const TOKEN = "vercel-token-" + crypto.randomUUID();

/** Runs the function until the rollback settles (or the time runs out), as pg_cron would every minute. */
async function settle(handle: (r: Request) => Promise<Response>, status: () => Promise<string>, maxMs = 6000) {
  const started = Date.now();
  while (Date.now() - started < maxMs) {
    const res = await handle(runRequest());
    assert.equal(res.status, 200, await res.clone().text());
    const s = await status();
    if (s !== "rolling_back") return s;
    await sleep(30);
  }
  return await status();
}

/**
 * One queued rollback run through the function against a fake provider until it settles: a tenant
 * whose target (of `provider`, with `config`) points at the fake, the function with `env` and the
 * provider token `token`; asserts the deployment ends `expected`, hands the rest to `check`, and
 * removes the tenant, the fake and the connection whatever happens.
 */
async function rollback<F extends Fake>(
  fake: F,
  target: { provider: string; config: Record<string, string>; env?: Record<string, string>; token?: string },
  expected: string,
  check: (t: { sql: postgres.Sql; fake: F; s: Awaited<ReturnType<typeof rollbackScenario>> }) => Promise<void> = async () => {},
) {
  const sql = connectTest();
  try {
    const s = await rollbackScenario(sql, target.provider, target.config);
    try {
      const handle = createDeployHandler(deployDeps(sql, deployEnv(target.env), { VIGIL_PROVIDER_TOKEN: target.token ?? TOKEN }));
      assert.equal(await settle(handle, s.status), expected);
      await check({ sql, fake, s });
    } finally {
      await dropTenant(sql, s.tenant);
    }
  } finally {
    await fake.close();
    await sql.end();
  }
}

Deno.test("Vercel: 201, then the job reported succeeded across runs -> rolled back, with the restored deployment live", async () => {
  const vercel = fakeVercel({ token: TOKEN, projectId: "prj_shop", teamId: "team_1", deployments: ["dpl_good"] });
  await rollback(vercel, { provider: "vercel", config: { project_id: "prj_shop", team_id: "team_1" }, env: { VERCEL_API_URL: vercel.url } },
    "rolled_back", async ({ sql, s }) => {
      const calls = vercel.seen.map((r) => `${r.method} ${r.path} ${r.status}`);
      assert.equal(calls[0], "POST /v1/projects/prj_shop/rollback/dpl_good 201", "the instant rollback API, to the last good deployment");
      assert.ok(calls.slice(1).every((c) => c === "GET /v9/projects/prj_shop 200"), "then the project is polled");
      assert.ok(calls.length >= 3, "the job was asked about on later runs, not inside one");
      assert.equal(vercel.seen[0].query.get("teamId"), "team_1");
      assert.equal(vercel.seen[0].query.get("description"), "error rate rose");
      const a = await s.action();
      assert.equal(a.status, "delivered");
      assert.equal(a.attempts, 1, "polling used no attempt");
      const [live] = await sql<{ version: string; status: string }[]>`
        select version, status from vigil.deployments where rollback_of = ${s.bad}`;
      assert.deepEqual({ ...live }, { version: "v1", status: "healthy" });
    });
});

Deno.test("Vercel: 409 is permanent -> dead at once and the deployment rollback_failed", async () => {
  const vercel = fakeVercel({ token: TOKEN, projectId: "prj_shop", deployments: ["dpl_good"] });
  vercel.faults.push({ status: 409, body: '{"error":{"code":"rollback_in_progress"}}' });
  await rollback(vercel, { provider: "vercel", config: { project_id: "prj_shop" }, env: { VERCEL_API_URL: vercel.url } },
    "rollback_failed", async ({ s }) => {
      assert.equal(vercel.seen.length, 1, "a permanent error is never retried");
      const a = await s.action();
      assert.equal(a.status, "dead");
      assert.match(a.last_error ?? "", /HTTP 409/);
      assert.ok(!(a.last_error ?? "").includes(TOKEN), "the token never reaches the error text");
    });
});

Deno.test("Vercel: 503 then 201 -> exactly one retry, then done", async () => {
  const vercel = fakeVercel({ token: TOKEN, projectId: "prj_shop", deployments: ["dpl_good"] });
  vercel.pollsBeforeDone = 0;
  vercel.faults.push({ status: 503 });
  await rollback(vercel, { provider: "vercel", config: { project_id: "prj_shop" }, env: { VERCEL_API_URL: vercel.url } },
    "rolled_back", async ({ s }) => {
      const posts = vercel.seen.filter((r) => r.method === "POST").map((r) => r.status);
      assert.deepEqual(posts, [503, 201], "one retry after the 503");
      assert.equal((await s.action()).attempts, 2);
    });
});

Deno.test("Vercel: a rollback job that fails -> rollback_failed", async () => {
  const vercel = fakeVercel({ token: TOKEN, projectId: "prj_shop", deployments: ["dpl_good"] });
  vercel.jobEnd = "failed";
  await rollback(vercel, { provider: "vercel", config: { project_id: "prj_shop" }, env: { VERCEL_API_URL: vercel.url } },
    "rollback_failed", async ({ s }) => {
      assert.match((await s.action()).last_error ?? "", /rollback job failed/);
    });
});

Deno.test("Netlify: the restore endpoint with the token -> rolled back", async () => {
  const netlify = fakeNetlify({ token: TOKEN, siteId: "site-1", deploys: ["dpl_good"] });
  await rollback(netlify, { provider: "netlify", config: { site_id: "site-1" }, env: { NETLIFY_API_URL: netlify.url } },
    "rolled_back", async () => {
      assert.deepEqual(netlify.seen.map((r) => `${r.method} ${r.path} ${r.status}`), ["POST /api/v1/sites/site-1/deploys/dpl_good/restore 200"]);
    });
});

Deno.test("webhook: a signed POST to the target's URL -> rolled back; a wrong secret -> dead", async () => {
  const receiver = fakeReceiver("hook-secret");
  await rollback(receiver, { provider: "webhook", config: { url: `${receiver.url}/rollback` }, token: "hook-secret" },
    "rolled_back", async () => {
      const body = JSON.parse(receiver.seen[0].body);
      assert.equal(body.type, "deploy.rollback");
      assert.equal(body.to.external_id, "dpl_good");
    });
  const refusing = fakeReceiver("hook-secret");
  await rollback(refusing, { provider: "webhook", config: { url: `${refusing.url}/rollback` }, token: "not-the-secret" }, "rollback_failed");
});

Deno.test("deploy/run refuses a caller without the service role key", async () => {
  const sql = connectTest();
  try {
    const handle = createDeployHandler(deployDeps(sql, deployEnv(), {}));
    const res = await handle(runRequest("anon-key"));
    assert.equal(res.status, 401);
  } finally {
    await sql.end();
  }
});
