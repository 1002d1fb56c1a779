// `vigil backup run|verify|drill|prune|list` and `vigil restore`: consistent, verified, restorable backups.
import postgres from "postgres";
import { z } from "zod";
import { restoreBackup, drill, prune } from "../lib/backup/restore.ts";
import { DEFAULT_LEVEL, runBackup } from "../lib/backup/run.ts";
import { storeFor } from "../lib/backup/store.ts";
import { verifyBackup } from "../lib/backup/verify.ts";

export const BACKUP_USAGE = `usage:
  backup run [--policy daily] [--to ./backups | --to storage] [--jobs N] [--level 1-9] [--no-verify]
  backup verify <id>
  backup drill [--policy name | --id N]
  backup prune [--policy daily] [--dry-run]
  backup list [--policy name]
  restore <id> --into-schema <name> [--tables a,b] [--jobs N] [--dry-run]
  restore <id> --into public --confirm <id> [--tables a,b] [--dry-run]

  --to storage uploads to a private Supabase Storage bucket: SUPABASE_URL, SUPABASE_SERVICE_ROLE_KEY,
  VIGIL_BACKUP_BUCKET (default vigil-backups). See docs/backups.md.`;

/** Flags as --name value (or --name alone: true), positionals in order. */
export function parseFlags(args: string[]) {
  const flags: Record<string, string | true> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith("--")) {
      positional.push(a);
      continue;
    }
    const [name, inline] = a.slice(2).split("=", 2);
    if (inline !== undefined) flags[name] = inline;
    else if (i + 1 < args.length && !args[i + 1].startsWith("--")) flags[name] = args[++i];
    else flags[name] = true;
  }
  return { flags, positional };
}

const Id = z.coerce.number({ error: "a backup id is a number" }).int().positive();
const Run = z.object({
  policy: z.string().default("daily"),
  to: z.string().optional(),
  jobs: z.coerce.number().int().min(1).max(32).default(2),
  level: z.coerce.number().int().min(1).max(9).default(DEFAULT_LEVEL),
  "no-verify": z.literal(true).optional(),
}).strict();
const Restore = z.object({
  "into-schema": z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, "a schema name: lowercase letters, digits, _").optional(),
  into: z.literal("public", { error: "--into takes public; a scratch schema is --into-schema <name>" }).optional(),
  confirm: Id.optional(),
  tables: z.string().optional(),
  jobs: z.coerce.number().int().min(1).max(32).default(2),
  "dry-run": z.literal(true).optional(),
}).strict().refine((o) => !!o["into-schema"] !== !!o.into, "say where: --into-schema <name> or --into public");

