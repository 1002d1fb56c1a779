// withVigil: each request of a wrapped Deno.serve handler becomes an api_call event, sent before the
// response is handed back (or handed to EdgeRuntime.waitUntil where Supabase's runtime offers it).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createVigil, httpTransport, withVigil } from "./index.ts";
import type { VigilEvent } from "./events.ts";

function recorder() {
  const sent: VigilEvent[] = [];
  const fetch = async (_u: string, init?: RequestInit) => {
    const events = JSON.parse(String(init?.body)) as VigilEvent[];
    sent.push(...events);
    return Response.json({ accepted: events.length, rejected: [] });
  };
  return { sent, vigil: createVigil({ transport: httpTransport({ url: "http://127.0.0.1:1/ingest", key: "k", fetch }), browser: false }) };
}

describe("withVigil", () => {
  test("records METHOD /path, status, duration and function name, flushed before the response is returned", async () => {
    const { sent, vigil } = recorder();
    const handler = withVigil(async () => new Response("made", { status: 201 }), { vigil, name: "orders" });
    const res = await handler(new Request("http://127.0.0.1/orders/new?x=1", { method: "POST" }));
    assert.equal(res.status, 201);
    assert.equal(await res.text(), "made");
    assert.equal(sent.length, 1, "already sent when the response comes back");
    const [e] = sent;
    assert.equal(e.kind, "api_call");
    assert.equal(e.name, "POST /orders/new");
    assert.equal(e.status_code, 201);
    assert.equal(e.success, true);
    assert.ok(typeof e.duration_ms === "number" && e.duration_ms >= 0);
    assert.deepEqual(e.attributes, { function: "orders" });
  });

  test("a 5xx response is a failed call", async () => {
    const { sent, vigil } = recorder();
    const res = await withVigil(() => new Response("x", { status: 502 }), { vigil })(new Request("http://h/f"));
    assert.equal(res.status, 502);
    assert.equal(sent[0].success, false);
    assert.equal(sent[0].status_code, 502);
    assert.deepEqual(sent[0].attributes, { function: "f" });
  });

  test("a thrown error is rethrown as it is, recorded as an error and as a 500 call", async () => {
    const { sent, vigil } = recorder();
    const boom = new SyntaxError("bad input");
    await assert.rejects(withVigil(() => { throw boom; }, { vigil })(new Request("http://h/parse")), (e) => e === boom);
    const kinds = sent.map((e) => e.kind).sort();
    assert.deepEqual(kinds, ["api_call", "error"]);
    const call = sent.find((e) => e.kind === "api_call")!;
    assert.equal(call.status_code, 500);
    assert.equal(call.error_type, "SyntaxError");
    const err = sent.find((e) => e.kind === "error")!;
    assert.match(String(err.attributes?.stack), /bad input/);
  });

  test("an incoming traceparent becomes the events' trace id and the logs' correlation id", async () => {
    const { sent, vigil } = recorder();
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    await withVigil(async () => {
      await new Promise((r) => setTimeout(r, 1));
      vigil.log.info("inside the handler");
      return new Response("ok");
    }, { vigil })(new Request("http://h/x", { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } }));
    const log = sent.find((e) => e.kind === "log")!;
    const call = sent.find((e) => e.kind === "api_call")!;
    assert.equal(call.trace_id, traceId);
    assert.equal(log.attributes?.correlation_id, traceId);
  });

  test("where EdgeRuntime.waitUntil exists the flush is handed to it and the response is not held", async () => {
    const { sent, vigil } = recorder();
    const handed: Promise<unknown>[] = [];
    const g = globalThis as { EdgeRuntime?: unknown };
    g.EdgeRuntime = { waitUntil: (p: Promise<unknown>) => handed.push(p) };
    try {
      const res = await withVigil(() => new Response("ok"), { vigil })(new Request("http://h/x"));
      assert.equal(res.status, 200);
      assert.equal(handed.length, 1);
      await handed[0];
      assert.equal(sent.length, 1);
    } finally {
      delete g.EdgeRuntime;
    }
  });

  test("options instead of a client create one with source edge_function", async () => {
    const sent: VigilEvent[] = [];
    const fetch = async (_u: string, init?: RequestInit) => {
      sent.push(...JSON.parse(String(init?.body)));
      return Response.json({ accepted: 1, rejected: [] });
    };
    const h = withVigil(() => new Response("ok"), { vigil: { transport: httpTransport({ url: "http://x/", key: "k", fetch }) } });
    await h(new Request("http://h/y"));
    assert.equal(sent[0].source, "edge_function");
    await h.vigil.shutdown({ timeoutMs: 10 });
  });

  test("a transport that is down does not change the response", async () => {
    const vigil = createVigil({ transport: httpTransport({ url: "http://x/", key: "k", fetch: () => Promise.reject(new Error("down")) }), maxAttempts: 1 });
    const res = await withVigil(() => new Response("fine"), { vigil })(new Request("http://h/z"));
    assert.equal(await res.text(), "fine");
  });
});
