// The event contract's cost: vigil_api.ingest before it (commit 63449de, installed here under other names)
// and now, interleaved round by round on the same 500-event requests in one run, so the machine's drift
// weighs on both alike. Clean batches (the fast path) and batches with one bad event (the per-event path).
import { execFileSync } from "node:child_process";
import { ROOT } from "../scripts/lib/stack.ts";
import { ingestTenant } from "./lib/dataset.ts";
import type { Bench, BenchRow } from "./run.ts";

const BEFORE = "63449de";
const ANON_CLAIMS = JSON.stringify({ role: "anon" });

/** The three functions of ingest as they were, renamed vigil._old_*, from the commit before the contract. */
function oldFunctions(): string {
  const show = (file: string) => execFileSync("git", ["show", `${BEFORE}:supabase/migrations/${file}`], { cwd: ROOT, encoding: "utf8" });
  const take = (text: string, head: string) => {
    const at = text.indexOf(head);
    if (at < 0) throw new Error(`${head} not found in ${BEFORE}`);
    return text.slice(at, text.indexOf("\n$$;\n", at) + 5);
  };
  const perEvent = take(show("20261127100000_store_events_reads_each_field_once.sql"),
    "create or replace function vigil._store_events(p_tenant uuid, p_events jsonb, p_allowed_kinds text[])");
  const fast = take(show("20261128100000_store_clean_batches_in_one_insert.sql"),
    "create or replace function vigil._store_events(p_tenant uuid, p_events jsonb, p_allowed_kinds text[], p_events_text text)");
  const ingest = take(show("20261123000500_ingest.sql"), "create function vigil._ingest(p_key text, p_events jsonb)");
  return [perEvent, fast, ingest.replace("create function", "create or replace function")]
    .map((f) => f.replaceAll("vigil._store_events(", "vigil._old_store_events(").replaceAll("vigil._ingest(", "vigil._old_ingest("))
    .join("\n") + "\ngrant execute on function vigil._old_ingest(text, jsonb) to anon;\n";
}

function makeEvents(n: number, now: number) {
  return Array.from({ length: n }, (_, i) => {
    const ok = i % 50 !== 7;
    const op = i % 50;
    return {
      kind: "operation",
      name: `op_${String(op).padStart(2, "0")}`,
      occurred_at: new Date(now - ((i * 7919) % 3_600_000)).toISOString(),
      duration_ms: Math.round((20 + 10 * op) * (1 + ((i * 31) % 97) / 50) * 1000) / 1000,
      success: ok,
      status_code: ok ? 200 : 500,
      ...(ok ? {} : { error_type: "TimeoutError" }),
      user_id: `user-${(i * 13) % 5000}`,
      session_id: `session-${(i * 17) % 20000}`,
      release: "v1.4.2",
      attributes: { route: `/api/op/${op}` },
    };
  });
}

const bench: Bench = async ({ sql, quick, log }) => {
  const rounds = quick ? 8 : 30;
  const perRound = quick ? 4 : 8;
  const { tenant, key } = await ingestTenant(sql, "Contract bench", "contract");
  log(`installing ingest as of ${BEFORE} as vigil._old_ingest`);
  await sql.unsafe(oldFunctions());

  const now = Date.now();
  const clean = Array.from({ length: perRound }, (_, b) => makeEvents(500, now - b * 1000));
  // One bad event in each batch: the whole batch goes the per-event way, on both sides.
  const mixed = clean.map((events) => events.map((e, i) => (i === 250 ? { ...e, duration_ms: -1 } : e)));
  const bodies = (batches: object[][]) => batches.map((events) => JSON.stringify({ p_key: key, p_events: events }));

  // As PostgREST calls it for anon: one transaction, role and claims, the body bound as one json parameter.
  async function run(fn: "vigil._ingest" | "vigil._old_ingest", requests: string[], expect: number) {
    const started = performance.now();
    for (const body of requests) {
      const r = await sql.begin(async (tx) => {
        await tx`select set_config('role', 'anon', true), set_config('request.jwt.claims', ${ANON_CLAIMS}, true)`;
        const [{ r }] = await tx.unsafe<{ r: { accepted: number } }[]>(
          `select ${fn}(a.p_key, a.p_events) as r from pg_catalog.json_to_record($1::text::json) as a(p_key text, p_events jsonb)`, [body]);
        return r;
      });
      if (r.accepted !== expect) throw new Error(`${fn} accepted ${r.accepted}, not ${expect}`);
    }
    return performance.now() - started;
  }

  const rows: BenchRow[] = [];
  for (const [label, requests, expect] of [["clean", bodies(clean), 500], ["one bad event", bodies(mixed), 499]] as const) {
    const ratios: number[] = [];
    let oldMs = 0;
    let newMs = 0;
    await run("vigil._ingest", requests.slice(0, 1), expect); // warm both plans
    await run("vigil._old_ingest", requests.slice(0, 1), expect);
    for (let round = 0; round < rounds; round++) {
      // Alternate which goes first, so neither always runs on the warmer cache.
      const first = round % 2 === 0;
      const a = first ? await run("vigil._old_ingest", requests, expect) : 0;
      const b = await run("vigil._ingest", requests, expect);
      const c = first ? a : await run("vigil._old_ingest", requests, expect);
      oldMs += c;
      newMs += b;
      ratios.push(c / b);
    }
    ratios.sort((x, y) => x - y);
    const median = ratios[Math.floor(ratios.length / 2)];
    const events = rounds * perRound * 500;
    log(`${label}: old ${Math.round(events / (oldMs / 1000))} events/s, new ${Math.round(events / (newMs / 1000))} events/s, ` +
      `new/old ${(oldMs / newMs).toFixed(3)} (median round ${median.toFixed(3)})`);
    rows.push({
      bench: "ingest-contract", case: `vigil_api.ingest now vs ${BEFORE}, 500/batch, ${label}`, value: events / (newMs / 1000), unit: "events/s",
      baseline: { case: `ingest at ${BEFORE}, interleaved`, value: events / (oldMs / 1000) }, ratio: oldMs / newMs,
      target: "≥ 0.95× the old", note: `${rounds} rounds of ${perRound} requests each, old and new alternating; median round ratio ${median.toFixed(3)}`,
    });
    await sql`delete from vigil.events where tenant_id = ${tenant}`;
  }
  await sql.unsafe(`drop function vigil._old_ingest(text, jsonb); drop function vigil._old_store_events(uuid, jsonb, text[], text);
    drop function vigil._old_store_events(uuid, jsonb, text[]);`);
  return rows;
};

export default bench;
