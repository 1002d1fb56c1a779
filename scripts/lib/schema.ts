// The schema as the migrations leave it, as stable text: what supabase/schema.sql holds and a test compares.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { destroy, migrate, PG_BIN, PSQL, ROOT, up } from "./stack.ts";

export const SCHEMA_FILE = join(ROOT, "supabase", "schema.sql");

function capture(cmd: string, args: string[], input?: string): string {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, input });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} failed:\n${r.stderr}`);
  return r.stdout;
}

// The tables the migrations put rows in (the step registry, alert metrics, default rules, settings), and the
// columns that differ between two installs of the same schema (times, generated ids), left out of the rows.
// One query per table, each giving that table's block ("-- table", then its rows in order) as one value, or
// nothing for an empty table; \gexec runs them all in one psql (a psql per table was most of a dump's time
// on a busy machine).
const ROWS_OF_EVERY_TABLE = `
select pg_catalog.format('select %L || string_agg(x, E''\\n'' order by x) from (select (pg_catalog.to_jsonb(t) - %L::text[])::text as x from vigil.%I t) r having count(*) > 0',
         '-- ' || c.relname || E'\\n',
         coalesce((select pg_catalog.array_agg(a.attname order by a.attnum) from pg_catalog.pg_attribute a
                   where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
                     and a.atttypid in ('timestamptz'::regtype, 'uuid'::regtype)), '{}'), c.relname)
from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
where n.nspname = 'vigil' and c.relkind in ('r', 'p') and not c.relispartition
order by c.relname
\\gexec
`;

/**
 * pg_dump of vigil and vigil_api (without the day partitions, whose names follow the calendar, and without
 * the lines that name the server or change every run), then every row the migrations install.
 */
export function dumpSchema(url: string): string {
  const dump = capture(existsSync(join(PG_BIN, "pg_dump")) ? join(PG_BIN, "pg_dump") : "pg_dump", ["--schema-only", "--schema=vigil", "--schema=vigil_api",
    "--exclude-table=vigil.events_p*", "--dbname", url]);
  const ddl = dump.split("\n")
    .filter((line) => !/^\\(un)?restrict /.test(line) && !/^-- Dumped (from|by) /.test(line))
    .join("\n").replace(/\n{3,}/g, "\n\n").trim();
  // Each block is one record, the records separated by a zero byte.
  const rows = capture(PSQL, ["-X", "-At", "-0", "-v", "ON_ERROR_STOP=1", "-d", url, "-f", "-"], ROWS_OF_EVERY_TABLE)
    .split("\0").map((block) => block.trim()).filter(Boolean);
  return `${ddl}\n\n--\n-- Rows the migrations install (times and uuids left out)\n--\n\n${rows.join("\n\n")}\n`;
}

/** Runs fn on a throwaway cluster that has the Supabase base and no migration yet, then throws the cluster away. */
export async function withBareStack<T>(fn: (url: string) => Promise<T> | T): Promise<T> {
  const name = `scratch-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  try {
    const stack = await up(name, { durable: false, quiet: true, bare: true });
    return await fn(stack.url);
  } finally {
    destroy(name);
  }
}

/** The dump of a freshly migrated database: what `vigil schema` writes and the schema test compares. */
export async function freshSchema(): Promise<string> {
  return await withBareStack((url) => {
    migrate(url, { quiet: true });
    return dumpSchema(url);
  });
}
