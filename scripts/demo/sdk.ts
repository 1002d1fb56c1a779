// Demo section: the SDK on a server, sending through a direct Postgres connection.
import type postgres from "postgres";
import { createVigil, postgresTransport } from "../../src/index.ts";

export default async function (sql: postgres.Sql, tenantId: string): Promise<void> {
  console.log("\n== SDK: track(), errors, logs, and stats() ==");
  const [{ k }] = await sql`select vigil_api.create_ingest_key(${tenantId}::uuid, 'demo-sdk') as k`;
  const vigil = createVigil({ transport: postgresTransport({ sql, key: k.key }), release: "demo@1.0.0", environment: "demo", source: "server" });

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const total = await vigil.track("demo.checkout", async (span) => {
    vigil.log.info("checkout started", { cart_items: 3 });
    await vigil.trackQuery("demo.orders.insert", () => sleep(15));
    console.log(`  track() hands the call its trace: traceparent ${span.traceparent}`);
    return 42.5;
  });
  console.log(`  track() returned what the function returned: ${total}`);
  try {
    await vigil.track("demo.refund", async () => {
      throw new RangeError("refund exceeds the order total");
    });
  } catch (err) {
    console.log(`  track() rethrew the function's own error: ${(err as Error).name}: ${(err as Error).message}`);
  }
  vigil.cacheHit("demo.prices");
  vigil.cacheMiss("demo.prices");
  vigil.fallback("demo.prices", "stale-cache");
  vigil.record({ kind: "custom", name: "" }); // invalid: dropped by the shared schema, and counted
  const s = await vigil.flush();
  console.log(`  stats(): sent ${s.sent}, queued ${s.queued}, dropped ${s.dropped} (invalid ${s.invalid}), failed ${s.failed}`);

  const rows = await sql<{ kind: string; name: string; ms: string | null; success: boolean; detail: string | null }[]>`
    select kind, name, round(duration_ms::numeric, 1)::text as ms, success,
           coalesce(error_type || ': ' || error_message, attributes ->> 'correlation_id', attributes ->> 'layer') as detail
    from vigil.events
    where tenant_id = ${tenantId} and release = 'demo@1.0.0'
    order by occurred_at, kind`;
  for (const r of rows) {
    console.log(`  ${r.kind.padEnd(10)} ${r.name.padEnd(20)} ${(r.ms ?? "").padStart(6)} ${r.success ? "ok  " : "FAIL"} ${r.detail ?? ""}`);
  }
  await vigil.shutdown();
}
