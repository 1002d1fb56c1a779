// Backups against a real database: one snapshot under a concurrent writer (and what happens without
// it), integrity checks that name the damaged or missing file, a round trip through a scratch schema,
// and a restore into the original tables that fails half-way and leaves them exactly as they were.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import postgres from "postgres";
import { restoreBackup } from "./lib/backup/restore.ts";
import { runBackup } from "./lib/backup/run.ts";
import { LocalStore } from "./lib/backup/store.ts";
import { verifyBackup } from "./lib/backup/verify.ts";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is required (the test runner sets it)");

let sql: postgres.Sql;
let dir: string;
// Each test has its own schema and policy, so the files of this suite can run beside the others.
const suffix = Math.random().toString(36).slice(2, 8);

before(async () => {
  sql = postgres(url, { max: 12, onnotice: () => {} });
  dir = await mkdtemp(join(tmpdir(), "vigil-backup-test-"));
});
after(async () => {
  await sql.end();
  await rm(dir, { recursive: true, force: true });
});

class Rollback extends Error {}

async function shop(name: string) {
  const schema = `bk_${name}_${suffix}`;
  await sql.unsafe(`
    create schema ${schema};
    create table ${schema}.parents (id bigint generated always as identity primary key, pad text not null);
    create table ${schema}.children (id bigint generated always as identity primary key,
      parent_id bigint not null references ${schema}.parents, note text);`);
  await sql`select vigil_api.set_backup_policy(${schema.replace(/_/g, "-")}, ${sql.json({ schemas: [schema] })})`;
  return { schema, policy: schema.replace(/_/g, "-") };
}

/** Inserts a parent and its child in one transaction, as fast as it can, until stopped. */
function writer(schema: string) {
  let running = true;
  let written = 0;
  const done = (async () => {
    while (running) {
      await sql.begin(async (tx) => {
        const [p] = await tx.unsafe(`insert into ${schema}.parents (pad) values (repeat('p', 2000)) returning id`);
        await tx.unsafe(`insert into ${schema}.children (parent_id, note) values ($1, 'child')`, [p.id]);
      });
      written++;
    }
  })();
  return { stop: async () => { running = false; await done; return written; } };
}

async function orphans(schema: string) {
  const [{ n }] = await sql.unsafe(`select count(*)::int as n from ${schema}.children c where not exists (select 1 from ${schema}.parents p where p.id = c.parent_id)`);
  return n as number;
}

test("with the shared snapshot, a backup taken under a concurrent writer restores with every child's parent", { timeout: 120_000 }, async () => {
  const { schema, policy } = await shop("consistent");
  await sql.unsafe(`insert into ${schema}.parents (pad) select repeat('p', 2000) from generate_series(1, 2000)`);
  const w = writer(schema);
  await new Promise((r) => setTimeout(r, 200));
  // Every table is cut into key ranges, each read by its own job: all of them still one moment.
  const r = await runBackup(sql, { url, policy, store: new LocalStore(dir), jobs: 4, cutBytes: 0 });
  const written = await w.stop();
  assert.ok(written > 10, `the writer kept writing (${written} transactions)`);
  assert.equal(r.verified, true);
  const restored = await restoreBackup(sql, r.id, { url, into: `${schema}_copy` });
  assert.equal(restored.ok, true, restored.error ?? "");
  assert.equal(await orphans(`${schema}_copy`), 0, "every child has its parent in the restored copy");
  for (const t of r.manifest.tables) {
    assert.equal(restored.report[t.table].rows, t.rows, `${t.table} has the rows counted inside the snapshot`);
  }
  // The manifest's counts are the snapshot's: children and parents were written in pairs after the first 2,000 parents.
  const parents = r.manifest.tables.find((t) => t.name === "parents")!.rows;
  const children = r.manifest.tables.find((t) => t.name === "children")!.rows;
  assert.equal(parents - 2000, children, "one snapshot: as many new parents as children");
});

