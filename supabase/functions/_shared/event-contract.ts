// The event contract, written once: every field, its kind, its limits and the reason each fault gives,
// in the order both sides check them. src/events.ts builds the zod schema from it; the SQL checks in
// vigil._store_events / _store_each_event are tested against it (src/event-contract.test.ts: the reasons, their order and the
// constants, then a seeded property test of verdicts and first reasons); the rules table in the docs is
// rendered from it and checked current. This module imports nothing, so the edge functions can use it too.

/** Every kind of event Vigil stores. */
export const EVENT_KINDS = [
  "operation",
  "api_call",
  "page_view",
  "error",
  "user_action",
  "web_vital",
  "milestone",
  "cache",
  "fallback",
  "log",
  "db_metric",
  "custom",
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/**
 * What "blank" means: the characters JavaScript's String.prototype.trim() removes. The SQL side strips
 * the same set (vigil._js_space(), checked equal by a test).
 */
export const BLANK_CHARACTERS =
  " \t\n\u000b\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff";

/** Not printable in a name: C0 and C1 controls and DEL (NUL never reaches a check: it is removed first). */
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/** The limits `vigil_api.ingest` enforces. */
export const LIMITS = {
  /** Events in one batch; more is refused whole (HTTP 413). */
  maxBatchEvents: 1000,
  /** Bytes of JSON in one batch; more is refused whole (HTTP 413). */
  maxBatchBytes: 1_048_576,
  /** Characters (code points) of an event name. */
  maxNameLength: 200,
  /** How far back occurred_at may lie: the ingest window. */
  maxAgeMs: 7 * 24 * 60 * 60 * 1000,
  /** How far ahead occurred_at may lie: clock skew allowance. */
  maxAheadMs: 5 * 60 * 1000,
  maxDurationMs: 86_400_000,
  maxAbsValue: 1e15,
  /** Bytes of `attributes` as PostgreSQL renders jsonb as text. */
  maxAttributesBytes: 8192,
  /**
   * Levels of nesting in `attributes` (the object itself is level 1). Deeper JSON is no use to a query
   * and, far deeper, exhausts PostgreSQL's parser stack (54001) for the whole batch.
   */
  maxAttributesDepth: 32,
  text: {
    error_type: 200,
    error_message: 4000,
    fingerprint: 200,
    user_id: 200,
    session_id: 200,
    trace_id: 64,
    release: 200,
    environment: 64,
    source: 64,
  },
} as const;

export type TextField = keyof typeof LIMITS.text;

/** One check: what it tests (for the docs) and the reason an event that fails it is rejected with. */
export interface Check {
  /** A short stable name for the check, used by the property test's generators. */
  id: string;
  /** The rule in a few words, for the docs table. */
  rule: string;
  reason: string;
}

export type FieldType = "kind" | "name" | "timestamp" | "number" | "boolean" | "status" | "object" | "text";

export interface FieldSpec {
  field: string;
  type: FieldType;
  required: boolean;
  /** What an absent or null value means. */
  absent: string;
  /** In the order they run; the first that fails gives the event's reason. */
  checks: Check[];
}

const kinds = EVENT_KINDS.join(", ");
const between = (field: string, lo: string, hi: string) => `${field} must be between ${lo} and ${hi}`;
const text = (field: TextField): FieldSpec => ({
  field,
  type: "text",
  required: false,
  absent: "none",
  checks: [
    { id: "type", rule: "a string", reason: `${field} must be a string` },
    { id: "length", rule: `at most ${LIMITS.text[field]} characters`, reason: `${field} must be at most ${LIMITS.text[field]} characters` },
  ],
});

/**
 * The fields, in the order they are checked; within a field, its checks in order. An event's reason is
 * the first failing check of the first field with a fault, after the two checks of the event itself.
 */
export const EVENT_FIELDS: readonly FieldSpec[] = [
  {
    field: "kind",
    type: "kind",
    required: true,
    absent: "rejected",
    checks: [
      { id: "type", rule: "required, a string", reason: "kind is required and must be a string" },
      { id: "enum", rule: `one of ${EVENT_KINDS.map((k) => "`" + k + "`").join(" ")}`, reason: `kind must be one of ${kinds}` },
      // The reason names the kind: `kind ${kind} is not allowed for this ingest key`.
      { id: "allowed", rule: "allowed by the ingest key", reason: "kind {kind} is not allowed for this ingest key" },
    ],
  },
  {
    field: "name",
    type: "name",
    required: true,
    absent: "rejected",
    checks: [
      { id: "type", rule: "required, a string", reason: "name is required and must be a string" },
      { id: "length", rule: `1 to ${LIMITS.maxNameLength} characters`, reason: `name must be 1 to ${LIMITS.maxNameLength} characters` },
      { id: "blank", rule: "not blank (what JavaScript's `trim()` removes)", reason: "name must not be blank" },
      { id: "printable", rule: "no control characters", reason: "name must contain only printable characters" },
    ],
  },
  {
    field: "occurred_at",
    type: "timestamp",
    required: false,
    absent: "now",
    checks: [
      { id: "format", rule: "an ISO 8601 string with a zone (`Z` or `±hh:mm`)", reason: "occurred_at must be an ISO 8601 timestamp with a time zone" },
      { id: "past", rule: "at most 7 days old", reason: "occurred_at is more than 7 days in the past" },
      { id: "future", rule: "at most 5 minutes ahead", reason: "occurred_at is more than 5 minutes in the future" },
    ],
  },
  {
    field: "duration_ms",
    type: "number",
    required: false,
    absent: "none",
    checks: [
      { id: "type", rule: "a number", reason: "duration_ms must be a number" },
      { id: "range", rule: `0 to ${LIMITS.maxDurationMs}`, reason: between("duration_ms", "0", String(LIMITS.maxDurationMs)) },
    ],
  },
  {
    field: "value",
    type: "number",
    required: false,
    absent: "none",
    checks: [
      { id: "type", rule: "a number", reason: "value must be a number" },
      { id: "range", rule: "-1e15 to 1e15", reason: between("value", "-1e15", "1e15") },
    ],
  },
  {
    field: "success",
    type: "boolean",
    required: false,
    absent: "true, false for `error`",
    checks: [{ id: "type", rule: "true or false", reason: "success must be true or false" }],
  },
  {
    field: "status_code",
    type: "status",
    required: false,
    absent: "none",
    checks: [
      // One reason for the type, the fraction and the range: a status code is one of 500 integers.
      { id: "type", rule: "an integer from 100 to 599 (as a double: 200.0 is 200)", reason: "status_code must be an integer from 100 to 599" },
    ],
  },
  {
    field: "attributes",
    type: "object",
    required: false,
    absent: "`{}`",
    checks: [
      { id: "type", rule: "a JSON object", reason: "attributes must be a JSON object" },
      {
        id: "depth",
        rule: `at most ${LIMITS.maxAttributesDepth} levels deep`,
        reason: `attributes must be at most ${LIMITS.maxAttributesDepth} levels deep`,
      },
      {
        id: "size",
        rule: `at most ${LIMITS.maxAttributesBytes} bytes as jsonb text`,
        reason: `attributes must be at most ${LIMITS.maxAttributesBytes} bytes`,
      },
    ],
  },
  text("error_type"),
  text("error_message"),
  text("fingerprint"),
  text("user_id"),
  text("session_id"),
  text("trace_id"),
  text("release"),
  text("environment"),
  text("source"),
];

/** The checks of the event itself, before any field's. */
export const EVENT_CHECKS: readonly Check[] = [
  { id: "object", rule: "a JSON object", reason: "event must be a JSON object" },
  // The reason names the first unknown field in sort order (code point order, as SQL's "C" collation).
  { id: "unknown", rule: "no field but the ones below", reason: "unknown field {field}" },
];

/** The field names, in check order. */
export const FIELD_NAMES: readonly string[] = EVENT_FIELDS.map((f) => f.field);

/** Every reason, in the order the checks run (templates keep their `{...}`). */
export function reasonsInOrder(): string[] {
  return [...EVENT_CHECKS.map((c) => c.reason), ...EVENT_FIELDS.flatMap((f) => f.checks.map((c) => c.reason))];
}

/**
 * What is cleaned rather than rejected, before any check: text PostgreSQL cannot hold. Said here once,
 * applied by cleanEvent (src/events.ts) in the SDK and the ingest edge function, and stated in the docs.
 */
export const CLEANING = [
  "NUL (`\\u0000`) is removed from every string and attribute key: PostgreSQL text cannot hold it.",
  "A lone UTF-16 surrogate (`\\ud800` without its pair) becomes U+FFFD, as `TextEncoder` and `toWellFormed()` do.",
  "A number inside `attributes` that JSON.parse reads as Infinity (beyond ±1.8e308) becomes null, as JSON.stringify writes it, and is dropped like every null in `attributes`.",
] as const;

/** The docs table of the event rules, rendered from the contract. */
export function renderRulesTable(): string {
  const lines = ["| order | field | absent or null | rules, in check order | reason of the first failing rule |", "| --- | --- | --- | --- | --- |"];
  lines.push(`| 1 | the event | | ${EVENT_CHECKS.map((c) => c.rule).join("; ")} | ${EVENT_CHECKS.map((c) => "`" + c.reason + "`").join("; ")} |`);
  EVENT_FIELDS.forEach((f, i) => {
    const absent = f.required ? "rejected" : f.absent;
    lines.push(`| ${i + 2} | \`${f.field}\` | ${absent} | ${f.checks.map((c) => c.rule).join("; ")} | ${f.checks.map((c) => "`" + c.reason + "`").join("; ")} |`);
  });
  return lines.join("\n");
}

/** The cleaning list for the docs. */
export function renderCleaning(): string {
  return CLEANING.map((c) => `- ${c}`).join("\n");
}
