// Vercel's webhook: the signature (HMAC-SHA1 of the raw body, x-vercel-signature) is checked before
// anything else; a forged or replayed webhook gets 401 and changes nothing. Smoke checks the function
// runs for a target with a base URL: an old version answering fails with "expected version …, got …".
import assert from "node:assert/strict";
import { hmacHex } from "../../functions/_shared/auth.ts";
import { pagerDutyRequest } from "../../functions/_shared/channels.ts";
import type { ClaimedNotification } from "../../functions/_shared/db.ts";
import { createDeployHandler } from "../../functions/deploy/handler.ts";
import { connectTest, dropTenant, makeTenant, testEnv } from "./_support/db.ts";
import { deployDeps, deployEnv, fakeSite, runRequest } from "./deploy.fakes.ts";

const SECRET = "whsec-" + crypto.randomUUID();

function hook(target: string, body: string, signature: string): Request {
  return new Request(`http://127.0.0.1/functions/v1/deploy/hooks/vercel?target=${target}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "x-vercel-signature": signature },
    body,
  });
}

const event = (id: string, type: string, deployment = "dpl_hook") => JSON.stringify({
  id, type, createdAt: Date.now(),
  payload: { deployment: { id: deployment, url: "shop-abc.vercel.app", meta: { githubCommitSha: "abc1234def", githubCommitRef: "main" } },
             project: { id: "prj_shop" }, target: "production" },
});

Deno.test("a signed Vercel webhook records the deployment; a forged one and a replayed one get 401 and change nothing", async () => {
  const sql = connectTest();
  const tenant = await makeTenant(sql, "hooks");
  try {
    const [{ id: target }] = await sql<{ id: string }[]>`
      select (vigil_api.create_deploy_target(${tenant}, 'web', 'vercel', '{"project_id": "prj_shop"}',
        '{"secret_name": "VIGIL_VERCEL_TOKEN", "webhook_secret_name": "VIGIL_VERCEL_WEBHOOK_SECRET"}') ->> 'id') as id`;
    const handle = createDeployHandler(deployDeps(sql, deployEnv(), { VIGIL_VERCEL_WEBHOOK_SECRET: SECRET }));
    const log = async () => [...await sql<{ external_id: string; status: string; url: string }[]>`
      select external_id, status, url from vigil.deployments where target_id = ${target}`].map((r) => ({ ...r }));

    const forged = event("evt_1", "deployment.created");
    let res = await handle(hook(target, forged, await hmacHex("SHA-1", "not-the-secret", forged)));
    assert.equal(res.status, 401, "a body signed with another secret is refused");
    res = await handle(hook(target, forged, ""));
    assert.equal(res.status, 401, "an unsigned body is refused");
    assert.deepEqual(await log(), [], "nothing changed");

    const created = event("evt_1", "deployment.created");
    res = await handle(hook(target, created, await hmacHex("SHA-1", SECRET, created)));
    assert.equal(res.status, 200, await res.clone().text());
    assert.deepEqual(await log(), [{ external_id: "dpl_hook", status: "building", url: "https://shop-abc.vercel.app" }]);

    const tampered = created.replace("dpl_hook", "dpl_evil");
    res = await handle(hook(target, tampered, await hmacHex("SHA-1", SECRET, created)));
    assert.equal(res.status, 401, "a body changed after signing is refused");

    const succeeded = event("evt_2", "deployment.succeeded");
    res = await handle(hook(target, succeeded, await hmacHex("SHA-1", SECRET, succeeded)));
    assert.equal(res.status, 200);
    assert.equal((await log())[0].status, "watching", "deployment.succeeded: ready, and watched (no smoke checks)");

    const replayed = event("evt_1", "deployment.error");
    res = await handle(hook(target, replayed, await hmacHex("SHA-1", SECRET, replayed)));
    assert.equal(res.status, 401, "a webhook id already received is refused");
    assert.match((await res.json()).error, /already received/);
    assert.equal((await log())[0].status, "watching", "and changes nothing");
  } finally {
    await dropTenant(sql, tenant);
    await sql.end();
  }
});

Deno.test("the function's smoke check against a site answering the old version fails with expected version …, got …", async () => {
  const sql = connectTest();
  const site = fakeSite("v1-sha");
  const tenant = await makeTenant(sql, "smoke-fn");
  try {
    await sql`select vigil.set_outbound_allow_loopback(true)`;
    const [{ id: target }] = await sql<{ id: string }[]>`
      select (vigil_api.create_deploy_target(${tenant}, 'web', 'none', ${sql.json({ base_url: site.url })},
        '{"smoke_checks": [{"name": "home", "path": "/", "text": "shop"}, {"name": "version", "path": "/api/version", "version": true}]}') ->> 'id') as id`;
    const [{ key }] = await sql<{ key: string }[]>`select vigil_api.create_deploy_key(${target}) ->> 'key' as key`;
    await sql`select vigil_api.report_deployment(${key}, '{"id": "dpl_2", "version": "v2", "commit": "v2-sha"}')`;
    const handle = createDeployHandler(deployDeps(sql, deployEnv(), {}));
    const res = await handle(runRequest());
    assert.equal(res.status, 200);
    const [d] = await sql<{ status: string; smoke_results: { name: string; passed: boolean; detail: string }[] }[]>`
      select status, smoke_results from vigil.deployments where target_id = ${target}`;
    assert.equal(d.status, "smoke_failed");
    assert.deepEqual(d.smoke_results.map((c) => [c.name, c.passed]), [["home", true], ["version", false]]);
    assert.equal(d.smoke_results[1].detail, "expected version v2-sha, got v1-sha");
  } finally {
    await dropTenant(sql, tenant);
    await site.close();
    await sql.end();
  }
});

Deno.test("a deployment notification to a PagerDuty channel marked as a change event goes to the Change Events API", () => {
  const n = {
    id: "1", tenant_id: "t", alert_id: "a", kind: "firing", seq: 2, attempt: 1, dedup_key: "deploy-x", channel_id: "c",
    channel_type: "pagerduty", channel_config: {}, secret_name: "VIGIL_PD", claim_token: "k", lease_until: new Date(),
    payload: { rule: "Deploy web v2", description: "Deployment v2 of web is rolled back.", state: "rolled_back", at: "2026-12-01T10:00:00Z",
      tenant: "shop", labels: { target: "web" }, change_event: true, deployment: { version: "v2" } },
  } as unknown as ClaimedNotification;
  const r = pagerDutyRequest(n, "routing-key", testEnv());
  assert.match(r.url, /\/v2\/change\/enqueue$/);
  const body = JSON.parse(r.body);
  assert.equal(body.routing_key, "routing-key");
  assert.equal(body.payload.summary, "Deployment v2 of web is rolled back.");
  assert.equal(body.payload.source, "vigil/shop");
  assert.equal(body.event_action, undefined, "a change event has no event_action");
});
