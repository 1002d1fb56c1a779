// The SDK's costs: what track() adds to a call, and what the ingest edge function costs next to
// calling vigil_api.ingest directly, each against its baseline from the same run.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import postgres from "postgres";
import { ROOT } from "../scripts/lib/stack.ts";
import { createVigil, type Transport } from "../src/index.ts";
import type { Bench, BenchRow } from "./run.ts";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A transport that accepts everything at once: what is measured is the SDK, not a network. */
const nullTransport: Transport = {
  name: "null",
  send: (events) => Promise.resolve({ data: { accepted: events.length, rejected: [] }, error: null }),
};

async function trackOverhead(quick: boolean): Promise<BenchRow[]> {
  const calls = quick ? 20_000 : 200_000;
  const rounds = quick ? 5 : 9;
  const noop = async () => {};
  const vigil = createVigil({ transport: nullTransport, browser: false, flushIntervalMs: 3_600_000, batchSize: 1_000_000 });

  const bare: number[] = [];
  const tracked: number[] = [];
  for (let r = 0; r < rounds + 1; r++) {
    let t = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) await noop();
    const b = Number(process.hrtime.bigint() - t) / calls;
    t = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) await vigil.track("noop", noop);
    const k = Number(process.hrtime.bigint() - t) / calls;
    // The first round warms the JIT up; it is not counted.
    if (r > 0) {
      bare.push(b);
      tracked.push(k);
    }
    // What track() left in the queue is validated and serialised at send time: measure that below.
    await vigil.flush();
  }

  // The deferred half: validating (shared zod schema), sizing and handing 1,000 events to a transport.
  const perEvent: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < 1000; i++) vigil.track("noop", () => 1);
    const t = process.hrtime.bigint();
    await vigil.flush();
    perEvent.push(Number(process.hrtime.bigint() - t) / 1000);
  }
  await vigil.shutdown({ timeoutMs: 100 });

  const bareNs = median(bare);
  const trackNs = median(tracked);
  const flushNs = median(perEvent);
  return [
    {
      bench: "sdk", case: "track() around a no-op async fn (call path)", value: trackNs, unit: "ns/call",
      baseline: { case: "bare await", value: bareNs }, ratio: trackNs / bareNs,
      note: `median of ${rounds} rounds of ${calls} calls; added ${Math.round(trackNs - bareNs)} ns per call`,
    },
    {
      bench: "sdk", case: "track() incl. deferred validate+send per event", value: trackNs + flushNs, unit: "ns/call",
      baseline: { case: "bare await", value: bareNs }, ratio: (trackNs + flushNs) / bareNs,
      note: `of which ${Math.round(flushNs)} ns/event at flush time, off the caller's path`,
    },
  ];
}

