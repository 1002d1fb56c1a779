// Every recorder's event shape against the shared conventions: errors with stack, breadcrumbs and user,
// fingerprints, the logger and its correlation id.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { all, setup } from "./fixtures/sdk.ts";

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
