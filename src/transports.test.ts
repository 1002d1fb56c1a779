// The transports against their real counterparts: supabase-js (a contract test replayed on the local
// database as PostgREST would run it) and postgres.js straight into vigil_api.ingest.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createClient } from "@supabase/supabase-js";
import postgres from "postgres";
import { replayRpc } from "../scripts/lib/postgrest.ts";
import { createVigil, httpTransport, postgresTransport, supabaseTransport } from "./index.ts";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is required: run through `npm test`");
const sql = postgres(url, { onnotice: () => {}, max: 2 });
let tenant = "";
let key = "";

before(async () => {
  const [{ t }] = await sql`select vigil_api.create_tenant('Transports', ${"transports-" + process.pid + "-" + Date.now()}) as t`;
  tenant = t.id;
  const [{ k }] = await sql`select vigil_api.create_ingest_key(${tenant}::uuid, 'sdk', null, 1000000) as k`;
  key = k.key;
});
after(async () => {
  await sql.end();
});

async function stored(name: string) {
  return await sql<{ kind: string; name: string; success: boolean; duration_ms: number | null; trace_id: string | null; attributes: Record<string, unknown> }[]>`
    select kind, name, success, duration_ms, trace_id, attributes from vigil.events
    where tenant_id = ${tenant} and name like ${name + "%"} order by occurred_at, name`;
}

// supabase-js builds a realtime client up front, and Node 20 has no WebSocket: hand it a class that
// is never used (nothing here subscribes to anything).
const realtime = { transport: class {} as unknown as typeof WebSocket };

interface Recorded {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
}

/** supabase-js with a fetch that records each request and answers as PostgREST would. */
function recordingClient(answer: (body: { p_events: unknown[] }) => Response) {
  const requests: Recorded[] = [];
  const client = createClient("http://127.0.0.1:54321", "anon-key-for-tests", {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime,
    global: {
      fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
        const req = new Request(input, init);
        const body = await req.text();
        requests.push({ method: req.method, url: new URL(req.url), headers: req.headers, body });
        return answer(JSON.parse(body));
      },
    },
  });
  return { client, requests };
}

describe("supabase-js transport: the contract with PostgREST", () => {
  test("POST /rest/v1/rpc/ingest with Content-Profile: vigil_api and {p_key, p_events}; replayed as anon, the events arrive", async () => {
    const { client, requests } = recordingClient((b) => Response.json({ accepted: b.p_events.length, rejected: [] }));
    const vigil = createVigil({ transport: supabaseTransport({ client, key }), release: "contract@1" });
    vigil.track("contract-op", () => 1);
    vigil.recordPageView("contract-/home");
    vigil.recordError(new Error("contract-boom"), { attributes: { where: "contract" } });
    const s = await vigil.flush();
    assert.equal(s.sent, 3);

    assert.equal(requests.length, 1);
    const [r] = requests;
    assert.equal(r.method, "POST");
    assert.equal(r.url.pathname, "/rest/v1/rpc/ingest");
    assert.equal(r.headers.get("content-profile"), "vigil_api", "the schema header PostgREST reads for a POST");
    assert.equal(r.headers.get("apikey"), "anon-key-for-tests");
    assert.match(r.headers.get("content-type") ?? "", /^application\/json/);
    const body = JSON.parse(r.body);
    assert.deepEqual(Object.keys(body).sort(), ["p_events", "p_key"]);
    assert.equal(body.p_key, key);
    assert.equal(body.p_events.length, 3);

    // What PostgREST does with that request (role anon, its claims, the body's keys as named arguments),
    // by the same replay the console's local server answers with.
    const answer = await replayRpc(sql, { role: "anon" }, "ingest", body, r.headers.get("content-profile") ?? "public");
    assert.equal(answer.status, 200, answer.body ?? "");
    const result = JSON.parse(answer.body!);
    assert.deepEqual(result, { accepted: 3, rejected: [] });

    const rows = await stored("contract-");
    assert.deepEqual(rows.map((x) => [x.kind, x.name]).sort(), [["operation", "contract-op"], ["page_view", "contract-/home"]]);
    const [err] = await sql`select error_type, error_message, release, attributes from vigil.events
                            where tenant_id = ${tenant} and kind = 'error'`;
    assert.equal(err.error_message, "contract-boom");
    assert.equal(err.release, "contract@1");
    assert.match(err.attributes.stack, /contract-boom/);
  });

  test("PostgREST's answer to PT429 is retried and to PT401 is not", async () => {
    let status = 429;
    const { client, requests } = recordingClient(() =>
      Response.json({ code: status === 429 ? "PT429" : "PT401", message: "no", details: null, hint: null }, { status }));
    const vigil = createVigil({ transport: supabaseTransport({ client, key }), maxAttempts: 2, backoffMs: 1, maxBackoffMs: 1 });
    vigil.recordUserAction("x");
    await vigil.flush();
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(requests.length, 2, "429 retried once, then given up (maxAttempts 2)");
    assert.equal(vigil.stats().retries, 1);
    assert.equal(vigil.stats().lastError?.code, "PT429");
    status = 401;
    vigil.recordUserAction("y");
    await vigil.flush();
    assert.equal(requests.length, 3, "401 not retried");
    assert.equal(vigil.stats().lastError?.status, 401);
    await vigil.shutdown({ timeoutMs: 10 });
  });

  test("a supabase-js whose server is unreachable throws nothing into the app", async () => {
    const client = createClient("http://127.0.0.1:1", "anon", { auth: { persistSession: false }, realtime });
    const vigil = createVigil({ transport: supabaseTransport({ client, key }), maxAttempts: 1 });
    vigil.recordUserAction("x");
    const s = await vigil.flush();
    assert.equal(s.failed, 1);
    assert.equal(s.lastError?.retryable, true);
  });
});

