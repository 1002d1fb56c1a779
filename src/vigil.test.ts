// The SDK client on a fake clock and a fake fetch: batching, bounds, drops, retries, sampling, track's
// faithfulness, every recorder's event shape, and that nothing ever throws into the caller.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createVigil, httpTransport, type Clock, type Vigil, type VigilOptions } from "./index.ts";
import type { VigilEvent } from "./events.ts";

/** A clock whose time moves only when the test says so; timers fire in order as it moves. */
class FakeClock implements Clock {
  t = Date.now();
  mono = 1000;
  private timers: { id: number; due: number; fn: () => void }[] = [];
  private next = 1;
  now = () => this.t;
  monotonic = () => this.mono;
  setTimeout = (fn: () => void, ms: number) => {
    const id = this.next++;
    this.timers.push({ id, due: this.t + ms, fn });
    return id;
  };
  clearTimeout = (h: unknown) => {
    this.timers = this.timers.filter((x) => x.id !== h);
  };
  /** Moves time forward by ms, running each timer that falls due and letting its promises settle. */
  async advance(ms: number) {
    const end = this.t + ms;
    for (;;) {
      await settle();
      this.timers.sort((a, b) => a.due - b.due);
      const due = this.timers[0];
      if (!due || due.due > end) break;
      this.timers.shift();
      this.mono += due.due - this.t;
      this.t = due.due;
      due.fn();
    }
    this.mono += end - this.t;
    this.t = end;
    await settle();
  }
}

async function settle() {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
}

interface Sent {
  at: number;
  url: string;
  init: RequestInit;
  events: VigilEvent[];
}

/** A fetch that records requests and answers from a script (default: 200, all accepted). */
function fakeFetch(clock: FakeClock, answer?: (n: number, events: VigilEvent[]) => Response | Error) {
  const sent: Sent[] = [];
  const fetch = async (url: string, init: RequestInit = {}) => {
    const events = JSON.parse(String(init.body)) as VigilEvent[];
    sent.push({ at: clock.t, url, init, events });
    const r = answer?.(sent.length, events) ?? Response.json({ accepted: events.length, rejected: [] });
    if (r instanceof Error) throw r;
    return r;
  };
  return { fetch, sent };
}

function setup(opts: Partial<VigilOptions> = {}, answer?: (n: number, events: VigilEvent[]) => Response | Error) {
  const clock = new FakeClock();
  const f = fakeFetch(clock, answer);
  const vigil = createVigil({
    transport: httpTransport({ url: "http://127.0.0.1:1/ingest", key: "vk_test", fetch: f.fetch }),
    clock,
    random: () => 1,
    ...opts,
  });
  return { clock, vigil, sent: f.sent };
}

const all = (sent: Sent[]) => sent.flatMap((s) => s.events);
const ev = (vigil: Vigil, n: number) => {
  for (let i = 0; i < n; i++) vigil.recordUserAction(`click-${i}`);
};

describe("batching", () => {
  test("nothing is sent before 20 events, and the 20th sends them in one request", async () => {
    const { clock, vigil, sent } = setup();
    ev(vigil, 19);
    await clock.advance(0);
    assert.equal(sent.length, 0);
    ev(vigil, 1);
    assert.equal(sent.length, 0, "the send happens after the call returns, not inside it");
    await clock.advance(0);
    assert.equal(sent.length, 1);
    assert.equal(sent[0].events.length, 20);
    assert.deepEqual(vigil.stats(), { ...vigil.stats(), queued: 0, sent: 20, dropped: 0, failed: 0 });
  });

  test("fewer than 20 events go out after 5 seconds", async () => {
    const { clock, vigil, sent } = setup();
    ev(vigil, 3);
    await clock.advance(4999);
    assert.equal(sent.length, 0);
    await clock.advance(1);
    assert.equal(sent.length, 1);
    assert.equal(sent[0].events.length, 3);
  });

  test("batch size and interval are options", async () => {
    const { clock, vigil, sent } = setup({ batchSize: 2, flushIntervalMs: 100 });
    ev(vigil, 1);
    await clock.advance(100);
    assert.equal(sent.length, 1);
    ev(vigil, 2);
    await clock.advance(0);
    assert.equal(sent.length, 2);
  });

  test("the request carries the key in x-vigil-key and a JSON array", async () => {
    const { vigil, sent } = setup();
    ev(vigil, 1);
    await vigil.flush();
    assert.equal(sent[0].init.method, "POST");
    const h = new Headers(sent[0].init.headers);
    assert.equal(h.get("x-vigil-key"), "vk_test");
    assert.equal(h.get("content-type"), "application/json");
  });

  test("a large backlog goes out in batches of at most maxBatchEvents", async () => {
    const { vigil, sent } = setup({ batchSize: 10_000, maxBatchEvents: 300, maxQueue: 5000 });
    ev(vigil, 1000);
    await vigil.flush();
    assert.deepEqual(sent.map((s) => s.events.length), [300, 300, 300, 100]);
  });
});

