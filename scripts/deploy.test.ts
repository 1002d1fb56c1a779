// `vigil deploy`, run as CI runs it: exit 0 when the checks pass, 1 when one fails, 2 when they could
// not run; one line per check; reports with a deploy key (and an ingest key refused).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import postgres from "postgres";
import { ROOT } from "./lib/stack.ts";

let site: Server;
let siteUrl = "";
let version = "abc1234";

before(async () => {
  site = createServer((req, res) => {
    if (req.url === "/") return res.end("<h1>shop</h1>");
    if (req.url === "/api/version") return res.end(JSON.stringify({ version }));
    res.statusCode = 404;
    res.end("not found");
  });
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as { port: number }).port}`;
});
after(() => new Promise<void>((resolve) => site.close(() => resolve())));

function vigil(args: string[], env: Record<string, string | undefined> = {}): Promise<{ status: number | null; stdout: string }> {
  const clean = { ...process.env, SUPABASE_URL: undefined, VIGIL_DEPLOY_KEY: undefined, ...env };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "scripts", "vigil.ts"), "deploy", ...args],
      { cwd: ROOT, env: clean as NodeJS.ProcessEnv });
    let stdout = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stdout += d));
    child.on("close", (status) => resolve({ status, stdout }));
  });
}

test("smoke: every check passes -> exit 0, one line per check", async () => {
  version = "abc1234def";
  const r = await vigil(["smoke", "--url", siteUrl, "--expect-version", "abc1234def", "--retries", "0"], { DATABASE_URL: undefined });
  assert.equal(r.status, 0, r.stdout);
  assert.deepEqual(r.stdout.trim().split("\n"), [
    `pass  home  ${siteUrl}/  HTTP 200`,
    `pass  version  ${siteUrl}/api/version  HTTP 200`,
    "smoke passed (2 checks)",
  ]);
});

test("smoke: the site still answers the old version -> exit 1 naming both versions", async () => {
  version = "0ld0ld0";
  const r = await vigil(["smoke", "--url", siteUrl, "--expect-version", "abc1234def", "--retries", "1", "--interval", "10"]);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stdout, /^FAIL  version  .*\/api\/version  expected version abc1234def, got 0ld0ld0$/m);
  assert.match(r.stdout, /^smoke failed \(1 of 2 checks\)$/m);
});

test("smoke: checks from a file (status, text, JSON path) are judged as written", async () => {
  const file = join(tmpdir(), `vigil-checks-${process.pid}.json`);
  writeFileSync(file, JSON.stringify([{ name: "shop", path: "/", text: "shop" }, { name: "gone", path: "/old", status: 410 }]));
  const r = await vigil(["smoke", "--url", siteUrl, "--checks", file, "--retries", "0"]);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stdout, /^pass  shop /m);
  assert.match(r.stdout, /^FAIL  gone  .*expected HTTP 410, got 404$/m);
});

test("smoke could not run -> exit 2: nothing answered, no --url, a bad checks file", async () => {
  const unreachable = await vigil(["smoke", "--url", "http://127.0.0.1:1", "--retries", "0"]);
  assert.equal(unreachable.status, 2, unreachable.stdout);
  assert.match(unreachable.stdout, /smoke could not run: nothing answered/);
  const noUrl = await vigil(["smoke"]);
  assert.equal(noUrl.status, 2);
  assert.match(noUrl.stdout, /--url is required/);
  const file = join(tmpdir(), `vigil-bad-checks-${process.pid}.json`);
  writeFileSync(file, JSON.stringify([{ path: "/" }]));
  const bad = await vigil(["smoke", "--url", siteUrl, "--checks", file]);
  assert.equal(bad.status, 2);
  assert.match(bad.stdout, /--checks: 0\.name/);
  const unknown = await vigil(["launch"]);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stdout, /unknown deploy command "launch"/);
});

test("report and smoke --report with a deploy key; an ingest key is refused -> exit 2", { skip: !process.env.DATABASE_URL }, async () => {
  const sql = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  const slug = `cli-${Math.random().toString(36).slice(2, 8)}`;
  const [{ id: tenant }] = await sql<{ id: string }[]>`select (vigil_api.create_tenant(${slug}, ${slug}) ->> 'id')::uuid as id`;
  try {
    const [{ id: target }] = await sql<{ id: string }[]>`
      select (vigil_api.create_deploy_target(${tenant}, 'web', 'none', '{}', '{"smoke_checks": [{"name": "home", "path": "/"}]}') ->> 'id') as id`;
    const [{ key }] = await sql<{ key: string }[]>`select vigil_api.create_deploy_key(${target}) ->> 'key' as key`;
    const [{ ingest }] = await sql<{ ingest: string }[]>`select vigil_api.create_ingest_key(${tenant}) ->> 'key' as ingest`;

    const refused = await vigil(["report", "--key", ingest, "--id", "dpl_1"]);
    assert.equal(refused.status, 2, refused.stdout);
    assert.equal(refused.stdout.trim(), "refused: Unknown deploy key. (PT401)");

    const report = await vigil(["report", "--id", "dpl_1", "--version", "v1", "--commit", "abc1234"], { VIGIL_DEPLOY_KEY: key });
    assert.equal(report.status, 0, report.stdout);
    assert.match(report.stdout.trim(), /^reported dpl_1: ready \(deployment [0-9a-f-]{36}\)$/);

    const smoke = await vigil(["smoke", "--url", siteUrl, "--report", "dpl_1", "--retries", "0"], { VIGIL_DEPLOY_KEY: key });
    assert.equal(smoke.status, 0, smoke.stdout);
    assert.match(smoke.stdout, /^reported smoke results of dpl_1: watching$/m, "the target's own checks ran and were reported");
    const [{ status }] = await sql<{ status: string }[]>`select status from vigil.deployments where target_id = ${target}`;
    assert.equal(status, "watching");
  } finally {
    await sql`delete from vigil.tenants where id = ${tenant}`;
    await sql.end();
  }
});
