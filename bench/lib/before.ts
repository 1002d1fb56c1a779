// Yesterday's code beside today's, in one run: functions as a commit before the id-range fold left
// them, loaded from git into a scratch schema (fold_baseline) so a bench times old and new on the
// same rows, on the same loaded machine, in turn. The old fold writes its own copies of the tables
// it writes, so the two never fold into each other's rollups.
import { execFileSync } from "node:child_process";
import type postgres from "postgres";
import { ROOT } from "../../scripts/lib/stack.ts";

/** The last commit before the fold stopped using transaction ids. */
export const BEFORE = "8e4d797";
export const SCHEMA = "fold_baseline";

/** A migration's text at BEFORE, or null where git or the commit is not there (a packed copy). */
function migrationAt(file: string): string | null {
  try {
    return execFileSync("git", ["show", `${BEFORE}:supabase/migrations/${file}`],
      { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], maxBuffer: 16 << 20 });
  } catch {
    return null;
  }
}

/** The `create function vigil.<name>(` statement of a migration, through the `$$;` that ends its body. */
function functionText(text: string, name: string): string {
  const start = text.indexOf(`create function vigil.${name}(`);
  if (start < 0) throw new Error(`vigil.${name} is not in the migration at ${BEFORE}`);
  const body = text.indexOf("\nas $$", start);
  const end = text.indexOf("\n$$;", body);
  return text.slice(start, end + 4);
}

/** Points the old text at the scratch schema's copies of what it writes (and of itself). */
function retarget(sql: string, names: string[]): string {
  return names.reduce((s, n) => s.replace(new RegExp(`\\bvigil\\.${n}\\b`, "g"), `${SCHEMA}.${n}`), sql);
}

/**
 * A scratch schema with empty copies of the tables every fold writes (rollups partitioned as the real
 * ones, error groups, milestone rows), for a fold loaded beside today's to write its own.
 */
function rollupCopies(schema: string): string {
  return `
    drop schema if exists ${schema} cascade;
    create schema ${schema};
    create table ${schema}.all_rollups (like vigil.all_rollups including defaults including constraints,
      primary key (tenant_id, grain, bucket_start, kind, name)) partition by list (name);
    create table ${schema}.kind_rollups partition of ${schema}.all_rollups for values in ('');
    create table ${schema}.rollups partition of ${schema}.all_rollups default;
    create index on ${schema}.all_rollups (bucket_start) where grain = 1;
    create table ${schema}.error_group_seen (like vigil.error_group_seen including all);
    create table ${schema}.milestone_times (like vigil.milestone_times including all);`;
}

/**
 * vigil._store_events and vigil._store_each_event as they were at BEFORE (no writers' lock), as
 * fold_baseline._store_events. False when the old text cannot be had.
 */
export async function loadIngestBefore(sql: postgres.Sql): Promise<boolean> {
  const text = migrationAt("20261123000500_ingest.sql");
  if (!text) return false;
  const names = ["_store_events", "_store_each_event"];
  await sql.unsafe(`drop schema if exists ${SCHEMA} cascade; create schema ${SCHEMA}`);
  for (const n of names) await sql.unsafe(retarget(functionText(text, n), names));
  return true;
}

/**
 * The fold as it was at BEFORE (xid horizon and id floor), as fold_baseline.fold_rollups(), with
 * its own watermark, rollups, error groups and milestone rows, starting from nothing folded.
 */
export async function loadFoldBefore(sql: postgres.Sql): Promise<boolean> {
  const text = migrationAt("20261124000100_rollups.sql");
  if (!text) return false;
  const own = ["all_rollups", "rollup_state", "rollup_passes", "rollup_deferred", "error_group_seen", "milestone_times",
    "events_derived", "_fold_day", "fold_rollups"];
  const view = text.slice(text.indexOf("create view vigil.events_derived"), text.indexOf(") x;", text.indexOf("create view vigil.events_derived")) + 4);
  await sql.unsafe(`
    ${rollupCopies(SCHEMA)}
    create table ${SCHEMA}.rollup_state (
      singleton boolean primary key default true, xid_horizon xid8, id_floor bigint not null default 0,
      folded_at timestamptz, passes bigint not null default 0, minute_from timestamptz not null default '-infinity',
      minute_horizon interval not null default interval '3 hours');
    insert into ${SCHEMA}.rollup_state default values;
    create table ${SCHEMA}.rollup_passes (xid xid8 primary key, last_id bigint not null,
      taken_at timestamptz not null default now(), folded bigint not null);
    create table ${SCHEMA}.rollup_deferred (tenant_id uuid not null, day_start timestamptz not null,
      day_end timestamptz not null, id_floor bigint not null, xid_from xid8, xid_to xid8 not null,
      failed_at timestamptz not null default now(), attempts integer not null default 1,
      last_attempt_at timestamptz not null default now(), error text not null, sqlstate text not null,
      primary key (tenant_id, day_start, xid_to));`);
  await sql.unsafe(retarget(view, own));
  for (const n of ["_fold_day", "fold_rollups"]) await sql.unsafe(retarget(functionText(text, n), own));
  return true;
}

