// withVigil on Deno.serve, sending through the ingest function (also on Deno.serve) into Postgres: an
// edge function's requests become api_call events without the function doing anything but wrapping.
import assert from "node:assert/strict";
import postgres from "postgres";
import { createIngestHandler, postgresIngest } from "../../functions/ingest/handler.ts";
import { httpTransport, withVigil } from "../../../src/index.ts";

const url = Deno.env.get("DATABASE_URL");
if (!url) throw new Error("DATABASE_URL is required: run through `npm test`");

Deno.test({ name: "each request to a wrapped Deno.serve handler is an api_call row in vigil.events", sanitizeResources: false, sanitizeOps: false }, async () => {
  const sql = postgres(url, { onnotice: () => {}, max: 2 });
  const ingest = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} },
    createIngestHandler({ ingest: postgresIngest(sql), allowedOrigins: "*" }));
  try {
    const [{ t }] = await sql`select vigil_api.create_tenant('With vigil', ${"with-vigil-" + Date.now()}) as t`;
    const [{ k }] = await sql`select vigil_api.create_ingest_key(${t.id}::uuid) as k`;
    const handler = withVigil((req) => {
      const path = new URL(req.url).pathname;
      if (path === "/hello/fail") throw new Error("handler failed");
      return new Response(path === "/hello/missing" ? "no" : "hi", { status: path === "/hello/missing" ? 404 : 200 });
    }, {
      vigil: { transport: httpTransport({ url: `http://127.0.0.1:${ingest.addr.port}/`, key: k.key }), release: "fn@2" },
      name: "hello",
    });
    const app = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, handler);
    try {
      const base = `http://127.0.0.1:${app.addr.port}`;
      for (const path of ["/hello", "/hello/missing", "/hello/fail"]) {
        const res = await fetch(base + path, { method: "POST", body: "{}" });
        await res.body?.cancel();
      }
      // "await" mode: each response left only after its events were stored.
      const rows = await sql`select kind, name, status_code, success, source, release, attributes ->> 'function' as fn
                             from vigil.events where tenant_id = ${t.id} order by kind, name`;
      // By kind and name, not time: the error and its request's api_call can share a millisecond.
      assert.deepEqual(rows.map((r) => [r.kind, r.name, r.status_code, r.success]), [
        ["api_call", "POST /hello", 200, true],
        ["api_call", "POST /hello/fail", 500, false],
        ["api_call", "POST /hello/missing", 404, true],
        ["error", "Error", null, false],
      ]);
      assert.ok(rows.every((r) => r.source === "edge_function" && r.release === "fn@2" && r.fn === "hello"));
    } finally {
      await app.shutdown();
      await handler.vigil.shutdown({ timeoutMs: 100 });
    }
  } finally {
    await ingest.shutdown();
    await sql.end();
  }
});
