// Ingest throughput: vigil_api.ingest at several batch sizes (validation on) against COPY of the
// very same events into the same table, measured in one run. Each batch is its own transaction, as
// each request is; COPY sends all the events in one. And the validating insert against itself as it
// was before every writer took the fold's writers' lock (bench/lib/before.ts), batch by batch in turn.
import { BEFORE, dropBefore, loadIngestBefore } from "./lib/before.ts";
import { ingestTenant } from "./lib/dataset.ts";
import type { Bench, BenchRow } from "./run.ts";

interface BenchEvent {
  kind: string;
  name: string;
  occurred_at: string;
  duration_ms: number;
  success: boolean;
  status_code: number;
  error_type?: string;
  user_id: string;
  session_id: string;
  release: string;
  attributes: Record<string, string>;
}

function makeEvents(n: number): BenchEvent[] {
  const now = Date.now();
  const out: BenchEvent[] = [];
  for (let i = 0; i < n; i++) {
    const ok = Math.random() > 0.02;
    const op = Math.floor(Math.random() * 50);
    out.push({
      kind: "operation",
      name: `op_${String(op).padStart(2, "0")}`,
      occurred_at: new Date(now - Math.floor(Math.random() * 3_600_000)).toISOString(),
      duration_ms: Math.round((20 + 10 * op) * Math.exp(0.6 * gaussian()) * 1000) / 1000,
      success: ok,
      status_code: ok ? 200 : 500,
      ...(ok ? {} : { error_type: "TimeoutError" }),
      user_id: `user-${Math.floor(Math.random() * 5000)}`,
      session_id: `session-${Math.floor(Math.random() * 20000)}`,
      release: "v1.4.2",
      attributes: { route: `/api/op/${op}` },
    });
  }
  return out;
}

const ANON_CLAIMS = JSON.stringify({ role: "anon" });

function gaussian() {
  return Math.sqrt(-2 * Math.log(Math.max(Math.random(), 1e-12))) * Math.cos(2 * Math.PI * Math.random());
}

// COPY text format: tab-separated, \N for null, backslash escaped.
function copyLine(tenant: string, e: BenchEvent): string {
  const esc = (v: string) => v.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n");
  return [tenant, e.kind, e.name, e.occurred_at, String(e.duration_ms), e.success ? "t" : "f", String(e.status_code),
    e.error_type ?? "\\N", e.user_id, e.session_id, e.release, esc(JSON.stringify(e.attributes))].join("\t") + "\n";
}

