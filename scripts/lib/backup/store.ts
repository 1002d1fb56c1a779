// Where backups live: a local folder, or a private Supabase Storage bucket (storage-js for ordinary
// objects, the resumable TUS endpoint for parts above the standard upload limit, as Supabase documents).
import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { mkdir, readdir, rm, stat } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { StorageClient } from "@supabase/storage-js";
import * as tus from "tus-js-client";
import { sha256File } from "./files.ts";

/** A place that holds backup files by relative path ("daily/2026-12-02T03-00-00Z/manifest.json"). */
export interface Store {
  /** How the place is named in the bookkeeping: a folder, or storage://bucket. */
  readonly where: string;
  readonly kind: "local" | "storage";
  /** Copies a finished local file to `path`. */
  put(path: string, file: string): Promise<void>;
  /** The file's bytes as a stream; null when there is no such file. */
  get(path: string): Promise<Readable | null>;
  /** Every file under a prefix (relative paths). */
  list(prefix: string): Promise<string[]>;
  remove(paths: string[]): Promise<void>;
}

export class LocalStore implements Store {
  readonly kind = "local" as const;
  readonly where: string;
  constructor(readonly root: string) {
    this.where = resolve(root);
  }
  private full(path: string) {
    const full = resolve(this.where, path);
    // A path from a manifest must not climb out of the backup folder.
    if (relative(this.where, full).startsWith("..")) throw new Error(`path ${path} is outside ${this.where}`);
    return full;
  }
  async put(path: string, file: string) {
    const to = this.full(path);
    if (resolve(file) === to) return;
    await mkdir(dirname(to), { recursive: true });
    await pipeline(createReadStream(file), createWriteStream(to));
  }
  async get(path: string) {
    const full = this.full(path);
    if (!existsSync(full)) return null;
    return createReadStream(full);
  }
  async list(prefix: string) {
    const found: string[] = [];
    const walk = async (dir: string) => {
      if (!existsSync(dir)) return;
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await walk(path);
        else found.push(relative(this.where, path));
      }
    };
    await walk(this.full(prefix));
    return found.sort();
  }
  async remove(paths: string[]) {
    for (const p of paths) await rm(this.full(p), { force: true });
  }
}

export interface StorageOptions {
  /** The project URL (SUPABASE_URL), or the direct storage hostname Supabase recommends for large files. */
  url: string;
  /** The service role key: the bucket is private and backups are not any user's. */
  key: string;
  bucket: string;
  /** Parts above this go through the resumable endpoint (Supabase: the standard upload is for files up to 6 MB). */
  standardLimit?: number;
  /** TUS chunk size; Supabase requires 6 MB. */
  chunkSize?: number;
  fetch?: typeof fetch;
}

export const SIX_MB = 6 * 1024 * 1024;

export class StorageStore implements Store {
  readonly kind = "storage" as const;
  readonly where: string;
  private client: StorageClient;
  private ready = false;
  constructor(private opts: StorageOptions) {
    this.where = `storage://${opts.bucket}`;
    const base = opts.url.replace(/\/+$/, "");
    this.client = new StorageClient(`${base}/storage/v1`, { apikey: opts.key, Authorization: `Bearer ${opts.key}` }, opts.fetch);
  }

  /** Creates the bucket private when missing, and refuses a public one: a backup holds every tenant's data. */
  async ensureBucket() {
    if (this.ready) return;
    const { data, error } = await this.client.getBucket(this.opts.bucket);
    if (data) {
      if (data.public) throw new Error(`bucket ${this.opts.bucket} is public: backups need a private bucket`);
    } else {
      const status = (error as { status?: number } | null)?.status;
      if (status !== 400 && status !== 404) throw new Error(`bucket ${this.opts.bucket}: ${error?.message}`);
      const made = await this.client.createBucket(this.opts.bucket, { public: false });
      if (made.error) throw new Error(`creating bucket ${this.opts.bucket}: ${made.error.message}`);
    }
    this.ready = true;
  }

  async put(path: string, file: string) {
    await this.ensureBucket();
    const size = (await stat(file)).size;
    const limit = this.opts.standardLimit ?? SIX_MB;
    const error = size > limit ? await this.resumable(path, file, size) : await this.standard(path, file);
    if (!error) return;
    // Already there (a retried run): the same bytes are fine, other bytes are never overwritten.
    if (isDuplicate(error)) {
      const theirs = await this.get(path);
      if (theirs && (await sha256File(theirs)) === (await sha256File(createReadStream(file)))) return;
      throw new Error(`${this.where}/${path} already exists with other content; a backup never overwrites a file`);
    }
    throw new Error(`uploading ${path}: ${error.message}`);
  }