test("without the shared snapshot the same backup can restore children without their parents", { timeout: 180_000 }, async () => {
  const { schema, policy } = await shop("torn");
  // One worker and a transaction per table, as the system Vigil replaces read them: the parents table is
  // the larger, so it is read first, and the children a moment later.
  await sql.unsafe(`insert into ${schema}.parents (pad) select repeat('p', 2000) from generate_series(1, 2000)`);
  let torn = 0;
  for (let attempt = 1; attempt <= 8 && torn === 0; attempt++) {
    const w = writer(schema);
    await new Promise((r) => setTimeout(r, 100));
    const r = await runBackup(sql, { url, policy, store: new LocalStore(dir), jobs: 1, sharedSnapshot: false, verify: false });
    await w.stop();
    const into = `${schema}_copy${attempt}`;
    const restored = await restoreBackup(sql, r.id, { url, into });
    assert.equal(restored.ok, true, restored.error ?? "");
    torn = await orphans(into);
  }
  assert.ok(torn > 0, "some child was restored without its parent: the tables were read at different moments");
});

test("verify names a part with one flipped byte, and a deleted part as missing", { timeout: 60_000 }, async () => {
  const { schema, policy } = await shop("integrity");
  await sql.unsafe(`insert into ${schema}.parents (pad) select 'p' || i from generate_series(1, 5000) i`);
  await sql.unsafe(`insert into ${schema}.children (parent_id, note) select id, 'c' from ${schema}.parents`);
  const store = new LocalStore(dir);
  const r = await runBackup(sql, { url, policy, store, jobs: 2 });
  assert.equal(r.verified, true, "a fresh backup verifies");
  const [first, second] = r.manifest.files;
  const firstFile = join(r.location, first.path);
  const bytes = await readFile(firstFile);
  bytes[Math.floor(bytes.length / 2)] ^= 0x01;
  await writeFile(firstFile, bytes);
  const flipped = await verifyBackup(sql, r.id);
  assert.equal(flipped.ok, false);
  assert.match(flipped.error!, new RegExp(`^${first.path.replace(/\./g, "\\.")}: sha256 differs`));
  const [row] = await sql`select verify_ok, verify_error from vigil.backups where id = ${r.id}`;
  assert.equal(row.verify_ok, false, "the failed verify is recorded");
  await unlink(join(r.location, second.path));
  bytes[Math.floor(bytes.length / 2)] ^= 0x01;
  await writeFile(firstFile, bytes);
  const missing = await verifyBackup(sql, r.id);
  assert.equal(missing.error, `missing: ${second.path}`);
});

test("a round trip through a scratch schema gives equal rows and checksums, in parts of bounded size", { timeout: 60_000 }, async () => {
  const { schema, policy } = await shop("roundtrip");
  await sql`select vigil_api.set_backup_policy(${policy}, '{"part_bytes": 65536}')`;
  // json and point have no hash of their own: the checksum takes their text, the other columns their type's hash.
  await sql.unsafe(`alter table ${schema}.children add column at timestamptz default now(), add column amount numeric, add column tags text[], add column doc jsonb,
                    add column raw json, add column spot point`);
  await sql.unsafe(`insert into ${schema}.parents (pad) select E'tab\\there\\nnewline \\\\ backslash ' || i from generate_series(1, 3000) i`);
  await sql.unsafe(`insert into ${schema}.children (parent_id, note, amount, tags, doc)
                    select id, case when id % 5 = 0 then null else 'ü ' || id end, id * 1.25, array['a', 'b c'], jsonb_build_object('n', id) from ${schema}.parents`);
  await sql.unsafe(`update ${schema}.children set raw = json_build_object('at', at, 'id', id), spot = point(id, -id) where id % 3 = 0`);
  const r = await runBackup(sql, { url, policy, store: new LocalStore(dir), jobs: 2, cutBytes: 0 });
  assert.ok(r.manifest.files.length > 2, "tables larger than a part are split");
  for (const t of r.manifest.tables) {
    const parts = r.manifest.files.filter((f) => f.table === t.table).map((f) => f.part);
    assert.deepEqual(parts, parts.map((_, i) => i + 1), `${t.table}: its key ranges' parts are numbered 1..n`);
  }
  const restored = await restoreBackup(sql, r.id, { url, into: `${schema}_scratch`, jobs: 2 });
  assert.equal(restored.ok, true, restored.error ?? "");
  for (const t of r.manifest.tables) {
    const [live] = await sql`select * from vigil_api.table_checksum(${t.table}::regclass)`;
    assert.equal(restored.report[t.table].checksum, live.checksum, `${t.table}: the copy's checksum is the original's`);
    assert.equal(restored.report[t.table].rows, Number(live.row_count));
  }
  const [run] = await sql`select kind, status, row_count from vigil.restore_runs where id = ${restored.restoreId}`;
  assert.deepEqual({ ...run, row_count: Number(run.row_count) }, { kind: "scratch", status: "succeeded", row_count: 6000 });
  const keys = await sql`select conrelid::regclass::text as t from pg_constraint where contype = 'p' and connamespace = ${`${schema}_scratch`}::regnamespace order by 1`;
  assert.deepEqual(keys.map((k) => k.t), [`${schema}_scratch.children`, `${schema}_scratch.parents`], "each copy gets its primary key after the load");
  // One value changed, by its type's hash or by its text, changes the checksum.
  const copy = `${schema}_scratch.children`;
  const before = await sql`select checksum from vigil_api.table_checksum(${copy}::regclass)`;
  for (const change of ["amount = amount + 0.01", "spot = point(0, 0)", `raw = '{"at": null}'`]) {
    await sql.begin(async (tx) => {
      await tx.unsafe(`update ${copy} set ${change} where id = 300`);
      const [c] = await tx`select checksum from vigil_api.table_checksum(${copy}::regclass)`;
      assert.notEqual(c.checksum, before[0].checksum, `${change} changes the checksum`);
      throw new Rollback();
    }).catch((e) => {
      if (!(e instanceof Rollback)) throw e;
    });
  }
});

