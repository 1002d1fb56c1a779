// What the ingest edge function and the SDK send: each event cleaned of what PostgreSQL cannot store, and a
// batch text that jsonb always parses, so one bad event is judged alone instead of sinking its batch.
// It lives beside the edge functions (which deploy bundles only from supabase/functions) and the SDK
// re-exports it from src/events.ts.
import { LIMITS } from "./event-contract.ts";

const UNSTORABLE = /[\u0000\ud800-\udfff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function cleanText(s: string): string {
  if (!UNSTORABLE.test(s)) return s;
  return s.replace(/\u0000/g, "").replace(LONE_SURROGATE, "\ufffd");
}

/** Containers deeper than this below an event (the event is level 1) are never looked into. */
const EVENT_DEPTH = LIMITS.maxAttributesDepth + 2;

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

// Cleans a value down to `depth` levels of containers; returns the same object when nothing changed,
// so a clean event costs one walk and no copy. Inside attributes a number JSON cannot write becomes null.
function cleanValue(v: unknown, depth: number, inAttributes: boolean): unknown {
  if (typeof v === "string") return cleanText(v);
  if (typeof v === "number") return inAttributes && !Number.isFinite(v) ? null : v;
  if (v === null || typeof v !== "object" || depth > EVENT_DEPTH) return v;
  if (Array.isArray(v)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < v.length; i++) {
      const c = cleanValue(v[i], depth + 1, inAttributes);
      if (c !== v[i] || (c === undefined && !(i in v))) (out ??= v.slice())[i] = c;
    }
    return out ?? v;
  }
  let out: Record<string, unknown> | null = null;
  for (const k of Object.keys(v)) {
    const x = (v as Record<string, unknown>)[k];
    const ck = cleanText(k);
    const cx = cleanValue(x, depth + 1, inAttributes || (depth === 1 && k === "attributes"));
    if (ck !== k || cx !== x) {
      out ??= { ...(v as Record<string, unknown>) };
      if (ck !== k) delete out[k];
      out[ck] = cx;
    }
  }
  return out ?? v;
}

/**
 * The event as it will be judged and stored: NUL removed from strings and keys, lone surrogates
 * replaced by U+FFFD, non-finite numbers inside attributes made null. The same object when clean.
 */
export function cleanEvent<T>(event: T): T {
  return cleanValue(event, 1, false) as T;
}

/** Levels of nesting of a JSON value (a scalar is 0, `{}` is 1), counted no further than `cap`. */
export function jsonDepth(v: unknown, cap = LIMITS.maxAttributesDepth + 1): number {
  if (v === null || typeof v !== "object") return 0;
  if (cap <= 1) return 1;
  let deepest = 0;
  for (const x of Array.isArray(v) ? v : Object.values(v)) {
    const d = jsonDepth(x, cap - 1);
    if (d > deepest) deepest = d;
    if (deepest >= cap - 1) break;
  }
  return 1 + deepest;
}

// A marker no cleaned string can contain (cleaning removed every NUL), for numbers JSON cannot write.
const BIG = "\u0000big";

function wireValue(v: unknown, depth: number): unknown {
  if (typeof v === "number" && !Number.isFinite(v) && !Number.isNaN(v)) return v > 0 ? BIG + "+" : BIG + "-";
  if (v === null || typeof v !== "object") return v;
  // Past the deepest level a check looks at, a container is only "too deep", and null-deep is as deep.
  if (depth > EVENT_DEPTH) return null;
  if (Array.isArray(v)) return v.map((x) => wireValue(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = wireValue(x, depth + 1);
  return out;
}

/**
 * The JSON text of a batch, safe for PostgreSQL's jsonb input whatever the events hold, judged by
 * `vigil_api.ingest` exactly as the events themselves are by validateEvent: every event is cleaned
 * (cleanEvent); a number beyond a double's range (JSON.parse's Infinity) is written as ±1e309, which the
 * database reads, and rejects in a typed field with the reason zod gives Infinity; containers deeper than
 * any check looks are cut (still too deep). Without this, one such event makes the whole batch fail to
 * parse (22P05, 22P02, 22003, 54001) before the database sees any of it.
 */
export function wireJson(events: readonly unknown[]): string {
  const body = JSON.stringify(events.map((e) => wireValue(cleanEvent(e), 1)));
  return body.includes('"\\u0000big') ? body.replace(/"\\u0000big([+-])"/g, (_, s) => (s === "+" ? "1e309" : "-1e309")) : body;
}
