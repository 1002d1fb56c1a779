// track and trackQuery: the caller gets exactly what the function gave, and one faithful event is recorded.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { all, settle, setup } from "./fixtures/sdk.ts";

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
