// Installing into a Supabase project, proven with the real Supabase CLI (npm `supabase`, pinned) on a
// database that has the Supabase base and no migration: `db push` applies every migration and leaves
// exactly supabase/schema.sql, a second push changes nothing, `db lint` finds nothing in Vigil's schemas
// (and does find a broken function, so its silence means something), and `migration list` agrees.
// These commands need no Docker; `gen types`, `db dump` and `test db` do, and are not used here.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { test } from "node:test";
import { dumpSchema, SCHEMA_FILE, withBareStack } from "./lib/schema.ts";
import { migrationFiles, PSQL, ROOT } from "./lib/stack.ts";

const CLI = join(ROOT, "node_modules", ".bin", "supabase");

/** The CLI in the repository's own project folder (its supabase/config.toml and supabase/migrations). */
function supabase(...args: string[]) {
  const r = spawnSync(CLI, [...args, "--workdir", ROOT], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { status: r.status, out: `${r.stdout}${r.stderr}`, stdout: r.stdout };
}

function psql(url: string, sql: string): string {
  const r = spawnSync(PSQL, ["-X", "-At", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

test("supabase db push applies every migration once, db lint finds nothing in vigil and vigil_api, migration list agrees", async () => {
  const version = supabase("--version");
  assert.equal(version.stdout.trim(), "2.117.0", "the pinned CLI");
  await withBareStack((url) => {
    // A local database speaks no TLS; a hosted project's URL needs no such parameter.
    const dbUrl = `${url}?sslmode=disable`;
    const files = migrationFiles().map((f) => basename(f));
    const versions = files.map((f) => f.split("_")[0]);

    const push = supabase("db", "push", "--db-url", dbUrl, "--yes");
    assert.equal(push.status, 0, push.out);
    for (const file of files) assert.match(push.out, new RegExp(`Applying migration ${file}`), `${file} applied`);
    assert.deepEqual(psql(url, "select version from supabase_migrations.schema_migrations order by version").split("\n"), versions);
    const pushed = dumpSchema(url);
    assert.equal(pushed, readFileSync(SCHEMA_FILE, "utf8"), "db push leaves the schema the migrations give (supabase/schema.sql)");

    const again = supabase("db", "push", "--db-url", dbUrl, "--yes");
    assert.equal(again.status, 0, again.out);
    assert.match(again.out, /Remote database is up to date/);
    assert.doesNotMatch(again.out, /Applying migration/);
    assert.equal(dumpSchema(url), pushed, "a second push changes nothing");

    const lint = supabase("db", "lint", "--db-url", dbUrl, "--schema", "vigil,vigil_api", "--level", "warning", "-o", "json");
    assert.equal(lint.status, 0, lint.out);
    assert.match(lint.out, /Linting schema: vigil\n[\s\S]*Linting schema: vigil_api/);
    assert.deepEqual(JSON.parse(lint.stdout.trim() || "[]"), [], lint.out);
    // The same lint sees a function that reads a column no table has.
    psql(url, `create function public.lint_probe() returns integer language plpgsql as $$
                 begin return (select no_such_column from vigil.tenants limit 1); end $$`);
    const probe = supabase("db", "lint", "--db-url", dbUrl, "--schema", "public", "--level", "warning", "-o", "json");
    assert.match(probe.stdout, /lint_probe[\s\S]*no_such_column/, probe.out);

    const list = supabase("migration", "list", "--db-url", dbUrl);
    assert.equal(list.status, 0, list.out);
    for (const v of versions) assert.match(list.out, new RegExp(`${v}\`? *\\| *\`?${v}`), `${v} is both local and remote`);
  });
});