  private async standard(path: string, file: string): Promise<UploadError | null> {
    const { readFile } = await import("node:fs/promises");
    // Within the standard limit (6 MB), so holding it is bounded.
    const body = await readFile(file);
    const { error } = await this.client.from(this.opts.bucket).upload(path, body, {
      contentType: contentType(path), upsert: false, cacheControl: "3600",
    });
    return error ? { message: error.message, status: (error as { status?: number }).status, statusCode: (error as { statusCode?: string }).statusCode } : null;
  }

  private resumable(path: string, file: string, size: number): Promise<UploadError | null> {
    const base = this.opts.url.replace(/\/+$/, "");
    return new Promise((done) => {
      const upload = new tus.Upload(createReadStream(file) as unknown as Buffer, {
        endpoint: `${base}/storage/v1/upload/resumable`,
        retryDelays: [0, 1000, 3000, 5000],
        headers: { authorization: `Bearer ${this.opts.key}`, apikey: this.opts.key, "x-upsert": "false" },
        uploadDataDuringCreation: true,
        removeFingerprintOnSuccess: true,
        uploadSize: size,
        metadata: { bucketName: this.opts.bucket, objectName: path, contentType: contentType(path), cacheControl: "3600" },
        // Supabase: "it must be set to 6MB (for now) do not change it".
        chunkSize: this.opts.chunkSize ?? SIX_MB,
        // A 409 (the object exists) is an answer, not a hiccup to retry.
        onShouldRetry: (err) => err.originalResponse?.getStatus() !== 409 && (err.originalResponse?.getStatus() ?? 500) >= 500,
        onSuccess: () => done(null),
        onError: (err) => {
          const status = (err as tus.DetailedError).originalResponse?.getStatus();
          done({ message: err.message, status, statusCode: status ? String(status) : undefined });
        },
      });
      upload.start();
    });
  }

  async get(path: string) {
    await this.ensureBucket();
    const { data, error } = await this.client.from(this.opts.bucket).download(path);
    if (error) {
      const status = (error as { status?: number }).status;
      if (status === 400 || status === 404) return null;
      throw new Error(`downloading ${path}: ${error.message}`);
    }
    return Readable.fromWeb(data.stream() as import("node:stream/web").ReadableStream);
  }

  async list(prefix: string) {
    await this.ensureBucket();
    const found: string[] = [];
    const walk = async (dir: string) => {
      for (let offset = 0; ; offset += 1000) {
        const { data, error } = await this.client.from(this.opts.bucket).list(dir, { limit: 1000, offset, sortBy: { column: "name", order: "asc" } });
        if (error) throw new Error(`listing ${dir}: ${error.message}`);
        for (const entry of data) {
          const path = dir ? `${dir}/${entry.name}` : entry.name;
          // Folders are listed without an id.
          if (entry.id === null) await walk(path);
          else found.push(path);
        }
        if (data.length < 1000) break;
      }
    };
    await walk(prefix.replace(/\/+$/, ""));
    return found.sort();
  }

  async remove(paths: string[]) {
    await this.ensureBucket();
    for (let i = 0; i < paths.length; i += 1000) {
      const { error } = await this.client.from(this.opts.bucket).remove(paths.slice(i, i + 1000));
      if (error) throw new Error(`removing files: ${error.message}`);
    }
  }
}

interface UploadError {
  message: string;
  status?: number;
  statusCode?: string;
}

// Storage answers an existing object either with HTTP 409 or (older servers) 400 with statusCode "409" and error "Duplicate".
function isDuplicate(e: UploadError) {
  return e.status === 409 || e.statusCode === "409" || /already exists|duplicate/i.test(e.message);
}

function contentType(path: string) {
  return path.endsWith(".json") ? "application/json" : "application/gzip";
}

/** The store a command names: `--to storage` (SUPABASE_URL, SUPABASE_SERVICE_ROLE_KEY, VIGIL_BACKUP_BUCKET) or a folder. */
export function storeFor(to: string, env: NodeJS.ProcessEnv = process.env): Store {
  if (to !== "storage" && !to.startsWith("storage://")) return new LocalStore(to);
  const url = env.SUPABASE_URL;
  const key = env.SUPABASE_SERVICE_ROLE_KEY;
  if (!url || !key) throw new Error("--to storage needs SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY");
  const bucket = to.startsWith("storage://") ? to.slice("storage://".length) : (env.VIGIL_BACKUP_BUCKET ?? "vigil-backups");
  return new StorageStore({ url, key, bucket });
}
