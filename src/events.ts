// The one definition of a Vigil event for TypeScript: the SDK, the edge functions and the tests use it.
// `vigil_api.ingest` enforces the same rules in SQL; src/events.test.ts proves the two agree.
// A namespace import, not `{ z }`: bundlers can then drop the parts of zod this file does not use
// (a browser bundle of the SDK goes from about 480 KB to about 120 KB minified).
import * as z from "zod";

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

/** The limits `vigil_api.ingest` enforces. Change them in both places, or the corpus test fails. */
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

type TextField = keyof typeof LIMITS.text;

/** Length in code points, as PostgreSQL's length() counts characters (JS strings count UTF-16 units). */
export function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

const ISO_TIME =
  /^([12][0-9]{3})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(\.[0-9]{1,9})?)?(?:[Zz]|([+-])([0-9]{2}):?([0-9]{2}))$/;

/**
 * Parses an ISO 8601 timestamp with a zone (Z or ±hh:mm) to epoch milliseconds, or null: the same
 * grammar and calendar checks as the SQL side, without Date.parse's lenience.
 */
export function parseEventTime(text: string): number | null {
  const m = ISO_TIME.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4], m[5]].map(Number);
  const s = m[6] === undefined ? 0 : Number(m[6]);
  const oh = m[9] === undefined ? 0 : Number(m[9]);
  const om = m[10] === undefined ? 0 : Number(m[10]);
  const daysInMonth = mo >= 1 && mo <= 12 ? new Date(Date.UTC(y, mo, 0)).getUTCDate() : 0;
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth || h > 23 || mi > 59 || s > 59 || oh > 14 || om > 59) return null;
  const frac = m[7] ? Number(m[7]) * 1000 : 0;
  const sign = m[8] === "-" ? -1 : 1;
  const utc = Date.UTC(y, mo - 1, d, h, mi, s) + frac;
  // Date.UTC maps years 0-99 to 1900+; the grammar only admits 1000-2999, so no correction is needed.
  return utc - sign * (oh * 60 + om) * 60_000;
}

// JSON numbers as PostgreSQL's numeric prints them: never in exponent form.
function plainNumber(n: number): string {
  const s = String(n);
  if (!/e/i.test(s)) return s;
  const [mant, expStr] = s.toLowerCase().split("e");
  const exp = Number(expStr);
  const neg = mant.startsWith("-");
  const [int, frac = ""] = mant.replace("-", "").split(".");
  const digits = int + frac;
  const point = int.length + exp;
  let out: string;
  if (point <= 0) out = "0." + "0".repeat(-point) + digits;
  else if (point >= digits.length) out = digits + "0".repeat(point - digits.length);
  else out = digits.slice(0, point) + "." + digits.slice(point);
  return (neg ? "-" : "") + out;
}

/** Bytes of a JSON value rendered as PostgreSQL renders jsonb as text (`{"a": 1, "b": [1, 2]}`). */
const utf8 = new TextEncoder();

export function jsonbTextBytes(value: unknown): number {
  const render = (v: unknown): string => {
    if (v === null || v === undefined) return "null";
    if (typeof v === "number") return plainNumber(v);
    if (typeof v === "boolean") return v ? "true" : "false";
    if (typeof v === "string") return JSON.stringify(v);
    if (Array.isArray(v)) return "[" + v.map(render).join(", ") + "]";
    if (typeof v === "object") {
      return "{" + Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => x !== undefined)
        .map(([k, x]) => JSON.stringify(k) + ": " + render(x)).join(", ") + "}";
    }
    return "null";
  };
  return utf8.encode(render(value)).length;
}

const text = (field: TextField) =>
  z
    .string({ error: `${field} must be a string` })
    .refine((s) => codePoints(s) <= LIMITS.text[field], { error: `${field} must be at most ${LIMITS.text[field]} characters` })
    .nullish();

const CONTROL = /[\u0001-\u001f\u007f-\u009f]/;

