// The demo: a tenant, an admin, an ingest key and an hour of realistic traffic sent through
// vigil_api.ingest as a browser would, then what Vigil stored. Capability sections follow from scripts/demo/.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import postgres from "postgres";
import { seededRandom } from "../src/fixtures/seeded-random.ts";
import { ROOT } from "./lib/stack.ts";

const OPERATIONS: { name: string; medianMs: number; failRate: number }[] = [
  { name: "checkout", medianMs: 240, failRate: 0.02 },
  { name: "search", medianMs: 120, failRate: 0.01 },
  { name: "login", medianMs: 90, failRate: 0.03 },
  { name: "list_orders", medianMs: 60, failRate: 0.005 },
  { name: "get_product", medianMs: 35, failRate: 0.005 },
  { name: "add_to_cart", medianMs: 45, failRate: 0.01 },
  { name: "payment.charge", medianMs: 420, failRate: 0.02 },
  { name: "send_email", medianMs: 300, failRate: 0.01 },
  { name: "render_home", medianMs: 80, failRate: 0.002 },
  { name: "sync_inventory", medianMs: 900, failRate: 0.04 },
];
const ERROR_TYPES = ["TimeoutError", "ValidationError", "DatabaseError", "UpstreamError"];
const PAGES = ["/", "/products", "/products/42", "/cart", "/checkout", "/account"];
const FUNNEL = ["visit", "add_to_cart", "checkout_started", "paid"];

/** An hour of traffic: 10 operations with log-normal latency, a slow spell 35–45 minutes ago. */
export function demoTraffic(now: number, count = 10_000): Record<string, unknown>[] {
  // Seeded, so every run of the demo tells the same story.
  const random = seededRandom(42);
  const normal = () => Math.sqrt(-2 * Math.log(Math.max(random(), 1e-12))) * Math.cos(2 * Math.PI * random());
  const events: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const op = OPERATIONS[Math.floor(random() * OPERATIONS.length)];
    const at = now - random() * 3_600_000;
    const minutesAgo = (now - at) / 60_000;
    // The slow spell: search and checkout run five times slower, payments fail far more often.
    const slow = minutesAgo >= 35 && minutesAgo <= 45 && (op.name === "search" || op.name === "checkout");
    const failRate = minutesAgo >= 35 && minutesAgo <= 45 && op.name === "payment.charge" ? 0.25 : op.failRate;
    const ok = random() >= failRate;
    const user = `user-${Math.floor(random() * 400)}`;
    events.push({
      kind: "operation",
      name: op.name,
      occurred_at: new Date(at).toISOString(),
      duration_ms: Math.round(op.medianMs * (slow ? 5 : 1) * Math.exp(0.5 * normal()) * 100) / 100,
      success: ok,
      ...(ok ? {} : { error_type: ERROR_TYPES[Math.floor(random() * ERROR_TYPES.length)], error_message: `${op.name} failed` }),
      user_id: user,
      session_id: `${user}-s${Math.floor(random() * 3)}`,
      release: minutesAgo > 20 ? "1.4.1" : "1.4.2",
      environment: "production",
      source: "server",
    });
  }
  // What a browser adds: page views, web vitals, a funnel and a few uncaught errors.
  for (let i = 0; i < 1500; i++) {
    const at = now - random() * 3_600_000;
    const user = `user-${Math.floor(random() * 400)}`;
    const base = { occurred_at: new Date(at).toISOString(), user_id: user, session_id: `${user}-s0`, source: "browser" };
    events.push({ kind: "page_view", name: PAGES[Math.floor(random() * PAGES.length)], ...base });
    if (i % 3 === 0) events.push({ kind: "web_vital", name: "LCP", value: Math.round(1800 * Math.exp(0.4 * normal())), ...base });
    if (i % 3 === 1) events.push({ kind: "web_vital", name: "CLS", value: Math.round(0.06 * Math.exp(0.8 * normal()) * 1000) / 1000, ...base });
    const reached = random() < 0.7 ? (random() < 0.5 ? (random() < 0.6 ? 4 : 3) : 2) : 1;
    if (i % 5 === 0) for (let s = 0; s < reached; s++) events.push({ kind: "milestone", name: FUNNEL[s], ...base, occurred_at: new Date(at + s * 20_000).toISOString() });
    if (i % 40 === 0) {
      events.push({
        kind: "error", name: "TypeError", error_type: "TypeError", error_message: "Cannot read properties of undefined (reading 'price')",
        attributes: { stack: "TypeError: Cannot read properties of undefined (reading 'price')\n    at renderCart (cart.js:42:17)" }, ...base,
      });
    }
  }
  return events.sort((a, b) => String(a.occurred_at).localeCompare(String(b.occurred_at)));
}

/**
 * A step's progress: on a terminal, one line rewritten in place as the fraction grows (null ends it);
 * elsewhere (a log, a test) just the step's name, so the output stays line by line.
 */
function progressLine(label: string): (fraction: number | null) => void {
  const tty = process.stdout.isTTY;
  if (!tty) console.log(`${label}…`);
  return (fraction) => {
    if (!tty) return;
    process.stdout.write(fraction === null ? "\r\x1b[K" : `\r${label}: ${Math.round(fraction * 100)}%`);
  };
}

