// `backup verify <id>`: downloads every file of a backup, checks its sha256 and row count against the
// manifest, and names the first file that differs or is missing. Recorded through the SQL API.
import { createHash } from "node:crypto";
import { basename, dirname } from "node:path";
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import type postgres from "postgres";
import { countRows, Manifest, MANIFEST } from "./files.ts";
import { LocalStore, type Store, storeFor } from "./store.ts";

export interface Located {
  store: Store;
  prefix: string;
}

/** The store and folder of a recorded location: storage://bucket/prefix or a local folder. */
export function storeAt(location: string, env: NodeJS.ProcessEnv = process.env): Located {
  const m = location.match(/^storage:\/\/([^/]+)\/(.*)$/);
  if (m) return { store: storeFor(`storage://${m[1]}`, env), prefix: m[2] };
  // A local backup is <root>/<policy>/<stamp>: the store is the root, so a safety backup lands beside it.
  return { store: new LocalStore(dirname(dirname(location))), prefix: `${basename(dirname(location))}/${basename(location)}` };
}

export interface BackupRow {
  id: string;
  policy: string;
  status: string;
  location: string;
  started_at: Date;
}

export async function backupRow(sql: postgres.Sql, id: number): Promise<BackupRow> {
  const [row] = await sql<BackupRow[]>`select id, policy, status, location, started_at from vigil.backups where id = ${id}`;
  if (!row) throw new Error(`backup ${id} does not exist`);
  return row;
}

export const inside = (prefix: string, path: string) => (prefix ? `${prefix}/${path}` : path);

export async function readManifest(where: Located): Promise<Manifest> {
  const stream = await where.store.get(inside(where.prefix, MANIFEST));
  if (!stream) throw new Error(`missing: ${MANIFEST} (the backup did not finish, or its folder is gone)`);
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Manifest.parse(JSON.parse(Buffer.concat(chunks).toString("utf8")));
}

/**
 * A part's sha256 (of the compressed bytes) and rows (of the uncompressed COPY text), in one pass.
 * A damaged part may not even decompress: its hash is still taken, so the caller can say which check failed.
 */
export async function inspectPart(stream: Readable): Promise<{ sha256: string; rows: number; unreadable: string | null }> {
  const hash = createHash("sha256");
  const gunzip = createGunzip();
  let rows = 0;
  let unreadable: string | null = null;
  gunzip.on("data", (c: Buffer) => {
    rows += countRows(c);
  });
  const ended = new Promise<void>((ok) => {
    gunzip.on("end", ok);
    gunzip.on("error", (err) => {
      unreadable = err.message;
      ok();
    });
  });
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    if (unreadable === null && !gunzip.write(chunk)) await Promise.race([new Promise((r) => gunzip.once("drain", r)), ended]);
  }
  if (unreadable === null) gunzip.end();
  await ended;
  return { sha256: hash.digest("hex"), rows, unreadable };
}

export interface VerifyResult {
  ok: boolean;
  files: number;
  bytes: number;
  error: string | null;
}

export async function verifyBackup(sql: postgres.Sql, id: number, opts: { storeFor?: (location: string) => Located } = {}): Promise<VerifyResult> {
  const row = await backupRow(sql, id);
  const where = (opts.storeFor ?? storeAt)(row.location);
  let files = 0;
  let bytes = 0;
  let error: string | null = null;
  try {
    const manifest = await readManifest(where);
    for (const f of manifest.files) {
      const stream = await where.store.get(inside(where.prefix, f.path));
      if (!stream) {
        error = `missing: ${f.path}`;
        break;
      }
      const seen = await inspectPart(stream);
      if (seen.sha256 !== f.sha256) {
        error = `${f.path}: sha256 differs (manifest ${f.sha256.slice(0, 12)}…, file ${seen.sha256.slice(0, 12)}…)`;
        break;
      }
      if (seen.unreadable !== null) {
        error = `${f.path}: does not decompress (${seen.unreadable})`;
        break;
      }
      if (seen.rows !== f.rows) {
        error = `${f.path}: ${seen.rows} rows, the manifest says ${f.rows}`;
        break;
      }
      files++;
      bytes += f.bytes;
    }
  } catch (err) {
    error = (err as Error).message;
  }
  await sql`select vigil_api.record_backup_verify(${id}, ${error === null}, ${error})`;
  return { ok: error === null, files, bytes, error };
}