describe("bounds and drops", () => {
  test("a full queue drops its oldest events and counts them", async () => {
    const { vigil } = setup({ maxQueue: 10, batchSize: 100 });
    ev(vigil, 15);
    const s = vigil.stats();
    assert.equal(s.queued, 10);
    assert.equal(s.dropped, 5);
    assert.equal(s.overflow, 5);
  });

  test("the oldest are the ones dropped", async () => {
    const { vigil, sent } = setup({ maxQueue: 3, batchSize: 100 });
    ev(vigil, 5);
    await vigil.flush();
    assert.deepEqual(all(sent).map((e) => e.name), ["click-2", "click-3", "click-4"]);
  });

  test("an invalid event is dropped and counted, and logged in development", async () => {
    const warnings: unknown[] = [];
    const warn = console.warn;
    console.warn = (...a: unknown[]) => warnings.push(a);
    try {
      const { vigil, sent } = setup({ environment: "development" });
      vigil.record({ kind: "bogus" as "custom", name: "x" });
      vigil.record({ kind: "custom", name: "" });
      vigil.record({ kind: "custom", name: "fine" });
      await vigil.flush();
      assert.deepEqual(all(sent).map((e) => e.name), ["fine"]);
      assert.equal(vigil.stats().invalid, 2);
      assert.equal(vigil.stats().dropped, 2);
      assert.ok(warnings.some((w) => String((w as unknown[])[0]).includes("kind must be one of")));
    } finally {
      console.warn = warn;
    }
  });

  test("outside development invalid events are dropped silently", async () => {
    const warn = console.warn;
    let warned = false;
    console.warn = () => (warned = true);
    try {
      const { vigil } = setup({ environment: "production" });
      vigil.record({ kind: "custom", name: "" });
      await vigil.flush();
      assert.equal(vigil.stats().invalid, 1);
      assert.equal(warned, false);
    } finally {
      console.warn = warn;
    }
  });

  test("events the server rejects one by one are counted as rejected", async () => {
    const { vigil } = setup({}, (_n, events) => Response.json({ accepted: events.length - 1, rejected: [{ index: 0, reason: "kind x is not allowed for this ingest key" }] }));
    ev(vigil, 3);
    await vigil.flush();
    assert.equal(vigil.stats().sent, 2);
    assert.equal(vigil.stats().rejected, 1);
  });
});

