// The migrations as a map: applied one at a time each leaves a working database, and all of them leave
// exactly the schema committed in supabase/schema.sql.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { dumpSchema, SCHEMA_FILE, withBareStack } from "./lib/schema.ts";
import { migrate, migrationFiles, PSQL } from "./lib/stack.ts";

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

function psql(url: string, sql: string) {
  return spawnSync(PSQL, ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", "-d", url, "-c", sql], { encoding: "utf8" });
}

test("every prefix of the migrations applies, ingest works after each that has it, and all of them leave supabase/schema.sql", async () => {
  await withBareStack((url) => {
    let ingestFrom: string | undefined;
    for (const file of migrationFiles()) {
      migrate(url, { quiet: true, upTo: file });
      const has = psql(url, "select to_regprocedure('vigil_api.ingest(text, jsonb)') is not null").stdout.trim() === "t";
      if (!has) continue;
      ingestFrom ??= file;
      const r = psql(url, INGEST_SMOKE);
      assert.equal(r.status, 0, `ingest fails after ${file}:\n${r.stderr}`);
    }
    assert.ok(ingestFrom, "no migration defines vigil_api.ingest");
    const committed = readFileSync(SCHEMA_FILE, "utf8").split("\n");
    const fresh = dumpSchema(url).split("\n");
    const at = fresh.findIndex((line, i) => line !== committed[i]);
    assert.ok(at === -1 && fresh.length === committed.length,
      `the migrations no longer give supabase/schema.sql (first difference at line ${at + 1}:\n` +
      `  committed: ${committed[at]}\n  migrations: ${fresh[at]})\nrun \`npm run vigil -- schema\` and review the diff`);
  });
});
