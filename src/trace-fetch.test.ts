// vigil.fetch and patchFetch: a W3C traceparent from the current tracked call, and only when asked.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { setup } from "./fixtures/sdk.ts";

/**
 * Runs `body` with globalThis.fetch replaced by a stub that records each request's traceparent
 * header (null when absent), and puts the real fetch back afterwards whatever happens.
 */
async function withRecordingFetch(body: (seen: (string | null)[], stub: typeof fetch) => Promise<void>) {
  const seen: (string | null)[] = [];
  const real = globalThis.fetch;
  const stub = (async (_i: RequestInfo | URL, init?: RequestInit) => {
    seen.push(new Headers(init?.headers).get("traceparent"));
    return new Response("ok");
  }) as typeof fetch;
  globalThis.fetch = stub;
  try {
    await body(seen, stub);
  } finally {
    globalThis.fetch = real;
  }
}

describe("traceparent", () => {
  test("vigil.fetch adds a W3C traceparent inside track when enabled, and nothing outside", () =>
    withRecordingFetch(async (seen) => {
      const { vigil } = setup({ traceparent: true });
      let span = { traceId: "", spanId: "" };
      await vigil.track("call-upstream", async (s) => {
        span = s;
        await vigil.fetch("http://127.0.0.1:9/x", { headers: { a: "b" } });
      });
      await vigil.fetch("http://127.0.0.1:9/y");
      assert.equal(seen[0], `00-${span.traceId}-${span.spanId}-01`);
      assert.equal(seen[1], null);
    }));

  test("patchFetch makes globalThis.fetch add it too, and shutdown restores fetch", () =>
    withRecordingFetch(async (seen, stub) => {
      const { vigil } = setup({ traceparent: true, patchFetch: true });
      assert.notEqual(globalThis.fetch, stub);
      await vigil.track("t", () => fetch("http://127.0.0.1:9/x"));
      assert.match(seen[0] ?? "", /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      await vigil.shutdown({ timeoutMs: 10 });
      assert.equal(globalThis.fetch, stub);
    }));

  test("without the option no header is added", () =>
    withRecordingFetch(async (seen) => {
      const { vigil } = setup();
      await vigil.track("t", () => vigil.fetch("http://127.0.0.1:9/x"));
      assert.equal(seen[0], null);
    }));
});