describe("retries", () => {
  test("a failed send retries after 1 s, then 2 s, then succeeds; nothing is lost", async () => {
    const { clock, vigil, sent } = setup({}, (n) => (n <= 2 ? new Response("down", { status: 503 }) : undefined as unknown as Response));
    const t0 = clock.t;
    ev(vigil, 20);
    await clock.advance(0);
    await clock.advance(10_000);
    assert.deepEqual(sent.map((s) => s.at - t0), [0, 1000, 3000]);
    const s = vigil.stats();
    assert.equal(s.sent, 20);
    assert.equal(s.retries, 2);
    assert.equal(s.failed, 0);
    assert.equal(s.queued, 0);
  });

  test("backoff doubles up to the maximum, with jitter from the random source", async () => {
    const { clock, vigil, sent } = setup({ maxAttempts: 7, backoffMs: 100, maxBackoffMs: 500, random: () => 0 },
      () => new Error("offline"));
    const t0 = clock.t;
    ev(vigil, 20);
    await clock.advance(10_000);
    // random() = 0 halves each delay: 50, 100, 200, 250, 250, 250.
    assert.deepEqual(sent.map((s) => s.at - t0), [0, 50, 150, 350, 600, 850, 1100]);
    assert.equal(vigil.stats().failed, 20, "given up after 7 attempts");
  });

  test("a network error retries; after the last attempt the batch counts as failed", async () => {
    const { clock, vigil, sent } = setup({ maxAttempts: 3 }, () => new TypeError("fetch failed"));
    ev(vigil, 20);
    await clock.advance(60_000);
    assert.equal(sent.length, 3);
    const s = vigil.stats();
    assert.equal(s.failed, 20);
    assert.equal(s.queued, 0);
    assert.match(s.lastError?.message ?? "", /fetch failed/);
  });

  test("after giving up on one batch, the rest goes out at the next interval", async () => {
    const { clock, vigil, sent } = setup({ maxAttempts: 1, maxBatchEvents: 20, batchSize: 1000 }, (n) => (n === 1 ? new TypeError("fetch failed") : undefined as unknown as Response));
    const t0 = clock.t;
    ev(vigil, 40);
    await clock.advance(5000);
    assert.deepEqual(sent.map((s) => s.at - t0), [5000]);
    await clock.advance(5000);
    assert.deepEqual(sent.map((s) => s.at - t0), [5000, 10000]);
    assert.deepEqual([vigil.stats().failed, vigil.stats().sent], [20, 20]);
  });

  test("a 401 is not retried", async () => {
    const { clock, vigil, sent } = setup({}, () => Response.json({ error: { code: "PT401", message: "Unknown ingest key." } }, { status: 401 }));
    ev(vigil, 20);
    await clock.advance(60_000);
    assert.equal(sent.length, 1);
    assert.equal(vigil.stats().failed, 20);
    assert.equal(vigil.stats().lastError?.code, "PT401");
  });

  test("a 429 waits at least as long as Retry-After says", async () => {
    const { clock, vigil, sent } = setup({}, (n) =>
      n === 1 ? new Response("{}", { status: 429, headers: { "retry-after": "30" } }) : (undefined as unknown as Response));
    const t0 = clock.t;
    ev(vigil, 20);
    await clock.advance(60_000);
    assert.deepEqual(sent.map((s) => s.at - t0), [0, 30_000]);
  });

  test("events recorded during a backoff wait for it, and the queue bound still holds", async () => {
    const { clock, vigil, sent } = setup({ maxQueue: 25 }, (n) => (n === 1 ? new Response("", { status: 500 }) : (undefined as unknown as Response)));
    ev(vigil, 20);
    await clock.advance(0);
    ev(vigil, 20);
    await clock.advance(500);
    assert.equal(sent.length, 1, "no send during the backoff");
    assert.equal(vigil.stats().dropped, 15);
    await clock.advance(1000);
    assert.equal(all(sent).length - 20, 25);
  });

  test("flush() tries at once, whatever the backoff", async () => {
    const { clock, vigil, sent } = setup({}, (n) => (n === 1 ? new Response("", { status: 502 }) : (undefined as unknown as Response)));
    ev(vigil, 20);
    await clock.advance(0);
    await vigil.flush();
    assert.equal(sent.length, 2);
    assert.equal(vigil.stats().sent, 20);
  });
});

describe("never hurts the app", () => {
  test("a fetch that throws synchronously, or never answers, throws nothing into the caller", async () => {
    const clock = new FakeClock();
    const vigil = createVigil({
      transport: httpTransport({ url: "http://127.0.0.1:1/", key: "k", fetch: () => { throw new Error("boom"); } }),
      clock,
      maxAttempts: 1,
    });
    ev(vigil, 25);
    assert.equal(vigil.track("x", () => 7), 7);
    const s = await vigil.flush();
    assert.equal(s.failed, 26);
    const hanging = createVigil({ transport: httpTransport({ url: "http://x/", key: "k", fetch: () => new Promise(() => {}) }), clock });
    ev(hanging, 40);
    assert.equal(hanging.stats().queued, 40);
  });

  test("a transport that is down does not stop recording or throw", async () => {
    const { clock, vigil } = setup({}, () => new TypeError("fetch failed"));
    for (let i = 0; i < 100; i++) {
      vigil.recordApiCall("GET /x", 1, 200);
      vigil.recordError(new Error("e"));
      vigil.log.error("bad");
    }
    await clock.advance(120_000);
    assert.ok(vigil.stats().failed > 0);
    assert.ok((await vigil.shutdown({ timeoutMs: 50 })).queued >= 0);
  });

  test("recorders swallow junk arguments", () => {
    const { vigil } = setup();
    const junk = [undefined, null, 42, {}, Symbol("s"), () => 1] as unknown[];
    for (const j of junk) {
      vigil.recordPageView(j as string);
      vigil.recordError(j);
      vigil.recordUserAction(j as string, j as Record<string, unknown>);
      vigil.recordApiCall(j as string, j as number, j as number);
      vigil.milestone(j as string);
      vigil.cacheHit(j as string);
      vigil.fallback(j as string, j as string);
      vigil.log.info(j as string);
      vigil.record(j as VigilEvent);
    }
  });

  test("a pending flush timer does not keep Node alive", () => {
    const vigil = createVigil({ transport: httpTransport({ url: "http://127.0.0.1:1/", key: "k" }) });
    vigil.recordUserAction("x");
    // If the timer were ref'd this test file would hang for 5 s at exit; node:test would still pass,
    // so check the handle directly instead.
    assert.equal(vigil.stats().queued, 1);
  });
});

