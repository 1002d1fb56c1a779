// The event contract holds on both sides: the SQL names the contract's fields, kinds, blank characters and
// reasons in the contract's order; the docs table is the contract's; and a seeded property test of random
// events (types, boundary values, several faults an event) gets the same verdict and the same first
// reason from zod and from `vigil_api.ingest`.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import postgres from "postgres";
import {
  BLANK_CHARACTERS, EVENT_FIELDS, EVENT_KINDS, FIELD_NAMES, LIMITS, reasonsInOrder, renderCleaning, renderRulesTable,
} from "./event-contract.ts";
import { makeEventSchema, validateEvent, wireJson } from "./events.ts";
import { seededRandom as prng } from "./fixtures/seeded-random.ts";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is required: run through `npm test`");
const sql = postgres(url, { onnotice: () => {}, max: 2 });

const ALLOWED = EVENT_KINDS.filter((k) => k !== "log" && k !== "custom");
let key = "";

before(async () => {
  const [tenant] = await sql`select vigil_api.create_tenant('Contract', ${"contract-" + process.pid}) as t`;
  const [k] = await sql`select vigil_api.create_ingest_key(${tenant.t.id}::uuid, 'contract', ${ALLOWED as unknown as string[]}, 10000000) as k`;
  key = k.k.key;
});
after(async () => {
  await sql.end();
});

/** A batch through vigil_api.ingest as PostgREST calls it for anon, written as the SDK and the edge function write it. */
async function ingest(events: unknown[]): Promise<{ accepted: number; rejected: { index: number; reason: string }[] }> {
  return await sql.begin(async (tx) => {
    await tx`select set_config('request.jwt.claims', '{"role":"anon"}', true), set_config('role', 'anon', true)`;
    const [row] = await tx`select vigil_api.ingest(${key}, ${wireJson(events)}::text::jsonb) as result`;
    return row.result;
  });
}

describe("the SQL checks are the contract's", () => {
  test("the fields, kinds and blank characters in SQL are the contract's", async () => {
    const [r] = await sql`select vigil._event_fields() as fields, vigil._event_kinds() as kinds, vigil._js_space() as space`;
    assert.deepEqual(r.fields, [...FIELD_NAMES].sort((a, b) => FIELD_ORDER_IN_SQL.indexOf(a) - FIELD_ORDER_IN_SQL.indexOf(b)));
    assert.deepEqual(new Set(r.fields), new Set(FIELD_NAMES));
    assert.deepEqual(r.kinds, [...EVENT_KINDS]);
    assert.equal(r.space, BLANK_CHARACTERS);
  });

  test("the per-event path gives every reason of the contract, in the contract's order", async () => {
    const [r] = await sql`select pg_catalog.pg_get_functiondef('vigil._store_each_event(uuid, jsonb, text[])'::regprocedure) as def`;
    const def: string = r.def;
    let at = -1;
    const missing: string[] = [];
    const disordered: string[] = [];
    for (const reason of reasonsInOrder()) {
      // A template's fixed part; the enum's list is built from vigil._event_kinds(), checked above.
      const fixed = reason.startsWith("kind must be one of") ? "kind must be one of " : reason.split("{")[0];
      const found = def.indexOf(`'${fixed}`, at + 1);
      if (found < 0) {
        (def.includes(`'${fixed}`) ? disordered : missing).push(reason);
        continue;
      }
      at = found;
    }
    assert.deepEqual({ missing, disordered }, { missing: [], disordered: [] });
  });

  test("the fast path checks each limit of the contract", async () => {
    const [r] = await sql`select pg_catalog.pg_get_functiondef('vigil._store_events(uuid, jsonb, text[], text)'::regprocedure) as def`;
    const def: string = r.def;
    const limits = [
      `between 1 and ${LIMITS.maxNameLength}`, `between 0 and ${LIMITS.maxDurationMs}`, "<= 1e15", "between 100 and 599",
      `<= ${LIMITS.maxAttributesBytes}`, `<= ${LIMITS.maxAttributesDepth}`,
      ...Object.entries(LIMITS.text).map(([f, n]) => `length(x.${f}) <= ${n}`),
    ];
    assert.deepEqual(limits.filter((l) => !def.includes(l)), []);
  });
});

