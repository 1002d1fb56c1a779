// What an error event says about a thrown value, whatever was thrown, and fingerprints that group the
// same bug whatever ids its message carries.
import assert from "node:assert/strict";
import { test } from "node:test";
import { describeError, fingerprintOf } from "./error-report.ts";

test("an Error gives its class name, message and stack", () => {
  class PaymentError extends Error {
    override name = "PaymentError";
  }
  const d = describeError(new PaymentError("card declined"));
  assert.equal(d.type, "PaymentError");
  assert.equal(d.message, "card declined");
  assert.match(d.stack ?? "", /card declined\n\s+at /);
});

test("an error-like object keeps its name and message; anything else is a NonError", () => {
  assert.deepEqual(describeError({ name: "PostgrestError", message: "denied" }), { type: "PostgrestError", message: "denied", stack: undefined });
  assert.deepEqual(describeError("plain string"), { type: "NonError", message: "plain string" });
  assert.deepEqual(describeError({ code: 7 }), { type: "NonError", message: '{"code":7}' });
  const circular: Record<string, unknown> = {};
  circular.self = circular;
  assert.deepEqual(describeError(circular), { type: "NonError", message: "[object Object]" });
});

test("the fingerprint ignores numbers and ids but not the type or the first frame", () => {
  const frame = "Error: x\n    at load (app.js:10:5)";
  const a = fingerprintOf("Error", "order 17 not found", frame);
  assert.match(a, /^[0-9a-f]{8}$/);
  assert.equal(fingerprintOf("Error", "order 99231 not found", frame.replace(":10:5", ":11:9")), a);
  assert.equal(fingerprintOf("Error", "order deadbeefcafe not found", frame), a);
  assert.notEqual(fingerprintOf("TypeError", "order 17 not found", frame), a);
  assert.notEqual(fingerprintOf("Error", "order 17 not found", "Error: x\n    at save (app.js:10:5)"), a);
});
