// The migrations as a map: applied one at a time each leaves a working database, and all of them leave
// exactly the schema committed in supabase/schema.sql.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { dumpSchema, SCHEMA_FILE, withBareStack } from "./lib/schema.ts";
import { migrationFiles, migrationScript, PSQL } from "./lib/stack.ts";

// Anonymous ingest with a fresh key: one valid event kept, one invalid rejected with its reason.
const INGEST_SMOKE = `
begin;
do $$
declare
  v_tenant uuid := (vigil_api.create_tenant('Smoke', 'smoke') ->> 'id')::uuid;
  v_key text := vigil_api.create_ingest_key(v_tenant) ->> 'key';
  v_result jsonb;
begin
  perform pg_catalog.set_config('request.jwt.claims', '{"role": "anon"}', true);
  set local role anon;
  v_result := vigil_api.ingest(v_key, '[{"kind": "operation", "name": "smoke", "duration_ms": 12}, {"kind": "nope", "name": "x"}]');
  reset role;
  perform pg_catalog.set_config('request.jwt.claims', '', true);
  if (v_result ->> 'accepted')::int <> 1 or pg_catalog.jsonb_array_length(v_result -> 'rejected') <> 1 then
    raise exception 'ingest answered %', v_result;
  end if;
  if (select pg_catalog.count(*) from vigil.events e where e.tenant_id = v_tenant) <> 1 then
    raise exception 'the valid event was not stored';
  end if;
end
$$;
rollback;`;

/**
 * One psql script for the whole walk: each file applied as `vigil migrate` applies it, then a new
 * session (\connect, so nothing a file set in its session helps the next) asks whether ingest exists
 * and, if so, runs the smoke and rolls it back. One psql instead of five per file: on a busy machine
 * the process starts, not the migrations, were most of this test's time.
 */
function walkScript(files: string[]): string {
  return files.map((file) => `${migrationScript([file])}\\connect
\\echo applied ${file}
select pg_catalog.to_regprocedure('vigil_api.ingest(text, jsonb)') is not null as has_ingest \\gset
\\if :has_ingest
\\echo smoke ${file}
${INGEST_SMOKE}
\\endif
`).join("");
}

test("every prefix of the migrations applies, ingest works after each that has it, and all of them leave supabase/schema.sql", async () => {
  await withBareStack((url) => {
    const files = migrationFiles();
    const r = spawnSync(PSQL, ["-X", "-q", "-At", "-d", url, "-f", "-"], {
      input: walkScript(files), encoding: "utf8", env: { ...process.env, PGOPTIONS: "--client-min-messages=warning" },
    });
    const said = r.stdout.split("\n");
    const applied = said.filter((l) => l.startsWith("applied ")).map((l) => l.slice("applied ".length));
    const smoked = said.filter((l) => l.startsWith("smoke ")).map((l) => l.slice("smoke ".length));
    if (r.status !== 0) {
      // The smoke of a file runs after that file's `applied` line; a file that fails to apply has none.
      const last = said.filter((l) => l.startsWith("applied ") || l.startsWith("smoke ")).at(-1);
      assert.fail(last?.startsWith("smoke ")
        ? `ingest fails after ${last.slice("smoke ".length)}:\n${r.stderr}`
        : `migration ${files[applied.length]} fails on top of the ones before it:\n${r.stderr}`);
    }
    assert.deepEqual(applied, files, "every migration was applied, in order");
    assert.ok(smoked.length > 0, "no migration defines vigil_api.ingest");
    // Once a file defines ingest, the smoke runs after every later one.
    assert.deepEqual(smoked, files.slice(files.indexOf(smoked[0])));
    const committed = readFileSync(SCHEMA_FILE, "utf8").split("\n");
    const fresh = dumpSchema(url).split("\n");
    const at = fresh.findIndex((line, i) => line !== committed[i]);
    assert.ok(at === -1 && fresh.length === committed.length,
      `the migrations no longer give supabase/schema.sql (first difference at line ${at + 1}:\n` +
      `  committed: ${committed[at]}\n  migrations: ${fresh[at]})\nrun \`npm run vigil -- schema\` and review the diff`);
  });
});