// vigil._event_fields() lists the fields in the order of the table's columns, not the check order.
const FIELD_ORDER_IN_SQL = ["kind", "name", "occurred_at", "duration_ms", "value", "success", "status_code", "error_type",
  "error_message", "fingerprint", "user_id", "session_id", "trace_id", "release", "environment", "source", "attributes"];

describe("the docs say what the contract says", () => {
  const begin = "<!-- event-rules:begin (rendered from src/event-contract.ts; a test checks it) -->";
  const end = "<!-- event-rules:end -->";
  const between = (file: string) => {
    const text = readFileSync(new URL(`../${file}`, import.meta.url), "utf8");
    const a = text.indexOf(begin);
    const b = text.indexOf(end);
    return a >= 0 && b > a ? text.slice(a + begin.length, b).trim() : null;
  };

  test("docs/security-model.md holds the rules table and the cleaning list rendered from the contract", () => {
    assert.equal(between("docs/security-model.md"), `${renderRulesTable()}\n\n${renderCleaning()}`,
      "regenerate it with: npx tsx scripts/event-rules.ts");
  });
});

// ---- The property test ------------------------------------------------------------------------

const SEED = Number(process.env.VIGIL_CONTRACT_SEED ?? 20261202);
const COUNT = 6000;

function nest(depth: number, leaf: unknown = 1): unknown {
  let v: unknown = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { d: v };
  return v;
}

