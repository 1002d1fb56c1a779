// A local HTTP server that answers as Supabase Storage's REST API and its resumable (TUS 1.0.0) endpoint
// do, for the requests backups make, and refuses any request of another shape (recorded in `refused`).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeStorage {
  url: string;
  key: string;
  objects: Map<string, Buffer>;
  buckets: Map<string, { public: boolean }>;
  /** Every request, as "METHOD /path". */
  seen: string[];
  /** Requests that were not in the documented shape, with why. */
  refused: string[];
  close(): Promise<void>;
}

const TUS_CHUNK = 6 * 1024 * 1024;

export async function startFakeStorage(opts: { key?: string; standardLimit?: number } = {}): Promise<FakeStorage> {
  const key = opts.key ?? "service-role-key-for-tests";
  const standardLimit = opts.standardLimit ?? TUS_CHUNK;
  const objects = new Map<string, Buffer>();
  const buckets = new Map<string, { public: boolean }>();
  const uploads = new Map<string, { object: string; length: number; data: Buffer[]; offset: number }>();
  const seen: string[] = [];
  const refused: string[] = [];
  let nextUpload = 1;

  const body = (req: IncomingMessage) =>
    new Promise<Buffer>((ok, fail) => {
      const chunks: Buffer[] = [];
      req.on("data", (c) => chunks.push(c));
      req.on("end", () => ok(Buffer.concat(chunks)));
      req.on("error", fail);
    });
  const json = (res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(value));
  };
  // Storage's error body: statusCode as a string, error, message.
  const fail = (res: ServerResponse, status: number, error: string, message: string) =>
    json(res, status, { statusCode: String(status), error, message });
  const refuse = (req: IncomingMessage, res: ServerResponse, why: string) => {
    refused.push(`${req.method} ${req.url}: ${why}`);
    fail(res, 400, "Refused by the fake", why);
  };
  const metadata = (header: string | undefined) =>
    Object.fromEntries((header ?? "").split(",").filter(Boolean).map((pair) => {
      const [k, v] = pair.trim().split(" ");
      return [k, v === undefined ? "" : Buffer.from(v, "base64").toString("utf8")];
    }));

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const path = decodeURIComponent(url.pathname);
    seen.push(`${req.method} ${path}`);
    try {
      if (req.headers.authorization !== `Bearer ${key}`) return refuse(req, res, "authorization must be Bearer <service key>");
      const tus = path.startsWith("/storage/v1/upload/resumable");
      if (!tus && req.headers.apikey !== key) return refuse(req, res, "apikey header missing");
      let m: RegExpMatchArray | null;

      if (req.method === "GET" && (m = path.match(/^\/storage\/v1\/bucket\/([^/]+)$/))) {
        const b = buckets.get(m[1]);
        return b ? json(res, 200, { id: m[1], name: m[1], public: b.public }) : fail(res, 404, "Bucket not found", "Bucket not found");
      }
      if (req.method === "POST" && path === "/storage/v1/bucket") {
        const b = JSON.parse((await body(req)).toString() || "{}");
        if (typeof b.id !== "string" || typeof b.name !== "string" || typeof b.public !== "boolean") {
          return refuse(req, res, "a bucket needs id, name and public");
        }
        if (buckets.has(b.id)) return fail(res, 409, "Duplicate", "The resource already exists");
        buckets.set(b.id, { public: b.public });
        return json(res, 200, { name: b.id });
      }
      if (req.method === "POST" && (m = path.match(/^\/storage\/v1\/object\/list\/([^/]+)$/))) {
        const q = JSON.parse((await body(req)).toString() || "{}");
        if (!buckets.has(m[1])) return fail(res, 404, "Bucket not found", "Bucket not found");
        if (typeof q.prefix !== "string" || typeof q.limit !== "number" || typeof q.offset !== "number") {
          return refuse(req, res, "list needs prefix, limit and offset");
        }
        const dir = q.prefix ? `${m[1]}/${q.prefix.replace(/\/$/, "")}/` : `${m[1]}/`;
        const names = new Map<string, boolean>();
        for (const k of objects.keys()) {
          if (!k.startsWith(dir)) continue;
          const rest = k.slice(dir.length);
          const slash = rest.indexOf("/");
          names.set(slash === -1 ? rest : rest.slice(0, slash), slash === -1);
        }
        const entries = [...names].sort(([a], [b]) => a.localeCompare(b)).slice(q.offset, q.offset + q.limit)
          .map(([name, file]) => (file ? { name, id: `id-${name}`, metadata: { size: objects.get(dir + name)!.length } } : { name, id: null, metadata: null }));
        return json(res, 200, entries);
      }
      if ((m = path.match(/^\/storage\/v1\/object\/([^/]+)\/(.+)$/)) && (req.method === "POST" || req.method === "GET")) {
        const [, bucket, object] = m;
        if (!buckets.has(bucket)) return fail(res, 404, "Bucket not found", "Bucket not found");
        const k = `${bucket}/${object}`;
        if (req.method === "GET") {
          const o = objects.get(k);
          if (!o) return fail(res, 400, "not_found", "Object not found");
          res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(o.length) });
          return res.end(o);
        }
        if (!["true", "false"].includes(String(req.headers["x-upsert"]))) return refuse(req, res, "x-upsert must be true or false");
        if (!req.headers["content-type"]) return refuse(req, res, "content-type missing");
        const data = await body(req);
        if (data.length > standardLimit) return fail(res, 413, "Payload too large", "The object exceeded the maximum allowed size");
        if (objects.has(k) && req.headers["x-upsert"] !== "true") return fail(res, 409, "Duplicate", "The resource already exists");
        objects.set(k, data);
        return json(res, 200, { Key: k, Id: `id-${objects.size}` });
      }
      if (req.method === "DELETE" && (m = path.match(/^\/storage\/v1\/object\/([^/]+)$/))) {
        const q = JSON.parse((await body(req)).toString() || "{}");
        if (!Array.isArray(q.prefixes)) return refuse(req, res, "delete needs prefixes");
        const gone = q.prefixes.filter((p: string) => objects.delete(`${m![1]}/${p}`));
        return json(res, 200, gone.map((name: string) => ({ name })));
      }

      // TUS 1.0.0 with the creation and creation-with-upload extensions, as Supabase serves it.
      if (tus) {
        if (req.headers["tus-resumable"] !== "1.0.0") return refuse(req, res, "Tus-Resumable: 1.0.0 missing");
        const tusHeaders = { "Tus-Resumable": "1.0.0" };
        if (req.method === "POST" && path === "/storage/v1/upload/resumable") {
          const meta = metadata(req.headers["upload-metadata"] as string | undefined);
          const length = Number(req.headers["upload-length"]);
          if (!meta.bucketName || !meta.objectName || !Number.isInteger(length)) {
            return refuse(req, res, "Upload-Length and Upload-Metadata with bucketName and objectName are required");
          }
          if (!buckets.has(meta.bucketName)) return fail(res, 404, "Bucket not found", "Bucket not found");
          const object = `${meta.bucketName}/${meta.objectName}`;
          if (objects.has(object) && req.headers["x-upsert"] !== "true") {
            res.writeHead(409, { ...tusHeaders, "content-type": "text/plain" });
            return res.end("The resource already exists");
          }
          const id = `u${nextUpload++}`;
          const upload = { object, length, data: [] as Buffer[], offset: 0 };
          uploads.set(id, upload);
          const first = await body(req);
          if (first.length) {
            if (req.headers["content-type"] !== "application/offset+octet-stream") return refuse(req, res, "data during creation needs application/offset+octet-stream");
            if (first.length !== Math.min(TUS_CHUNK, length)) return refuse(req, res, "chunks must be 6 MB");
            upload.data.push(first);
            upload.offset = first.length;
          }
          if (upload.offset === length) objects.set(object, Buffer.concat(upload.data));
          res.writeHead(201, { ...tusHeaders, Location: `http://${req.headers.host}/storage/v1/upload/resumable/${id}`, "Upload-Offset": String(upload.offset) });
          return res.end();
        }
        const id = path.match(/^\/storage\/v1\/upload\/resumable\/([^/]+)$/)?.[1];
        const upload = id ? uploads.get(id) : undefined;
        if (!upload) return refuse(req, res, "no such upload");
        if (req.method === "HEAD") {
          res.writeHead(200, { ...tusHeaders, "Upload-Offset": String(upload.offset), "Upload-Length": String(upload.length), "Cache-Control": "no-store" });
          return res.end();
        }
        if (req.method === "PATCH") {
          if (req.headers["content-type"] !== "application/offset+octet-stream") return refuse(req, res, "PATCH needs application/offset+octet-stream");
          if (Number(req.headers["upload-offset"]) !== upload.offset) {
            res.writeHead(409, tusHeaders);
            return res.end();
          }
          const chunk = await body(req);
          // Supabase takes 6 MB chunks; only the last may be shorter.
          if (chunk.length !== Math.min(TUS_CHUNK, upload.length - upload.offset)) return refuse(req, res, "chunks must be 6 MB");
          upload.data.push(chunk);
          upload.offset += chunk.length;
          if (upload.offset === upload.length) objects.set(upload.object, Buffer.concat(upload.data));
          res.writeHead(204, { ...tusHeaders, "Upload-Offset": String(upload.offset) });
          return res.end();
        }
      }
      return refuse(req, res, "not a documented request");
    } catch (err) {
      fail(res, 500, "internal", (err as Error).message);
    }
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    key,
    objects,
    buckets,
    seen,
    refused,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}