describe("postgres transport", () => {
  test("events go straight into vigil_api.ingest over postgres.js", async () => {
    const vigil = createVigil({ transport: postgresTransport({ sql, key }), environment: "test" });
    await vigil.track("pg-op", async () => 42);
    vigil.milestone("pg-step");
    vigil.record({ kind: "custom", name: "pg-bad", status_code: 42 });
    const s = await vigil.flush();
    assert.equal(s.sent, 2);
    assert.equal(s.invalid, 1, "the shared schema dropped the bad one before it left");
    const rows = await stored("pg-");
    assert.deepEqual(rows.map((r) => r.name).sort(), ["pg-op", "pg-step"]);
  });

  test("a wrong key is a permanent failure with the SQLSTATE", async () => {
    const vigil = createVigil({ transport: postgresTransport({ sql, key: "vk_wrong" }) });
    vigil.milestone("pg-nope");
    const s = await vigil.flush();
    assert.equal(s.failed, 1);
    assert.equal(s.lastError?.code, "PT401");
    assert.equal(s.lastError?.retryable, false);
  });

  test("an unreachable database is retried, never thrown", async () => {
    const dead = postgres("postgresql://postgres@127.0.0.1:1/postgres", { connect_timeout: 1, max: 1, onnotice: () => {} });
    const vigil = createVigil({ transport: postgresTransport({ sql: dead, key }), maxAttempts: 1 });
    vigil.milestone("pg-dead");
    const s = await vigil.flush();
    assert.equal(s.failed, 1);
    assert.equal(s.lastError?.retryable, true);
    await dead.end({ timeout: 0 });
  });
});