test("a restore into the original tables that fails half-way leaves them exactly as they were", { timeout: 90_000 }, async () => {
  const { schema, policy } = await shop("public");
  await sql.unsafe(`insert into ${schema}.parents (pad) select 'p' || i from generate_series(1, 1000) i`);
  await sql.unsafe(`insert into ${schema}.children (parent_id, note) select id, case when id = 777 then 'bad' else 'ok' end from ${schema}.parents`);
  const r = await runBackup(sql, { url, policy, store: new LocalStore(dir), jobs: 1 });
  // Since the backup: a row changed, and a constraint the backed-up row 777 breaks.
  await sql.unsafe(`update ${schema}.children set note = 'fixed' where note = 'bad'`);
  await sql.unsafe(`alter table ${schema}.children add constraint no_bad_notes check (note <> 'bad')`);
  const before = await sql`select t.table_name, c.* from unnest(${[`${schema}.parents`, `${schema}.children`]}::text[]) t(table_name),
                           vigil_api.table_checksum(t.table_name::regclass) c`;
  await assert.rejects(restoreBackup(sql, r.id, { url, into: "public" }), /--confirm/, "into public needs the id repeated");
  const dry = await restoreBackup(sql, r.id, { url, into: "public", dryRun: true });
  assert.equal(dry.report[`${schema}.children`].current_rows, 1000, "a dry run says what would be replaced");
  const failed = await restoreBackup(sql, r.id, { url, into: "public", confirm: r.id });
  assert.equal(failed.ok, false);
  assert.match(failed.error!, /no_bad_notes/);
  assert.ok(failed.safetyBackup, "a safety backup was written first");
  const afterwards = await sql`select t.table_name, c.* from unnest(${[`${schema}.parents`, `${schema}.children`]}::text[]) t(table_name),
                               vigil_api.table_checksum(t.table_name::regclass) c`;
  assert.deepEqual(afterwards, before, "both tables hold exactly what they held");
  const [run] = await sql`select kind, status, error from vigil.restore_runs where id = ${failed.restoreId}`;
  assert.equal(run.status, "failed");

  // Without the constraint the same restore goes through, and a new row gets a key past the restored ones.
  await sql.unsafe(`alter table ${schema}.children drop constraint no_bad_notes`);
  await sql.unsafe(`insert into ${schema}.parents (pad) values ('new since the backup')`);
  const ok = await restoreBackup(sql, r.id, { url, into: "public", confirm: r.id });
  assert.equal(ok.ok, true, ok.error ?? "");
  const [{ n }] = await sql.unsafe(`select count(*)::int as n from ${schema}.parents`);
  assert.equal(n, 1000, "the row added since the backup is gone");
  const [{ id }] = await sql.unsafe(`insert into ${schema}.parents (pad) values ('after') returning id`);
  assert.equal(Number(id), 1001, "the identity sequence was moved past the restored keys");
});
