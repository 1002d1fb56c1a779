// `vigil distribute` on plain PostgreSQL: it says the citus extension is absent and changes nothing,
// its dry run prints the plan's calls in the plan's order, docs/scale-out.md lists the same plan, and
// a session logged in as an API role without claims (a Citus worker's) is trusted nowhere.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, mock, test } from "node:test";
import postgres from "postgres";
import { citusCalls, distributeCommand, type Placement } from "./commands/distribute.ts";
import { ROOT } from "./lib/stack.ts";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is required: run through `npm test`");
const sql = postgres(url, { onnotice: () => {}, max: 2 });
let plan: Placement[] = [];

/** A stand-in for process.stdout that keeps what is written. */
function output() {
  let text = "";
  return { stream: { write: (s: string) => ((text += s), true) } as unknown as NodeJS.WritableStream, text: () => text };
}

before(async () => {
  plan = await sql<Placement[]>`select step, table_name, placement, colocate_with, triggers, reason from vigil.scale_out_plan() order by step`;
});
after(async () => {
  await sql.end();
});

test("without the citus extension it says so, changes nothing and exits 2", async () => {
  const errors: string[] = [];
  const spy = mock.method(console, "error", (msg: string) => void errors.push(msg));
  try {
    const out = output();
    assert.equal(await distributeCommand(url, [], out.stream), 2);
    assert.equal(out.text(), "");
  } finally {
    spy.mock.restore();
  }
  assert.match(errors.join("\n"), /^The citus extension is absent in this database, so nothing was distributed\./);
  const [{ n }] = await sql`select count(*)::int as n from pg_catalog.pg_extension where extname = 'citus'`;
  assert.equal(n, 0);
});

test("--dry-run prints the calls in the plan's order: local, reference, then distributed tables colocated with events", async () => {
  const out = output();
  assert.equal(await distributeCommand(url, ["--dry-run"], out.stream), 0);
  const lines = out.text().trimEnd().split("\n");
  const calls = lines.filter((l) => !l.startsWith("--"));
  assert.deepEqual(calls, citusCalls(plan));
  assert.equal(calls[0], "set citus.enable_unsafe_triggers to on;", "the plan keeps triggers, so the setting comes first");
  assert.equal(calls[1], "select citus_add_local_table_to_metadata('auth.users');");
  const kinds = calls.slice(1).map((c) => c.match(/^select (\w+)\(/)![1]);
  assert.deepEqual(kinds, [...kinds].sort((a, b) => order(a) - order(b)), "local first, then reference tables, then distributed ones");
  const distributed = calls.filter((c) => c.includes("create_distributed_table"));
  assert.equal(distributed[0], "select create_distributed_table('vigil.events', 'tenant_id', colocate_with => 'default');");
  for (const c of distributed.slice(1)) assert.match(c, /^select create_distributed_table\('vigil\.\w+', 'tenant_id', colocate_with => 'vigil\.events'\);$/);
  for (const p of plan.filter((x) => x.placement === "coordinator")) {
    assert.ok(!calls.some((c) => c.includes(`'${p.table_name}'`)), `${p.table_name} stays on the coordinator`);
  }
  assert.ok(calls.some((c) => c === "select create_reference_table('vigil.members');"), "members is a reference table");
  assert.match(lines.at(-1)!, /^-- the citus extension is absent in this database/);
});

function order(call: string): number {
  return ["citus_add_local_table_to_metadata", "create_reference_table", "create_distributed_table"].indexOf(call);
}

test("an unknown option is a usage error (exit 2)", async () => {
  const spy = mock.method(console, "error", () => {});
  try {
    assert.equal(await distributeCommand(url, ["--now"], output().stream), 2);
  } finally {
    spy.mock.restore();
  }
});

test("docs/scale-out.md lists the same plan: every table, its step, placement and colocation", () => {
  const doc = readFileSync(join(ROOT, "docs", "scale-out.md"), "utf8");
  const rows = [...doc.matchAll(/^\| (\d+) \| `([\w.]+)` \| (\w+) \| ([\w.]*) \|$/gm)]
    .map((m) => [Number(m[1]), m[2], m[3], m[4] || null]);
  assert.deepEqual(rows, plan.map((p) => [p.step, p.table_name, p.placement, p.colocate_with]),
    "docs/scale-out.md's table is out of date: write it again from select * from vigil.scale_out_plan()");
});

test("a session logged in as authenticated without claims, as a Citus worker's is, is trusted nowhere and reads no tenant", async () => {
  const [{ t }] = await sql`select vigil_api.create_tenant('Worker check', ${`worker-${process.pid}-${Date.now()}`}) as t`;
  // Logging in as another role takes a superuser: the local stack's (postgres is not one, as on Supabase).
  const admin = new URL(url);
  admin.username = "supabase_admin";
  const su = postgres(admin.toString(), { onnotice: () => {}, max: 1 });
  try {
    const [row] = await su.begin(async (tx) => {
      await tx`set local session authorization authenticated`;
      return tx`select session_user::text as login, pg_catalog.current_setting('role') as role_set,
                       vigil._caller_is_trusted() as trusted, vigil.has_role(${t.id}::uuid, 'viewer') as viewer,
                       (select count(*)::int from vigil.tenants) as tenants, (select count(*)::int from vigil.members) as members`;
    });
    assert.deepEqual(row, { login: "authenticated", role_set: "none", trusted: false, viewer: false, tenants: 0, members: 0 });
  } finally {
    await su.end();
  }
});
