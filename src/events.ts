// The event schema for TypeScript (the SDK, the edge functions, the tests), built from the contract in
// src/event-contract.ts; `vigil_api.ingest` enforces the same contract in SQL and the tests prove they agree.
// A namespace import, not `{ z }`: bundlers can then drop the parts of zod this file does not use
// (a browser bundle of the SDK goes from about 480 KB to about 120 KB minified).
import * as z from "zod";

import {
  BLANK_CHARACTERS, CONTROL_CHARACTERS, EVENT_CHECKS, EVENT_FIELDS, EVENT_KINDS, type EventKind, type FieldSpec, FIELD_NAMES, LIMITS,
} from "./event-contract.ts";
import { cleanEvent, isPlainObject, jsonDepth } from "../supabase/functions/_shared/wire.ts";
import { utf8Length } from "./text.ts";

export { EVENT_KINDS, LIMITS } from "./event-contract.ts";
export { cleanEvent, jsonDepth, wireJson } from "../supabase/functions/_shared/wire.ts";
export type { EventKind } from "./event-contract.ts";



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
  return utf8Length(render(value));
}

// ---- Cleaning: what PostgreSQL cannot hold is fixed before any check (CLEANING in the contract). ----

// ---- The schema, built from the contract ----------------------------------------------------------

const reasonOf = (spec: FieldSpec, id: string) => {
  const c = spec.checks.find((x) => x.id === id);
  if (!c) throw new Error(`the contract has no check ${id} for ${spec.field}`);
  return c.reason;
};

const ALL_BLANK = new RegExp(`^[${[...BLANK_CHARACTERS].map((c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0")).join("")}]*$`);

const isNumber = (v: unknown): v is number => typeof v === "number" && !Number.isNaN(v);

/** One field's zod schema: its checks in contract order, each failing with the contract's reason. */
function fieldSchema(spec: FieldSpec, now: () => number, allowedKinds?: readonly string[]) {
  const r = (id: string) => reasonOf(spec, id);
  switch (spec.type) {
    case "kind":
      return z
        .string({ error: r("type") })
        .refine((s) => (EVENT_KINDS as readonly string[]).includes(s), { error: r("enum"), abort: true })
        .refine((s) => !allowedKinds || allowedKinds.includes(s), { error: (i) => r("allowed").replace("{kind}", String(i.input)) });
    case "name":
      return z
        .string({ error: r("type") })
        .refine((s) => s !== "" && (s.length <= LIMITS.maxNameLength || codePoints(s) <= LIMITS.maxNameLength), { error: r("length"), abort: true })
        .refine((s) => !ALL_BLANK.test(s), { error: r("blank"), abort: true })
        .refine((s) => !CONTROL_CHARACTERS.test(s), { error: r("printable") });
    case "timestamp":
      return z
        .string({ error: r("format") })
        .superRefine((s, ctx) => {
          const t = parseEventTime(s);
          if (t === null) ctx.addIssue({ code: "custom", message: r("format") });
          else if (t < now() - LIMITS.maxAgeMs) ctx.addIssue({ code: "custom", message: r("past") });
          else if (t > now() + LIMITS.maxAheadMs) ctx.addIssue({ code: "custom", message: r("future") });
        })
        .nullish();
    case "number": {
      // Infinity (what JSON.parse makes of 1e309) is a number out of range, as the database sees 1e309.
      const [lo, hi] = spec.field === "duration_ms" ? [0, LIMITS.maxDurationMs] : [-LIMITS.maxAbsValue, LIMITS.maxAbsValue];
      return z
        .custom<number>(isNumber, { error: r("type"), abort: true })
        .refine((v) => v >= lo && v <= hi, { error: r("range") })
        .nullish();
    }
    case "boolean":
      return z.boolean({ error: r("type") }).nullish();
    case "status":
      return z
        .custom<number>(isNumber, { error: r("type"), abort: true })
        .refine((v) => Number.isInteger(v) && v >= 100 && v <= 599, { error: r("type") })
        .nullish();
    case "object":
      return z
        .custom<Record<string, unknown>>(isPlainObject, { error: r("type"), abort: true })
        .refine((a) => jsonDepth(a) <= LIMITS.maxAttributesDepth, { error: r("depth"), abort: true })
        .refine((a) => jsonbTextBytes(a) <= LIMITS.maxAttributesBytes, { error: r("size") })
        .nullish();
    case "text": {
      const max = LIMITS.text[spec.field as keyof typeof LIMITS.text];
      return z.string({ error: r("type") }).refine((s) => s.length <= max || codePoints(s) <= max, { error: r("length") }).nullish();
    }
  }
}