function parse<T extends z.ZodType>(schema: T, flags: unknown): z.infer<T> {
  const r = schema.safeParse(flags);
  if (!r.success) {
    const issue = r.error.issues[0];
    const field = issue.path.length ? `--${issue.path.join(".")}: ` : "";
    throw new Error(`${field}${issue.message}\n\n${BACKUP_USAGE}`);
  }
  return r.data;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

export async function backupCommand(url: string, command: "backup" | "restore", args: string[], print = console.log): Promise<number> {
  const sql = postgres(url, { max: 12, onnotice: () => {} });
  try {
    if (command === "restore") {
      const { flags, positional } = parseFlags(args);
      const id = parse(Id, positional[0]);
      const o = parse(Restore, flags);
      const r = await restoreBackup(sql, id, {
        url, into: o.into ?? o["into-schema"]!, confirm: o.confirm, dryRun: o["dry-run"], jobs: o.jobs,
        tables: o.tables?.split(",").map((t) => t.trim()).filter(Boolean), log: print,
      });
      for (const [table, t] of Object.entries(r.report)) {
        print(r.dryRun
          ? `${table}: would load ${t.expected_rows} rows${t.current_rows !== undefined ? ` in place of ${t.current_rows}` : ""}`
          : `${table}: ${t.rows} rows, checksum ${t.matches ? "matches" : "differs"}`);
      }
      if (r.safetyBackup) print(`safety backup: ${r.safetyBackup}`);
      print(r.ok ? `restore ${r.restoreId} ${r.dryRun ? "(dry run, nothing changed)" : "succeeded"}` : `restore ${r.restoreId} failed: ${r.error}`);
      return r.ok ? 0 : 1;
    }
    const [sub = "help", ...rest] = args;
    const { flags, positional } = parseFlags(rest);
    switch (sub) {
      case "run": {
        const o = parse(Run, flags);
        const [policy] = await sql<{ target: string }[]>`select target from vigil.backup_policies where name = ${o.policy}`;
        if (!policy) throw new Error(`backup policy ${o.policy} does not exist`);
        const store = storeFor(o.to ?? (policy.target === "storage" ? "storage" : "backups"));
        const r = await runBackup(sql, {
          url, policy: o.policy, store, jobs: o.jobs, level: o.level, verify: !o["no-verify"], log: print, progress: process.stderr.isTTY,
        });
        const rows = r.manifest.tables.reduce((s, t) => s + t.rows, 0);
        const bytes = r.manifest.files.reduce((s, f) => s + f.bytes, 0);
        print(`backup ${r.id} of policy ${o.policy}: ${r.manifest.tables.length} tables, ${rows} rows, ${r.manifest.files.length} files, ` +
          `${mb(bytes)} in ${r.seconds.toFixed(1)} s${r.verified ? ", verified" : ""}`);
        print(`snapshot ${r.manifest.snapshot} at ${r.manifest.started_at}, written to ${r.location}`);
        return 0;
      }
      case "verify": {
        const id = parse(Id, positional[0]);
        const v = await verifyBackup(sql, id);
        print(v.ok ? `backup ${id} verified: ${v.files} files, ${mb(v.bytes)}, every sha256 and row count matches` : `backup ${id} FAILED verify: ${v.error}`);
        return v.ok ? 0 : 1;
      }
      case "drill": {
        const id = flags.id === undefined ? undefined : parse(Id, flags.id);
        const d = await drill(sql, { url, policy: typeof flags.policy === "string" ? flags.policy : undefined, id, log: print });
        print(d.ok ? `drill of backup ${d.backupId}: restored into ${d.schema}, every table matches, schema dropped (restore run ${d.restoreId})`
                   : `drill of backup ${d.backupId} FAILED: ${d.error}`);
        return d.ok ? 0 : 1;
      }
      case "prune": {
        const policy = typeof flags.policy === "string" ? flags.policy : "daily";
        const p = await prune(sql, { policy, dryRun: flags["dry-run"] === true });
        for (const b of p.plan) print(`${b.backup_id} ${b.started_at.toISOString()} ${b.status} ${b.keep ? "keep" : "prune"}: ${b.reason}`);
        print(flags["dry-run"] ? "dry run: nothing deleted" : `pruned ${p.pruned.length} backup(s)`);
        return 0;
      }
      case "list": {
        const policy = typeof flags.policy === "string" ? flags.policy : null;
        const rows = await sql<{ id: string; policy: string; status: string; started_at: Date; row_count: string | null; byte_count: string | null;
                                 verify_ok: boolean | null; error: string | null; location: string }[]>`
          select * from vigil_api.list_backups(${policy})`;
        for (const b of rows) {
          print(`${b.id}\t${b.policy}\t${b.status}\t${b.started_at.toISOString()}\t${b.row_count ?? "-"} rows\t${b.byte_count ? mb(Number(b.byte_count)) : "-"}\t` +
            `${b.verify_ok === null ? "not verified" : b.verify_ok ? "verified" : "verify failed"}\t${b.error ?? b.location}`);
        }
        if (rows.length === 0) print("no backups yet");
        return 0;
      }
      default:
        print(BACKUP_USAGE);
        return sub === "help" ? 0 : 2;
    }
  } finally {
    await sql.end();
  }
}
