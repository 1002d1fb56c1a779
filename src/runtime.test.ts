// The runtime defaults as Node sees them: a server source, a session of our own, and timers that do
// not keep the process alive.
import assert from "node:assert/strict";
import { test } from "node:test";
import { browserSession, defaultClock, defaultSource, isBrowser } from "./runtime.ts";

test("Node is a server without a browser session", () => {
  assert.equal(isBrowser, false);
  assert.equal(defaultSource(), "server");
  assert.equal(browserSession(), undefined);
});

test("the default clock's timers are unref'd, so a pending flush does not keep Node alive", () => {
  const h = defaultClock.setTimeout(() => {}, 60_000) as { hasRef(): boolean };
  try {
    assert.equal(h.hasRef(), false);
  } finally {
    defaultClock.clearTimeout(h);
  }
  assert.ok(Math.abs(defaultClock.now() - Date.now()) < 1000);
  assert.equal(typeof defaultClock.monotonic?.(), "number");
});