export function fieldSchemas(now: () => number, allowedKinds?: readonly string[]): Record<string, z.ZodType> {
  return Object.fromEntries(EVENT_FIELDS.map((spec) => [spec.field, fieldSchema(spec, now, allowedKinds)]));
}

type Text = string | null;
/** An event as the SDK sends it and `vigil_api.ingest` accepts it (the contract's fields; a test holds them together). */
export interface VigilEvent {
  kind: EventKind;
  name: string;
  occurred_at?: Text;
  duration_ms?: number | null;
  value?: number | null;
  success?: boolean | null;
  status_code?: number | null;
  attributes?: Record<string, unknown> | null;
  error_type?: Text;
  error_message?: Text;
  fingerprint?: Text;
  user_id?: Text;
  session_id?: Text;
  trace_id?: Text;
  release?: Text;
  environment?: Text;
  source?: Text;
}

const KNOWN = new Set(FIELD_NAMES);

/** Code point order, as PostgreSQL's "C" collation sorts the unknown keys. */
function byCodePoint(a: string, b: string): number {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

/** Checks an event in the contract's order; the first fault's reason, or null. `event` is clean already. */
function firstFault(event: unknown, fields: Record<string, z.ZodType>): string | null {
  if (!isPlainObject(event)) return EVENT_CHECKS[0].reason;
  const present = Object.keys(event).filter((k) => event[k] !== undefined);
  const unknown = present.filter((k) => !KNOWN.has(k));
  if (unknown.length > 0) return EVENT_CHECKS[1].reason.replace("{field}", unknown.sort(byCodePoint)[0]);
  for (const name of FIELD_NAMES) {
    const r = fields[name].safeParse(event[name]);
    if (!r.success) return r.error.issues[0]?.message ?? `${name} is invalid`;
  }
  return null;
}

/**
 * Builds the event schema against a clock (tests pass their own; the default is the wall clock) and,
 * optionally, an ingest key's allowed kinds. It cleans the event first (cleanEvent) and outputs the
 * cleaned event; its one issue is the contract's first fault, the reason `vigil_api.ingest` gives.
 */
export function makeEventSchema(now: () => number = Date.now, allowedKinds?: readonly string[]) {
  const fields = fieldSchemas(now, allowedKinds);
  // The common case, a valid event, costs one parse of the whole object; only an event with a fault is
  // walked field by field in the contract's order to find its first reason.
  const whole = z.strictObject(fields);
  return z.unknown().transform((input, ctx): VigilEvent => {
    const event = cleanEvent(input);
    if (whole.safeParse(event).success) return event as VigilEvent;
    const reason = firstFault(event, fields);
    if (reason !== null) {
      ctx.issues.push({ code: "custom", message: reason, input });
      return z.NEVER;
    }
    return event as VigilEvent;
  });
}

/** The event schema on the wall clock. */
export const EventSchema = makeEventSchema();


export type Validation = { ok: true; event: VigilEvent } | { ok: false; reason: string };

export interface ValidateOptions {
  /** The kinds the ingest key allows; absent allows every kind. */
  allowedKinds?: readonly string[];
  now?: () => number;
}

/** Validates one event; the reason is the one `vigil_api.ingest` gives it (src/event-contract.ts). */
export function validateEvent(event: unknown, opts: ValidateOptions = {}): Validation {
  const schema = opts.now || opts.allowedKinds ? makeEventSchema(opts.now, opts.allowedKinds) : EventSchema;
  const r = schema.safeParse(event);
  if (!r.success) return { ok: false, reason: r.error.issues[0]?.message ?? "invalid event" };
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