describe("sampling", () => {
  test("a kind sampled at 0.25 keeps a quarter; other kinds are kept whole", async () => {
    let i = 0;
    const { vigil, sent } = setup({ sampleRates: { page_view: 0.25 }, random: () => (i++ % 4) / 4 });
    for (let n = 0; n < 100; n++) {
      vigil.recordPageView(`/p/${n}`);
      vigil.recordUserAction("a");
    }
    await vigil.flush();
    const kinds = all(sent).map((e) => e.kind);
    assert.equal(kinds.filter((k) => k === "page_view").length, 25);
    assert.equal(kinds.filter((k) => k === "user_action").length, 100);
    assert.equal(vigil.stats().sampledOut, 75);
    assert.equal(vigil.stats().dropped, 0, "sampling is not dropping");
  });

  test("a rate of 0 keeps nothing of that kind", async () => {
    const { vigil, sent } = setup({ sampleRates: { log: 0 } });
    vigil.log.info("x");
    await vigil.flush();
    assert.equal(sent.length, 0);
  });
});

describe("track", () => {
  test("returns a synchronous result as it is and records a successful operation", async () => {
    const { clock, vigil, sent } = setup();
    const obj = { a: 1 };
    const r = vigil.track("sync-op", () => {
      clock.mono += 12.5;
      return obj;
    });
    assert.equal(r, obj);
    await vigil.flush();
    const [e] = all(sent);
    assert.equal(e.kind, "operation");
    assert.equal(e.name, "sync-op");
    assert.equal(e.success, true);
    assert.equal(e.duration_ms, 12.5);
    assert.match(e.trace_id ?? "", /^[0-9a-f]{32}$/);
  });

  test("rethrows the very error a synchronous function threw and records it", async () => {
    const { vigil, sent } = setup();
    class PaymentError extends Error {
      override name = "PaymentError";
    }
    const err = new PaymentError("card declined");
    assert.throws(() => vigil.track("pay", () => { throw err; }), (e) => e === err);
    await vigil.flush();
    const [e] = all(sent);
    assert.equal(e.success, false);
    assert.equal(e.error_type, "PaymentError");
    assert.equal(e.error_message, "card declined");
  });

  test("returns the same promise an async function returned, and records after it settles", async () => {
    const { clock, vigil, sent } = setup();
    let resolve!: (v: string) => void;
    const p = new Promise<string>((r) => (resolve = r));
    const out = vigil.track("async-op", () => p);
    assert.equal(out, p, "the caller gets the very promise");
    await vigil.flush();
    assert.equal(sent.length, 0, "nothing recorded before it settles");
    clock.mono += 40;
    resolve("done");
    assert.equal(await out, "done");
    await vigil.flush();
    assert.equal(all(sent)[0].duration_ms, 40);
    assert.equal(all(sent)[0].success, true);
  });

  test("a rejected promise reaches the caller with the same reason; no extra unhandled rejection", async () => {
    const { vigil, sent } = setup();
    const reason = new RangeError("too far");
    const unhandled: unknown[] = [];
    const onUnhandled = (r: unknown) => unhandled.push(r);
    process.on("unhandledRejection", onUnhandled);
    try {
      await assert.rejects(vigil.track("far", async () => { throw reason; }), (e) => e === reason);
      await settle();
      assert.deepEqual(unhandled, []);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
    await vigil.flush();
    assert.equal(all(sent)[0].error_type, "RangeError");
  });

  test("a thenable that is not a Promise is subscribed to once", async () => {
    const { vigil, sent } = setup();
    let runs = 0;
    const builder = { then(ok: (v: number) => unknown) { runs++; return Promise.resolve(ok(5)); } };
    const r = await vigil.track("query-builder", () => builder);
    assert.equal(r, 5);
    assert.equal(runs, 1);
    await vigil.flush();
    assert.equal(all(sent).length, 1);
  });

  test("non-Error throws are rethrown as they are and recorded as NonError", async () => {
    const { vigil, sent } = setup();
    assert.throws(() => vigil.track("s", () => { throw "plain string"; }), (e) => e === "plain string");
    await vigil.flush();
    assert.equal(all(sent)[0].error_type, "NonError");
    assert.equal(all(sent)[0].error_message, "plain string");
  });

  test("context adds fields and the kind can be chosen", async () => {
    const { vigil, sent } = setup();
    vigil.track("x", () => 1, { user_id: "u1", attributes: { plan: "pro" }, kind: "custom" });
    await vigil.flush();
    const [e] = all(sent);
    assert.equal(e.kind, "custom");
    assert.equal(e.user_id, "u1");
    assert.deepEqual(e.attributes, { plan: "pro" });
  });

  test("trackQuery flags calls slower than the threshold (default 1 s)", async () => {
    const { clock, vigil, sent } = setup();
    vigil.trackQuery("orders.select", () => { clock.mono += 999; });
    vigil.trackQuery("orders.update", () => { clock.mono += 1500; });
    vigil.trackQuery("orders.count", () => { clock.mono += 60; }, { slowMs: 50 });
    await vigil.flush();
    assert.deepEqual(all(sent).map((e) => [e.name, e.attributes?.slow ?? false]),
      [["orders.select", false], ["orders.update", true], ["orders.count", true]]);
    assert.equal(all(sent)[0].attributes?.query, true);
  });
});

describe("recorders follow the shared event conventions", () => {
  test("api_call, page_view, user_action, milestone, cache, fallback, web_vital", async () => {
    const { vigil, sent } = setup({ release: "web@1.2.3", environment: "test" });
    vigil.recordApiCall("GET /api/orders", 87.5, 200);
    vigil.recordApiCall("POST /api/pay", 10, 503);
    vigil.recordPageView("/checkout");
    vigil.recordUserAction("add_to_cart", { sku: "A1" });
    vigil.milestone("signup_completed", { plan: "pro" });
    vigil.cacheHit("products", "redis");
    vigil.cacheMiss("products");
    vigil.fallback("pricing", "stale-cache", true);
    vigil.recordWebVital("LCP", 1234.5, { rating: "good" });
    await vigil.flush();
    const e = all(sent);
    assert.deepEqual(
      e.map(({ kind, name, duration_ms, status_code, success, value, attributes }) => ({ kind, name, duration_ms, status_code, success, value, attributes })),
      [
        { kind: "api_call", name: "GET /api/orders", duration_ms: 87.5, status_code: 200, success: true, value: undefined, attributes: undefined },
        { kind: "api_call", name: "POST /api/pay", duration_ms: 10, status_code: 503, success: false, value: undefined, attributes: undefined },
        { kind: "page_view", name: "/checkout", duration_ms: undefined, status_code: undefined, success: undefined, value: undefined, attributes: undefined },
        { kind: "user_action", name: "add_to_cart", duration_ms: undefined, status_code: undefined, success: undefined, value: undefined, attributes: { sku: "A1" } },
        { kind: "milestone", name: "signup_completed", duration_ms: undefined, status_code: undefined, success: undefined, value: undefined, attributes: { plan: "pro" } },
        { kind: "cache", name: "products", duration_ms: undefined, status_code: undefined, success: undefined, value: 1, attributes: { layer: "redis" } },
        { kind: "cache", name: "products", duration_ms: undefined, status_code: undefined, success: undefined, value: 0, attributes: undefined },
        { kind: "fallback", name: "pricing", duration_ms: undefined, status_code: undefined, success: true, value: undefined, attributes: { layer: "stale-cache" } },
        { kind: "web_vital", name: "LCP", duration_ms: undefined, status_code: undefined, success: undefined, value: 1234.5, attributes: { rating: "good" } },
      ],
    );
    for (const x of e) {
      assert.equal(x.release, "web@1.2.3");
      assert.equal(x.environment, "test");
      assert.equal(x.session_id, vigil.sessionId);
      assert.ok(x.occurred_at && Math.abs(Date.parse(x.occurred_at) - Date.now()) < 60_000);
    }
  });

  test("recordError carries the stack, the last breadcrumbs and the user", async () => {
    const { vigil, sent } = setup({ maxBreadcrumbs: 3 });
    vigil.setUser({ id: "user-7", email: "a@example.com" });
    vigil.recordPageView("/a");
    vigil.recordUserAction("one");
    vigil.recordUserAction("two");
    vigil.recordUserAction("three");
    const err = new TypeError("x is undefined");
    vigil.recordError(err, { attributes: { component: "Cart" } });
    await vigil.flush();
    const e = all(sent).find((x) => x.kind === "error")!;
    assert.equal(e.name, "TypeError");
    assert.equal(e.error_type, "TypeError");
    assert.equal(e.error_message, "x is undefined");
    assert.equal(e.success, false);
    assert.equal(e.user_id, "user-7");
    assert.match(e.fingerprint ?? "", /^[0-9a-f]{8}$/);
    const a = e.attributes as { stack: string; breadcrumbs: { type: string; message: string }[]; user: unknown; component: string };
    assert.match(a.stack, /TypeError: x is undefined\n\s+at /);
    assert.deepEqual(a.breadcrumbs.map((b) => b.message), ["one", "two", "three"]);
    assert.deepEqual(a.user, { id: "user-7", email: "a@example.com" });
    assert.equal(a.component, "Cart");
  });

  test("the same bug with different ids gets the same fingerprint", async () => {
    const { vigil, sent } = setup();
    const make = (id: number) => new Error(`order ${id} not found`);
    vigil.recordError(make(17));
    vigil.recordError(make(99231));
    await vigil.flush();
    const [a, b] = all(sent);
    assert.equal(a.fingerprint, b.fingerprint);
  });

  test("a huge stack and many breadcrumbs still fit the 8 KB attributes cap", async () => {
    const { vigil, sent } = setup({ maxBreadcrumbs: 100 });
    for (let i = 0; i < 100; i++) vigil.recordUserAction("x".repeat(150));
    const err = new Error("deep");
    err.stack = "Error: deep\n" + "    at f (file.js:1:1)\n".repeat(2000);
    vigil.recordError(err);
    await vigil.flush();
    const e = all(sent).find((x) => x.kind === "error");
    assert.ok(e, "the error was sent, not dropped as invalid");
    assert.equal(vigil.stats().invalid, 0);
  });

  test("the logger records levels, truncates long messages into name, and carries the correlation id of track", async () => {
    const { vigil, sent } = setup();
    vigil.log.info("outside");
    let traceId = "";
    await vigil.track("checkout", async (span) => {
      traceId = span.traceId;
      await new Promise((r) => setImmediate(r));
      vigil.log.warn("inside after an await", { order: 1 });
      vigil.log.critical("y".repeat(300));
    });
    await vigil.flush();
    const logs = all(sent).filter((e) => e.kind === "log");
    assert.equal(logs[0].attributes?.level, "info");
    assert.equal(logs[0].attributes?.correlation_id, undefined);
    assert.equal(logs[1].attributes?.level, "warn");
    assert.equal(logs[1].attributes?.correlation_id, traceId);
    assert.equal(logs[1].attributes?.order, 1);
    assert.equal(logs[2].name.length, 200);
    assert.equal(logs[2].success, false);
    const op = all(sent).find((e) => e.kind === "operation");
    assert.equal(op?.trace_id, traceId);
  });

  test("nested track calls share one trace", async () => {
    const { vigil, sent } = setup();
    await vigil.track("outer", async () => {
      await vigil.track("inner", async () => 1);
    });
    await vigil.flush();
    const [inner, outer] = all(sent);
    assert.equal(inner.trace_id, outer.trace_id);
  });
});

describe("traceparent", () => {
  test("vigil.fetch adds a W3C traceparent inside track when enabled, and nothing outside", async () => {
    const seen: (string | null)[] = [];
    const real = globalThis.fetch;
    globalThis.fetch = (async (_i: RequestInfo | URL, init?: RequestInit) => {
      seen.push(new Headers(init?.headers).get("traceparent"));
      return new Response("ok");
    }) as typeof fetch;
    try {
      const { vigil } = setup({ traceparent: true });
      let span = { traceId: "", spanId: "" };
      await vigil.track("call-upstream", async (s) => {
        span = s;
        await vigil.fetch("http://127.0.0.1:9/x", { headers: { a: "b" } });
      });
      await vigil.fetch("http://127.0.0.1:9/y");
      assert.equal(seen[0], `00-${span.traceId}-${span.spanId}-01`);
      assert.equal(seen[1], null);
    } finally {
      globalThis.fetch = real;
    }
  });

  test("patchFetch makes globalThis.fetch add it too, and shutdown restores fetch", async () => {
    const seen: (string | null)[] = [];
    const real = globalThis.fetch;
    const stub = (async (_i: RequestInfo | URL, init?: RequestInit) => {
      seen.push(new Headers(init?.headers).get("traceparent"));
      return new Response("ok");
    }) as typeof fetch;
    globalThis.fetch = stub;
    try {
      const { vigil } = setup({ traceparent: true, patchFetch: true });
      assert.notEqual(globalThis.fetch, stub);
      await vigil.track("t", () => fetch("http://127.0.0.1:9/x"));
      assert.match(seen[0] ?? "", /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      await vigil.shutdown({ timeoutMs: 10 });
      assert.equal(globalThis.fetch, stub);
    } finally {
      globalThis.fetch = real;
    }
  });

  test("without the option no header is added", async () => {
    const seen: (string | null)[] = [];
    const real = globalThis.fetch;
    globalThis.fetch = (async (_i: RequestInfo | URL, init?: RequestInit) => {
      seen.push(new Headers(init?.headers).get("traceparent"));
      return new Response("ok");
    }) as typeof fetch;
    try {
      const { vigil } = setup();
      await vigil.track("t", () => vigil.fetch("http://127.0.0.1:9/x"));
      assert.equal(seen[0], null);
    } finally {
      globalThis.fetch = real;
    }
  });
});

describe("flush, shutdown, stats, keepalive", () => {
  test("flush sends everything now and reports stats", async () => {
    const { vigil, sent } = setup();
    ev(vigil, 5);
    const s = await vigil.flush();
    assert.equal(sent.length, 1);
    assert.deepEqual([s.queued, s.sent, s.dropped, s.failed], [0, 5, 0, 0]);
  });

  test("shutdown flushes, then records nothing more (counted as dropped)", async () => {
    const { vigil, sent } = setup();
    ev(vigil, 2);
    await vigil.shutdown();
    assert.equal(all(sent).length, 2);
    vigil.recordUserAction("late");
    assert.equal(vigil.stats().dropped, 1);
    assert.equal(vigil.track("still works", () => 3), 3);
  });

  test("shutdown gives up waiting after its timeout", async () => {
    const vigil = createVigil({ transport: httpTransport({ url: "http://x/", key: "k", fetch: () => new Promise(() => {}) }) });
    ev(vigil, 1);
    const t = performance.now();
    await vigil.shutdown({ timeoutMs: 30 });
    assert.ok(performance.now() - t < 1000);
  });

  test("an unload flush is one keepalive request with the key in the query string and a text/plain body", async () => {
    const { vigil, sent } = setup();
    ev(vigil, 3);
    void vigil.flush({ keepalive: true });
    assert.equal(sent.length, 1, "started synchronously, before the page can go away");
    assert.equal(sent[0].url, "http://127.0.0.1:1/ingest?key=vk_test");
    assert.equal(sent[0].init.keepalive, true);
    assert.equal(new Headers(sent[0].init.headers).get("content-type"), "text/plain;charset=UTF-8");
    assert.equal(new Headers(sent[0].init.headers).get("x-vigil-key"), null);
  });

  test("an unload flush stays under the 64 KB keepalive budget", async () => {
    const { vigil, sent } = setup({ batchSize: 10_000 });
    for (let i = 0; i < 400; i++) vigil.recordUserAction("a", { pad: "p".repeat(400) });
    void vigil.flush({ keepalive: true });
    assert.ok(String(sent[0].init.body).length <= 60 * 1024);
    assert.ok(sent[0].events.length < 400);
  });
});
