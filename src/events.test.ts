// The zod schema and `vigil_api.ingest` accept and reject the same events, and share the batch limits.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import postgres from "postgres";
import { eventCorpus } from "./events.corpus.ts";
import { checkBatch, jsonbTextBytes, LIMITS, parseEventTime, validateEvent } from "./events.ts";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is required: run through `npm test`");
const sql = postgres(url, { onnotice: () => {}, max: 2 });
let key = "";

/** Calls vigil_api.ingest as PostgREST would for an anonymous request. */
async function ingestAsAnon(events: unknown): Promise<{ accepted: number; rejected: { index: number; reason: string }[] }> {
  return await sql.begin(async (tx) => {
    await tx`select set_config('request.jwt.claims', '{"role":"anon"}', true), set_config('role', 'anon', true)`;
    const [row] = await tx`select vigil_api.ingest(${key}, ${tx.json(events as postgres.JSONValue)}) as result`;
    return row.result;
  });
}

before(async () => {
  const [tenant] = await sql`select vigil_api.create_tenant('Corpus', ${"corpus-" + process.pid}) as t`;
  const [k] = await sql`select vigil_api.create_ingest_key(${tenant.t.id}::uuid, 'corpus', null, 1000000) as k`;
  key = k.k.key;
});
after(async () => {
  await sql.end();
});

describe("one definition of an event", () => {
  const corpus = eventCorpus();

  test("the corpus covers at least 40 cases, good and bad", () => {
    assert.ok(corpus.length >= 40, `only ${corpus.length} cases`);
    assert.ok(corpus.some((c) => c.valid) && corpus.some((c) => !c.valid));
  });

  test("zod accepts exactly the cases marked valid", () => {
    const wrong = corpus
      .map((c) => ({ c, r: validateEvent(c.event) }))
      .filter(({ c, r }) => r.ok !== c.valid)
      .map(({ c, r }) => `${c.case}: expected ${c.valid ? "valid" : "invalid"}, got ${r.ok ? "valid" : (r as { reason: string }).reason}`);
    assert.deepEqual(wrong, []);
  });

  test("vigil_api.ingest accepts and rejects the same events as zod, with reasons", async () => {
    const result = await ingestAsAnon(corpus.map((c) => c.event));
    const rejectedBySql = new Map(result.rejected.map((r) => [r.index, r.reason]));
    const disagreements = corpus
      .map((c, i) => ({ c, zod: validateEvent(c.event), sqlOk: !rejectedBySql.has(i), sqlReason: rejectedBySql.get(i) }))
      .filter((x) => x.zod.ok !== x.sqlOk)
      .map((x) => `${x.c.case}: zod ${x.zod.ok ? "accepts" : "rejects"}, SQL ${x.sqlOk ? "accepts" : `rejects (${x.sqlReason})`}`);
    assert.deepEqual(disagreements, []);
    assert.equal(result.accepted, corpus.filter((c) => c.valid).length);
    for (const r of result.rejected) assert.match(r.reason, /\w/, "every rejection carries a reason");
  });

  test("both sides give the same reason for each rejected event", async () => {
    const result = await ingestAsAnon(corpus.map((c) => c.event));
    const sqlReasons = new Map(result.rejected.map((r) => [r.index, r.reason]));
    const differ = corpus
      .map((c, i) => ({ c, i, zod: validateEvent(c.event) }))
      .filter((x) => !x.zod.ok && sqlReasons.get(x.i) !== (x.zod as { reason: string }).reason)
      .map((x) => `${x.c.case}: zod "${(x.zod as { reason: string }).reason}" vs SQL "${sqlReasons.get(x.i)}"`);
    assert.deepEqual(differ, []);
  });

  test("an ingest key's allowed kinds are applied on both sides", async () => {
    const [tenant] = await sql`select id from vigil.tenants where slug = ${"corpus-" + process.pid}`;
    const [k] = await sql`select vigil_api.create_ingest_key(${tenant.id}::uuid, 'web', array['page_view'], 1000) as k`;
    const events = [{ kind: "page_view", name: "/" }, { kind: "operation", name: "x" }];
    const r = await sql.begin(async (tx) => {
      await tx`select set_config('role', 'anon', true)`;
      const [row] = await tx`select vigil_api.ingest(${k.k.key}, ${tx.json(events)}) as r`;
      return row.r;
    });
    const zod = events.map((e) => validateEvent(e, { allowedKinds: ["page_view"] }));
    assert.deepEqual(zod.map((z) => z.ok), [true, false]);
    assert.equal(r.accepted, 1);
    assert.deepEqual(r.rejected, [{ index: 1, reason: (zod[1] as { reason: string }).reason }]);
  });
});

describe("batch limits", () => {
  const one = { kind: "operation", name: "x" };

  test(`a batch of ${LIMITS.maxBatchEvents} events passes both sides; one more is refused by both with 413`, async () => {
    const full = Array.from({ length: LIMITS.maxBatchEvents }, () => one);
    assert.deepEqual(checkBatch(full), { ok: true });
    const r = await ingestAsAnon(full);
    assert.equal(r.accepted, LIMITS.maxBatchEvents);
    const over = [...full, one];
    assert.equal((checkBatch(over) as { status: number }).status, 413);
    await assert.rejects(ingestAsAnon(over), (e: postgres.PostgresError) => e.code === "PT413");
  });

  test("a batch over 1 MB is refused by both sides with 413", async () => {
    const big = Array.from({ length: 140 }, () => ({ ...one, attributes: { k: "x".repeat(8000) } }));
    assert.ok(jsonbTextBytes(big) > LIMITS.maxBatchBytes);
    assert.equal((checkBatch(big) as { status: number }).status, 413);
    await assert.rejects(ingestAsAnon(big), (e: postgres.PostgresError) => e.code === "PT413");
  });

  test("jsonb text size in TypeScript equals PostgreSQL's octet_length(jsonb::text)", async () => {
    const samples: unknown[] = [
      { a: 1, b: [1, 2, { c: "é" }], d: null, e: true },
      { big: 1e21, small: 1.5e-7, neg: -2.5e-8, s: "quote \" and \\ and \t tab" },
      [],
      { nested: { deeper: { deepest: ["x", 1, false] } } },
    ];
    for (const s of samples) {
      const [row] = await sql`select octet_length(${sql.json(s as postgres.JSONValue)}::jsonb::text) as n`;
      assert.equal(jsonbTextBytes(s), row.n, JSON.stringify(s));
    }
  });
});

describe("occurred_at parsing", () => {
  test("parses what PostgreSQL parses, to the same instant", async () => {
    const texts = ["2026-01-31T23:59:59Z", "2024-02-29T12:00:00+05:30", "2026-03-01 00:00Z", "2026-06-15T08:30:00.25-0700"];
    for (const t of texts) {
      const [row] = await sql`select extract(epoch from ${t}::timestamptz) * 1000 as ms`;
      assert.equal(parseEventTime(t), Number(row.ms), t);
    }
  });

  test("refuses dates the calendar does not have", () => {
    for (const t of ["2025-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z", "2026-01-01T00:60:00Z"]) {
      assert.equal(parseEventTime(t), null, t);
    }
  });
});