function table(rows: Record<string, unknown>[]) {
  if (rows.length === 0) return console.log("  (none)");
  const cols = Object.keys(rows[0]);
  const cell = (v: unknown) => (v === null || v === undefined ? "" : typeof v === "number" ? String(Math.round(v * 100) / 100) : String(v));
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  console.log("  " + cols.map((c, i) => c.padEnd(widths[i])).join("  "));
  for (const r of rows) console.log("  " + cols.map((c, i) => cell(r[c]).padEnd(widths[i])).join("  "));
}

export async function demo(url: string, _args: string[]): Promise<void> {
  const sql = postgres(url, { onnotice: () => {}, max: 4 });
  try {
    const email = "demo-admin@example.com";
    let [admin] = await sql`select id from auth.users where email = ${email}`;
    if (!admin) [admin] = await sql`insert into auth.users (id, email, role, aud) values (gen_random_uuid(), ${email}, 'authenticated', 'authenticated') returning id`;
    // A new tenant each run, so what it prints is this run's hour and nothing left from an earlier one.
    const slug = `demo-${Date.now().toString(36)}`;
    const [tenant] = await sql`select (vigil_api.create_tenant('Demo shop', ${slug}, ${admin.id}::uuid) ->> 'id')::uuid as id`;
    const tenantId: string = tenant.id;
    // Acting as the admin, exactly as supabase-js would with their JWT.
    const key: string = await sql.begin(async (tx) => {
      await tx`select set_config('request.jwt.claims', ${JSON.stringify({ sub: admin.id, role: "authenticated" })}, true), set_config('role', 'authenticated', true)`;
      const [k] = await tx`select vigil_api.create_ingest_key(${tenantId}::uuid, 'demo browser', null, 100000) as k`;
      return k.k.key;
    });
    console.log(`tenant  Demo shop, ${slug} (${tenantId})`);
    console.log(`admin   ${email}`);
    console.log(`key     ${key.slice(0, 11)}… (shown once; Vigil keeps only its SHA-256)\n`);

    const events = demoTraffic(Date.now());
    const started = performance.now();
    let accepted = 0;
    const rejected: { index: number; reason: string }[] = [];
    const progress = progressLine(`sending ${events.length.toLocaleString("en-US")} events through vigil_api.ingest, 500 a call`);
    for (let i = 0; i < events.length; i += 500) {
      progress(Math.min(i + 500, events.length) / events.length);
      const r = await sql.begin(async (tx) => {
        await tx`select set_config('request.jwt.claims', '{"role":"anon"}', true), set_config('role', 'anon', true)`;
        const [row] = await tx`select vigil_api.ingest(${key}, ${tx.json(events.slice(i, i + 500) as postgres.JSONValue)}) as r`;
        return row.r;
      });
      accepted += r.accepted;
      rejected.push(...r.rejected);
    }
    // One bad batch member, to show a rejection does not cost the rest of the batch.
    const mixed = await sql.begin(async (tx) => {
      await tx`select set_config('role', 'anon', true)`;
      const [row] = await tx`select vigil_api.ingest(${key}, ${tx.json([{ kind: "operation", name: "checkout", duration_ms: 210 }, { kind: "operation", name: "checkout", duration_ms: -5 }])}) as r`;
      return row.r;
    });
    progress(null);
    const secs = (performance.now() - started) / 1000;
    console.log(`ingested ${accepted.toLocaleString("en-US")} events as anon through vigil_api.ingest in ${secs.toFixed(1)} s (${Math.round(accepted / secs).toLocaleString("en-US")}/s), ${rejected.length} rejected`);
    console.log(`a mixed batch: ${JSON.stringify(mixed)}\n`);

    console.log("stored, per kind:");
    table(await sql`select kind, count(*)::int as events, count(*) filter (where not success)::int as failed
                    from vigil.events where tenant_id = ${tenantId} and occurred_at > now() - interval '65 minutes'
                    group by kind order by events desc`);
    console.log("\nper operation, last hour (vigil.window_stats):");
    table(await sql`select name as operation, count::int as events, errors::int,
                           round((100.0 * errors / count)::numeric, 1)::float8 as "error %",
                           round(p50_ms::numeric, 1)::float8 as p50_ms, round(p95_ms::numeric, 1)::float8 as p95_ms,
                           round(p99_ms::numeric, 1)::float8 as p99_ms
                    from vigil.window_stats(${tenantId}::uuid, now() - interval '65 minutes', now() + interval '1 minute', 'operation')
                    order by count desc`);

    const dir = join(ROOT, "scripts", "demo");
    if (existsSync(dir)) {
      for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts")).sort()) {
        const mod = (await import(join(dir, file))) as { default: (sql: postgres.Sql, tenantId: string) => Promise<void> };
        console.log(`\n── ${file.replace(/\.ts$/, "")} ${"─".repeat(60)}`);
        await mod.default(sql, tenantId);
      }
    }
    console.log(`\nSee what it recorded in the console: npm run vigil -- dashboard   (then open the URL it prints; tenant ${slug})`);
    console.log(`Or in SQL: npm run vigil -- psql, then for example\n  select * from vigil.window_stats('${tenantId}', now() - interval '1 hour', now());`);
  } finally {
    await sql.end();
  }
}