function generator(seed: number, now: number) {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const chance = (p: number) => rnd() < p;
  const iso = (ms: number) => new Date(ms).toISOString();
  const DAY = 86_400_000;
  const MIN = 60_000;

  const wrongTypes: unknown[] = [7, -1, 0, true, false, "", "x", [], ["a"], {}, { a: 1 }, nest(40)];
  const textOf = (max: number) => [
    "v", "value-1", "x".repeat(max), "é".repeat(max), "🚀".repeat(max), "x".repeat(max + 1), "🚀".repeat(max + 1),
    "a\u0000b", "\u0000".repeat(max + 3), "x".repeat(max) + "\u0000", "lone \ud800 high", "lone \udc00 low", "\ud83d",
    "é".repeat(max - 1) + "\ud800",
  ];
  const values: Record<string, { good: unknown[]; bad: unknown[] }> = {
    kind: { good: [...ALLOWED], bad: ["log", "custom", "metric", "Operation", "", " operation", "operation\u0000", ...wrongTypes, null] },
    name: {
      good: ["checkout", "GET /api/orders", " café ", "n".repeat(200), "🚀".repeat(200), "a\u0000b", "x\ud800y", "\u0000x"],
      bad: ["", "   ", "\u00a0\u2003\u3000\ufeff", "\u0000", "\u0000 \u0000", "n".repeat(201), "🚀".repeat(201), "a\nb", "a\u0085b",
        "tab\there", "del\u007f", "n".repeat(201) + "\n", "   \u0001", ...wrongTypes, null],
    },
    occurred_at: {
      good: [iso(now - 6 * DAY), iso(now - MIN), iso(now + 4 * MIN), iso(now - 3_600_000).replace("Z", "+00:00"),
        iso(now - 3_600_000).slice(0, 16).replace("T", " ") + "Z", iso(now - 3_600_000).replace(/\.\d+Z$/, ".123456789Z"), null],
      bad: [iso(now - 8 * DAY), iso(now - 7 * DAY - 10 * MIN), iso(now + 10 * MIN), "yesterday", "2026-02-30T10:00:00Z",
        iso(now).replace("Z", ""), iso(now).slice(0, 11) + "24:00:00Z", "2024-02-29T12:00:00+15:00", "", 1732000000000, true, {}],
    },
    duration_ms: {
      good: [0, -0, 1.5, 182.25, 86_400_000, 1e-320, 5e-324, null, 86_399_999.99999999],
      bad: [-1, -5e-324, 86_400_000.00000001, 86_400_001, 1e300, Infinity, -Infinity, "12", true, [], {}],
    },
    value: {
      good: [0, -42.5, 1e15, -1e15, 999_999_999_999_999.9, 3, 1e-300, null],
      bad: [1e15 + 0.25, -1e15 - 0.25, 1e16, 1.7976931348623157e308, Infinity, -Infinity, "3", false, [1]],
    },
    success: { good: [true, false, null], bad: ["yes", 1, 0, "true", [], {}] },
    status_code: {
      good: [100, 200, 200.0, 599, 404, null],
      bad: [99, 600, 200.5, 99.99999999999999, 599.0000000000001, 0, -0.5, 1e-320, Infinity, -Infinity, "200", true, {}],
    },
    attributes: {
      good: [{}, { region: "eu", retry: 2 }, { nested: { deeper: [1, "x", null, false] } }, nest(31), { k: "a\u0000b" },
        { "k\u0000": 1 }, { x: Infinity, y: -Infinity }, { s: "lone \ud800" }, { big: 1e21, small: 1.5e-7 },
        { k: "x".repeat(8192 - '{"k": ""}'.length) }, null],
      bad: [nest(32), nest(33), nest(200), nest(3000), { k: "x".repeat(8193 - '{"k": ""}'.length) },
        { k: "é".repeat(4100) }, [1, 2], "{}", 5, true, { deep: nest(40), k: "x".repeat(9000) }],
    },
  };
  for (const [f, n] of Object.entries(LIMITS.text)) {
    const all: unknown[] = textOf(n);
    values[f] = {
      good: all.filter((s) => [...(s as string).replace(/\u0000/g, "")].length <= n).concat([null]),
      bad: all.filter((s) => [...(s as string).replace(/\u0000/g, "")].length > n).concat([5, true, {}, ["a"], nest(50)]),
    };
  }
  const unknownKeys = ["colour", "Kind", "zzz", "é", "\u0000kind", "kind\u0000", "name ", "attributes2", "🚀", "\ud800", "_"];

  return (): unknown => {
    if (chance(0.02)) return pick([42, null, "event", true, [], [{ kind: "operation", name: "x" }], nest(100)]);
    const event: Record<string, unknown> = {};
    // Each field: absent, a good value or (less often) a bad one, so events carry zero to several faults.
    const faultRate = pick([0, 0.04, 0.1, 0.25]);
    for (const spec of EVENT_FIELDS) {
      const v = values[spec.field];
      const required = spec.required;
      if (!required && chance(0.55)) continue;
      if (required && chance(0.03)) continue;
      event[spec.field] = chance(faultRate) ? pick(v.bad) : pick(v.good);
    }
    if (chance(0.05)) event[pick(unknownKeys)] = pick([1, "x", null, nest(60)]);
    if (chance(0.02)) event[pick(unknownKeys)] = 2;
    // Fields in random order: neither side may depend on the order they were written in.
    return Object.fromEntries(Object.entries(event).sort(() => rnd() - 0.5));
  };
}

