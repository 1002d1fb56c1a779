// How an edge function starts (Deno only): its configuration parsed once (a bad one stops it at start-up, naming
// the variable), its database, and its dependencies handed to its handler, which takes them as
// arguments so tests run it against a real database and local provider servers.
import { connect, readVaultSecret } from "./db.ts";
import type { FunctionDeps } from "./deps.ts";
import type { Result } from "./env.ts";
import { systemLookup } from "./outbound.ts";

export function serveFunction<Env extends { SUPABASE_DB_URL: string }>(
  name: string,
  env: Result<Env>,
  createHandler: (deps: FunctionDeps<Env>) => (req: Request) => Promise<Response>,
) {
  if (env.error !== null) throw new Error(`${name} is misconfigured: ${env.error}`);
  const db = connect(env.data.SUPABASE_DB_URL);
  Deno.serve(createHandler({
    db,
    lookup: systemLookup,
    clock: () => new Date(),
    env: env.data,
    secret: async (secret) => Deno.env.get(secret) ?? (await readVaultSecret(db, secret)),
  }));
}
