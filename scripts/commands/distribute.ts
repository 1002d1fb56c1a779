// `vigil distribute`: spreads Vigil's tables over a Citus cluster as vigil.scale_out_plan() places
// them (docs/scale-out.md). The plan is the SQL's; this only turns its rows into Citus calls, in its
// order, and issues them on the coordinator. `--dry-run` prints the calls instead.
import { parseArgs } from "node:util";
import postgres from "postgres";

export interface Placement {
  step: number;
  table_name: string;
  placement: "local" | "reference" | "distributed" | "coordinator" | "unplaced";
  colocate_with: string | null;
  triggers: string[];
  reason: string;
}

const USAGE = `usage: npm run vigil -- distribute [--dry-run]

Places every Vigil table on a Citus cluster as vigil.scale_out_plan() says: reference tables on
every node, tenant tables distributed by tenant_id and colocated with vigil.events, Vigil's own
bookkeeping left on the coordinator. Run it on the coordinator (DATABASE_URL) as its owner.
  --dry-run  print the calls, change nothing`;

const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The Citus call that places one table, or null for a table that stays where it is. */
export function citusCall(p: Placement): string | null {
  switch (p.placement) {
    case "local":
      return `select citus_add_local_table_to_metadata(${literal(p.table_name)});`;
    case "reference":
      return `select create_reference_table(${literal(p.table_name)});`;
    case "distributed":
      return `select create_distributed_table(${literal(p.table_name)}, 'tenant_id', colocate_with => ${literal(p.colocate_with ?? "default")});`;
    default:
      return null;
  }
}

/**
 * The statements, in the plan's order. Citus refuses to distribute a table that has triggers unless
 * citus.enable_unsafe_triggers is on; the plan names each trigger it keeps and why it is safe on a shard.
 */
export function citusCalls(plan: Placement[]): string[] {
  const calls = plan.map(citusCall).filter((c): c is string => c !== null);
  const triggers = plan.some((p) => p.placement !== "coordinator" && p.triggers.length > 0);
  return triggers ? ["set citus.enable_unsafe_triggers to on;", ...calls] : calls;
}

export async function distributeCommand(databaseUrl: string, argv: string[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  let dryRun: boolean;
  try {
    const { values } = parseArgs({ args: argv, strict: true, options: { "dry-run": { type: "boolean", default: false }, help: { type: "boolean", short: "h" } } });
    if (values.help) {
      out.write(USAGE + "\n");
      return 0;
    }
    dryRun = values["dry-run"]!;
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const sql = postgres(databaseUrl, { onnotice: () => {}, max: 1 });
  try {
    const plan = await sql<Placement[]>`select step, table_name, placement, colocate_with, triggers, reason from vigil.scale_out_plan() order by step`;
    const unplaced = plan.filter((p) => p.placement === "unplaced");
    if (unplaced.length) {
      console.error(`vigil.scale_out_plan() places no table for ${unplaced.map((p) => p.table_name).join(", ")}: give each a tenant_id or list it there.`);
      return 2;
    }
    const calls = citusCalls(plan);
    const [{ citus }] = await sql<{ citus: boolean }[]>`select exists (select 1 from pg_catalog.pg_extension where extname = 'citus') as citus`;
    if (dryRun) {
      out.write(calls.join("\n") + "\n");
      const stay = plan.filter((p) => p.placement === "coordinator").map((p) => p.table_name);
      out.write(`-- stay on the coordinator: ${stay.join(", ")}\n`);
      if (!citus) out.write("-- the citus extension is absent in this database: these calls would fail here.\n");
      return 0;
    }
    if (!citus) {
      console.error("The citus extension is absent in this database, so nothing was distributed. Vigil runs on plain " +
        "PostgreSQL as it is; distribute is for a Citus cluster (self-hosted, or a managed Citus: Supabase does not offer it). " +
        "See docs/scale-out.md; `--dry-run` prints the calls.");
      return 2;
    }
    // Placed already (a run that stopped half-way, or a second run): skipped, so the command can be run again.
    const done = new Set((await sql<{ t: string }[]>`select logicalrelid::regclass::text as t from pg_dist_partition`).map((r) => r.t));
    for (const p of plan) {
      const call = citusCall(p);
      if (call === null) continue;
      if (done.has(p.table_name)) {
        out.write(`${p.table_name}: placed already\n`);
        continue;
      }
      await sql.begin(async (tx) => {
        if (p.triggers.length) await tx.unsafe("set local citus.enable_unsafe_triggers to on");
        await tx.unsafe(call);
      });
      out.write(`${p.table_name}: ${p.placement}\n`);
    }
    return 0;
  } finally {
    await sql.end();
  }
}
