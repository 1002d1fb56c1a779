// `vigil status`: the JSON is dashboard()'s answer; the plain text has the traffic lights, the top
// operations and the open alerts, coloured only on a terminal.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import postgres from "postgres";
import { renderStatus, statusCommand } from "./commands/status.ts";
import type { Dashboard } from "../dashboard/types.ts";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is required: run through `npm test`");
const sql = postgres(url, { onnotice: () => {}, max: 2 });
const slug = `status-${process.pid}-${Date.now()}`;
let tenant = "";

/** A stand-in for process.stdout that keeps what is written; isTTY says whether it is a terminal. */
function output(isTTY: boolean) {
  let text = "";
  return { stream: { isTTY, write: (s: string) => ((text += s), true) } as unknown as NodeJS.WriteStream, text: () => text };
}

before(async () => {
  const [{ t }] = await sql`select vigil_api.create_tenant('Status shop', ${slug}) as t`;
  tenant = t.id;
  await sql`select vigil.ensure_partitions((now() at time zone 'UTC')::date - 1, (now() at time zone 'UTC')::date + 1)`;
  await sql`
    insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success, error_type)
    select ${tenant}::uuid, 'operation', op, now() - g * interval '1 minute', ms, not (op = 'pay' and g % 4 = 0), case when op = 'pay' and g % 4 = 0 then 'CardDeclined' end
    from generate_series(1, 50) g, (values ('pay', 300), ('browse', 40)) o(op, ms)`;
  await sql.begin(async (tx) => {
    await tx`select set_config('role', 'service_role', true), set_config('request.jwt.claims', '{"role":"service_role"}', true)`;
    await tx`select vigil_api.create_alert_rule(${tenant}::uuid, ${sql.json({ name: "Payments failing", metric: "error_rate", comparator: "gt", threshold: 0.05, window: "1 hour", min_events: 1, severity: "critical", event_name: "pay" })})`;
  });
  await sql`select vigil.evaluate_alerts(now())`;
});
after(async () => {
  await sql.end();
});

test("--json prints dashboard() for the tenant and window", async () => {
  const out = output(false);
  assert.equal(await statusCommand(url, ["--tenant", slug, "--since", "1h", "--json"], out.stream), 0);
  const d = JSON.parse(out.text()) as Dashboard;
  assert.equal(d.tenant, tenant);
  assert.equal(Date.parse(d.until) - Date.parse(d.since), 3_600_000);
  const [{ j }] = await sql`select vigil_api.dashboard(${tenant}::uuid, ${d.since}::timestamptz, ${d.until}::timestamptz) as j`;
  assert.deepEqual(d.summary, j.summary, "the same summary");
  assert.deepEqual(d.operations.map((o) => [o.name, o.count]), j.operations.map((o: { name: string; count: number }) => [o.name, o.count]));
  assert.deepEqual(d.alerts.map((a) => a.rule), ["Payments failing"]);
});

test("plain text: lights, operations and alerts, and no colour when not on a terminal", async () => {
  const out = output(false);
  assert.equal(await statusCommand(url, ["--tenant", slug], out.stream), 0);
  const text = out.text();
  assert.doesNotMatch(text, /\x1b\[/, "no escape codes in a pipe");
  const lines = text.split("\n");
  assert.match(lines[0], new RegExp(`^Vigil · ${slug} \\(Status shop\\) · last 1h · until \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC$`));
  assert.match(text, /^▲ Errors +12 +100 events$/m, "12 failures of 100 events: a warning light");
  assert.match(text, /^✖ Error rate +12\.0% +bad above 5%$/m, "12% is over the 5% line");
  assert.match(text, /^✖ Open alerts +1 +1 firing, 0 pending, 1 unacknowledged$/m);
  assert.match(text, /^pay +50 +24\.0% +\d+ ms +new$/m, "the failing operation with its error rate");
  assert.match(text, /^browse +50 +0\.0% +\d+ ms +new$/m);
  assert.match(text, /^✖ critical firing +Payments failing, since \d+ s ago$/m);
});

test("colour on a terminal, unless NO_COLOR", async () => {
  const out = output(true);
  const saved = process.env.NO_COLOR;
  delete process.env.NO_COLOR;
  try {
    await statusCommand(url, ["--tenant", slug], out.stream);
  } finally {
    if (saved !== undefined) process.env.NO_COLOR = saved;
  }
  assert.match(out.text(), /\x1b\[31m✖\x1b\[0m Error rate/, "a red light on a TTY");
});

test("a bad --since or an unknown tenant is a usage error (exit 2)", async () => {
  assert.equal(await statusCommand(url, ["--tenant", slug, "--since", "soon"], output(false).stream), 2);
  assert.equal(await statusCommand(url, ["--tenant", "no-such-tenant"], output(false).stream), 2);
});

test("renderStatus says so when nothing happened", () => {
  const empty = { until: "2026-01-01T00:00:00Z", cards: [], operations: [], alerts: [] } as unknown as Dashboard;
  assert.equal(renderStatus(empty, { colour: false, label: "x", window: "1h" }),
    "Vigil · x · last 1h · until 2026-01-01 00:00:00 UTC\n\nNo operation in this window.\n\n● No open alert.\n");
});
