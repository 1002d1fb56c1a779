// The files of a backup: the manifest's shape, and part files written from a COPY stream, each
// gzip-compressed, at most a policy's bytes of rows, with its sha256 and row count.
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import type { Readable } from "node:stream";
import { once } from "node:events";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { z } from "zod";

export const ManifestFile = z.object({
  path: z.string(),
  table: z.string(),
  part: z.number().int().positive(),
  rows: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type ManifestFile = z.infer<typeof ManifestFile>;

export const ManifestTable = z.object({
  table: z.string(),
  schema: z.string(),
  name: z.string(),
  depth: z.number().int(),
  primary_key: z.array(z.string()).nullable(),
  columns: z.array(z.object({ name: z.string(), type: z.string(), not_null: z.boolean() })),
  parents: z.array(z.string()),
  rows: z.number().int().nonnegative(),
  checksum: z.string(),
});
export type ManifestTable = z.infer<typeof ManifestTable>;

export const Manifest = z.object({
  format: z.literal("vigil-backup/1"),
  backup_id: z.number().int(),
  policy: z.string(),
  started_at: z.string(),
  finished_at: z.string(),
  snapshot: z.string(),
  server_version: z.string(),
  migration: z.string().nullable(),
  schema_hash: z.string(),
  warnings: z.array(z.string()),
  tables: z.array(ManifestTable),
  files: z.array(ManifestFile),
});
export type Manifest = z.infer<typeof Manifest>;

export const MANIFEST = "manifest.json";

export async function sha256File(stream: Readable): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Newlines in a COPY text chunk: one per row (a newline inside a value is written as \n). */
export function countRows(chunk: Buffer): number {
  let n = 0;
  for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n++;
  return n;
}

interface OpenPart {
  gzip: ReturnType<typeof createGzip>;
  done: Promise<void>;
  hash: ReturnType<typeof createHash>;
  bytes: number;
  raw: number;
  rows: number;
  file: string;
  part: number;
}

/**
 * Splits a COPY text stream into gzip parts at row boundaries, each holding at most `partBytes` of
 * rows (a single longer row gets a part of its own). Streams: memory holds one chunk per part.
 */
export async function writeParts(copy: AsyncIterable<Buffer>, opts: {
  partBytes: number;
  level: number;
  /** The local file of part n (1-based). */
  fileOf: (part: number) => string;
  onBytes?: (raw: number) => void;
}): Promise<Array<{ file: string; part: number; rows: number; bytes: number; sha256: string }>> {
  const parts: Array<{ file: string; part: number; rows: number; bytes: number; sha256: string }> = [];
  let open: OpenPart | null = null;
  const start = async (): Promise<OpenPart> => {
    const part = parts.length + 1;
    const file = opts.fileOf(part);
    await mkdir(dirname(file), { recursive: true });
    // A megabyte of rows may wait for the compressor (run on libuv's threads) before the COPY stream is
    // paused, so reading the rows and compressing them overlap instead of taking turns at every 64 kB
    // chunk; output comes in 128 kB pieces rather than 16 kB ones. Memory per open part stays bounded.
    // (zlib streams take the options of any Transform; its type only lists zlib's own.)
    const gzip = createGzip({ level: opts.level, chunkSize: 128 * 1024, ...{ writableHighWaterMark: 1 << 20 } });
    const hash = createHash("sha256");
    const p: OpenPart = { gzip, hash, bytes: 0, raw: 0, rows: 0, file, part, done: Promise.resolve() };
    gzip.on("data", (c: Buffer) => {
      hash.update(c);
      p.bytes += c.length;
    });
    p.done = pipeline(gzip, createWriteStream(file));
    return p;
  };
  const write = async (p: OpenPart, slice: Buffer) => {
    p.raw += slice.length;
    p.rows += countRows(slice);
    if (!p.gzip.write(slice)) await once(p.gzip, "drain");
  };
  const close = async (p: OpenPart) => {
    p.gzip.end();
    await p.done;
    parts.push({ file: p.file, part: p.part, rows: p.rows, bytes: p.bytes, sha256: p.hash.digest("hex") });
  };
  for await (const chunk of copy) {
    opts.onBytes?.(chunk.length);
    let offset = 0;
    while (offset < chunk.length) {
      open ??= await start();
      const room = opts.partBytes - open.raw;
      if (chunk.length - offset <= room) {
        await write(open, chunk.subarray(offset));
        break;
      }
      // Cut at the end of the row that crosses the limit.
      const nl = chunk.indexOf(10, offset + Math.max(room, 1) - 1);
      if (nl === -1) {
        await write(open, chunk.subarray(offset));
        break;
      }
      await write(open, chunk.subarray(offset, nl + 1));
      offset = nl + 1;
      await close(open);
      open = null;
    }
  }
  // An empty table still gets one (empty) part, so every table has a file to verify and restore.
  open ??= await start();
  await close(open);
  return parts;
}
