// The ingest edge function against the real local database: every status it answers, CORS, and that
// accepted events are in vigil.events afterwards.
import assert from "node:assert/strict";
import postgres from "postgres";
import { createIngestHandler, MAX_BODY_BYTES, parseAllowedOrigins, postgresIngest } from "../../functions/ingest/handler.ts";

const url = Deno.env.get("DATABASE_URL");
if (!url) throw new Error("DATABASE_URL is required: run through `npm test`");
const sql = postgres(url, { onnotice: () => {}, max: 4 });

const slug = `ingest-fn-${Date.now()}`;
const [{ t }] = await sql`select vigil_api.create_tenant('Ingest function', ${slug}) as t`;
const tenant: string = t.id;
const [{ k }] = await sql`select vigil_api.create_ingest_key(${tenant}::uuid, 'main', null, 1000000) as k`;
const key: string = k.key;
const [{ k: small }] = await sql`select vigil_api.create_ingest_key(${tenant}::uuid, 'small', null, 5) as k`;
const [{ k: off }] = await sql`select vigil_api.create_ingest_key(${tenant}::uuid, 'off') as k`;
await sql`update vigil.ingest_keys set enabled = false where id = ${off.id}`;

const ORIGIN = "http://127.0.0.1:5173";
const handler = createIngestHandler({
  ingest: postgresIngest(sql),
  allowedOrigins: parseAllowedOrigins(`${ORIGIN}, http://localhost:5173/`),
  now: () => Date.parse("2026-01-01T00:00:45Z"),
});

const FN = "http://127.0.0.1/functions/v1/ingest";
const post = (body: unknown, headers: Record<string, string> = { "x-vigil-key": key }, at = FN) =>
  handler(new Request(at, { method: "POST", headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body) }));

async function stored(name: string): Promise<number> {
  const [r] = await sql`select count(*)::int as n from vigil.events where tenant_id = ${tenant} and name = ${name}`;
  return r.n;
}

const test = (name: string, fn: () => Promise<void>) => Deno.test({ name, fn, sanitizeResources: false, sanitizeOps: false });

test("a valid batch answers 200 with accepted and rejected, and the valid events are stored", async () => {
  const res = await post([
    { kind: "page_view", name: "/fn/ok" },
    { kind: "operation", name: "/fn/ok", duration_ms: 12.5, success: true },
    { kind: "nonsense", name: "/fn/ok" },
  ]);
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.accepted, 2);
  assert.equal(body.rejected.length, 1);
  assert.equal(body.rejected[0].index, 2);
  assert.match(body.rejected[0].reason, /^kind must be one of/);
  assert.equal(await stored("/fn/ok"), 2);
});

test("the key may come in the query string with a text/plain body, as sendBeacon and unload fetches send it", async () => {
  const res = await handler(new Request(`${FN}?key=${encodeURIComponent(key)}`, {
    method: "POST", headers: { "content-type": "text/plain;charset=UTF-8" },
    body: JSON.stringify([{ kind: "user_action", name: "fn-beacon" }]),
  }));
  assert.equal(res.status, 200);
  assert.equal(await stored("fn-beacon"), 1);
});

test('the body may be {"events": [...]}', async () => {
  const res = await post({ events: [{ kind: "custom", name: "fn-wrapped" }] });
  assert.equal(res.status, 200);
  assert.equal((await res.json()).accepted, 1);
  assert.equal(await stored("fn-wrapped"), 1);
});

test("an empty batch is fine", async () => {
  const res = await post([]);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { accepted: 0, rejected: [] });
});

test("a body that is not JSON answers 400", async () => {
  const res = await post("[{not json");
  assert.equal(res.status, 400);
  assert.equal((await res.json()).error.code, "malformed");
});

test("JSON that is neither an array nor {events: [...]} answers 400 naming the shape", async () => {
  for (const body of [{ kind: "custom", name: "x" }, 42, "text", null, { events: "no" }]) {
    const res = await post(JSON.stringify(body));
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.match((await res.json()).error.message, /JSON array/);
  }
});

test("an unknown, missing or disabled key answers 401 and stores nothing", async () => {
  for (const headers of [{ "x-vigil-key": "vk_nope" }, {} as Record<string, string>, { "x-vigil-key": off.key }]) {
    const res = await post([{ kind: "custom", name: "fn-401" }], headers);
    assert.equal(res.status, 401);
    const body = await res.json();
    assert.equal(body.error.code, "PT401");
    assert.match(body.error.message, /ingest key/);
  }
  assert.equal(await stored("fn-401"), 0);
});

test("more than 1,000 events answers 413 and stores nothing", async () => {
  const res = await post(Array.from({ length: 1001 }, () => ({ kind: "custom", name: "fn-413" })));
  assert.equal(res.status, 413);
  const body = await res.json();
  assert.equal(body.error.code, "PT413");
  assert.match(body.error.message, /at most 1000 events/);
  assert.equal(await stored("fn-413"), 0);
});

