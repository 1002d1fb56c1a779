// The generated Database type: the committed src/database.types.ts is what the migrated catalog gives
// today, and the generator follows supabase gen types' rules (a scratch schema, rolled back, has one
// of each case vigil_api may come to need).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, test } from "node:test";
import postgres from "postgres";
import { GEN_TYPES_COMMAND, generateTypes, TYPES_FILE } from "./gen-types.ts";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is required: run through `npm test`");
const sql = postgres(url, { onnotice: () => {}, max: 1 });
after(() => sql.end());

test("src/database.types.ts is what the migrated catalog generates", async () => {
  const fresh = await generateTypes(sql);
  const committed = readFileSync(TYPES_FILE, "utf8");
  if (fresh !== committed) {
    const a = committed.split("\n");
    const b = fresh.split("\n");
    const line = a.findIndex((l, i) => l !== b[i]);
    assert.fail(`src/database.types.ts is out of date with the migrations (first difference at line ${line + 1}: ` +
      `${JSON.stringify(a[line] ?? "")} should be ${JSON.stringify(b[line] ?? "")}). Run \`${GEN_TYPES_COMMAND}\` and commit the file.`);
  }
});

test("every vigil_api function is in the file, by name", async () => {
  const rows = await sql<{ name: string }[]>`
    select distinct p.proname as name from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'vigil_api' order by 1`;
  const text = await generateTypes(sql);
  assert.ok(rows.length > 20);
  for (const { name } of rows) assert.match(text, new RegExp(`^      ${name}: \\{$`, "m"), name);
});

async function scratch(ddl: string): Promise<string> {
  let text = "";
  await sql.begin(async (tx) => {
    await tx.unsafe(`create schema types_probe; ${ddl}`);
    text = await generateTypes(tx as unknown as postgres.Sql, "types_probe");
    throw new Error("rollback");
  }).catch((err) => {
    if ((err as Error).message !== "rollback") throw err;
  });
  return text;
}

test("arguments with defaults are optional, setof is an array, returns table a row array, no arguments never", async () => {
  const text = await scratch(`
    create function types_probe.f(p_a uuid, p_b integer default 1, p_c text[] default null) returns setof bigint language sql as 'select 1::bigint';
    create function types_probe.g() returns table (z_at timestamptz, a_ok boolean, m jsonb) language sql as 'select now(), true, null::jsonb';
    create function types_probe.h(p_x interval) returns void language sql as '';`);
  assert.match(text, /      f: \{\n        Args: \{\n          p_a: string\n          p_b\?: number\n          p_c\?: string\[\]\n        \}\n        Returns: number\[\]\n      \}/);
  assert.match(text, /      g: \{\n        Args: never\n        Returns: \{\n          a_ok: boolean\n          m: Json\n          z_at: string\n        \}\[\]\n      \}/);
  assert.match(text, /      h: \{\n        Args: \{\n          p_x: unknown\n        \}\n        Returns: undefined\n      \}/);
});

test("overloads are a union, enums and composite types are named, unnamed arguments are left out", async () => {
  const text = await scratch(`
    create type types_probe.level as enum ('low', 'high');
    create type types_probe.pair as (a integer, b text);
    create function types_probe.o(p_a integer) returns integer language sql as 'select 1';
    create function types_probe.o(p_a text, p_b text) returns text language sql as 'select 1::text';
    create function types_probe.e(p_l types_probe.level) returns types_probe.pair language sql as 'select (1, ''x'')::types_probe.pair';
    create function types_probe.unnamed(integer, text) returns integer language sql as 'select 1';`);
  assert.match(text, /      o:\n        \| \{\n          Args: \{\n            p_a: number\n          \}\n          Returns: number\n        \}\n        \| \{\n          Args: \{\n            p_a: string\n            p_b: string\n          \}\n          Returns: string\n        \}/);
  assert.match(text, /p_l: Database\["types_probe"\]\["Enums"\]\["level"\]\n        \}\n        Returns: Database\["types_probe"\]\["CompositeTypes"\]\["pair"\]\n/);
  assert.match(text, /Enums: \{\n      level: "low" \| "high"\n    \}/);
  assert.match(text, /CompositeTypes: \{\n      pair: \{\n        a: number \| null\n        b: string \| null\n      \}\n    \}/);
  assert.match(text, /level: \["low", "high"\],/);
  assert.doesNotMatch(text, /unnamed/);
});
