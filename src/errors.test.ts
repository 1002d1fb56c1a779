// The SDK's typed errors: the class each status gets, the shared SQLSTATE map, and that every built-in
// transport's { error } is one of them (HTTP against a local server, postgres.js against the database).
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { after, describe, test } from "node:test";
import { createClient } from "@supabase/supabase-js";
import postgres from "postgres";
import * as shared from "../supabase/functions/_shared/http-status.ts";
import {
  errorForSqlstate, httpTransport, isRetryable, postgresTransport, STATUS_BY_SQLSTATE, supabaseTransport, toVigilError,
  VigilAuthError, VigilError, VigilNetworkError, VigilRateLimitError, VigilValidationError,
} from "./index.ts";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is required: run through `npm test`");
const sql = postgres(url, { onnotice: () => {}, max: 1 });
after(() => sql.end());

describe("the error classes", () => {
  test("each status gets the class a caller branches on, and all are VigilError and Error", () => {
    const cases: [number, typeof VigilError][] = [
      [0, VigilNetworkError], [401, VigilAuthError], [403, VigilAuthError], [429, VigilRateLimitError],
      [400, VigilValidationError], [409, VigilValidationError], [413, VigilValidationError], [500, VigilError], [503, VigilError],
    ];
    for (const [status, Class] of cases) {
      const e = toVigilError({ message: "m", status, retryable: isRetryable(status) });
      assert.equal(e.constructor, Class, String(status));
      assert.ok(e instanceof VigilError && e instanceof Error);
      assert.equal(e.name, Class.name);
      assert.equal(e.message, "m");
    }
  });

  test("the fields survive, and an error that is already typed is kept as it is", () => {
    const e = toVigilError({ message: "slow down", status: 429, code: "PT429", retryable: true, retryAfterMs: 15_000 });
    assert.deepEqual([e.status, e.code, e.retryable, e.retryAfterMs], [429, "PT429", true, 15_000]);
    assert.equal(toVigilError(e), e);
  });

  test("a SQLSTATE becomes its status and class through the one shared map", () => {
    assert.equal(STATUS_BY_SQLSTATE, shared.STATUS_BY_SQLSTATE, "the SDK and the edge functions hold the same object");
    const e = errorForSqlstate("42501", "permission denied");
    assert.ok(e instanceof VigilAuthError);
    assert.deepEqual([e.status, e.retryable], [403, false]);
    const d = errorForSqlstate("40P01", "deadlock detected");
    assert.deepEqual([d.constructor, d.status, d.retryable], [VigilError, 503, true]);
  });
});

describe("transports hand out typed errors", () => {
  test("http: 429 is a VigilRateLimitError with Retry-After, 401 a VigilAuthError, no answer a VigilNetworkError", async () => {
    let status = 429;
    const server = createServer((_req, res) => {
      res.writeHead(status, { "content-type": "application/json", "retry-after": "7" });
      res.end(JSON.stringify({ error: { code: status === 429 ? "PT429" : "PT401", message: "no" } }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as { port: number }).port;
    try {
      const t = httpTransport({ url: `http://127.0.0.1:${port}/ingest`, key: "vk_x" });
      const limited = (await t.send([{ kind: "custom", name: "x" }])).error;
      assert.ok(limited instanceof VigilRateLimitError);
      assert.deepEqual([limited.code, limited.retryable, limited.retryAfterMs], ["PT429", true, 7000]);
      status = 401;
      const auth = (await t.send([{ kind: "custom", name: "x" }])).error;
      assert.ok(auth instanceof VigilAuthError);
      assert.equal(auth.retryable, false);
    } finally {
      await new Promise((r) => server.close(r));
    }
    const offline = (await httpTransport({ url: `http://127.0.0.1:${port}/ingest`, key: "vk_x" }).send([])).error;
    assert.ok(offline instanceof VigilNetworkError);
    assert.equal(offline.retryable, true);
  });

  test("postgres: a wrong key raises PT401 and comes back as a VigilAuthError", async () => {
    const { error } = await postgresTransport({ sql, key: "vk_wrong" }).send([{ kind: "custom", name: "x" }]);
    assert.ok(error instanceof VigilAuthError);
    assert.deepEqual([error.code, error.status, error.retryable], ["PT401", 401, false]);
  });

  test("supabase: a SQLSTATE PostgREST passes on gets the shared map's status, not the one it answered", async () => {
    // PostgREST answers 401 for insufficient_privilege when the caller is anonymous; the map says 403.
    const server = createServer((_req, res) => {
      res.writeHead(401, { "content-type": "application/json" });
      res.end(JSON.stringify({ code: "42501", message: "permission denied for function ingest", details: null, hint: null }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as { port: number }).port;
    try {
      const client = createClient(`http://127.0.0.1:${port}`, "anon-key-for-tests", {
        auth: { persistSession: false, autoRefreshToken: false },
        // Node 20 has no WebSocket; nothing here subscribes.
        realtime: { transport: class {} as unknown as typeof WebSocket },
      });
      const { error } = await supabaseTransport({ client, key: "vk_x" }).send([]);
      assert.ok(error instanceof VigilAuthError);
      assert.deepEqual([error.code, error.status, error.retryable], ["42501", 403, false]);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