/** Builds the event schema against a clock (tests pass their own; the default is the wall clock). */
export function makeEventSchema(now: () => number = Date.now) {
  return z.strictObject(
    {
      kind: z.enum(EVENT_KINDS, {
        error: (issue) =>
          typeof issue.input === "string" ? `kind must be one of ${EVENT_KINDS.join(", ")}` : "kind is required and must be a string",
      }),
      name: z
        .string({ error: "name is required and must be a string" })
        .refine((s) => codePoints(s) >= 1 && codePoints(s) <= LIMITS.maxNameLength, {
          error: `name must be 1 to ${LIMITS.maxNameLength} characters`,
        })
        // Blank is what String.prototype.trim() removes; the SQL side strips the same characters.
        .refine((s) => s.trim() !== "", { error: "name must not be blank" })
        .refine((s) => !CONTROL.test(s), { error: "name must contain only printable characters" }),
      occurred_at: z
        .string({ error: "occurred_at must be an ISO 8601 timestamp with a time zone" })
        .superRefine((s, ctx) => {
          const t = parseEventTime(s);
          if (t === null) ctx.addIssue({ code: "custom", message: "occurred_at must be an ISO 8601 timestamp with a time zone" });
          else if (t < now() - LIMITS.maxAgeMs) ctx.addIssue({ code: "custom", message: "occurred_at is more than 7 days in the past" });
          else if (t > now() + LIMITS.maxAheadMs) ctx.addIssue({ code: "custom", message: "occurred_at is more than 5 minutes in the future" });
        })
        .nullish(),
      duration_ms: z
        .number({ error: "duration_ms must be a number" })
        .min(0, { error: `duration_ms must be between 0 and ${LIMITS.maxDurationMs}` })
        .max(LIMITS.maxDurationMs, { error: `duration_ms must be between 0 and ${LIMITS.maxDurationMs}` })
        .nullish(),
      value: z
        .number({ error: "value must be a number" })
        .refine((v) => Math.abs(v) <= LIMITS.maxAbsValue, { error: "value must be between -1e15 and 1e15" })
        .nullish(),
      success: z.boolean({ error: "success must be true or false" }).nullish(),
      status_code: z
        .number({ error: "status_code must be an integer from 100 to 599" })
        .int({ error: "status_code must be an integer from 100 to 599" })
        .min(100, { error: "status_code must be an integer from 100 to 599" })
        .max(599, { error: "status_code must be an integer from 100 to 599" })
        .nullish(),
      error_type: text("error_type"),
      error_message: text("error_message"),
      fingerprint: text("fingerprint"),
      user_id: text("user_id"),
      session_id: text("session_id"),
      trace_id: text("trace_id"),
      release: text("release"),
      environment: text("environment"),
      source: text("source"),
      attributes: z
        .record(z.string(), z.unknown(), { error: "attributes must be a JSON object" })
        .refine((a) => jsonbTextBytes(a) <= LIMITS.maxAttributesBytes, {
          error: `attributes must be at most ${LIMITS.maxAttributesBytes} bytes`,
        })
        .nullish(),
    },
    { error: (issue) => (issue.code === "unrecognized_keys" ? `unknown field ${[...issue.keys].sort()[0]}` : "event must be a JSON object") },
  );
}

/** The event schema on the wall clock. */
export const EventSchema = makeEventSchema();

/** An event as the SDK sends it and `vigil_api.ingest` accepts it. */
export type VigilEvent = z.infer<typeof EventSchema>;

export type Validation = { ok: true; event: VigilEvent } | { ok: false; reason: string };

export interface ValidateOptions {
  /** The kinds the ingest key allows; absent allows every kind. */
  allowedKinds?: readonly string[];
  now?: () => number;
}

/** Validates one event; the reason names the field, as `vigil_api.ingest`'s rejections do. */
export function validateEvent(event: unknown, opts: ValidateOptions = {}): Validation {
  if (event === null || typeof event !== "object" || Array.isArray(event)) return { ok: false, reason: "event must be a JSON object" };
  const schema = opts.now ? makeEventSchema(opts.now) : EventSchema;
  const r = schema.safeParse(event);
  if (!r.success) return { ok: false, reason: r.error.issues[0]?.message ?? "invalid event" };
  if (opts.allowedKinds && !opts.allowedKinds.includes(r.data.kind)) {
    return { ok: false, reason: `kind ${r.data.kind} is not allowed for this ingest key` };
  }
  return { ok: true, event: r.data };
}

export type BatchCheck = { ok: true } | { ok: false; status: 400 | 413; reason: string };

/** The whole-batch limits: what makes `vigil_api.ingest` refuse a batch before looking at its events. */
export function checkBatch(events: unknown): BatchCheck {
  if (!Array.isArray(events)) return { ok: false, status: 400, reason: "events must be a JSON array of event objects." };
  if (events.length > LIMITS.maxBatchEvents) {
    return { ok: false, status: 413, reason: `A batch holds at most ${LIMITS.maxBatchEvents} events; this one has ${events.length}.` };
  }
  if (jsonbTextBytes(events) > LIMITS.maxBatchBytes) {
    return { ok: false, status: 413, reason: "A batch is at most 1 MB of JSON; this one is larger." };
  }
  return { ok: true };
}