test("more than 1 MB of events answers 413", async () => {
  const big = Array.from({ length: 150 }, () => ({ kind: "custom", name: "fn-413b", attributes: { pad: "x".repeat(7900) } }));
  const res = await post(big);
  assert.equal(res.status, 413);
  assert.match((await res.json()).error.message, /1 MB/);
  assert.equal(await stored("fn-413b"), 0);
});

test("a body over the function's own read limit answers 413 without reaching the database", async () => {
  let called = false;
  const h = createIngestHandler({ ingest: () => { called = true; return Promise.resolve({ data: null, error: null }); }, allowedOrigins: "*" });
  const res = await h(new Request(FN, { method: "POST", headers: { "x-vigil-key": key }, body: "[" + " ".repeat(MAX_BODY_BYTES) + "]" }));
  assert.equal(res.status, 413);
  assert.equal(called, false);
});

test("a key over its per-minute budget answers 429 with Retry-After, and that batch is not stored", async () => {
  const first = await post([1, 2, 3, 4].map(() => ({ kind: "custom", name: "fn-429" })), { "x-vigil-key": small.key });
  assert.equal(first.status, 200);
  const res = await post([1, 2].map(() => ({ kind: "custom", name: "fn-429" })), { "x-vigil-key": small.key });
  assert.equal(res.status, 429);
  assert.equal(res.headers.get("retry-after"), "15", "seconds to the next minute on the handler's clock");
  const body = await res.json();
  assert.equal(body.error.code, "PT429");
  assert.match(body.error.hint, /next minute/);
  assert.equal(await stored("fn-429"), 4);
});

test("methods other than POST and OPTIONS answer 405", async () => {
  const res = await handler(new Request(FN, { method: "GET" }));
  assert.equal(res.status, 405);
  assert.equal(res.headers.get("allow"), "POST, OPTIONS");
});

test("a CORS preflight from an allowed origin answers 204 with the headers a browser needs", async () => {
  const res = await handler(new Request(FN, {
    method: "OPTIONS",
    headers: { origin: ORIGIN, "access-control-request-method": "POST", "access-control-request-headers": "content-type, x-vigil-key" },
  }));
  assert.equal(res.status, 204);
  assert.equal(res.headers.get("access-control-allow-origin"), ORIGIN);
  assert.match(res.headers.get("access-control-allow-methods") ?? "", /POST/);
  assert.match(res.headers.get("access-control-allow-headers") ?? "", /x-vigil-key/);
  assert.match(res.headers.get("access-control-allow-headers") ?? "", /content-type/);
  assert.equal(res.headers.get("vary"), "Origin");
});

test("a POST from an allowed origin carries Access-Control-Allow-Origin; a configured origin may have had a trailing slash", async () => {
  const res = await post([{ kind: "custom", name: "fn-cors" }], { "x-vigil-key": key, origin: "http://localhost:5173" });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("access-control-allow-origin"), "http://localhost:5173");
  await res.body?.cancel();
});

test("another origin is refused (403) for preflights and posts alike, and nothing is stored", async () => {
  const pre = await handler(new Request(FN, { method: "OPTIONS", headers: { origin: "https://evil.example" } }));
  assert.equal(pre.status, 403);
  assert.equal(pre.headers.get("access-control-allow-origin"), null);
  await pre.body?.cancel();
  const res = await post([{ kind: "custom", name: "fn-evil" }], { "x-vigil-key": key, origin: "https://evil.example" });
  assert.equal(res.status, 403);
  assert.equal((await res.json()).error.code, "origin_not_allowed");
  assert.equal(await stored("fn-evil"), 0);
});

test("with allowed origins '*' any origin is answered with *", async () => {
  const h = createIngestHandler({ ingest: postgresIngest(sql), allowedOrigins: parseAllowedOrigins("*") });
  const res = await h(new Request(FN, { method: "OPTIONS", headers: { origin: "https://any.example" } }));
  assert.equal(res.status, 204);
  assert.equal(res.headers.get("access-control-allow-origin"), "*");
});

test("the function calls ingest as anon: the events' tenant comes from the key alone", async () => {
  const res = await post([{ kind: "custom", name: "fn-anon" }]);
  assert.equal(res.status, 200);
  assert.equal(await stored("fn-anon"), 1, "stored under the key's tenant");
  // What the function runs, checked on the database: role anon for that transaction only.
  const [role] = await sql.begin(async (tx) => {
    await tx`select pg_catalog.set_config('role', 'anon', true), pg_catalog.set_config('request.jwt.claims', '{"role":"anon"}', true)`;
    return await tx`select current_user as who, auth.role() as claims_role`;
  });
  assert.deepEqual({ ...role }, { who: "anon", claims_role: "anon" });
});