async function freePort(): Promise<number> {
  return await new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function events(n: number, seq: number) {
  const now = new Date().toISOString();
  return Array.from({ length: n }, (_, i) => ({
    kind: "operation", name: `op_${(seq + i) % 50}`, occurred_at: now, duration_ms: 10 + ((seq + i) % 200),
    success: (seq + i) % 50 !== 0, trace_id: "4bf92f3577b34da6a3ce929d0e0e4736", attributes: { region: "eu", n: i },
  }));
}

async function ingestThroughput(url: string, sql: postgres.Sql, quick: boolean, log: (m: string) => void): Promise<BenchRow[]> {
  const [{ t }] = await sql`select vigil_api.create_tenant('Bench SDK', ${"bench-sdk-" + Date.now()}) as t`;
  const [{ k }] = await sql`select vigil_api.create_ingest_key(${t.id}::uuid, 'bench', null, 10000000) as k`;
  const key: string = k.key;

  const port = await freePort();
  const fn = spawn(join(ROOT, "node_modules", ".bin", "deno"),
    ["run", "--allow-all", "--no-prompt", "--config", join(ROOT, "deno.json"), join(ROOT, "supabase", "functions", "ingest", "index.ts")],
    { env: { ...process.env, DATABASE_URL: url, PORT: String(port), NO_COLOR: "1" }, stdio: ["ignore", "ignore", "inherit"] });
  const endpoint = `http://127.0.0.1:${port}/`;
  const direct = postgres(url, { onnotice: () => {}, max: 1 });
  const rows: BenchRow[] = [];
  try {
    for (let i = 0; i < 300; i++) {
      try {
        await fetch(endpoint, { method: "OPTIONS" });
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    for (const size of [20, 500]) {
      // 1,000 calls of 20, or 100 of 500, are as many round trips as a rate needs; 100,000 events
      // made the whole bench run take three minutes, most of it here.
      const total = quick ? 10_000 : size === 20 ? 20_000 : 50_000;
      const batches = Math.ceil(total / size);
      const bodies = Array.from({ length: batches }, (_, b) => JSON.stringify(events(size, b * size)));
      // Sequential calls, one client: the latency a single SDK instance sees, turned into events/s.
      const viaFunction = async (some = bodies) => {
        for (const body of some) {
          const res = await fetch(endpoint, { method: "POST", headers: { "content-type": "application/json", "x-vigil-key": key }, body });
          if (res.status !== 200) throw new Error(`ingest function answered ${res.status}: ${await res.text()}`);
          await res.arrayBuffer();
        }
      };
      const plain = async (some = bodies) => {
        for (const body of some) await direct`select vigil_api.ingest(${key}, ${body}::text::jsonb)`;
      };
      // What the function does inside: the same call as anon in a transaction of its own.
      const asAnon = async (some = bodies) => {
        for (const body of some) {
          await direct.begin(async (tx) => {
            await tx`select pg_catalog.set_config('role', 'anon', true), pg_catalog.set_config('request.jwt.claims', '{"role":"anon"}', true)`;
            await tx`select vigil_api.ingest(${key}, ${body}::text::jsonb)`;
          });
        }
      };
      // Warm each path up (JIT, plan cache, connections) on a tenth of the calls, then alternate so
      // drift hits all alike.
      const warm = bodies.slice(0, Math.max(10, batches / 10));
      await viaFunction(warm);
      await plain(warm);
      await asAnon(warm);
      const runs = quick ? 1 : 3;
      const times = { fn: [] as number[], plain: [] as number[], anon: [] as number[] };
      for (let r = 0; r < runs; r++) {
        for (const [name, run] of [["plain", plain], ["anon", asAnon], ["fn", viaFunction]] as const) {
          const t0 = performance.now();
          await run(bodies);
          times[name].push(performance.now() - t0);
        }
      }
      const rate = (ms: number[]) => (batches * size) / (median(ms) / 1000);
      const [fnRate, plainRate, anonRate] = [rate(times.fn), rate(times.plain), rate(times.anon)];
      log(`batch ${size}: function ${Math.round(fnRate)}/s, direct ${Math.round(plainRate)}/s, as anon in a transaction ${Math.round(anonRate)}/s`);
      rows.push(
        {
          bench: "sdk", case: `ingest edge function, batches of ${size}`, value: fnRate, unit: "events/s",
          baseline: { case: "vigil_api.ingest direct", value: plainRate }, ratio: fnRate / plainRate,
          note: `${batches * size} events, sequential, median of ${runs}`,
        },
        {
          bench: "sdk", case: `direct as anon in a transaction, batches of ${size}`, value: anonRate, unit: "events/s",
          baseline: { case: "vigil_api.ingest direct", value: plainRate }, ratio: anonRate / plainRate,
          note: "what the function runs, without HTTP and Deno",
        },
      );
    }
  } finally {
    fn.kill("SIGTERM");
    await direct.end();
  }
  return rows;
}

const bench: Bench = async ({ url, sql, quick, log }) => {
  log("track() overhead");
  const rows = await trackOverhead(quick);
  log("ingest throughput: edge function vs direct");
  rows.push(...(await ingestThroughput(url, sql, quick, log)));
  return rows;
};

export default bench;