describe("one bad event never costs its neighbours", () => {
  // Text PostgreSQL's jsonb cannot parse: before, any one of these failed the whole batch there.
  const unparseable = (prefix: string) => [
    { kind: "error" as const, name: `${prefix}nul`, error_message: "bad\u0000byte" },
    { kind: "log" as const, name: `${prefix}lone \ud800`, attributes: { "key\u0000": "v\u0000", n: Infinity } },
  ];

  test("the postgres transport stores events holding NULs, lone surrogates and Infinity, cleaned, with their neighbours", async () => {
    const vigil = createVigil({ transport: postgresTransport({ sql, key }) });
    vigil.milestone("nb-pg-first");
    for (const e of unparseable("nb-pg-")) vigil.record(e);
    vigil.milestone("nb-pg-last");
    const s = await vigil.flush();
    assert.deepEqual({ sent: s.sent, failed: s.failed, invalid: s.invalid }, { sent: 4, failed: 0, invalid: 0 });
    const rows = await stored("nb-pg-");
    assert.deepEqual(rows.map((r) => r.name).sort(), ["nb-pg-first", "nb-pg-last", "nb-pg-lone \ufffd", "nb-pg-nul"]);
    assert.deepEqual(rows.find((r) => r.name === "nb-pg-lone \ufffd")?.attributes, { key: "v" });
  });

  /** The ingest edge function's handler, served over HTTP on a local port. */
  async function edge(answer?: (req: Request) => Response | undefined) {
    const { createServer } = await import("node:http");
    const { createIngestHandler, postgresIngest } = await import("../supabase/functions/ingest/handler.ts");
    const handler = createIngestHandler({ ingest: postgresIngest(sql), allowedOrigins: "*" });
    const requests: string[] = [];
    const server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = Buffer.concat(chunks).toString("utf8");
      requests.push(body);
      const request = new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers: req.headers as Record<string, string>, body });
      const r = answer?.(request) ?? (await handler(request));
      res.writeHead(r.status, Object.fromEntries(r.headers));
      res.end(await r.text());
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    return { url: `http://127.0.0.1:${port}/functions/v1/ingest`, requests, close: () => new Promise((r) => server.close(r)) };
  }

  test("through the ingest edge function, such events are stored and the valid ones beside them too", async () => {
    const fn = await edge();
    try {
      const vigil = createVigil({ transport: httpTransport({ url: fn.url, key }) });
      vigil.milestone("nb-http-first");
      for (const e of unparseable("nb-http-")) vigil.record(e);
      const s = await vigil.flush();
      assert.deepEqual({ sent: s.sent, failed: s.failed, retries: s.retries }, { sent: 3, failed: 0, retries: 0 });
      assert.equal((await stored("nb-http-")).length, 3);
    } finally {
      await fn.close();
    }
  });

  test("a batch answered with per-event rejections keeps the accepted events and counts only the rejected", async () => {
    const [{ k }] = await sql`select vigil_api.create_ingest_key(${tenant}::uuid, 'pages only', array['page_view'], 1000) as k`;
    const fn = await edge();
    try {
      const vigil = createVigil({ transport: httpTransport({ url: fn.url, key: k.key }) });
      vigil.recordPageView("/nb-page-1");
      vigil.milestone("nb-page-refused");
      vigil.recordPageView("/nb-page-2");
      const s = await vigil.flush();
      assert.deepEqual({ sent: s.sent, rejected: s.rejected, failed: s.failed, retries: s.retries }, { sent: 2, rejected: 1, failed: 0, retries: 0 });
    } finally {
      await fn.close();
    }
  });

  test("a 4xx is never retried; a 429 is retried after its Retry-After; a 503 is retried", async () => {
    let status = 400;
    const fn = await edge(() => Response.json({ error: { code: "x", message: "no" } }, { status, headers: status === 429 ? { "retry-after": "0" } : {} }));
    try {
      const vigil = createVigil({ transport: httpTransport({ url: fn.url, key }), maxAttempts: 3, backoffMs: 1, maxBackoffMs: 1 });
      for (const s of [400, 401, 403, 413, 422]) {
        status = s;
        const before = fn.requests.length;
        vigil.milestone(`nb-${s}`);
        await vigil.flush();
        assert.equal(fn.requests.length - before, 1, `${s} is sent once`);
      }
      for (const s of [429, 503]) {
        status = s;
        const before = fn.requests.length;
        vigil.milestone(`nb-${s}`);
        await vigil.flush();
        for (let i = 0; i < 50 && fn.requests.length - before < 3; i++) await new Promise((r) => setTimeout(r, 10));
        assert.equal(fn.requests.length - before, 3, `${s} is tried maxAttempts times`);
      }
      await vigil.shutdown({ timeoutMs: 10 });
    } finally {
      await fn.close();
    }
  });
});
