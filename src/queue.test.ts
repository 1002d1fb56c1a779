// The send queue, through the client on a fake clock and a fake fetch: batching, bounds, drops,
// retries and backoff, sampling, flush, shutdown and the unload keepalive request.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createVigil, httpTransport } from "./index.ts";
import { VigilNetworkError, VigilRateLimitError } from "./errors.ts";
import { all, ev, FakeClock, setup } from "./fixtures/sdk.ts";
import { createQueue } from "./queue.ts";
import type { Transport } from "./transports.ts";

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

describe("the queue on its own", () => {
  const options = { batchSize: 100, maxAttempts: 1 };
  const noop = () => {};

  test("a custom transport's plain error fields come out of stats as a typed error", async () => {
    const clock = new FakeClock();
    const transport: Transport = {
      name: "custom",
      send: () => Promise.resolve({ data: null, error: { message: "over budget", status: 429, code: "PT429", retryable: false } }),
    };
    const q = createQueue({ transport, clock, random: () => 1, options, stamp: noop, say: noop });
    q.enqueue({ kind: "custom", name: "x" });
    await q.drain(true);
    const e = q.stats().lastError;
    assert.ok(e instanceof VigilRateLimitError);
    assert.deepEqual([e.code, e.status, q.stats().failed], ["PT429", 429, 1]);
  });

  test("a transport that throws counts as a network error, and every kept event is stamped once", async () => {
    const clock = new FakeClock();
    const stamped: string[] = [];
    const transport: Transport = { name: "broken", send: () => Promise.reject(new Error("socket hang up")) };
    const q = createQueue({ transport, clock, random: () => 1, options: { ...options, sampleRates: { log: 0 } },
      stamp: (e) => stamped.push(e.name), say: noop });
    q.enqueue({ kind: "custom", name: "kept" });
    q.enqueue({ kind: "log", name: "sampled out" });
    await q.drain(true);
    assert.deepEqual(stamped, ["kept"]);
    assert.ok(q.stats().lastError instanceof VigilNetworkError);
    assert.equal(q.stats().sampledOut, 1);
  });

  test("a closed queue drops what comes and counts it", () => {
    const q = createQueue({ transport: { name: "t", send: () => new Promise(() => {}) }, clock: new FakeClock(), random: () => 1, options, stamp: noop, say: noop });
    q.close();
    q.enqueue({ kind: "custom", name: "late" });
    assert.deepEqual([q.closed, q.stats().dropped, q.stats().queued], [true, 1, 0]);
  });
});
