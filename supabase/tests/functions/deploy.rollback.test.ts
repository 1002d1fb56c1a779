// Rollbacks through the deploy function against local fakes of Vercel and Netlify and a signed
// webhook receiver: 201 then a finished job -> done; 409 -> dead at once; 503 then 201 -> one retry.
import assert from "node:assert/strict";
import { createDeployHandler } from "../../functions/deploy/handler.ts";
import { connectTest, dropTenant, sleep } from "./_support/db.ts";
import { deployDeps, deployEnv, fakeNetlify, fakeReceiver, fakeVercel, rollbackScenario, runRequest } from "./deploy.fakes.ts";

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

Deno.test("Vercel: 201, then the job reported succeeded across runs -> rolled back, with the restored deployment live", async () => {
  const sql = connectTest();
  const vercel = fakeVercel({ token: TOKEN, projectId: "prj_shop", teamId: "team_1", deployments: ["dpl_good"] });
  const s = await rollbackScenario(sql, "vercel", { project_id: "prj_shop", team_id: "team_1" });
  try {
    const handle = createDeployHandler(deployDeps(sql, deployEnv({ VERCEL_API_URL: vercel.url }), { VIGIL_PROVIDER_TOKEN: TOKEN }));
    assert.equal(await settle(handle, s.status), "rolled_back");
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
  } finally {
    await dropTenant(sql, s.tenant);
    await vercel.close();
    await sql.end();
  }
});

Deno.test("Vercel: 409 is permanent -> dead at once and the deployment rollback_failed", async () => {
  const sql = connectTest();
  const vercel = fakeVercel({ token: TOKEN, projectId: "prj_shop", deployments: ["dpl_good"] });
  vercel.faults.push({ status: 409, body: '{"error":{"code":"rollback_in_progress"}}' });
  const s = await rollbackScenario(sql, "vercel", { project_id: "prj_shop" });
  try {
    const handle = createDeployHandler(deployDeps(sql, deployEnv({ VERCEL_API_URL: vercel.url }), { VIGIL_PROVIDER_TOKEN: TOKEN }));
    assert.equal(await settle(handle, s.status), "rollback_failed");
    assert.equal(vercel.seen.length, 1, "a permanent error is never retried");
    const a = await s.action();
    assert.equal(a.status, "dead");
    assert.match(a.last_error ?? "", /HTTP 409/);
    assert.ok(!(a.last_error ?? "").includes(TOKEN), "the token never reaches the error text");
  } finally {
    await dropTenant(sql, s.tenant);
    await vercel.close();
    await sql.end();
  }
});

Deno.test("Vercel: 503 then 201 -> exactly one retry, then done", async () => {
  const sql = connectTest();
  const vercel = fakeVercel({ token: TOKEN, projectId: "prj_shop", deployments: ["dpl_good"] });
  vercel.pollsBeforeDone = 0;
  vercel.faults.push({ status: 503 });
  const s = await rollbackScenario(sql, "vercel", { project_id: "prj_shop" });
  try {
    const handle = createDeployHandler(deployDeps(sql, deployEnv({ VERCEL_API_URL: vercel.url }), { VIGIL_PROVIDER_TOKEN: TOKEN }));
    assert.equal(await settle(handle, s.status), "rolled_back");
    const posts = vercel.seen.filter((r) => r.method === "POST").map((r) => r.status);
    assert.deepEqual(posts, [503, 201], "one retry after the 503");
    assert.equal((await s.action()).attempts, 2);
  } finally {
    await dropTenant(sql, s.tenant);
    await vercel.close();
    await sql.end();
  }
});

Deno.test("Vercel: a rollback job that fails -> rollback_failed", async () => {
  const sql = connectTest();
  const vercel = fakeVercel({ token: TOKEN, projectId: "prj_shop", deployments: ["dpl_good"] });
  vercel.jobEnd = "failed";
  const s = await rollbackScenario(sql, "vercel", { project_id: "prj_shop" });
  try {
    const handle = createDeployHandler(deployDeps(sql, deployEnv({ VERCEL_API_URL: vercel.url }), { VIGIL_PROVIDER_TOKEN: TOKEN }));
    assert.equal(await settle(handle, s.status), "rollback_failed");
    assert.match((await s.action()).last_error ?? "", /rollback job failed/);
  } finally {
    await dropTenant(sql, s.tenant);
    await vercel.close();
    await sql.end();
  }
});

Deno.test("Netlify: the restore endpoint with the token -> rolled back", async () => {
  const sql = connectTest();
  const netlify = fakeNetlify({ token: TOKEN, siteId: "site-1", deploys: ["dpl_good"] });
  const s = await rollbackScenario(sql, "netlify", { site_id: "site-1" });
  try {
    const handle = createDeployHandler(deployDeps(sql, deployEnv({ NETLIFY_API_URL: netlify.url }), { VIGIL_PROVIDER_TOKEN: TOKEN }));
    assert.equal(await settle(handle, s.status), "rolled_back");
    assert.deepEqual(netlify.seen.map((r) => `${r.method} ${r.path} ${r.status}`), ["POST /api/v1/sites/site-1/deploys/dpl_good/restore 200"]);
  } finally {
    await dropTenant(sql, s.tenant);
    await netlify.close();
    await sql.end();
  }
});

Deno.test("webhook: a signed POST to the target's URL -> rolled back; a wrong secret -> dead", async () => {
  const sql = connectTest();
  const receiver = fakeReceiver("hook-secret");
  const s = await rollbackScenario(sql, "webhook", { url: `${receiver.url}/rollback` });
  try {
    const handle = createDeployHandler(deployDeps(sql, deployEnv(), { VIGIL_PROVIDER_TOKEN: "hook-secret" }));
    assert.equal(await settle(handle, s.status), "rolled_back");
    const body = JSON.parse(receiver.seen[0].body);
    assert.equal(body.type, "deploy.rollback");
    assert.equal(body.to.external_id, "dpl_good");
  } finally {
    await dropTenant(sql, s.tenant);
  }
  const t = await rollbackScenario(sql, "webhook", { url: `${receiver.url}/rollback` });
  try {
    const handle = createDeployHandler(deployDeps(sql, deployEnv(), { VIGIL_PROVIDER_TOKEN: "not-the-secret" }));
    assert.equal(await settle(handle, t.status), "rollback_failed");
  } finally {
    await dropTenant(sql, t.tenant);
    await receiver.close();
    await sql.end();
  }
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
