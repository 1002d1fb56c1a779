// Size helpers: utf8Length agrees with a real encoder without encoding, and truncate marks what it cut.
import assert from "node:assert/strict";
import { test } from "node:test";
import { truncate, utf8Length } from "./text.ts";

test("utf8Length counts what TextEncoder writes, lone surrogates as U+FFFD", () => {
  const encoder = new TextEncoder();
  for (const s of ["", "plain ascii", "café", "€ and ✓", "emoji 😀 pair", "lone \ud800 high", "lone \udc00 low", "end \ud83d"]) {
    assert.equal(utf8Length(s), encoder.encode(s).length, JSON.stringify(s));
  }
});

test("truncate leaves short strings alone and cuts long ones to max with an ellipsis", () => {
  assert.equal(truncate("short", 10), "short");
  assert.equal(truncate("x".repeat(10), 10), "x".repeat(10));
  const cut = truncate("y".repeat(300), 200);
  assert.equal(cut.length, 200);
  assert.ok(cut.endsWith("…"));
});