describe("zod and vigil_api.ingest agree on every event", () => {
  test(`${COUNT} seeded random events get the same verdict and the same first reason (seed ${SEED})`, async () => {
    const now = Date.now();
    const next = generator(SEED, now);
    const events = Array.from({ length: COUNT }, next);
    const schema = makeEventSchema(() => now, ALLOWED);
    const zod = events.map((e) => {
      const r = schema.safeParse(e);
      return r.success ? { ok: true as const } : { ok: false as const, reason: r.error.issues[0].message };
    });

    // Batches under the caps: at most 500 events and well under 1 MB of jsonb text.
    const sqlVerdicts: (string | null)[] = [];
    let i = 0;
    while (i < events.length) {
      const batch: unknown[] = [];
      let bytes = 2;
      while (i + batch.length < events.length && batch.length < 500) {
        const size = wireJson([events[i + batch.length]]).length * 1.3;
        if (batch.length > 0 && bytes + size > 700_000) break;
        batch.push(events[i + batch.length]);
        bytes += size;
      }
      const r = await ingest(batch);
      const reasons = new Map(r.rejected.map((x) => [x.index, x.reason]));
      assert.equal(r.accepted + r.rejected.length, batch.length);
      for (let j = 0; j < batch.length; j++) sqlVerdicts.push(reasons.get(j) ?? null);
      i += batch.length;
    }

    const differ: string[] = [];
    zod.forEach((z, k) => {
      const zodReason = z.ok ? null : z.reason;
      if (zodReason !== sqlVerdicts[k]) {
        differ.push(`#${k} ${JSON.stringify(events[k])?.slice(0, 300)}: zod ${zodReason ?? "accepts"}, SQL ${sqlVerdicts[k] ?? "accepts"}`);
      }
    });
    const rejected = zod.filter((z) => !z.ok).length;
    // The mix is a real mix: neither side's verdict is trivial.
    assert.ok(rejected > COUNT * 0.2 && rejected < COUNT * 0.8, `${rejected} of ${COUNT} rejected`);
    assert.deepEqual(differ.slice(0, 15), [], `${differ.length} of ${COUNT} events differ`);
  });
});

describe("text PostgreSQL cannot parse never costs the valid events", () => {
  const ok = '{"kind": "operation", "name": "neighbour"}';
  const deep = `{"kind": "milestone", "name": "deep", "attributes": {"a": ${"[".repeat(100_000)}${"]".repeat(100_000)}}}`;
  const cases: { case: string; bad: string; code: string; accepted: number; reason?: string }[] = [
    { case: "a NUL in a string", bad: '{"kind": "milestone", "name": "nul", "error_message": "a\\u0000b"}', code: "22P05", accepted: 3 },
    { case: "a NUL in an attributes key", bad: '{"kind": "milestone", "name": "nul-key", "attributes": {"k\\u0000": 1}}', code: "22P05", accepted: 3 },
    { case: "a lone surrogate", bad: '{"kind": "milestone", "name": "lone \\ud800"}', code: "22P02", accepted: 3 },
    {
      case: "a number past numeric's range in a typed field", bad: '{"kind": "operation", "name": "huge", "duration_ms": 1e131072}',
      code: "22003", accepted: 2, reason: "duration_ms must be between 0 and 86400000",
    },
    { case: "a number past numeric's range in attributes", bad: '{"kind": "milestone", "name": "huge-attr", "attributes": {"n": 1e131072}}', code: "22003", accepted: 3 },
    { case: "attributes nested 100,000 deep", bad: deep, code: "54001", accepted: 2, reason: "attributes must be at most 32 levels deep" },
  ];
  for (const c of cases) {
    test(`${c.case}: the raw batch fails PostgreSQL's jsonb parse (${c.code}); written by wireJson, only that event is judged`, async () => {
      const raw = `[${ok}, ${c.bad}, ${ok}]`;
      await assert.rejects(sql`select ${raw}::text::jsonb`, (e: postgres.PostgresError) => e.code === c.code);
      const r = await ingest(JSON.parse(raw));
      assert.deepEqual(r, { accepted: c.accepted, rejected: c.reason ? [{ index: 1, reason: c.reason }] : [] });
      const zod = validateEvent(JSON.parse(raw)[1]);
      assert.deepEqual(zod.ok ? null : zod.reason, c.reason ?? null, "zod gives the same verdict and reason");
    });
  }

  test("what is cleaned is stored cleaned", async () => {
    const name = `clean-${process.pid}`;
    await ingest([{ kind: "milestone", name, error_message: "a\u0000b", user_id: "u\ud800", attributes: { "k\u0000": "v\u0000", n: Infinity } }]);
    const [row] = await sql`select error_message, user_id, attributes from vigil.events where name = ${name}`;
    assert.deepEqual(row, { error_message: "ab", user_id: "u\ufffd", attributes: { k: "v" } });
  });
});
