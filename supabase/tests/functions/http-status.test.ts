// The one SQLSTATE -> HTTP map as the edge functions load it, and the statuses the ingest function
// answers for database errors it cannot provoke on a healthy database (conflicts, deadlocks).
import assert from "node:assert/strict";
import { isRetryable, STATUS_BY_SQLSTATE, statusForSqlstate } from "../../functions/_shared/http-status.ts";
import { createIngestHandler } from "../../functions/ingest/handler.ts";

Deno.test("every SQLSTATE the API raises has its status, and any other is 500", () => {
  const expected: Record<string, number> = {
    PT401: 401, PT403: 403, "42501": 403, PT404: 404, PT409: 409, PT413: 413, PT429: 429,
    "22023": 400, "22P02": 400, "23514": 400, "23505": 409,
    "40001": 503, "40P01": 503, "55P03": 503, "57P01": 503,
  };
  for (const [code, status] of Object.entries(expected)) assert.equal(statusForSqlstate(code), status, code);
  assert.deepEqual({ ...STATUS_BY_SQLSTATE }, expected);
  assert.equal(statusForSqlstate("XX000"), 500);
  assert.equal(statusForSqlstate("P0001"), 500);
  assert.equal(statusForSqlstate("08006"), 503, "a lost connection is the server's trouble");
  assert.equal(statusForSqlstate("53300"), 503, "too many connections likewise");
});

Deno.test("retryable are no answer, 408, 429 and 5xx; no other 4xx", () => {
  for (const s of [0, 408, 429, 500, 502, 503, 504]) assert.equal(isRetryable(s), true, String(s));
  for (const s of [200, 400, 401, 403, 404, 409, 413, 422]) assert.equal(isRetryable(s), false, String(s));
});

Deno.test("the ingest function answers each database error with the shared map's status", async () => {
  const answers: [string, number][] = [["23505", 409], ["42501", 403], ["22P02", 400], ["40001", 503], ["40P01", 503], ["XX000", 500]];
  for (const [code, status] of answers) {
    const h = createIngestHandler({
      ingest: () => Promise.resolve({ data: null, error: { code, message: `failed with ${code}` } }),
      allowedOrigins: "*",
      log: () => {},
    });
    const res = await h(new Request("http://127.0.0.1/functions/v1/ingest", { method: "POST", headers: { "x-vigil-key": "vk_x" }, body: "[]" }));
    assert.equal(res.status, status, code);
    assert.equal((await res.json()).error.code, code);
  }
});