test("a database that cannot be reached answers 503, not a stack trace", async () => {
  const dead = postgres("postgresql://postgres@127.0.0.1:1/postgres", { connect_timeout: 2, max: 1, onnotice: () => {} });
  const h = createIngestHandler({ ingest: postgresIngest(dead), allowedOrigins: "*", log: () => {} });
  const res = await h(new Request(FN, { method: "POST", headers: { "x-vigil-key": key }, body: "[]" }));
  assert.equal(res.status, 503);
  const body = await res.json();
  assert.doesNotMatch(JSON.stringify(body), /127\.0\.0\.1:1/);
  await dead.end({ timeout: 0 });
});

// Each of these made the whole batch fail PostgreSQL's jsonb parse (22P05, 22P02, 22003, 54001): a
// retryable 500, after which the SDK retried and then counted every event of the batch as failed.
for (const c of [
  { case: "a NUL in a string", bad: '{"kind": "log", "name": "fn-nul", "error_message": "a\\u0000b"}', accepted: 3 },
  { case: "a NUL in an attributes key", bad: '{"kind": "log", "name": "fn-nul", "attributes": {"k\\u0000": 1}}', accepted: 3 },
  { case: "a lone surrogate", bad: '{"kind": "log", "name": "fn-lone \\ud800"}', accepted: 3 },
  { case: "a number past numeric's range", bad: '{"kind": "operation", "name": "fn-huge", "value": 1e131072}', accepted: 2,
    reason: "value must be between -1e15 and 1e15" },
  { case: "attributes nested 100,000 deep", bad: `{"kind": "log", "name": "fn-deep", "attributes": {"a": ${"[".repeat(100_000)}${"]".repeat(100_000)}}}`,
    accepted: 2, reason: "attributes must be at most 32 levels deep" },
  { case: "status_code 200.0000000000000000001", bad: '{"kind": "api_call", "name": "fn-status", "status_code": 200.0000000000000000001}', accepted: 3 },
]) {
  test(`a batch with ${c.case} in one event answers 200, keeps its neighbours${c.reason ? " and names the event's fault" : ""}`, async () => {
    const name = `fn-neighbour-${c.case}`;
    const ok = JSON.stringify({ kind: "operation", name });
    const res = await post(`[${ok}, ${c.bad}, ${ok}]`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { accepted: c.accepted, rejected: c.reason ? [{ index: 1, reason: c.reason }] : [] });
    assert.equal(await stored(name), 2);
  });
}

test("a database error caused by the caller's data answers 4xx; only one retrying can cure answers 5xx", async () => {
  const statusFor = async (code: string) => {
    const h = createIngestHandler({ ingest: () => Promise.resolve({ data: null, error: { code, message: "m" } }), allowedOrigins: "*", log: () => {} });
    return (await h(new Request(FN, { method: "POST", headers: { "x-vigil-key": key }, body: "[]" }))).status;
  };
  const got: Record<string, number> = {};
  for (const code of ["22023", "22P05", "22P02", "22003", "54001", "40001", "40P01", "55P03", "57014", "08006", "53300", "XX000"]) {
    got[code] = await statusFor(code);
  }
  assert.deepEqual(got, {
    "22023": 400, "22P05": 400, "22P02": 400, "22003": 400, "54001": 413,
    "40001": 503, "40P01": 503, "55P03": 503, "57014": 503, "08006": 503, "53300": 503, XX000: 500,
  });
});

test("index.ts serves the handler over HTTP (PORT, DATABASE_URL, VIGIL_ALLOWED_ORIGINS)", async () => {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", "--no-prompt", new URL("../../functions/ingest/index.ts", import.meta.url).pathname],
    env: { DATABASE_URL: url, PORT: String(port), VIGIL_ALLOWED_ORIGINS: ORIGIN },
    stdout: "null", stderr: "piped",
  }).spawn();
  try {
    let res: Response | undefined;
    for (let i = 0; i < 100 && !res; i++) {
      try {
        res = await fetch(`http://127.0.0.1:${port}/`, { method: "POST", headers: { "x-vigil-key": key, origin: ORIGIN },
          body: JSON.stringify([{ kind: "custom", name: "fn-served" }]) });
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    assert.ok(res, "the function came up");
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("access-control-allow-origin"), ORIGIN);
    assert.equal((await res.json()).accepted, 1);
    assert.equal(await stored("fn-served"), 1);
  } finally {
    child.kill("SIGTERM");
    await child.stderr.cancel();
    await child.status;
  }
});

test("index.ts refuses to start without a database URL", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", "--no-prompt", new URL("../../functions/ingest/index.ts", import.meta.url).pathname],
    env: { HOME: Deno.env.get("HOME") ?? "/tmp", PATH: Deno.env.get("PATH") ?? "" }, clearEnv: true, stdout: "piped", stderr: "piped",
  }).output();
  assert.notEqual(out.code, 0);
  assert.match(new TextDecoder().decode(out.stderr), /DATABASE_URL or SUPABASE_DB_URL must be set/);
});

test("closing the test connection", async () => {
  await sql.end();
});
