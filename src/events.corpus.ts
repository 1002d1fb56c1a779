// One corpus of good and bad events, fed to both the zod schema and `vigil_api.ingest`.
// Times are relative to the moment the corpus is built, so it never goes stale.

export interface CorpusCase {
  case: string;
  event: unknown;
  valid: boolean;
}

const iso = (ms: number) => new Date(ms).toISOString();
const DAY = 86_400_000;

export function eventCorpus(now = Date.now()): CorpusCase[] {
  const op = { kind: "operation", name: "checkout" };
  const good = (c: string, event: unknown): CorpusCase => ({ case: c, event, valid: true });
  const bad = (c: string, event: unknown): CorpusCase => ({ case: c, event, valid: false });
  return [
    // Accepted.
    good("the smallest event: kind and name", { ...op }),
    good("every field filled", {
      kind: "api_call", name: "GET /api/orders", occurred_at: iso(now - 60_000), duration_ms: 182.5, value: 3,
      success: false, status_code: 503, error_type: "UpstreamError", error_message: "upstream timed out",
      fingerprint: "abc123", user_id: "user-1", session_id: "sess-1", trace_id: "4bf92f3577b34da6a3ce929d0e0e4736",
      release: "1.4.2", environment: "production", source: "browser", attributes: { region: "eu", retry: 2 },
    }),
    good("every kind: api_call", { kind: "api_call", name: "POST /pay" }),
    good("every kind: page_view", { kind: "page_view", name: "/pricing" }),
    good("every kind: error", { kind: "error", name: "TypeError", error_type: "TypeError", error_message: "x is undefined" }),
    good("every kind: user_action", { kind: "user_action", name: "click:buy" }),
    good("every kind: web_vital", { kind: "web_vital", name: "LCP", value: 2100 }),
    good("every kind: milestone", { kind: "milestone", name: "signup", user_id: "u1" }),
    good("every kind: cache", { kind: "cache", name: "products", value: 1 }),
    good("every kind: fallback", { kind: "fallback", name: "pricing", attributes: { layer: "cache" } }),
    good("every kind: log", { kind: "log", name: "payment retried", attributes: { level: "warn" } }),
    good("every kind: db_metric", { kind: "db_metric", name: "connections_pct", value: 41.5 }),
    good("every kind: custom", { kind: "custom", name: "orders_stuck", value: 0 }),
    good("a name of exactly 200 characters", { ...op, name: "n".repeat(200) }),
    good("a name of 200 emoji (200 characters, 400 UTF-16 units)", { ...op, name: "🚀".repeat(200) }),
    good("a name with inner spaces and accents", { ...op, name: " café checkout " }),
    good("occurred_at 6 days ago", { ...op, occurred_at: iso(now - 6 * DAY) }),
    good("occurred_at 4 minutes ahead", { ...op, occurred_at: iso(now + 4 * 60_000) }),
    good("occurred_at with an offset", { ...op, occurred_at: iso(now - 3_600_000).replace("Z", "+00:00") }),
    good("occurred_at with a space and no seconds", { ...op, occurred_at: iso(now - 3_600_000).slice(0, 16).replace("T", " ") + "Z" }),
    good("occurred_at with nanoseconds", { ...op, occurred_at: iso(now - 3_600_000).replace(/\.\d+Z$/, ".123456789Z") }),
    good("occurred_at null means now", { ...op, occurred_at: null }),
    good("duration_ms of zero", { ...op, duration_ms: 0 }),
    good("duration_ms of exactly one day", { ...op, duration_ms: 86_400_000 }),
    good("a negative value", { kind: "custom", name: "balance_delta", value: -42.5 }),
    good("value at the limit", { kind: "custom", name: "big", value: 1e15 }),
    good("status_code 100 and 599 are the bounds", { kind: "api_call", name: "GET /", status_code: 599 }),
    good("attributes of exactly 8192 bytes", { ...op, attributes: { k: "x".repeat(8192 - '{"k": ""}'.length) } }),
    good("error_message of 4000 characters", { kind: "error", name: "E", error_message: "m".repeat(4000) }),
    good("trace_id of 64 characters", { ...op, trace_id: "t".repeat(64) }),
    good("status_code written as 200.0", { kind: "api_call", name: "GET /", status_code: 200.0 }),
    good("nulls for optional fields", { ...op, duration_ms: null, success: null, attributes: null, release: null }),

    // Rejected, one rule each.
    bad("not an object: a number", 42),
    bad("not an object: an array", [op]),
    bad("not an object: null", null),
    bad("an unknown field", { ...op, colour: "red" }),
    bad("kind missing", { name: "checkout" }),
    bad("kind not a string", { kind: 1, name: "checkout" }),
    bad("kind not in the list", { kind: "metric", name: "checkout" }),
    bad("name missing", { kind: "operation" }),
    bad("name not a string", { kind: "operation", name: 7 }),
    bad("name empty", { ...op, name: "" }),
    bad("name of 201 characters", { ...op, name: "n".repeat(201) }),
    bad("name blank", { ...op, name: "   " }),
    bad("name of Unicode spaces only", { ...op, name: "\u00a0\u2003\u3000" }),
    bad("name with a newline", { ...op, name: "check\nout" }),
    bad("name with a C1 control character", { ...op, name: "check\u0085out" }),
    bad("occurred_at not a string", { ...op, occurred_at: 1732000000000 }),
    bad("occurred_at without a zone", { ...op, occurred_at: iso(now).replace("Z", "") }),
    bad("occurred_at on 30 February", { ...op, occurred_at: "2026-02-30T10:00:00Z" }),
    bad("occurred_at at hour 24", { ...op, occurred_at: iso(now).slice(0, 11) + "24:00:00Z" }),
    bad("occurred_at in plain words", { ...op, occurred_at: "yesterday" }),
    bad("occurred_at 8 days ago", { ...op, occurred_at: iso(now - 8 * DAY) }),
    bad("occurred_at 10 minutes ahead", { ...op, occurred_at: iso(now + 10 * 60_000) }),
    bad("duration_ms as a string", { ...op, duration_ms: "12" }),
    bad("duration_ms negative", { ...op, duration_ms: -1 }),
    bad("duration_ms over one day", { ...op, duration_ms: 86_400_001 }),
    bad("value as a string", { kind: "custom", name: "v", value: "3" }),
    bad("value beyond 1e15", { kind: "custom", name: "v", value: 1e16 }),
    bad("success as a string", { ...op, success: "yes" }),
    bad("status_code fractional", { kind: "api_call", name: "GET /", status_code: 200.5 }),
    bad("status_code below 100", { kind: "api_call", name: "GET /", status_code: 99 }),
    bad("status_code above 599", { kind: "api_call", name: "GET /", status_code: 600 }),
    bad("status_code as a string", { kind: "api_call", name: "GET /", status_code: "200" }),
    bad("attributes an array", { ...op, attributes: [1, 2] }),
    bad("attributes a string", { ...op, attributes: "{}" }),
    bad("attributes of 8193 bytes", { ...op, attributes: { k: "x".repeat(8193 - '{"k": ""}'.length) } }),
    bad("error_type not a string", { kind: "error", name: "E", error_type: 5 }),
    bad("error_type of 201 characters", { kind: "error", name: "E", error_type: "e".repeat(201) }),
    bad("error_message of 4001 characters", { kind: "error", name: "E", error_message: "m".repeat(4001) }),
    bad("fingerprint of 201 characters", { kind: "error", name: "E", fingerprint: "f".repeat(201) }),
    bad("user_id of 201 characters", { ...op, user_id: "u".repeat(201) }),
    bad("user_id a number", { ...op, user_id: 12 }),
    bad("session_id of 201 characters", { ...op, session_id: "s".repeat(201) }),
    bad("trace_id of 65 characters", { ...op, trace_id: "t".repeat(65) }),
    bad("release of 201 characters", { ...op, release: "r".repeat(201) }),
    bad("environment of 65 characters", { ...op, environment: "e".repeat(65) }),
    bad("source of 65 characters", { ...op, source: "s".repeat(65) }),
    bad("source an object", { ...op, source: { a: 1 } }),
  ];
}