/** Whatever the baseline loaded. */
export async function dropBefore(sql: postgres.Sql) {
  await sql.unsafe(`drop schema if exists ${SCHEMA} cascade`);
}

/** Where today's fold without the business metrics' parts keeps its own rows (see loadFoldCore). */
export const CORE = "fold_core";

/** `text` with `pattern` replaced, or an error naming `what` when the fold no longer has it. */
function cutOut(text: string, pattern: RegExp, by: string, what: string): string {
  const out = text.replace(pattern, by);
  if (out === text) throw new Error(`the fold has no ${what} to leave out: update bench/lib/before.ts`);
  return out;
}

/** The fold's day statement without its actor sketches (the `hours` and `actors` CTEs). */
export function withoutSketches(def: string): string {
  return cutOut(def, /\n {2}\), hours as \([\s\S]*?\n {2}\), actors as \([\s\S]*?\n {4}returning 1\n {2}\)/, "\n  )", "hours and actors CTEs");
}

/**
 * The fold's day statement as it would be without what business metrics added to it: values (the
 * `vals` CTE and the value columns' merge), dimensions (the attributes of `fresh`, `dvals`,
 * `admitted`, `dim_upserted`) and actor sketches; what is left folds durations, errors, error
 * groups and milestones as before them, by today's id ranges.
 */
export function withoutBusinessMetrics(def: string): string {
  let s = withoutSketches(def);
  s = cutOut(s, /case when \(e\.tenant_id, e\.kind, e\.name\) in \(select [^)]*\)\s*then e\.attributes end as attrs/,
    "null::jsonb as attrs", "attributes of registered dimensions");
  s = cutOut(s, /\n {2}\), vals as \([\s\S]*?\n(?= {2}\), upserted as \()/, "\n", "vals, dvals, admitted and dim_upserted CTEs");
  s = cutOut(s, /\n {4}left join vals v on [^\n]*/,
    "\n    left join (select null::smallint grain, null::bigint g, null::bigint vn, null::float8 vs, null::float8 vmn," +
    " null::float8 vmx, null::smallint[] vkeys, null::integer[] vcounts) v on false", "join of vals");
  return cutOut(s, /,\n {6}valued = r\.valued \+ excluded\.valued,[\s\S]*?(?=\n {4}returning 1\n {2}\), seen as)/, "", "merge of the value columns");
}

/**
 * Today's fold without business metrics (withoutBusinessMetrics) as fold_core.fold_rollups(), with
 * its own watermark (a copy of vigil.rollup_state: nothing left to fold), deferred ranges, passes,
 * error groups, milestone rows and rollups (the last day's copied, so it merges into rows as the real
 * one does): the same minute folded by both costs what business metrics add, on the same rows.
 */
export async function loadFoldCore(sql: postgres.Sql) {
  const own = ["all_rollups", "rollup_state", "rollup_passes", "rollup_deferred", "error_group_seen", "milestone_times",
    "_fold_day", "fold_rollups"];
  const retargetCore = (text: string) => own.reduce((s, n) => s.replace(new RegExp(`\\bvigil\\.${n}\\b`, "g"), `${CORE}.${n}`), text);
  const [{ day, fold }] = await sql<{ day: string; fold: string }[]>`
    select pg_get_functiondef('vigil._fold_day'::regproc) as day, pg_get_functiondef('vigil.fold_rollups'::regproc) as fold`;
  await sql.unsafe(`
    ${rollupCopies(CORE)}
    create table ${CORE}.rollup_state (like vigil.rollup_state including all);
    create table ${CORE}.rollup_passes (like vigil.rollup_passes including all);
    create table ${CORE}.rollup_deferred (like vigil.rollup_deferred including all);
    insert into ${CORE}.rollup_state select * from vigil.rollup_state;
    insert into ${CORE}.all_rollups select * from vigil.all_rollups where bucket_start >= now() - interval '1 day';
    insert into ${CORE}.error_group_seen select * from vigil.error_group_seen;
    insert into ${CORE}.milestone_times select * from vigil.milestone_times;`);
  await sql.unsafe(retargetCore(withoutBusinessMetrics(day)));
  await sql.unsafe(retargetCore(fold));
}

/** Whatever loadFoldCore loaded. */
export async function dropCore(sql: postgres.Sql) {
  await sql.unsafe(`drop schema if exists ${CORE} cascade`);
}
