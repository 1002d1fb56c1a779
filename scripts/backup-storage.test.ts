// Backups to Supabase Storage, against a local server that answers as the Storage API and its TUS
// endpoint document and refuses any request of another shape: ordinary parts through storage-js,
// a part above the standard upload limit through the resumable endpoint, an existing path (409) handled.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import postgres from "postgres";
import { drill } from "./lib/backup/restore.ts";
import { runBackup } from "./lib/backup/run.ts";
import { StorageStore } from "./lib/backup/store.ts";
import { type FakeStorage, startFakeStorage } from "./lib/backup/testing/fake-storage.ts";
import { verifyBackup } from "./lib/backup/verify.ts";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is required (the test runner sets it)");

let sql: postgres.Sql;
let fake: FakeStorage;
let dir: string;
const MB = 1024 * 1024;

before(async () => {
  sql = postgres(url, { max: 8, onnotice: () => {} });
  fake = await startFakeStorage({ standardLimit: 1 * MB });
  dir = await mkdtemp(join(tmpdir(), "vigil-storage-test-"));
});
after(async () => {
  await sql.end();
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

const storeOf = (bucket: string) => new StorageStore({ url: fake.url, key: fake.key, bucket, standardLimit: 1 * MB });

test("a backup goes to a private bucket through storage-js, verifies and drills from there", { timeout: 90_000 }, async () => {
  const schema = `bk_storage_${Math.random().toString(36).slice(2, 8)}`;
  await sql.unsafe(`create schema ${schema}; create table ${schema}.items (id bigint primary key, name text);
                    insert into ${schema}.items select i, 'item ' || i from generate_series(1, 2000) i;`);
  const policy = schema.replace(/_/g, "-");
  await sql`select vigil_api.set_backup_policy(${policy}, ${sql.json({ schemas: [schema], target: "storage" })})`;
  const store = storeOf("backups-a");
  const r = await runBackup(sql, { url, policy, store, jobs: 1 });
  assert.equal(fake.buckets.get("backups-a")?.public, false, "the bucket was created private");
  assert.ok(r.location.startsWith("storage://backups-a/"));
  assert.equal(r.verified, true, "verified by downloading every file back");
  const uploaded = fake.seen.filter((s) => s.startsWith("POST /storage/v1/object/backups-a/"));
  assert.equal(uploaded.length, r.manifest.files.length + 1, "each part and the manifest went up as an ordinary upload");
  assert.ok(uploaded.at(-1)!.endsWith("/manifest.json"), "the manifest last");
  const located = (location: string) => ({ store, prefix: location.replace("storage://backups-a/", "") });
  const d = await drill(sql, { url, id: r.id, storeFor: located });
  assert.equal(d.ok, true, d.error ?? "");
  // A part removed from the bucket is named.
  const part = [...fake.objects.keys()].find((k) => k.includes("/part-"))!;
  fake.objects.delete(part);
  const v = await verifyBackup(sql, r.id, { storeFor: located });
  assert.equal(v.error, `missing: ${part.slice(part.indexOf("/", "backups-a/".length + policy.length + 1) + 1)}`);
  assert.deepEqual(fake.refused, [], "every request had the documented shape");
});

test("a part above the standard limit goes through the resumable endpoint in 6 MB chunks", { timeout: 60_000 }, async () => {
  const store = storeOf("backups-b");
  const big = join(dir, "big.copy.gz");
  await writeFile(big, randomBytes(7 * MB));
  await store.put("daily/x/public.big/part-00001.copy.gz", big);
  assert.deepEqual(fake.objects.get("backups-b/daily/x/public.big/part-00001.copy.gz")?.length, 7 * MB);
  assert.ok(fake.seen.includes("POST /storage/v1/upload/resumable"), "created through the TUS endpoint");
  assert.equal(fake.seen.filter((s) => s.startsWith("PATCH /storage/v1/upload/resumable/")).length, 1,
    "the first 6 MB went with the creation, the last 1 MB in one PATCH");
  assert.ok(!fake.seen.includes("POST /storage/v1/object/backups-b/daily/x/public.big/part-00001.copy.gz"), "never as an ordinary upload");
  // Again: the object exists (409); the same bytes are taken as already there.
  await store.put("daily/x/public.big/part-00001.copy.gz", big);
  assert.deepEqual(fake.refused, []);
});

test("an existing path without upsert (409 Duplicate) is accepted when the bytes are the same and refused otherwise", async () => {
  const store = storeOf("backups-c");
  const file = join(dir, "small.json");
  await writeFile(file, '{"a": 1}');
  await store.put("p/manifest.json", file);
  await store.put("p/manifest.json", file);
  const conflicts = fake.seen.filter((s) => s === "POST /storage/v1/object/backups-c/p/manifest.json").length;
  assert.equal(conflicts, 2, "the second upload asked and got 409");
  await writeFile(file, '{"a": 2}');
  await assert.rejects(store.put("p/manifest.json", file), /already exists with other content/);
  assert.equal(fake.objects.get("backups-c/p/manifest.json")?.toString(), '{"a": 1}', "nothing was overwritten");
  assert.deepEqual(fake.refused, []);
});

test("a public bucket is refused: backups hold every tenant's data", async () => {
  fake.buckets.set("open", { public: true });
  const file = join(dir, "x.json");
  await writeFile(file, "{}");
  await assert.rejects(storeOf("open").put("x.json", file), /is public/);
});
