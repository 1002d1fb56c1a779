// The ingest edge function: POST a JSON array of events with the key in `x-vigil-key` (or `?key=`).
import postgres from "postgres";
import { z } from "zod";
import { createIngestHandler, parseAllowedOrigins, postgresIngest } from "./handler.ts";

// Checked once at start-up: a missing database URL fails loudly here, not on the first request.
const env = z.object({
  DATABASE_URL: z.string().min(1).optional(),
  SUPABASE_DB_URL: z.string().min(1).optional(),
  VIGIL_ALLOWED_ORIGINS: z.string().optional(),
  PORT: z.coerce.number().int().positive().optional(),
}).refine((e) => e.DATABASE_URL ?? e.SUPABASE_DB_URL, { error: "DATABASE_URL or SUPABASE_DB_URL must be set" })
  .parse(Deno.env.toObject());

const url = (env.DATABASE_URL ?? env.SUPABASE_DB_URL)!;
// Supabase's transaction pooler (port 6543) hands each transaction to any server connection, where a
// statement prepared on another one does not exist.
const sql = postgres(url, { max: 5, onnotice: () => {}, prepare: new URL(url).port !== "6543" });
const handler = createIngestHandler({
  ingest: postgresIngest(sql),
  allowedOrigins: parseAllowedOrigins(env.VIGIL_ALLOWED_ORIGINS),
  log: (entry) => console.error(JSON.stringify(entry)),
});

Deno.serve(env.PORT ? { port: env.PORT, hostname: "127.0.0.1" } : {}, handler);