const bench: Bench = async ({ sql, quick, log }) => {
  const perCase = quick ? 6_000 : 60_000;
  const { tenant, key } = await ingestTenant(sql, "Ingest bench", "ingest");
  const events = makeEvents(perCase);

  async function copyRate(): Promise<number> {
    const started = performance.now();
    const stream = await sql`copy vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success, status_code,
                               error_type, user_id, session_id, release, attributes) from stdin`.writable();
    const chunk: string[] = [];
    for (const e of events) {
      chunk.push(copyLine(tenant, e));
      if (chunk.length === 1000) {
        if (!stream.write(chunk.join(""))) await new Promise((r) => stream.once("drain", r));
        chunk.length = 0;
      }
    }
    if (chunk.length) stream.write(chunk.join(""));
    await new Promise<void>((resolve, reject) => stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
    return perCase / ((performance.now() - started) / 1000);
  }

  // The same requests written without any check: each body bound as one json parameter, as
  // PostgREST sends it, read by jsonb_to_recordset and inserted, one transaction (one durable commit)
  // per request. It tells apart what validation costs from what a request costs.
  async function bareInsertRate(batch: number): Promise<number> {
    const started = performance.now();
    for (let i = 0; i < events.length; i += batch) {
      const body = JSON.stringify({ p_key: key, p_events: events.slice(i, i + batch) });
      await sql.begin(async (tx) => {
        await tx`
          insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success, status_code, error_type,
                                    user_id, session_id, release, attributes)
          select ${tenant}, x.kind, x.name, x.occurred_at, x.duration_ms, x.success, x.status_code, x.error_type,
                 x.user_id, x.session_id, x.release, coalesce(x.attributes, '{}')
          from pg_catalog.json_to_record(${body}::text::json) as a(p_events jsonb),
               pg_catalog.jsonb_to_recordset(a.p_events) as x(kind text, name text, occurred_at timestamptz,
                 duration_ms float8, success boolean, status_code smallint, error_type text, user_id text,
                 session_id text, release text, attributes jsonb)`;
      });
    }
    return perCase / ((performance.now() - started) / 1000);
  }

  async function ingestRate(batch: number, direct: boolean): Promise<number> {
    const started = performance.now();
    for (let i = 0; i < events.length; i += batch) {
      const part = events.slice(i, i + batch);
      if (direct) {
        await sql`select vigil._store_events(${tenant}, ${sql.json(part as never)}, null, null)`;
      } else {
        // What PostgREST does for POST /rpc/ingest from an anonymous caller: one transaction that sets
        // the role and the claims, the body bound as one json parameter and the arguments read out of it.
        const body = JSON.stringify({ p_key: key, p_events: part });
        const r = await sql.begin(async (tx) => {
          await tx`select set_config('role', 'anon', true), set_config('request.jwt.claims', ${ANON_CLAIMS}, true)`;
          const [{ r }] = await tx<{ r: { accepted: number } }[]>`
            select vigil_api.ingest(a.p_key, a.p_events) as r
            from pg_catalog.json_to_record(${body}::text::json) as a(p_key text, p_events jsonb)`;
          return r;
        });
        if (r.accepted !== part.length) throw new Error(`ingest accepted ${r.accepted} of ${part.length}`);
      }
    }
    return perCase / ((performance.now() - started) / 1000);
  }

  // Today's vigil._store_events and the one at BEFORE (no writers' lock) store the same batches, in
  // turn and in alternating order, so load and cache fall on both alike: seconds of each, summed.
  async function lockAgainstBefore(batch: number): Promise<{ now: number; before: number } | null> {
    if (!(await loadIngestBefore(sql))) return null;
    const spent = { now: 0, before: 0 };
    for (let i = 0, turn = 0; i < events.length; i += batch, turn++) {
      const part = sql.json(events.slice(i, i + batch) as never);
      for (const which of turn % 2 ? ["before", "now"] as const : ["now", "before"] as const) {
        const t = performance.now();
        if (which === "now") await sql`select vigil._store_events(${tenant}, ${part}, null, null)`;
        else await sql`select fold_baseline._store_events(${tenant}, ${part}, null, null)`;
        spent[which] += performance.now() - t;
      }
    }
    await dropBefore(sql);
    return { now: perCase / (spent.now / 1000), before: perCase / (spent.before / 1000) };
  }

  log(`COPY of ${perCase} events`);
  const copyBefore = await copyRate();
  const rates: { batch: number; rate: number; direct: boolean }[] = [];
  for (const batch of [100, 500, 1000]) {
    log(`vigil_api.ingest, ${batch} per batch`);
    rates.push({ batch, rate: await ingestRate(batch, false), direct: false });
  }
  // vigil_api.ingest refuses batches over 1,000 events (PT413); 2,000 goes through the same
  // validating insert without the key check and the caps.
  log("vigil._store_events, 2000 per batch");
  rates.push({ batch: 2000, rate: await ingestRate(2000, true), direct: true });
  log("bare insert of the same requests, 500 per transaction");
  const bare = await bareInsertRate(500);
  log(`vigil._store_events, 500 per batch, against its body at ${BEFORE} (no writers' lock), in turn`);
  const lock = await lockAgainstBefore(500);
  log(`COPY of ${perCase} events, again`);
  const copyAfter = await copyRate();
  const copy = (copyBefore + copyAfter) / 2;

  const rows: BenchRow[] = [{
    bench: "ingest", case: "COPY (mean of a run before and after)", value: copy, unit: "events/s",
    note: `${Math.round(copyBefore)} before, ${Math.round(copyAfter)} after`,
  }];
  rows.push({
    bench: "ingest", case: "bare insert of the same requests, 500/batch, no checks", value: bare, unit: "events/s",
    baseline: { case: "COPY", value: copy }, ratio: bare / copy,
    note: "each body parsed and inserted in its own transaction, nothing validated: what a request costs",
  });
  const at500 = rates.find((r) => r.batch === 500 && !r.direct);
  if (at500) {
    rows.push({
      bench: "ingest", case: "vigil_api.ingest, 500/batch, against the bare insert", value: at500.rate, unit: "events/s",
      baseline: { case: "bare insert, 500/batch", value: bare }, ratio: at500.rate / bare,
      note: "what key, caps, per-event validation and budget cost on top of the write",
    });
  }
  for (const r of rates) {
    rows.push({
      bench: "ingest",
      case: r.direct ? `vigil._store_events, ${r.batch}/batch (over ingest's 1,000 cap)` : `vigil_api.ingest, ${r.batch}/batch`,
      value: r.rate, unit: "events/s",
      baseline: { case: "COPY", value: copy }, ratio: r.rate / copy,
      target: r.batch === 500 ? "≥ 0.5× COPY" : undefined,
    });
  }
  if (lock) {
    rows.push({
      bench: "ingest", case: "vigil._store_events, 500/batch, with the writers' lock", value: lock.now, unit: "events/s",
      baseline: { case: `its body at ${BEFORE}, no lock`, value: lock.before }, ratio: lock.now / lock.before,
      target: "≥ 0.95×", note: "the same batches, old and new in turn: what the fold's shared lock costs ingest",
    });
  }
  await sql`delete from vigil.events where tenant_id = ${tenant}`;
  return rows;
};

export default bench;
